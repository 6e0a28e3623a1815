"""What a person's name adds to token comparison: name equivalents, gender, spelling systems.

* **Equivalent names** (``Sasha``/``Aleksandr``, ``Mykola``/``Николай``, ``Bill``/``William``,
  ``Zhenya``/``Евгения``) come from rigour's person-name symbols (Wikidata name groups). A Latin
  word is also looked up in its Cyrillic reading (ICU's BGN/PCGN transliterator backwards), where
  Russian and Ukrainian forms and diminutives are best covered.
* **Gendered endings** (``Ivanov``/``Ivanova``, ``Kovalsky``/``Kovalskaya``,
  ``Aleksandr``/``Aleksandra``) are another person, however close the letters: they lower a score.
* **Other spelling systems**: German and French transliterations (``Jewgeni``, ``Tschernow``,
  ``Juergen``, ``Cholodow``) fold to an *alternative* skeleton; vowel-only differences
  (``Malofeev``/``Malofeyev``, ``Youssef``/``Yusuf``) keep most of a score.
* **Honorifics** (``Mr``, ``Dr``, ``General``, ``Sheikh``) weigh next to nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import OSA
from rigour._core import person_name_prefixes_list
from rigour.names import NameTypeTag, SymbolCategory, analyze_names

from tamga.screening.fold import skeleton
from tamga.screening.lookalike import fold_lookalikes
from tamga.screening.transliterate import to_latin

_VOWELS = frozenset("aeiou")
_WORD = re.compile(r"\w+")
_SPLIT = re.compile(r"[^a-z0-9]+")
_SIGNS = str.maketrans(dict.fromkeys("'ʹʺʼ’`´"))

#: rigour's person prefixes, one word each, plus titles common on Central Asian and Arab names
HONORIFICS = frozenset(
    skeleton(w)
    for p in person_name_prefixes_list()
    for w in _SPLIT.split(to_latin(p))
    if len(w) > 1 and w not in ("the", "of")
) | frozenset(
    skeleton(w)
    for w in ("mr", "mrs", "ms", "dr", "gen", "col", "haji", "hajji", "sheikh", "shaikh",
              "shaykh", "mulla", "mullah", "gospodin", "gospozha", "gn", "mister", "sayyid",
              "sayyed", "seyyed", "sayed", "syed", "ayatollah", "imam", "maulana", "mawlana",
              "hojatoleslam")
)  # fmt: skip
HONORIFIC_WEIGHT = 0.02

#: similarities of person-name tokens beyond the skeleton's edit distance
EQUIVALENT_NAME = 0.93  # rigour puts both in one name group
ALTERNATIVE_SPELLING = 0.97  # equal under the German/French fold
VOWEL_VARIANT = 0.9  # the same consonants, at most two vowel edits


@lru_cache(maxsize=1)
def _latin_to_russian():  # type: ignore[no-untyped-def]
    import icu

    return icu.Transliterator.createInstance("Latin-Russian/BGN")


@lru_cache(maxsize=1 << 17)
def _rigour_symbols(word: str) -> frozenset[str]:
    out: set[str] = set()
    for name in analyze_names(
        NameTypeTag.PER, [word], phonetics=False, consolidate=False, rewrite=False
    ):
        out.update(
            str(s.id)
            for s in name.symbols
            if s.category in (SymbolCategory.NAME, SymbolCategory.NICK)
        )
    return frozenset(out)


@lru_cache(maxsize=1 << 17)
def word_symbols(word: str) -> frozenset[str]:
    """Name groups ``word`` belongs to, read as written and (Latin words) in Cyrillic."""
    if len(word) < 2 or word.isdigit():
        return frozenset()
    # rigour's tagger is fast on Latin and slow (~2 ms) on Cyrillic: a word it does not know in
    # Latin is no common given name, and is not looked up in Cyrillic at all
    word = word.lower()
    cyrillic_script = any("\u0400" <= ch <= "\u04ff" for ch in word)
    if not word.isascii() and not cyrillic_script:  # Arabic, Greek, Georgian ...: as written
        return _rigour_symbols(word)
    latin = word if word.isascii() else to_latin(word)
    symbols = _rigour_symbols(latin)
    if not symbols:
        return symbols
    cyrillic = word if cyrillic_script else _latin_to_russian().transliterate(word)
    return symbols | _rigour_symbols(cyrillic)


@lru_cache(maxsize=1 << 16)
def token_words(original: str) -> dict[str, str]:
    """Each skeleton of a name mapped to the word it was made from (for symbol look-ups)."""
    from tamga.screening.names import fold_token

    out: dict[str, str] = {}
    for word in _WORD.findall(fold_lookalikes(original).translate(_SIGNS)):
        parts = [p for p in _SPLIT.split(to_latin(word)) if p]
        for part in parts:
            out.setdefault(fold_token(part), word if len(parts) == 1 else part)
    return out


#: endings of family names and patronymics (on skeletons): no name group to look up
_SURNAME = re.compile(
    r"(?:ov|ev|ova|eva|enko|uk|ski|skaia|oviC|eviC|ovna|evna|uli|kizi|baiev|dze|Svili)$"
)


@lru_cache(maxsize=1 << 18)
def may_be_given_name(skel: str) -> bool:
    # family names and patronymics are matched by their spelling; initials by their letter
    return len(skel) >= 2 and not _SURNAME.search(skel)


def equivalent_names(a: str, word_a: str | None, b: str, word_b: str | None) -> bool:
    """``a`` and ``b`` (skeletons of ``word_a``/``word_b``) are in one of rigour's name groups."""
    if word_a is None or word_b is None or len(a) == len(b) <= 4:
        return False  # short names of one length share noisy groups (Anna / Alla, Inna / Irma)
    if not (may_be_given_name(a) and may_be_given_name(b)):
        return False
    if min(len(a), len(b)) < 3 and word_a.isascii() and word_b.isascii():
        return False  # two Latin letters (Li / Lei): only a script without vowels (علي) is let by
    return bool(word_symbols(word_a) & word_symbols(word_b))


_TSCH = re.compile(r"tS")
_GERMAN_UMLAUT = re.compile(r"(?<=[aou])e")
_DT = re.compile(r"dt|d$")


@lru_cache(maxsize=1 << 17)
def alternative_skeleton(skel: str) -> str:
    """A looser fold for German and French spellings of Slavic names.

    ``J`` before a vowel at the start is a ``y`` (Jewgeni, Juri), ``tsch`` is ``ch``, ``ch`` is
    ``kh`` (Michail, Cholodow), ``ou`` is ``u`` (Youri), ``ue``/``oe``/``ae`` are umlauts
    (Juergen), ``dt`` and a final ``d`` are ``t`` (Schmidt/Schmitt); then ``h`` is ``g``, as
    Ukrainian writes Г (Serhiy, Hryhoriy) and Russian writes a foreign h (Gamid/Hamid).
    """
    s = skel
    if len(s) > 1 and s[0] == "J" and s[1] in _VOWELS:
        s = "i" + s[1:]
    s = _TSCH.sub("C", s).replace("C", "h").replace("ou", "u").replace("h", "g")
    s = _GERMAN_UMLAUT.sub("", s)
    s = _DT.sub("t", s)
    s = re.sub(r"(.)\1+", r"\1", s)
    if s.startswith("ie") and len(s) > 3:
        s = s[1:]
    return s


@lru_cache(maxsize=1 << 17)
def _vowel_key(skel: str) -> str:
    head = "V" if skel[0] in _VOWELS or skel[0] == "i" else skel[0]
    return head + "".join(ch for ch in skel[1:] if ch not in _VOWELS)


def vowel_variant(a: str, b: str) -> bool:
    """Same consonants in the same order, at most two vowel edits (Youssef/Yusuf)."""
    if min(len(a), len(b)) < 5:
        return False
    if _vowel_key(a) != _vowel_key(b):
        return False
    return OSA.distance(a, b, score_cutoff=2) <= 2


_FEMININE = (("", "a"), ("i", "aia"), ("ii", "aia"), ("oi", "aia"), ("i", "ia"))


def gendered_pair(a: str, b: str) -> bool:
    """``a`` and ``b`` are the masculine and feminine forms of one name (either way round)."""
    if a == b or min(len(a), len(b)) < 4:
        return False
    short, long = (a, b) if len(a) < len(b) else (b, a)
    for masc, fem in _FEMININE:
        if short.endswith(masc) and long == short[: len(short) - len(masc)] + fem:
            return True
    return False
