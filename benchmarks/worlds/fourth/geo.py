"""Kazakhstan's western and northern trade roads: towns, customs offices, border crossings and
Caspian ports (approximate real coordinates), and roads that bend between them.

A road between two towns is not a straight line: each leg gets a fixed, smooth sideways
wander (the same in every seed, as a real road is), densified to points a few km apart, and
positions are read along that curve by distance.
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass, field
from functools import cache


@dataclass(frozen=True, slots=True)
class Office:
    code: str  # the location code events carry
    name: str
    kind: str  # border_road, border_rail, port, inland
    lat: float
    lon: float
    neighbour: str | None = None  # the country across, for border posts and ports


_O = Office
OFFICES: dict[str, Office] = {
    o.code: o
    for o in (
        # border posts, road
        _O("KZ39711", "Khorgos", "border_road", 44.208, 80.408, "CN"),
        _O("KZ51611", "Korday", "border_road", 43.046, 74.712, "KG"),
        _O("KZ61212", "Zhibek Zholy", "border_road", 41.361, 69.143, "UZ"),
        _O("KZ30611", "Zhaisan", "border_road", 51.043, 56.071, "RU"),
        _O("KZ27611", "Kurmangazy", "border_road", 46.598, 48.781, "RU"),
        _O("KZ27311", "Taskala", "border_road", 51.172, 49.968, "RU"),
        _O("KZ59611", "Kyzylzhar (Petukhovo)", "border_road", 55.047, 68.003, "RU"),
        _O("KZ39911", "Kairak", "border_road", 53.972, 61.732, "RU"),
        _O("KZ55611", "Sharbakty", "border_road", 52.582, 78.596, "RU"),
        _O("KZ47611", "Tazhen", "border_road", 44.981, 56.043, "UZ"),
        _O("KZ47612", "Temirbaba", "border_road", 41.942, 53.406, "TM"),
        # border posts, rail
        _O("KZ39721", "Altynkol", "border_rail", 44.187, 80.349, "CN"),
        _O("KZ19721", "Dostyk", "border_rail", 45.248, 82.485, "CN"),
        _O("KZ27321", "Semiglavy Mar", "border_rail", 50.981, 50.552, "RU"),
        _O("KZ59621", "Petropavl station", "border_rail", 54.863, 69.127, "RU"),
        _O("KZ61221", "Saryagash station", "border_rail", 41.459, 69.168, "UZ"),
        # Caspian ports
        _O("KZ47131", "Aktau sea port", "port", 43.608, 51.222, "AZ"),
        _O("KZ47132", "Kuryk ferry terminal", "port", 43.183, 51.662, "AZ"),
        # inland customs offices
        _O("KZ75010", "Almaty", "inland", 43.296, 76.951),
        _O("KZ61010", "Shymkent", "inland", 42.341, 69.601),
        _O("KZ08010", "Taraz", "inland", 42.899, 71.381),
        _O("KZ43010", "Kyzylorda", "inland", 44.842, 65.497),
        _O("KZ15010", "Aktobe", "inland", 50.298, 57.153),
        _O("KZ23010", "Atyrau", "inland", 47.103, 51.902),
        _O("KZ27010", "Uralsk", "inland", 51.228, 51.381),
        _O("KZ47010", "Aktau", "inland", 43.658, 51.185),
        _O("KZ47020", "Beyneu", "inland", 45.318, 55.192),
        _O("KZ39010", "Kostanay", "inland", 53.219, 63.631),
        _O("KZ59010", "Petropavl", "inland", 54.879, 69.153),
        _O("KZ11010", "Kokshetau", "inland", 53.284, 69.401),
        _O("KZ71010", "Astana", "inland", 51.128, 71.431),
        _O("KZ35010", "Karaganda", "inland", 49.806, 73.088),
        _O("KZ55010", "Pavlodar", "inland", 52.287, 76.951),
        _O("KZ63010", "Semey", "inland", 50.411, 80.249),
    )
}

#: towns a road passes (not offices): name -> (lat, lon)
TOWNS: dict[str, tuple[float, float]] = {
    "Zharkent": (44.163, 80.001),
    "Shelek": (43.595, 78.252),
    "Kaskelen": (43.201, 76.622),
    "Uzynagash": (43.222, 76.306),
    "Merke": (42.870, 73.181),
    "Turkistan": (43.298, 68.251),
    "Kazaly": (45.763, 62.106),
    "Zhosaly": (45.488, 64.079),
    "Aralsk": (46.797, 61.667),
    "Irgiz road": (48.200, 61.000),
    "Karabutak": (49.950, 60.103),
    "Kandyagash road": (50.120, 58.700),
    "Martuk": (50.748, 56.519),
    "Zhanaozen": (43.341, 52.858),
    "Shetpe": (44.155, 52.120),
    "Sai-Utes": (44.330, 53.550),
    "Dossor": (47.529, 52.979),
    "Makat": (47.648, 53.317),
    "Akkystau": (47.238, 50.964),
    "Kotyaevka": (46.934, 50.263),
    "Ganyushkino": (46.611, 49.268),
    "Inderbor": (48.553, 51.783),
    "Chapaev": (50.197, 51.168),
    "Podstepnoe": (51.199, 50.800),
    "Taskala town": (51.117, 50.293),
    "Kapshagay": (43.883, 77.068),
    "Kurty": (44.250, 76.500),
    "Saryshagan": (46.119, 73.619),
    "Balkhash": (46.848, 74.995),
    "Aksu-Ayuly": (48.765, 73.674),
    "Temirtau": (50.055, 72.964),
    "Shchuchinsk": (52.935, 70.187),
    "Smirnovo": (54.510, 69.430),
    "Atbasar": (51.811, 68.358),
    "Esil": (51.956, 66.405),
    "Zhitikara road": (52.700, 64.900),
    "Fyodorovka": (53.633, 62.700),
    "Ekibastuz": (51.729, 75.322),
    "Zhelezinka": (53.538, 75.313),
    "Ayagoz": (47.965, 80.439),
    "Zharma": (48.800, 80.900),
    "Aktogay": (46.947, 79.661),
    "Ushtobe": (45.252, 77.983),
    "Shu": (43.601, 73.761),
    "Shieli": (44.167, 66.741),
}


def _point(name: str) -> tuple[float, float]:
    office = OFFICES.get(name)
    if office is not None:
        return office.lat, office.lon
    return TOWNS[name]


@dataclass(frozen=True, slots=True)
class Route:
    name: str
    mode: str  # road, rail, ferry_road (a road leg after a Caspian crossing)
    stops: tuple[str, ...]  # office codes and town names, in order
    weight: float  # how much of the transit traffic takes it (one direction)
    share_cis: float = 0.0  # reserved


ROUTES: tuple[Route, ...] = (
    Route(
        "E40 Khorgos - Almaty - Shymkent - Aktobe - Zhaisan",
        "road",
        (
            "KZ39711",
            "Zharkent",
            "Shelek",
            "KZ75010",
            "Kaskelen",
            "Uzynagash",
            "Merke",
            "KZ08010",
            "KZ61010",
            "Turkistan",
            "Shieli",
            "KZ43010",
            "Zhosaly",
            "Kazaly",
            "Aralsk",
            "Irgiz road",
            "Karabutak",
            "Kandyagash road",
            "KZ15010",
            "Martuk",
            "KZ30611",
        ),
        3.0,
    ),
    Route(
        "Zhibek Zholy - Shymkent - Kyzylorda - Aktobe - Zhaisan",
        "road",
        (
            "KZ61212",
            "KZ61010",
            "Turkistan",
            "Shieli",
            "KZ43010",
            "Zhosaly",
            "Kazaly",
            "Aralsk",
            "Irgiz road",
            "Karabutak",
            "Kandyagash road",
            "KZ15010",
            "Martuk",
            "KZ30611",
        ),
        2.5,
    ),
    Route(
        "Aktau port - Beyneu - Atyrau - Kurmangazy",
        "road",
        (
            "KZ47131",
            "KZ47010",
            "Shetpe",
            "Sai-Utes",
            "KZ47020",
            "Dossor",
            "KZ23010",
            "Akkystau",
            "Kotyaevka",
            "Ganyushkino",
            "KZ27611",
        ),
        2.0,
    ),
    Route(
        "Aktau port - Beyneu - Tazhen",
        "road",
        ("KZ47131", "KZ47010", "Shetpe", "Sai-Utes", "KZ47020", "KZ47611"),
        1.6,
    ),
    Route(
        "Temirbaba - Zhanaozen - Aktau port",
        "road",
        ("KZ47612", "Zhanaozen", "KZ47010", "KZ47131"),
        1.0,
    ),
    Route(
        "Kuryk - Beyneu - Atyrau - Uralsk - Taskala",
        "road",
        (
            "KZ47132",
            "Zhanaozen",
            "Sai-Utes",
            "KZ47020",
            "Dossor",
            "KZ23010",
            "Inderbor",
            "Chapaev",
            "KZ27010",
            "Podstepnoe",
            "Taskala town",
            "KZ27311",
        ),
        1.4,
    ),
    Route(
        "Korday - Almaty - Balkhash - Karaganda - Astana - Petropavl",
        "road",
        (
            "KZ51611",
            "Uzynagash",
            "Kaskelen",
            "KZ75010",
            "Kapshagay",
            "Kurty",
            "Saryshagan",
            "Balkhash",
            "Aksu-Ayuly",
            "KZ35010",
            "Temirtau",
            "KZ71010",
            "Shchuchinsk",
            "KZ11010",
            "Smirnovo",
            "KZ59010",
            "KZ59611",
        ),
        2.0,
    ),
    Route(
        "Zhibek Zholy - Shymkent - Shu - Balkhash - Astana - Kostanay - Kairak",
        "road",
        (
            "KZ61212",
            "KZ61010",
            "KZ08010",
            "Shu",
            "Saryshagan",
            "Balkhash",
            "Aksu-Ayuly",
            "KZ35010",
            "KZ71010",
            "Atbasar",
            "Esil",
            "Zhitikara road",
            "KZ39010",
            "Fyodorovka",
            "KZ39911",
        ),
        1.0,
    ),
    Route(
        "Dostyk - Aktogay - Semey - Pavlodar - Sharbakty",
        "road",
        ("KZ19721", "Aktogay", "Ayagoz", "Zharma", "KZ63010", "KZ55010", "KZ55611"),
        0.8,
    ),
    Route(
        "Altynkol - Almaty - Shymkent - Saryagash (rail)",
        "rail",
        (
            "KZ39721",
            "Zharkent",
            "Shelek",
            "KZ75010",
            "Uzynagash",
            "Merke",
            "KZ08010",
            "KZ61010",
            "KZ61221",
        ),
        1.0,
    ),
    Route(
        "Dostyk - Aktogay - Karaganda - Astana - Petropavl (rail)",
        "rail",
        (
            "KZ19721",
            "Aktogay",
            "Ushtobe",
            "Balkhash",
            "Aksu-Ayuly",
            "KZ35010",
            "KZ71010",
            "KZ11010",
            "KZ59621",
        ),
        1.5,
    ),
    Route(
        "Saryagash - Kyzylorda - Aralsk - Aktobe - Uralsk - Semiglavy Mar (rail)",
        "rail",
        (
            "KZ61221",
            "KZ61010",
            "Turkistan",
            "KZ43010",
            "Kazaly",
            "Aralsk",
            "Karabutak",
            "KZ15010",
            "KZ27010",
            "KZ27321",
        ),
        1.2,
    ),
    Route(
        "Astana - Kostanay - Kairak",
        "road",
        ("KZ71010", "Atbasar", "Esil", "Zhitikara road", "KZ39010", "Fyodorovka", "KZ39911"),
        0.6,
    ),
    Route(
        "Sharbakty - Pavlodar - Ekibastuz - Astana",
        "road",
        ("KZ55611", "Zhelezinka", "KZ55010", "Ekibastuz", "KZ71010"),
        0.4,
    ),
)


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def bend(
    a: tuple[float, float],
    b: tuple[float, float],
    key: str,
    step_km: float = 4.0,
    wander: float = 0.06,
) -> list[tuple[float, float]]:
    """Points from a to b (a excluded) along a smooth curve that wanders sideways by a few
    percent of the leg's length, fixed by ``key``."""
    rng = random.Random(f"bend:{key}")
    length = haversine_km(a, b)
    n = max(2, int(length / step_km))
    amps = [rng.uniform(-wander, wander) / k for k in (1, 2, 3)]
    phases = [rng.uniform(0, 0.5) for _ in range(3)]
    # sideways unit vector in degrees, scaled for the latitude
    dlat, dlon = b[0] - a[0], (b[1] - a[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    norm = math.hypot(dlat, dlon) or 1.0
    side_lat, side_lon = -dlon / norm, dlat / norm
    span = norm  # the leg's length in (latitude) degrees
    points = []
    for i in range(1, n + 1):
        s = i / n
        off = (
            sum(
                amp * math.sin(math.pi * k * s + ph * math.pi * s * (1 - s) * 4)
                for k, (amp, ph) in enumerate(zip(amps, phases, strict=True), start=1)
            )
            * span
        )
        lat = a[0] + (b[0] - a[0]) * s + side_lat * off
        lon = a[1] + (b[1] - a[1]) * s + side_lon * off / math.cos(math.radians(lat))
        points.append((lat, lon))
    return points


@dataclass(slots=True)
class Path:
    """A polyline with the distance from its start to each point."""

    points: list[tuple[float, float]]
    cum: list[float] = field(default_factory=list)
    marks: dict[str, float] = field(default_factory=dict)  # stop -> distance along

    def __post_init__(self) -> None:
        if not self.cum:
            total = 0.0
            self.cum = [0.0]
            for p, q in zip(self.points, self.points[1:], strict=False):
                total += haversine_km(p, q)
                self.cum.append(total)

    @property
    def length(self) -> float:
        return self.cum[-1]

    def at(self, dist: float) -> tuple[float, float]:
        """The position ``dist`` km along the path."""
        import bisect

        dist = min(max(dist, 0.0), self.length)
        i = bisect.bisect_right(self.cum, dist)
        if i >= len(self.cum):
            return self.points[-1]
        j = i - 1
        seg = self.cum[i] - self.cum[j]
        s = 0.0 if seg == 0 else (dist - self.cum[j]) / seg
        p, q = self.points[j], self.points[i]
        return p[0] + (q[0] - p[0]) * s, p[1] + (q[1] - p[1]) * s


@cache
def route_path(index: int, reverse: bool = False) -> Path:
    """The bending polyline of a route, in one direction (the curve is the same both ways)."""
    route = ROUTES[index]
    stops = list(route.stops)
    points = [_point(stops[0])]
    marks = {stops[0]: 0.0}
    cum = [0.0]
    for prev, nxt in itertools.pairwise(stops):
        key = "|".join(sorted((prev, nxt)))
        if (prev, nxt) == tuple(sorted((prev, nxt))):
            leg = bend(_point(prev), _point(nxt), key)
        else:  # the same curve as the other direction's, walked backwards
            back = bend(_point(nxt), _point(prev), key)
            leg = [*list(reversed(back))[1:], _point(nxt)]
        for p in leg:
            cum.append(cum[-1] + haversine_km(points[-1], p))
            points.append(p)
        marks[nxt] = cum[-1]
    built = Path(points, cum, marks)
    if reverse:
        total = built.length
        return Path(
            list(reversed(points)),
            [total - c for c in reversed(cum)],
            {k: total - v for k, v in marks.items()},
        )
    return built


def offices_on(index: int) -> list[str]:
    """The customs offices a route passes, in order (first and last included)."""
    return [s for s in ROUTES[index].stops if s in OFFICES]


def nearest_distance_km(path: Path, point: tuple[float, float]) -> float:
    """How far a point is from a path (to its nearest vertex; vertices are a few km apart)."""
    return min(haversine_km(point, p) for p in path.points[:: max(1, len(path.points) // 400)])
