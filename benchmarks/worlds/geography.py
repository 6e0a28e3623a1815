"""Roads of Kazakhstan as the second world sees them: real towns, real corridors, bent roads.

Coordinates are those of the towns themselves (rounded to about a kilometre). Between two towns
the road is not a straight line: each segment is densified into waypoints with a smooth lateral
deviation (a few per cent of the segment's length, fixed per segment, the same in every seed),
so positions reported along it follow a bending road. Distances are measured along the bends.
"""

from __future__ import annotations

import heapq
import math
import random
from dataclasses import dataclass, field
from itertools import pairwise

#: towns and border crossings: name -> (lat, lon)
TOWNS: dict[str, tuple[float, float]] = {
    # south-east: China border to Almaty
    "Khorgos": (44.213, 80.390),
    "Zharkent": (44.166, 80.004),
    "Koktal": (44.119, 79.766),
    "Basshi": (44.175, 78.772),
    "Shengeldy": (43.978, 77.452),
    "Konaev": (43.867, 77.068),
    "Almaty": (43.238, 76.889),
    "Kaskelen": (43.200, 76.621),
    "Uzynagash": (43.223, 76.313),
    "Kordai": (43.040, 74.712),
    "Kordai border": (42.951, 74.672),
    "Merke": (42.870, 73.180),
    "Kulan": (42.920, 72.725),
    "Taraz": (42.900, 71.367),
    "Tulkibas": (42.484, 70.301),
    "Shymkent": (42.317, 69.596),
    "Saryagash": (41.451, 69.170),
    "Zhibek Zholy": (41.413, 69.331),
    # Shymkent to Aktobe (the Western Europe - Western China road)
    "Turkestan": (43.298, 68.251),
    "Zhanakorgan": (43.911, 67.249),
    "Shieli": (44.166, 66.746),
    "Kyzylorda": (44.853, 65.509),
    "Zhosaly": (45.488, 64.078),
    "Kazaly": (45.763, 62.103),
    "Aralsk": (46.799, 61.666),
    "Shalkar": (47.833, 59.619),
    "Karabutak": (49.946, 60.102),
    "Aktobe": (50.283, 57.167),
    "Martuk": (50.749, 56.507),
    "Zhaisan": (51.020, 56.175),
    # Almaty to the north
    "Kapshagay pass": (44.150, 76.930),
    "Saryshagan": (46.118, 73.617),
    "Balkhash": (46.848, 74.995),
    "Aksu-Ayuly": (48.767, 73.667),
    "Karaganda": (49.806, 73.085),
    "Temirtau": (50.055, 72.965),
    "Astana": (51.169, 71.449),
    "Akkol": (51.995, 70.940),
    "Shchuchinsk": (52.935, 70.188),
    "Kokshetau": (53.284, 69.396),
    "Petropavl": (54.875, 69.162),
    "Mamlyutka": (54.937, 68.539),
    "Kairak": (55.073, 68.205),
    # Dostyk to Omsk
    "Dostyk": (45.255, 82.478),
    "Koktuma": (45.868, 81.643),
    "Usharal": (46.170, 80.943),
    "Taskesken": (47.228, 80.747),
    "Ayagoz": (47.964, 80.441),
    "Zhangiztobe": (49.217, 81.222),
    "Semey": (50.411, 80.227),
    "Kurchatov": (50.757, 78.540),
    "Aksu": (52.041, 76.927),
    "Pavlodar": (52.287, 76.967),
    "Zhelezinka": (53.540, 75.313),
    "Zhelezinka border": (53.905, 75.060),
    "Ust-Kamenogorsk": (49.948, 82.628),
    "Taldykorgan": (45.017, 78.373),
    "Ushtobe": (45.252, 77.983),
    # Atyrau to Astrakhan, Uralsk
    "Atyrau": (47.107, 51.914),
    "Akkystau": (47.232, 51.010),
    "Ganyushkino": (46.600, 49.270),
    "Kurmangazy": (46.558, 48.690),
    "Kandyagash": (49.470, 57.420),
    "Aktau": (43.650, 51.170),
    "Aktau port": (43.612, 51.212),
    "Shetpe": (44.160, 52.120),
    "Beineu": (45.315, 55.195),
    "Kulsary": (46.953, 54.019),
    "Oil": (48.750, 54.420),
    "Uralsk": (51.227, 51.387),
    "Kostanay": (53.214, 63.625),
    "Arkalyk": (50.249, 66.911),
    "Derzhavinsk": (51.099, 66.316),
    "Esil": (51.956, 66.405),
    "Atbasar": (51.809, 68.360),
}

#: the road network: each tuple is a road through consecutive towns
ROADS: tuple[tuple[str, ...], ...] = (
    ("Khorgos", "Zharkent", "Koktal", "Basshi", "Shengeldy", "Konaev", "Almaty"),
    (
        "Almaty",
        "Kaskelen",
        "Uzynagash",
        "Kordai",
        "Merke",
        "Kulan",
        "Taraz",
        "Tulkibas",
        "Shymkent",
        "Saryagash",
        "Zhibek Zholy",
    ),
    ("Kordai", "Kordai border"),
    (
        "Shymkent",
        "Turkestan",
        "Zhanakorgan",
        "Shieli",
        "Kyzylorda",
        "Zhosaly",
        "Kazaly",
        "Aralsk",
        "Shalkar",
        "Karabutak",
        "Aktobe",
        "Martuk",
        "Zhaisan",
    ),
    (
        "Almaty",
        "Konaev",
        "Kapshagay pass",
        "Saryshagan",
        "Balkhash",
        "Aksu-Ayuly",
        "Karaganda",
        "Temirtau",
        "Astana",
        "Akkol",
        "Shchuchinsk",
        "Kokshetau",
        "Petropavl",
        "Mamlyutka",
        "Kairak",
    ),
    (
        "Dostyk",
        "Koktuma",
        "Usharal",
        "Taskesken",
        "Ayagoz",
        "Zhangiztobe",
        "Semey",
        "Kurchatov",
        "Aksu",
        "Pavlodar",
        "Zhelezinka",
        "Zhelezinka border",
    ),
    ("Semey", "Ust-Kamenogorsk"),
    ("Konaev", "Ushtobe", "Taldykorgan", "Usharal"),
    ("Pavlodar", "Astana"),
    ("Aktobe", "Kandyagash", "Oil", "Atyrau", "Akkystau", "Ganyushkino", "Kurmangazy"),
    ("Aktobe", "Uralsk"),
    ("Aktau port", "Aktau", "Shetpe", "Beineu", "Kulsary", "Atyrau"),
    ("Beineu", "Shalkar"),
    ("Atyrau", "Uralsk"),
    ("Astana", "Atbasar", "Esil", "Kostanay"),
    ("Karaganda", "Arkalyk"),
    ("Arkalyk", "Derzhavinsk", "Esil"),
)


@dataclass(frozen=True)
class Office:
    """A customs office: inland terminal or border post, with its 8-digit code."""

    code: str
    name: str
    town: str
    kind: str  # "inland" | "border"
    neighbour: str | None = None  # the country across, for border posts

    @property
    def position(self) -> tuple[float, float]:
        return TOWNS[self.town]


OFFICES: tuple[Office, ...] = (
    Office("19601211", "Khorgos - Eastern Gate", "Khorgos", "border", "CN"),
    Office("19601302", "Dostyk", "Dostyk", "border", "CN"),
    Office("31601105", "Kordai", "Kordai border", "border", "KG"),
    Office("51601107", "Zhibek Zholy", "Zhibek Zholy", "border", "UZ"),
    Office("15601112", "Zhaisan", "Zhaisan", "border", "RU"),
    Office("59601118", "Kairak", "Kairak", "border", "RU"),
    Office("55601121", "Zhelezinka", "Zhelezinka border", "border", "RU"),
    Office("23601114", "Kurmangazy", "Kurmangazy", "border", "RU"),
    Office("47601110", "Aktau port", "Aktau port", "border", "AZ"),
    Office("75101100", "Almaty - Zhetysu terminal", "Almaty", "inland"),
    Office("75101200", "Almaty - Alatau", "Almaty", "inland"),
    Office("75101300", "Almaty - Airport", "Almaty", "inland"),
    Office("71101100", "Astana - Saryarka", "Astana", "inland"),
    Office("79101100", "Shymkent", "Shymkent", "inland"),
    Office("35101100", "Karaganda", "Karaganda", "inland"),
    Office("15101100", "Aktobe", "Aktobe", "inland"),
    Office("55101100", "Pavlodar", "Pavlodar", "inland"),
    Office("63101100", "Ust-Kamenogorsk", "Ust-Kamenogorsk", "inland"),
    Office("63201100", "Semey", "Semey", "inland"),
    Office("23101100", "Atyrau", "Atyrau", "inland"),
    Office("47101100", "Aktau", "Aktau", "inland"),
    Office("31101100", "Taraz", "Taraz", "inland"),
    Office("43101100", "Kyzylorda", "Kyzylorda", "inland"),
    Office("59101100", "Petropavl", "Petropavl", "inland"),
    Office("39101100", "Kostanay", "Kostanay", "inland"),
    Office("27101100", "Uralsk", "Uralsk", "inland"),
    Office("19101100", "Taldykorgan", "Taldykorgan", "inland"),
)
OFFICE_BY_CODE = {o.code: o for o in OFFICES}


def office(name_or_town: str) -> Office:
    for o in OFFICES:
        if name_or_town in (o.name, o.town, o.code):
            return o
    raise KeyError(name_or_town)


def border_posts(neighbour: str) -> list[Office]:
    return [o for o in OFFICES if o.kind == "border" and o.neighbour == neighbour]


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _bend(a: str, b: str) -> list[tuple[float, float]]:
    """The road from town a to town b as waypoints: a smooth bend fixed by the pair's names."""
    pa, pb = TOWNS[a], TOWNS[b]
    length = haversine_km(pa, pb)
    rnd = random.Random("|".join(sorted((a, b))))  # the same road in every world
    n = max(4, int(length / 6))  # a waypoint every ~6 km
    # lateral deviation: two or three harmonics, up to ~6% of the length in total
    harmonics = [(k, rnd.uniform(-0.035, 0.035), rnd.uniform(0, math.pi)) for k in (1, 2, 3)]
    harmonics[0] = (1, rnd.uniform(-0.06, 0.06), 0.0)
    dlat, dlon = pb[0] - pa[0], pb[1] - pa[1]
    # the perpendicular in degrees, corrected for longitude shrinkage
    kx = math.cos(math.radians((pa[0] + pb[0]) / 2))
    px, py = -dlat, dlon * kx  # perpendicular in (lon*kx, lat) space
    norm = math.hypot(px, py) or 1.0
    px, py = px / norm, py / norm
    seg_deg = math.hypot(dlon * kx, dlat)
    points = []
    flip = a > b  # the same road whichever way it is driven
    for i in range(n + 1):
        t = i / n
        s = 1 - t if flip else t
        off = sum(
            amp * math.sin(k * math.pi * s + (ph if k > 1 else 0)) * math.sin(math.pi * s)
            for k, amp, ph in harmonics
        )
        off *= seg_deg * (-1 if flip else 1)
        lat = pa[0] + dlat * t + py * off
        lon = pa[1] + dlon * t + px * off / kx
        points.append((lat, lon))
    points[0], points[-1] = pa, pb
    return points


@dataclass
class Route:
    """A route through towns: waypoints along the bent roads and cumulative distances (km)."""

    towns: list[str]
    points: list[tuple[float, float]] = field(default_factory=list)
    cum_km: list[float] = field(default_factory=list)
    town_km: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        pts: list[tuple[float, float]] = [TOWNS[self.towns[0]]]
        self.town_km[self.towns[0]] = 0.0
        cum = [0.0]
        for a, b in pairwise(self.towns):
            for p in _bend(a, b)[1:]:
                cum.append(cum[-1] + haversine_km(pts[-1], p))
                pts.append(p)
            self.town_km[b] = cum[-1]
        self.points, self.cum_km = pts, cum

    @property
    def length_km(self) -> float:
        return self.cum_km[-1]

    def at(self, km: float) -> tuple[float, float]:
        """The position km along the route (interpolated between waypoints)."""
        km = min(max(km, 0.0), self.length_km)
        lo, hi = 0, len(self.cum_km) - 1
        while lo < hi - 1:
            mid = (lo + hi) // 2
            if self.cum_km[mid] <= km:
                lo = mid
            else:
                hi = mid
        span = self.cum_km[hi] - self.cum_km[lo] or 1.0
        t = (km - self.cum_km[lo]) / span
        a, b = self.points[lo], self.points[hi]
        return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def _graph() -> dict[str, dict[str, float]]:
    g: dict[str, dict[str, float]] = {}
    for road in ROADS:
        for a, b in pairwise(road):
            pts = _bend(a, b)
            km = sum(haversine_km(p, q) for p, q in pairwise(pts))
            g.setdefault(a, {})[b] = km
            g.setdefault(b, {})[a] = km
    return g


GRAPH = _graph()
_ROUTES: dict[tuple[str, str], Route] = {}


def route(a: str, b: str) -> Route:
    """The shortest road route between two towns (cached)."""
    key = (a, b)
    if key not in _ROUTES:
        dist = {a: 0.0}
        prev: dict[str, str] = {}
        heap = [(0.0, a)]
        while heap:
            d, u = heapq.heappop(heap)
            if u == b:
                break
            if d > dist.get(u, math.inf):
                continue
            for v, w in GRAPH[u].items():
                nd = d + w
                if nd < dist.get(v, math.inf):
                    dist[v], prev[v] = nd, u
                    heapq.heappush(heap, (nd, v))
        path = [b]
        while path[-1] != a:
            path.append(prev[path[-1]])
        _ROUTES[key] = Route(path[::-1])
    return _ROUTES[key]


def noisy(rng: random.Random, p: tuple[float, float], metres: float) -> tuple[float, float]:
    """A GPS fix of p: Gaussian noise with the given scale in metres (at most 3 sigma)."""
    dn = max(-3.0, min(3.0, rng.gauss(0, 1))) * metres
    de = max(-3.0, min(3.0, rng.gauss(0, 1))) * metres
    lat = p[0] + dn / 111_320.0
    lon = p[1] + de / (111_320.0 * math.cos(math.radians(p[0])))
    return (round(lat, 6), round(lon, 6))
