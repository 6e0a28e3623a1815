"""The trade network in the store: built from the ledger's goods lines, read back by month.

Who sold to whom: an import is a sale by its foreign consignor to the domestic consignee, an
export one by the exporter to its foreign consignee, a transfer one by the seller to the buyer.
Lines are summed per (seller, buyer, month) in the database; the part of the value in goods
that the lists mark controlled (or banned from export) is kept beside the total. A build
replaces the previous one and records up to which log entry it read.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, delete, insert, select

from tamga.store import ledger_read
from tamga.store.bulk import insert_tuples
from tamga.store.network_tables import network_builds, network_edges, network_nodes

TRADE_TYPES = ("import", "export", "transfer")
_CONTROLLED_EFFECTS = ("controlled", "export_ban")


@dataclass(frozen=True, slots=True)
class BuildReport:
    last_seq: int
    edges: int
    nodes: int
    seconds: float


def controlled_prefixes(checker: Any) -> tuple[str, ...]:
    """HS prefixes the lists mark controlled or banned from export, whatever the route."""
    if checker is None:
        return ()
    found: set[str] = set()
    for gl in checker.lists.values():
        for entry in gl.entries:
            if str(getattr(entry.effect, "value", entry.effect)) in _CONTROLLED_EFFECTS:
                found.update(entry.hs_prefixes)
    return tuple(sorted(found))


class NetworkStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def log_head(self) -> int:
        with self.engine.connect() as conn:
            return ledger_read.newest_seq(conn)

    def last_build(self) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(network_builds).order_by(network_builds.c.build_id.desc()).limit(1)
            ).first()
        return dict(row._mapping) if row is not None else None

    def stale(self) -> bool:
        build = self.last_build()
        return build is None or int(build["last_seq"]) < self.log_head()

    def rebuild(self, checker: Any = None) -> BuildReport:
        """Sum the ledger's lines into edges by month, name the parties, replace the build."""
        started = time.perf_counter()
        prefixes = controlled_prefixes(checker)
        lengths = sorted({len(p) for p in prefixes})
        prefix_set = frozenset(prefixes)
        memo: dict[str, bool] = {}

        def controlled(hs: str) -> bool:
            hit = memo.get(hs)
            if hit is None:
                hit = memo[hs] = any(hs[:k] in prefix_set for k in lengths)
            return hit

        query = ledger_read.trade_edges_by_month(TRADE_TYPES)
        edges: dict[tuple[str, str, str], list[Any]] = {}
        domestic: set[str] = set()
        first_seen: dict[str, int] = {}  # a foreign party's first declaration
        head = self.log_head()
        with self.engine.connect() as conn:
            for s, d, m, hs, type_, value, lines, first, last, seq in conn.execution_options(
                yield_per=50_000
            ).execute(query):
                e = edges.get((s, d, m))
                v = float(value or 0.0)
                c = v if controlled(hs) else 0.0
                if e is None:
                    edges[(s, d, m)] = [v, c, int(lines), first, last]
                else:
                    e[0] += v
                    e[1] += c
                    e[2] += int(lines)
                    e[3] = min(e[3], first)
                    e[4] = max(e[4], last)
                # the party on the holder's side is domestic; the other is the foreign consignor
                # (import) or consignee (export), or the domestic buyer of a transfer
                foreign = s if type_ == "import" else d if type_ == "export" else None
                domestic.add(d if type_ == "import" else s)
                if type_ == "transfer":
                    domestic.add(d)
                elif foreign is not None and seq < first_seen.get(foreign, seq + 1):
                    first_seen[foreign] = seq
            nodes = self._nodes(conn, domestic, first_seen)
        with self.engine.begin() as conn:
            conn.execute(delete(network_edges))
            conn.execute(delete(network_nodes))
            rows = [(s, d, m, *sums) for (s, d, m), sums in edges.items()]
            insert_tuples(conn, network_edges, rows)
            insert_tuples(conn, network_nodes, nodes)
            seconds = time.perf_counter() - started
            conn.execute(
                insert(network_builds).values(
                    built_at=datetime.now(UTC).isoformat(timespec="seconds"),
                    last_seq=head,
                    edges=len(rows),
                    seconds=round(seconds, 3),
                )
            )
        return BuildReport(head, len(rows), len(nodes), time.perf_counter() - started)

    def _nodes(
        self, conn: Any, domestic: set[str], first_seen: dict[str, int]
    ) -> list[tuple[str, str | None, str, str | None]]:
        """Rows of ``network_nodes``: holders by their registry name; foreign parties by the
        name and country of their first declaration (read from that event alone)."""
        out: dict[str, tuple[str, str | None, str, str | None]] = {}
        wanted = domestic | set(first_seen)
        for holder in ledger_read.holder_rows(conn):
            if holder.id in wanted:
                out[holder.id] = (holder.id, holder.name, "holder", "KZ")
        for hid in domestic - set(out):
            out[hid] = (hid, None, "holder", "KZ")
        seqs = sorted(seq for pid, seq in first_seen.items() if pid not in out)
        for pid, (name, country) in ledger_read.declared_counterparties(conn, seqs).items():
            if pid not in out:
                out[pid] = (pid, name, "foreign", country)
        for nid in wanted - set(out):
            out[nid] = (nid, None, "foreign", None)
        return list(out.values())

    def edges(self, since: str | None = None) -> Iterable[tuple[Any, ...]]:
        """(src, dst, month, value, controlled_value, lines, first, last), months from ``since``."""
        c = network_edges.c
        query = select(c.src, c.dst, c.month, c.value, c.controlled_value, c.lines, c.first, c.last)
        if since:
            query = query.where(c.month >= since[:7])
        with self.engine.connect() as conn:
            yield from conn.execution_options(yield_per=50_000).execute(query)

    def nodes(self) -> Iterable[tuple[Any, ...]]:
        c = network_nodes.c
        with self.engine.connect() as conn:
            yield from conn.execute(select(c.node_id, c.name, c.kind, c.country))
