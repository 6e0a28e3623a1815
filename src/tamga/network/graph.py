"""The trade network as an igraph graph, and the questions asked of one holder's part of it.

Edges are directed seller -> buyer, summed over the months read (``since``) with the value, the
part in controlled goods, the lines, the first and the last date, and the value by month (for
growth). One holder's view is its neighbourhood to ``depth`` hops (either direction), keeping
the ``fanout`` largest trades of each party so that a foreign hub with thousands of buyers does
not swallow the view. On that view:

- **communities**: Louvain (igraph's multilevel) on the undirected view weighted by value;
- **brokers**: betweenness on the view, undirected (who sits between the holder's trades);
- **circular trades**: chains of sales that leave the holder and come back to it;
- **fast-growing**: parties whose trade in the last ``growth_months`` months is at least
  ``growth_factor`` times that of the months before, and at least ``growth_min`` in value.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import igraph as ig

from tamga.errors import NotFound


@dataclass
class EdgeSum:
    value: float = 0.0
    controlled: float = 0.0
    lines: int = 0
    first: str = "9999"
    last: str = ""
    months: dict[str, float] = field(default_factory=dict)


class TradeNetwork:
    """Parties (names, kinds, countries) and their trade, as one directed igraph graph."""

    def __init__(
        self,
        edges: Iterable[tuple[Any, ...]],
        nodes: Iterable[tuple[Any, ...]] = (),
        aliases: dict[str, list[dict[str, Any]]] | None = None,
    ) -> None:
        sums: dict[tuple[str, str], EdgeSum] = {}
        latest = ""
        for src, dst, month, value, controlled, lines, first, last in edges:
            e = sums.get((src, dst))
            if e is None:
                e = sums[(src, dst)] = EdgeSum()
            e.value += value
            e.controlled += controlled
            e.lines += lines
            e.first = min(e.first, first)
            e.last = max(e.last, last)
            e.months[month] = e.months.get(month, 0.0) + value
            latest = max(latest, month)
        self.latest_month = latest
        #: a node standing for one firm under several ids: the other ids, names and how joined
        self.aliases = aliases or {}
        self.info: dict[str, tuple[str | None, str, str | None]] = {
            nid: (name, kind, country) for nid, name, kind, country in nodes
        }
        ids = sorted({k for pair in sums for k in pair})
        self.ids = ids
        self.index = {nid: i for i, nid in enumerate(ids)}
        self.pairs = list(sums)
        self.sums = [sums[p] for p in self.pairs]
        self.graph = ig.Graph(
            n=len(ids),
            edges=[(self.index[s], self.index[d]) for s, d in self.pairs],
            directed=True,
        )
        self.graph.es["value"] = [e.value for e in self.sums]
        self.ends = [(self.index[s], self.index[d]) for s, d in self.pairs]
        self._by_value: dict[int, list[int]] = {}
        self._growth_memo: dict[int, tuple[list[float], list[float]]] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def name(self, nid: str) -> str:
        return (self.info.get(nid, (None, "", None))[0]) or nid

    def node_dict(self, nid: str) -> dict[str, Any]:
        name, kind, country = self.info.get(nid, (None, "holder", None))
        out = {"id": nid, "name": name or nid, "kind": kind, "country": country}
        seen_as = self.aliases.get(nid)
        return out | {"aliases": seen_as} if seen_as else out

    def view(
        self,
        holder: str,
        depth: int = 2,
        fanout: int = 50,
        limit: int = 250,
        growth_months: int = 3,
        growth_factor: float = 2.0,
        growth_min: float = 0.0,
    ) -> dict[str, Any]:
        if holder not in self.index:
            raise NotFound(f"{holder!r} has no trade in the network (rebuild after ingesting?)")
        if depth < 1:
            from tamga.errors import InvalidInput

            raise InvalidInput("depth must be 1 or more", field="--depth")
        g = self.graph
        root = self.index[holder]
        level = {root: 0}
        frontier = [root]
        ends = self.ends
        for d in range(1, depth + 1):
            nxt: list[int] = []
            for v in frontier:
                for e in self._largest(v)[:fanout]:
                    a, b = ends[e]
                    u = b if a == v else a
                    if u not in level and len(level) < limit:
                        level[u] = d
                        nxt.append(u)
            frontier = nxt
        members = sorted(level, key=lambda v: (level[v], self.ids[v]))
        sub = g.subgraph(members)  # vertex i of sub is members[i] (members sorted by index)
        order = sorted(members)
        sub_edges = g.get_eids(pairs=[(order[a], order[b]) for a, b in sub.get_edgelist()])
        return {
            "holder": self.node_dict(holder),
            "depth": depth,
            "latest_month": self.latest_month,
            "nodes": [self.node_dict(self.ids[v]) | {"hops": level[v]} for v in members],
            "edges": [self._edge(e) for e in sub_edges],
            "counterparties": self._counterparties(root),
            "communities": self._communities(sub, order),
            "brokers": self._brokers(sub, order, root),
            "circular_trades": self._cycles(sub, order, root, depth),
            "fast_growing": self._growth(
                [v for v in members if v != root], growth_months, growth_factor, growth_min
            ),
        }

    def _largest(self, v: int) -> list[int]:
        """A party's trades, largest first (sorted once per party and kept)."""
        hit = self._by_value.get(v)
        if hit is None:
            hit = sorted(self.graph.incident(v, mode="all"), key=lambda e: -self.sums[e].value)
            self._by_value[v] = hit
        return hit

    def _edge(self, e: int) -> dict[str, Any]:
        s, d = self.pairs[e]
        x = self.sums[e]
        return {
            "source": s,
            "target": d,
            "value": round(x.value, 2),
            "controlled_share": round(x.controlled / x.value, 4) if x.value else 0.0,
            "lines": x.lines,
            "first": x.first,
            "last": x.last,
        }

    def _counterparties(self, root: int) -> list[dict[str, Any]]:
        g = self.graph
        out: dict[int, dict[str, Any]] = {}
        for e in g.incident(root, mode="all"):
            a, b = self.ends[e]
            sold = a == root
            other = b if sold else a
            x = self.sums[e]
            row = out.setdefault(
                other,
                self.node_dict(self.ids[other])
                | {"sold_to": 0.0, "bought_from": 0.0, "controlled": 0.0, "lines": 0,
                   "first": x.first, "last": x.last},
            )  # fmt: skip
            row["sold_to" if sold else "bought_from"] += x.value
            row["controlled"] += x.controlled
            row["lines"] += x.lines
            row["first"] = min(row["first"], x.first)
            row["last"] = max(row["last"], x.last)
        rows = []
        for row in out.values():
            value = row["sold_to"] + row["bought_from"]
            controlled = row.pop("controlled")
            row["value"] = round(value, 2)
            row["sold_to"] = round(row["sold_to"], 2)
            row["bought_from"] = round(row["bought_from"], 2)
            row["controlled_share"] = round(controlled / value, 4) if value else 0.0
            rows.append(row)
        rows.sort(key=lambda r: (-r["value"], r["id"]))
        return rows

    def _communities(self, sub: ig.Graph, order: list[int]) -> list[dict[str, Any]]:
        if sub.ecount() == 0:
            return []
        und = sub.as_undirected(combine_edges={"value": "sum"})
        weights = [math.log1p(max(v, 0.0)) + 1e-9 for v in und.es["value"]]
        parts = und.community_multilevel(weights=weights)
        out = []
        for i, part in enumerate(sorted(parts, key=lambda p: (-len(p), min(p)))):
            ids = [self.ids[order[v]] for v in part]
            inner = sum(
                und.es[e]["value"] for e in und.es.select(_within=part).indices
            )  # fmt: skip
            out.append({"community": i, "size": len(ids), "value": round(inner, 2),
                        "members": sorted(ids)[:50]})  # fmt: skip
        return out

    def _brokers(self, sub: ig.Graph, order: list[int], root: int) -> list[dict[str, Any]]:
        if sub.vcount() < 3:
            return []
        scores = sub.betweenness(directed=False, cutoff=4)
        n = sub.vcount()
        norm = (n - 1) * (n - 2) / 2
        ranked = sorted(
            ((s, order[v]) for v, s in enumerate(scores) if s > 0 and order[v] != root),
            key=lambda t: (-t[0], self.ids[t[1]]),
        )
        return [
            self.node_dict(self.ids[v]) | {"betweenness": round(s / norm, 4)}
            for s, v in ranked[:10]
        ]

    def _cycles(
        self, sub: ig.Graph, order: list[int], root: int, depth: int
    ) -> list[dict[str, Any]]:
        """Sales leaving the holder and coming back to it, up to ``depth + 2`` hops."""
        local = order.index(root)
        back = set(sub.predecessors(local))
        if not back:
            return []
        found = []
        paths = sub.get_all_simple_paths(local, to=sorted(back), maxlen=depth + 1, max_results=200)
        for path in paths:
            cycle = [order[v] for v in path] + [root]
            values = [
                self.sums[self.graph.get_eid(a, b)].value for a, b in itertools.pairwise(cycle)
            ]
            found.append(
                {"path": [self.ids[v] for v in cycle], "hops": len(cycle) - 1,
                 "value": round(min(values), 2)}
            )  # fmt: skip
            if len(found) >= 200:
                break
        found.sort(key=lambda c: (-c["value"], c["hops"], c["path"]))
        return found[:50]

    def _growth(
        self, members: list[int], months: int, factor: float, minimum: float
    ) -> list[dict[str, Any]]:
        if not self.latest_month:
            return []
        recent_of, before_of = self._trade_by_period(months)
        out = []
        for v in members:
            r, b = recent_of[v], before_of[v]
            if r >= minimum and r > 0 and r >= factor * b:
                growth = None if b == 0 else round(r / b, 2)
                out.append(self.node_dict(self.ids[v]) | {
                    "recent": round(r, 2), "before": round(b, 2), "growth": growth
                })  # fmt: skip
        out.sort(key=lambda x: (-(x["growth"] or math.inf), -x["recent"], x["id"]))
        return out[:20]

    def _trade_by_period(self, months: int) -> tuple[list[float], list[float]]:
        """Each party's trade (bought and sold) in the last ``months`` months and the months
        before them, computed once for the whole network."""
        hit = self._growth_memo.get(months)
        if hit is None:
            recent = set(_months_back(self.latest_month, months))
            before = set(_months_back(_shift(self.latest_month, -months), months))
            r = [0.0] * len(self.ids)
            b = [0.0] * len(self.ids)
            for (s, d), x in zip(self.pairs, self.sums, strict=True):
                for m, value in x.months.items():
                    if m in recent:
                        r[self.index[s]] += value
                        r[self.index[d]] += value
                    elif m in before:
                        b[self.index[s]] += value
                        b[self.index[d]] += value
            hit = self._growth_memo[months] = (r, b)
        return hit


def _shift(month: str, k: int) -> str:
    y, m = int(month[:4]), int(month[5:7])
    total = y * 12 + (m - 1) + k
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def _months_back(month: str, k: int) -> list[str]:
    return [_shift(month, -i) for i in range(k)]
