"""The lists tamga ships, written by the team from public facts (YAML under ``data/``).

They are a starting point that works without a database (``GoodsChecker.from_defaults()``)
and the seed of a fresh store; a deployment loads the official lists over them with
``tamga lists load``. Each file says what it summarises and that it is not the legal text.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from tamga.lists.loading import parse_list
from tamga.lists.model import GoodsList

#: the shipped files, in the order lists are shown
DEFAULT_FILES = ("chpl.yaml", "eu_export_ban.yaml", "ru_parallel_import.yaml")


@lru_cache(maxsize=1)
def _parsed() -> tuple[GoodsList, ...]:
    folder = resources.files("tamga.lists") / "data"
    out = []
    for name in DEFAULT_FILES:
        text = (folder / name).read_text(encoding="utf-8")
        out.append(parse_list(text, "yaml", source=name))
    return tuple(out)


def default_lists() -> list[GoodsList]:
    """Fresh copies are not needed: ``GoodsList`` is immutable, so the parsed lists are shared."""
    return list(_parsed())
