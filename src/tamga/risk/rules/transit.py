"""Rule 5: transits that are not discharged, end elsewhere, are sold, or leave their road.

- ``transit_overdue``: still open when the ledger's clock passes its deadline. The clock is
  the latest event time seen, never past the receiving server's own clock, checked on every
  event, so the finding does not depend on how events were batched.
- ``transit_elsewhere``: ended at an office other than the declared destination.
- ``transit_sold``: its goods sold domestically (a transfer naming the MRN as the lot).
- ``transit_route``: positions (navigation seals, offices of transit) far from the corridor's
  road between the declared offices of departure and destination.
"""

from __future__ import annotations

import heapq
import itertools
import math
from functools import lru_cache
from typing import Any

from tamga.geography import CORRIDORS, UnknownPlace, distance_km, distance_to_polyline_km, place
from tamga.ledger.engine import Applied
from tamga.ledger.model import Checkpoint, TransferEvent, TransitEnd, TransitStart
from tamga.risk.context import RiskContext
from tamga.risk.model import Alert, uniq
from tamga.risk.rules.base import DAY, Rule

Point = tuple[float, float]


def _where(applied: Applied) -> dict[str, Any]:
    t = applied.transit
    if t is None:
        return {}
    return {
        "office_of_departure": t.office_of_departure,
        "office_of_destination": t.office_of_destination,
        "destination_country": t.destination_country,
        "deadline": t.deadline,
        "carrier": t.carrier,
        "vehicle": t.vehicle,
    }


class TransitOverdue(Rule):
    """Transits not accounted for in time, graded by how late they are against the time they
    were allowed, and by whether they still report.

    Real transits end somewhat late for ordinary reasons (a queue at the border, a rest day):
    a transit is treated as overdue only once it is past its deadline by a grace of
    ``grace_share`` of its allowed time (deadline minus start), at least ``grace_hours``. One
    discharged at its declared office within that grace raises nothing; later, a low score (the
    goods arrived). One still open past the grace scores by its lateness against the allowed
    time and by how long it has been silent: a transit whose positions keep coming along the
    route is late, one that stopped reporting and never ended is the risk.
    """

    name = "transit_overdue"
    types = ("transit_start", "checkpoint", "transit_end")
    ticks = True

    def __init__(self, params: dict[str, Any], ctx: RiskContext) -> None:
        super().__init__(params, ctx)
        self.grace = float(params.get("grace_hours", 24)) * 3600.0
        self.grace_share = float(params.get("grace_share", 0.5))
        #: days overdue at which an open transit's alert is raised again with a higher score
        self.stages = tuple(float(d) for d in params.get("stages_days") or (1, 3, 7, 14, 30))
        #: lateness (as a share of the allowed time) at which the score has grown by 63%
        self.scale = float(params.get("scale_share", 1.0))

    def initial_state(self) -> dict[str, Any]:
        return {"heap": [], "open": {}, "clock": float("-inf")}

    def _grace_t(self, info: dict[str, Any]) -> float:
        deadline = float(info["deadline_t"])
        allowed = max(0.0, deadline - float(info.get("start_t", deadline)))
        return deadline + max(self.grace, self.grace_share * allowed)

    def _score(self, info: dict[str, Any], clock: float, discharged: bool) -> dict[str, Any]:
        """The score and what it comes from: lateness against the allowed time; for an open
        transit also its silence (time since the last position, against the allowed time)."""
        allowed = max(DAY / 4, info["deadline_t"] - info.get("start_t", info["deadline_t"]))
        late = max(0.0, clock - info["deadline_t"])
        share = late / allowed
        grown = 1.0 - math.exp(-share / self.scale)
        out: dict[str, Any] = {
            "allowed_days": round(allowed / DAY, 2),
            "late_share_of_allowed": round(share, 3),
            "grace_days": round((self._grace_t(info) - info["deadline_t"]) / DAY, 2),
        }
        if discharged:
            out["score"] = round(0.2 + 0.3 * grown, 4)
            return out
        last = info.get("last_t", info.get("start_t", clock))
        silent = max(0.0, clock - last)
        quiet = min(1.0, silent / allowed)
        out |= {
            "silent_days": round(silent / DAY, 2),
            "still_reporting": last > info["deadline_t"],
            "score": round(0.35 + 0.55 * grown * (0.5 + 0.5 * quiet), 4),
        }
        return out

    def on_event(self, applied: Applied, t: float) -> list[Alert]:
        event = applied.event
        open_ = self.state["open"]
        if isinstance(event, TransitStart):
            deadline = event.deadline.timestamp()
            info = {
                "start_event": event.event_id,
                "start_t": t,
                "deadline_t": deadline,
                "deadline": applied.transit.deadline if applied.transit else None,
                "carrier": event.carrier,
                "departure": event.office_of_departure,
                "destination": event.office_of_destination,
                "destination_country": event.destination_country,
                "last": {"time": applied.time, "location": event.location},
                "last_t": t,
                "checkpoints": 0,
            }
            open_[event.transit_id] = info
            heapq.heappush(self.state["heap"], (self._grace_t(info), event.transit_id))
        elif isinstance(event, Checkpoint):
            info = open_.get(event.transit_id) or self.state.get("overdue", {}).get(
                event.transit_id
            )
            if info is not None:
                info["checkpoints"] += 1
                if applied.time >= info["last"]["time"]:
                    info["last"] = {"time": applied.time, "location": event.location}
                    info["last_t"] = t
                    if event.lat is not None and event.lon is not None:
                        info["last"] |= {"lat": event.lat, "lon": event.lon}
        elif isinstance(event, TransitEnd):
            info = open_.pop(event.transit_id, None)
            overdue = self.state.setdefault("overdue", {})
            if info is None:
                info = overdue.pop(event.transit_id, None)
                if info is None:
                    return []
            elif t <= self._grace_t(info):
                return []  # discharged in time, or within the grace of ordinary lateness
            # discharged after the grace (found now, or found open earlier: the same alert,
            # now with the discharge)
            info["discharged"] = {"time": applied.time, "location": event.location}
            return [self._alert(event.transit_id, info, t, applied)]
        return []

    def _alert(self, mrn: str, info: dict[str, Any], clock: float, applied: Applied) -> Alert:
        late_days = (clock - info["deadline_t"]) / DAY
        discharged = info.get("discharged")
        title = (
            f"transit discharged {late_days:.1f} days after its deadline {info['deadline'][:10]}"
            if discharged
            else f"transit not discharged by its deadline {info['deadline'][:10]}"
        )
        evidence = {
            "deadline": info["deadline"],
            "office_of_departure": info["departure"],
            "office_of_destination": info["destination"],
            "destination_country": info["destination_country"],
            "last_position": info["last"],
            "checkpoints": info["checkpoints"],
            "discharged": discharged,
        }
        if discharged:
            evidence["days_late"] = round(late_days, 2)
            evidence["days_overdue_when_found"] = info.get("found_days", round(late_days, 2))
        else:
            evidence["days_overdue_when_found"] = round(late_days, 2)
        # once discharged, the goods are accounted for: the alert (raised while the transit
        # was open) now weighs how late they were, no longer that they might not arrive
        graded = self._score(info, clock, bool(discharged))
        score = graded.pop("score")
        evidence |= graded
        evidence["score_from"] = (
            f"{late_days:.1f} days past the deadline "
            f"({graded['late_share_of_allowed']:.0%} of the {graded['allowed_days']:.1f} days "
            "allowed)"
            + (
                f", discharged at {discharged['location']}"
                if discharged
                else f", still open, silent for {graded['silent_days']:.1f} days"
            )
        )
        return Alert(
            rule=self.name,
            key=mrn,
            score=score,
            title=title,
            time=info["deadline"] or applied.time,
            subject=mrn,
            subject_kind="transit",
            event_ids=uniq(
                [info["start_event"], applied.event.event_id]
                if discharged
                else [info["start_event"]]
            ),
            holders=[info["carrier"]],
            transits=[mrn],
            locations=uniq([info["departure"], info["last"]["location"]]),
            evidence=evidence,
        )

    def tick(self, t: float, applied: Applied) -> list[Alert]:
        if t > self.state["clock"]:
            self.state["clock"] = t
        heap = self.state["heap"]
        out: list[Alert] = []
        clock = self.state["clock"]
        overdue = self.state.setdefault("overdue", {})
        while heap and heap[0][0] < clock:
            _due, mrn, *stage = heapq.heappop(heap)
            if stage:  # a later stage of a transit found open: raised again, more overdue
                info = overdue.get(mrn)
                if info is None:
                    continue
            else:
                info = self.state["open"].pop(mrn, None)
                if info is None:
                    continue
                info["found_days"] = round((clock - info["deadline_t"]) / DAY, 2)
                overdue[mrn] = info  # kept until it ends: the end updates the alert
                for k, days in enumerate(self.stages):
                    due = info["deadline_t"] + days * DAY
                    if due > clock:
                        heapq.heappush(heap, (due, mrn, k + 1))
            info["max_open_days"] = round((clock - info["deadline_t"]) / DAY, 2)
            out.append(self._alert(mrn, info, clock, applied))
        return out


class TransitElsewhere(Rule):
    name = "transit_elsewhere"
    types = ("transit_end",)

    def on_event(self, applied: Applied, t: float) -> list[Alert]:
        event = applied.event
        transit = applied.transit
        assert isinstance(event, TransitEnd)
        if transit is None or event.location == transit.office_of_destination:
            return []
        return [
            Alert(
                rule=self.name,
                key=event.transit_id,
                score=0.85,
                title=(
                    f"transit ended at {event.location}, "
                    f"declared destination {transit.office_of_destination}"
                ),
                time=applied.time,
                subject=event.transit_id,
                subject_kind="transit",
                event_ids=[event.event_id],
                holders=[transit.carrier],
                transits=[event.transit_id],
                locations=uniq([event.location, transit.office_of_destination]),
                evidence={"ended_at": event.location, "checkpoints": transit.checkpoints}
                | _where(applied),
            )
        ]


class TransitSold(Rule):
    name = "transit_sold"
    types = ("transfer",)

    def on_event(self, applied: Applied, t: float) -> list[Alert]:
        event = applied.event
        assert isinstance(event, TransferEvent)
        sold: dict[str, list[dict[str, Any]]] = {}
        for r in applied.lines:
            if r.parts is None:
                continue
            for (kind, _c, mrn, _n, _p), (qty, _v) in r.parts.items.items():
                if kind == "transit" and mrn:
                    sold.setdefault(mrn, []).append(
                        {
                            "line_no": r.line.line_no,
                            "hs_code": r.line.hs_code,
                            "quantity": round(qty, 6),
                            "unit": r.line.unit,
                            "value": r.line.value,
                        }
                    )
        return [
            Alert(
                rule=self.name,
                key=f"{mrn}|{event.event_id}",
                score=0.95,
                title=f"goods of transit {mrn} sold domestically by {event.seller}",
                time=applied.time,
                subject=mrn,
                subject_kind="transit",
                event_ids=[event.event_id],
                holders=[event.seller, event.buyer],
                transits=[mrn],
                locations=[event.location],
                evidence={
                    "seller": event.seller,
                    "buyer": event.buyer,
                    "invoice_no": event.invoice_no,
                    "lines": lines,
                }
                | (
                    _where(applied) if applied.transit and applied.transit.transit_id == mrn else {}
                ),
            )
            for mrn, lines in sold.items()
        ]


def _point(code: str) -> Point | None:
    try:
        p = place(code)
    except UnknownPlace:
        return None
    return (p.lat, p.lon)


@lru_cache(maxsize=1)
def _road_graph() -> dict[Point, dict[Point, float]]:
    """The corridors' roads as one network: their polylines meet where they share a city."""
    graph: dict[Point, dict[Point, float]] = {}
    for c in CORRIDORS:
        for a, b in zip(c.path, c.path[1:], strict=False):
            km = distance_km(a, b)
            graph.setdefault(a, {})[b] = km
            graph.setdefault(b, {})[a] = km
    return graph


@lru_cache(maxsize=4096)
def _via_network(departure: str, destination: str) -> tuple[Point, ...] | None:
    """The shortest road over the corridors' network between two offices (each joined to the
    network at its nearest point), or None when a place is unknown."""
    a, b = _point(departure), _point(destination)
    if a is None or b is None:
        return None
    graph = _road_graph()
    start = min(graph, key=lambda n: distance_km(a, n))
    goal = min(graph, key=lambda n: distance_km(b, n))
    dist: dict[Point, float] = {start: 0.0}
    prev: dict[Point, Point] = {}
    heap: list[tuple[float, Point]] = [(0.0, start)]
    while heap:
        d, node = heapq.heappop(heap)
        if node == goal:
            break
        if d > dist.get(node, float("inf")):
            continue
        for nxt, km in graph[node].items():
            nd = d + km
            if nd < dist.get(nxt, float("inf")):
                dist[nxt], prev[nxt] = nd, node
                heapq.heappush(heap, (nd, nxt))
    if goal not in dist:
        return (a, b)
    path = [goal]
    while path[-1] != start:
        path.append(prev[path[-1]])
    return (a, *reversed(path), b)


@lru_cache(maxsize=4096)
def _segments(
    road: str | tuple[str, str],
) -> tuple[tuple[Point, Point, float, float, float, float], ...]:
    """A road's segments with their bounding boxes (lat/lon min/max), for a quick "near"."""
    if isinstance(road, str):
        path: tuple[Point, ...] | None = next(c.path for c in CORRIDORS if c.code == road)
    else:
        path = _via_network(*road)
    if not path:
        return ()
    return tuple(
        (a, b, min(a[0], b[0]), max(a[0], b[0]), min(a[1], b[1]), max(a[1], b[1]))
        for a, b in itertools.pairwise(path)
    )


def _near_road(point: Point, roads: list[Any], km: float) -> bool:
    """Whether a point is within ``km`` of a road: only segments whose box, widened by ``km``,
    holds the point are measured (the slow exact distance is for points off every road)."""
    dlat = km / 111.0
    dlon = km / 55.0  # a degree of longitude is at least 55 km below 60 degrees of latitude
    lat, lon = point
    for r in roads:
        for a, b, lo_lat, hi_lat, lo_lon, hi_lon in _segments(
            r if isinstance(r, str) else (r[1], r[2])
        ):
            boxed = lo_lat - dlat <= lat <= hi_lat + dlat and lo_lon - dlon <= lon <= hi_lon + dlon
            if boxed and distance_to_polyline_km(point, (a, b)) <= km:
                return True
    return False


class TransitRoute(Rule):
    name = "transit_route"
    types = ("transit_start", "checkpoint", "transit_end")

    def __init__(self, params: dict[str, Any], ctx: RiskContext) -> None:
        super().__init__(params, ctx)
        self.max_off = float(params.get("max_off_km", 35))
        self.min_points = int(params.get("min_points", 1))

    def initial_state(self) -> dict[str, Any]:
        return {}  # transit id -> {"roads": [corridor code | [a, b]], "off": [...], ...}

    @staticmethod
    def _roads(departure: str, destination: str) -> list[Any]:
        exact = [c.code for c in CORRIDORS if c.entry == departure and c.exit == destination]
        if exact:
            return exact
        passing = [c.code for c in CORRIDORS if departure in c.posts and destination in c.posts]
        if passing:
            return passing
        # no one corridor joins them: the shortest road over the corridors' network
        return [["via", departure, destination]] if _via_network(departure, destination) else []

    @staticmethod
    def _distance(point: Point, roads: list[Any]) -> float:
        paths = {c.code: c.path for c in CORRIDORS}
        out = float("inf")
        for r in roads:
            path = paths[r] if isinstance(r, str) else _via_network(r[1], r[2])
            if path:
                out = min(out, distance_to_polyline_km(point, path))
        return out

    def on_event(self, applied: Applied, t: float) -> list[Alert]:
        event = applied.event
        if isinstance(event, TransitStart):
            roads = self._roads(event.office_of_departure, event.office_of_destination)
            if roads:
                self.state[event.transit_id] = {
                    "roads": roads,
                    "off": [],
                    "start_event": event.event_id,
                    "carrier": event.carrier,
                }
            return []
        if isinstance(event, TransitEnd):
            self.state.pop(event.transit_id, None)
            return []
        assert isinstance(event, Checkpoint)
        info = self.state.get(event.transit_id)
        if info is None:
            return []
        point: Point | None = None
        if event.lat is not None and event.lon is not None:
            point = (event.lat, event.lon)
        else:
            point = _point(event.location)
        if point is None:
            return []
        if _near_road(point, info["roads"], self.max_off):
            return []
        km = self._distance(point, info["roads"])
        if km <= self.max_off:
            return []
        info["off"].append(
            {
                "event_id": event.event_id,
                "time": applied.time,
                "location": event.location,
                "lat": point[0],
                "lon": point[1],
                "km_off_road": round(km, 1),
            }
        )
        if len(info["off"]) < self.min_points:
            return []
        worst = max(p["km_off_road"] for p in info["off"])
        mrn = event.transit_id
        return [
            Alert(
                rule=self.name,
                key=mrn,
                score=min(0.9, 0.55 + 0.35 * min(1.0, worst / (4 * self.max_off))),
                title=f"transit {worst:.0f} km off its corridor's road",
                time=info["off"][0]["time"],
                subject=mrn,
                subject_kind="transit",
                event_ids=uniq([info["start_event"], *(p["event_id"] for p in info["off"][:20])]),
                holders=[info["carrier"]],
                transits=[mrn],
                locations=uniq([p["location"] for p in info["off"][:20]]),
                evidence={
                    "corridors": [
                        r if isinstance(r, str) else f"road network {r[1]} -> {r[2]}"
                        for r in info["roads"]
                    ],
                    "max_off_km": self.max_off,
                    "positions_off_road": info["off"][:20],
                }
                | _where(applied),
            )
        ]
