"""A name as the matcher sees it: Latin tokens, their phonetic skeletons and the legal form.

Two spellings of one name (``Qasym``/``Kassym``, ``Zakharov``/``Захаров``, ``Mariya``/``Mariia``)
should meet on the same *skeleton*: a token folded so that the choices transliterators make
(``kh``/``h``, ``q``/``k``, ``y``/``i``/``j``, ``x``/``ks``, doubled letters) disappear. Blocking
uses skeletons and a vowel-less key; scoring compares skeletons with an edit distance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rigour.names import NameTypeTag, SymbolCategory, analyze_names
from rigour.names.org_types import remove_org_types

from tamga.screening.fold import consonant_key, skeleton
from tamga.screening.legal_forms import FORMS, LegalFamily, split_legal_forms
from tamga.screening.lookalike import fold_lookalikes
from tamga.screening.transliterate import to_latin

_SPLIT = re.compile(r"[^a-z0-9]+")

#: words that say little about who a party is; they count less (weights, not stop-listing)
GENERIC: dict[str, float] = {
    **dict.fromkeys(
        (
            "of", "the", "and", "i", "v", "na", "po", "de", "la", "le", "al", "el", "for", "in",
            "und", "et", "y", "da", "do", "dlya",
        ),
        0.05,
    ),
    **dict.fromkeys(
        (
            "bank", "banka", "banku", "trade", "trading", "treid", "treyd", "torgovyi", "torgovyy",
            "torgovii", "dom", "td", "group", "grupp", "gruppa", "grupa", "holding", "kholding",
            "holdings", "company", "kompaniia", "kompaniya", "co", "corporation", "corp",
            "korporatsiia", "korporatsiya", "international", "internatsional", "mezhdunarodnyi",
            "industries", "industry", "enterprise", "enterprises", "predpriiatie",
            "predpriyatie", "service", "services", "servis", "invest", "investment",
            "investments", "management", "logistics", "logistika", "logistik", "firma", "firm",
            "zavod", "plant", "factory", "kombinat", "obedinenie", "obyedineniye", "center",
            "centre", "tsentr", "global", "systems", "system", "technologies", "technology",
            "tekhnologii", "tekhnologiia", "solutions", "export", "import", "eksport", "import",
            "rossii", "rossiia", "rossiya", "russia", "russian", "rossiiskii", "rossiiskaia",
            "rossiyskaya", "rf", "kazakhstan", "kazakstan", "kazakhstana", "qazaqstan", "rusia",
            "oil", "gas", "energy", "neftianaia", "neftyanaya",
            "respubliki", "republic", "national", "natsionalnyi", "natsionalnaia", "federal",
            "federalnyi", "state", "gosudarstvennyi", "gosudarstvennaia", "ao", "ooo", "airlines",
            "concern", "bin", "ibn", "bint",
        ),
        0.3,
    ),
}  # fmt: skip

# on skeletons: "ch" is folded to "C" (Ivanovich -> ivanoviC), "y" to "i" (Kasymuly -> kasimuli)
_PATRONYMIC = re.compile(r"(oviC|eviC|iC|ovna|evna|ivna|iCna|uli|kizi|ulu)$")
_PATRONYMIC_WEIGHT = 0.35
_INITIAL_WEIGHT = 0.3


def tokens_of(text: str) -> list[str]:
    return [t for t in _SPLIT.split(to_latin(text)) if t]


def base_weight(skel: str) -> float:
    """Weight of a token before corpus statistics: generic words, patronymics, initials."""
    generic = _GENERIC_SKELETONS.get(skel)
    if generic is not None:
        return generic
    if len(skel) == 1 and not skel.isdigit():
        return _INITIAL_WEIGHT
    if len(skel) > 5 and _PATRONYMIC.search(skel):
        return _PATRONYMIC_WEIGHT
    return 1.0


_GENERIC_SKELETONS = {skeleton(word): weight for word, weight in GENERIC.items()}

#: words that name a line of business. Matched, they weigh as generic words; left over on one
#: side, they weigh more, because that is how sibling companies are named (Gazprom / Gazprom
#: Export, Rostec / Rostec Invest, VTB Bank / VTB Capital).
DESCRIPTORS = frozenset(
    skeleton(w)
    for w in [
        "trade",
        "trading",
        "treid",
        "treyd",
        "torgovyi",
        "torgovyy",
        "group",
        "grupp",
        "gruppa",
        "grupa",
        "holding",
        "kholding",
        "holdings",
        "service",
        "services",
        "servis",
        "invest",
        "investment",
        "investments",
        "management",
        "logistics",
        "logistika",
        "logistik",
        "capital",
        "kapital",
        "leasing",
        "lizing",
        "export",
        "import",
        "eksport",
        "systems",
        "system",
        "sistemy",
        "technologies",
        "technology",
        "tekhnologii",
        "solutions",
        "engineering",
        "inzhiniring",
        "industries",
        "development",
        "finance",
        "finans",
        "consulting",
        "konsalting",
        "cargo",
        "media",
        "plus",
        "stroi",
        "stroy",
        "construction",
        "energo",
        "security",
    ]
)
_DESCRIPTOR_EXTRA = 0.6


def extra_weight(skel: str, weight: float) -> float:
    """What a token costs when it found no partner in the other name."""
    if skel in DESCRIPTORS:
        return max(weight, _DESCRIPTOR_EXTRA)
    return weight


@dataclass(frozen=True, slots=True)
class NameForm:
    """One name prepared for comparison. ``tokens`` exclude legal forms; order is kept."""

    original: str
    tokens: tuple[str, ...]
    legal: frozenset[LegalFamily]

    @property
    def joined(self) -> str:
        return "".join(self.tokens)


#: spellings of one word in several languages, folded to one skeleton (after :func:`skeleton`)
_SYNONYMS_BY_WORD: dict[str, tuple[str, ...]] = {
    "rusia": (
        "russia", "rossii", "rossiia", "rossiya", "rossiyi", "rosiyi", "rossiiskoi",
        "rossiyskoy", "rossiiskaia", "rossiyskaya", "russian", "rf", "rossiiskie", "rossiyskie",
        "rossiiskii", "rossiiskogo", "rossiiskikh",
    ),
    "kazakstan": ("kazakhstan", "kazakhstana", "qazaqstan", "kazakstana", "kazakhstani"),
    "belarus": ("belarusi", "byelorussia", "belorussia"),
    # business words as Russian and Kazakh names borrow them
    "trade": ("treid", "treyd", "treiding", "trading"),
    "group": ("grupp", "gruppa", "grupa", "grup"),
    "service": ("servis", "services", "servise"),
    "holding": ("kholding", "holdings"),
    "logistics": ("logistika", "logistik", "logistic"),
    "capital": ("kapital",),
    "leasing": ("lizing",),
    "engineering": ("inzhiniring",),
    "finance": ("finans",),
    "consulting": ("konsalting",),
    "systems": ("sistemy", "sistema", "system", "sistem"),
    "technologies": ("tekhnologii", "technology", "tekhnologiia", "tekhnologiya"),
    "invest": ("investment", "investments", "investitsii"),
    "corporation": ("corp", "korporatsiia", "korporatsiya", "korporatsii"),
    "company": ("co", "kompaniia", "kompaniya", "kompanii"),
    "concern": ("kontsern",),
    "airlines": ("air", "airline", "airways", "avialinii"),
}  # fmt: skip
_SYNONYMS = {
    skeleton(variant): skeleton(word)
    for word, variants in _SYNONYMS_BY_WORD.items()
    for variant in variants
}
# the Kazakh joint-stock form "АҚ" (aktsionerlik kogam) read as one, only in upper-case Cyrillic
_KAZAKH_JSC = re.compile(r"(?<![^\W\d_])АҚ(?![^\W\d_])")


@lru_cache(maxsize=1 << 17)
def _number(token: str) -> str | None:
    """``first``, ``1st``, ``seven``, ``седьмой`` ... as digits, by rigour's ordinal tables."""
    if token.isdigit():
        return str(int(token))
    for parsed in analyze_names(
        NameTypeTag.ORG, [token], phonetics=False, consolidate=False, rewrite=False
    ):
        for symbol in parsed.symbols:
            if symbol.category == SymbolCategory.NUMERIC:
                return str(symbol.id)
    return None


def _as_number(token: str) -> str:
    if token[:1].isdigit() or token in _NUMBER_WORDS:
        return _number(token) or token
    return token


def fold_token(latin: str) -> str:
    """One Latin token as the matcher compares it: number, skeleton, synonym."""
    skel = skeleton(_as_number(latin))
    return _SYNONYMS.get(skel, skel)


#: spelled numbers rigour knows are looked up only for these words (a cheap pre-filter)
_NUMBER_WORDS = frozenset(
    (
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
        "ninth", "tenth", "odin", "dva", "tri", "chetyre", "piat", "shest", "sem", "vosem",
        "deviat", "desiat", "pervyi", "vtoroi", "tretii", "pervyy", "vtoroy", "tretiy",
    )
)  # fmt: skip


_WORD = re.compile(r"\w+")
_SIGNS = str.maketrans(dict.fromkeys("'ʹʺʼ’`´"))  # soft and hard signs written as apostrophes


def _latin_tokens(name: str) -> list[str]:
    """Latin tokens word by word; a one-letter word is an initial and stays one letter
    (``Ю.`` is ``i`` as ``Yuri``'s skeleton begins, ``Ш.`` is ``S`` as ``Shevchuk``'s)."""
    out: list[str] = []
    for word in _WORD.findall(fold_lookalikes(name).translate(_SIGNS)):
        parts = tokens_of(word)
        if len(word) == 1 and parts and not word.isdigit():
            out.append(skeleton(parts[0])[:1])
        else:
            out.extend(parts)
    return out


def _leading_spelled_form(latin: list[str]) -> list[str]:
    """``O.O.O. Romashka``, ``L.L.C.``: single letters at the start that spell a legal form."""
    run = 0
    while run < len(latin) and len(latin[run]) == 1:
        run += 1
    if run >= 2 and (skeleton("".join(latin[:run])),) in FORMS:
        return ["".join(latin[:run]), *latin[run:]]
    return latin


@lru_cache(maxsize=1 << 16)
def analyze(name: str) -> NameForm:
    """Tokenize, transliterate, take out legal forms and fold each token to its skeleton."""
    latin = [_as_number(t) for t in _latin_tokens(_KAZAKH_JSC.sub("АО", name))]
    latin = _leading_spelled_form(latin)
    # an initial is never a legal form, though "ООО" folds to one letter ("Шевчук О.А.")
    rest, families = split_legal_forms([skeleton(t) if len(t) > 1 else "_" + t for t in latin])
    if len(rest) < len(latin):  # our own table knew a form: keep what it left
        skels = [t.lstrip("_") for t in rest]
    else:
        # forms of other countries (Sdn Bhd, S.p.A., GmbH ...) as rigour knows them
        world = remove_org_types(" ".join(latin)).split()
        if world and len(world) < len(latin):
            latin = world
        skels = [skeleton(t) for t in latin]
    skels = [_SYNONYMS.get(sk, sk) for sk in skels if sk]
    return NameForm(original=name, tokens=tuple(skels), legal=frozenset(families))


__all__ = [
    "NameForm",
    "analyze",
    "base_weight",
    "consonant_key",
    "extra_weight",
    "fold_token",
    "skeleton",
    "tokens_of",
]
