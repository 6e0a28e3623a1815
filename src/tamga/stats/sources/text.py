"""Reading trade CSV files whatever their encoding: BOMs, and stray Latin-1 bytes inside UTF-8.

Files passed through several hands mix encodings (a UTF-8 file with a BOM in which one name,
``Curaçao``, was stored as the Latin-1 byte 0xE7). Decoding fails on such a byte; here each bad
byte is read as Latin-1 instead, so the rest of the file stays UTF-8.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path


def _latin1_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start : exc.end].decode("latin-1"), exc.end


codecs.register_error("tamga-latin1", _latin1_fallback)


def read_text(path: Path) -> str:
    """The file as text: UTF-8 (BOM dropped), UTF-16 by its BOM, stray bytes read as Latin-1."""
    data = path.read_bytes()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    return data.decode("utf-8", errors="tamga-latin1")


def header(path: Path) -> list[str]:
    """The normalised column names of a CSV file (for format detection)."""
    with path.open("rb") as f:
        raw = f.readline(65536)
    first = raw.decode("utf-8", errors="tamga-latin1").lstrip("\ufeff")
    sep = max((",", ";", "\t", "|"), key=first.count)
    return [norm(c) for c in first.strip().split(sep)]


def norm(column: str) -> str:
    """Column names compared without case, quotes, spaces or punctuation."""
    return re.sub(r"[^a-z0-9]", "", column.strip().strip('"').lower())
