"""Transit corridors along Kazakhstan's real trunk roads, their border posts and inland
customs offices, and navigation-seal positions with GNSS noise and coverage gaps."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

#: place: (lat, lon, office or border-post code or None for a town on the road)
PLACES: dict[str, tuple[float, float, str | None]] = {
    "Nur Zholy": (44.214, 80.302, "BP-NURZHOLY"),
    "Dostyk": (45.254, 82.485, "BP-DOSTYK"),
    "Zharkent": (44.163, 80.004, None),
    "Shelek": (43.597, 78.249, None),
    "Almaty": (43.300, 76.950, "CO-ALMATY-ZHETYSU"),
    "Kapshagay": (43.884, 77.068, None),
    "Kordai": (43.045, 74.710, "BP-KORDAI"),
    "Shu": (43.598, 73.760, None),
    "Taraz": (42.900, 71.367, "CO-TARAZ"),
    "Shymkent": (42.317, 69.596, "CO-SHYMKENT-TLC"),
    "Zhibek Zholy": (41.386, 69.276, "BP-ZHIBEKZHOLY"),
    "Turkistan": (43.297, 68.252, None),
    "Kyzylorda": (44.853, 65.509, "CO-KYZYLORDA"),
    "Aralsk": (46.798, 61.667, None),
    "Aktobe": (50.283, 57.167, "CO-AKTOBE"),
    "Zhaisan": (50.577, 55.835, "BP-ZHAISAN"),
    "Balkhash": (46.848, 74.995, None),
    "Karaganda": (49.806, 73.085, "CO-KARAGANDA"),
    "Astana": (51.169, 71.449, "CO-ASTANA-LC"),
    "Kokshetau": (53.283, 69.383, None),
    "Petropavl": (54.872, 69.143, "CO-PETROPAVL"),
    "Kairak": (54.961, 68.410, "BP-KAIRAK"),
    "Aktogay": (46.950, 79.660, None),
    "Ayagoz": (47.965, 80.439, None),
    "Semey": (50.411, 80.227, "CO-SEMEY"),
    "Pavlodar": (52.287, 76.967, "CO-PAVLODAR"),
    "Sharbakty": (52.486, 78.150, "BP-SHARBAKTY"),
    "Aktau": (43.650, 51.160, "CO-AKTAU-PORT"),
    "Beyneu": (45.316, 55.200, None),
    "Tazhen": (44.560, 56.110, "BP-TAZHEN"),
    "Uralsk": (51.233, 51.367, "CO-URALSK"),
    "Syrym": (51.460, 50.620, "BP-SYRYM"),
    "Kostanay": (53.214, 63.624, "CO-KOSTANAY"),
    "Karakuga": (54.240, 63.400, "BP-KARAKUGA"),
}


@dataclass(frozen=True)
class Corridor:
    name: str
    road: str
    via: tuple[str, ...]  # first and last are offices
    destination_country: str
    carriers: tuple[str, ...]  # carrier countries on it


CORRIDORS: tuple[Corridor, ...] = (
    Corridor(
        "CN-RU north",
        "M-36",
        (
            "Nur Zholy",
            "Zharkent",
            "Shelek",
            "Almaty",
            "Kapshagay",
            "Balkhash",
            "Karaganda",
            "Astana",
            "Kokshetau",
            "Petropavl",
            "Kairak",
        ),
        "RU",
        ("CN", "RU", "KZ"),
    ),
    Corridor(
        "CN-UZ",
        "A-2",
        (
            "Nur Zholy",
            "Zharkent",
            "Shelek",
            "Almaty",
            "Kordai",
            "Shu",
            "Taraz",
            "Shymkent",
            "Zhibek Zholy",
        ),
        "UZ",
        ("CN", "UZ", "KZ"),
    ),
    Corridor(
        "UZ-RU",
        "M-32",
        ("Zhibek Zholy", "Shymkent", "Turkistan", "Kyzylorda", "Aralsk", "Aktobe", "Zhaisan"),
        "RU",
        ("UZ", "RU", "TR"),
    ),
    Corridor(
        "KG-RU",
        "M-36",
        ("Kordai", "Shu", "Balkhash", "Karaganda", "Astana", "Kokshetau", "Petropavl", "Kairak"),
        "RU",
        ("KG", "RU"),
    ),
    Corridor(
        "CN-RU east",
        "A-3/A-17",
        ("Dostyk", "Aktogay", "Ayagoz", "Semey", "Pavlodar", "Sharbakty"),
        "RU",
        ("CN", "RU"),
    ),
    Corridor(
        "TR-CN middle",
        "A-27/M-32",
        ("Aktau", "Beyneu", "Kyzylorda", "Turkistan", "Shymkent", "Taraz", "Shu", "Kordai"),
        "KG",
        ("TR", "KG", "UZ"),
    ),
    Corridor(
        "RU-UZ",
        "M-32",
        (
            "Syrym",
            "Uralsk",
            "Aktobe",
            "Aralsk",
            "Kyzylorda",
            "Turkistan",
            "Shymkent",
            "Zhibek Zholy",
        ),
        "UZ",
        ("RU", "UZ"),
    ),
    Corridor("TR-UZ Caspian", "A-27", ("Aktau", "Beyneu", "Tazhen"), "UZ", ("TR", "UZ")),
    Corridor("RU-KZ Kostanay", "R-36", ("Karakuga", "Kostanay"), "KZ", ("RU", "KZ")),
)
#: corridors ending at a domestic office: goods are declared for import there
IMPORT_CORRIDORS = {
    "CN-Almaty": ("Nur Zholy", "Zharkent", "Shelek", "Almaty"),
    "CN-Astana": (
        "Nur Zholy",
        "Zharkent",
        "Shelek",
        "Almaty",
        "Kapshagay",
        "Balkhash",
        "Karaganda",
        "Astana",
    ),
    "UZ-Shymkent": ("Zhibek Zholy", "Shymkent"),
    "RU-Kostanay": ("Karakuga", "Kostanay"),
    "RU-Uralsk": ("Syrym", "Uralsk"),
    "CN-Semey": ("Dostyk", "Aktogay", "Ayagoz", "Semey"),
}
IMPORT_ROADS = {
    "CN-Almaty": "A-2",
    "CN-Astana": "M-36",
    "UZ-Shymkent": "A-2",
    "RU-Kostanay": "R-36",
    "RU-Uralsk": "M-32",
    "CN-Semey": "A-3",
}
#: stretches without mobile coverage, where seals store nothing (by place pair)
DEAD_ZONES = {
    ("Balkhash", "Karaganda"),
    ("Aralsk", "Aktobe"),
    ("Beyneu", "Kyzylorda"),
    ("Beyneu", "Tazhen"),
    ("Ayagoz", "Semey"),
    ("Kapshagay", "Balkhash"),
}


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h)) * 1.18  # roads are longer than great circles


@dataclass
class Fix:
    km_from_start: float
    lat: float | None
    lon: float | None
    place: str  # the segment's name, for the checkpoint's location
    office: str | None  # an office passed (a passage without a GNSS fix)
    zone_lon: float = 70.0  # where the clock is read


def fixes(rng: random.Random, via: tuple[str, ...], road: str, every_km: float) -> list[Fix]:
    """Position reports along ``via``: roughly every ``every_km`` (seals report on a timer and
    a speed), noisy by tens of metres and now and then by hundreds, none in dead zones, and a
    passage (no fix) at each office of transit on the way."""
    out: list[Fix] = []
    total = 0.0
    for i in range(len(via) - 1):
        a, b = PLACES[via[i]], PLACES[via[i + 1]]
        seg = km(a[:2], b[:2])
        if i > 0 and a[2] is not None:
            out.append(Fix(total, None, None, a[2], a[2], a[1]))
        dead = (via[i], via[i + 1]) in DEAD_ZONES or (via[i + 1], via[i]) in DEAD_ZONES
        n = max(1, int(seg / every_km))
        for j in range(1, n + 1):
            if dead and 0.15 < j / (n + 1) < 0.9:
                continue
            if rng.random() < 0.05:  # a seal that missed a report
                continue
            f = j / (n + 1) + rng.uniform(-0.2, 0.2) / (n + 1)
            sigma = 0.0004 if rng.random() < 0.93 else 0.006
            lat = a[0] + (b[0] - a[0]) * f + rng.gauss(0, sigma)
            lon = a[1] + (b[1] - a[1]) * f + rng.gauss(0, sigma)
            out.append(
                Fix(
                    total + seg * f,
                    round(lat, 5),
                    round(lon, 5),
                    f"{road} km {int(total + seg * f)}",
                    None,
                    lon,
                )
            )
        total += seg
    return out


def length(via: tuple[str, ...]) -> float:
    return sum(km(PLACES[via[i]][:2], PLACES[via[i + 1]][:2]) for i in range(len(via) - 1))


def office(place: str) -> str:
    code = PLACES[place][2]
    assert code is not None, place
    return code
