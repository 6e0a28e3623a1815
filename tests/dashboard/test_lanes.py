"""The lane-mix panel: red, yellow, blue and green per office, realised against the plan's
targets; analysts and administrators see it, traders and office officers do not."""

from __future__ import annotations

from dashboard_site import Site, signed_in
from fastapi.testclient import TestClient

from tamga.selectivity.lanes import LaneConfig
from tamga.selectivity.service import SelectivityService


def test_the_panel_says_when_no_lanes_were_given(client: TestClient, site: Site) -> None:
    page = signed_in(client, site.tokens["analyst"]).get("/dashboard/lanes")
    assert page.status_code == 200 and "No lanes given yet" in page.text


def test_the_panel_shows_each_lane_against_its_target(client: TestClient, site: Site) -> None:
    plan = LaneConfig.load({"shares": {"red": 0.25, "yellow": 0.25, "blue": 0.25}, "explore": 0})
    got = SelectivityService(site.ledger.engine).assign_lanes(plan)
    assert got["declarations"] > 0
    frag = signed_in(client, site.tokens["admin"]).get("/dashboard/fragments/lanes")
    assert frag.status_code == 200
    for lane in ("red", "yellow", "blue", "green"):
        assert f"chan-{lane}" in frag.text
    assert "│ 25.0%" in frag.text and "all offices" in frag.text
    for office in got["offices"]:
        assert office in frag.text


def test_traders_and_officers_do_not_see_it(client: TestClient, site: Site) -> None:
    assert client.get("/dashboard/lanes", follow_redirects=False).status_code == 303
    for role in ("trader", "officer"):
        page = signed_in(client, site.tokens[role]).get("/dashboard/fragments/lanes")
        assert page.status_code == 404
