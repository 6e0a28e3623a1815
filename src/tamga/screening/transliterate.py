"""Cyrillic (Russian, Ukrainian, Belarusian, Kazakh) to Latin, as English-language lists write it.

ICU and normality romanise ``х`` as ``h`` and drop or mangle the Kazakh letters; sanctions lists
and company registers write ``kh`` and plain ``k``/``o``/``u``. One fixed table keeps the result
predictable, and :mod:`tamga.screening.fold` then folds the remaining spelling variance.
"""

from __future__ import annotations

import unicodedata

from normality import ascii_text

from tamga.screening.lookalike import fold_lookalikes

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
    # Ukrainian and Belarusian
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u",
    # Kazakh: as English-language sources write them (Tengiz, Qasym/Kassym, Ospan, Galym)
    "қ": "k", "ө": "o", "ұ": "u", "ү": "u", "ғ": "g", "ң": "ng", "һ": "h", "ә": "a",
}  # fmt: skip

#: scholarly / ISO 9 and Kazakh (2018 Latin) letters that stand for two-letter English spellings;
#: soft and hard signs written as apostrophes or primes vanish (Natal'ya is Natalya)
_LATIN_DIACRITICS = {
    "š": "sh", "ş": "sh", "č": "ch", "ž": "zh", "ŝ": "shch", "ĉ": "ch", "ẑ": "zh", "ǧ": "g",
    "ğ": "g", "ı": "i", "ñ": "ng", "ū": "u", "'": "", "ʹ": "", "ʺ": "", "ʼ": "", "’": "",
    "`": "", "´": "",
}  # fmt: skip

_TABLE = str.maketrans(_CYRILLIC | _LATIN_DIACRITICS)


def to_latin(text: str) -> str:
    """Lower-case Latin ASCII for ``text`` in Cyrillic or Latin script (others via normality)."""
    lowered = fold_lookalikes(unicodedata.normalize("NFC", text)).casefold().translate(_TABLE)
    if lowered.isascii():
        return lowered
    return (ascii_text(lowered) or "").lower()
