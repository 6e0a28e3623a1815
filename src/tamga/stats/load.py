"""Loading files and the ledger into a named panel: one call per source.

Every load is identified by the hash of its content: a file already loaded is not read again
(the summary says ``unchanged``), and a different release of the same source covering the same
flows replaces the older rows only when asked (``replace=True``, ``--replace``).
"""

from __future__ import annotations

import re
from pathlib import Path

from tamga.errors import InvalidInput
from tamga.settings import HOME_COUNTRY
from tamga.stats.panel import LoadSummary, Panel, Provenance, frame_sha256
from tamga.stats.sources import scan
from tamga.stats.sources.baci import baci_batch
from tamga.stats.sources.comtrade import comtrade_batch
from tamga.stats.sources.detect import detect_format
from tamga.stats.sources.eurostat import eurostat_batch
from tamga.stats.sources.ledger import read_ledger


def load_file(
    path: Path,
    panel: Panel,
    fmt: str = "auto",
    home: str = HOME_COUNTRY,
    *,
    replace: bool = False,
    progress: scan.ProgressFn | None = None,
) -> LoadSummary:
    """Add one file to ``panel``; ``fmt`` is auto, comtrade, baci, eurostat or ledger.

    For ``ledger``, ``path`` is a SQLite store file; use :func:`load_ledger` for a URL.
    ``progress(phase, bytes_done, bytes_total)`` is told how far the file has been read.
    """
    if not path.exists():
        raise InvalidInput(f"no such file {path}", record=str(path))
    kind = detect_format(path) if fmt == "auto" else fmt
    if kind == "ledger":
        return load_ledger(f"sqlite:///{path.resolve()}", panel, home, replace=replace)
    if kind not in ("comtrade", "eurostat", "baci"):
        raise InvalidInput(
            f"unknown format {fmt!r}: expected auto, comtrade, baci, eurostat or ledger",
            field="format",
        )
    batch = {"comtrade": comtrade_batch, "eurostat": eurostat_batch, "baci": baci_batch}[kind]
    with scan.open_csv(path, progress) as csv:
        found = panel.find(csv.sha256)
        if found is not None:
            return panel.unchanged(found)
        con = scan.connect()
        try:
            sql, unmapped, bad = batch(con, csv, progress)

            def run(statement: str) -> object:
                return scan.run_with_progress(con, statement, "loading", csv.size, progress)

            with panel.staged(con, sql, run):
                shown, refused = scan.refusals(con, csv, bad)
                prov = Provenance(
                    kind, path.name, csv.sha256, tuple(sorted(unmapped)), shown, refused
                )
                return panel.commit(con, prov, replace=replace)
        finally:
            con.close()


def _safe_url(url: str) -> str:
    """The URL with any password taken out (it is written to the manifest)."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def load_ledger(
    url: str, panel: Panel, home: str = HOME_COUNTRY, *, replace: bool = False
) -> LoadSummary:
    """Add the ledger's goods lines (SQLAlchemy URL) as the home country's trade.

    The load is identified by a hash of the rows read: re-loading an unchanged ledger is a
    no-op; a ledger with new lines for months already loaded needs ``replace``.
    """
    frame = read_ledger(url, home)
    prov = Provenance("ledger", f"{_safe_url(url)} (home {home.upper()})", frame_sha256(frame))
    return panel.add_frame(frame, "ledger", prov=prov, replace=replace)
