"""Who is behind a party: listed owners, their share, and whether the party is exposed.

Shares multiply along a chain and add up across listed owners (``aggregate_share``). Two rules
judge it:

- **OFAC 50%** (``ofac_50``): listed persons own 50% or more in aggregate; and, as OFAC's
  guidance reads it, a company so owned is itself blocked, so *its* holdings count in full
  further down (a listed person's 50% of A and A's 50% of B block B, though the product is 25%).
- **EU/UK control** (``eu_control``): one listed person owns more than 50% (directly, or through
  companies it controls, added up), or a listed person directs the party or a company that
  controls it.

Links count on the date asked (default: today); an ownership that ended does not. A share the
source does not give is unknown: its paths and owners say ``share: null``, it adds nothing to a
sum, and it never makes a party exposed by itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tamga.ownership.graph import OwnershipGraph, active_directors, active_owners

MAX_DEPTH = 12
MAX_PATHS = 20_000  # chains walked per question; more is reported as truncated
_EPS = 1e-9


@dataclass(frozen=True, slots=True)
class Owner:
    entity_id: str
    name: str
    listed: bool
    share: float | None  # None: reached through a link of unknown share
    known_share: float  # the part of it that is known

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity_id": self.entity_id,
            "name": self.name,
            "listed": self.listed,
            "share": None if self.share is None else round(self.share, 6),
        }


@dataclass(frozen=True, slots=True)
class OwnershipPath:
    """A chain from a listed party down to the party asked about; ``shares`` per hop."""

    entities: tuple[str, ...]
    names: tuple[str, ...]
    shares: tuple[float | None, ...]
    kind: str = "ownership"  # or "directorship": a listed director at the top

    @property
    def share(self) -> float | None:
        if self.kind != "ownership" or any(s is None for s in self.shares):
            return None
        product = 1.0
        for s in self.shares:
            product *= s or 0.0
        return product

    def text(self) -> str:
        """``60% Самойлов И.В. -> ООО Альфа Холдинг -> 100% ТОО Бета Логистик``: the top owner's
        share first, then each further hop's share before the company it is held in."""
        if self.kind == "directorship":
            return f"director {self.names[0]} -> " + " -> ".join(self.names[1:])
        parts = [f"{_pct(self.shares[0])} {self.names[0]}", self.names[1]]
        for share, name in zip(self.shares[1:], self.names[2:], strict=True):
            parts.append(f"{_pct(share)} {name}")
        return " -> ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        share = self.share
        return {
            "entities": list(self.entities),
            "share": None if share is None else round(share, 6),
        }


def _pct(share: float | None) -> str:
    return "?%" if share is None else f"{share * 100:.4g}%"


@dataclass(frozen=True)
class Exposure:
    query: str
    entity_id: str
    name: str
    listed: bool  # the party itself
    on: str
    aggregate_share: float
    ofac_50: bool
    eu_control: bool
    owners: tuple[Owner, ...]
    paths: tuple[OwnershipPath, ...]
    unknown_shares: bool = False  # a listed owner reached through a share nobody gave
    truncated: bool = False
    controllers: tuple[str, ...] = field(default=())  # listed directors in control
    aliases: dict[str, Any] | None = None  # the firm's other ids and names, and how joined

    @property
    def exposed(self) -> bool:
        return self.ofac_50 or self.eu_control

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "entity_id": self.entity_id,
            "name": self.name,
            "exposed": self.exposed,
            "aggregate_share": round(self.aggregate_share, 6),
            "rules": {"ofac_50": self.ofac_50, "eu_control": self.eu_control},
            "owners": [o.to_dict() for o in self.owners],
            "paths": [p.to_dict() for p in self.paths if p.kind == "ownership"],
        } | ({"resolved": self.aliases} if self.aliases else {})


def exposure(graph: OwnershipGraph, node: int, on: date | None = None, query: str = "") -> Exposure:
    """The exposure of party ``node`` on ``on`` (default today)."""
    day = (on or date.today()).isoformat()
    owners_of = graph.owners_of

    def listed(n: int) -> bool:
        return graph.listed_on(n, day)

    known: dict[int, float] = {}
    unknown: set[int] = set()
    listed_paths: list[OwnershipPath] = []
    walked = 0
    truncated = False
    # chains upward, depth first; a chain stops at the first listed party (its owners are
    # behind a party that is listed already, and would count the same holding twice)
    stack: list[tuple[int, tuple[int, ...], tuple[float | None, ...]]] = [(node, (node,), ())]
    while stack:
        current, chain, shares = stack.pop()
        for owner, share, _s, _e, _l in active_owners(owners_of.get(current, []), day):
            if owner in chain:
                continue
            walked += 1
            if walked > MAX_PATHS:
                truncated = True
                stack.clear()
                break
            hop = (share, *shares)
            product = _product(hop)
            if product is None:
                unknown.add(owner)
            else:
                known[owner] = known.get(owner, 0.0) + product
            up = (owner, *chain)
            if listed(owner):
                listed_paths.append(
                    OwnershipPath(
                        tuple(graph.ids[n] for n in up), tuple(graph.names[n] for n in up), hop
                    )
                )
            elif len(up) <= MAX_DEPTH:
                stack.append((owner, up, hop))
    aggregate = sum(p.share or 0.0 for p in listed_paths)
    ofac = aggregate >= 0.5 - _EPS or _blocked_by_owners(graph, node, day)
    reached = set(known) | unknown
    controllers, director_paths = _listed_directors(graph, node, reached, day)
    eu = bool(controllers) or any(_controls(graph, p, node, day, {}) for p in reached if listed(p))
    owners = sorted(
        (_owner(graph, n, known.get(n, 0.0), n in unknown, day) for n in reached),
        key=lambda o: (-o.known_share, not o.listed, o.entity_id),
    )
    listed_paths.sort(key=lambda p: (-(p.share or 0.0), p.entities))
    return Exposure(
        query=query,
        entity_id=graph.ids[node],
        name=graph.names[node],
        listed=listed(node),
        on=day,
        aggregate_share=aggregate,
        ofac_50=ofac,
        eu_control=eu,
        owners=tuple(owners),
        paths=tuple(listed_paths + director_paths),
        unknown_shares=any(listed(n) for n in unknown),
        truncated=truncated,
        controllers=tuple(graph.ids[n] for n in controllers),
        aliases=_aliases(graph, node),
    )


def _aliases(graph: OwnershipGraph, node: int) -> dict[str, Any] | None:
    """The firm's other ids and names (resolved as one), with how they were joined."""
    others = graph.alias_parties(node)
    if not others:
        return None
    joined = graph.resolution.evidence(graph.ids[node]) if graph.resolution is not None else []
    return {
        "ids": [graph.ids[node], *(p.entity_id for p in others)],
        "names": [graph.names[node], *(p.name for p in others)],
        "joined": joined,
    }


def _owner(graph: OwnershipGraph, n: int, known: float, has_unknown: bool, day: str) -> Owner:
    return Owner(
        graph.ids[n], graph.names[n], graph.listed_on(n, day), None if has_unknown else known, known
    )


def _product(shares: tuple[float | None, ...]) -> float | None:
    product = 1.0
    for s in shares:
        if s is None:
            return None
        product *= s
    return product


def _blocked_by_owners(graph: OwnershipGraph, node: int, day: str) -> bool:
    """OFAC: blocked persons (listed, or blocked by this same rule) own 50% or more."""
    memo: dict[int, bool] = {}

    def blocked(n: int, depth: int, visiting: frozenset[int]) -> bool:
        if graph.listed_on(n, day) and n != node:
            return True
        hit = memo.get(n)
        if hit is not None:
            return hit
        if depth > MAX_DEPTH:
            return False
        total = 0.0
        for owner, share, _s, _e, _l in active_owners(graph.owners_of.get(n, []), day):
            if share and owner not in visiting and blocked(owner, depth + 1, visiting | {owner}):
                total += share
        result = total >= 0.5 - _EPS
        memo[n] = result
        return result

    return blocked(node, 0, frozenset({node}))


def _controls(
    graph: OwnershipGraph, person: int, n: int, day: str, memo: dict[int, bool], depth: int = 0
) -> bool:
    """EU/UK: ``person`` owns more than 50% of ``n`` itself or through companies it controls
    (added up), or directs ``n``."""
    if n == person:
        return True
    hit = memo.get(n)
    if hit is not None:
        return hit
    memo[n] = False  # a cycle back here confers nothing
    if depth > MAX_DEPTH:
        return False
    if person in active_directors(graph.directors_of.get(n, []), day):
        memo[n] = True
        return True
    total = 0.0
    for owner, share, _s, _e, _l in active_owners(graph.owners_of.get(n, []), day):
        if share and _controls(graph, person, owner, day, memo, depth + 1):
            total += share
    memo[n] = total > 0.5 + _EPS
    return memo[n]


def _listed_directors(
    graph: OwnershipGraph, node: int, reached: set[int], day: str
) -> tuple[list[int], list[OwnershipPath]]:
    """Listed directors of the party, or of a company that controls it (EU/UK control)."""
    found: list[int] = []
    paths: list[OwnershipPath] = []
    for company in [node, *sorted(reached)]:
        for d in active_directors(graph.directors_of.get(company, []), day):
            if not graph.listed_on(d, day) or d in found:
                continue
            if company == node or _controls(graph, d, node, day, {}):
                found.append(d)
                ids = (d, company) if company == node else (d, company, node)
                paths.append(
                    OwnershipPath(
                        tuple(graph.ids[i] for i in ids),
                        tuple(graph.names[i] for i in ids),
                        tuple(None for _ in ids[1:]),
                        kind="directorship",
                    )
                )
    return found, paths
