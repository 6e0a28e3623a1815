"""Selectivity on the dashboard: the lane-mix panel (red, yellow, blue and green per office,
realised against the plan's targets) and a declaration's score explained; analysts and
administrators see them, traders and office officers do not."""

from __future__ import annotations

from dashboard_site import Site, signed_in
from fastapi.testclient import TestClient

from tamga.selectivity.lanes import LaneConfig
from tamga.selectivity.model import Trained, TrainingRow, train
from tamga.selectivity.outcomes import Outcome
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


def test_a_declaration_score_is_explained_once_a_model_is_trained(
    client: TestClient, site: Site
) -> None:
    service = SelectivityService(site.ledger.engine)
    viewer = signed_in(client, site.tokens["analyst"])
    before = viewer.get("/dashboard/fragments/declarations/EX-ALFA-1/selectivity")
    assert before.status_code == 200 and "tamga selectivity train" in before.text
    outcomes = [
        Outcome(n, n.startswith("EX"), "ana", "2022-03-10")
        for n in ("IM-ALFA-1", "IM-ALFA-2", "IM-GAMMA-1", "EX-BETA-1", "EX-ALFA-1")
    ]
    service.record(outcomes)
    service.save_model(*_tiny_model(service))
    page = viewer.get("/dashboard/fragments/declarations/EX-ALFA-1/selectivity")
    assert page.status_code == 200 and "model version 1" in page.text
    assert "TreeSHAP" in page.text
    gone = viewer.get("/dashboard/fragments/declarations/NO-SUCH/selectivity")
    assert "no import or export declaration" in gone.text
    trader = signed_in(client, site.tokens["trader"])
    assert trader.get("/dashboard/fragments/declarations/EX-ALFA-1/selectivity").status_code == 404


def _tiny_model(service: SelectivityService) -> tuple[Trained, list[TrainingRow]]:
    """A model over the site's few declarations, repeated so the trees have rows to split."""
    view, rows = service.features()
    labels = {o.declaration_no: o.found for o in service.outcomes()}
    training = [
        TrainingRow(f"{d.number}#{k}", f, labels[d.number], time=d.time.isoformat())
        for k in range(20)
        for d, f in zip(view.declarations, rows, strict=True)
        if d.number in labels
    ]
    return train(training, holdout=0.0, rounds=10), training
