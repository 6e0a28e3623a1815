"""Exposure of a party to listed owners: OFAC 50% aggregate, EU/UK control, dates, unknowns."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tamga.errors import NotFound
from tamga.ownership import Link, OwnershipGraph, exposure, exposure_of
from tamga.ownership.service import graph_from_files

ON = date(2024, 6, 1)


@pytest.fixture
def graph(crafted: Path) -> OwnershipGraph:
    return graph_from_files([crafted])


def test_a_kazakh_firm_owned_through_a_foreign_holding_by_a_listed_person(
    graph: OwnershipGraph,
) -> None:
    exp = exposure_of(graph, "c-beta", ON)
    assert exp.exposed and exp.ofac_50 and exp.eu_control
    assert exp.aggregate_share == pytest.approx(0.6)
    (path,) = exp.paths
    assert path.entities == ("p-samoilov", "c-alfa", "c-beta") and path.share == pytest.approx(0.6)
    assert path.text() == "60% Самойлов И.В. -> ООО Альфа Холдинг -> 100% ТОО Бета Логистик"
    owners = {o.entity_id: o for o in exp.owners}
    assert owners["c-alfa"].share == 1.0 and not owners["c-alfa"].listed
    assert owners["p-samoilov"].share == pytest.approx(0.6) and owners["p-samoilov"].listed


def test_the_json_shape_is_the_documented_one(graph: OwnershipGraph) -> None:
    data = exposure_of(graph, "ТОО Бета Логистик", ON).to_dict()
    assert list(data) == [
        "query", "entity_id", "name", "exposed", "aggregate_share", "rules", "owners", "paths"
    ]  # fmt: skip
    assert data["query"] == "ТОО Бета Логистик" and data["entity_id"] == "c-beta"
    assert data["rules"] == {"ofac_50": True, "eu_control": True}
    assert set(data["owners"][0]) == {"entity_id", "name", "listed", "share"}
    assert data["paths"] == [{"entities": ["p-samoilov", "c-alfa", "c-beta"], "share": 0.6}]


def test_shares_of_several_listed_owners_add_up_for_ofac_not_for_eu(graph: OwnershipGraph) -> None:
    exp = exposure_of(graph, "c-gamma", ON)  # 40% + 20% by two listed persons
    assert exp.aggregate_share == pytest.approx(0.6)
    assert exp.ofac_50 and not exp.eu_control and exp.exposed


def test_a_company_blocked_by_the_50_rule_passes_its_holdings_on_in_full(
    graph: OwnershipGraph,
) -> None:
    exp = exposure_of(graph, "c-b50", ON)  # listed 50% of A50, A50 50% of B50: product 25%
    assert exp.aggregate_share == pytest.approx(0.25)
    assert exp.ofac_50 and not exp.eu_control


def test_an_ownership_that_ended_does_not_count(graph: OwnershipGraph) -> None:
    assert exposure_of(graph, "c-eps", date(2021, 6, 1)).exposed
    later = exposure_of(graph, "c-eps", date(2022, 1, 1))
    assert not later.exposed and later.owners == () and later.paths == ()
    before = exposure_of(graph, "c-beta", date(2021, 1, 1))  # Alfa bought Beta in March 2021
    assert not before.exposed and before.aggregate_share == 0


def test_an_unknown_share_is_reported_never_guessed(graph: OwnershipGraph) -> None:
    exp = exposure_of(graph, "c-zeta", ON)
    assert not exp.exposed and exp.unknown_shares and exp.aggregate_share == 0
    data = exp.to_dict()
    assert data["owners"] == [
        {"entity_id": "p-samoilov", "name": "Самойлов И.В.", "listed": True, "share": None}
    ]
    assert data["paths"] == [{"entities": ["p-samoilov", "c-zeta"], "share": None}]


def test_a_listed_director_is_control_under_the_eu_rule(graph: OwnershipGraph) -> None:
    exp = exposure_of(graph, "c-eta", ON)
    assert exp.eu_control and not exp.ofac_50 and exp.exposed
    assert exp.controllers == ("p-samoilov",)
    assert exp.paths[0].text() == "director Самойлов И.В. -> Eta Supply LLC"


def test_a_known_party_with_no_listed_owner_is_not_exposed(graph: OwnershipGraph) -> None:
    exp = exposure_of(graph, "ООО Омега Трейд", ON)
    assert not exp.exposed and not exp.listed
    assert {o.entity_id for o in exp.owners} == {"p-clean", "NK-nowhere"}


def test_owners_that_own_each_other_end_the_walk(graph: OwnershipGraph) -> None:
    exp = exposure_of(graph, "c-a50", ON)
    assert exp.ofac_50 and exp.aggregate_share == pytest.approx(0.5)


def test_a_party_nobody_loaded_is_not_found(graph: OwnershipGraph) -> None:
    with pytest.raises(NotFound, match="Nobody"):
        exposure_of(graph, "Nobody At All", ON)


def test_an_identifier_finds_the_party(graph: OwnershipGraph) -> None:
    assert exposure_of(graph, "210540012345", ON).entity_id == "c-beta"
    assert exposure_of(graph, "HE412345", ON).entity_id == "c-alfa"


# -- on the real OpenSanctions cluster around ZALA Aero --------------------------------------
def test_real_data_llc_cst_is_exposed_to_its_majority_owner(zala: Path) -> None:
    graph = graph_from_files([zala])
    cst = exposure_of(graph, "NK-abdzbEBkqyT29GyREbiURZ", date(2025, 1, 1))
    owners = {o.entity_id: o.share for o in cst.owners}
    # Zakharov 51% (open-ended record), Kalashnikov 49%
    assert owners["NK-aU5ybkbRFJucf8YMwsJvDw"] == pytest.approx(0.51)
    assert owners["NK-nR5AXM9AVPq4pQaSPSaVam"] == pytest.approx(0.49)
    assert cst.ofac_50 and cst.eu_control


def test_real_data_a_known_party_is_exposed_only_while_the_listed_owner_held_it(
    zala: Path,
) -> None:
    graph = graph_from_files([zala])
    sps = "NK-9Xa4Kg7Y7nfccE7VcZt6Q6"  # ООО "СПС": 75% Zakharov, 2020-01-10 .. 2022-11-22
    assert not graph.party(graph.index[sps]).listed
    during = exposure_of(graph, sps, date(2021, 6, 1))
    assert during.exposed and during.aggregate_share == pytest.approx(0.75)
    assert not exposure_of(graph, sps, date(2024, 1, 1)).exposed


# -- properties --------------------------------------------------------------------------------
@st.composite
def chains(draw: st.DrawFn) -> list[float]:
    return draw(
        st.lists(st.integers(1, 100), min_size=1, max_size=6).map(lambda v: [x / 100 for x in v])
    )


@settings(max_examples=150, deadline=None)
@given(chains())
def test_a_chains_share_is_the_product_of_its_hops(shares: list[float]) -> None:
    graph = OwnershipGraph()
    graph.add_party("top", "Top", listed=True)
    names = ["top"] + [f"c{i}" for i in range(len(shares))]
    for i, share in enumerate(shares):
        graph.add_link(Link(f"l{i}", "ownership", names[i], names[i + 1], share))
    exp = exposure(graph, graph.index[names[-1]], ON)
    product = 1.0
    for s in shares:
        product *= s
    assert exp.aggregate_share == pytest.approx(product)
    if product >= 0.5:
        assert exp.ofac_50
    # EU control follows majorities all the way down
    assert exp.eu_control == all(s > 0.5 for s in shares)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7), st.integers(1, 100)), max_size=20),
    st.sets(st.integers(0, 7), max_size=3),
)
def test_a_party_with_no_listed_party_above_it_is_never_exposed(
    edges: list[tuple[int, int, int]], listed: set[int]
) -> None:
    graph = OwnershipGraph()
    for n in range(8):
        graph.add_party(f"n{n}", listed=n in listed)
    for i, (a, b, pct) in enumerate(edges):
        if a != b:
            graph.add_link(Link(f"l{i}", "ownership", f"n{a}", f"n{b}", pct / 100))
    for n in range(8):
        exp = exposure(graph, n, ON)
        above = {o.entity_id for o in exp.owners}
        if not any(f"n{m}" in above for m in listed if m != n):
            assert not exp.exposed and exp.aggregate_share == 0
        assert exp.aggregate_share >= 0
