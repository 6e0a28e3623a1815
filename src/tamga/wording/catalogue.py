"""The message catalogues' upkeep: what the code and templates ask for, and what is missing.

``messages()`` extracts every message the dashboard's and the case files' code and templates
use, with the map in ``babel.cfg`` (the same pybabel reads). ``missing(lang)`` lists those the
language's ``.po`` does not translate (the catalogue test fails on any). ``python -m
tamga.wording.catalogue`` merges new messages into each ``.po`` (as ``pybabel update``
does), so a translator sees them as empty entries to fill in.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from tamga.wording.i18n import LANGUAGES, catalogue_path

HERE = Path(__file__).parent
ROOT = HERE.parent  # src/tamga: the map's paths are relative to it
MAPPING = HERE / "babel.cfg"
#: the languages with a catalogue (English is the source)
TRANSLATED = tuple(lang for lang in LANGUAGES if lang != "en")


def messages() -> Catalog:
    """Every message the code and the templates use, as a template catalogue."""
    with MAPPING.open() as fh:
        method_map, options_map = parse_mapping_cfg(fh)  # type: ignore[no-untyped-call]
    catalog = Catalog(project="tamga", msgid_bugs_address=None)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT), method_map, options_map
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def read(lang: str) -> Catalog:
    with catalogue_path(lang).open("rb") as fh:
        return read_po(fh, locale=lang)


def missing(lang: str, template: Catalog | None = None) -> list[str]:
    """The messages used in the code or templates that the language does not translate."""
    template = template or messages()
    catalog = read(lang)
    out = []
    for msg in template:
        if not msg.id:
            continue
        found = catalog.get(msg.id, msg.context)
        strings = found.string if found is not None else None
        empty = not all(strings) if isinstance(strings, tuple | list) else not strings
        if found is None or empty or found.fuzzy:
            out.append(msg.id if isinstance(msg.id, str) else msg.id[0])
    return out


def update() -> dict[str, int]:
    """Merge the extracted messages into every ``.po``; how many each lacks afterwards."""
    template = messages()
    report = {}
    for lang in TRANSLATED:
        path = catalogue_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        catalog = read(lang) if path.exists() else Catalog(locale=lang, project="tamga")
        catalog.update(template, no_fuzzy_matching=True)
        with path.open("wb") as fh:
            write_po(fh, catalog, width=100, omit_header=False, sort_output=False)
        report[lang] = len(missing(lang, template))
    return report


if __name__ == "__main__":
    for lang, n in update().items():
        print(f"{lang}: {n} messages to translate")
    sys.exit(0)
