"""Event times outside a plausible window are refused naming the field; the ledger clock never
passes the receiving server's clock; times no UTC datetime can hold are refused per record."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest
from builders import imp, line, transit_start

from tamga.ledger.clock import TimeWindow
from tamga.ledger.parsing import RawRecord
from tamga.ledger.service import LedgerService
from tamga.store.database import connect

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
EXTREMES = [
    "9999-12-31T23:59:59+14:00",
    "9999-12-31T23:59:59-12:00",
    "0001-01-01T00:00:00+14:00",
    "0001-01-01T00:00:00-12:00",
]


@pytest.fixture
def fixed(store_url: str) -> LedgerService:
    """A ledger whose server clock reads ``NOW``."""
    return LedgerService(connect(store_url), window=TimeWindow(now=lambda: NOW))


def test_a_far_future_event_is_refused_and_the_clock_stays(fixed: LedgerService) -> None:
    fixed.ingest([imp("A", [line()], time="2024-05-30T10:00:00+00:00")])
    outcome = fixed.ingest([imp("A", [line()], time="9999-12-31T23:59:59+14:00")])[0]
    assert outcome.status == "rejected" and outcome.error is not None
    assert outcome.error.field == "time"
    assert fixed.store.ledger_clock() == "2024-05-30T10:00:00.000000+00:00"
    later = fixed.ingest([imp("A", [line()], time="2024-05-31T10:00:00+00:00")])[0]
    assert later.applied is not None and not later.applied.late


@pytest.mark.parametrize(
    ("moment", "accepted"),
    [
        ("1989-12-31T23:59:59+00:00", False),
        ("1990-01-01T00:00:00+00:00", True),
        ((NOW + timedelta(days=1)).isoformat(), True),
        ((NOW + timedelta(days=1, seconds=1)).isoformat(), False),
    ],
)
def test_the_window_edges(fixed: LedgerService, moment: str, accepted: bool) -> None:
    outcome = fixed.ingest([imp("A", [line()], time=moment)])[0]
    assert (outcome.status == "accepted") is accepted
    if not accepted:
        assert outcome.error is not None and outcome.error.field == "time"


def test_an_early_event_from_a_fast_clock_moves_the_ledger_clock_only_to_now(
    fixed: LedgerService,
) -> None:
    ahead = (NOW + timedelta(hours=20)).isoformat()
    assert fixed.ingest([imp("A", [line()], time=ahead)])[0].status == "accepted"
    assert fixed.store.ledger_clock() == "2024-06-01T12:00:00.000000+00:00"
    open_one = transit_start("MRN-1", time="2024-06-01T06:00:00+00:00")
    open_one["deadline"] = "2024-06-01T15:00:00+00:00"
    fixed.ingest([open_one])
    assert fixed.transit("MRN-1")["state"] == "open"  # not overdue on one reporter's word


def test_a_deadline_beyond_the_window_is_refused(fixed: LedgerService) -> None:
    start = transit_start("MRN-2", time="2024-06-01T06:00:00+00:00")
    start["deadline"] = "2099-01-01T00:00:00+00:00"
    outcome = fixed.ingest([start])[0]
    assert outcome.error is not None and outcome.error.field == "deadline"


@pytest.mark.parametrize("moment", EXTREMES)
@pytest.mark.parametrize("field", ["time", "deadline"])
def test_extreme_offsets_are_refused_per_event_and_the_batch_goes_in(
    ledger: LedgerService, moment: str, field: str
) -> None:
    bad = transit_start("MRN-X")
    bad[field] = moment
    good = imp("A", [line(qty=2)])
    outcomes = ledger.ingest([good, bad, imp("A", [line(qty=3)])])
    assert [o.status for o in outcomes] == ["accepted", "rejected", "accepted"]
    assert outcomes[1].error is not None and outcomes[1].error.field == field


@pytest.mark.parametrize("moment", EXTREMES)
def test_a_file_with_an_extreme_time_is_ingested_but_that_record(
    tmp_path: Path, moment: str
) -> None:
    ledger = LedgerService.open(f"sqlite:///{tmp_path / 'file.sqlite'}")
    events = [imp("A", [line()]) for _ in range(5)]
    events[2]["time"] = moment
    records = [RawRecord(f"f.jsonl:{i + 1}", orjson.dumps(e)) for i, e in enumerate(events)]
    report = ledger.ingest_records(records)
    assert (report.accepted, report.rejected) == (4, 1)
    assert report.errors[0].record.startswith("f.jsonl:3 ") and report.errors[0].field == "time"


def test_tamga_ingest_of_a_file_with_extreme_offsets_reports_them_and_keeps_the_rest(
    tmp_path: Path,
) -> None:
    from typer.testing import CliRunner

    from tamga.cli.main import app

    events = [imp("A", [line()]) for _ in range(4)]
    events[1]["time"] = EXTREMES[1]
    events[3]["time"] = EXTREMES[2]
    path = tmp_path / "events.jsonl"
    path.write_bytes(b"\n".join(orjson.dumps(e) for e in events) + b"\n")
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    result = CliRunner().invoke(app, ["ingest", str(path), "--db", url, "--json", "--no-risk"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = orjson.loads(result.stdout)
    assert (report["accepted"], report["rejected"]) == (2, 2)
    assert [e["field"] for e in report["errors"]] == ["time", "time"]
    assert LedgerService.open(url).summary()["events"] == 2
