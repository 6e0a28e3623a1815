"""Event-to-alert latency with the risk rules on: events arrive at a fixed rate (1,000/s by
default) in small batches, as the API receives them, and each event's latency is the time from
its arrival to its batch being committed and scored (alerts stored). Prints p50/p95/p99/max and
the rate actually sustained, with a plain baseline (the same feed without rules) in the same run.

With ``--model`` it measures what the selectivity model adds instead: two stores take the first
``--warm`` events with the rules; on one, every warm declaration's outcome is recorded from the
simulator's labels (``<ledger stem>.labels.jsonl``) and a model trained; then both are fed the
next ``--events`` at the rate. Besides the event-to-alert latency of each, it prints the model's
own cost per declaration (features and one TreeSHAP prediction), and per declaration of each
round the follower's whole model step (the hits read, holder histories seeded from the store,
the scores stored), in wall time and in the thread's CPU time, with the load average.

    python benchmarks/risk_latency.py --ledger /tmp/w/second-101/world.jsonl --events 20000
    python benchmarks/risk_latency.py --ledger /tmp/sim/ledger.jsonl --model --warm 20000
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson

from tamga.ledger.service import LedgerService
from tamga.rates.store import RatesStore
from tamga.risk import attach
from tamga.risk.alerts import AlertService
from tamga.screening.repository import ScreeningRepository
from tamga.selectivity.outcomes import Outcome
from tamga.selectivity.replaying import read_labels
from tamga.selectivity.service import SelectivityService


def load_world(service: LedgerService, stem: Path) -> None:
    for suffix, load in (
        (".holders.jsonl", service.load_holders),
        (".sanctions.ftm.json", ScreeningRepository(service.engine).load_file),
        (".rates.csv", lambda p: RatesStore(service.engine).load_file(p, "KZT")),
    ):
        path = Path(f"{stem}{suffix}")
        if path.exists():
            load(path)


def feed(
    url: str,
    events: list[dict[str, Any]],
    rate: float,
    batch: int,
    risk: bool,
    stem: Path,
    service: LedgerService | None = None,
) -> dict[str, float]:
    if service is None:
        service = LedgerService.open(url)
        if risk:
            load_world(service, stem)
            attach(service)
    latencies: list[float] = []
    cpu = time.process_time()
    start = time.perf_counter()
    for i in range(0, len(events), batch):
        chunk = events[i : i + batch]
        due = start + (i + len(chunk)) / rate  # the last event of the chunk arrives then
        now = time.perf_counter()
        if due > now:
            time.sleep(due - now)
        service.ingest(chunk)
        done = time.perf_counter()
        for j in range(len(chunk)):
            latencies.append(done - (start + (i + j + 1) / rate))
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    latencies.sort()
    n = len(latencies)

    def q(p: float) -> float:
        return latencies[min(n - 1, int(p * n))] * 1000

    return {
        "p50_ms": q(0.5),
        "p95_ms": q(0.95),
        "p99_ms": q(0.99),
        "max_ms": latencies[-1] * 1000,
        "rate": n / seconds,
        "cpu_ms_per_event": cpu / n * 1000,
    }


def quantiles(values: list[float]) -> str:
    ordered = sorted(values)
    n = len(ordered)
    if not n:
        return "none"
    q = {p: ordered[min(n - 1, int(p * n))] * 1000 for p in (0.5, 0.99)}
    return f"p50 {q[0.5]:.3f} ms, p99 {q[0.99]:.3f} ms"


def warm_store(
    url: str, warm: list[dict[str, Any]], stem: Path, model: bool
) -> tuple[LedgerService, AlertService]:
    """A store that took ``warm`` with the rules; with ``model``, its declarations' outcomes
    from the labels and a model trained on them (loaded by the follower before the feed)."""
    service = LedgerService.open(url)
    load_world(service, stem)
    alerts = attach(service)
    service.ingest(warm)
    assert alerts.runtime is not None
    alerts.runtime.flush()
    if model:
        named = {
            str(n)
            for case in read_labels(Path(f"{stem}.labels.jsonl"))
            for n in case.get("declarations") or ()
        }
        numbers = [
            str(e["declaration_no"])
            for e in warm
            if e.get("type") in ("import", "export") and e.get("declaration_no")
        ]
        selectivity = SelectivityService(service.engine, alerts)
        selectivity.record(
            Outcome(n, n in named, "bench", str(warm[-1]["time"])[:10]) for n in numbers
        )
        started = time.perf_counter()
        trained = selectivity.train(rounds=40)
        print(
            f"model {trained['version']}: {trained['rows']:,} outcomes ({trained['found']:,} "
            f"found), trained in {time.perf_counter() - started:.1f} s"
        )
        live = alerts.runtime.model
        assert live is not None and live.refresh()
    return service, alerts


def instrument(
    live: Any,
    rounds: list[tuple[float, float, int]],
    each: list[tuple[float, float]],
    seeded: list[tuple[float, float]],
) -> None:
    """Time the follower's model step per round, the model per declaration, and the reads of a
    holder's history from the store (once per holder)."""
    assert live is not None and live.scorer is not None
    score, explain = live.score, live.scorer.explain

    def timed_score(conn: Any, batch: Any) -> int:
        w, c = time.perf_counter(), time.thread_time()
        n = int(score(conn, batch))
        rounds.append((time.perf_counter() - w, time.thread_time() - c, n))
        return n

    def timed_explain(decl: Any, top: int = 8) -> dict[str, Any]:
        w, c = time.perf_counter(), time.thread_time()
        out: dict[str, Any] = explain(decl, top)
        each.append((time.perf_counter() - w, time.thread_time() - c))
        return out

    history = live._history

    def timed_history(*args: Any) -> Any:
        w, c = time.perf_counter(), time.thread_time()
        out = history(*args)
        seeded.append((time.perf_counter() - w, time.thread_time() - c))
        return out

    live.score = timed_score
    live.scorer.explain = timed_explain
    live._history = timed_history


def model_run(
    args: argparse.Namespace, events: list[dict[str, Any]], stem: Path, work: Path
) -> None:
    warm, fed = events[: args.warm], events[args.warm : args.warm + args.events]
    declarations = sum(1 for e in fed if e.get("type") in ("import", "export"))
    print(
        f"{len(warm):,} events taken in first, then {len(fed):,} ({declarations:,} declarations)"
        f" of {args.ledger} at {args.rate:,.0f}/s in batches of {args.batch}"
    )
    for model in (False, True):
        service, alerts = warm_store(f"sqlite:///{work / f'm{model}.sqlite'}", warm, stem, model)
        runtime = alerts.runtime
        assert runtime is not None
        rounds: list[tuple[float, float, int]] = []
        each: list[tuple[float, float]] = []
        seeded: list[tuple[float, float]] = []
        if model:
            instrument(runtime.model, rounds, each, seeded)
        load = os.getloadavg()
        r = feed("", fed, args.rate, args.batch, True, stem, service=service)
        print(
            f"{'rules + model' if model else 'rules only   '}: p50 {r['p50_ms']:.1f} ms, p95 "
            f"{r['p95_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms, max {r['max_ms']:.1f} ms, "
            f"sustained {r['rate']:,.0f} events/s, CPU {r['cpu_ms_per_event']:.3f} ms per event "
            f"(load average {load[0]:.1f} -> "
            f"{os.getloadavg()[0]:.1f})"
        )
        if model:
            scored = sum(n for _w, _c, n in rounds)
            per = [x for w, c, n in rounds if n for x in [(w / n, c / n)] * n]
            total_w, total_c = sum(w for w, _c, _n in rounds), sum(c for _w, c, _n in rounds)
            print(
                f"  declarations scored by the model: {scored:,} in {len(rounds):,} rounds; the "
                f"model step took {total_w:.2f} s wall, {total_c:.2f} s CPU in all"
            )
            walls, cpus = [w for w, _ in each], [c for _, c in each]
            print(
                f"  model per declaration (features + TreeSHAP): wall {quantiles(walls)}; "
                f"CPU {quantiles(cpus)}"
            )
            seed_w, seed_c = sum(w for w, _ in seeded), sum(c for _, c in seeded)
            print(
                f"  holders' histories read from the store: {len(seeded):,}, {seed_w:.2f} s wall, "
                f"{seed_c:.2f} s CPU in all; without them the step costs "
                f"{(total_c - seed_c) / max(scored, 1) * 1000:.3f} ms CPU per declaration"
            )
            walls, cpus = [w for w, _ in per], [c for _, c in per]
            print(
                "  follower's model step per declaration (hits read, histories seeded, scores "
                f"stored): wall {quantiles(walls)}; CPU {quantiles(cpus)}"
            )
        service.engine.dispose()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ledger", type=Path, required=True)
    ap.add_argument("--events", type=int, default=20_000)
    ap.add_argument("--rate", type=float, default=1_000.0)
    ap.add_argument("--batch", type=int, default=50)
    ap.add_argument("--model", action="store_true", help="what the selectivity model adds")
    ap.add_argument("--warm", type=int, default=20_000, help="events taken in before (--model)")
    args = ap.parse_args()
    events = []
    wanted = args.events + (args.warm if args.model else 0)
    with args.ledger.open("rb") as fh:
        for line in fh:
            if line.strip():
                events.append(orjson.loads(line))
            if len(events) >= wanted:
                break
    stem = args.ledger.with_suffix("")
    work = Path(tempfile.mkdtemp(prefix="tamga-latency-"))
    if args.model:
        model_run(args, events, stem, work)
        return 0
    print(
        f"{len(events):,} events of {args.ledger} at {args.rate:,.0f}/s in batches of {args.batch}"
    )
    for risk in (False, True):
        r = feed(f"sqlite:///{work / f'{risk}.sqlite'}", events, args.rate, args.batch, risk, stem)
        print(
            f"{'with rules   ' if risk else 'without rules'}: p50 {r['p50_ms']:.1f} ms, p95 "
            f"{r['p95_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms, max {r['max_ms']:.1f} ms, "
            f"sustained {r['rate']:,.0f} events/s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
