"""The store's parties resolved once, for the network, exposure and the rules alike.

The records are the parties tamga trades with or registers: the network's parties (ledger
counterparties named as first declared, and holders), the registry's holders (their id is an
identifier), and every id an analyst judged, which may be a listed entity's (``tamga judge
CN-77 NK-abc --same``). Listed entities are not all records: a million of them would make every
resolution slow, and screening already compares a party's name with theirs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson
from sqlalchemy import Engine, func, select

from tamga.ownership.graph import OwnershipGraph, normal_id
from tamga.ownership.resolution import JudgementStore, Record, Resolution, resolve

_BATCH = 900


def stored_records(engine: Engine, judged: Iterable[str] = ()) -> list[Record]:
    """The records to resolve: network parties, registry holders and the ids ``judged``."""
    wanted = set(judged)
    from tamga.store import ledger_read
    from tamga.store.network_tables import network_nodes
    from tamga.store.screening_tables import screening_entities

    found: dict[str, Record] = {}
    with engine.connect() as conn:
        for nid, name, country in conn.execute(
            select(network_nodes.c.node_id, network_nodes.c.name, network_nodes.c.country)
        ):
            found[nid] = Record(nid, name or "", country)
        for row in ledger_read.holder_rows(conn):
            hid, name = row.id, row.name
            if name or hid not in found:
                found[hid] = Record(hid, name or "", "KZ", (hid,))
        missing = sorted(wanted - set(found))
        t = screening_entities.c
        for i in range(0, len(missing), _BATCH):
            rows = conn.execute(
                select(t.entity_id, t.caption, t.countries, t.identifiers).where(
                    t.entity_id.in_(missing[i : i + _BATCH])
                )
            )
            for eid, caption, countries, idents in rows:
                country = next(iter(orjson.loads(countries or "[]")), None)
                found[eid] = Record(eid, caption, country, tuple(orjson.loads(idents or "[]")))
    for rid in wanted - set(found):  # a ledger party not in the network yet: its id alone
        found[rid] = Record(rid, "")
    return list(found.values())


def stored_resolution(engine: Engine, graph: OwnershipGraph | None = None) -> Resolution:
    """The store's parties resolved with the analysts' judgements; with the ownership
    ``graph``, a party whose id is a loaded entity's identifier (a holder's BIN as a list's
    registration number) is joined with that entity by it."""
    judgements = JudgementStore(engine).all()
    judged = {x for j in judgements for x in (j.left, j.right)}
    records = stored_records(engine, judged)
    if graph is not None:
        records += identified_records(graph, records)
    return resolve(records, judgements)


def identified_records(graph: OwnershipGraph, records: list[Record]) -> list[Record]:
    """The graph's parties that carry one of ``records``' ids as an identifier, as records
    holding that identifier (for the resolution to join them by it)."""
    have = {r.record_id for r in records}
    out: dict[str, Record] = {}
    for r in records:
        n = graph.by_identifier.get(normal_id(r.record_id))
        if n is None:
            continue
        eid = graph.ids[n]
        if eid != r.record_id and eid not in have and eid not in out:
            out[eid] = Record(eid, graph.names[n], None, (r.record_id,))
    return list(out.values())


def resolution_revision(engine: Engine) -> tuple[Any, ...]:
    """What a stored resolution depends on: the network build, the registry, the judgements
    (equal revisions: the same resolution)."""
    from tamga.store import ledger_read
    from tamga.store.network_tables import network_builds
    from tamga.store.ownership_tables import resolution_judgements

    with engine.connect() as conn:
        build = conn.scalar(select(func.max(network_builds.c.build_id)))
        judged = conn.scalar(select(func.max(resolution_judgements.c.judgement_id)))
        registry = ledger_read.registry_revision(conn)
    return (build, judged, *registry)
