"""A trader never learns of another holder's data through an alert (issue 7).

The case: ACME imports US-made integrated circuits and sells them to OTHER, which exports them
to Russia. The real rules flag OTHER's export (controlled re-export) and name ACME in the chain.
The alert is OTHER's: ACME, an upstream seller, must not see it on any path (REST list, get,
filters, the stream, the dashboard's pages, panels and counts), and OTHER sees it redacted
(no rule, score or evidence; no ACME, no ACME's import declaration). Run on SQLite and
PostgreSQL: the owner is derived and stored by the alert store.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from api_harness import ACME, OTHER, Api, make_api, parse_sse
from builders import exp, imp, line, sale
from fastapi.testclient import TestClient
from sqlalchemy import select

from tamga.dashboard.alert_feed import VisibleAlerts
from tamga.store.risk_tables import risk_alerts

IC = "8542319000"
US = {"id": "US-0042", "name": "Lone Star Semiconductors Inc", "country": "US"}
#: what ACME must never see of OTHER's export alert
SECRETS = ("EX-OTHER", "IM-ACME-US", "controlled", "US-0042")


def chain() -> list[dict[str, Any]]:
    return [
        imp(
            ACME, [line(hs=IC, qty=100, value=10_000.0)], 0, "IM-ACME-US", origin="US", consignor=US
        ),
        sale(ACME, OTHER, [line(hs=IC, qty=100)], 1),
        exp(OTHER, [line(hs=IC, qty=100, value=20_000.0)], 2, "EX-OTHER", dest="RU"),
    ]


@pytest.fixture
def chain_api(store_url: str) -> Iterator[Api]:
    api = make_api(store_url, small_lists=True, stream_interval=0.05)
    resp = api.post("admin", "/api/v1/events", chain())
    assert resp.status_code == 200 and resp.json()["accepted"] == 3, resp.text
    yield api
    api.client.close()


def the_alert(api: Api) -> dict[str, Any]:
    items = api.get("analyst", "/api/v1/alerts", params={"rule": "controlled_reexport"}).json()
    (alert,) = items["items"]
    return dict(alert)


def test_the_owner_is_the_subject_events_holder_in_the_store(chain_api: Api) -> None:
    alert = the_alert(chain_api)
    assert alert["subject"] == "EX-OTHER" and set(alert["holders"]) == {ACME, OTHER}
    assert "IM-ACME-US" in alert["declarations"]
    engine = chain_api.app.state.services.engine
    with engine.connect() as conn:
        owners = dict(conn.execute(select(risk_alerts.c.id, risk_alerts.c.owner)).all())
    assert owners[alert["id"]] == OTHER
    assert alert["owner"] == OTHER


def test_an_upstream_seller_sees_nothing_of_the_exporters_alert_over_rest(chain_api: Api) -> None:
    api = chain_api
    alert = the_alert(api)
    mine = api.get("trader", "/api/v1/alerts").json()["items"]
    assert alert["id"] not in {a["id"] for a in mine}
    assert not any(s in json.dumps(mine) for s in ("EX-OTHER", "controlled", "US-0042"))
    for probe in (
        {"declaration": "EX-OTHER"},
        {"declaration": "IM-ACME-US"},  # its own import, linked from the other's alert
        {"holder": OTHER},
        {"rule": "controlled_reexport"},
    ):
        assert api.get("trader", "/api/v1/alerts", params=probe).json()["items"] == [], probe
    gone = api.get("trader", f"/api/v1/alerts/{alert['id']}")
    missing = api.get("trader", "/api/v1/alerts/AL-000000000000")
    assert gone.status_code == missing.status_code == 404
    assert gone.json()["title"] == missing.json()["title"]
    act = {"action": "hold", "reason": "x"}
    assert api.post("trader", f"/api/v1/alerts/{alert['id']}/actions", act).status_code == 404


def test_the_owner_sees_its_alert_redacted_over_rest(chain_api: Api) -> None:
    api = chain_api
    alert = the_alert(api)
    listed = api.get("other", "/api/v1/alerts").json()["items"]
    assert alert["id"] in {a["id"] for a in listed}
    one = api.get("other", f"/api/v1/alerts/{alert['id']}")
    assert one.status_code == 200
    view = one.json()
    assert view["declarations"] == ["EX-OTHER"] and view["holders"] == [OTHER]
    assert view["channel"] == alert["channel"] and view["state"] == alert["state"]
    assert view["rule"] is None and view["score"] is None and view["severity"] is None
    for hidden in ("evidence", "title", "history", "locations"):
        assert hidden not in view
    text = json.dumps(listed) + one.text
    assert ACME not in text and "IM-ACME-US" not in text and "US-0042" not in text
    asked = api.get("other", "/api/v1/alerts", params={"declaration": "EX-OTHER"}).json()
    assert alert["id"] in {a["id"] for a in asked["items"]}
    probe = {"rule": "controlled_reexport"}  # the criteria stay customs'
    assert api.get("other", "/api/v1/alerts", params=probe).json()["items"] == []


def test_the_stream_carries_the_alert_to_its_owner_redacted_and_to_no_upstream_seller(
    chain_api: Api,
) -> None:
    api = chain_api
    alert = the_alert(api)

    def read(who: str) -> list[dict[str, Any]]:
        resp = api.get(
            who, "/api/v1/stream", params={"kind": "alert", "since": "0:0", "duration": "0.2"}
        )
        return [json.loads(m["data"]) for m in parse_sse(resp.text)]

    assert alert["id"] in {a["id"] for a in read("analyst")}
    seller = read("trader")
    assert alert["id"] not in {a["id"] for a in seller}
    assert not any(s in json.dumps(seller) for s in ("EX-OTHER", "controlled", "US-0042"))
    theirs = [a for a in read("other") if a["id"] == alert["id"]]
    assert theirs and all(set(a) >= {"channel", "state"} for a in theirs)
    assert ACME not in json.dumps(theirs) and "evidence" not in theirs[0]
    # worked by an analyst: it comes round again, still to the owner only
    act = {"action": "hold", "reason": "r"}
    api.post("analyst", f"/api/v1/alerts/{alert['id']}/actions", act)
    assert alert["id"] not in {a["id"] for a in read("trader")}
    assert [a["state"] for a in read("other") if a["id"] == alert["id"]][-1] == "hold"


def signed_in(api: Api, who: str) -> TestClient:
    client = TestClient(api.app)
    resp = client.post("/dashboard/signin", data={"token": api.tokens[who]}, follow_redirects=False)
    assert resp.status_code == 303, resp.text
    return client


def test_the_dashboard_shows_an_upstream_seller_nothing_and_the_owner_a_redacted_alert(
    chain_api: Api,
) -> None:
    api = chain_api
    alert = the_alert(api)
    seller = signed_in(api, "trader")
    pages = {
        "/dashboard/": 200,
        "/dashboard/alerts": 200,
        "/dashboard/alerts?declaration=IM-ACME-US": 200,
        "/dashboard/alerts?rule=controlled_reexport": 200,
        f"/dashboard/holders/{ACME}": 200,
        "/dashboard/declarations/IM-ACME-US": 200,
        "/dashboard/fragments/overview": 200,
    }
    for url, status in pages.items():
        resp = seller.get(url)
        assert resp.status_code == status, (url, resp.status_code)
        assert alert["id"] not in resp.text, url
        if "rule=" not in url:  # (the filter form shows the rule asked for)
            assert "controlled_reexport" not in resp.text, url
        assert "EX-OTHER" not in resp.text, url
    assert seller.get(f"/dashboard/alerts/{alert['id']}").status_code == 404
    # the live overview's alert feed, as each viewer's stream reads it
    services = api.app.state.services
    resolve = services.tokens.resolve
    feed, _ = VisibleAlerts(services.alerts, resolve(api.tokens["trader"])).after(0)
    assert alert["id"] not in {a["id"] for a in feed}
    feed, _ = VisibleAlerts(services.alerts, resolve(api.tokens["other"])).after(0)
    assert [a["rule"] for a in feed if a["id"] == alert["id"]] == [None]

    owner = signed_in(api, "other")
    page = owner.get(f"/dashboard/alerts/{alert['id']}")
    assert page.status_code == 200
    assert "EX-OTHER" in page.text
    for hidden in (ACME, "IM-ACME-US", "US-0042", "controlled_reexport", "restricted origin"):
        assert hidden not in page.text, hidden
    listing = owner.get("/dashboard/alerts").text
    assert alert["id"] in listing and "controlled_reexport" not in listing
    overview = owner.get("/dashboard/").text
    assert "controlled_reexport" not in overview and ACME not in overview
