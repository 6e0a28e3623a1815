"""A FICTIONAL sanctions list (FollowTheMoney entities) and the spellings that hide a listed
consignee on an export declaration: transliteration, Latin look-alike letters inside Cyrillic,
initials with a legal form, words in another order."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

WORDS_A = [
    "Радио",
    "Техно",
    "Спец",
    "Микро",
    "Электро",
    "Оптик",
    "Авиа",
    "Нево",
    "Кварц",
    "Импульс",
]
WORDS_B = ["комплект", "снаб", "прибор", "системы", "деталь", "трейд", "логистика", "сервис"]
PEOPLE = [
    ("Кузнецов", "Андрей", "Викторович"),
    ("Белова", "Ирина", "Сергеевна"),
    ("Громов", "Павел", "Олегович"),
    ("Лебедев", "Максим", "Игоревич"),
    ("Соколова", "Наталья", "Андреевна"),
    ("Карпов", "Денис", "Юрьевич"),
]

_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "y",
            "",
            "e",
            "yu",
            "ya",
        ],
        strict=True,
    )
)
#: Cyrillic letter -> the Latin letter that looks the same
HOMOGLYPHS = {
    "а": "a",
    "е": "e",
    "о": "o",
    "р": "p",
    "с": "c",
    "х": "x",
    "у": "y",
    "А": "A",
    "Е": "E",
    "О": "O",
    "Р": "P",
    "С": "C",
    "Х": "X",
    "К": "K",
    "М": "M",
    "Т": "T",
    "Н": "H",
    "В": "B",
}


def translit(text: str) -> str:
    out = []
    for ch in text:
        low = ch.lower()
        if low in _TRANSLIT:
            rep = _TRANSLIT[low]
            out.append(rep.capitalize() if ch != low else rep)
        else:
            out.append({"«": '"', "»": '"'}.get(ch, ch))
    return "".join(out).replace("OOO", "OOO")


@dataclass
class Listed:
    id: str
    schema: str  # Company | Person
    name: str  # as listed, Cyrillic
    country: str
    inn: str
    parts: tuple[str, ...]  # words (company) or surname, first name, patronymic (person)
    form: str = "ООО"


def _inn(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


def make_list(rng: random.Random, companies: int = 30, people: int = 6) -> list[Listed]:
    out: list[Listed] = []
    seen: set[str] = set()
    while len(out) < companies:
        a, b = rng.choice(WORDS_A), rng.choice(WORDS_B)
        if rng.random() < 0.4:
            parts: tuple[str, ...] = (a + b, rng.choice(["Север", "Урал", "Балтика", "Центр"]))
        else:
            parts = (a + b,)
        name_core = " ".join(parts)
        if name_core in seen:
            continue
        seen.add(name_core)
        country = "BY" if rng.random() < 0.15 else "RU"
        form = rng.choice(["ООО", "ООО", "АО"]) if country == "RU" else "ООО"
        out.append(
            Listed(
                f"w3-sanc-{len(out):03d}",
                "Company",
                f"{form} «{name_core}»",
                country,
                _inn(rng, 10 if country == "RU" else 9),
                parts,
                form,
            )
        )
    for sur, first, pat in rng.sample(PEOPLE, people):
        out.append(
            Listed(
                f"w3-sanc-p{len(out):03d}",
                "Person",
                f"{sur} {first} {pat}",
                "RU",
                _inn(rng, 12),
                (sur, first, pat),
                "ИП",
            )
        )
    return out


def variant(rng: random.Random, entry: Listed, kind: str) -> str:
    """The listed entity's name as a declarant might write it, by ``kind``."""
    if entry.schema == "Person":
        sur, first, pat = entry.parts
        if kind == "initials":
            return f"ИП {sur} {first[0]}.{pat[0]}."
        if kind == "translit":
            return f"IP {translit(sur)} {translit(first)} {translit(pat)}"
        if kind == "word_order":
            return f"ИП {first} {pat} {sur}"
        return "ИП " + _homoglyphs(rng, f"{sur} {first} {pat}")
    core = " ".join(entry.parts)
    if kind == "translit":
        form = {"ООО": "OOO", "АО": "AO"}[entry.form]
        return f'{form} "{translit(core)}"'
    if kind == "word_order":
        if len(entry.parts) > 1:
            return f"{entry.form} «{' '.join(reversed(entry.parts))}»"
        return f"«{core}», {entry.form}"
    if kind in {"initials", "legal_form"}:  # the legal form spelt out
        long_form = {
            "ООО": "Общество с ограниченной ответственностью",
            "АО": "Акционерное общество",
        }
        return f"{long_form[entry.form]} «{core}»"
    return f"{entry.form} «{_homoglyphs(rng, core)}»"


def _homoglyphs(rng: random.Random, text: str) -> str:
    chars = list(text)
    spots = [i for i, ch in enumerate(chars) if ch in HOMOGLYPHS]
    for i in rng.sample(spots, max(1, min(len(spots), rng.randint(1, 3)))):
        chars[i] = HOMOGLYPHS[chars[i]]
    return "".join(chars)


def write_ftm(path: Path, listed: list[Listed], rng: random.Random) -> None:
    """Listed entities carry the topic ``sanction``; owners and affiliates without it do not."""
    rows: list[dict[str, Any]] = []
    note = "FICTIONAL entity of tamga's third evaluation world; no real party is meant"
    for entry in listed:
        props: dict[str, list[str]] = {
            "name": [entry.name],
            "country": [entry.country.lower()],
            "topics": ["sanction"],
            "notes": [note],
            "program": ["W3-FICTIONAL-EO"],
        }
        if entry.schema == "Company":
            props["alias"] = [translit(entry.name)]
            props["innCode" if entry.country == "RU" else "registrationNumber"] = [entry.inn]
        else:
            sur, first, pat = entry.parts
            props.update(lastName=[sur], firstName=[first], fatherName=[pat], innCode=[entry.inn])
        rows.append(
            {
                "id": entry.id,
                "schema": entry.schema,
                "properties": props,
                "topics": ["sanction"],
                "target": True,
            }
        )
    # unlisted: owners of listed firms, and look-alike firms that are NOT on the list
    for i, entry in enumerate(listed[:12]):
        sur, first, pat = rng.choice(PEOPLE)
        owner = f"w3-owner-{i:03d}"
        rows.append(
            {
                "id": owner,
                "schema": "Person",
                "properties": {
                    "name": [f"{sur} {first} {pat}"],
                    "country": ["ru"],
                    "notes": [note],
                },
            }
        )
        rows.append(
            {
                "id": f"w3-own-{i:03d}",
                "schema": "Ownership",
                "properties": {
                    "owner": [owner],
                    "asset": [entry.id],
                    "percentage": [str(rng.choice([25, 51, 100]))],
                },
            }
        )
    for i in range(10):
        a, b = rng.choice(WORDS_A), rng.choice(WORDS_B)
        rows.append(
            {
                "id": f"w3-peer-{i:03d}",
                "schema": "Company",
                "properties": {"name": [f"ООО «{a}{b} Плюс»"], "country": ["ru"], "notes": [note]},
            }
        )
    with path.open("wb") as fh:
        for row in rows:
            fh.write(orjson.dumps(row) + b"\n")
