"""The common first step of every analysis: leaves only, no double counting, a period index.

``pidx`` is a period number that steps by one: the year for annual analyses, ``year*12+month-1``
for monthly ones, so "the period before" and "a year before" are integer offsets on any backend.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import ibis
from ibis.expr.types import BooleanValue, StringValue, Table

from tamga.errors import InvalidInput

Freq = Literal["year", "month"]
DIMENSIONS = ("reporter", "partner", "hs", "flow")


def check_by(by: Sequence[str]) -> list[str]:
    bad = [b for b in by if b not in DIMENSIONS]
    if bad:
        raise InvalidInput(f"cannot group by {bad}; choose from {list(DIMENSIONS)}", field="by")
    return list(dict.fromkeys(by))


def period_label(t: Table) -> StringValue:
    """'2024' for a year, '2024-08' for a month."""
    year = t.year.cast("string")
    return ibis.ifelse(t.month == 0, year, year.concat("-", t.month.cast("string").lpad(2, "0")))


def relabel(col: StringValue, groups: Mapping[str, Sequence[str]] | None) -> StringValue:
    """Members of a group (``{"EU27": [...]}``) shown as the group."""
    for code, members in (groups or {}).items():
        col = ibis.ifelse(col.isin(list(members)), code, col)
    return col


def prepare(
    t: Table,
    *,
    freq: Freq = "year",
    hs_level: int | None = None,
    flows: Sequence[str] | None = None,
    reporters: Sequence[str] | None = None,
    partners: Sequence[str] | None = None,
    hs_prefixes: Sequence[str] | None = None,
    aggregates: bool = False,
) -> Table:
    """Leaf rows, filtered, at an HS level and a frequency, with ``pidx``.

    Aggregate reporters/partners (EU27, World...) are dropped unless named in ``reporters`` /
    ``partners`` or ``aggregates`` is set, so sums over countries never count a flow twice.
    With ``freq="year"``, annual rows are used only where the same flow has no monthly rows
    that year (a panel holding both a monthly and an annual file would otherwise double).
    """
    if freq not in ("year", "month"):
        raise InvalidInput(f"freq must be year or month, not {freq!r}", field="freq")
    if hs_level is not None and hs_level not in (2, 4, 6, 8, 10):
        raise InvalidInput("hs level must be 2, 4, 6, 8 or 10", field="hs_level")
    t = t.filter(t.leaf)
    t = t.mutate(currency=t.currency.fill_null(""), hs=t.hs.fill_null(""))
    conds: list[BooleanValue] = []
    if flows:
        conds.append(t.flow.isin(list(flows)))
    if reporters:
        conds.append(t.reporter.isin(list(reporters)))
    if partners:
        conds.append(t.partner.isin(list(partners)))
    if not aggregates:
        if not reporters:
            conds.append(~t.reporter_agg)
        if not partners:
            conds.append(~t.partner_agg)
    if hs_prefixes:
        any_prefix = ibis.or_(*[t.hs.startswith(p) for p in hs_prefixes])
        conds.append(any_prefix)
    if hs_level:
        conds.append(t.hs.length() >= hs_level)
    if conds:
        t = t.filter(*conds)
    if hs_level:
        t = t.mutate(hs=t.hs.substr(0, hs_level))
    if freq == "month":
        t = t.filter(t.month > 0)
        return t.mutate(pidx=t.year * 12 + t.month - 1)
    keys = ["reporter", "partner", "flow", "hs", "year", "currency"]
    monthly = t.filter(t.month > 0)
    annual = t.filter(t.month == 0)
    covered = monthly.select(*keys).distinct()
    annual = annual.anti_join(covered, keys)
    both = monthly.union(annual)
    return both.mutate(month=ibis.literal(0), pidx=both.year)


def unpidx(t: Table, freq: Freq) -> Table:
    """Year, month and the period label back from ``pidx``."""
    if freq == "year":
        t = t.mutate(year=t.pidx, month=ibis.literal(0))
    else:
        t = t.mutate(year=(t.pidx / 12).floor().cast("int64"), month=(t.pidx % 12) + 1)
    return t.mutate(period=period_label(t))
