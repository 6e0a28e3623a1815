"""The English source strings of the catalogues, and the search for them in a page's text: what
a Russian or Kazakh page must not show (test_i18n.py on the server's HTML, test_browser_languages
on what Chromium renders)."""

from __future__ import annotations

import re

from babel.messages.catalog import Catalog

#: codes, units and symbols that read the same in every language
SAME = {"GTIN", "kg", "t", "g", "l", "m", "m³", "m²", "kWh", "N", "E"}


def english_sources(template: Catalog) -> list[str]:
    """The catalogue's English strings (and their literal pieces around placeholders), longest
    first; pieces with fewer than three Latin letters are left out."""
    out: set[str] = set()
    for msg in template:
        ids = msg.id if isinstance(msg.id, tuple) else (msg.id,)
        for text in ids:
            if not text or text in SAME:
                continue
            for piece in re.split(r"%\([a-z_]+\)s", text):
                piece = piece.strip(" .,:;()→·«»“”")
                if len(re.sub(r"[^A-Za-z]", "", piece)) >= 3:
                    out.add(piece)
    return sorted(out, key=len, reverse=True)


def leaks(text: str, sources: list[str]) -> list[str]:
    """The sources found in ``text`` as whole words ("controlled_reexport", "ru-parallel-import"
    and "analyst:aigerim" are codes, not the words "controlled", "import", "analyst")."""
    return [s for s in sources if re.search(rf"(?<![\w:-]){re.escape(s)}(?![\w:-])", text)]
