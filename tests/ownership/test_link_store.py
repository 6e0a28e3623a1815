"""Links in the store (SQLite and PostgreSQL): loads, reports, deltas, the holder registry."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import orjson
import pytest

from tamga.ledger.service import LedgerService
from tamga.ownership import ExposureService
from tamga.ownership.service import graph_from_files
from tamga.ownership.store import OwnershipStore
from tamga.screening.repository import ScreeningRepository
from tamga.store.database import connect

ON = date(2024, 6, 1)


def test_a_file_load_reports_links_dangling_ends_and_bad_shares(
    store_url: str, crafted: Path
) -> None:
    engine = connect(store_url)
    repo = ScreeningRepository(engine)
    report = repo.load_file(crafted)
    assert report.added == 14 and report.links is not None
    links = report.links.to_dict()
    assert links["links"] == 15 and links["by_kind"] == {
        "directorship": 1, "family": 1, "ownership": 13
    }  # fmt: skip
    assert links["dangling_links"] == ["o-12"]  # its owner NK-nowhere is in no file
    assert {p["field"] for p in links["problems"]} == {"percentage"} and len(links["problems"]) == 2
    assert repo.get("c-beta").listed is False and repo.get("c-late").listed is True
    again = repo.load_file(crafted)  # idempotent
    assert again.links.links == 15 and OwnershipStore(engine).count() == 15
    assert len(OwnershipStore(engine).loads()) == 2


def test_the_stores_graph_answers_as_the_files_do(store_url: str, crafted: Path) -> None:
    engine = connect(store_url)
    ScreeningRepository(engine).load_file(crafted)
    stored = ExposureService.open(engine)
    direct = ExposureService(graph_from_files([crafted]))
    for party in ("c-beta", "c-gamma", "c-b50", "c-zeta", "c-eta", "c-omega"):
        assert stored.exposure(party, ON).to_dict() == direct.exposure(party, ON).to_dict()
    # a name the registry does not hold goes through the screener of the stored lists
    assert stored.exposure("TOO Beta Logistik", ON).entity_id == "c-beta"


def test_a_delta_deletes_a_link(store_url: str, crafted: Path, tmp_path: Path) -> None:
    engine = connect(store_url)
    repo = ScreeningRepository(engine)
    repo.load_file(crafted)
    delta = tmp_path / "d.delta.json"
    delta.write_bytes(orjson.dumps({"op": "DEL", "entity": {"id": "o-2"}}))
    assert repo.load_file(delta).links.deleted == 1
    assert not ExposureService.open(engine).exposure("c-beta", ON).exposed


def test_registry_owners_expose_a_domestic_exporter(
    store_url: str, crafted: Path, tmp_path: Path
) -> None:
    engine = connect(store_url)
    ScreeningRepository(engine).load_file(crafted)
    registry = tmp_path / "holders.jsonl"
    rows = [
        {
            "id": "180340099991",
            "name": "ТОО Каспий Экспорт",
            "kind": "trader",
            "registered": "2018-03-01",
            # owned through the Cypriot holding, named by its registration number
            "owners": [
                {"id": "HE 412345", "name": "Alfa Holding Ltd", "share": 70, "start": "2022-01-01"},
                {"iin": "800101300123", "name": "Ахметов А.", "share": "30"},
            ],
            "directors": [{"iin": "800101300123", "name": "Ахметов А."}],
        },
        {"id": "180340099992", "name": "ТОО Чистый", "owners": [{"id": "x", "share": 140}]},
    ]
    registry.write_bytes(b"\n".join(orjson.dumps(r) for r in rows))
    ledger = LedgerService(engine)
    assert ledger.load_holders(registry) == 2
    report = ledger.holder_links.to_dict()
    assert report["links"] == 4
    (problem,) = report["problems"]
    assert problem["record"].endswith("holders.jsonl:2") and problem["field"] == "owners[0].share"
    exp = ExposureService.open(engine).exposure("180340099991", ON)
    assert exp.exposed and exp.aggregate_share == pytest.approx(0.42)  # 60% x 70%
    assert exp.paths[0].text() == "60% Самойлов И.В. -> ООО Альфа Холдинг -> 70% ТОО Каспий Экспорт"
    assert not ExposureService.open(engine).exposure("180340099991", date(2021, 6, 1)).exposed
    # loading the registry again replaces the holder's links
    rows[0]["owners"] = []
    registry.write_bytes(b"\n".join(orjson.dumps(r) for r in rows))
    ledger.load_holders(registry)
    assert not ExposureService.open(engine).exposure("180340099991", ON).exposed


def test_the_registry_command_reports_bad_shares_per_line(sqlite_url: str, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tamga.cli.main import app

    registry = tmp_path / "holders.jsonl"
    rows = [
        {"id": "180340099991", "owners": [{"id": "HE 412345", "share": 70}]},
        {"id": "180340099992", "owners": [{"id": "x", "share": "half"}]},
    ]
    registry.write_bytes(b"\n".join(orjson.dumps(r) for r in rows))
    out = CliRunner().invoke(app, ["holders", "load", str(registry), "--db", sqlite_url])
    assert out.exit_code == 0, out.output
    assert "loaded 2 holders" in out.output and "owners and directors: 2 links" in out.output
    assert "holders.jsonl:2" in out.output and "owners[0].share" in out.output
