"""The selectivity commands end to end on a small simulated ledger scored by the rules:
outcomes loaded from a results file, a model trained, versioned and explained, the replay."""

from __future__ import annotations

import csv
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from tamga.cli.main import app
from tamga.selectivity.features import PEER_FEATURE
from tamga.selectivity.replaying import read_labels, simulate_store

runner = CliRunner()


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def simulated(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    return simulate_store(1, 6000, tmp_path_factory.mktemp("sim"))


def _results(store: str, labels: Path, path: Path) -> int:
    """Inspect every labelled declaration and every 10th other one (random): a results file."""
    from sqlalchemy import select

    from tamga.store.database import connect
    from tamga.store.schema import events

    bad = {d for case in read_labels(labels) for d in case["declarations"]}
    engine = connect(store)
    with engine.connect() as conn:
        numbers = list(
            conn.execute(
                select(events.c.declaration_no)
                .where(events.c.type.in_(("import", "export")))
                .order_by(events.c.seq)
            ).scalars()
        )
    engine.dispose()
    with path.open("w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["declaration_no", "found", "inspector", "at", "offence", "value", "random"])
        n = 0
        for i, number in enumerate(numbers):
            if number in bad or i % 10 == 0:
                found = number in bad
                out.writerow(
                    [
                        number,
                        "yes" if found else "no",
                        "insp",
                        "2022-06-01",
                        "x" if found else "",
                        "100" if found else "",
                        "yes" if i % 10 == 0 else "no",
                    ]
                )
                n += 1
        out.writerow(["", "perhaps", "insp", "2022-06-01", "", "", ""])
    return n


def rows_loaded(summary: dict[str, object]) -> int:
    accepted = summary["accepted"]
    assert isinstance(accepted, int)
    return accepted


def test_outcomes_train_models_explain(simulated: tuple[str, Path], tmp_path: Path) -> None:
    store, labels = simulated
    db = ["--db", store]
    results = tmp_path / "results.csv"
    rows = _results(store, labels, results)
    loaded = runner.invoke(app, ["outcomes", "load", str(results), *db, "--json"])
    assert loaded.exit_code == 1  # a row was refused: exit 1, the others are in
    summary = orjson.loads(loaded.stdout)
    assert summary["accepted"] == rows and summary["new"] == rows
    assert len(summary["refused"]) == 1 and "field declaration_no" in summary["refused"][0]
    again = orjson.loads(
        runner.invoke(app, ["outcomes", "load", str(results), *db, "--json"]).stdout
    )
    assert again["unchanged"] == rows and again["new"] == 0

    trained = orjson.loads(run("selectivity", "train", *db, "--json"))
    assert trained["version"] == 1 and trained["rows"] == rows and trained["found"] > 10
    assert trained["holdout"]["rows"] > 0
    # the trees correct the rules' prior, which the found outcomes make rise with the score
    assert trained["prior"]["slope"] > 0 and 0 < trained["prior"]["weight"] < 1
    assert orjson.loads(run("selectivity", "train", *db, "--json"))["version"] == 2
    models = orjson.loads(run("selectivity", "models", *db, "--json"))
    assert [m["version"] for m in models] == [1, 2]
    assert models[0]["algorithm"] == "lightgbm-gbdt" and models[0]["trained_at"]

    first_bad = next(d for case in read_labels(labels) for d in case["declarations"])
    explained = orjson.loads(run("selectivity", "explain", first_bad, *db, "--json"))
    assert explained["model_version"] == 2 and 0 <= explained["score"] <= 1
    assert explained["contributions"] and "TreeSHAP" in explained["method"]
    assert "contribution" in run("selectivity", "explain", first_bad, *db)
    # explained from the holder's declarations alone, it is the score of the whole ledger's
    from tamga.selectivity.service import SelectivityService
    from tamga.store.database import connect

    engine = connect(store)
    service = SelectivityService(engine)
    view, features = service.features()
    _v, trained, training_set = service.model()
    whole = dict(zip((d.number for d in view.declarations), features, strict=True))[first_bad]
    assert trained.score_one(whole) == pytest.approx(explained["score"], abs=1e-6)
    # the peers' medians were fitted on every declaration and travel with the model
    assert PEER_FEATURE in trained.spec.numeric and len(trained.spec.peers) > 10
    assert len(training_set) == rows_loaded(summary)
    engine.dispose()
    missing = runner.invoke(app, ["selectivity", "explain", "NO-SUCH", *db])
    assert missing.exit_code == 2 and "no import or export declaration" in missing.output


def test_replay_prints_the_comparison_as_json(simulated: tuple[str, Path]) -> None:
    store, labels = simulated
    out = orjson.loads(
        run(
            "selectivity",
            "replay",
            "--weeks",
            "52",
            "--labels",
            str(labels),
            "--db",
            store,
            "--json",
        )
    )
    assert set(out) == {"weeks", "rates"} and 1 <= out["weeks"] <= 52
    assert set(out["rates"]) == {"0.01", "0.05"}
    for by_policy in out["rates"].values():
        assert set(by_policy) == {"random", "rules", "model"}
        for figures in by_policy.values():
            assert set(figures) == {"precision", "recall", "value_recall"}
            assert all(0.0 <= v <= 1.0 for v in figures.values())
    assert out["rates"]["0.05"]["rules"]["precision"] > out["rates"]["0.05"]["random"]["precision"]
    table = run("selectivity", "replay", "--weeks", "4", "--labels", str(labels), "--db", store)
    assert "week by week at 5%" in table and "value recall" in table


def test_lanes_fill_each_office_to_its_targets(simulated: tuple[str, Path], tmp_path: Path) -> None:
    store, _labels = simulated
    db = ["--db", store]
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "shares: {red: 0.02, yellow: 0.15, blue: 0.01}\nexplore: 0.1\n"
        "offices:\n  KZ-P-KHORGOS: {shares: {red: 0.05, yellow: 0.2, blue: 0.0}}\n"
    )
    got = orjson.loads(run("selectivity", "lanes", "--plan", str(plan), *db, "--json"))
    assert got["targets"] == {"red": 0.02, "yellow": 0.15, "blue": 0.01, "green": 0.82}
    n = got["declarations"]
    assert n > 500
    for lane, target in got["targets"].items():
        assert abs(got["mix"][lane] - target) < 0.01, (lane, got["mix"])
    khorgos = got["offices"]["KZ-P-KHORGOS"]
    assert khorgos["targets"]["red"] == 0.05
    assert abs(khorgos["mix"]["red"] - 0.05) <= 1 / khorgos["declarations"] + 0.01
    assert (
        orjson.loads(run("selectivity", "mix", "--plan", str(plan), *db, "--json"))["mix"]
        == got["mix"]
    )
    # without --plan, the mix is held against the plan the lanes were given by
    stored = orjson.loads(run("selectivity", "mix", *db, "--json"))
    assert stored["targets"] == got["targets"]
    assert stored["offices"]["KZ-P-KHORGOS"]["targets"]["red"] == 0.05
    table = run("selectivity", "mix", *db)
    assert "│ all " in table and "/2.0%" in table
    plan.write_text("shares: {purple: 0.1}\n")
    refused = runner.invoke(app, ["selectivity", "lanes", "--plan", str(plan), *db])
    assert refused.exit_code == 2 and "unknown lane" in refused.output


def test_errors_are_one_line_with_exit_code_2(sqlite_url: str, tmp_path: Path) -> None:
    db = ["--db", sqlite_url]
    untrained = runner.invoke(app, ["selectivity", "train", *db])
    assert untrained.exit_code == 2 and "0 found, 0 not found" in untrained.output
    no_model = runner.invoke(app, ["selectivity", "explain", "EX1", *db])
    assert no_model.exit_code == 2 and "train one with `tamga selectivity train`" in no_model.output
    labels = tmp_path / "labels.jsonl"
    labels.write_text('{"declarations": ["EX1"]}\n')
    empty = runner.invoke(app, ["selectivity", "replay", "--labels", str(labels), *db])
    assert empty.exit_code == 2 and "no import or export declaration" in empty.output
    labels.write_text('{"declarations": ["EX1"]}\nnot json\n')
    bad = runner.invoke(app, ["selectivity", "replay", "--labels", str(labels), *db])
    assert bad.exit_code == 2 and "labels.jsonl:2" in bad.output
    rates = runner.invoke(app, ["selectivity", "replay", "--rates", "1%,x", *db])
    assert rates.exit_code == 2 and "--rates" in rates.output
