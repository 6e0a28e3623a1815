"""Reference geography of a Kazakhstan-like transit country: border posts, customs offices,
warehouses, a country outline and the transit corridors, with distance helpers.

Coordinates are public facts, rounded (to about a kilometre for cities, a few kilometres for
border crossings); the codes are tamga's own, not the customs service's official office numbers.
"""

from tamga.geography.distance import (
    distance_km,
    distance_to_polyline_km,
    haversine_km,
    point_along_polyline,
    polyline_length_km,
)
from tamga.geography.model import Corridor, Place, PlaceKind
from tamga.geography.places import (
    CORRIDORS,
    OUTLINE,
    PLACES,
    UnknownPlace,
    border_posts,
    corridor,
    corridors_from,
    inland_offices,
    nearest_place,
    place,
    places_by_kind,
    warehouses,
)

__all__ = [
    "CORRIDORS",
    "OUTLINE",
    "PLACES",
    "Corridor",
    "Place",
    "PlaceKind",
    "UnknownPlace",
    "border_posts",
    "corridor",
    "corridors_from",
    "distance_km",
    "distance_to_polyline_km",
    "haversine_km",
    "inland_offices",
    "nearest_place",
    "place",
    "places_by_kind",
    "point_along_polyline",
    "polyline_length_km",
    "warehouses",
]
