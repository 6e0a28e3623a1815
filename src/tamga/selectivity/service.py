"""Selectivity over the store: outcomes loaded and synced from the workflow, models trained and
versioned, declarations scored and explained.

The analysts' workflow is read through the alert service: an alert about a declaration closed
as confirmed is a finding on it, closed as a false positive a review that found nothing
(``sync_workflow``, run by ``tamga outcomes sync`` and before every training).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Engine, delete, func, insert, select, update

from tamga.errors import InvalidInput, NotFound
from tamga.risk.service import AlertService
from tamga.selectivity.features import Declaration, Features, FeatureSpec, Revealed, build_all
from tamga.selectivity.lanes import LANES, Budget, Candidate, LaneConfig, allocate
from tamga.selectivity.model import Trained, TrainingRow, selection_weights, train
from tamga.selectivity.outcomes import Outcome, labels_of, read_csv, stored_outcome
from tamga.selectivity.source import LedgerView, read_ledger
from tamga.store import ledger_read
from tamga.store.selectivity_tables import (
    selectivity_lanes,
    selectivity_models,
    selectivity_outcomes,
    selectivity_plans,
)

ALGORITHM = "lightgbm-gbdt"
_FIELDS = ("found", "offence", "value", "inspector", "at", "lane", "random", "reference")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _day(at: str) -> date:
    return date.fromisoformat(at[:10])


def period_of(decl: Declaration) -> str:
    """The ISO week a declaration was lodged in (``2022-W09``): the period capacity is per."""
    year, week, _ = decl.day.isocalendar()
    return f"{year}-W{week:02d}"


def _outcome_row(o: Outcome) -> dict[str, Any]:
    return {
        "declaration_no": o.declaration_no,
        "source": o.source,
        "found": o.found,
        "offence": o.offence,
        "value": o.value,
        "inspector": o.inspector,
        "at": o.at,
        "lane": o.lane,
        "random": o.random,
        "reference": o.reference,
    }


class SelectivityService:
    def __init__(self, engine: Engine, alerts: AlertService | None = None) -> None:
        self.engine = engine
        self.alerts = alerts or AlertService(engine)

    # -- outcomes ---------------------------------------------------------------------------
    def record(self, outcomes: Iterable[Outcome]) -> dict[str, int]:
        """Insert new outcomes, update changed ones, leave equal ones: a reload is a no-op."""
        counts = {"new": 0, "updated": 0, "unchanged": 0}
        stamp = _now()
        with self.engine.begin() as conn:
            for o in outcomes:
                row = _outcome_row(o)
                key = (selectivity_outcomes.c.declaration_no == o.declaration_no) & (
                    selectivity_outcomes.c.source == o.source
                )
                found = conn.execute(
                    select(*(selectivity_outcomes.c[f] for f in _FIELDS)).where(key)
                ).first()
                if found is None:
                    conn.execute(insert(selectivity_outcomes).values(**row, loaded_at=stamp))
                    counts["new"] += 1
                elif tuple(found) != tuple(row[f] for f in _FIELDS):
                    conn.execute(
                        update(selectivity_outcomes).where(key).values(**row, loaded_at=stamp)
                    )
                    counts["updated"] += 1
                else:
                    counts["unchanged"] += 1
        return counts

    def load_file(self, path: Path) -> dict[str, Any]:
        """Load a results CSV: good rows recorded, bad ones refused naming line and field."""
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InvalidInput(f"not UTF-8 text ({exc.reason})", record=str(path)) from None
        outcomes, refused = read_csv(text)
        counts = self.record(outcomes)
        return {
            "file": str(path),
            "accepted": len(outcomes),
            **counts,
            "refused": [str(r) for r in refused],
        }

    def sync_workflow(self) -> dict[str, int]:
        """Alerts closed confirmed or false positive, as outcomes of their declarations."""
        found: dict[str, Outcome] = {}
        for state, hit in (("closed_false_positive", False), ("closed_confirmed", True)):
            for alert in self.alerts.list(state=state, limit=0):
                if alert.get("subject_kind") != "declaration":
                    continue
                history = self.alerts.get(alert["id"]).get("history") or []
                last = history[-1] if history else {}
                outcome = Outcome(
                    declaration_no=str(alert["subject"])[:120],
                    found=hit,
                    inspector=str(last.get("actor") or "workflow")[:200],
                    at=str(last.get("at") or alert.get("updated_at") or _now()),
                    source="workflow",
                    offence=str(alert["rule"])[:60] if hit else None,
                    reference=str(alert["id"]),
                )
                prev = found.get(outcome.declaration_no)
                # a declaration with one confirmed alert is a finding, whatever its others say
                if prev is None or (outcome.found and not prev.found):
                    found[outcome.declaration_no] = outcome
        return self.record(found.values())

    def outcomes(self, source: str | None = None) -> list[Outcome]:
        q = select(selectivity_outcomes).order_by(
            selectivity_outcomes.c.at, selectivity_outcomes.c.declaration_no
        )
        if source:
            q = q.where(selectivity_outcomes.c.source == source)
        with self.engine.connect() as conn:
            return [stored_outcome(r) for r in conn.execute(q)]

    # -- features and training --------------------------------------------------------------
    def features(self, view: LedgerView | None = None) -> tuple[LedgerView, list[Features]]:
        """Every declaration's features, holder histories counting the stored outcomes."""
        view = view or read_ledger(self.engine, self.alerts)
        labels = labels_of(self.outcomes())
        holder_of = {d.number: d.holder for d in view.declarations}
        revealed = [
            Revealed(holder, _day(o.at), o.found)
            for o in labels.values()
            if (holder := holder_of.get(o.declaration_no))
        ]
        rows = build_all(
            view.declarations, registry=view.registry, holder_kinds=view.kinds, revealed=revealed
        )
        return view, rows

    def train(self, *, rounds: int | None = None) -> dict[str, Any]:
        """Train on every declaration with an outcome; store the model as a new version."""
        self.sync_workflow()
        view, rows = self.features()
        labels = labels_of(self.outcomes())
        picked = [
            (d, f, labels[d.number])
            for d, f in zip(view.declarations, rows, strict=True)
            if d.number in labels
        ]
        randoms = sum(o.random for _d, _f, o in picked)
        chance = randoms / len(view.declarations) if view.declarations else 0.0
        weights = selection_weights([o.random for _d, _f, o in picked], chance)
        training = [
            TrainingRow(d.number, f, o.found, w, o.random, d.time.isoformat())
            for (d, f, o), w in zip(picked, weights, strict=True)
        ]
        # every declaration's features, not only the inspected ones, for the peers' medians
        options: dict[str, Any] = {"reference": rows}
        if rounds is not None:
            options["rounds"] = rounds
        trained = train(training, **options)
        return self.save_model(trained, training)

    def save_model(self, trained: Trained, training: Sequence[TrainingRow]) -> dict[str, Any]:
        stamp = _now()
        with self.engine.begin() as conn:
            version = (
                int(
                    conn.execute(
                        select(func.coalesce(func.max(selectivity_models.c.version), 0))
                    ).scalar()
                    or 0
                )
                + 1
            )
            conn.execute(
                insert(selectivity_models).values(
                    version=version,
                    trained_at=stamp,
                    algorithm=ALGORITHM,
                    rows=len(training),
                    found=sum(r.found for r in training),
                    spec=orjson.dumps(trained.spec.to_json()).decode(),
                    params=orjson.dumps(trained.params).decode(),
                    metrics=orjson.dumps(trained.metrics).decode(),
                    training_set=orjson.dumps(
                        [[r.declaration_no, int(r.found), round(r.weight, 4)] for r in training]
                    ).decode(),
                    model=trained.to_bytes(),
                )
            )
        return {"version": version, "trained_at": stamp, "algorithm": ALGORITHM, **trained.metrics}

    def models(self) -> list[dict[str, Any]]:
        cols = [c for c in selectivity_models.c if c.name not in ("model", "training_set", "spec")]
        with self.engine.connect() as conn:
            return [
                {**r._mapping, "metrics": orjson.loads(r.metrics), "params": orjson.loads(r.params)}
                for r in conn.execute(select(*cols).order_by(selectivity_models.c.version))
            ]

    def model(self, version: int | None = None) -> tuple[int, Trained, list[list[Any]]]:
        """A stored model (the newest by default), with its training set."""
        q = select(selectivity_models)
        q = (
            q.where(selectivity_models.c.version == version)
            if version is not None
            else q.order_by(selectivity_models.c.version.desc()).limit(1)
        )
        with self.engine.connect() as conn:
            row = conn.execute(q).first()
        if row is None:
            raise NotFound(
                "no selectivity model"
                + (f" version {version}" if version is not None else "")
                + "; train one with `tamga selectivity train`"
            )
        trained = Trained.from_bytes(
            bytes(row.model),
            FeatureSpec.from_json(orjson.loads(row.spec)),
            orjson.loads(row.metrics),
        )
        return int(row.version), trained, orjson.loads(row.training_set)

    def explain(self, declaration_no: str, version: int | None = None) -> dict[str, Any]:
        """A declaration's model score and the features that made it (TreeSHAP)."""
        number, trained, _ = self.model(version)
        with self.engine.connect() as conn:
            lodged = ledger_read.declaration_event(conn, declaration_no)
        holder = lodged.holder if lodged is not None else None
        if holder is None:
            raise NotFound(f"no import or export declaration {declaration_no!r} in the ledger")
        view, rows = self.features(read_ledger(self.engine, self.alerts, holder=holder))
        for decl, feats in zip(view.declarations, rows, strict=True):
            if decl.number == declaration_no:
                return {
                    "declaration_no": declaration_no,
                    "model_version": number,
                    "rules_score": decl.rules_score,
                    **trained.explain(feats),
                }
        raise NotFound(f"no import or export declaration {declaration_no!r} in the ledger")

    # -- lanes ------------------------------------------------------------------------------
    def assign_lanes(self, config: LaneConfig | None = None) -> dict[str, Any]:
        """Lanes for every declaration, per office and ISO week within the plan's capacity,
        filled by the newest model's score (the rules' combined score without a model);
        stored, and the realised mix reported against the targets."""
        config = config or LaneConfig()
        view, rows = self.features()
        try:
            version, trained, _ = self.model()
            scores = trained.score(rows)
        except NotFound:
            version, scores = None, [d.rules_score for d in view.declarations]
        groups: dict[tuple[str, str], list[tuple[Declaration, Candidate]]] = {}
        for decl, score in zip(view.declarations, scores, strict=True):
            must = any(h.rule in config.must_red for h in decl.hits)
            groups.setdefault((decl.office, period_of(decl)), []).append(
                (decl, Candidate(decl.number, score, must))
            )
        stamp = _now()
        out: list[dict[str, Any]] = []
        budgets: dict[str, Budget] = {}
        for (office, period), members in sorted(groups.items()):
            plan = config.plan_for(office)
            budget = budgets.setdefault(office, Budget(plan))
            lanes = allocate([c for _d, c in members], plan, budget.take(len(members)))
            budget.used(lanes.values())
            out.extend(
                {
                    "declaration_no": c.number,
                    "office": office,
                    "period": period,
                    "lane": lanes[c.number].lane,
                    "how": lanes[c.number].how,
                    "score": round(c.score, 6),
                    "model_version": version,
                    "decided_at": stamp,
                }
                for _d, c in members
            )
        with self.engine.begin() as conn:
            last = conn.execute(select(func.max(selectivity_plans.c.id))).scalar()
            conn.execute(
                insert(selectivity_plans).values(
                    id=int(last or 0) + 1, at=stamp, plan=orjson.dumps(config.to_json()).decode()
                )
            )
            conn.execute(delete(selectivity_lanes))
            for i in range(0, len(out), 1000):
                conn.execute(insert(selectivity_lanes), out[i : i + 1000])
        return self.lane_mix(config) | {"model_version": version}

    def lane_mix(self, config: LaneConfig | None = None) -> dict[str, Any]:
        """The realised share of each lane, overall and per office, against the targets (of
        ``config``, else of the plan the lanes were last given by)."""
        with self.engine.connect() as conn:
            if config is None:
                stored = conn.execute(
                    select(selectivity_plans.c.plan)
                    .order_by(selectivity_plans.c.id.desc())
                    .limit(1)
                ).scalar()
                config = LaneConfig.load(orjson.loads(stored)) if stored else LaneConfig()
            rows = conn.execute(
                select(
                    selectivity_lanes.c.office,
                    selectivity_lanes.c.lane,
                    selectivity_lanes.c.how,
                    func.count(),
                ).group_by(
                    selectivity_lanes.c.office, selectivity_lanes.c.lane, selectivity_lanes.c.how
                )
            ).all()
        offices: dict[str, dict[str, int]] = {}
        randoms: dict[str, int] = {}
        for office, lane, how, n in rows:
            offices.setdefault(office, dict.fromkeys(LANES, 0))[lane] += n
            if how == "random":
                randoms[lane] = randoms.get(lane, 0) + n
        total = dict.fromkeys(LANES, 0)
        for counts in offices.values():
            for lane, n in counts.items():
                total[lane] += n

        def shares(counts: dict[str, int]) -> dict[str, float]:
            n = sum(counts.values())
            return {lane: round(counts[lane] / n, 6) if n else 0.0 for lane in LANES}

        n_all = sum(total.values())
        return {
            "declarations": n_all,
            "mix": shares(total),
            "targets": config.targets(),
            "random": {
                lane: round(randoms.get(lane, 0) / n_all, 6) if n_all else 0.0 for lane in LANES[:3]
            },
            "offices": {
                office: {
                    "declarations": sum(counts.values()),
                    "mix": shares(counts),
                    "targets": config.targets(office),
                }
                for office, counts in sorted(offices.items())
            },
        }
