"""The README's main command: ``tamga demo`` simulates, ingests, summarises, readies a service."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tamga.auth import TokenStore
from tamga.cli.main import app
from tamga.ledger.service import LedgerService
from tamga.screening.repository import ScreeningRepository

runner = CliRunner()


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    workdir = tmp_path_factory.mktemp("demo")
    result = runner.invoke(
        app, ["demo", "--no-serve", "--events", "4000", "--workdir", str(workdir)]
    )
    assert result.exit_code == 0, result.output
    return workdir, result.output


def test_every_simulated_event_is_accepted_into_the_demo_store(demo_run: tuple[Path, str]) -> None:
    workdir, output = demo_run
    with (workdir / "ledger.jsonl").open("rb") as fh:
        written = sum(1 for line in fh if line.strip())
    ledger = LedgerService.open(f"sqlite:///{workdir / 'tamga.sqlite'}")
    assert ledger.summary()["events"] == written
    assert f"accepted {written:,}, duplicate 0, rejected 0" in output
    assert ledger.verify().ok


def test_the_demo_loads_holders_and_the_sanctions_list(demo_run: tuple[Path, str]) -> None:
    workdir, _ = demo_run
    engine = LedgerService.open(f"sqlite:///{workdir / 'tamga.sqlite'}").engine
    assert ScreeningRepository(engine).count() > 0


def test_the_demo_shows_a_provenance_trace_and_export_growth(demo_run: tuple[Path, str]) -> None:
    _, output = demo_run
    assert "import sources" in output and "origins" in output
    assert "Exports of KZ by partner" in output


def test_the_printed_token_signs_in_as_an_analyst(demo_run: tuple[Path, str]) -> None:
    workdir, output = demo_run
    token = next(w for w in output.split() if w.startswith("tmg_"))
    store = TokenStore(LedgerService.open(f"sqlite:///{workdir / 'tamga.sqlite'}").engine)
    principal = store.resolve(token)
    assert principal is not None and principal.role.value == "analyst"


def test_the_demo_measures_its_alerts_against_the_planted_schemes(
    demo_run: tuple[Path, str],
) -> None:
    _, output = demo_run
    assert "Ground truth against alerts" in output
    assert "channel mix green" in output
