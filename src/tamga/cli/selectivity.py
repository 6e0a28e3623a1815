"""Selectivity commands: ``tamga outcomes load|sync|list`` and ``tamga selectivity
train|models|explain|replay``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from tamga.cli.base import app
from tamga.cli.common import DbOption, JsonOption, console, emit_json, err_console, handle_errors

outcomes_app = typer.Typer(help="Inspection and review results: what was found, by whom, when.")
selectivity_app = typer.Typer(
    help="The model over the rules: train it, explain a score, replay the lanes week by week."
)
app.add_typer(outcomes_app, name="outcomes")
app.add_typer(selectivity_app, name="selectivity")


def _service(db: str | None) -> Any:
    from tamga.selectivity.service import SelectivityService
    from tamga.store.database import connect

    return SelectivityService(connect(db))


@outcomes_app.command("load")
@handle_errors
def outcomes_load(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Results CSV.")],
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Load results from the national system (CSV: declaration_no, found, inspector, at,
    offence, value, lane, random, reference). Bad rows are refused by line and field; a reload
    changes nothing."""
    result = _service(db).load_file(file)
    if json:
        emit_json(result)
    else:
        console.print(
            f"{result['accepted']:,} outcomes accepted ({result['new']:,} new, "
            f"{result['updated']:,} updated, {result['unchanged']:,} unchanged), "
            f"{len(result['refused']):,} rows refused"
        )
        for line in result["refused"]:
            err_console.print(f"  refused {line}")
    if result["refused"]:
        raise typer.Exit(1)


@outcomes_app.command("sync")
@handle_errors
def outcomes_sync(db: DbOption = None, json: JsonOption = False) -> None:
    """Record the analysts' confirmed and false-positive alerts as outcomes."""
    result = _service(db).sync_workflow()
    if json:
        emit_json(result)
        return
    console.print(
        f"workflow outcomes: {result['new']} new, {result['updated']} updated, "
        f"{result['unchanged']} unchanged"
    )


@outcomes_app.command("list")
@handle_errors
def outcomes_list(db: DbOption = None, json: JsonOption = False) -> None:
    """Every recorded outcome."""
    rows = [o.__dict__ for o in _service(db).outcomes()]
    if json:
        emit_json(rows)
        return
    table = Table("declaration", "source", "found", "offence", "value", "inspector", "at")
    for r in rows:
        table.add_row(
            r["declaration_no"],
            r["source"],
            "yes" if r["found"] else "no",
            r["offence"] or "",
            "" if r["value"] is None else f"{r['value']:,.2f}",
            r["inspector"],
            r["at"],
        )
    console.print(table)


@selectivity_app.command("train")
@handle_errors
def selectivity_train(db: DbOption = None, json: JsonOption = False) -> None:
    """Train the model on every declaration with an outcome; stored as a new version."""
    result = _service(db).train()
    if json:
        emit_json(result)
        return
    hold = result.get("holdout") or {}
    console.print(
        f"model version {result['version']} trained {result['trained_at']} on "
        f"{result['rows']:,} outcomes ({result['found']:,} found, {result['random']:,} random), "
        f"{result['features']} features"
        + (f"; hold-out AUC {hold['auc']:.3f}" if hold.get("auc") is not None else "")
    )


@selectivity_app.command("models")
@handle_errors
def selectivity_models(db: DbOption = None, json: JsonOption = False) -> None:
    """The trained versions, their date, training set size and metrics."""
    rows = _service(db).models()
    if json:
        emit_json(rows)
        return
    table = Table("version", "trained", "rows", "found", "hold-out AUC")
    for r in rows:
        auc = (r["metrics"].get("holdout") or {}).get("auc")
        table.add_row(
            str(r["version"]),
            r["trained_at"],
            f"{r['rows']:,}",
            f"{r['found']:,}",
            "" if auc is None else f"{auc:.3f}",
        )
    console.print(table)


@selectivity_app.command("explain")
@handle_errors
def selectivity_explain(
    declaration: Annotated[str, typer.Argument(help="Declaration number.")],
    version: Annotated[int | None, typer.Option(help="Model version (default: newest).")] = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """A declaration's model score and the features that made it (TreeSHAP contributions)."""
    result = _service(db).explain(declaration, version)
    if json:
        emit_json(result)
        return
    console.print(
        f"{declaration}: model score {result['score']:.3f} (version {result['model_version']}), "
        f"rules score {result['rules_score']:.3f}"
    )
    table = Table("feature", "value", "contribution (log-odds)")
    for part in result["contributions"]:
        table.add_row(part["feature"], str(part["value"]), f"{part['contribution']:+.3f}")
    console.print(table)


@selectivity_app.command("replay")
@handle_errors
def selectivity_replay(
    weeks: Annotated[
        int, typer.Option(min=1, help="Weeks to replay from the ledger's first.")
    ] = 52,
    labels: Annotated[
        Path | None,
        typer.Option(
            exists=True,
            dir_okay=False,
            help="The simulator's labels for the store's ledger (--db). Without it a ledger is "
            "simulated (--seed, --events), ingested with the rules and replayed.",
        ),
    ] = None,
    seed: Annotated[int, typer.Option(help="Simulator seed (without --labels).")] = 3,
    events: Annotated[int, typer.Option(help="Simulated events (without --labels).")] = 60_000,
    rates: Annotated[str, typer.Option(help="Inspection rates, comma-separated.")] = "0.01,0.05",
    explore: Annotated[float, typer.Option(help="Share of capacity drawn at random.")] = 0.1,
    per_office: Annotated[
        bool, typer.Option(help="Apportion each week's capacity to the offices.")
    ] = False,
    value_power: Annotated[
        float,
        typer.Option(
            min=0.0,
            help="Rank by the model's chance x (1 + value) ** this (0: by the chance alone).",
        ),
    ] = 0.0,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Replay the ledger week by week: the policy inspects within capacity, only inspected
    declarations reveal their truth, the model is retrained weekly. Precision of inspections,
    recall of offences and of their value for random, rules only and rules + model."""
    from tamga.selectivity.replay import summary
    from tamga.selectivity.replaying import replay_simulated, replay_store

    try:
        wanted = tuple(float(r) for r in rates.split(",") if r.strip())
    except ValueError:
        raise typer.BadParameter(
            f"{rates!r} is not a list of numbers", param_hint="--rates"
        ) from None
    options = {
        "weeks": weeks,
        "rates": wanted,
        "explore": explore,
        "per_office": per_office,
        "value_power": value_power,
    }
    if labels is not None:
        runs, replayed = replay_store(db, labels, **options)
    else:
        if not json:
            console.print(
                f"simulating {events:,} events (seed {seed}) and ingesting them with the rules"
            )
        runs, replayed = replay_simulated(seed, events, **options)
    result = summary(runs, replayed)
    if json:
        emit_json(result)
        return
    for rate in wanted:
        mine = [r for r in runs if r.rate == rate]
        table = Table(title=f"week by week at {rate:.0%}", caption="found / inspected")
        table.add_column("week", justify="right")
        table.add_column("offences", justify="right")
        for r in mine:
            table.add_column(r.policy, justify="right")
        for w in range(replayed):
            table.add_row(
                str(w + 1),
                str(mine[0].weekly[w].offences),
                *(f"{r.weekly[w].found}/{r.weekly[w].inspected}" for r in mine),
            )
        console.print(table)
    overall = Table(title=f"overall, {replayed} weeks")
    for name in ("rate", "policy", "inspected", "found", "precision", "recall", "value recall"):
        overall.add_column(name, justify="right")
    for r in runs:
        t = r.total()
        m = t.rates()
        overall.add_row(
            f"{r.rate:.0%}",
            r.policy,
            f"{t.inspected:,}",
            f"{t.found:,}",
            f"{m['precision']:.3f}",
            f"{m['recall']:.3f}",
            f"{m['value_recall']:.3f}",
        )
    console.print(overall)


PlanOption = Annotated[
    Path | None,
    typer.Option(
        "--plan",
        exists=True,
        dir_okay=False,
        help="Lane plan (YAML): shares per lane, explore, must_red rules, offices' own plans.",
    ),
]


def _plan(path: Path | None) -> Any:
    import yaml

    from tamga.errors import InvalidInput
    from tamga.selectivity.lanes import LaneConfig

    if path is None:
        return LaneConfig()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InvalidInput(f"not YAML ({exc})", record=str(path)) from None
    if data is not None and not isinstance(data, dict):
        raise InvalidInput("a lane plan is a mapping", record=str(path))
    return LaneConfig.load(data)


def _print_mix(result: dict[str, Any]) -> None:
    table = Table("office", "n", *result["mix"], title="realised/target")
    rows = [("all", result), *result["offices"].items()]
    for name, part in rows:
        table.add_row(
            name,
            f"{part['declarations']:,}",
            *(f"{part['mix'][lane]:.1%}/{part['targets'][lane]:.1%}" for lane in result["mix"]),
        )
    console.print(table)


@selectivity_app.command("lanes")
@handle_errors
def selectivity_lanes(
    plan: PlanOption = None, db: DbOption = None, json: JsonOption = False
) -> None:
    """Give every declaration its lane (red, yellow, blue, green) per office and week within
    the plan's capacity: must-red first, a random share, the rest by the model's score (the
    rules' without a model). Prints the realised mix against the targets."""
    result = _service(db).assign_lanes(_plan(plan))
    if json:
        emit_json(result)
        return
    version = result["model_version"]
    console.print("filled by " + (f"model version {version}" if version else "the rules' score"))
    _print_mix(result)


@selectivity_app.command("mix")
@handle_errors
def selectivity_mix(plan: PlanOption = None, db: DbOption = None, json: JsonOption = False) -> None:
    """The realised lane mix (of the last `tamga selectivity lanes`) against its plan's targets
    (or those of --plan)."""
    result = _service(db).lane_mix(_plan(plan) if plan is not None else None)
    if json:
        emit_json(result)
        return
    _print_mix(result)
