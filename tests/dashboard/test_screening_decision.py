"""An analyst records from the alert page whether a screening match is the listed party; the
judgement is stored with who and why and applies to later screenings; a trader cannot."""

from __future__ import annotations

from dashboard_site import SANCTIONED, Site, signed_in
from fastapi.testclient import TestClient

from tamga.screening.model import Party
from tamga.screening.repository import ScreeningRepository


def test_a_namesake_judged_from_the_alert_page_is_no_longer_a_match(
    client: TestClient, site: Site
) -> None:
    repo = ScreeningRepository(site.ledger.engine)
    repo.apply("sanctions.json", [("ADD", SANCTIONED)], loaded_at="2022-01-01T00:00:00+00:00")
    alert = site.alert_id("sanctioned_party")
    signed_in(client, site.tokens["analyst"])
    page = client.get(f"/dashboard/alerts/{alert}").text
    assert "screening-decision" in page and 'value="not_same"' in page
    form = {
        "entity_id": "san-1",
        "party": "OOO Tekhnoprom",
        "country": "RU",
        "identifier": "7700000001",
        "verdict": "not_same",
        "reason": "another firm of that name, other director",
    }
    done = client.post(
        f"/dashboard/alerts/{alert}/screening-decision", data=form, follow_redirects=False
    )
    assert done.status_code == 303, done.text
    [decision] = repo.decisions()
    assert decision.verdict == "not_same" and decision.decided_by == "analyst:aigerim"
    assert decision.reason == form["reason"] and decision.list_version
    party = Party("OOO Tekhnoprom", country="ru", identifiers=("7700000001",))
    assert "san-1" not in {m.entity_id for m in repo.screener().screen_party(party)}


def test_a_trader_cannot_record_a_decision(client: TestClient, site: Site) -> None:
    signed_in(client, site.tokens["trader"])
    form = {"entity_id": "san-1", "party": "x", "verdict": "same", "reason": "r"}
    alert = site.alert_id("sanctioned_party")
    answer = client.post(f"/dashboard/alerts/{alert}/screening-decision", data=form)
    assert answer.status_code in (403, 404)
