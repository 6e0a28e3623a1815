"""Typed places and corridors: what the map, the simulator and the route rule share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PlaceKind = Literal["road_border", "rail_border", "sea_port", "inland_office", "warehouse"]

#: kinds that are border crossings (goods enter or leave the country there)
BORDER_KINDS: frozenset[str] = frozenset({"road_border", "rail_border", "sea_port"})


@dataclass(frozen=True, slots=True)
class Place:
    """A customs location: its code is what events carry in ``location`` and office fields."""

    code: str
    name: str
    kind: PlaceKind
    lat: float
    lon: float
    city: str | None = None
    #: ISO 3166-1 alpha-2 of the country across the border (border posts only)
    neighbour: str | None = None
    name_local: str | None = None

    @property
    def is_border(self) -> bool:
        return self.kind in BORDER_KINDS

    @property
    def point(self) -> tuple[float, float]:
        """(lat, lon)."""
        return (self.lat, self.lon)


@dataclass(frozen=True, slots=True)
class Corridor:
    """A transit route through the country: the posts in order, and the road as a polyline.

    ``posts`` starts at the entry post and ends at the exit post (or port); ``path`` is the
    road's (lat, lon) polyline from entry to exit through the cities on the way.
    """

    code: str
    name: str
    origin_country: str
    destination_country: str
    posts: tuple[str, ...]
    path: tuple[tuple[float, float], ...]

    @property
    def lonlat(self) -> list[tuple[float, float]]:
        """The polyline as (lon, lat) pairs, the order map libraries (and the outline) use."""
        return [(lon, lat) for lat, lon in self.path]

    @property
    def entry(self) -> str:
        return self.posts[0]

    @property
    def exit(self) -> str:
        return self.posts[-1]
