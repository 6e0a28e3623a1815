"""The trade network built from a ledger: edges, counterparties, communities, brokers, circular
trades and fast-growing parties (ledgers built from the event vocabulary, SQLite/PostgreSQL)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "ledger"))

from builders import exp, imp, line, sale

from tamga.errors import NotFound
from tamga.ledger.service import LedgerService
from tamga.network import NetworkService, TradeNetwork

ICS = "854231"  # integrated circuits: on the high-priority list the store ships


def _ledger(url: str) -> LedgerService:
    ledger = LedgerService.open(url)
    events = [
        imp("H1", [line(hs=ICS, qty=100, value=10_000.0)], day=0, decl="IM-1"),
        imp("H1", [line(hs="845011", qty=10, value=1_000.0)], day=1, decl="IM-2"),
        sale("H1", "H2", [line(hs=ICS, qty=60, value=7_000.0)], day=5),
        sale("H2", "H3", [line(hs=ICS, qty=50, value=6_000.0)], day=10),
        # goods coming back: H3 sells to H1 what came from H1
        sale("H3", "H1", [line(hs=ICS, qty=20, value=2_500.0)], day=15),
        exp("H3", [line(hs=ICS, qty=30, value=4_000.0)], day=20, decl="EX-1"),
        # H4 trades little, then a lot: fast-growing
        imp("H4", [line(hs="845011", qty=1, value=100.0)], day=30, decl="IM-3"),
        imp("H4", [line(hs="845011", qty=90, value=90_000.0)], day=150, decl="IM-4"),
        sale("H4", "H1", [line(hs="845011", qty=5, value=600.0)], day=151),
    ]
    outcomes = ledger.ingest(events)
    assert not [o for o in outcomes if o.status == "rejected"], [str(o.error) for o in outcomes]
    return ledger


def test_who_sold_what_to_whom(store_url: str) -> None:
    ledger = _ledger(store_url)
    service = NetworkService(ledger.engine)
    built = service.ensure_built()
    assert built is not None and built.edges > 0
    assert service.ensure_built() is None  # nothing new in the log: no rebuild
    view = service.view("H1", depth=2)
    edges = {(e["source"], e["target"]): e for e in view["edges"]}
    assert edges[("DE-SIEMENS", "H1")]["value"] == 11_000.0  # two imports, one edge
    assert edges[("DE-SIEMENS", "H1")]["controlled_share"] == pytest.approx(10 / 11, abs=1e-4)
    assert edges[("H1", "H2")]["controlled_share"] == 1.0
    assert edges[("H3", "RU-1")]["value"] == 4_000.0  # the export, to its foreign consignee
    assert edges[("H1", "H2")]["first"].startswith("2022-03-06")
    parties = {c["id"]: c for c in view["counterparties"]}
    assert parties["H2"]["sold_to"] == 7_000.0 and parties["H3"]["bought_from"] == 2_500.0
    assert parties["DE-SIEMENS"]["name"] == "Siemens AG"
    assert parties["DE-SIEMENS"]["kind"] == "foreign"
    hops = {n["id"]: n["hops"] for n in view["nodes"]}
    assert hops["H1"] == 0 and hops["H2"] == 1 and hops["RU-1"] == 2


def test_circular_trades_brokers_communities_and_growth(store_url: str) -> None:
    ledger = _ledger(store_url)
    view = NetworkService(ledger.engine).view("H1", depth=2)
    (cycle,) = view["circular_trades"]
    assert cycle["path"] == ["H1", "H2", "H3", "H1"] and cycle["value"] == 2_500.0
    brokers = [b["id"] for b in view["brokers"]]
    assert "H3" in brokers and "H1" not in brokers  # H3 stands between H1's trades and RU-1
    members = sorted(m for c in view["communities"] for m in c["members"])
    assert members == sorted(n["id"] for n in view["nodes"])
    growing = {g["id"]: g for g in view["fast_growing"]}
    assert "H4" in growing and growing["H4"]["recent"] > 2 * growing["H4"]["before"]


def test_since_drops_earlier_trade_and_bad_input_is_clear(store_url: str) -> None:
    ledger = _ledger(store_url)
    service = NetworkService(ledger.engine)
    later = service.view("H1", depth=1, since="2022-07-01")
    assert [c["id"] for c in later["counterparties"]] == ["H4"]
    with pytest.raises(NotFound, match="NOBODY"):
        service.view("NOBODY")


def test_the_view_is_the_same_from_the_store_or_from_rows() -> None:
    rows = [
        ("A", "B", "2024-01", 10.0, 0.0, 1, "2024-01-02", "2024-01-02"),
        ("B", "C", "2024-01", 5.0, 5.0, 1, "2024-01-03", "2024-01-03"),
        ("C", "A", "2024-02", 3.0, 0.0, 1, "2024-02-01", "2024-02-01"),
        ("A", "B", "2024-02", 2.0, 0.0, 1, "2024-02-05", "2024-02-05"),
    ]
    view = TradeNetwork(rows).view("A", depth=3)
    assert {(e["source"], e["target"]): e["value"] for e in view["edges"]} == {
        ("A", "B"): 12.0, ("B", "C"): 5.0, ("C", "A"): 3.0
    }  # fmt: skip
    assert view["circular_trades"][0]["path"] == ["A", "B", "C", "A"]


def test_the_command_prints_json_and_refuses_a_bad_date(sqlite_url: str) -> None:
    import orjson
    from typer.testing import CliRunner

    from tamga.cli.main import app

    _ledger(sqlite_url)
    runner = CliRunner()
    out = runner.invoke(app, ["network", "H1", "--depth", "2", "--db", sqlite_url, "--json"])
    assert out.exit_code == 0, out.output
    data = orjson.loads(out.stdout)
    assert data["holder"]["id"] == "H1" and data["circular_trades"]
    assert set(data) >= {"counterparties", "communities", "brokers", "fast_growing", "edges"}
    text = runner.invoke(app, ["network", "H1", "--db", sqlite_url])
    assert text.exit_code == 0 and "circular: H1 -> H2 -> H3 -> H1" in text.stdout
    bad = runner.invoke(app, ["network", "H1", "--since", "last year", "--db", sqlite_url])
    assert bad.exit_code == 2 and "--since" in bad.output


def test_one_firm_under_two_ids_is_one_node_keeping_the_names_it_was_seen_under(
    sqlite_url: str,
) -> None:
    ledger = LedgerService.open(sqlite_url)
    firms = [
        ("CN-1", "Shenzhen Huaxin Electronics Co. Ltd.", 1_000.0),
        ("CN-77", "SHENZHEN HUAXIN ELECTRONICS CO., LTD", 2_000.0),
        ("CN-9", "Shenzhen Huaxin Technology Co. Ltd.", 500.0),  # a sibling
    ]
    events = [
        imp("H1", [line(qty=10, value=v)], day=i, decl=f"IM-{i}",
            consignor={"id": cid, "name": name, "country": "CN"})
        for i, (cid, name, v) in enumerate(firms)
    ]  # fmt: skip
    assert not [o for o in ledger.ingest(events) if o.status == "rejected"]
    service = NetworkService(ledger.engine)
    as_written = service.view("H1", 1, resolved=False)["counterparties"]
    assert {c["id"]: c["bought_from"] for c in as_written} == {
        "CN-77": 2_000.0, "CN-1": 1_000.0, "CN-9": 500.0
    }  # fmt: skip
    view = service.view("H1", 1)  # resolved unless asked otherwise
    merged = {c["id"]: c["bought_from"] for c in view["counterparties"]}
    assert merged == {"CN-1": 3_000.0, "CN-9": 500.0}  # the sibling stays apart
    (firm,) = [n for n in view["nodes"] if n["id"] == "CN-1"]
    assert firm["aliases"] == [
        {"id": "CN-77", "name": "SHENZHEN HUAXIN ELECTRONICS CO., LTD",
         "how": "same folded name and country"}
    ]  # fmt: skip
    assert next(e for e in view["edges"] if e["source"] == "CN-1")["value"] == 3_000.0
    assert service.view("CN-77", 1)["holder"]["id"] == "CN-1"  # asked by the other id


def test_an_analysts_judgement_splits_what_the_fold_joined(sqlite_url: str) -> None:
    import orjson
    from typer.testing import CliRunner

    from tamga.cli.main import app

    ledger = LedgerService.open(sqlite_url)
    firms = [
        ("CN-1", "Shenzhen Huaxin Electronics Co. Ltd."),
        ("CN-77", "SHENZHEN HUAXIN ELECTRONICS CO., LTD"),
    ]
    events = [
        imp("H1", [line(qty=10, value=1_000.0)], day=i, decl=f"IM-J{i}",
            consignor={"id": cid, "name": name, "country": "CN"})
        for i, (cid, name) in enumerate(firms)
    ]  # fmt: skip
    assert not [o for o in ledger.ingest(events) if o.status == "rejected"]
    asked = ["network", "H1", "--depth", "1", "--db", sqlite_url, "--json"]
    runner = CliRunner()
    before = orjson.loads(runner.invoke(app, asked).stdout)
    assert [c["id"] for c in before["counterparties"]] == ["CN-1"]
    said = runner.invoke(
        app, ["judge", "CN-1", "CN-77", "--different", "--actor", "ana", "--db", sqlite_url]
    )
    assert said.exit_code == 0 and "not the same firm (by ana" in said.stdout
    after = orjson.loads(runner.invoke(app, asked).stdout)
    assert sorted(c["id"] for c in after["counterparties"]) == ["CN-1", "CN-77"]
    nobody = runner.invoke(app, ["judge", "A", "B", "--same", "--actor", " ", "--db", sqlite_url])
    assert nobody.exit_code == 2 and "analyst" in nobody.output


def test_a_judgement_joins_two_spellings_the_fold_keeps_apart(sqlite_url: str) -> None:
    from tamga.ownership.resolution import JudgementStore

    ledger = LedgerService.open(sqlite_url)
    firms = [("TR-1", "Anka Dis Ticaret A.S.", 1_000.0), ("TR-2", "ANKA FOREIGN TRADE", 400.0)]
    events = [
        imp("H1", [line(qty=10, value=v)], day=i, decl=f"IM-A{i}",
            consignor={"id": cid, "name": name, "country": "TR"})
        for i, (cid, name, v) in enumerate(firms)
    ]  # fmt: skip
    assert not [o for o in ledger.ingest(events) if o.status == "rejected"]
    service = NetworkService(ledger.engine)
    assert len(service.view("H1", 1)["counterparties"]) == 2
    JudgementStore(ledger.engine).judge("TR-2", "TR-1", True, "ana", "one tax number")
    view = service.view("H1", 1)
    (firm,) = view["counterparties"]
    assert firm["id"] == "TR-1" and firm["bought_from"] == 1_400.0
    (alias,) = firm["aliases"]
    assert alias["id"] == "TR-2" and alias["name"] == "ANKA FOREIGN TRADE"
    assert alias["how"].startswith("judged the same by ana on ")
