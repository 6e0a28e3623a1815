"""Replays over a store: the store's ledger (scored by the rules) with a labels file, or a ledger
simulated, ingested with the rules (holders, sanctions and rates loaded first) and replayed."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import orjson

from tamga.errors import InvalidInput
from tamga.selectivity.replay import PolicyRun, ReplayInput, replay, truth_from_labels, weeks_of
from tamga.selectivity.source import read_ledger
from tamga.store.database import connect


def read_labels(path: Path) -> list[dict[str, Any]]:
    """The simulator's labels file (one case a line); a bad line is named."""
    out: list[dict[str, Any]] = []
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                case = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                raise InvalidInput(f"not JSON ({exc})", record=f"{path}:{n}") from None
            if not isinstance(case, dict) or not isinstance(case.get("declarations", []), list):
                raise InvalidInput(
                    "a case is an object whose declarations are a list",
                    record=f"{path}:{n}",
                    field="declarations",
                )
            out.append(case)
    return out


def replay_store(db: str | None, labels: Path, **options: Any) -> tuple[list[PolicyRun], int]:
    """Replay the store's ledger against ``labels``; the runs and the weeks replayed."""
    cases = read_labels(labels)
    engine = connect(db)
    try:
        view = read_ledger(engine)
    finally:
        engine.dispose()
    if not view.declarations:
        raise InvalidInput("the store holds no import or export declaration to replay")
    truth = truth_from_labels(cases, view.declarations)
    data = ReplayInput(view.declarations, view.registry, view.kinds, truth)
    weeks = min(int(options.pop("weeks", 52)), len(weeks_of(view.declarations)))
    return replay(data, weeks=weeks, **options), weeks


def simulate_store(seed: int, events: int, work: Path) -> tuple[str, Path]:
    """A simulated ledger ingested with the rules into a fresh SQLite store in ``work``
    (holders, sanctions and the world's exchange rates loaded first, as a deployment would)."""
    from tamga.ledger.parsing import read_records
    from tamga.ledger.service import LedgerService
    from tamga.rates.store import RatesStore
    from tamga.risk import attach
    from tamga.screening.repository import ScreeningRepository
    from tamga.simulate import Outputs, SimConfig, generate

    ledger = work / "ledger.jsonl"
    generate(SimConfig(seed=seed, events=events), Outputs.beside(ledger))
    url = f"sqlite:///{work / 'replay.sqlite'}"
    service = LedgerService.open(url)
    service.load_holders(work / "ledger.holders.jsonl")
    ScreeningRepository(service.engine).load_file(work / "ledger.sanctions.ftm.json")
    rates = work / "ledger.rates.csv"
    if rates.exists():
        RatesStore(service.engine).load_file(rates, "KZT")
    alerts = attach(service)
    service.ingest_records(read_records(ledger))
    if alerts.runtime is not None:
        alerts.runtime.flush()
    service.engine.dispose()
    return url, work / "ledger.labels.jsonl"


def replay_simulated(seed: int, events: int, **options: Any) -> tuple[list[PolicyRun], int]:
    with tempfile.TemporaryDirectory(prefix="tamga-replay-") as tmp:
        url, labels = simulate_store(seed, events, Path(tmp))
        return replay_store(url, labels, **options)
