"""The roundabout: goods into a third country from sanctioning countries, and out to Russia.

For each HS code, the flow from the sanctioning countries into the third country and the third
country's exports of the same code to the target, each summed over a window before and after a
date. A code whose inflow and outflow rose together is a candidate for re-export; the
difference-in-differences summary compares controlled codes (a list of HS prefixes, such as the
Common High Priority List) with all others, the layout of published analyses of trade through
the Caucasus and Central Asia.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import ibis
from ibis.expr.types import Table

from tamga.stats.analyses.prepare import prepare
from tamga.stats.countries import members

Inflow = Literal["exporters", "third"]


def roundabout(
    t: Table,
    *,
    third: str,
    date: tuple[int, int],
    target: str = "RU",
    sources: str | Sequence[str] = "SANCTIONING",
    months: int = 12,
    hs_level: int | None = 6,
    controlled: Sequence[str] | None = None,
    only_controlled: bool = False,
    inflow_from: Inflow = "exporters",
) -> Table:
    """Rows per HS code: inflow_before/after/change, outflow_before/after/change, passthrough.

    Windows are the ``months`` months before ``date`` (year, month) and the ``months`` from it.
    Inflow is read from the sanctioning countries' export reports (``inflow_from="exporters"``)
    or from the third country's import reports (``"third"``; with ``sources="ANY"`` all partners
    but the target). ``passthrough`` is the smaller of the two rises when both rose: the most
    that could have gone round. ``controlled`` marks codes under the given HS prefixes.
    """
    split = date[0] * 12 + max(date[1], 1) - 1  # a bare year means its January
    src = list(members(sources)) if isinstance(sources, str) else list(sources)
    prefixes = list(controlled) if (only_controlled and controlled) else None

    def rows(flows: list[str], reporters: list[str], partners: list[str] | None) -> Table:
        return prepare(
            t, freq="month", hs_level=hs_level, hs_prefixes=prefixes, flows=flows,
            reporters=reporters, partners=partners,
        )  # fmt: skip

    if inflow_from == "exporters":
        inflow = rows(["export", "re-export"], src, [third])
    else:
        inflow = rows(["import"], [third], None)
        if not (isinstance(sources, str) and sources.upper() == "ANY"):
            inflow = inflow.filter(inflow.partner.isin(src))
        inflow = inflow.filter(inflow.partner != target)
    outflow = rows(["export", "re-export"], [third], [target])

    def windows(p: Table, name: str) -> Table:
        p = p.filter(p.pidx >= split - months, p.pidx < split + months)
        before = p.pidx < split
        return p.group_by("hs", "currency").aggregate(
            **{
                f"{name}_before": p.value.sum(where=before),
                f"{name}_after": p.value.sum(where=~before),
            }
        )

    a, b = windows(inflow, "inflow"), windows(outflow, "outflow").view()
    j = a.outer_join(b, ["hs", "currency"])
    j = j.select(
        hs=ibis.coalesce(j.hs, j.hs_right),
        currency=ibis.coalesce(j.currency, j.currency_right),
        inflow_before=j.inflow_before.fill_null(0.0),
        inflow_after=j.inflow_after.fill_null(0.0),
        outflow_before=j.outflow_before.fill_null(0.0),
        outflow_after=j.outflow_after.fill_null(0.0),
    )
    d_in = j.inflow_after - j.inflow_before
    d_out = j.outflow_after - j.outflow_before
    out = j.mutate(
        inflow_change=d_in,
        inflow_change_pct=ibis.ifelse(
            j.inflow_before > 0, d_in / j.inflow_before * 100, ibis.null("float64")
        ),
        outflow_change=d_out,
        outflow_change_pct=ibis.ifelse(
            j.outflow_before > 0, d_out / j.outflow_before * 100, ibis.null("float64")
        ),
        passthrough=ibis.ifelse((d_in > 0) & (d_out > 0), ibis.least(d_in, d_out), 0.0),
        controlled=ibis.or_(*[j.hs.startswith(p) for p in controlled])
        if controlled
        else ibis.literal(False),
    )
    return out.order_by([ibis.desc("passthrough"), ibis.desc("outflow_change"), "hs"])


def roundabout_did(table: Table) -> Table:
    """The difference-in-differences summary of a roundabout table: controlled against other codes.

    Per group (controlled or not): totals before and after, and the growth of each flow in
    percent; ``did_outflow_pct`` is the controlled codes' outflow growth minus the others'.
    """
    g = table.group_by("controlled", "currency").aggregate(
        codes=table.hs.count(),
        inflow_before=table.inflow_before.sum(),
        inflow_after=table.inflow_after.sum(),
        outflow_before=table.outflow_before.sum(),
        outflow_after=table.outflow_after.sum(),
    )

    def pct(after: ibis.Value, before: ibis.Value) -> ibis.Value:
        return ibis.ifelse(before > 0, (after / before - 1) * 100, ibis.null("float64"))

    g = g.mutate(
        inflow_growth_pct=pct(g.inflow_after, g.inflow_before),
        outflow_growth_pct=pct(g.outflow_after, g.outflow_before),
    )
    other = (
        g.filter(~g.controlled)
        .select("currency", other_in=g.inflow_growth_pct, other_out=g.outflow_growth_pct)
        .view()
    )
    j = g.left_join(other, "currency")
    j = j.select(
        *(c for c in g.columns),
        did_inflow_pct=j.inflow_growth_pct - j.other_in,
        did_outflow_pct=j.outflow_growth_pct - j.other_out,
    )
    return j.order_by([ibis.desc("controlled"), "currency"])
