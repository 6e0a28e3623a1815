"""The replay: selectivity measured the way it would have run, week by week.

Each week, a policy picks the inspections within capacity (``rate`` of the week's declarations,
apportioned to the offices by their number of declarations); only the inspected declarations
reveal their truth; the model is retrained at the end of the week on what was revealed so far.
Three policies run side by side, each on its own revealed outcomes:

- ``random``: every inspection drawn at random (the unbiased baseline);
- ``rules``: must-red criteria first, ``explore`` of the capacity at random, the rest by the
  rules' combined score (ties by the random draw);
- ``model``: the same, by the model's score (LightGBM over the rules' hits and the other
  features, trained only on revealed outcomes, correcting the rules' prior: see
  :class:`~tamga.selectivity.model.Prior`); until it has ``min_outcomes`` of each kind, by the
  rules' score.

Selection bias: a declaration never inspected is never a negative (it is not in the training
set); a random inspection weighs the inverse of its chance of being drawn, at most
``MAX_WEIGHT``, so the few unbiased outcomes count for the population they stand for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tamga.selectivity.features import Declaration, Features, HolderHistory, advance, build
from tamga.selectivity.lanes import (
    INSPECTION_LANES,
    MUST_RED,
    Candidate,
    LanePlan,
    allocate,
    allocate_offices,
)
from tamga.selectivity.model import (
    MAX_WEIGHT,
    SHRINK,
    NotEnoughOutcomes,
    Trained,
    TrainingRow,
    train,
)

POLICIES = ("random", "rules", "model")
RATES = (0.01, 0.05)


@dataclass
class Tally:
    inspected: int = 0
    found: int = 0
    offences: int = 0
    found_value: float = 0.0
    offence_value: float = 0.0

    def add(self, other: Tally) -> None:
        self.inspected += other.inspected
        self.found += other.found
        self.offences += other.offences
        self.found_value += other.found_value
        self.offence_value += other.offence_value

    def rates(self) -> dict[str, float]:
        return {
            "precision": round(self.found / self.inspected, 4) if self.inspected else 0.0,
            "recall": round(self.found / self.offences, 4) if self.offences else 0.0,
            "value_recall": (
                round(self.found_value / self.offence_value, 4) if self.offence_value else 0.0
            ),
        }


@dataclass
class PolicyRun:
    """One policy at one rate: its revealed outcomes, its model, its weekly tallies."""

    policy: str
    rate: float
    weekly: list[Tally] = field(default_factory=list)
    rows: list[TrainingRow] = field(default_factory=list)
    model: Trained | None = None
    trainings: int = 0
    #: holder -> [inspected, found] revealed before the current week
    holders: dict[str, list[int]] = field(default_factory=dict)
    #: declarations seen and inspections made so far: a week's capacity is what keeps the
    #: running total at ``rate`` (a share of a declaration left over carries to the next week)
    seen: int = 0
    made: int = 0

    def capacity(self, n: int) -> int:
        self.seen += n
        return max(0, round(self.seen * self.rate) - self.made)

    def total(self) -> Tally:
        out = Tally()
        for t in self.weekly:
            out.add(t)
        return out


@dataclass(frozen=True)
class ReplayInput:
    declarations: Sequence[Declaration]
    registry: Mapping[str, date]
    kinds: Mapping[str, str]
    #: offending declarations -> the value at stake (declared value); absent: nothing to find
    truth: Mapping[str, float]


def weeks_of(declarations: Sequence[Declaration]) -> list[list[Declaration]]:
    """Declarations by week (Monday to Sunday, from the first declaration's week)."""
    if not declarations:
        return []
    ordered = sorted(declarations, key=lambda d: d.time)
    first = ordered[0].day
    monday = first - timedelta(days=first.weekday())
    out: list[list[Declaration]] = []
    for d in ordered:
        w = (d.day - monday).days // 7
        while len(out) <= w:
            out.append([])
        out[w].append(d)
    return out


def truth_from_labels(
    labels: Iterable[Mapping[str, Any]], declarations: Sequence[Declaration]
) -> dict[str, float]:
    """Declarations named by a planted case (the simulator's labels), with their value."""
    named = {str(n) for case in labels for n in case.get("declarations") or ()}
    return {d.number: d.value for d in declarations if d.number in named}


def _must_red(decl: Declaration, rules: Sequence[str]) -> bool:
    return any(h.rule in rules for h in decl.hits)


def replay(
    data: ReplayInput,
    *,
    weeks: int = 52,
    rates: Sequence[float] = RATES,
    policies: Sequence[str] = POLICIES,
    explore: float = 0.1,
    must_red: Sequence[str] = MUST_RED,
    per_office: bool = False,
    min_outcomes: int = 3,
    min_negatives: int | None = None,
    value_power: float = 0.0,
    max_weight: float = MAX_WEIGHT,
    rounds: int = 40,
    prior: bool = True,
    shrink: float = SHRINK,
    monotone: bool = False,
    params: Mapping[str, Any] | None = None,
    peers: bool = True,
    salt: str = "replay",
    on_week: Callable[[int, list[PolicyRun]], None] | None = None,
) -> list[PolicyRun]:
    """Replay ``weeks`` weeks from the ledger's first; one :class:`PolicyRun` per policy and
    rate."""
    by_week = weeks_of(data.declarations)[:weeks]
    runs = [PolicyRun(p, r) for r in rates for p in policies]
    history: dict[str, HolderHistory] = {}
    #: every declaration's features so far (the peers' medians are fitted on them)
    known: list[Features] = []
    for w, week in enumerate(by_week):
        # the features known at the start of the week, the holders' counts before it
        base: list[Features] = []
        for decl in week:
            h = history.setdefault(decl.holder or "", HolderHistory())
            base.append(build(decl, h, registry=data.registry, holder_kinds=data.kinds))
            advance(h, decl)
        known.extend(base)
        for run in runs:
            feats = [_with_revealed(f, d, run) for f, d in zip(base, week, strict=True)]
            run.weekly.append(
                _week(
                    run,
                    week,
                    feats,
                    data,
                    explore,
                    must_red,
                    per_office,
                    salt,
                    w,
                    max_weight,
                    value_power,
                )
            )
            _retrain(
                run,
                min_outcomes,
                min_negatives,
                rounds=rounds,
                prior=prior,
                shrink=shrink,
                monotone=monotone,
                params=params,
                reference=known if peers else None,
            )
        if on_week is not None:
            on_week(w, runs)
    return runs


def _with_revealed(f: Features, decl: Declaration, run: PolicyRun) -> Features:
    inspected, found = run.holders.get(decl.holder or "", (0, 0))
    return f | {
        "holder_inspected": float(inspected),
        "holder_found": float(found),
        "holder_found_rate": (found / inspected) if inspected else None,
    }


def _week(
    run: PolicyRun,
    week: Sequence[Declaration],
    feats: Sequence[Features],
    data: ReplayInput,
    explore: float,
    must_red: Sequence[str],
    per_office: bool,
    salt: str,
    index: int,
    max_weight: float,
    value_power: float = 0.0,
) -> Tally:
    if run.policy == "random":
        scores = [0.0] * len(week)
        plan = LanePlan(shares={"red": run.rate}, explore=1.0, salt=f"{salt}|{index}")
    else:
        if run.policy == "model" and run.model is not None:
            scores = run.model.score(feats)
            if value_power:
                # the chance of a finding times (value at stake) ** value_power
                scores = [
                    p * (1.0 + d.value) ** value_power for p, d in zip(scores, week, strict=True)
                ]
        else:
            scores = [d.rules_score for d in week]
        plan = LanePlan(shares={"red": run.rate}, explore=explore, salt=f"{salt}|{index}")
    cands = [
        Candidate(d.number, s, run.policy != "random" and _must_red(d, must_red))
        for d, s in zip(week, scores, strict=True)
    ]
    total = run.capacity(len(cands))
    if per_office:
        groups: dict[str, list[Candidate]] = {}
        for d, c in zip(week, cands, strict=True):
            groups.setdefault(d.office, []).append(c)
        lanes = allocate_offices(groups, plan, total)
    else:
        lanes = allocate(cands, plan, {"red": total})
    free = sum(1 for c in cands if not c.must_red)
    run.made += sum(1 for a in lanes.values() if a.lane in INSPECTION_LANES)
    randoms = sum(1 for a in lanes.values() if a.how == "random")
    weight = min(max_weight, free / randoms) if randoms else 1.0
    tally = Tally()
    for decl, f in zip(week, feats, strict=True):
        at_stake = data.truth.get(decl.number)
        if at_stake is not None:
            tally.offences += 1
            tally.offence_value += at_stake
        got = lanes[decl.number]
        if got.lane not in INSPECTION_LANES:
            continue
        found = at_stake is not None
        tally.inspected += 1
        if found:
            tally.found += 1
            tally.found_value += at_stake or 0.0
        is_random = got.how == "random"
        run.rows.append(
            TrainingRow(
                decl.number,
                f,
                found,
                weight if is_random else 1.0,
                is_random,
                decl.time.isoformat(),
            )
        )
        counts = run.holders.setdefault(decl.holder or "", [0, 0])
        counts[0] += 1
        counts[1] += int(found)
    return tally


def _retrain(run: PolicyRun, min_outcomes: int, min_negatives: int | None, **options: Any) -> None:
    if run.policy != "model":
        return
    found = sum(r.found for r in run.rows)
    negatives = min_outcomes if min_negatives is None else min_negatives
    if found < min_outcomes or len(run.rows) - found < negatives:
        return
    try:
        run.model = train(run.rows, holdout=0.0, **options)
    except NotEnoughOutcomes:
        return
    run.trainings += 1


def summary(runs: Sequence[PolicyRun], weeks: int) -> dict[str, Any]:
    """``{"weeks", "rates": {"0.01": {"random": {precision, recall, value_recall}, ...}}}``"""
    rates: dict[str, dict[str, dict[str, float]]] = {}
    for run in runs:
        rates.setdefault(f"{run.rate:g}", {})[run.policy] = run.total().rates()
    return {"weeks": weeks, "rates": rates}
