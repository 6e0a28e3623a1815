"""A trader's transit list and one transit, against an analyst's (issue 14, item 17).

Builds a fresh SQLite store with ``--transits`` transits (one in 100 carried by the trader),
then times through the ASGI app (no network): ``GET /api/v1/transits`` as the trader and as an
analyst (the plain baseline), and ``GET /api/v1/transits/{id}`` as the trader for another
carrier's transit and for one that does not exist. Prints p50/p95 in ms over ``--repeat`` calls.

    python benchmarks/transits_bench.py --transits 401 --repeat 50
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from tamga.api import Settings, create_app
from tamga.auth import TokenStore

T0 = datetime(2024, 3, 1, 8, tzinfo=UTC)


def start(i: int, carrier: str) -> dict[str, Any]:
    return {
        "event_id": f"ts-{i}",
        "type": "transit_start",
        "time": (T0 + timedelta(hours=i)).isoformat(),
        "location": "KZ-P-KHORGOS",
        "transit_id": f"MRN{i:06d}",
        "carrier": carrier,
        "office_of_departure": "KZ-P-KHORGOS",
        "office_of_destination": "KZ-P-ZHAISAN",
        "destination_country": "RU",
        "deadline": (T0 + timedelta(days=30, hours=i)).isoformat(),
        "lines": [{"line_no": 1, "hs_code": "854231", "quantity": 5, "unit": "C62"}],
    }


def timed(client: TestClient, url: str, headers: dict[str, str], n: int) -> tuple[float, float]:
    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        resp = client.get(url, headers=headers)
        samples.append((time.perf_counter() - t0) * 1000)
        assert resp.status_code in (200, 404), resp.text
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--transits", type=int, default=401)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            f"sqlite:///{Path(tmp) / 'b.sqlite'}", settings=Settings(secure_cookie=False)
        )
        store = TokenStore(app.state.services.engine)
        trader = {"Authorization": f"Bearer {store.create('trader', holder='KZ-T').token}"}
        analyst = {"Authorization": f"Bearer {store.create('analyst').token}"}
        events = [
            start(i, "KZ-T" if i % 100 == 0 else f"KZ-C{i % 7}") for i in range(args.transits)
        ]
        admin = {"Authorization": f"Bearer {store.create('admin').token}"}
        with TestClient(app) as client:
            assert client.post("/api/v1/events", json=events, headers=admin).json()["rejected"] == 0
            rows = [
                ("trader: /transits", "/api/v1/transits", trader),
                ("analyst: /transits", "/api/v1/transits", analyst),
                ("trader: another's transit", "/api/v1/transits/MRN000001", trader),
                ("trader: no such transit", "/api/v1/transits/MRN999999", trader),
            ]
            print(f"{args.transits} transits, {args.repeat} calls each")
            for label, url, who in rows:
                p50, p95 = timed(client, url, who, args.repeat)
                print(f"{label:>28}  p50 {p50:7.2f} ms  p95 {p95:7.2f} ms")


if __name__ == "__main__":
    main()
