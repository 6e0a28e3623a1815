"""Country names and codes from trade files mapped to ISO 3166 alpha-2, aggregates kept apart.

Trade files name countries in many ways: Comtrade uses UN M49 numbers (with a few of its own,
such as 842 for the USA) and ISO3, Eurostat uses long English or French names with footnotes
("Germany (incl. German Democratic Republic 'DD' from 1991)"). Aggregates (EU27, euro area,
World, continents) get codes of their own and ``is_aggregate`` so a sum over reporters or
partners never counts the same trade twice.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import pycountry
from rapidfuzz import fuzz, process

#: The 27 EU member states since February 2020 (facts, ISO alpha-2; Greece is GR, not EL).
EU27: tuple[str, ...] = (
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
)  # fmt: skip

#: Members of country groups an analysis can be asked about by code.
GROUPS: dict[str, tuple[str, ...]] = {
    "EU27": EU27,
    # countries that imposed export controls on Russia in 2022 (EU27 and its allies; facts)
    "SANCTIONING": (*EU27, "US", "GB", "CA", "JP", "KR", "AU", "NZ", "NO", "CH", "IS", "LI", "TW"),
}

#: Codes for aggregates, and the name patterns (English, French) that mean them.
_AGGREGATES: tuple[tuple[str, str], ...] = (
    ("EU27", r"^(european union|union europ[ée]enne) - 27|^european union - 27"),
    ("EA20", r"^(euro area|zone euro) - 20"),
    ("EA19", r"^(euro area|zone euro) - 19"),
    ("EA", r"^euro area|^zone euro"),
    ("EU", r"^european union\b|^union europ[ée]enne\b"),
    ("EXTRA_EU27", r"^extra-(eu|ue)27"),
    ("INTRA_EU27", r"^intra-(eu|ue)27"),
    ("WLD", r"^(world|monde|all partners|total)$"),
    ("AFRICA", r"^(africa|afrique)$"),
    ("AMERICA", r"^(america|am[ée]rique)$"),
    ("ASIA", r"^(asia|asie)$"),
    ("EUROPE", r"^europe$"),
    ("OCEANIA", r"^(australia and oceania|oceania|oc[ée]anie)$"),
    ("CIS", r"^commonwealth of independent states"),
    ("EAEU", r"^eurasian economic union"),
    ("NON_EAEU", r"^non-eaeu"),
    ("NON_EU", r"^non-eu"),
    ("SCO", r"^shanghai cooperation"),
    ("OTHER", r"^(other countries|rest of the world)$"),
)

#: Flows that went to no identified country (confidential, stores, high seas). They are real
#: leaf flows, not sums of others, so they are NOT aggregates; they share one code.
UNSPECIFIED = "XX"
_UNSPECIFIED_RE = re.compile(
    r"not specified|non (d[ée]termin|pr[ée]cis)|stores and provisions|avitaillement|high seas|"
    r"haute mer|unknown|special categories|bunkers|free zones|areas, nes|n\.e\.s",
    re.I,
)

#: Names pycountry does not know, as the trade files spell them (English, French, Russian).
_NAMES: dict[str, str] = {
    "russia": "RU", "russian federation (russia)": "RU", "russie, federation de": "RU",
    "belarus (belorussia)": "BY", "bielorussie (belarus)": "BY", "bosnia herzegovina": "BA",
    "turkey": "TR", "turquie": "TR", "kosovo": "XK", "macedonia": "MK",
    "korea (dprk)": "KP", "korea, dpr of": "KP", "republic of korea": "KR",
    "the republic of korea": "KR", "korea, republic of (south korea)": "KR",
    "korea, democratic people's republic of (north korea)": "KP",
    "coree, republique de (coree du sud)": "KR",
    "coree, republique populaire democratique de (coree du nord)": "KP",
    "cote d' ivoire": "CI", "cote d'ivoire": "CI", "ivory coast": "CI",
    "congo, democratic republic of": "CD", "congo, republique democratique du": "CD",
    "democratic republic of the congo": "CD", "eastern samoa": "AS", "swaziland": "SZ",
    "eswatini (ngwane)": "SZ", "cocos islands": "CC", "saint helena": "SH", "vatican": "VA",
    "monako": "MC", "sar-hong kong": "HK", "macau (macau)": "MO", "taiwan": "TW",
    "state of palestine": "PS", "svalbard and jan mayen islands": "SJ",
    "wallis and futuna islands": "WF", "st kitts and nevis": "KN", "st lucia": "LC",
    "st pierre and miquelon": "PM", "st vincent and the grenadines": "VC",
    "united states virgin islands": "VI", "virgin islands, united states": "VI",
    "netherlands antilles": "AN", "melilla": "XL", "ceuta": "XC", "salvador": "SV",
    "iles mineures eloignees des etats-unis": "UM", "terres australes francaises": "TF",
    "saint-barth?lemy": "BL", "bouvet": "BV", "ile bouvet": "BV", "brunei": "BN",
    "timor-oriental": "TL", "tokelaou": "TK", "niue": "NU", "palaos": "PW",
    "usa": "US", "united states of america": "US", "china, hong kong sar": "HK",
    "china, macao sar": "MO", "rep. of korea": "KR", "dem. people's rep. of korea": "KP",
    "iran": "IR", "bolivia (plurinational state of)": "BO", "türkiye": "TR", "turkiye": "TR",
    "rep. of moldova": "MD", "lao people's dem. rep.": "LA", "united rep. of tanzania": "TZ",
    "dem. rep. of the congo": "CD", "bosnia and herzegovina": "BA", "viet nam": "VN",
    "curacao": "CW", "curaçao": "CW", "state of palestine (palestine)": "PS",
    "occupied palestinian territory": "PS", "territoire palestinien occupe": "PS",
    "neth. antilles": "AN", "fmr sudan": "SD", "sudan (...2011)": "SD",
    "switzerland": "CH", "czechia": "CZ", "czech rep.": "CZ", "slovakia": "SK",
    "iles falkland (malouines)": "FK", "iles heard et mcdonald": "HM",
    "iles turks-et-caicos": "TC", "moldavie, republique de": "MD", "wallis-et-futuna": "WF",
    "sint-maarten (partie neerlandaise)": "SX", "iles vierges des etats-unis": "VI",
    "ile christmas": "CX", "iles cocos (ou iles keeling)": "CC", "iles salomon": "SB",
    "iles georgie du sud et sandwich du sud": "GS",
    "словакия": "SK", "босния и герцеговина": "BA", "северные марианские острова": "MP",
}  # fmt: skip

#: UN Comtrade's own numeric codes where they differ from ISO 3166 numeric (facts).
_COMTRADE_NUMERIC: dict[int, str] = {
    0: "WLD", 97: "EU", 251: "FR", 381: "IT", 490: "TW", 579: "NO", 699: "IN", 711: "ZA",
    757: "CH", 842: "US",
    # "nes" areas, bunkers, free zones, special categories: unattributed leaf flows
    **dict.fromkeys((899, 839, 837, 838, 568, 636, 577, 527, 473, 492, 536, 637, 290, 471), "XX"),
}  # fmt: skip

_AGGREGATE_CODES = frozenset(code for code, _ in _AGGREGATES) | {"EU"}


@dataclass(frozen=True)
class Country:
    """A resolved reporter or partner: ISO alpha-2 or an aggregate code (which sums others)."""

    code: str
    is_aggregate: bool


def is_aggregate(code: str) -> bool:
    return code in _AGGREGATE_CODES or code.startswith("?")


def _fold(name: str) -> str:
    """Lower case, accents off, curly quotes straight: the form names are compared in."""
    name = name.replace("’", "'").replace("\u00a0", " ").strip().lower()
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _translated_names() -> dict[str, str]:
    """ISO 3166 names in English, French and Russian (pycountry's translations), folded."""
    out: dict[str, str] = {}
    translations = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
        for lang in ("fr", "ru")
    ]
    for c in pycountry.countries:
        names = {c.name, getattr(c, "common_name", c.name), getattr(c, "official_name", c.name)}
        for n in list(names):
            names |= {t.gettext(n) for t in translations}
        for n in names:
            out.setdefault(_fold(n), c.alpha_2)
    out.update({_fold(k): v for k, v in _NAMES.items()})
    return out


_PAREN = re.compile(r"\s*\(([^()]*(\([^()]*\))?[^()]*)\)\s*")


@lru_cache(maxsize=4096)
def country_from_name(name: str) -> Country:
    """Resolve a country or aggregate name; unknown names become ``?name`` aggregates.

    An unknown name is kept (prefixed ``?``) and treated as an aggregate, so it is left out of
    sums rather than guessed at; the loaders report such names.
    """
    folded = _fold(name)
    for code, pattern in _AGGREGATES:
        if re.search(pattern, folded):
            return Country(code, True)
    if _UNSPECIFIED_RE.search(folded):
        return Country(UNSPECIFIED, False)
    names = _translated_names()
    candidates = [folded, _PAREN.sub(" ", folded).strip()]
    candidates += [m.group(1).strip() for m in _PAREN.finditer(folded)]
    for cand in candidates:
        if cand in names:
            return Country(names[cand], False)
    for cand in candidates[:2]:
        try:
            return Country(pycountry.countries.lookup(cand).alpha_2, False)
        except LookupError:
            continue
    # last resort: a near-identical spelling ("Iles Turks-et-Caïcos" for "Îles Turks et Caïques")
    best = process.extractOne(candidates[1], names.keys(), scorer=fuzz.ratio, score_cutoff=88)
    if best is not None:
        return Country(names[best[0]], False)
    return Country("?" + name.strip(), True)


@lru_cache(maxsize=1024)
def country_from_code(code: str | int) -> Country:
    """Resolve an ISO alpha-2/alpha-3 code or a UN M49 / Comtrade numeric code."""
    text = str(code).strip()
    if text.isdigit():
        number = int(text)
        if number in _COMTRADE_NUMERIC:
            iso = _COMTRADE_NUMERIC[number]
            return Country(iso, is_aggregate(iso))
        found = pycountry.countries.get(numeric=f"{number:03d}")
        if found is not None:
            return Country(found.alpha_2, False)
        return Country(f"?{number}", True)
    upper = text.upper()
    if upper in {"W00", "WLD", "WORLD"}:
        return Country("WLD", True)
    if upper in _AGGREGATE_CODES:
        return Country(upper, True)
    if upper in {"EL"}:  # Eurostat's code for Greece
        return Country("GR", False)
    if upper in {"XK", "XKX", "KOS"}:
        return Country("XK", False)
    if len(upper) == 2:
        found = pycountry.countries.get(alpha_2=upper)
    elif len(upper) == 3:
        found = pycountry.countries.get(alpha_3=upper)
    else:
        found = None
    if found is not None:
        return Country(found.alpha_2, False)
    if upper.startswith("_X") or upper in {"XX", "ZZ", "X2", "N/A"}:
        return Country(UNSPECIFIED, False)
    return country_from_name(text)


def members(code: str) -> tuple[str, ...]:
    """Members of a group code (``EU27``, ``SANCTIONING``) or the code itself for a country."""
    return GROUPS.get(code.upper(), (code.upper(),))


def resolve(codes: tuple[str, ...], name: str = "") -> Country:
    """One reporter or partner from its code columns (tried in order) and its name.

    An unresolved one becomes a ``?``-prefixed aggregate of what was written, never a guess.
    """
    for value in codes:
        if value:
            c = country_from_code(value)
            if not c.code.startswith("?"):
                return c
    if name:
        return country_from_name(name)
    return Country("?" + "/".join(p for p in (*codes, name) if p), True)
