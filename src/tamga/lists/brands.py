"""Brand keys that survive case, spacing, Latin/Cyrillic look-alikes and transliteration.

A declaration may write ``Samsung``, ``SAMSUNG``, ``Самсунг`` or ``Sаmsung`` with a Cyrillic
``а``; all must meet the same list entry. Each brand gets a small set of keys (look-alike fold
and transliteration, both reduced to a spelling skeleton); two brands match when keys intersect.
"""

from __future__ import annotations

import re
from functools import lru_cache

from normality import ascii_text

# Cyrillic letters that look like Latin ones: a mixed-script spelling is folded by shape first.
_LOOKALIKE = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
        "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    }
)  # fmt: skip
# Spelling differences transliteration leaves between Latin brands and their Cyrillic forms.
_SKELETON = (
    ("tsch", "ch"), ("sch", "sh"), ("ck", "k"), ("ph", "f"), ("kh", "h"), ("w", "v"),
    ("x", "ks"), ("q", "k"), ("c", "k"), ("y", "i"), ("j", "i"), ("z", "s"),
)  # fmt: skip
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_DOUBLES = re.compile(r"(.)\1+")


def _skeleton(text: str) -> str:
    value = _NON_ALNUM.sub("", text.lower())
    for old, new in _SKELETON:
        value = value.replace(old, new)
    return _DOUBLES.sub(r"\1", value)


@lru_cache(maxsize=65536)
def brand_keys(brand: str) -> frozenset[str]:
    """The match keys of one brand name (empty for a blank name)."""
    lowered = brand.strip().lower()
    keys = {
        _skeleton(ascii_text(lowered.translate(_LOOKALIKE)) or ""),
        _skeleton(ascii_text(lowered) or ""),
    }
    keys.discard("")
    return frozenset(keys)


def same_brand(a: str, b: str) -> bool:
    return bool(brand_keys(a) & brand_keys(b))
