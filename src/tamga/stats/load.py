"""Loading files and the ledger into a named panel: one call per source."""

from __future__ import annotations

from pathlib import Path

from tamga.errors import InvalidInput
from tamga.settings import HOME_COUNTRY
from tamga.stats.panel import LoadSummary, Panel
from tamga.stats.sources.baci import load_baci
from tamga.stats.sources.comtrade import read_comtrade
from tamga.stats.sources.detect import detect_format
from tamga.stats.sources.eurostat import read_eurostat
from tamga.stats.sources.ledger import read_ledger


def load_file(path: Path, panel: Panel, fmt: str = "auto", home: str = HOME_COUNTRY) -> LoadSummary:
    """Append one file to ``panel``; ``fmt`` is auto, comtrade, baci, eurostat or ledger.

    For ``ledger``, ``path`` is a SQLite store file; use :func:`load_ledger` for a URL.
    """
    if not path.exists():
        raise InvalidInput(f"no such file {path}", record=str(path))
    kind = detect_format(path) if fmt == "auto" else fmt
    if kind == "comtrade":
        frame, unmapped = read_comtrade(path)
    elif kind == "eurostat":
        frame, unmapped = read_eurostat(path)
    elif kind == "baci":
        return load_baci(path, panel)
    elif kind == "ledger":
        return load_ledger(f"sqlite:///{path.resolve()}", panel, home)
    else:
        raise InvalidInput(f"unknown format {fmt!r}", field="format")
    return panel.add_frame(frame, kind, tuple(sorted(unmapped)))


def load_ledger(url: str, panel: Panel, home: str = HOME_COUNTRY) -> LoadSummary:
    """Append the ledger's goods lines (SQLAlchemy URL) as the home country's trade."""
    return panel.add_frame(read_ledger(url, home), "ledger")
