"""Loading files and the ledger into a named panel: one call per source.

Every load is identified by the hash of its content: a file already loaded is not read again
(the summary says ``unchanged``), and a different release of the same source covering the same
flows replaces the older rows only when asked (``replace=True``, ``--replace``).
"""

from __future__ import annotations

import re
from pathlib import Path

from tamga.errors import InvalidInput
from tamga.stats.panel import LoadSummary, Panel, Provenance, file_sha256, frame_sha256
from tamga.stats.sources.baci import load_baci
from tamga.stats.sources.comtrade import read_comtrade
from tamga.stats.sources.detect import detect_format
from tamga.stats.sources.eurostat import read_eurostat
from tamga.stats.sources.ledger import read_ledger


def load_file(
    path: Path, panel: Panel, fmt: str = "auto", home: str = "KZ", *, replace: bool = False
) -> LoadSummary:
    """Add one file to ``panel``; ``fmt`` is auto, comtrade, baci, eurostat or ledger.

    For ``ledger``, ``path`` is a SQLite store file; use :func:`load_ledger` for a URL.
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
    sha = file_sha256(path)
    found = panel.find(sha)
    if found is not None:
        return panel.unchanged(found)
    prov = Provenance(kind, path.name, sha)
    if kind == "baci":
        return load_baci(path, panel, prov, replace=replace)
    frame, unmapped = read_comtrade(path) if kind == "comtrade" else read_eurostat(path)
    prov.unmapped = tuple(sorted(unmapped))
    return panel.add_frame(frame, kind, prov=prov, replace=replace)


def _safe_url(url: str) -> str:
    """The URL with any password taken out (it is written to the manifest)."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def load_ledger(url: str, panel: Panel, home: str = "KZ", *, replace: bool = False) -> LoadSummary:
    """Add the ledger's goods lines (SQLAlchemy URL) as the home country's trade.

    The load is identified by a hash of the rows read: re-loading an unchanged ledger is a
    no-op; a ledger with new lines for months already loaded needs ``replace``.
    """
    frame = read_ledger(url, home)
    prov = Provenance("ledger", f"{_safe_url(url)} (home {home.upper()})", frame_sha256(frame))
    return panel.add_frame(frame, "ledger", prov=prov, replace=replace)
