"""Holders by name: the registry's names for the BINs the pages show, and the name search.

A page collects the holder ids it will show and primes them in one indexed read of the holder
registry (``holders``, by primary key); the ``holder`` filter then writes each as its name with
the BIN beside it (and on hover). Russian and Kazakh pages prefer the registry's Cyrillic name,
English pages the Latin one. A holder the registry does not know is shown by its id.

The search folds names and the query to lower-case Latin (``rigour.text.ascii_text``), so
"Альфа", "альфа" and "alfa" find the same holder, whichever script the registry holds.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape
from rigour.text import ascii_text
from sqlalchemy import Engine

from tamga.auth import policy
from tamga.dashboard.access import Viewer
from tamga.store import ledger_read
from tamga.wording.i18n import current, gettext

PREFIX = "/dashboard"


@dataclass(frozen=True)
class Name:
    id: str
    name: str | None
    name_cyrillic: str | None

    def shown(self, lang: str) -> str:
        """The name a reader of ``lang`` knows the holder by (its id when it has none)."""
        first, second = (
            (self.name_cyrillic, self.name)
            if lang in ("ru", "kk")
            else (self.name, self.name_cyrillic)
        )
        return first or second or self.id


class Names:
    """The names of the holders one page shows, read once per page."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.known: dict[str, Name | None] = {}

    def prime(self, ids: Iterable[str | None]) -> Names:
        wanted = sorted({i for i in ids if i and i not in self.known})
        if not wanted:
            return self
        with self.engine.connect() as conn:
            rows = ledger_read.holder_names(conn, wanted)
        for i in wanted:
            r = rows.get(i)
            self.known[i] = Name(r.id, r.name, r.name_cyrillic) if r is not None else None
        return self

    def get(self, holder: str) -> Name | None:
        if holder not in self.known:
            self.prime([holder])
        return self.known.get(holder)

    def text(self, holder: str) -> str:
        """The holder's name in the current language, or its id."""
        found = self.get(holder)
        return found.shown(current()) if found is not None else holder


_names: ContextVar[Names | None] = ContextVar("tamga_dashboard_names", default=None)


def use(names: Names) -> Names:
    _names.set(names)
    return names


def active(engine: Engine) -> Names:
    """The page's names (a fresh set where none is in use yet)."""
    names = _names.get()
    if names is None or names.engine is not engine:
        names = use(Names(engine))
    return names


def name_of(holder: str) -> str:
    """The holder's name in the current language where a page has primed the names."""
    names = _names.get()
    return names.text(holder) if names is not None else holder


def holder_html(holder: str | None, viewer: Viewer | None, link: bool = True) -> Markup:
    """A holder as a page shows it: its name linked to its page, the BIN beside it and on
    hover; "another holder" where the viewer may not learn who it is."""
    if not holder:
        return Markup("—")
    if viewer is not None and not policy.may_see_holder(viewer, holder):
        return Markup('<span class="muted">%s</span>') % gettext("another holder")
    names = _names.get()
    found = names.get(holder) if names is not None else None
    if found is None:
        inner = Markup('<span class="holder-id">%s</span>') % holder
        title = escape(holder)
    else:
        shown = found.shown(current())
        title = Markup("%s %s") % (gettext("BIN"), holder)
        inner = Markup('%s <span class="bin">%s</span>') % (shown, holder)
    if not link:
        return Markup('<span class="holder" title="%s">%s</span>') % (title, inner)
    return Markup('<a class="holder" href="%s/holders/%s" title="%s">%s</a>') % (
        PREFIX,
        holder,
        title,
        inner,
    )


def fold(text: str | None) -> str:
    return ascii_text(text or "").lower().strip()


def search(engine: Engine, query: str, limit: int = 50) -> list[dict[str, Any]]:
    """Holders whose id, Latin or Cyrillic name holds the query, folded to lower-case Latin;
    those whose name starts with it first. A scan of the registry: it runs when a person
    searches, not on every page."""
    needle = fold(query)
    if not needle:
        return []
    found: list[tuple[int, str, dict[str, Any]]] = []
    with engine.connect() as conn:
        for r in ledger_read.holder_directory(conn):
            names = [fold(r.name), fold(r.name_cyrillic), r.id.lower()]
            hits = [n.find(needle) for n in names if n and needle in n]
            if hits:
                found.append((min(hits), fold(r.name or r.name_cyrillic or r.id), dict(r._mapping)))
    found.sort(key=lambda x: (x[0] != 0, x[1]))
    return [row for _pos, _key, row in found[:limit]]
