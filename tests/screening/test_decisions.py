"""Analysts' decisions stick: applied to later screenings of the same party, through list
updates, re-loads and entity merges; each records what it stood on. Screening as of a date."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from tamga.cli.main import app
from tamga.errors import InvalidInput, NotFound
from tamga.screening import ListedEntity, Party
from tamga.screening.decisions import DecisionBook, party_key
from tamga.screening.repository import ScreeningRepository
from tamga.screening.scoring import ALGORITHM_VERSION
from tamga.screening.service import decide, parse_verdict
from tamga.store.database import connect

SHEVCHUK = ListedEntity("p1", "Person", ("Шевчук Олег Аркадьевич",), ("ua",))
OTHER = ListedEntity("p2", "Person", ("Oleg Shevchuk",), ("ua",), birth_dates=("1961-02-03",))


def repo_with(url: str, *entities: ListedEntity, at: str = "2026-01-10T09:00:00+00:00"):  # type: ignore[no-untyped-def]
    repo = ScreeningRepository(connect(url))
    repo.apply("list.ftm.json", [("ADD", e) for e in entities], loaded_at=at)
    return repo


def test_the_same_party_has_the_same_key_however_written() -> None:
    assert party_key(Party("ИП Шевчук О.А.", "UA")) == party_key(Party("Шевчук О. А.", "ua"))
    assert party_key(Party("A", identifiers=("7701-234567",))) == party_key(
        Party("B", identifiers=("7701234567",))
    )
    assert party_key(Party("Шевчук О.А.", "ua")) != party_key(Party("Шевчук О.А.", "kz"))


def test_a_not_same_decision_removes_the_match_from_later_screenings(store_url: str) -> None:
    repo = repo_with(store_url, SHEVCHUK, OTHER)
    party = Party("ИП Шевчук О.А.", "ua")
    before = {m.entity_id for m in repo.screener().screen_party(party)}
    assert "p1" in before

    decision = decide(repo, party, "p1", "not the same", "other INN on the contract", "anna")
    assert decision.verdict == "not_same" and decision.decision_id is not None
    assert decision.algorithm_version == ALGORITHM_VERSION and decision.threshold == 0.8
    assert decision.list_version["load_id"] == repo.loads()[-1].load_id
    assert decision.score is not None and decision.score >= 0.8

    after = repo.screener().screen_party(Party("Шевчук О. А.", "UA"))  # written another way
    assert "p1" not in {m.entity_id for m in after}
    kept = repo.screener().screen_party(party, keep_rejected=True)
    rejected = next(m for m in kept if m.entity_id == "p1")
    assert rejected.decision is not None and rejected.decision.reason == "other INN on the contract"


def test_decisions_survive_list_updates_and_entity_merges(store_url: str) -> None:
    repo = repo_with(store_url, SHEVCHUK)
    party = Party("ИП Шевчук О.А.", "ua")
    decide(repo, party, "p1", "same", "passport copy matches", "anna")
    # the list changes the entity (a new alias), then merges it into a new id
    changed = ListedEntity("p1", "Person", (*SHEVCHUK.names, "Oleg Shevchuk"), ("ua",))
    repo.apply("delta-1.json", [("MOD", changed)], loaded_at="2026-02-01T00:00:00+00:00")
    assert repo.screener().screen_party(party)[0].decision is not None
    merged = ListedEntity("NK-new", "Person", changed.names, ("ua",), referents=("p1",))
    repo.apply("delta-2.json", [("DEL", SHEVCHUK), ("ADD", merged)])
    best = repo.screener().screen_party(party)[0]
    assert best.entity_id == "NK-new"
    assert best.decision is not None and best.decision.verdict == "same"
    assert best.to_dict()["decision"]["decided_by"] == "anna"


def test_a_later_decision_supersedes_an_earlier_one(store_url: str) -> None:
    repo = repo_with(store_url, SHEVCHUK)
    party = Party("Шевчук О.А.", "ua")
    decide(repo, party, "p1", "same", "first look", "anna", decided_at="2026-03-01T10:00:00")
    decide(repo, party, "p1", "not_same", "other birth date", "boris", decided_at="2026-03-02")
    assert [d.verdict for d in repo.decisions()] == ["not_same"]
    assert len(repo.decisions(current=False)) == 2
    assert repo.screener().screen_party(party) == []


def test_bad_decisions_are_refused(sqlite_url: str) -> None:
    repo = repo_with(sqlite_url, SHEVCHUK)
    with pytest.raises(InvalidInput):
        decide(repo, Party("Шевчук"), "p1", "maybe", "unsure", "anna")
    with pytest.raises(InvalidInput):
        decide(repo, Party("Шевчук"), "p1", "same", " ", "anna")
    with pytest.raises(NotFound):
        decide(repo, Party("Шевчук"), "nobody", "same", "why", "anna")
    assert parse_verdict("Not-Same") == "not_same"


def test_decision_book_prefers_the_latest_on_merged_ids() -> None:
    def decision(entity: str, verdict: str, at: str):  # type: ignore[no-untyped-def]
        from tamga.screening.model import Decision

        return Decision("k", entity, verdict, "r", "a", at, {}, "v", 0.8)  # type: ignore[arg-type]

    book = DecisionBook(
        [decision("old", "same", "2026-01-01"), decision("new", "not_same", "2026-02-01")]
    )
    assert book.find("k", "new", ("old",)).verdict == "not_same"  # type: ignore[union-attr]
    assert book.find("k", "old").verdict == "same"  # type: ignore[union-attr]


def test_screening_as_of_a_date_reads_the_lists_as_they_stood(store_url: str) -> None:
    repo = repo_with(store_url, SHEVCHUK, at="2026-01-10T09:00:00+00:00")
    repo.apply("later.json", [("ADD", OTHER)], loaded_at="2026-02-10T09:00:00+00:00")
    repo.apply("gone.json", [("DEL", SHEVCHUK)], loaded_at="2026-03-10T09:00:00+00:00")
    party = Party("Oleg Shevchuk", "ua")
    ids = {
        day: {m.entity_id for m in repo.screener(as_of=day).screen_party(party, threshold=0.5)}
        for day in ("2026-01-09", "2026-01-10", "2026-02-15", "2026-03-11")
    }
    assert ids == {
        "2026-01-09": set(),
        "2026-01-10": {"p1"},
        "2026-02-15": {"p1", "p2"},
        "2026-03-11": {"p2"},
    }
    assert repo.list_version("2026-02-15")["load_id"] == repo.loads()[1].load_id


def test_cli_decide_then_screen(sqlite_url: str, shared_dir: Path) -> None:
    runner = CliRunner()
    ftm = shared_dir / "data" / "sanctions" / "ftm" / "zala.entities.ftm.json"
    assert runner.invoke(app, ["screen", "load", str(ftm), "--db", sqlite_url]).exit_code == 0
    found = runner.invoke(app, ["screen", "АО Зала Аэро", "--db", sqlite_url, "--json"])
    best = orjson.loads(found.stdout)["matches"][0]["entity_id"]
    decided = runner.invoke(
        app,
        ["screen", "decide", "АО Зала Аэро", "--entity", best, "--verdict", "not_same",
         "--reason", "a namesake in Almaty", "--by", "anna", "--db", sqlite_url, "--json"],
    )  # fmt: skip
    assert decided.exit_code == 0, decided.output
    assert orjson.loads(decided.stdout)["verdict"] == "not_same"
    again = runner.invoke(app, ["screen", "АО Зала Аэро", "--db", sqlite_url, "--json"])
    assert best not in {m["entity_id"] for m in orjson.loads(again.stdout)["matches"]}
    refused = runner.invoke(app, ["screen", "decide", "X", "--entity", best, "--db", sqlite_url])
    assert refused.exit_code == 2 and "verdict" in refused.output
    as_of = runner.invoke(app, ["screen", "Zala", "--as-of", "2001-01-01", "--db", sqlite_url])
    assert as_of.exit_code == 0 and "no match" in as_of.output
