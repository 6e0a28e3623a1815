"""Surges: routes and HS codes whose flow jumped against their own history.

A group's recent level (mean over ``recent`` periods) is compared with its baseline (mean over
the ``baseline`` periods before; periods without a flow count as zero). Noise and small bases
are damped three ways: a ``floor`` is added to both sides of the ratio (so 10 → 1,000 dollars is
not a hundredfold "surge"), the recent level must beat the group's highest baseline period (an
ordinary swing within its history is not a surge), and the jump itself must exceed the floor.
A surge from zero is allowed and marked ``from_zero``. Rows are ranked by the absolute jump.
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis
from ibis.expr.types import Table

from tamga.errors import InvalidInput
from tamga.stats.analyses.prepare import Freq, check_by, prepare


def surges(
    t: Table,
    *,
    by: Sequence[str] = ("reporter", "partner", "hs"),
    freq: Freq = "month",
    split: tuple[int, int] | None = None,
    recent: int | None = None,
    baseline: int | None = None,
    floor: float | None = None,
    min_ratio: float = 3.0,
    hs_level: int | None = None,
    flows: Sequence[str] | None = ("export", "re-export"),
    reporters: Sequence[str] | None = None,
    partners: Sequence[str] | None = None,
    hs_prefixes: Sequence[str] | None = None,
    all_rows: bool = False,
) -> Table:
    """Ranked surges (or every group with ``all_rows``): baseline, current, jump, ratio.

    ``split`` is the first (year, month) of the recent window (month ignored for annual data);
    by default the window is the last ``recent`` periods of the panel. ``recent`` defaults to 3
    months or 1 year, ``baseline`` to 12 months or 3 years. ``floor`` defaults to 1 % of the
    mean recent level over all groups, computed in the same query (a window over the grouped
    rows): the analysis is one statement.
    """
    keys = list(dict.fromkeys([*check_by(by), "flow", "currency"]))
    recent = recent or (3 if freq == "month" else 1)
    baseline = baseline or (12 if freq == "month" else 3)
    if recent < 1 or baseline < 1:
        raise InvalidInput("recent and baseline must be at least one period", field="recent")
    p = prepare(
        t,
        freq=freq,
        hs_level=hs_level,
        flows=flows,
        reporters=reporters,
        partners=partners,
        hs_prefixes=hs_prefixes,
    )
    # one statement: the last period (when no split is given) is a scalar subquery, the
    # default floor a window over the grouped rows; nothing is executed here
    if split is None:
        p = p.mutate(start=p.pidx.max().as_scalar() - (recent - 1))
    else:
        first = split[0] if freq == "year" else split[0] * 12 + max(split[1], 1) - 1
        p = p.mutate(start=ibis.literal(int(first)))
    window = p.filter(p.pidx >= p.start - baseline, p.pidx < p.start + recent)
    agg = window.group_by([*keys, "pidx", "start"]).aggregate(value=window.value.sum())
    is_recent = agg.pidx >= agg.start
    per = agg.group_by(keys).aggregate(
        current=ibis.ifelse(is_recent, agg.value, 0.0).sum() / recent,
        baseline=ibis.ifelse(is_recent, 0.0, agg.value).sum() / baseline,
        baseline_max=ibis.ifelse(is_recent, 0.0, agg.value).max(),
    )
    if floor is None:
        level = per.current.mean().over()
        fl: ibis.Value = ibis.ifelse(level > 0, level * 0.01, 1.0)
    else:
        fl = ibis.literal(float(floor))
    per = per.mutate(floor=fl)
    out = per.mutate(
        jump=per.current - per.baseline,
        ratio=(per.current + per.floor) / (per.baseline + per.floor),
        from_zero=per.baseline_max <= 0,
    )
    out = out.mutate(
        log_ratio=out.ratio.ln(),
        surge=(out.ratio >= min_ratio) & (out.current > out.baseline_max) & (out.jump > out.floor),
    )
    if not all_rows:
        out = out.filter(out.surge)
    out = out.mutate(rank=ibis.row_number().over(order_by=[ibis.desc(out.jump), *keys]) + 1)
    return out.order_by("rank")
