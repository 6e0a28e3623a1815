"""One simulated ledger per session, shared by the tests that only read it."""

from __future__ import annotations

import pytest

from tamga.simulate import Outputs, RunResult, SimConfig, generate


@pytest.fixture(scope="session")
def small_run(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    """20,000 events with every scheme at a raised rate, so each appears many times."""
    out = tmp_path_factory.mktemp("sim") / "ledger.jsonl"
    rates = {
        "reexport": 0.02,
        "phantom": 0.01,
        "hs_switch": 0.01,
        "fast_turnaround": 0.01,
        "transit_unclosed": 0.01,
        "transit_diverted": 0.01,
        "transit_sold": 0.01,
        "sanctioned_consignee": 0.01,
        "misinvoicing": 0.01,
    }
    return generate(SimConfig(seed=7, events=20_000, schemes=rates), Outputs.beside(out))
