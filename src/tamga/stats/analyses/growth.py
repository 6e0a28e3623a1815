"""Growth tables: value by period against the period before (MoM) or a year before (YoY).

Each row is what analysts quote: 7.02 → 8.78 bn, +1.76 bn, +25 %, and the row's share of its
total (a partner's share of the reporter's total for the HS code, the 92.3 % kind).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import ibis
from ibis.expr.types import Table

from tamga.errors import InvalidInput
from tamga.stats.analyses.prepare import Freq, check_by, prepare, unpidx

Compare = Literal["yoy", "mom"]


def growth(
    t: Table,
    *,
    by: Sequence[str] = ("reporter", "partner"),
    freq: Freq = "year",
    compare: Compare | None = None,
    hs_level: int | None = None,
    flows: Sequence[str] | None = None,
    reporters: Sequence[str] | None = None,
    partners: Sequence[str] | None = None,
    hs_prefixes: Sequence[str] | None = None,
    share_of: str = "partner",
) -> Table:
    """One row per group and period: value, previous, change, change_pct, share_pct.

    ``compare`` is ``yoy`` (default for annual) or ``mom`` (default for monthly). ``previous`` is
    null when the group had no flow in the compared period (``change`` then equals the value,
    ``change_pct`` stays null: growth from nothing has no percentage). ``share_pct`` is the
    row's share of the period total over ``share_of`` (the other groupings held fixed).
    """
    keys = [*check_by(by), "flow", "currency"]
    keys = list(dict.fromkeys(keys))
    compare = compare or ("yoy" if freq == "year" else "mom")
    if compare not in ("yoy", "mom") or (freq == "year" and compare == "mom"):
        raise InvalidInput(f"cannot compare {compare!r} on {freq} data", field="compare")
    lag = 12 if (freq == "month" and compare == "yoy") else 1
    p = prepare(
        t,
        freq=freq,
        hs_level=hs_level,
        flows=flows,
        reporters=reporters,
        partners=partners,
        hs_prefixes=hs_prefixes,
    )
    agg = p.group_by([*keys, "pidx"]).aggregate(value=p.value.sum())
    prev = agg.select(*keys, pidx=agg.pidx + lag, previous=agg.value)
    j = agg.left_join(prev, [*keys, "pidx"]).select(*keys, "pidx", "value", "previous")
    change = j.value - j.previous.fill_null(0)
    pct = ibis.ifelse(j.previous > 0, (j.value / j.previous - 1) * 100, ibis.null("float64"))
    share_keys = ["pidx", *(k for k in keys if k != share_of)]
    total = j.value.sum().over(group_by=share_keys)
    share = ibis.ifelse(total != 0, j.value / total * 100, ibis.null("float64"))
    out = j.mutate(change=change, change_pct=pct, share_pct=share)
    out = unpidx(out, freq)
    return out.select(
        *keys, "period", "year", "month", "value", "previous", "change", "change_pct", "share_pct"
    ).order_by([*keys, "year", "month"])
