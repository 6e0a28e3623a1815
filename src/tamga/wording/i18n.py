"""tamga's languages: Russian, Kazakh and English through gettext message catalogues.

The catalogues are the ``.po`` files under ``locale/<lang>/LC_MESSAGES/messages.po`` (the
English source strings are the message ids, so English needs none). They are compiled by Babel
the first time a language is asked for, in memory: no generated ``.mo`` file is kept in git or
needed on disk. A page's language is the ``tamga_lang`` cookie the switch sets, else the best
match of the browser's ``Accept-Language``, else English.

The current language is a context variable set before each page is rendered (and by the case
file writer), so the Jinja templates, the number and date filters and the labels all read the
same one without passing it through every macro.
"""

from __future__ import annotations

import functools
import gettext as _gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from io import BytesIO
from pathlib import Path
from typing import Any

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

#: the languages the dashboard speaks, in the order the switch shows them
LANGUAGES = ("ru", "kk", "en")
#: each language's name in itself, for the switch
NATIVE = {"ru": "Русский", "kk": "Қазақша", "en": "English"}
DEFAULT = "en"
#: the cookie the language switch sets (a year, scoped to the dashboard)
COOKIE = "tamga_lang"
LOCALE_DIR = Path(__file__).parent / "locale"

_current: ContextVar[str] = ContextVar("tamga_language", default=DEFAULT)


def catalogue_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"


@functools.cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The language's catalogue, compiled from its ``.po`` by Babel on first use."""
    if lang == DEFAULT or lang not in LANGUAGES:
        return _gettext.NullTranslations()
    with catalogue_path(lang).open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def current() -> str:
    return _current.get()


def activate(lang: str) -> str:
    """Make ``lang`` the language of what is rendered next in this context."""
    lang = lang if lang in LANGUAGES else DEFAULT
    _current.set(lang)
    return lang


@contextmanager
def language(lang: str) -> Iterator[str]:
    """Render in ``lang`` for the ``with`` block (the case files, the CLI)."""
    token = _current.set(lang if lang in LANGUAGES else DEFAULT)
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def locale() -> Locale:
    return _babel_locale(current())


@functools.cache
def _babel_locale(lang: str) -> Locale:
    return Locale.parse(lang)


def gettext(message: str) -> str:
    return translations(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current()).ngettext(singular, plural, n)


_ = gettext


def N_(message: str) -> str:
    """Marks a string for the catalogue where it is defined; translated where it is shown."""
    return message


def tr(message: str, **values: Any) -> str:
    """A translated message with ``%(name)s`` placeholders filled in."""
    text = gettext(message)
    return text % values if values else text


def from_accept_language(header: str | None) -> str | None:
    """The best of our languages for an ``Accept-Language`` header (q-values honoured)."""
    if not header:
        return None
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(header.split(",")):
        tag, _sep, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _eq, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and q > 0:
            ranked.append((-q, i, primary))
    return min(ranked)[2] if ranked else None


def negotiate(cookies: dict[str, str], accept_language: str | None) -> str:
    """The cookie's language if it is one of ours, else the browser's choice, else English."""
    chosen = cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return from_accept_language(accept_language) or DEFAULT
