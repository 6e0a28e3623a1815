"""``ListsService`` over the store, run on SQLite and on PostgreSQL: seeding, loading,
amending, checks that follow the store, and the delisting workflow with every step recorded."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from lists_support import NOW, by_version

from tamga.errors import Conflict, InvalidInput, NotFound
from tamga.lists.defaults import default_lists
from tamga.lists.service import ListsService
from tamga.store.database import connect


@pytest.fixture
def service(store_url: str, clock: Callable[[], datetime]) -> ListsService:
    return ListsService(connect(store_url), clock=clock)


def test_a_fresh_store_is_seeded_once_with_the_shipped_lists(
    service: ListsService, store_url: str
) -> None:
    assert service.names() == ["chpl", "eu-export-ban", "ru-parallel-import"]
    for shipped in default_lists():
        stored = service.get(shipped.name)
        assert sorted(stored.entries, key=by_version) == sorted(shipped.entries, key=by_version)
        assert stored.amendments == shipped.amendments
        assert (stored.title, stored.version) == (shipped.title, shipped.version)
    # a list the admin deletes by replacing is not brought back by a second service
    service.load(default_lists()[0].__class__(name="chpl", entries=()), actor="admin:ops")
    again = ListsService(connect(store_url))
    assert again.get("chpl").entries == ()


def test_loading_a_file_replaces_the_list_and_checks_follow(
    service: ListsService, tmp_path: Path
) -> None:
    on = date(2024, 3, 1)

    def parallel(brand: str) -> list[tuple[str, bool | None]]:
        found = service.check("9403", brand, None, "RU", on)
        return [(f.entry, f.allowed) for f in found if f.list == "ru-parallel-import"]

    assert parallel("Hoff") == [("pi-9403", False)]
    path = tmp_path / "pi.yaml"
    path.write_text(
        "name: ru-parallel-import\n"
        "entries:\n"
        "  - {id: furniture, hs: '9403', effect: allowed_only_brands, brands: [Hoff],"
        " destinations: [RU], valid_from: 2022-05-07}\n",
        encoding="utf-8",
    )
    report = service.load_file(path, actor="admin:ops")
    assert report.to_dict() == {
        "name": "ru-parallel-import",
        "entries": 1,
        "amendments": 0,
        "replaced": True,
    }
    assert parallel("Hoff") == [("furniture", True)]


def test_an_amendment_is_stored_with_who_and_when_and_shows_in_the_diff(
    service: ListsService,
) -> None:
    applied = service.amend(
        "chpl",
        {"action": "remove", "entry_id": "chpl-853400", "effective": "2024-09-01"},
        actor="admin:ops",
    )
    assert applied["seq"] >= 1 and applied["recorded_by"] == "admin:ops"
    history = service.history("chpl")
    assert [(h["action"], h["entry_id"], h["recorded_at"]) for h in history] == [
        ("remove", "chpl-853400", NOW.isoformat(timespec="seconds"))
    ]
    diff = service.diff("chpl", date(2024, 8, 31), date(2024, 9, 1))
    assert [e.entry_id for e in diff.removed] == ["chpl-853400"]
    assert len(service.entries_on("chpl", date(2024, 9, 1))) == 49
    with pytest.raises(NotFound):
        service.amend(
            "chpl",
            {"action": "remove", "entry_id": "chpl-999999", "effective": "2024-09-01"},
            actor="admin:ops",
        )


def test_two_services_on_one_store_see_each_others_writes(
    service: ListsService, store_url: str
) -> None:
    other = ListsService(connect(store_url))  # another worker process, in effect
    on = date(2024, 10, 1)
    assert other.check("853400", None, None, "RU", on)
    service.amend(
        "chpl",
        {"action": "remove", "entry_id": "chpl-853400", "effective": "2024-09-01"},
        actor="admin:ops",
    )
    assert other.check("853400", None, None, "RU", on) == []


def test_delisting_request_from_filing_to_approval(service: ListsService) -> None:
    before = service.check("9503000000", "Mattel", None, "RU", date(2024, 6, 30))
    assert [f.allowed for f in before] == [True]
    req = service.file_request(
        "ru-parallel-import",
        rights_holder="Mattel, Inc.",
        brand="mattel",
        hs_scope=["9503"],
        grounds="official supply resumed",
        actor="trader:mattel",
    )
    assert req.state == "filed" and req.request_id.startswith("DR-")
    with pytest.raises(Conflict):  # not reviewed yet
        service.approve(req.request_id, actor="admin:ops", effective=date(2024, 7, 1))
    service.review(req.request_id, actor="analyst:ana", note="documents checked")
    done = service.approve(
        req.request_id, actor="admin:ops", effective=date(2024, 7, 1), reason="agreed"
    )
    assert done.state == "approved" and done.effective == date(2024, 7, 1)
    assert [(s.step, s.actor) for s in done.steps] == [
        ("filed", "trader:mattel"),
        ("review", "analyst:ana"),
        ("approved", "admin:ops"),
    ]
    assert all(s.at == NOW.isoformat(timespec="seconds") for s in done.steps)
    # the list is amended from the effective date, and only from then
    assert [f.allowed for f in service.check("9503", "Mattel", None, "RU", date(2024, 6, 30))] == [
        True
    ]
    after = service.check("9503", "Mattel", None, "RU", date(2024, 7, 1))
    assert [f.allowed for f in after] == [False]
    assert [f.allowed for f in service.check("9503", "Hasbro", None, "RU", date(2024, 7, 1))] == [
        True
    ]
    history = service.history("ru-parallel-import")
    assert [h["seq"] for h in history][-1] == done.amendments[-1]
    assert "DR-" in (history[-1]["note"] or "")
    with pytest.raises(Conflict):  # decided requests stay decided
        service.reject(req.request_id, actor="admin:ops", reason="changed my mind")


def test_rejection_needs_a_reason_and_leaves_the_list_alone(service: ListsService) -> None:
    req = service.file_request(
        "ru-parallel-import", rights_holder="Sony Group", brand="Sony", actor="trader:sony"
    )
    with pytest.raises(InvalidInput) as caught:
        service.reject(req.request_id, actor="admin:ops", reason=" ")
    assert caught.value.field == "reason"
    done = service.reject(req.request_id, actor="admin:ops", reason="goods still scarce")
    assert done.state == "rejected" and done.decision_reason == "goods still scarce"
    assert service.history("ru-parallel-import") == [
        h for h in service.history("ru-parallel-import") if "DR-" not in (h["note"] or "")
    ]
    assert [r.request_id for r in service.requests(state="rejected")] == [req.request_id]
    assert service.requests(state="approved") == []


def test_a_request_must_be_about_a_brand_the_list_allows(service: ListsService) -> None:
    with pytest.raises(InvalidInput) as caught:
        service.file_request(
            "ru-parallel-import", rights_holder="Nobody", brand="Zzyzx", actor="trader:x"
        )
    assert caught.value.field == "brand"
    with pytest.raises(InvalidInput):  # Wilo left the list in July 2022 (the clock is 2024-05)
        service.file_request(
            "ru-parallel-import", rights_holder="WILO SE", brand="Wilo", actor="trader:x"
        )
    with pytest.raises(NotFound):
        service.file_request("no-such-list", rights_holder="A", brand="B", actor="trader:x")
