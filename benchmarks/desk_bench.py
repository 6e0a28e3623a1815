"""The analyst's desk on a queue of many alerts: queue pages, name search, languages, case files.

    .venv/bin/python benchmarks/desk_bench.py [--alerts 20000] [--repeat 20] [--db PATH]

The ledger is the dashboard tests' site (tests/dashboard/dashboard_site.py: a re-export through
two holders, a sanctioned consignor, a transit, a holder registry in both scripts) plus
``--alerts`` exports of cars the exporter never had, ingested with the risk rules attached, so
the unbacked rule raises one alert each (scores spread by how short each export is). Pages are
fetched in-process through the dashboard's app (Starlette's test client), signed in as an
analyst, once to warm up and then ``--repeat`` times; the time is the whole request.

Baseline, in the same run: the queue as it was before the cursor (``AlertService.list`` with
``limit=300`` and the policy's views, rendered), which could show no alert past the 300th.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "ledger"))
sys.path.insert(0, str(ROOT / "tests" / "dashboard"))

from builders import exp, line  # noqa: E402
from dashboard_site import make_site, signed_in  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(0.95 * len(samples)))]
    return statistics.median(samples), p95, samples[-1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--alerts", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--db", default=None)
    args = parser.parse_args()
    path = Path(args.db or Path(tempfile.mkdtemp()) / "desk.sqlite")
    started = time.perf_counter()
    site = make_site(f"sqlite:///{path}")
    batch = []
    for i in range(args.alerts):
        qty = 4 + (i % 97)  # held 3: short by 1 to 97 cars, so the scores differ
        batch.append(
            exp("KZ-GAMMA", [line(1, "870323", qty, value=1000.0 * qty)], day=3 + i * 0.001,
                decl=f"EX-DESK-{i:06d}")
        )  # fmt: skip
        if len(batch) == 2000:
            site.ledger.ingest(batch)
            batch = []
    if batch:
        site.ledger.ingest(batch)
    from tamga.dashboard import alert_queue
    from tamga.dashboard.queue_page import alerts_engine

    engine = alerts_engine(site.ctx)
    assert engine is not None
    n_alerts, _more = alert_queue.count(engine, alert_queue.QueueFilters())
    counted = f"more than {n_alerts:,}" if _more else f"{n_alerts:,}"
    built = time.perf_counter() - started
    print(f"ledger: {path} (sqlite), {counted} alerts, built in {built:.0f} s")
    print(f"load average {os.getloadavg()[0]:.2f}")
    from tamga.dashboard import create_app

    client = TestClient(create_app(site.ctx))
    signed_in(client, site.tokens["analyst"])
    # the cursor 50 pages in (5,000 alerts down the queue)
    deep = "/dashboard/alerts"
    for _ in range(50):
        html = client.get(deep).text
        marker = 'id="next-page" href="?'
        if marker not in html:
            break
        query = html[html.index(marker) + len(marker) :].split('"', 1)[0].replace("&amp;", "&")
        deep = f"/dashboard/alerts?{query}"
    alert = site.alert_id("controlled_reexport")
    rows = [
        ("queue, page 1 (100, by score)", "/dashboard/alerts", {}),
        ("queue, page 51 (cursor)", deep, {}),
        ("queue, by time", "/dashboard/alerts?sort=time", {}),
        ("queue, rule + state", "/dashboard/alerts?rule=unbacked&state=new", {}),
        ("queue, office filter", "/dashboard/alerts?office=KZ-BORDER", {}),
        ("queue, holder by name", "/dashboard/alerts?holder=%D2%93%D0%B0%D0%BC%D0%BC%D0%B0", {}),
        ("search page, 4 names match", "/dashboard/go?q=LLP", {}),
        ("overview (en)", "/dashboard/", {"Accept-Language": "en"}),
        ("overview (ru)", "/dashboard/", {"Accept-Language": "ru"}),
        ("overview (kk)", "/dashboard/", {"Accept-Language": "kk"}),
        ("alert (kk)", f"/dashboard/alerts/{alert}", {"Accept-Language": "kk"}),
        ("case file PDF (ru)", f"/dashboard/case/{alert}.pdf", {"Accept-Language": "ru"}),
        ("case file XLSX (ru)", f"/dashboard/case/{alert}.xlsx", {"Accept-Language": "ru"}),
        ("case file HTML (ru)", f"/dashboard/case/{alert}.html", {"Accept-Language": "ru"}),
    ]
    print(f"{'page':<34}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'bytes':>10}")
    for name, url, headers in rows:
        size = len(client.get(url, headers=headers).content)
        p50, p95, top = timed(lambda u=url, h=headers: client.get(u, headers=h), args.repeat)
        print(f"{name:<34}{p50:>9.1f}{p95:>9.1f}{top:>9.1f}{size:>10,}")

    from tamga.dashboard import names

    p50, p95, top = timed(lambda: names.search(site.ledger.engine, "ғамма"), args.repeat)
    print(f"{'names.search (registry of 4)':<34}{p50:>9.1f}{p95:>9.1f}{top:>9.1f}{'':>10}")

    # baseline: the queue before the cursor, 300 alerts and no way past them
    from tamga.auth import policy
    from tamga.dashboard.pages import templates

    viewer = site.ctx.resolve(site.tokens["analyst"])
    assert viewer is not None

    def old_queue() -> None:
        listed = policy.alert_views(viewer, site.alerts.list(limit=300))
        templates.get_template("_alerts_table.html").render(
            rows=listed, viewer=viewer, has={"alerts": True}, base="/dashboard"
        )

    p50, p95, top = timed(old_queue, args.repeat)
    print(f"{'baseline: list(300) + table':<34}{p50:>9.1f}{p95:>9.1f}{top:>9.1f}{'':>10}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
