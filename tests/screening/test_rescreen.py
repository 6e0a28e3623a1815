"""Continuous re-screening: a list change screens every ledger party again against what changed;
new matches on open or recent declarations raise the sanctions rule's alert, once."""

from __future__ import annotations

import sys
from pathlib import Path

import orjson
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parents[1] / "ledger"))

from builders import exp, imp, line

from tamga.cli.main import app
from tamga.ledger.service import LedgerService
from tamga.risk import AlertService
from tamga.screening import ListedEntity, Party
from tamga.screening.repository import ScreeningRepository
from tamga.screening.rescreen import ledger_parties, rescreen, results
from tamga.screening.service import decide
from tamga.store.database import connect

LISTED = ListedEntity("NK-shev", "Person", ("Шевчук Олег Аркадьевич",), ("ru",))


def ledger(url: str, consignee: str, old_consignee: str = "OOO Romashka") -> LedgerService:
    service = LedgerService.open(url)
    service.ingest(
        [
            imp("KZ-1", [line(qty=20)], day=0),
            exp("KZ-1", [line(qty=5)], day=1, decl="EX-OLD",
                consignee={"id": "RU-9", "name": old_consignee, "country": "RU"}),
            exp("KZ-1", [line(qty=5)], day=200, decl="EX-NEW",
                consignee={"id": "RU-7", "name": consignee, "country": "RU"}),
        ]
    )  # fmt: skip
    return service


def sanctions_alerts(url: str) -> list[dict]:  # type: ignore[type-arg]
    return [a for a in AlertService(connect(url)).list() if a["rule"] == "sanctioned_party"]


def test_ledger_parties_are_the_declarations_parties(store_url: str) -> None:
    ledger(store_url, "ИП Шевчук О.А.")
    parties = {(p.role, p.name): p for p in ledger_parties(connect(store_url))}
    assert ("consignee", "ИП Шевчук О.А.") in parties
    assert ("consignor", "Siemens AG") in parties
    assert [s[0] for s in parties[("consignee", "ИП Шевчук О.А.")].subjects] == ["EX-NEW"]


def test_a_list_change_alerts_new_matches_on_recent_declarations_once(store_url: str) -> None:
    ledger(store_url, "ИП Шевчук О.А.", old_consignee="Shevchuk Oleg Arkadyevich")
    engine = connect(store_url)
    repo = ScreeningRepository(engine)
    report = repo.apply("delta.json", [("ADD", LISTED)])
    first = rescreen(engine, report.changed)
    assert first.new_matches == 2 and first.alerts == 1  # EX-OLD is 199 days before the clock
    alerts = sanctions_alerts(store_url)
    assert [a["subject"] for a in alerts] == ["EX-NEW"]
    evidence = alerts[0]["evidence"]
    assert evidence["matches"][0]["entity_id"] == "NK-shev"
    assert evidence["rescreen"]["algorithm_version"].startswith("tamga-screening")
    assert evidence["rescreen"]["list_version"]["load_id"] == report.load_id
    stored = {r["party_name"]: r for r in results(engine)}
    assert stored["ИП Шевчук О.А."]["alerts"] == 1

    again = rescreen(engine, report.changed)  # nothing new: no second alert
    assert again.matches == 2 and again.new_matches == 0 and again.alerts == 0
    wide = rescreen(engine, report.changed, window_days=400)  # the old one is known by now
    assert wide.alerts == 0


def test_a_not_same_decision_keeps_rescreening_quiet(store_url: str) -> None:
    ledger(store_url, "ИП Шевчук О.А.")
    engine = connect(store_url)
    repo = ScreeningRepository(engine)
    repo.apply("list.json", [("ADD", LISTED)])
    decide(repo, Party("ИП Шевчук О.А.", "ru", ("RU-7",)), "NK-shev", "not_same", "INN", "anna")
    report = repo.apply("delta.json", [("MOD", LISTED)])
    assert rescreen(engine, report.changed).alerts == 0
    assert sanctions_alerts(store_url) == []


def test_cli_load_rescreens_and_rescreen_since(sqlite_url: str, tmp_path: Path) -> None:
    ledger(sqlite_url, "ООО «Кpистaллoн»")
    path = tmp_path / "list.csv"
    path.write_text("id,name,schema,countries\nc-1,Kristallon LLC,Company,ru\n", encoding="utf-8")
    runner = CliRunner()
    loaded = runner.invoke(app, ["screen", "load", str(path), "--db", sqlite_url, "--json"])
    assert loaded.exit_code == 0, loaded.output
    assert orjson.loads(loaded.stdout)["rescreen"]["alerts"] == 1
    again = runner.invoke(
        app, ["screen", "rescreen", "--since", "2000-01-01", "--db", sqlite_url, "--json"]
    )
    assert again.exit_code == 0, again.output
    assert orjson.loads(again.stdout.splitlines()[-1])["rescreen"]["new_matches"] == 0
    bad = runner.invoke(app, ["screen", "rescreen", "--since", "soon", "--db", sqlite_url])
    assert bad.exit_code == 2 and "since" in bad.output


def test_the_risk_engines_screener_picks_up_a_new_decision(sqlite_url: str) -> None:
    from tamga.risk.service import ContextSources, build_context

    engine = connect(sqlite_url)
    repo = ScreeningRepository(engine)
    repo.apply("list.json", [("ADD", LISTED)])
    sources = ContextSources(engine, build_context(engine), lists=None, screener_pinned=False)
    party = Party("ИП Шевчук О.А.", "ru")
    assert [m.entity_id for m in sources.ctx.screener.screen_party(party)] == ["NK-shev"]
    decide(repo, party, "NK-shev", "not_same", "another Shevchuk", "anna")
    assert "sanctions" in sources.refresh()
    assert sources.ctx.screener.screen_party(party) == []
