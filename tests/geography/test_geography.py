"""The reference geography: posts where they are, corridors that join them, distances."""

from __future__ import annotations

import pytest

from tamga.geography import (
    CORRIDORS,
    OUTLINE,
    PLACES,
    UnknownPlace,
    border_posts,
    corridor,
    distance_to_polyline_km,
    haversine_km,
    inland_offices,
    nearest_place,
    place,
    point_along_polyline,
    polyline_length_km,
    warehouses,
)


def test_codes_are_unique_and_every_place_lies_in_the_country_box() -> None:
    assert len({p.code for p in PLACES}) == len(PLACES)
    for p in PLACES:
        assert 40.5 <= p.lat <= 55.5 and 46.0 <= p.lon <= 87.5, p.code


def test_border_posts_to_each_neighbour() -> None:
    assert {p.code for p in border_posts("CN")} >= {"KZ-P-KHORGOS", "KZ-R-DOSTYK", "KZ-P-BAKHTY"}
    assert len(border_posts("RU")) >= 10
    assert {p.neighbour for p in border_posts()} >= {"CN", "RU", "KG", "UZ"}
    assert all(p.neighbour is None for p in inland_offices())


def test_main_cities_have_an_inland_office_and_a_warehouse() -> None:
    cities = {"Almaty", "Astana", "Shymkent", "Karaganda", "Aktobe", "Pavlodar"}
    assert cities <= {p.city for p in inland_offices()}
    assert cities <= {p.city for p in warehouses()}


def test_distance_almaty_astana_is_about_970_km() -> None:
    almaty, astana = place("KZ-O-ALMATY"), place("KZ-O-ASTANA")
    assert haversine_km(almaty.lat, almaty.lon, astana.lat, astana.lon) == pytest.approx(
        970, abs=25
    )


def test_nearest_place_and_unknown_code() -> None:
    assert nearest_place(44.2, 80.39, kinds=["road_border"]).code == "KZ-P-KHORGOS"
    assert nearest_place(43.25, 76.9, kinds=["inland_office"]).code == "KZ-O-ALMATY"
    with pytest.raises(UnknownPlace):
        place("NOWHERE")


def test_corridors_start_and_end_at_their_posts_and_pass_their_offices() -> None:
    for c in CORRIDORS:
        assert place(c.entry).is_border and place(c.exit).is_border
        assert c.path[0] == place(c.entry).point and c.path[-1] == place(c.exit).point
        for code in c.posts:  # every post of a corridor lies on (near) its road
            assert distance_to_polyline_km(place(code).point, c.path) < 15, (c.code, code)
        assert polyline_length_km(c.path) > 500


def test_off_route_distance_and_points_along_the_route() -> None:
    route = corridor("CENTRAL").path
    assert distance_to_polyline_km(place("KZ-O-KARAGANDA").point, route) < 1
    assert distance_to_polyline_km(place("KZ-O-AKTAU").point, route) > 1000
    middle = point_along_polyline(route, 0.5)
    assert distance_to_polyline_km(middle, route) < 0.5
    assert point_along_polyline(route, 0) == route[0]
    assert point_along_polyline(route, 1) == route[-1]
    assert corridor("CENTRAL").lonlat[0] == (route[0][1], route[0][0])


def test_outline_is_closed_and_large() -> None:
    assert OUTLINE[0] == OUTLINE[-1] and len(OUTLINE) > 30
    lons = [lon for lon, _ in OUTLINE]
    assert min(lons) < 47 and max(lons) > 87
