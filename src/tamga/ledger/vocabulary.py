"""Code lists the event vocabulary is checked against: countries and units of measure.

The country and currency lists are pycountry's, read on first use: importing pycountry and
loading its databases costs about 0.14 s, which a command that reads the ledger (``tamga
stock``) never needs.
"""

from __future__ import annotations

import functools


@functools.cache
def countries() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes, plus XK (Kosovo), which customs systems use although ISO has
    not assigned it."""
    import pycountry

    return frozenset({c.alpha_2 for c in pycountry.countries} | {"XK"})


@functools.cache
def currencies() -> frozenset[str]:
    """ISO 4217 currency codes."""
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.currencies)


#: The UN/ECE Recommendation 20 units that customs declarations use (EAEU and EU supplementary
#: units among them). Others are refused as unknown, so a typo never becomes a unit.
UNITS: dict[str, str] = {
    "C62": "one (piece)",
    "H87": "piece",
    "NAR": "number of articles",
    "NPR": "number of pairs",
    "PR": "pair",
    "SET": "set",
    "NMP": "number of packs",
    "KGM": "kilogram",
    "GRM": "gram",
    "TNE": "tonne",
    "KNS": "kilogram named substance",
    "KSD": "kilogram of substance 90% dry",
    "LTR": "litre",
    "MLT": "millilitre",
    "HLT": "hectolitre",
    "LPA": "litre of pure alcohol",
    "MTR": "metre",
    "MTK": "square metre",
    "MTQ": "cubic metre",
    "KMT": "kilometre",
    "KWH": "kilowatt hour",
    "MWH": "megawatt hour",
    "GWH": "gigawatt hour",
    "CCT": "carrying capacity in tonnes",
    "CEN": "hundred",
    "MIL": "thousand",
    "CTM": "carat",
    "GFI": "gram of fissile isotopes",
    "DPC": "dozen pieces",
    "DZN": "dozen",
    "XPK": "package",
    "XBX": "box",
    "XPX": "pallet",
}
