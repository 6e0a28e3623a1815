"""Mirror gaps: what A reports exporting to B against what B reports importing from A.

A ratio well under 1 can be evasion or transshipment; it is also what a partner looks like
when its own figures stop or collapse (Armenia published almost no 2023 import figures by
country). So each row carries a ``coverage`` flag from the importer's *total* reported imports
that period: ``collapsed`` when under ``collapse`` times its previous period, ``missing`` when
it reported nothing, ``ok`` otherwise. A gap is only worth reading where coverage is ``ok``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import ibis
from ibis.expr.types import Table

from tamga.errors import InvalidInput
from tamga.stats.analyses.prepare import Freq, prepare, relabel, unpidx


def _side(
    t: Table,
    *,
    flow: str,
    freq: Freq,
    hs_level: int | None,
    hs_prefixes: Sequence[str] | None,
    groups: Mapping[str, Sequence[str]],
) -> Table:
    """One side's reports keyed (exporter, importer, hs, currency, pidx), groups resolved.

    A group (EU27) is the sum of its members where any member reported, else the group's own
    aggregate row: members and the aggregate are never added together. Other aggregates
    (World, continents) are left out.
    """
    p = prepare(
        t, freq=freq, hs_level=hs_level, flows=[flow], hs_prefixes=hs_prefixes, aggregates=True
    )
    codes = list(groups)
    p = p.filter(
        ~p.reporter_agg | p.reporter.isin(codes or [""]),
        ~p.partner_agg | p.partner.isin(codes or [""]),
    )
    via_agg = p.reporter.isin(codes or [""]) | p.partner.isin(codes or [""])
    rep, par = relabel(p.reporter, groups), relabel(p.partner, groups)
    exporter, importer = (rep, par) if flow == "export" else (par, rep)
    p = p.mutate(exporter=exporter, importer=importer, via_agg=via_agg)
    p = p.filter(p.exporter != p.importer)
    s = p.group_by(_KEYS).aggregate(m=p.value.sum(where=~p.via_agg), a=p.value.sum(where=p.via_agg))
    return s.select(*_KEYS, value=ibis.coalesce(s.m, s.a))


_KEYS = ["exporter", "importer", "hs", "currency", "pidx"]


def mirror(
    t: Table,
    *,
    freq: Freq = "year",
    groups: Mapping[str, Sequence[str]] | None = None,
    exporters: Sequence[str] | None = None,
    importers: Sequence[str] | None = None,
    hs_level: int | None = None,
    hs_prefixes: Sequence[str] | None = None,
    collapse: float = 0.25,
    cif_fob: float | None = None,
) -> Table:
    """Rows: exporter, importer, hs, period, export_reported, import_reported, ratio, gap, coverage.

    ``cif_fob`` is a CIF/FOB margin (0.06 = imports valued 6 % above the exporter's FOB): when
    given, ``import_fob`` = import_reported ÷ (1 + margin) and ``ratio`` and ``gap`` compare that
    with the exports; ``cif_fob_margin`` states the margin used on every row (0 when none).

    ``groups`` maps a code to members (``{"EU27": EU27}``), so "the EU" can be one side; the
    importer's totals (for ``coverage``) are over all its identified partners for the HS
    selection.
    ``ratio`` is import_reported ÷ export_reported (CIF imports usually run a little above 1).
    """
    groups = dict(groups or {})
    exp = _side(
        t, flow="export", freq=freq, hs_level=hs_level, hs_prefixes=hs_prefixes, groups=groups
    )
    imp = _side(
        t, flow="import", freq=freq, hs_level=hs_level, hs_prefixes=hs_prefixes, groups=groups
    )
    keys = _KEYS
    j = exp.outer_join(imp, keys)
    j = j.select(
        **{k: ibis.coalesce(j[k], j[f"{k}_right"]) for k in keys},
        export_reported=j.value,
        import_reported=j.value_right,
    )
    # the importer's own total imports per period, and the period before
    totals = imp.group_by("importer", "currency", "pidx").aggregate(total=imp.value.sum())
    prev = totals.select("importer", "currency", pidx=totals.pidx + 1, prev_total=totals.total)
    cov = totals.outer_join(prev.view(), ["importer", "currency", "pidx"])
    cov = cov.select(
        importer=ibis.coalesce(cov.importer, cov.importer_right),
        currency=ibis.coalesce(cov.currency, cov.currency_right),
        pidx=ibis.coalesce(cov.pidx, cov.pidx_right),
        total=cov.total,
        prev_total=cov.prev_total,
    )
    j = (
        j.view()
        .left_join(cov.view(), ["importer", "currency", "pidx"])
        .select(*keys, "export_reported", "import_reported", "total", "prev_total")
    )
    if exporters:
        j = j.filter(j.exporter.isin(list(exporters)))
    if importers:
        j = j.filter(j.importer.isin(list(importers)))
    coverage = ibis.cases(
        (j.total.isnull() | (j.total <= 0), "missing"),
        ((j.prev_total > 0) & (j.total < j.prev_total * collapse), "collapsed"),
        else_="ok",
    )
    margin = float(cif_fob or 0.0)
    if margin < 0 or margin >= 1:
        raise InvalidInput("the CIF/FOB margin is a fraction in [0, 1), e.g. 0.06", field="cif_fob")
    j = j.mutate(import_fob=j.import_reported / (1.0 + margin))
    out = j.mutate(
        ratio=ibis.ifelse(
            j.export_reported > 0, j.import_fob / j.export_reported, ibis.null("float64")
        ),
        gap=j.import_fob.fill_null(0) - j.export_reported.fill_null(0),
        coverage=coverage,
        cif_fob_margin=ibis.literal(margin),
    )
    out = unpidx(out, freq)
    return out.select(
        "exporter",
        "importer",
        "hs",
        "currency",
        "period",
        "year",
        "month",
        "export_reported",
        "import_reported",
        "import_fob",
        "cif_fob_margin",
        "ratio",
        "gap",
        "coverage",
        "total",
        "prev_total",
    ).order_by(["exporter", "importer", "hs", "year", "month"])
