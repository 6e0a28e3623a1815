"""The dashboard's session and forms: the cookie is a session id that sign-out ends; forms sent
from another origin are refused; the search box's redirect does not tell what exists."""

from __future__ import annotations

from dashboard_site import Site, signed_in
from fastapi.testclient import TestClient

from tamga.dashboard.pages import COOKIE


def test_the_cookie_is_a_session_that_sign_out_ends(client: TestClient, site: Site) -> None:
    token = site.tokens["analyst"]
    signed_in(client, token)
    session = client.cookies.get(COOKIE)
    assert session and token not in session
    assert client.get("/dashboard/", follow_redirects=False).status_code == 200
    client.post("/dashboard/signout", follow_redirects=False)
    # a copy of the cookie taken before sign-out no longer works
    client.cookies.set(COOKIE, session, path="/dashboard")
    assert client.get("/dashboard/", follow_redirects=False).status_code == 303
    # nor does the bearer token itself as a cookie
    client.cookies.set(COOKIE, token, path="/dashboard")
    assert client.get("/dashboard/", follow_redirects=False).status_code == 303


def test_the_session_cookie_is_secure_by_default() -> None:
    from tamga.dashboard import DashboardContext

    assert DashboardContext.__dataclass_fields__["secure_cookie"].default is True


def test_a_form_from_another_origin_is_refused(client: TestClient, site: Site) -> None:
    signed_in(client, site.tokens["analyst"])
    alert = site.alert_id("controlled_reexport")
    url = f"/dashboard/alerts/{alert}/action"
    form = {"action": "close", "reason": "forged"}
    for origin in ("http://testserver:8001", "http://evil.example", "null"):
        r = client.post(url, data=form, headers={"Origin": origin})
        assert r.status_code == 403, origin
    r = client.post(url, data=form, headers={"Referer": "http://testserver:9999/page"})
    assert r.status_code == 403
    assert site.alerts.get(alert)["state"] == "new"
    same = client.post(
        url, data={"action": "hold", "reason": "ok"}, headers={"Origin": "http://testserver"}
    )
    assert same.status_code == 200
    assert site.alerts.get(alert)["state"] == "hold"


def test_search_redirects_the_same_for_anothers_number_as_for_nothing(
    client: TestClient, site: Site
) -> None:
    signed_in(client, site.tokens["trader"])  # KZ-ALFA

    def where(q: str) -> str:
        """Where the search box sends ``q``, or the page it answers with (a name search)."""
        answer = client.get("/dashboard/go", params={"q": q}, follow_redirects=False)
        return (answer.headers.get("location") or answer.text).replace(q, "<q>")

    assert where("IM-ALFA-1") == "/dashboard/declarations/<q>"  # its own
    assert where("EX-BETA-1") == where("EX-NOTHING-1")
    assert where("MRN-0001") == where("MRN-NOTHING")
    assert "No declaration, transit or holder goes by" in where("EX-NOTHING-1")


def test_another_holder_cannot_put_lines_on_a_traders_declaration_page(
    client: TestClient, site: Site
) -> None:
    from builders import imp, line

    outcome = site.ledger.ingest([imp("KZ-BETA", [line(1, "845811", 99)], decl="EX-ALFA-1")])[0]
    assert outcome.status == "rejected" and outcome.error is not None
    assert outcome.error.field == "declaration_no" and "KZ-ALFA" not in outcome.error.reason
    signed_in(client, site.tokens["trader"])
    page = client.get("/dashboard/declarations/EX-ALFA-1")
    assert page.status_code == 200 and "KZ-BETA" not in page.text
