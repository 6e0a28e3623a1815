"""GS1 identifiers in one canonical form: EPC URNs and GS1 Digital Links become
``https://id.gs1.org/<AI>/<key>[/<qualifier>/<value>]``.

The event hash compares events however they were written, so an SGTIN given as
``urn:epc:id:sgtin:4012345.011111.987`` and as a Digital Link on a brand's own domain must yield
the same string. Only the finest identification level is kept (a serial wins over a lot), query
strings and CPV qualifiers are dropped. Anything that is not a recognisable GS1 key is returned
as ``None`` so the caller keeps it verbatim.
"""

from __future__ import annotations

import re

CANONICAL = "https://id.gs1.org"

# Characters GS1 Digital Link percent-encodes that the EPC URN syntax leaves bare.
_DL_ESCAPES = {"!": "%21", "(": "%28", ")": "%29", "*": "%2A", "+": "%2B", ",": "%2C", ":": "%3A"}

_SHORT_NAMES = {
    "gtin": "01",
    "itip": "8006",
    "cpid": "8010",
    "gln": "414",
    "party": "417",
    "gsrnp": "8017",
    "gsrn": "8018",
    "gcn": "255",
    "sscc": "00",
    "gdti": "253",
    "ginc": "401",
    "gsin": "402",
    "grai": "8003",
    "giai": "8004",
    "cpv": "22",
    "lot": "10",
    "ser": "21",
}
_PRIMARY_KEYS = frozenset(
    {"00", "01", "253", "255", "401", "402", "414", "417", "8003", "8004", "8006", "8010"}
    | {"8017", "8018"}
)

_XCHAR = r"[\x21\x22\x25-\x2F\x30-\x39\x3A-\x3F\x41-\x5A\x5F\x61-\x7A]"
_VALID_DL = [
    re.compile(p)
    for p in (
        r"/00/\d{18}",
        r"/01/\d{14}(/(21|10)/" + _XCHAR + r"{1,60}|/235/" + _XCHAR + r"{1,80})?",
        r"/253/\d{13}" + _XCHAR + r"{0,51}",
        r"/255/\d{13}\d{0,12}",
        r"/401/" + _XCHAR + r"{1,90}",
        r"/402/\d{17}",
        r"/414/\d{13}(/254/" + _XCHAR + r"{1,60})?",
        r"/417/\d{13}",
        r"/8003/\d{14}" + _XCHAR + r"{0,48}",
        r"/8004/" + _XCHAR + r"{1,90}",
        r"/8006/\d{18}(/(21|10)/" + _XCHAR + r"{1,60})?",
        r"/8010/[\x23\x25\x2D\x2F\x30-\x39\x41-\x5A]{1,90}(/8011/\d{1,12})?",
        r"/8017/\d{18}",
        r"/8018/\d{18}",
    )
]


def check_digit(digits: str) -> str:
    """GS1 mod-10 check digit for a key without its check digit."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return str((10 - total % 10) % 10)


def _with_check(digits: str) -> str:
    return digits + check_digit(digits)


def _dl_escape(value: str) -> str:
    return "".join(_DL_ESCAPES.get(ch, ch) for ch in value)


def _gtin(company: str, item: str) -> str:
    return _with_check(item[:1] + company + item[1:])


def _split(body: str, parts: int) -> list[str] | None:
    pieces = body.split(".", parts - 1)
    if len(pieces) != parts or not pieces[0].isdigit() or not 6 <= len(pieces[0]) <= 12:
        return None
    return pieces


def _digits(*values: str) -> bool:
    """All digits; an empty reference is allowed (12-digit company prefixes leave none)."""
    return all(v == "" or v.isdigit() for v in values)


def _from_epc_id(scheme: str, body: str) -> str | None:
    if scheme in ("sgtin", "upui", "lgtin"):
        p = _split(body, 3)
        if not p or not _digits(p[1]) or len(p[0]) + len(p[1]) != 13 or not p[2]:
            return None
        qualifier = {"sgtin": "21", "upui": "235", "lgtin": "10"}[scheme]
        return f"/01/{_gtin(p[0], p[1])}/{qualifier}/{_dl_escape(p[2])}"
    if scheme in ("sscc", "gsrn", "gsrnp", "gsin"):
        p = _split(body, 2)
        total = {"sscc": 17, "gsrn": 17, "gsrnp": 17, "gsin": 16}[scheme]
        if not p or not _digits(p[1]) or len(p[0]) + len(p[1]) != total:
            return None
        ai = {"sscc": "00", "gsrn": "8018", "gsrnp": "8017", "gsin": "402"}[scheme]
        digits = p[1][:1] + p[0] + p[1][1:] if scheme == "sscc" else p[0] + p[1]
        return f"/{ai}/{_with_check(digits)}"
    if scheme in ("sgln", "grai", "gdti", "sgcn"):
        p = _split(body, 3)
        if not p or not _digits(p[1]) or len(p[0]) + len(p[1]) != 12:
            return None
        base = _with_check(p[0] + p[1])
        if scheme == "sgln":
            return f"/414/{base}" + ("" if p[2] in ("0", "") else f"/254/{_dl_escape(p[2])}")
        if scheme == "grai":
            return f"/8003/{_with_check('0' + p[0] + p[1])}{_dl_escape(p[2])}"
        return f"/{'253' if scheme == 'gdti' else '255'}/{base}{_dl_escape(p[2])}"
    if scheme in ("giai", "ginc"):
        p = _split(body, 2)
        if not p or not p[1]:
            return None
        return f"/{'8004' if scheme == 'giai' else '401'}/{p[0]}{_dl_escape(p[1])}"
    if scheme == "pgln":
        p = _split(body, 2)
        if not p or not _digits(p[1]) or len(p[0]) + len(p[1]) != 12:
            return None
        return f"/417/{_with_check(p[0] + p[1])}"
    if scheme == "cpi":
        p = _split(body, 2)
        if not p or "." not in p[1]:
            return None
        ref, serial = p[1].rsplit(".", 1)
        return f"/8010/{_dl_escape(p[0] + ref)}/8011/{serial}"
    if scheme == "itip":
        p = _split(body, 5)
        if not p or len(p[0]) + len(p[1]) != 13 or not _digits(p[1], p[2], p[3]):
            return None
        return f"/8006/{_gtin(p[0], p[1])}{p[2]}{p[3]}/21/{_dl_escape(p[4])}"
    return None


def _from_epc_pattern(scheme: str, body: str) -> str | None:
    """EPC ID pattern URIs naming a whole class (``...sgtin:4012345.011111.*``)."""
    if not body.endswith(".*"):
        return None
    head = body[:-2]
    if scheme in ("sgtin", "upui"):
        p = _split(head, 2)
        if p and _digits(p[1]) and len(p[0]) + len(p[1]) == 13:
            return f"/01/{_gtin(p[0], p[1])}"
    if scheme in ("grai", "gdti", "sgcn"):
        p = _split(head, 2)
        if p and _digits(p[1]) and len(p[0]) + len(p[1]) == 12:
            base = _with_check(p[0] + p[1])
            return {"grai": f"/8003/0{base}", "gdti": f"/253/{base}", "sgcn": f"/255/{base}"}[
                scheme
            ]
    if scheme == "itip":
        p = _split(head, 4)
        if p and len(p[0]) + len(p[1]) == 13 and _digits(p[1], p[2], p[3]):
            return f"/8006/{_gtin(p[0], p[1])}{p[2]}{p[3]}"
    if scheme == "cpi":
        p = _split(head, 2)
        if p:
            return f"/8010/{_dl_escape(p[0] + p[1])}"
    return None


def _from_digital_link(uri: str) -> str | None:
    """Re-root a Digital Link on id.gs1.org, with AIs for short names and one ID level."""
    uri = uri.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    match = re.match(r"^https?://[^/?#]+(/.*)?$", uri)
    if not match or not match.group(1):
        return None
    segments = match.group(1).split("/")[1:]
    segments = [_SHORT_NAMES.get(s, s) if i % 2 == 0 else s for i, s in enumerate(segments)]
    start = None
    for i, seg in enumerate(segments):
        if seg in _PRIMARY_KEYS and i + 1 < len(segments):
            start = i
            break
    if start is None:
        return None
    path = segments[start:]
    if len(path) % 2:
        return None
    pairs = list(zip(path[::2], path[1::2], strict=True))
    ai, key = pairs[0]
    if ai == "01" and key.isdigit() and len(key) in (8, 12, 13):
        key = key.zfill(14)
    qualifiers = dict(pairs[1:])
    qualifiers.pop("22", None)
    if "21" in qualifiers:
        qualifiers.pop("10", None)
    result = f"/{ai}/{key}" + "".join(f"/{k}/{v}" for k, v in qualifiers.items())
    return result if any(p.fullmatch(result) for p in _VALID_DL) else None


def normalise(value: str) -> str | None:
    """The canonical Digital Link for an EPC URN, EPC class/pattern URI or Digital Link."""
    if value.startswith("urn:epc:id:"):
        scheme, _, body = value[len("urn:epc:id:") :].partition(":")
        path = _from_epc_id(scheme, body)
    elif value.startswith("urn:epc:class:lgtin:"):
        path = _from_epc_id("lgtin", value[len("urn:epc:class:lgtin:") :])
    elif value.startswith("urn:epc:idpat:"):
        scheme, _, body = value[len("urn:epc:idpat:") :].partition(":")
        path = _from_epc_pattern(scheme, body)
    elif value.startswith(("http://", "https://")):
        path = _from_digital_link(value)
    else:
        return None
    return CANONICAL + path if path else None
