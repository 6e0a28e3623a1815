"""Price and volume indices: average unit price by period, with MoM and YoY changes.

Unit price is value ÷ quantity over the rows that carry a quantity (in one unit), the way
market trackers publish "the average used car cost 1.63 m roubles in December, +2.6 % on
November, +22.7 % on the year". Volume is the quantity itself.
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis
from ibis.expr.types import Table

from tamga.stats.analyses.prepare import Freq, check_by, prepare, unpidx


def price_index(
    t: Table,
    *,
    by: Sequence[str] = ("hs",),
    freq: Freq = "month",
    hs_level: int | None = None,
    flows: Sequence[str] | None = None,
    reporters: Sequence[str] | None = None,
    partners: Sequence[str] | None = None,
    hs_prefixes: Sequence[str] | None = None,
) -> Table:
    """Rows: group, period, value, qty, unit_price, and MoM/YoY percent changes of both."""
    keys = list(dict.fromkeys([*check_by(by), "flow", "currency", "qty_unit"]))
    p = prepare(
        t,
        freq=freq,
        hs_level=hs_level,
        flows=flows,
        reporters=reporters,
        partners=partners,
        hs_prefixes=hs_prefixes,
    )
    p = p.filter(p.qty > 0, p.value.notnull())
    p = p.mutate(qty_unit=p.qty_unit.fill_null(""))
    agg = p.group_by([*keys, "pidx"]).aggregate(value=p.value.sum(), qty=p.qty.sum())
    agg = agg.mutate(unit_price=agg.value / agg.qty)

    def shifted(lag: int, suffix: str) -> Table:
        return agg.select(
            *keys,
            pidx=agg.pidx + lag,
            **{f"price_{suffix}": agg.unit_price, f"qty_{suffix}": agg.qty},
        ).view()

    def pct(now: ibis.Value, then: ibis.Value) -> ibis.Value:
        return ibis.ifelse(then > 0, (now / then - 1) * 100, ibis.null("float64"))

    year_lag = 1 if freq == "year" else 12
    j = agg.left_join(shifted(year_lag, "y"), [*keys, "pidx"]).select(
        *keys, "pidx", "value", "qty", "unit_price", "price_y", "qty_y"
    )
    if freq == "month":
        j = (
            j.view()
            .left_join(shifted(1, "m"), [*keys, "pidx"])
            .select(
                *keys, "pidx", "value", "qty", "unit_price", "price_y", "qty_y", "price_m", "qty_m"
            )
        )
        j = j.mutate(
            unit_price_mom_pct=pct(j.unit_price, j.price_m), qty_mom_pct=pct(j.qty, j.qty_m)
        )
    else:
        j = j.mutate(unit_price_mom_pct=ibis.null("float64"), qty_mom_pct=ibis.null("float64"))
    j = j.mutate(unit_price_yoy_pct=pct(j.unit_price, j.price_y), qty_yoy_pct=pct(j.qty, j.qty_y))
    j = unpidx(j, freq)
    return j.select(
        *keys,
        "period",
        "year",
        "month",
        "value",
        "qty",
        "unit_price",
        "unit_price_mom_pct",
        "unit_price_yoy_pct",
        "qty_mom_pct",
        "qty_yoy_pct",
    ).order_by([*keys, "year", "month"])
