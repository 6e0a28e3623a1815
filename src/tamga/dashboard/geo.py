"""The offline map's data from the geography part: the country outline, posts, corridors.

``tamga.geography`` keeps places and corridor paths as (lat, lon) and the outline as (lon, lat);
the map plots (lon, lat). Warehouses are left
off the map: it shows where goods cross and are controlled, not every private address.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tamga.dashboard.ports import MapData, Place
from tamga.geography import CORRIDORS, OUTLINE, PLACES

SHOWN_KINDS = ("road_border", "rail_border", "sea_port", "inland_office")


def _items(collection: Any) -> Iterable[Any]:
    return collection.values() if isinstance(collection, dict) else collection


def map_data() -> MapData:
    places = [
        Place(p.code, p.name, p.lat, p.lon, p.kind) for p in _items(PLACES) if p.kind in SHOWN_KINDS
    ]
    return MapData(
        outline=[(lon, lat) for lon, lat in OUTLINE],
        places=places,
        corridors=[[(lon, lat) for lat, lon in c.path] for c in _items(CORRIDORS)],
    )
