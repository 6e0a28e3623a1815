"""Country codes and the group names lists use ("EU", "G7"), expanded to ISO alpha-2 codes."""

from __future__ import annotations

import pycountry

from tamga.errors import InvalidInput

#: EU member states (since 2020-02-01, after the UK left)
EU = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)
GROUPS: dict[str, frozenset[str]] = {
    "EU": EU,
    "G7": frozenset({"CA", "FR", "DE", "IT", "JP", "GB", "US"}),
    "EAEU": frozenset({"AM", "BY", "KZ", "KG", "RU"}),
}
#: common names people write instead of the ISO code
ALIASES = {"UK": "GB", "EL": "GR"}


def normalize_country(code: str) -> str:
    """One ISO alpha-2 code, upper-case; UK becomes GB. Raises InvalidInput for unknown codes."""
    value = code.strip().upper()
    value = ALIASES.get(value, value)
    if len(value) == 3:
        found = pycountry.countries.get(alpha_3=value)
        if found is not None:
            return str(found.alpha_2)
    if len(value) == 2 and pycountry.countries.get(alpha_2=value) is not None:
        return value
    raise InvalidInput(f"unknown country code {code!r}", field="country")


def expand_countries(codes: list[str] | tuple[str, ...] | None) -> frozenset[str] | None:
    """Group names expanded, codes normalized; ``None`` (no restriction) stays ``None``."""
    if not codes:
        return None
    out: set[str] = set()
    for code in codes:
        group = GROUPS.get(code.strip().upper())
        if group is not None:
            out |= group
        else:
            out.add(normalize_country(code))
    return frozenset(out)
