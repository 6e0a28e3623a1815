"""Exposure sees resolved parties: an ownership recorded under any of a firm's ids or names
counts for it, and an analyst's "not the same" keeps two parties' owners apart (SQLite and
PostgreSQL)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import orjson
from typer.testing import CliRunner

from tamga.cli.main import app
from tamga.ledger.service import LedgerService
from tamga.ownership import ExposureService, OwnershipGraph
from tamga.ownership.model import Link
from tamga.ownership.resolution import JudgementStore
from tamga.screening.repository import ScreeningRepository
from tamga.store.database import connect

ON = date(2024, 6, 1)


def _store(url: str, crafted: Path, tmp_path: Path) -> LedgerService:
    engine = connect(url)
    ScreeningRepository(engine).load_file(crafted)
    registry = tmp_path / "holders.jsonl"
    rows = [
        # Beta re-registered in Kazakhstan under a new BIN; the registry names no owner of it
        {"id": "180340055555", "name": "ТОО Бета Логистик Казахстан"},
        # a holder whose BIN is Beta's registration number in the list
        {"id": "210540012345", "name": "Beta Logistics LLP"},
    ]
    registry.write_bytes(b"\n".join(orjson.dumps(r) for r in rows))
    ledger = LedgerService(engine)
    ledger.load_holders(registry)
    return ledger


def test_an_ownership_of_an_alias_counts_for_exposure(
    store_url: str, crafted: Path, tmp_path: Path
) -> None:
    ledger = _store(store_url, crafted, tmp_path)
    try:
        assert not ExposureService.open(ledger.engine).exposure("180340055555", ON).exposed
        JudgementStore(ledger.engine).judge("180340055555", "c-beta", True, "ana", "one BIN")
        exp = ExposureService.open(ledger.engine).exposure("180340055555", ON)
        assert exp.exposed and exp.entity_id == "c-beta"
        assert exp.paths[0].text() == (
            "60% Самойлов И.В. -> ООО Альфа Холдинг -> 100% ТОО Бета Логистик"
        )
        resolved = exp.to_dict()["resolved"]
        assert set(resolved["ids"]) == {"c-beta", "180340055555", "210540012345"}
        hows = {j["how"].split(" on ")[0] for j in resolved["joined"]}
        assert hows == {"judged the same by ana", "same identifier 210540012345"}
        said = CliRunner().invoke(
            app, ["exposure", "180340055555", "--on", ON.isoformat(), "--db", store_url]
        )
        assert said.exit_code == 1  # exposed
        assert "one firm: ТОО Бета Логистик Казахстан = ТОО Бета Логистик (judged" in said.stdout
    finally:
        ledger.engine.dispose()


def test_a_holder_whose_bin_is_a_listed_registration_number_is_that_entity(
    store_url: str, crafted: Path, tmp_path: Path
) -> None:
    ledger = _store(store_url, crafted, tmp_path)
    try:
        exp = ExposureService.open(ledger.engine).exposure("210540012345", ON)
        assert exp.exposed and exp.entity_id == "c-beta"
    finally:
        ledger.engine.dispose()


def test_not_the_same_keeps_the_owners_apart(store_url: str, crafted: Path, tmp_path: Path) -> None:
    ledger = _store(store_url, crafted, tmp_path)
    try:
        judges = JudgementStore(ledger.engine)
        judges.judge("180340055555", "c-beta", True, "ana")
        judges.judge("c-beta", "180340055555", False, "bo", "another firm of the same name")
        exp = ExposureService.open(ledger.engine).exposure("180340055555", ON)
        assert not exp.exposed and exp.entity_id == "180340055555" and exp.aliases is None
    finally:
        ledger.engine.dispose()


def test_merging_a_firms_nodes_joins_their_owners_and_keeps_every_id() -> None:
    graph = OwnershipGraph()
    graph.add_party("p-listed", "Listed Person", listed=True)
    graph.add_party("a", "Alfa Trans LLP")
    graph.add_party("b", "ТОО Альфа Транс")
    graph.add_party("h", "Holding Ltd")
    graph.add_link(Link("l1", "ownership", "p-listed", "h", share=0.3))
    graph.add_link(Link("l2", "ownership", "h", "a", share=1.0))
    graph.add_link(Link("l3", "ownership", "p-listed", "b", share=0.3))
    from tamga.ownership.exposure import exposure

    node = graph.node("b")
    assert node is not None and not exposure(graph, node, ON).exposed  # 30% each, apart
    assert graph.merge([["a", "b"]]) == 1
    merged = graph.node("b")
    assert merged == graph.node("a")
    assert merged is not None
    exp = exposure(graph, merged, ON)
    assert exp.aggregate_share == 0.6 and exp.ofac_50  # 30% direct + 30% through the holding
    assert [p.entity_id for p in graph.alias_parties(merged)] == ["b"]
