"""Identifiers with their real check digits: Kazakh BINs, Russian INN/OGRN, GTINs, MRNs.

Every number is built from a serial the caller owns, so the same seed gives the same numbers.
"""

from __future__ import annotations

from datetime import date


def bin_check(first11: str) -> int | None:
    """The twelfth digit of a Kazakh BIN/IIN, or None when both weightings give 10."""
    digits = [int(c) for c in first11]
    total = sum(d * w for d, w in zip(digits, range(1, 12), strict=True)) % 11
    if total == 10:
        weights = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]
        total = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if total == 10:
            return None
    return total


def make_bin(registered: date, serial: int) -> str:
    """A resident legal entity's BIN: YYMM of registration, 4 (resident legal entity),
    0 (head office), a five-digit serial and the check digit; serials that give no valid check
    digit are stepped over."""
    while True:
        body = f"{registered:%y%m}40{serial % 100000:05d}"
        check = bin_check(body)
        if check is not None:
            return body + str(check)
        serial += 1


def bin_valid(value: str) -> bool:
    return len(value) == 12 and value.isdigit() and bin_check(value[:11]) == int(value[11])


_INN10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_A = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_B = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _weighted(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 % 10


def inn10(region: int, serial: int) -> str:
    """A Russian legal entity's INN: region, tax office, serial, check digit."""
    body = f"{region:02d}{serial % 10_000_000:07d}"
    return body + str(_weighted(body, _INN10))


def inn12(region: int, serial: int) -> str:
    """A Russian individual's (or sole trader's) INN, with its two check digits."""
    body = f"{region:02d}{serial % 100_000_000:08d}"
    first = _weighted(body, _INN12_A)
    body += str(first)
    return body + str(_weighted(body, _INN12_B))


def inn_valid(value: str) -> bool:
    if len(value) == 10 and value.isdigit():
        return _weighted(value[:9], _INN10) == int(value[9])
    if len(value) == 12 and value.isdigit():
        return _weighted(value[:10], _INN12_A) == int(value[10]) and _weighted(
            value[:11], _INN12_B
        ) == int(value[11])
    return False


def ogrn(year: int, region: int, serial: int) -> str:
    """A company's OGRN: 1, year, region, register serial; check = (first 12 mod 11) mod 10."""
    body = f"1{year % 100:02d}{region:02d}{serial % 10_000_000:07d}"
    return body + str(int(body) % 11 % 10)


def ogrnip(year: int, region: int, serial: int) -> str:
    """A sole trader's OGRNIP (15 digits): check = (first 14 mod 13) mod 10."""
    body = f"3{year % 100:02d}{region:02d}{serial % 1_000_000_000:09d}"
    return body + str(int(body) % 13 % 10)


def ogrn_valid(value: str) -> bool:
    if len(value) == 13 and value.isdigit():
        return int(value[:12]) % 11 % 10 == int(value[12])
    if len(value) == 15 and value.isdigit():
        return int(value[:14]) % 13 % 10 == int(value[14])
    return False


def gtin13(serial: int) -> str:
    """A GTIN-13 in GS1's restricted-circulation range (prefix 2), so no real product's."""
    body = f"29{serial % 10_000_000_000:010d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


_MRN_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def mrn(year: int, office: str, serial: int) -> str:
    """An 18-character transit MRN: year, KZ, the office, T, a serial and a check character."""
    body = f"{year % 100:02d}KZ{office}T{serial:07d}"
    total = sum(_MRN_CHARS.index(c) * (2**i) for i, c in enumerate(body)) % 11 % 10
    return body + str(total)
