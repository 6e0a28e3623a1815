"""Fixtures over the dashboard tests' site (dashboard_site.py): a test client, a running server."""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parents[1] / "ledger"))
sys.path.insert(0, str(Path(__file__).parent))

from dashboard_site import ARGS, CHROMIUM, Site, make_site

from tamga.dashboard import create_app


@pytest.fixture
def site(sqlite_url: str) -> Site:
    return make_site(sqlite_url)


@pytest.fixture
def client(site: Site) -> TestClient:
    return TestClient(create_app(site.ctx), base_url="http://testserver")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(site: Site) -> Iterator[str]:
    """The dashboard served by uvicorn in a thread on a free loopback port."""
    port = _free_port()
    config = uvicorn.Config(
        create_app(site.ctx),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        timeout_graceful_shutdown=1,
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the dashboard server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Chromium for a module's browser tests; where CI is set, missing it fails."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (scripts/services installs Debian's chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()
