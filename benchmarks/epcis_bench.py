"""EPCIS throughput and latency: Event Hash ID computation, document capture, standard queries.

    .venv/bin/python benchmarks/epcis_bench.py [--events 20000] [--batch 500] [--queries 200]
                                               [--pg URL]

Events are generated ObjectEvents (shipping/receiving with an SGTIN epcList, a quantity, a
purchase-order and an MRN transaction, read points over 50 locations). Figures printed:
hashes/s (JSON and XML), capture events/s through ``EpcisService.capture_document`` in
documents of ``--batch`` events (validation + hashing + storage), re-capture (all duplicates)
events/s, and p50/p95/p99 latency of typical queries (a page of 100). Peak memory: the process's
max RSS (``resource``) and tracemalloc's peak for the hash phase. SQLite in a temporary file by
default; ``--pg`` takes a PostgreSQL URL (a fresh schema is made and dropped).
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path
from typing import Any

import orjson
from lxml import etree
from sqlalchemy import create_engine, text

from tamga.epcis.event_hash import event_hash_json, event_hash_xml
from tamga.epcis.service import EpcisService
from tamga.store.database import connect

CONTEXT = ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"]


def make_event(n: int, rng: random.Random) -> dict[str, Any]:
    day = 1 + n % 28
    return {
        "type": "ObjectEvent",
        "eventTime": f"2024-05-{day:02d}T{n % 24:02d}:{n % 60:02d}:{n % 59:02d}"
        f".{n % 1000:03d}+05:00",
        "eventTimeZoneOffset": "+05:00",
        "action": "OBSERVE",
        "epcList": [
            f"urn:epc:id:sgtin:4012345.011111.{n}",
            f"urn:epc:id:sgtin:4012345.011111.x{n}",
        ],
        "quantityList": [
            {"epcClass": f"urn:epc:class:lgtin:4012345.011111.L{n % 97}", "quantity": n % 50 + 1}
        ],
        "bizStep": rng.choice(["shipping", "receiving"]),
        "disposition": "in_transit",
        "readPoint": {"id": f"urn:epc:id:sgln:4012345.{n % 50:05d}.0"},
        "bizTransactionList": [
            {"type": "po", "bizTransaction": f"urn:epcglobal:cbv:bt:4012345000009:PO{n % 300}"},
            {"type": "https://tamga.dev/voc/btt/mrn", "bizTransaction": f"24KZ{n % 1000:012d}"},
        ],
    }


def as_xml(event: dict[str, Any]) -> etree._Element:
    root = etree.Element("ObjectEvent")
    for key in ("eventTime", "eventTimeZoneOffset"):
        etree.SubElement(root, key).text = event[key]
    epcs = etree.SubElement(root, "epcList")
    for epc in event["epcList"]:
        etree.SubElement(epcs, "epc").text = epc
    etree.SubElement(root, "action").text = event["action"]
    etree.SubElement(root, "bizStep").text = "urn:epcglobal:cbv:bizstep:" + event["bizStep"]
    etree.SubElement(root, "disposition").text = "urn:epcglobal:cbv:disp:in_transit"
    rp = etree.SubElement(root, "readPoint")
    etree.SubElement(rp, "id").text = event["readPoint"]["id"]
    return root


def percentiles(samples: list[float]) -> str:
    qs = statistics.quantiles(samples, n=100)
    return f"p50 {qs[49] * 1000:.2f} ms  p95 {qs[94] * 1000:.2f} ms  p99 {qs[98] * 1000:.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--pg", help="PostgreSQL URL (postgresql+psycopg://...)")
    args = parser.parse_args()
    rng = random.Random(7)
    events = [make_event(n, rng) for n in range(args.events)]

    start = time.perf_counter()
    for event in events:
        event_hash_json(event)
    json_rate = len(events) / (time.perf_counter() - start)
    xml = [as_xml(e) for e in events[:5000]]
    start = time.perf_counter()
    for element in xml:
        event_hash_xml(element)
    xml_rate = len(xml) / (time.perf_counter() - start)
    tracemalloc.start()  # separately: tracing slows the code it measures
    for event in events[:2000]:
        event_hash_json(event)
    _, hash_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"event hash (JSON-LD): {json_rate:,.0f} events/s")
    print(f"event hash (XML):     {xml_rate:,.0f} events/s")
    print(f"hash phase tracemalloc peak (2,000 events): {hash_peak / 1024:.0f} KiB")

    schema = None
    if args.pg:
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        sep = "&" if "?" in args.pg else "?"
        url = f"{args.pg}{sep}options=-csearch_path%3D{schema}"
        store = "PostgreSQL"
    else:
        tmp = tempfile.mkdtemp()
        url = f"sqlite:///{Path(tmp) / 'epcis.sqlite'}"
        store = "SQLite"
    try:
        service = EpcisService(connect(url))
        docs = [
            orjson.dumps(
                {
                    "@context": CONTEXT,
                    "type": "EPCISDocument",
                    "schemaVersion": "2.0",
                    "creationDate": "2024-06-01T00:00:00Z",
                    "epcisBody": {"eventList": events[i : i + args.batch]},
                }
            )
            for i in range(0, len(events), args.batch)
        ]
        start = time.perf_counter()
        captured = sum(service.capture_document(d).job.captured for d in docs)
        capture_rate = captured / (time.perf_counter() - start)
        start = time.perf_counter()
        duplicates = sum(service.capture_document(d).job.duplicates for d in docs)
        dup_rate = duplicates / (time.perf_counter() - start)
        print(f"[{store}] capture: {capture_rate:,.0f} events/s", end=" ")
        print(f"({captured} events, batch {args.batch})")
        print(f"[{store}] re-capture (duplicates): {dup_rate:,.0f} events/s")

        queries: dict[str, Any] = {
            "EQ_bizStep": lambda: {"EQ_bizStep": "shipping", "perPage": 100},
            "MATCH_epc": lambda: {
                "MATCH_epc": f"urn:epc:id:sgtin:4012345.011111.{rng.randrange(args.events)}"
            },
            "EQ_bizTransaction_po": lambda: {
                "EQ_bizTransaction_po": "urn:epcglobal:cbv:bt:4012345000009:"
                f"PO{rng.randrange(300)}",
                "perPage": 100,
            },
            "time window + readPoint": lambda: {
                "GE_eventTime": "2024-05-10T00:00:00Z",
                "LT_eventTime": "2024-05-12T00:00:00Z",
                "EQ_readPoint": f"urn:epc:id:sgln:4012345.{rng.randrange(50):05d}.0",
                "perPage": 100,
            },
            "page 2 of all": None,
        }
        first = service.query({"perPage": 100})
        queries["page 2 of all"] = lambda: {"perPage": 100, "nextPageToken": first.next_page_token}
        for name, make in queries.items():
            samples = []
            for _ in range(args.queries):
                params = make()
                start = time.perf_counter()
                service.query(params)
                samples.append(time.perf_counter() - start)
            print(f"[{store}] query {name}: {percentiles(samples)}")
    finally:
        if schema:
            with admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak RSS: {peak_kb / 1024:.0f} MB")


if __name__ == "__main__":
    main()
