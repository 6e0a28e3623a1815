"""Lanes within capacity: must-red stays red, each lane takes its capacity, a share of it at
random, the rest by score in the order red > yellow > blue."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tamga.errors import InvalidInput
from tamga.selectivity.lanes import (
    Budget,
    Candidate,
    LaneConfig,
    LanePlan,
    allocate,
    allocate_offices,
    apportion,
    capacities,
    realised_mix,
)

PLAN = LanePlan(shares={"red": 0.05, "yellow": 0.2, "blue": 0.05}, explore=0.1)


def _cands(n: int, must: set[int] = frozenset()) -> list[Candidate]:  # type: ignore[assignment]
    return [Candidate(f"D{i}", score=i / n, must_red=i in must) for i in range(n)]


def test_capacity_is_taken_by_score_in_lane_order() -> None:
    plan = LanePlan(shares={"red": 0.01, "yellow": 0.02, "blue": 0.01}, explore=0.0)
    got = allocate(_cands(1000), plan)
    assert [got[f"D{i}"].lane for i in (999, 990, 989, 970, 969, 960, 959)] == [
        "red",
        "red",
        "yellow",
        "yellow",
        "blue",
        "blue",
        "green",
    ]
    assert realised_mix(list(got.values())) == {
        "red": 0.01,
        "yellow": 0.02,
        "blue": 0.01,
        "green": 0.96,
    }


def test_must_red_stays_red_beyond_capacity() -> None:
    plan = LanePlan(shares={"red": 0.01}, explore=0.0)
    got = allocate(_cands(100, must={3, 4, 5}), plan)
    assert {n for n, a in got.items() if a.lane == "red"} == {"D3", "D4", "D5"}
    assert all(got[f"D{i}"].how == "must" for i in (3, 4, 5))


def test_exploration_draws_about_its_share_at_random() -> None:
    got = allocate(_cands(20_000), LanePlan(shares={"red": 0.05}, explore=0.2))
    randoms = [n for n, a in got.items() if a.how == "random"]
    assert 150 <= len(randoms) <= 250  # 20,000 x 5% x 20% = 200 expected
    low = sum(int(n[1:]) < 10_000 for n in randoms)  # not the high scores: anywhere
    assert 0.35 < low / len(randoms) < 0.65
    assert sum(a.lane == "red" for a in got.values()) == 1000


def test_offices_share_the_national_capacity_by_volume() -> None:
    groups = {"A": _cands(300), "B": [Candidate(f"B{i}", 1.0) for i in range(100)]}
    got = allocate_offices(groups, LanePlan(shares={"red": 0.02}, explore=0.0))
    red = [n for n, a in got.items() if a.lane == "red"]
    assert len(red) == 8 and sum(n.startswith("B") for n in red) == 2


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(0, 400),
    red=st.floats(0, 0.3),
    yellow=st.floats(0, 0.3),
    blue=st.floats(0, 0.3),
    explore=st.floats(0, 1),
    must=st.sets(st.integers(0, 399), max_size=10),
)
def test_every_declaration_gets_one_lane_within_capacity(
    n: int, red: float, yellow: float, blue: float, explore: float, must: set[int]
) -> None:
    plan = LanePlan(shares={"red": red, "yellow": yellow, "blue": blue}, explore=explore)
    cands = _cands(n, {m for m in must if m < n})
    got = allocate(cands, plan)
    assert set(got) == {c.number for c in cands}
    cap = capacities(n, plan)
    forced = sum(c.must_red for c in cands)
    counts = {lane: sum(a.lane == lane for a in got.values()) for lane in cap}
    randoms = {
        lane: sum(a.lane == lane and a.how == "random" for a in got.values()) for lane in cap
    }
    # must-red and random picks first (beyond capacity if need be), then each lane's capacity
    # left is filled by score in the order red > yellow > blue, as far as declarations last
    left = n - forced - sum(randoms.values())
    for lane in ("red", "yellow", "blue"):
        room = max(0, cap[lane] - randoms[lane] - (forced if lane == "red" else 0))
        filled = min(room, left)
        left -= filled
        assert counts[lane] == randoms[lane] + (forced if lane == "red" else 0) + filled
    assert all(got[c.number].lane == "red" for c in cands if c.must_red)


@given(
    total=st.integers(0, 1000),
    weights=st.dictionaries(st.text(max_size=3), st.floats(0.01, 10), min_size=1),
)
def test_apportion_gives_out_exactly_the_total(total: int, weights: dict[str, float]) -> None:
    assert sum(apportion(total, weights).values()) == total


def test_a_small_office_inspects_its_share_over_the_weeks() -> None:
    plan = LanePlan(shares={"red": 0.05}, explore=0.0)
    budget = Budget(plan)
    red = 0
    for week in range(20):
        cands = [Candidate(f"W{week}-{i}", 0.5) for i in range(3)]
        got = allocate(cands, plan, budget.take(len(cands)))
        budget.used(got.values())
        red += sum(a.lane == "red" for a in got.values())
    assert red == 3  # 60 declarations x 5%, though no week alone has room for one


def test_a_plan_reads_offices_and_refuses_what_it_does_not_know() -> None:
    config = LaneConfig.load(
        {
            "shares": {"red": 0.02, "yellow": 0.1},
            "explore": 0.2,
            "must_red": ["sanctioned_party", "controlled_reexport"],
            "offices": {"KZ-P-KHORGOS": {"shares": {"red": 0.05}}},
        }
    )
    assert config.targets() == {"red": 0.02, "yellow": 0.1, "blue": 0.0, "green": 0.88}
    assert config.plan_for("KZ-P-KHORGOS").shares == {"red": 0.05}
    assert config.plan_for("KZ-P-KHORGOS").explore == 0.2
    assert config.must_red == ("sanctioned_party", "controlled_reexport")
    for bad in (
        {"colour": 1},
        {"shares": {"purple": 0.1}},
        {"shares": {"red": 0.8, "yellow": 0.5}},
    ):
        try:
            LaneConfig.load(bad)
        except InvalidInput:
            continue
        raise AssertionError(f"{bad} was accepted")
