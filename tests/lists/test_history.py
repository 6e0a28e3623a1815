"""An entry's life on the parallel-import list: listed, changed, removed, by which order, and
the rights holders' delisting requests with their outcome; an approved request shows as the
amendment that made it effective."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import orjson
import pytest
from typer.testing import CliRunner

from tamga.cli.main import app
from tamga.lists.defaults import default_lists
from tamga.lists.history import entry_history
from tamga.lists.model import GoodsList
from tamga.lists.service import ListsService
from tamga.store.database import connect

PI = "ru-parallel-import"


@pytest.fixture(scope="module")
def shipped() -> GoodsList:
    return next(gl for gl in default_lists() if gl.name == PI)


def test_a_brands_life_on_the_cosmetics_row(shipped: GoodsList) -> None:
    life = entry_history(shipped, brand="Lancome")
    assert [(e.on.isoformat(), e.kind, e.allowed) for e in life] == [
        ("2022-05-07", "listed", True),  # not among the brands first excepted
        ("2022-07-04", "changed", False),  # excepted at the makers' request
        ("2022-08-01", "changed", True),
        ("2023-02-07", "changed", False),  # excepted again: the brand's owner resumed supply
        ("2023-03-13", "changed", True),
        ("2025-05-01", "removed", None),
    ]
    assert {e.entry_id for e in life} == {"pi-33"}
    first = life[0].source
    assert first is not None and (first.order, first.order_date) == (
        "Minpromtorg Order No. 1532",
        date(2022, 4, 19),
    )
    assert all(e.source is not None and e.source.read for e in life)
    assert "at the request of" in life[1].detail and "Lancôme" in life[1].detail
    assert "at the request of the brands' owners" in life[3].detail


def test_the_life_of_the_rows_under_a_code(shipped: GoodsList) -> None:
    life = entry_history(shipped, hs="950300")
    assert [(e.on.isoformat(), e.entry_id, e.kind, e.detail) for e in life] == [
        ("2022-07-04", "pi-9503", "added", "allowed_only_brands HS 9503 [Lego]"),
        ("2023-03-13", "pi-9503", "changed", "brands + Hasbro, Mattel"),
    ]
    batteries = entry_history(shipped, hs="8506")
    assert [(e.on.isoformat(), e.kind) for e in batteries] == [
        ("2022-05-07", "listed"),
        ("2022-07-04", "removed"),
        ("2023-07-28", "added"),
    ]
    assert entry_history(shipped, hs="0101") == []


@pytest.fixture
def service(store_url: str, clock: Callable[[], datetime]) -> ListsService:
    return ListsService(connect(store_url), clock=clock)


def test_delisting_requests_and_their_outcomes_join_the_history(service: ListsService) -> None:
    approved = service.file_request(
        PI, rights_holder="Mattel, Inc.", brand="Mattel", hs_scope=["9503"],
        grounds="official supply resumed", actor="trader:mattel",
    )  # fmt: skip
    service.review(approved.request_id, actor="analyst:ana", note="contracts seen")
    done = service.approve(
        approved.request_id, actor="admin:ops", effective=date(2024, 7, 1),
        order="Приказ № 4321 от 20.06.2024",
    )  # fmt: skip
    refused = service.file_request(
        PI, rights_holder="Hasbro, Inc.", brand="Hasbro", hs_scope=["9503"], actor="trader:h"
    )
    service.reject(refused.request_id, actor="admin:ops", reason="goods still scarce")

    mattel = service.entry_history(PI, brand="Mattel")
    steps = [(e.kind, e.request_id, e.allowed) for e in mattel]
    assert steps == [
        ("added", None, False),  # July 2022: the toys row, for Lego only
        ("changed", None, True),  # March 2023: Mattel allowed
        ("delisting filed", approved.request_id, None),
        ("delisting review", approved.request_id, None),
        ("delisting approved", approved.request_id, None),
        ("changed", approved.request_id, False),  # the amendment that made it effective
    ]
    made = mattel[-1]
    assert made.on == date(2024, 7, 1) and made.seq == done.amendments[0]
    assert made.source is not None and made.source.requested_by == "Mattel, Inc."
    assert (made.source.order, made.source.order_date) == (
        "Minpromtorg Order No. 4321",
        date(2024, 6, 20),
    )
    assert "at the request of Mattel, Inc." in made.detail
    assert f"#{made.seq}" in mattel[4].detail
    hasbro = service.entry_history(PI, brand="Hasbro")
    assert [e.kind for e in hasbro][-2:] == ["delisting filed", "delisting rejected"]
    assert "goods still scarce" in hasbro[-1].detail and hasbro[1].allowed is True
    # by code: both requests are about the toys row
    toys = service.entry_history(PI, hs="9503")
    assert {e.request_id for e in toys if e.request_id} == {
        approved.request_id,
        refused.request_id,
    }


def test_history_from_the_command_line(sqlite_url: str) -> None:
    runner = CliRunner()
    out = runner.invoke(
        app, ["lists", "history", PI, "--brand", "IKEA", "--db", sqlite_url, "--json"]
    )
    assert out.exit_code == 0, out.output
    (added,) = orjson.loads(out.stdout)
    assert (added["on"], added["entry_id"], added["kind"], added["allowed"]) == (
        "2023-03-13",
        "pi-9403",
        "added",
        True,
    )
    assert added["source"]["unconfirmed"] and "Ministry of Justice" in added["source"]["unknown"]
    table = runner.invoke(
        app, ["lists", "history", PI, "--hs", "6109", "--db", sqlite_url], env={"COLUMNS": "200"}
    )
    assert table.exit_code == 0, table.output
    assert "Minpromtorg Order No. 1532 of 2022-04-19" in table.output
    assert "sojuzpatent.com" in table.output  # the numbered note says where it was read
    bad = runner.invoke(app, ["lists", "history", PI, "--hs", "9x", "--db", sqlite_url])
    assert bad.exit_code == 2 and "hs" in bad.output
