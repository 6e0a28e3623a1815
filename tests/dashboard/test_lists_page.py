"""The lists page and the declaration's findings over the lists part's checker."""

from __future__ import annotations

import pytest
from dashboard_site import Site, signed_in
from fastapi.testclient import TestClient

from tamga.dashboard import create_app
from tamga.dashboard.lists_port import CheckerLists

lists_model = pytest.importorskip("tamga.lists.model", reason="the lists part is not installed")
lists_checker = pytest.importorskip("tamga.lists.checker", reason="the lists part is not installed")


@pytest.fixture
def chpl() -> CheckerLists:
    """A high-priority list where machine tools (8458) join on 2022-03-02."""
    entry = lists_model.Entry.from_dict
    goods = lists_model.GoodsList(
        name="chpl",
        title="Common High Priority",
        entries=(
            entry(
                {
                    "entry_id": "T1-8542",
                    "effect": "controlled",
                    "hs": ["8542"],
                    "tier": "1",
                    "valid_from": "2022-01-01",
                }
            ),
            entry(
                {
                    "entry_id": "T3-8458",
                    "effect": "controlled",
                    "hs": ["8458"],
                    "tier": "3",
                    "valid_from": "2022-03-02",
                }
            ),
        ),
    )
    return CheckerLists(lists_checker.GoodsChecker([goods]))


def test_entries_as_of_a_date_and_the_diff_between_two(site: Site, chpl: CheckerLists) -> None:
    site.ctx.lists = chpl
    client = TestClient(create_app(site.ctx))
    signed_in(client, site.tokens["analyst"])
    before = client.get("/dashboard/lists?name=chpl&as_of=2022-03-01").text
    assert "T1-8542" in before and "T3-8458" not in before
    html = client.get(
        "/dashboard/lists?name=chpl&as_of=2022-03-03&start=2022-03-01&end=2022-03-03"
    ).text
    assert "Added (1)" in html and "Removed (0)" in html
    assert "T3-8458" in html
    assert "Delisting requests are not kept" in html


def test_the_declaration_shows_each_lines_controlled_goods_findings(
    site: Site, chpl: CheckerLists
) -> None:
    site.ctx.lists = chpl
    client = TestClient(create_app(site.ctx))
    signed_in(client, site.tokens["analyst"])
    html = client.get("/dashboard/declarations/EX-BETA-1").text  # machine tools, 2022-03-03
    assert "T3-8458" in html and "tier 3" in html
    earlier = client.get("/dashboard/declarations/IM-ALFA-1").text  # 2022-03-01: not yet listed
    assert "T3-8458" not in earlier
