"""Lanes within capacity, as ASYCUDA's selectivity runs them: per office and period an expected
share per lane (red: physical, yellow: documents, blue: post-clearance audit, green: release),
a minimum share of each inspection lane chosen at random (exploration: declarants cannot learn
the criteria, and the random picks are an unbiased sample to learn and to estimate from),
the rest filled by score in the order red > yellow > blue; criteria that must go red stay red,
beyond capacity if need be.

The random picks come from a hash of the declaration number (the same declaration always
draws the same number), as :func:`tamga.risk.selectivity.draw` does for the channels.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from tamga.errors import InvalidInput
from tamga.risk.selectivity import draw

LANES = ("red", "yellow", "blue", "green")
INSPECTION_LANES = LANES[:3]


@dataclass(frozen=True)
class LanePlan:
    """Expected shares of the inspection lanes (green takes the rest) and exploration."""

    shares: Mapping[str, float] = field(
        default_factory=lambda: {"red": 0.01, "yellow": 0.2, "blue": 0.01}
    )
    #: share of each inspection lane's capacity filled at random
    explore: float = 0.1
    salt: str = "lanes"

    def __post_init__(self) -> None:
        unknown = set(self.shares) - set(INSPECTION_LANES)
        if unknown:
            raise InvalidInput(
                f"unknown lane(s) {', '.join(sorted(unknown))}; lanes are red, yellow, blue",
                field="shares",
            )
        if any(s < 0 for s in self.shares.values()) or sum(self.shares.values()) > 1:
            raise InvalidInput("lane shares must be >= 0 and add up to at most 1", field="shares")
        if not 0 <= self.explore <= 1:
            raise InvalidInput("explore must be between 0 and 1", field="explore")


@dataclass(frozen=True)
class Candidate:
    number: str
    score: float
    must_red: bool = False


@dataclass(frozen=True)
class Assignment:
    lane: str
    #: must (a must-red criterion), random (exploration), score (filled by score), rest (green)
    how: str


def apportion(total: int, weights: Mapping[str, float]) -> dict[str, int]:
    """``total`` split over ``weights`` by largest remainder (sums to ``total`` exactly)."""
    mass = sum(weights.values())
    if total <= 0 or mass <= 0:
        return dict.fromkeys(weights, 0)
    exact = {k: total * w / mass for k, w in weights.items()}
    out = {k: math.floor(v) for k, v in exact.items()}
    left = total - sum(out.values())
    for k in sorted(exact, key=lambda k: (-(exact[k] - out[k]), k))[:left]:
        out[k] += 1
    return out


def capacities(n: int, plan: LanePlan) -> dict[str, int]:
    """Declarations each inspection lane takes out of ``n`` (largest remainder, so the lanes
    together take the rounded total share)."""
    total = round(n * sum(plan.shares.values()))
    return apportion(total, {k: plan.shares.get(k, 0.0) for k in INSPECTION_LANES})


@dataclass
class Budget:
    """Capacity carried from period to period: each period's capacity per lane is what keeps
    the running total at the lane's share of the declarations seen so far, so an office with
    three declarations a week still inspects its share over the weeks."""

    plan: LanePlan
    seen: int = 0
    planned: dict[str, int] = field(default_factory=dict)

    def take(self, n: int) -> dict[str, int]:
        """Capacity per lane for a period of ``n`` declarations."""
        self.seen += n
        return {
            lane: max(
                0, round(self.seen * self.plan.shares.get(lane, 0.0)) - self.planned.get(lane, 0)
            )
            for lane in INSPECTION_LANES
        }

    def used(self, assignments: Iterable[Assignment]) -> None:
        """What the period's lanes took (random and must-red picks may exceed capacity)."""
        for a in assignments:
            if a.lane in INSPECTION_LANES:
                self.planned[a.lane] = self.planned.get(a.lane, 0) + 1


def allocate(
    candidates: Sequence[Candidate],
    plan: LanePlan,
    capacity: Mapping[str, int] | None = None,
) -> dict[str, Assignment]:
    """Lanes for one office and period's declarations."""
    cap = dict(capacity if capacity is not None else capacities(len(candidates), plan))
    out: dict[str, Assignment] = {}
    for c in candidates:
        if c.must_red:
            out[c.number] = Assignment("red", "must")
    cap["red"] = max(0, cap.get("red", 0) - len(out))
    free = [c for c in candidates if c.number not in out]
    # exploration: a declaration whose draw falls in a lane's random band goes there (a band is
    # ``explore`` x the lane's share wide, so the expected random picks are that share of the
    # declarations whatever the period's size); they take the lane's capacity first, beyond it
    # if need be (a :class:`Budget` then gives the next periods less)
    u0 = 0.0
    for lane in INSPECTION_LANES:
        width = plan.explore * plan.shares.get(lane, 0.0)
        for c in free:
            if u0 <= draw(c.number, plan.salt) < u0 + width:
                out[c.number] = Assignment(lane, "random")
                cap[lane] = cap.get(lane, 0) - 1
        u0 += width
    cap = {lane: max(0, n) for lane, n in cap.items()}
    rest = sorted(
        (c for c in free if c.number not in out),
        key=lambda c: (-c.score, draw(c.number, plan.salt)),
    )
    j = 0
    for lane in INSPECTION_LANES:
        k = cap.get(lane, 0)
        for c in rest[j : j + k]:
            out[c.number] = Assignment(lane, "score")
        j += k
    for c in rest[j:]:
        out[c.number] = Assignment("green", "rest")
    return out


def allocate_offices(
    groups: Mapping[str, Sequence[Candidate]], plan: LanePlan, total: int | None = None
) -> dict[str, Assignment]:
    """Lanes for one period over several offices: each lane's national capacity (``total``
    inspections split over the lanes by their shares, or the plan's shares of every
    declaration) apportioned to the offices by their number of declarations, then each office
    filled on its own."""
    n = sum(len(g) for g in groups.values())
    national = (
        capacities(n, plan)
        if total is None
        else apportion(total, {k: plan.shares.get(k, 0.0) for k in INSPECTION_LANES})
    )
    per_lane = {
        lane: apportion(national[lane], {o: float(len(g)) for o, g in groups.items()})
        for lane in INSPECTION_LANES
    }
    out: dict[str, Assignment] = {}
    for office, group in groups.items():
        out |= allocate(group, plan, {lane: per_lane[lane][office] for lane in INSPECTION_LANES})
    return out


def realised_mix(assignments: Sequence[Assignment]) -> dict[str, float]:
    n = len(assignments)
    return {lane: (sum(a.lane == lane for a in assignments) / n if n else 0.0) for lane in LANES}


#: rules whose hit always sends a declaration red, whatever the capacity
MUST_RED = ("sanctioned_party",)


@dataclass(frozen=True)
class LaneConfig:
    """The national plan, each office's own where it has one, and the must-red rules.

    As YAML (``--plan FILE``)::

        shares: {red: 0.01, yellow: 0.2, blue: 0.005}
        explore: 0.1
        must_red: [sanctioned_party]
        offices:
          KZ-P-KHORGOS: {shares: {red: 0.03, yellow: 0.3, blue: 0.01}}
    """

    default: LanePlan = field(
        default_factory=lambda: LanePlan(shares={"red": 0.01, "yellow": 0.2, "blue": 0.005})
    )
    offices: Mapping[str, LanePlan] = field(default_factory=dict)
    must_red: tuple[str, ...] = MUST_RED

    def plan_for(self, office: str) -> LanePlan:
        return self.offices.get(office, self.default)

    @classmethod
    def load(cls, data: Mapping[str, object] | None) -> LaneConfig:
        if not data:
            return cls()
        known = {"shares", "explore", "must_red", "offices", "salt"}
        unknown = set(data) - known
        if unknown:
            raise InvalidInput(
                f"unknown key(s) {', '.join(sorted(unknown))}; the keys are "
                f"{', '.join(sorted(known))}",
                field=sorted(unknown)[0],
            )
        base = cls()

        def plan(part: Mapping[str, object], fallback: LanePlan) -> LanePlan:
            shares = part.get("shares", fallback.shares)
            explore = part.get("explore", fallback.explore)
            if not isinstance(shares, Mapping) or not isinstance(explore, int | float):
                raise InvalidInput("shares is a mapping of lane to share, explore a number")
            return LanePlan(
                shares={str(k): float(v) for k, v in shares.items()},
                explore=float(explore),
                salt=str(part.get("salt", fallback.salt)),
            )

        default = plan(data, base.default)
        offices_raw = data.get("offices") or {}
        if not isinstance(offices_raw, Mapping):
            raise InvalidInput("offices is a mapping of office code to its plan", field="offices")
        offices = {
            str(office): plan(part if isinstance(part, Mapping) else {}, default)
            for office, part in offices_raw.items()
        }
        must = data.get("must_red", base.must_red)
        if not isinstance(must, list | tuple):
            raise InvalidInput("must_red is a list of rule names", field="must_red")
        return cls(default=default, offices=offices, must_red=tuple(str(m) for m in must))

    def targets(self, office: str | None = None) -> dict[str, float]:
        """Expected share per lane, green the rest."""
        shares = (self.plan_for(office) if office else self.default).shares
        out = {lane: float(shares.get(lane, 0.0)) for lane in INSPECTION_LANES}
        out["green"] = round(1.0 - sum(out.values()), 6)
        return out

    def to_json(self) -> dict[str, object]:
        def plan(p: LanePlan) -> dict[str, object]:
            return {"shares": dict(p.shares), "explore": p.explore, "salt": p.salt}

        return {
            **plan(self.default),
            "must_red": list(self.must_red),
            "offices": {o: plan(p) for o, p in self.offices.items()},
        }
