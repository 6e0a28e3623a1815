"""``tamga epcis``: hash, validate, capture and query from the command line."""

from __future__ import annotations

from pathlib import Path

import orjson
from typer.testing import CliRunner

from tamga.cli.main import app

runner = CliRunner()


def test_hash_validate_capture_query(epcis_data: Path, tmp_path: Path) -> None:
    example = epcis_data / "epcis-event-hash-generator/examples/epcisDocWithVariousEventTypes.xml"
    result = runner.invoke(app, ["epcis", "hash", str(example), "--json"])
    assert result.exit_code == 0, result.output
    hashes = [row["event_hash"] for row in orjson.loads(result.stdout)]
    expected = example.with_suffix(".hashes").read_text().split()
    assert hashes == expected

    assert runner.invoke(app, ["epcis", "validate", str(example)]).exit_code == 0
    invalid = (
        epcis_data
        / "openepcis-test-resources/2.0/EPCIS/JSON/Capture/Invalid"
        / "ObjectEvent_with_non_standard_disposition.json"
    )
    refused = runner.invoke(app, ["epcis", "validate", str(invalid), "--json"])
    assert refused.exit_code == 1
    assert orjson.loads(refused.stdout)["field"] == "disposition"

    db = f"sqlite:///{tmp_path / 't.sqlite'}"
    captured = runner.invoke(app, ["epcis", "capture", str(example), "--db", db, "--json"])
    assert captured.exit_code == 0, captured.output
    job = orjson.loads(captured.stdout)[0]
    assert (job["status"], job["captured"]) == ("success", len(expected))
    again = runner.invoke(app, ["epcis", "capture", str(example), "--db", db, "--json"])
    assert orjson.loads(again.stdout)[0]["duplicates"] == len(expected)

    query = runner.invoke(app, ["epcis", "query", "--db", db, "-p", "EQ_bizStep=packing", "--json"])
    assert query.exit_code == 0, query.output
    events = orjson.loads(query.stdout)["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
    assert events and all(e["bizStep"].endswith("packing") for e in events)
    bad = runner.invoke(app, ["epcis", "query", "--db", db, "-p", "EQ_bizStep=packed"])
    assert bad.exit_code == 2
