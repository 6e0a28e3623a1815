"""The places and corridors themselves, and lookups over them.

Border crossings are the country's real road and rail crossings (Chinese, Russian, Kyrgyz and
Uzbek borders, and the Caspian port of Aktau); inland customs offices and bonded warehouses are
in the main cities. Coordinates are rounded public facts. Corridor polylines follow the main
roads through the cities on the way (the Western Europe-Western China road, the Almaty-Astana-
Petropavlovsk road, the Dostyk-Semey-Pavlodar road, ...), with a vertex per city.
"""

from __future__ import annotations

from collections.abc import Iterable

from tamga.errors import NotFound
from tamga.geography.distance import distance_km
from tamga.geography.model import Corridor, Place, PlaceKind


class UnknownPlace(NotFound):
    """A place code the reference geography does not know."""


def _p(
    code: str,
    name: str,
    kind: PlaceKind,
    lat: float,
    lon: float,
    *,
    city: str | None = None,
    neighbour: str | None = None,
    local: str | None = None,
) -> Place:
    return Place(code, name, kind, lat, lon, city=city, neighbour=neighbour, name_local=local)


_RB: PlaceKind = "road_border"
_RL: PlaceKind = "rail_border"
_IN: PlaceKind = "inland_office"
_WH: PlaceKind = "warehouse"

PLACES: tuple[Place, ...] = (
    # -- China --------------------------------------------------------------------------------
    _p("KZ-P-KHORGOS", "Nur Zholy (Khorgos)", _RB, 44.21, 80.40, neighbour="CN", local="Нур Жолы"),
    _p(
        "KZ-R-ALTYNKOL",
        "Altynkol (Khorgos rail)",
        _RL,
        44.17,
        80.33,
        neighbour="CN",
        local="Алтынколь",
    ),
    _p("KZ-R-DOSTYK", "Dostyk (rail)", _RL, 45.25, 82.49, neighbour="CN", local="Достык"),
    _p("KZ-P-DOSTYK", "Dostyk (road)", _RB, 45.24, 82.47, neighbour="CN", local="Достык"),
    _p("KZ-P-BAKHTY", "Bakhty", _RB, 46.66, 82.74, neighbour="CN", local="Бахты"),
    _p("KZ-P-MAIKAPCHAGAI", "Maikapchagai", _RB, 47.47, 85.58, neighbour="CN", local="Майкапшагай"),
    _p("KZ-P-KALZHAT", "Kalzhat", _RB, 43.62, 80.58, neighbour="CN", local="Кольжат"),
    # -- Russia -------------------------------------------------------------------------------
    _p("KZ-P-ZHAISAN", "Zhaisan", _RB, 50.80, 56.80, neighbour="RU", local="Жайсан"),
    _p("KZ-P-KAIRAK", "Kairak", _RB, 54.06, 61.50, neighbour="RU", local="Кайрак"),
    _p(
        "KZ-P-KYZYLZHAR",
        "Kyzylzhar (Petropavlovsk)",
        _RB,
        55.00,
        68.30,
        neighbour="RU",
        local="Кызылжар",
    ),
    _p(
        "KZ-R-PETROPAVLOVSK",
        "Petropavlovsk (rail, Mamlyutka)",
        _RL,
        54.94,
        68.54,
        neighbour="RU",
        local="Петропавловск",
    ),
    _p("KZ-P-MASHTAKOVO", "Mashtakovo", _RB, 51.05, 55.60, neighbour="RU", local="Маштаково"),
    _p("KZ-P-AISARY", "Aisary", _RB, 53.95, 75.05, neighbour="RU", local="Айсары"),
    _p("KZ-P-SYRYM", "Syrym", _RB, 51.62, 51.75, neighbour="RU", local="Сырым"),
    _p("KZ-P-KARAKOGA", "Karakoga", _RB, 54.75, 71.25, neighbour="RU", local="Каракога"),
    _p("KZ-P-TOBOL", "Tobol", _RB, 52.70, 62.58, neighbour="RU", local="Тобол"),
    _p("KZ-P-AUYL", "Auyl", _RB, 51.20, 81.10, neighbour="RU", local="Аул"),
    _p(
        "KZ-P-KARAOZEK",
        "Karaozek (Kurmangazy)",
        _RB,
        46.65,
        49.35,
        neighbour="RU",
        local="Караозек",
    ),
    _p("KZ-P-TASKALA", "Taskala", _RB, 51.10, 50.30, neighbour="RU", local="Таскала"),
    # -- Kyrgyzstan, Uzbekistan ---------------------------------------------------------------
    _p("KZ-P-KORDAY", "Korday", _RB, 43.03, 74.72, neighbour="KG", local="Кордай"),
    _p("KZ-P-AKZHOL", "Ak-Zhol", _RB, 42.87, 73.20, neighbour="KG", local="Ак-Жол"),
    _p(
        "KZ-P-ZHIBEKZHOLY",
        "Zhibek Zholy (Gisht Kuprik)",
        _RB,
        41.38,
        69.08,
        neighbour="UZ",
        local="Жибек Жолы",
    ),
    _p("KZ-P-KAZYGURT", "Kazygurt", _RB, 41.55, 69.45, neighbour="UZ", local="Казыгурт"),
    # -- the Caspian --------------------------------------------------------------------------
    Place(
        "KZ-S-AKTAU",
        "Aktau sea port",
        "sea_port",
        43.61,
        51.22,
        city="Aktau",
        neighbour="AZ",
        name_local="Актау",
    ),
    # -- inland customs offices ---------------------------------------------------------------
    _p("KZ-O-ALMATY", "Almaty customs office", _IN, 43.24, 76.89, city="Almaty"),
    _p("KZ-O-ASTANA", "Astana customs office", _IN, 51.17, 71.45, city="Astana"),
    _p("KZ-O-SHYMKENT", "Shymkent customs office", _IN, 42.32, 69.60, city="Shymkent"),
    _p("KZ-O-KARAGANDA", "Karaganda customs office", _IN, 49.81, 73.09, city="Karaganda"),
    _p("KZ-O-AKTOBE", "Aktobe customs office", _IN, 50.28, 57.17, city="Aktobe"),
    _p("KZ-O-PAVLODAR", "Pavlodar customs office", _IN, 52.29, 76.97, city="Pavlodar"),
    _p(
        "KZ-O-USTKAMENOGORSK",
        "Ust-Kamenogorsk customs office",
        _IN,
        49.95,
        82.63,
        city="Ust-Kamenogorsk",
    ),
    _p("KZ-O-KOSTANAY", "Kostanay customs office", _IN, 53.21, 63.62, city="Kostanay"),
    _p(
        "KZ-O-PETROPAVLOVSK",
        "Petropavlovsk customs office",
        _IN,
        54.87,
        69.14,
        city="Petropavlovsk",
    ),
    _p("KZ-O-URALSK", "Uralsk customs office", _IN, 51.23, 51.39, city="Uralsk"),
    _p("KZ-O-ATYRAU", "Atyrau customs office", _IN, 47.09, 51.92, city="Atyrau"),
    _p("KZ-O-AKTAU", "Aktau customs office", _IN, 43.65, 51.16, city="Aktau"),
    # -- bonded / temporary-storage warehouses ------------------------------------------------
    _p("KZ-W-ALMATY-1", "Almaty warehouse 1 (Alatau)", _WH, 43.33, 76.95, city="Almaty"),
    _p("KZ-W-ALMATY-2", "Almaty warehouse 2 (Kapshagay road)", _WH, 43.40, 77.05, city="Almaty"),
    _p("KZ-W-ASTANA-1", "Astana warehouse 1", _WH, 51.12, 71.52, city="Astana"),
    _p("KZ-W-SHYMKENT-1", "Shymkent warehouse 1", _WH, 42.36, 69.66, city="Shymkent"),
    _p("KZ-W-KARAGANDA-1", "Karaganda warehouse 1", _WH, 49.84, 73.16, city="Karaganda"),
    _p("KZ-W-AKTOBE-1", "Aktobe warehouse 1", _WH, 50.31, 57.23, city="Aktobe"),
    _p("KZ-W-PAVLODAR-1", "Pavlodar warehouse 1", _WH, 52.31, 77.02, city="Pavlodar"),
    _p(
        "KZ-W-USTKAMENOGORSK-1",
        "Ust-Kamenogorsk warehouse 1",
        _WH,
        49.98,
        82.57,
        city="Ust-Kamenogorsk",
    ),
    _p("KZ-W-KOSTANAY-1", "Kostanay warehouse 1", _WH, 53.24, 63.58, city="Kostanay"),
    _p(
        "KZ-W-PETROPAVLOVSK-1", "Petropavlovsk warehouse 1", _WH, 54.90, 69.20, city="Petropavlovsk"
    ),
    _p("KZ-W-URALSK-1", "Uralsk warehouse 1", _WH, 51.20, 51.44, city="Uralsk"),
    _p("KZ-W-ATYRAU-1", "Atyrau warehouse 1", _WH, 47.12, 51.88, city="Atyrau"),
    _p("KZ-W-AKTAU-1", "Aktau warehouse 1 (port zone)", _WH, 43.63, 51.19, city="Aktau"),
)

_BY_CODE: dict[str, Place] = {p.code: p for p in PLACES}

# city vertices of the road polylines, (lat, lon)
_ALMATY, _TARAZ, _SHYMKENT = (43.24, 76.89), (42.90, 71.37), (42.32, 69.60)
_KYZYLORDA, _ARALSK, _AKTOBE = (44.85, 65.51), (46.80, 61.67), (50.28, 57.17)
_BALKHASH, _KARAGANDA, _ASTANA = (46.85, 74.98), (49.81, 73.09), (51.17, 71.45)
_KOKSHETAU, _PETROPAVLOVSK = (53.28, 69.40), (54.87, 69.14)
_USHARAL, _AYAGOZ, _SEMEY, _PAVLODAR = (
    (46.17, 80.93),
    (47.97, 80.44),
    (50.41, 80.23),
    (52.29, 76.97),
)
_KOSTANAY, _ARKALYK = (53.21, 63.62), (50.25, 66.91)
_BEINEU, _SHETPE = (45.32, 55.20), (44.17, 52.13)
_USHTOBE, _TALDYKORGAN = (45.25, 77.98), (45.02, 78.37)


def _at(code: str) -> tuple[float, float]:
    return _BY_CODE[code].point


CORRIDORS: tuple[Corridor, ...] = (
    Corridor(
        "WE-WC",
        "Western Europe-Western China: Khorgos-Almaty-Shymkent-Kyzylorda-Aktobe-Zhaisan",
        "CN",
        "RU",
        ("KZ-P-KHORGOS", "KZ-O-ALMATY", "KZ-O-SHYMKENT", "KZ-O-AKTOBE", "KZ-P-ZHAISAN"),
        (
            _at("KZ-P-KHORGOS"),
            (43.99, 79.30),
            _ALMATY,
            (43.15, 74.95),
            _TARAZ,
            _SHYMKENT,
            (43.30, 68.25),
            _KYZYLORDA,
            _ARALSK,
            (48.70, 58.90),
            _AKTOBE,
            _at("KZ-P-ZHAISAN"),
        ),
    ),
    Corridor(
        "CENTRAL",
        "Khorgos-Almaty-Balkhash-Karaganda-Astana-Petropavlovsk-Kyzylzhar",
        "CN",
        "RU",
        ("KZ-P-KHORGOS", "KZ-O-ALMATY", "KZ-O-KARAGANDA", "KZ-O-ASTANA", "KZ-P-KYZYLZHAR"),
        (
            _at("KZ-P-KHORGOS"),
            (43.99, 79.30),
            _ALMATY,
            (44.10, 77.10),
            _BALKHASH,
            _KARAGANDA,
            _ASTANA,
            _KOKSHETAU,
            _PETROPAVLOVSK,
            _at("KZ-P-KYZYLZHAR"),
        ),
    ),
    Corridor(
        "EAST",
        "Dostyk-Ayagoz-Semey-Pavlodar-Aisary",
        "CN",
        "RU",
        ("KZ-P-DOSTYK", "KZ-O-PAVLODAR", "KZ-P-AISARY"),
        (_at("KZ-P-DOSTYK"), _USHARAL, _AYAGOZ, _SEMEY, _PAVLODAR, _at("KZ-P-AISARY")),
    ),
    Corridor(
        "URAL",
        "Dostyk-Karaganda-Astana-Kostanay-Kairak",
        "CN",
        "RU",
        ("KZ-P-DOSTYK", "KZ-O-KARAGANDA", "KZ-O-ASTANA", "KZ-O-KOSTANAY", "KZ-P-KAIRAK"),
        (
            _at("KZ-P-DOSTYK"),
            _USHARAL,
            _AYAGOZ,
            _KARAGANDA,
            _ASTANA,
            (51.80, 67.70),
            _KOSTANAY,
            _at("KZ-P-KAIRAK"),
        ),
    ),
    Corridor(
        "ALTAI",
        "Maikapchagai-Ust-Kamenogorsk-Auyl",
        "CN",
        "RU",
        ("KZ-P-MAIKAPCHAGAI", "KZ-O-USTKAMENOGORSK", "KZ-P-AUYL"),
        (
            _at("KZ-P-MAIKAPCHAGAI"),
            (47.85, 84.00),
            (48.90, 82.80),
            (49.95, 82.63),
            _at("KZ-P-AUYL"),
        ),
    ),
    Corridor(
        "CASPIAN",
        "Middle Corridor: Khorgos-Almaty-Shymkent-Kyzylorda-Beineu-Aktau port (to Europe)",
        "CN",
        "AZ",
        ("KZ-P-KHORGOS", "KZ-O-ALMATY", "KZ-O-SHYMKENT", "KZ-S-AKTAU"),
        (
            _at("KZ-P-KHORGOS"),
            (43.99, 79.30),
            _ALMATY,
            _TARAZ,
            _SHYMKENT,
            _KYZYLORDA,
            (45.00, 59.00),
            _BEINEU,
            _SHETPE,
            _at("KZ-S-AKTAU"),
        ),
    ),
    Corridor(
        "BAKHTY-WEST",
        "Bakhty-Taldykorgan-Almaty-Shymkent-Zhibek Zholy (to Uzbekistan)",
        "CN",
        "UZ",
        ("KZ-P-BAKHTY", "KZ-O-ALMATY", "KZ-O-SHYMKENT", "KZ-P-ZHIBEKZHOLY"),
        (
            _at("KZ-P-BAKHTY"),
            _USHARAL,
            _USHTOBE,
            _TALDYKORGAN,
            _ALMATY,
            _TARAZ,
            _SHYMKENT,
            _at("KZ-P-ZHIBEKZHOLY"),
        ),
    ),
)

_CORRIDORS: dict[str, Corridor] = {c.code: c for c in CORRIDORS}

#: a simplified outline of the country, (lon, lat) vertices in order, closed (first == last);
#: a few dozen vertices is all an offline overview map needs
OUTLINE: tuple[tuple[float, float], ...] = (
    (46.49, 48.42),
    (47.12, 49.17),
    (46.75, 49.36),
    (47.55, 50.45),
    (48.58, 49.87),
    (48.70, 50.60),
    (50.77, 51.69),
    (52.33, 51.72),
    (54.53, 50.54),
    (55.72, 50.62),
    (56.78, 51.04),
    (58.36, 51.06),
    (59.64, 50.55),
    (60.30, 50.81),
    (61.59, 51.27),
    (60.00, 51.96),
    (61.00, 52.98),
    (60.74, 53.47),
    (61.70, 54.00),
    (65.18, 54.35),
    (68.17, 54.97),
    (69.07, 55.39),
    (70.87, 55.17),
    (71.18, 54.13),
    (72.22, 54.38),
    (73.51, 54.04),
    (73.43, 53.49),
    (74.38, 53.55),
    (76.89, 54.49),
    (76.53, 54.18),
    (77.80, 53.40),
    (80.04, 50.86),
    (81.95, 50.81),
    (83.38, 51.07),
    (85.12, 50.12),
    (85.54, 49.69),
    (86.60, 49.80),
    (87.36, 49.21),
    (85.77, 48.46),
    (85.72, 47.45),
    (85.16, 47.00),
    (83.18, 47.33),
    (82.46, 45.54),
    (81.95, 45.32),
    (79.97, 44.92),
    (80.87, 43.18),
    (80.18, 42.92),
    (80.26, 42.35),
    (79.14, 42.86),
    (77.66, 42.96),
    (75.64, 42.88),
    (74.21, 43.30),
    (73.65, 43.09),
    (73.49, 42.50),
    (71.84, 42.85),
    (71.19, 42.70),
    (70.39, 42.08),
    (69.07, 41.38),
    (68.63, 40.67),
    (68.26, 40.66),
    (67.99, 41.14),
    (66.71, 41.17),
    (66.51, 41.99),
    (66.02, 41.99),
    (66.10, 42.99),
    (64.90, 43.73),
    (62.01, 43.50),
    (61.06, 44.41),
    (58.50, 45.59),
    (55.93, 44.99),
    (55.97, 41.31),
    (55.46, 41.26),
    (54.08, 42.32),
    (52.94, 42.12),
    (52.50, 41.78),
    (52.69, 42.44),
    (51.34, 43.13),
    (50.89, 44.03),
    (50.34, 44.28),
    (50.31, 44.61),
    (51.28, 44.51),
    (51.32, 45.25),
    (53.04, 45.26),
    (53.22, 46.23),
    (53.04, 46.85),
    (52.04, 46.80),
    (51.19, 47.05),
    (50.03, 46.61),
    (49.10, 46.40),
    (48.59, 46.56),
    (48.69, 47.08),
    (48.06, 47.74),
    (47.32, 47.72),
    (46.49, 48.42),
)


def place(code: str) -> Place:
    """The place with this code; :class:`UnknownPlace` if there is none."""
    try:
        return _BY_CODE[code]
    except KeyError:
        raise UnknownPlace(f"unknown place code {code!r}") from None


def places_by_kind(*kinds: PlaceKind) -> list[Place]:
    return [p for p in PLACES if p.kind in kinds]


def border_posts(neighbour: str | None = None) -> list[Place]:
    """Border crossings, optionally only those to one neighbouring country."""
    return [p for p in PLACES if p.is_border and (neighbour is None or p.neighbour == neighbour)]


def inland_offices() -> list[Place]:
    return places_by_kind("inland_office")


def warehouses(city: str | None = None) -> list[Place]:
    return [p for p in places_by_kind("warehouse") if city is None or p.city == city]


def nearest_place(lat: float, lon: float, kinds: Iterable[PlaceKind] | None = None) -> Place:
    """The place nearest a point (optionally only of some kinds), by great-circle distance."""
    wanted = set(kinds) if kinds is not None else None
    pool = [p for p in PLACES if wanted is None or p.kind in wanted]
    if not pool:
        raise UnknownPlace(f"no place of kinds {sorted(wanted or [])}")
    return min(pool, key=lambda p: distance_km((lat, lon), p.point))


def corridor(code: str) -> Corridor:
    try:
        return _CORRIDORS[code]
    except KeyError:
        raise UnknownPlace(f"unknown corridor {code!r}") from None


def corridors_from(entry: str) -> list[Corridor]:
    """Corridors that enter the country at this post."""
    return [c for c in CORRIDORS if c.entry == entry]
