"""Calling the API as each role: an app over a fresh store with one token per role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tamga.api import Settings, create_app
from tamga.auth import TokenStore
from tamga.errors import NotFound

ACME = "KZ-ACME"  # the trader under test
OTHER = "KZ-OTHER"  # a holder the trader must never see
OFFICE = "KHORGOS"  # the officer's office


@dataclass
class Api:
    app: FastAPI
    client: TestClient
    tokens: dict[str, str]  # role name -> bearer token

    def headers(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def get(self, who: str, url: str, **kw: Any) -> httpx.Response:
        return self.client.get(url, headers=self.headers(who), **kw)

    def post(self, who: str, url: str, json: Any, **kw: Any) -> httpx.Response:
        return self.client.post(url, headers=self.headers(who), json=json, **kw)


def make_tokens(app: FastAPI) -> dict[str, str]:
    store = TokenStore(app.state.services.engine)
    return {
        "admin": store.create("admin", name="ops").token,
        "analyst": store.create("analyst", name="ana").token,
        "officer": store.create("officer", office=OFFICE, name="khorgos").token,
        "trader": store.create("trader", holder=ACME, name="acme").token,
        "other": store.create("trader", holder=OTHER, name="other").token,
    }


def make_api(url: str, alerts: Any = None, **settings: Any) -> Api:
    app = create_app(url, settings=Settings(**settings))
    if alerts is not None:
        app.state.services.alerts = alerts
    return Api(app, TestClient(app, raise_server_exceptions=False), make_tokens(app))


def parse_sse(text: str) -> list[dict[str, str]]:
    """Server-sent messages as dicts of their fields (comments and pings dropped)."""
    out = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        msg: dict[str, str] = {}
        for line in block.split("\n"):
            if not line or line.startswith(":"):
                continue
            key, _, value = line.partition(":")
            msg[key] = value[1:] if value.startswith(" ") else value
        if "data" in msg:
            out.append(msg)
    return out


class MemoryAlerts:
    """An in-memory alert queue implementing the API's alert protocol (the risk part's
    service stands here until it lands)."""

    def __init__(self, alerts: list[dict[str, Any]]) -> None:
        self.alerts = {a["id"]: {**a, "seq": n, "history": []} for n, a in enumerate(alerts, 1)}

    def list(self, **filters: Any) -> list[dict[str, Any]]:
        holder = filters.get("holder")
        return [a for a in self.alerts.values() if holder is None or holder in a["holders"]]

    def get(self, alert_id: str) -> dict[str, Any]:
        if alert_id not in self.alerts:
            raise NotFound(f"no alert {alert_id!r}")
        return self.alerts[alert_id]

    def act(self, alert_id: str, action: str, *, reason: str, actor: str, assignee: Any = None):  # type: ignore[no-untyped-def]
        alert = self.get(alert_id)
        alert["state"] = {"close": "closed", "hold": "held"}.get(action, alert["state"])
        alert["history"].append({"action": action, "actor": actor, "reason": reason})
        alert["seq"] = max(a["seq"] for a in self.alerts.values()) + 1
        return alert

    def alerts_after(self, seq: int, limit: int = 200) -> list[dict[str, Any]]:
        return sorted((a for a in self.alerts.values() if a["seq"] > seq), key=lambda a: a["seq"])

    def last_seq(self) -> int:
        return max((a["seq"] for a in self.alerts.values()), default=0)
