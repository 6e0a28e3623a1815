"""Words that mix Latin and Cyrillic look-alike letters, read in the one script they can be.

``Кpистaллoн`` (Latin ``p``, ``a``, ``o`` inside a Cyrillic word) is ``Кристаллон``; ``Аlехеу``
(Cyrillic ``А``, ``е``, ``х``, ``у`` around a Latin ``l``) is ``Alexey``. Such words come from
keyboards switched mid-word or from deliberate evasion. A word whose letters can all be written in
one script is rewritten in it (the script most of its letters are in, when both are possible);
a word that cannot be is left as it is.
"""

from __future__ import annotations

import re
from functools import lru_cache

# pairs of letters that look the same (upper and lower case): Latin, Cyrillic
_PAIRS = "AА BВ CС EЕ HН KК MМ OО PР TТ XХ YУ aа cс eе oо pр xх yу iі jј sѕ"
_TO_CYRILLIC = {pair[0]: pair[1] for pair in _PAIRS.split()}
_TO_LATIN = {pair[1]: pair[0] for pair in _PAIRS.split()}
_WORD = re.compile(r"\w+")


def _script(ch: str) -> str | None:
    if "a" <= ch.lower() <= "z":
        return "latin"
    if "\u0400" <= ch <= "\u04ff":
        return "cyrillic"
    return None


@lru_cache(maxsize=1 << 16)
def _fold_word(word: str) -> str:
    scripts = [s for s in map(_script, word) if s]
    latin, cyrillic = scripts.count("latin"), scripts.count("cyrillic")
    if not latin or not cyrillic:
        return word
    as_latin = "".join(_TO_LATIN.get(ch, ch) for ch in word)
    as_cyrillic = "".join(_TO_CYRILLIC.get(ch, ch) for ch in word)
    latin_ok = all(_script(ch) != "cyrillic" for ch in as_latin)
    cyrillic_ok = all(_script(ch) != "latin" for ch in as_cyrillic)
    if latin_ok and cyrillic_ok:
        return as_cyrillic if cyrillic >= latin else as_latin
    if cyrillic_ok:
        return as_cyrillic
    if latin_ok:
        return as_latin
    return word


def fold_lookalikes(text: str) -> str:
    """``text`` with each mixed-script word written in one script where its letters allow."""
    if text.isascii():
        return text
    return _WORD.sub(lambda m: _fold_word(m.group(0)), text)
