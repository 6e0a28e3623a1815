"""Calling the API as each role: an app over a fresh store with one token per role."""

from __future__ import annotations

import json as std_json
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tamga.auth import TokenStore
from tamga.lists.checker import GoodsChecker
from tamga.lists.model import Effect, Entry, GoodsList
from tamga.screening import Screener
from tamga.server import create_server
from tamga.settings import Settings

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
        """POST ``json`` as a careless client would: NaN and infinities as bare tokens (which
        httpx refuses to write), so the service's refusal of them is what is tested."""
        body = std_json.dumps(json, allow_nan=True, ensure_ascii=False).encode()
        headers = {**self.headers(who), "Content-Type": "application/json"}
        return self.client.post(url, headers=headers, content=body, **kw)


def make_tokens(app: FastAPI) -> dict[str, str]:
    store = TokenStore(app.state.services.engine)
    return {
        "admin": store.create("admin", name="ops").token,
        "analyst": store.create("analyst", name="ana").token,
        "officer": store.create("officer", office=OFFICE, name="khorgos").token,
        "trader": store.create("trader", holder=ACME, name="acme").token,
        "other": store.create("trader", holder=OTHER, name="other").token,
    }


def small_checker() -> GoodsChecker:
    """A one-entry high-priority list for the risk rules: integrated circuits to RU/BY."""
    chpl = GoodsList(
        name="test-chpl",
        entries=(
            Entry(
                "t-8542",
                Effect.CONTROLLED,
                hs_prefixes=("8542",),
                destinations=frozenset({"RU", "BY"}),
                valid_from=date(2020, 1, 1),
            ),
        ),
    )
    return GoodsChecker([chpl])


def make_api(url: str, *, small_lists: bool = False, **settings: Any) -> Api:
    """The API over ``url``; ``small_lists``: the risk rules check goods against
    ``small_checker`` and screen against no sanctions entities (not the shipped lists)."""
    app = create_server(
        Settings(**{"database_url": url, "secure_cookie": False, **settings}),  # HTTP client
        checker=small_checker() if small_lists else None,
        screener=Screener.from_entities([]) if small_lists else None,
    )
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
