"""Summary statistics of the output match the configured patterns."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from tamga.simulate import Outputs, RunResult, SimConfig, generate, summarize_files
from tamga.simulate.config import SCHEMES


@pytest.fixture(scope="module")
def year_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[RunResult, dict[str, Any]]:
    """150,000 events: enough exports for the yearly figures to be stable."""
    out = tmp_path_factory.mktemp("sim-summary") / "ledger.jsonl"
    run = generate(SimConfig(seed=1, events=150_000), Outputs.beside(out))
    return run, summarize_files(out)


def test_exports_to_russia_grow_about_25_percent_from_2021_to_2022(
    year_pair: tuple[RunResult, dict[str, Any]],
) -> None:
    _, s = year_pair
    assert s["export_ru_growth_2022"] == pytest.approx(0.25, abs=0.1)
    # Russia is the first export partner in both years
    for year in ("2021", "2022"):
        partners = s["export_value_by_partner_year"][year]
        assert next(iter(partners)) == "RU"


def test_washing_machines_to_russia_from_near_zero_to_the_scaled_target(
    year_pair: tuple[RunResult, dict[str, Any]],
) -> None:
    run, s = year_pair
    target = run.manifest["washing_machines_ru_2022_target"]  # 100,000 x 150k / 10M = 1,500
    washers = s["washing_machines_to_ru"]
    assert washers.get("2022", 0) == pytest.approx(target, rel=0.5)
    assert washers.get("2021", 0) <= 0.05 * washers["2022"]


def test_top_hs_codes_are_the_headline_goods(year_pair: tuple[RunResult, dict[str, Any]]) -> None:
    _, s = year_pair
    top = [hs for hs, _ in s["top_hs_export"][:6]]
    assert {"8703", "8517", "8542"} <= set(top)


def test_goods_pass_through_several_holders_before_export(
    year_pair: tuple[RunResult, dict[str, Any]],
) -> None:
    _, s = year_pair
    chains = {int(k): v for k, v in s["exports_by_holders_in_chain"].items()}
    total = sum(chains.values())
    assert sum(v for k, v in chains.items() if k >= 3) > 0.25 * total
    assert chains.get(5, 0) > 0
    hops = {int(k): v for k, v in s["holders_per_hop"].items()}
    assert hops[1] > 0 and hops[2] > 0 and hops[4] > 0


def test_every_scheme_is_planted_at_its_rate(year_pair: tuple[RunResult, dict[str, Any]]) -> None:
    run, s = year_pair
    flows = s["flows"]
    assert set(s["cases"]) == set(SCHEMES)
    for scheme, rate in SCHEMES.items():
        expected = rate * flows
        sigma = math.sqrt(expected * (1 - rate))
        assert abs(s["cases"][scheme] - expected) < 4 * sigma + 2, scheme
    assert s["cases"] == run.cases


def test_no_schemes_means_no_cases(tmp_path: Path) -> None:
    out = tmp_path / "clean.jsonl"
    rates = dict.fromkeys(SCHEMES, 0.0)
    run = generate(SimConfig(seed=2, events=3000, schemes=rates), Outputs.beside(out))
    assert run.cases == {}
    assert run.outputs.labels is not None and run.outputs.labels.read_text() == ""
