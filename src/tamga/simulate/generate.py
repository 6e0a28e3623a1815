"""A simulation run: pace flows over the period, write the ledger, labels, holders, sanctions,
rates.

New flows start at the time by which their share of the requested events is due (the clock's
seasonal intensity, inverted), so a run of any size spans the whole period and the event count
lands close to ``--events``. Memory holds the flows in progress, the stock table and the holder
registry -- none of which grows with the number of events written.
"""

from __future__ import annotations

import gc
import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

import orjson

from tamga.simulate import flows
from tamga.simulate.actors import sanctioned_firms
from tamga.simulate.clock import DAY
from tamga.simulate.config import SimConfig
from tamga.simulate.rates import write_rates
from tamga.simulate.schemes import PLANNERS
from tamga.simulate.world import Event, Flow, World

#: shares of the ordinary flow kinds
FLOW_MIX = (
    ("domestic", 0.36, flows.plan_domestic),
    ("export_chain", 0.28, flows.plan_export_chain),
    ("transit", 0.12, flows.plan_transit),
    ("assembly", 0.03, flows.plan_assembly),
)


@dataclass
class Outputs:
    """Where a run writes: the ledger and its companions (derived from the ledger's name)."""

    ledger: Path | None
    labels: Path | None = None
    holders: Path | None = None
    sanctions: Path | None = None
    manifest: Path | None = None
    rates: Path | None = None

    @classmethod
    def beside(
        cls, ledger: Path, labels: Path | None = None, holders: Path | None = None
    ) -> Outputs:
        stem = ledger.with_suffix("") if ledger.suffix else ledger
        return cls(
            ledger,
            labels or Path(f"{stem}.labels.jsonl"),
            holders or Path(f"{stem}.holders.jsonl"),
            Path(f"{stem}.sanctions.ftm.json"),
            Path(f"{stem}.manifest.json"),
            Path(f"{stem}.rates.csv"),
        )


@dataclass
class RunResult:
    events: int
    flows: dict[str, int]
    cases: dict[str, int]
    holders: int
    outputs: Outputs
    manifest: dict[str, Any] = field(default_factory=dict)


def washer_starts(world: World) -> list[int]:
    """Start times of the washing-machine flows to Russia: a handful in 2021, the surge in 2022.

    Their count is the configured 2022 target (scaled by size) over the mean units per flow; 2021
    gets 1% of it (near zero), 2022 the rest from mid-March, with the clock's seasonality.
    """
    cfg, clock, rng = world.config, world.clock, world.rng
    mean = sum(flows.WASHER_FLOW_UNITS) / 2
    n22 = round(cfg.washing_machines_ru_2022 / mean)
    n21 = round(n22 * 0.01)
    out: list[int] = []
    lo21, hi21 = clock.seconds(date(2021, 1, 1)), clock.seconds(date(2021, 12, 1))
    lo22, hi22 = clock.seconds(date(2022, 3, 15)), clock.seconds(date(2022, 12, 1))
    for lo, hi, n in ((lo21, hi21, n21), (lo22, hi22, n22)):
        if hi <= 0 or lo >= clock.days * DAY:
            continue
        lo, hi = max(lo, 0), min(hi, clock.days * DAY)
        out += [rng.randrange(lo, hi) for _ in range(n)]
    return sorted(out)


def source(world: World) -> Flow:
    """The flow that starts all other flows, in time order, until the events are planned."""
    cfg, rng = world.config, world.rng
    target = cfg.events
    planned = 0
    schemes = [(name, rate) for name, rate in cfg.schemes.items() if rate > 0]
    kinds = [k for k, _, _ in FLOW_MIX]
    cum = list(itertools.accumulate(w for _, w, _ in FLOW_MIX))
    plans = {k: p for k, _, p in FLOW_MIX}
    washers = washer_starts(world)
    wi = 0
    while planned < target:
        t = world.clock.at(planned / target)
        yield t
        while wi < len(washers) and washers[wi] <= t:
            flow, n = flows.plan_washers_to_russia(world, washers[wi] if washers[wi] > t else t)
            world.start(flow)
            planned += n
            wi += 1
        u = rng.random()
        for name, rate in schemes:
            if u < rate:
                flow, n = PLANNERS[name](world, t)
                world.flow_counts[f"scheme:{name}"] = world.flow_counts.get(f"scheme:{name}", 0) + 1
                break
            u -= rate
        else:
            kind = world.weighted(kinds, cum)
            flow, n = plans[kind](world, t)
        world.start(flow)
        planned += n


def simulate(
    config: SimConfig,
    sink: Callable[[Event], None],
    case_sink: Callable[[dict[str, Any]], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> World:
    """Run a simulation, handing each event (a dict) to ``sink`` in time order."""
    world = World(config, sink)
    if case_sink is not None:
        world.case_sink = case_sink
    world.set_sanctioned(sanctioned_firms(random.Random(config.seed * 7919 + 1), 40))
    world.start(source(world))
    # the run allocates many short-lived dicts and no cycles: keep the cyclic GC from
    # rescanning the long-lived tables (stock, registry) over and over
    gc.collect()
    gc.freeze()
    threshold = gc.get_threshold()
    gc.set_threshold(200_000, 50, 1000)
    try:
        world.run(progress)
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()
    return world


def generate(
    config: SimConfig, outputs: Outputs, progress: Callable[[int], None] | None = None
) -> RunResult:
    """Write the ledger, labels, holder registry, sanctions file and manifest of one run."""
    assert outputs.ledger is not None
    dumps = orjson.dumps
    newline = orjson.OPT_APPEND_NEWLINE
    with outputs.ledger.open("wb", buffering=1 << 20) as ledger, _open(outputs.labels) as labels:
        write = ledger.write

        def sink(event: Event) -> None:
            write(dumps(event, option=newline))

        def case_sink(case: dict[str, Any]) -> None:
            if labels is not None:
                labels.write(dumps(case) + b"\n")

        world = simulate(config, sink, case_sink, progress)
    if outputs.holders is not None:
        with outputs.holders.open("wb") as fh:
            for h in world.registry.all:
                fh.write(dumps(h.as_record()) + b"\n")
    if outputs.sanctions is not None:
        with outputs.sanctions.open("wb") as fh:
            for firm in world.sanctioned:
                fh.write(dumps(firm.entity) + b"\n")
            for entity in world.extra_entities:
                fh.write(dumps(entity) + b"\n")
    if outputs.rates is not None:
        write_rates(outputs.rates, config.seed, config.start, config.end)
    manifest = {
        "seed": config.seed,
        "events_requested": config.events,
        "events": world.n_events,
        "period": [config.start.isoformat(), config.end.isoformat()],
        "scheme_rates": config.schemes,
        "flows": dict(sorted(world.flow_counts.items())),
        "cases": dict(sorted(world.case_counts.items())),
        "holders": len(world.registry.all),
        "washing_machines_ru_2022_target": config.washing_machines_ru_2022,
    }
    if outputs.manifest is not None:
        outputs.manifest.write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2))
    return RunResult(
        world.n_events,
        dict(world.flow_counts),
        dict(world.case_counts),
        len(world.registry.all),
        outputs,
        manifest,
    )


class _Null:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _open(path: Path | None) -> Any:
    if path is None:
        return _Null()
    fh: IO[bytes] = path.open("wb", buffering=1 << 16)
    return fh
