"""Great-circle distances, and distances to and along a road polyline.

Points are (lat, lon) in degrees. Distance to a polyline projects onto each segment in a local
equirectangular frame (accurate to well under 1% over a segment of a few hundred km), which is
what an off-route check needs; haversine gives the point-to-point figure.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

EARTH_RADIUS_KM = 6371.0088

Point = tuple[float, float]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two (lat, lon) points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def distance_km(a: Point, b: Point) -> float:
    return haversine_km(a[0], a[1], b[0], b[1])


def _segment_distance_km(p: Point, a: Point, b: Point) -> tuple[float, float]:
    """Distance from p to segment ab, and the fraction t in [0, 1] of the nearest point."""
    lat0 = math.radians((a[0] + b[0] + p[0]) / 3)
    kx = math.cos(lat0) * 111.195
    ky = 111.195

    def xy(q: Point) -> tuple[float, float]:
        return (q[1] * kx, q[0] * ky)

    (px, py), (ax, ay), (bx, by) = xy(p), xy(a), xy(b)
    dx, dy = bx - ax, by - ay
    norm = dx * dx + dy * dy
    t = 0.0 if norm == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / norm))
    near = (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))
    return distance_km(p, near), t


def distance_to_polyline_km(point: Point, path: Sequence[Point]) -> float:
    """Shortest distance in km from a point to a polyline (a road, a corridor)."""
    if not path:
        raise ValueError("empty polyline")
    if len(path) == 1:
        return distance_km(point, path[0])
    return min(_segment_distance_km(point, a, b)[0] for a, b in itertools.pairwise(path))


def polyline_length_km(path: Sequence[Point]) -> float:
    return sum(distance_km(a, b) for a, b in itertools.pairwise(path))


def point_along_polyline(path: Sequence[Point], fraction: float) -> Point:
    """The point at ``fraction`` (0..1) of the polyline's length from its start."""
    if not path:
        raise ValueError("empty polyline")
    fraction = max(0.0, min(1.0, fraction))
    target = polyline_length_km(path) * fraction
    done = 0.0
    for a, b in itertools.pairwise(path):
        seg = distance_km(a, b)
        if seg > 0 and done + seg >= target:
            t = (target - done) / seg
            return (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))
        done += seg
    return path[-1]
