"""A real ``tamga serve --workers 2`` on PostgreSQL: events captured through both worker
processes are scored once, in log order, and every worker reads the same alerts back (REST and
the live stream), equal to what ``tamga risk run`` gives on the same ledger."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from api_harness import make_tokens, parse_sse
from fastapi.testclient import TestClient

from tamga.api import create_app
from tamga.auth import TokenStore
from tamga.ledger.service import LedgerService
from tamga.risk import run_ledger
from tamga.risk.alert_store import AlertStore
from tamga.risk.config import RiskConfig
from tamga.risk.follower_state import FollowerState
from tamga.screening.repository import ScreeningRepository
from tamga.server import follow_risk
from tamga.simulate import Outputs, SimConfig, generate

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(x) for x in text]
    return found


def _socket_inodes(pid: int) -> set[str]:
    out = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            out.add(target[8:-1])
    return out


def _server_side(port: int, client_port: int) -> str | None:
    """The inode of the server's end of the loopback connection from ``client_port``."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        cols = line.split()
        local, remote, inode = cols[1], cols[2], cols[9]
        if int(local.split(":")[1], 16) == port and int(remote.split(":")[1], 16) == client_port:
            return inode
    return None


def _worker_of(conn: http.client.HTTPConnection, port: int, workers: list[int]) -> int | None:
    """Which worker process accepted this connection (waits for the accept)."""
    client_port = conn.sock.getsockname()[1]
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:
        inode = _server_side(port, client_port)
        if inode is not None:
            for pid in workers:
                if inode in _socket_inodes(pid):
                    return pid
        time.sleep(0.02)
    return None


def _call(
    conn: http.client.HTTPConnection, method: str, url: str, token: str, body: Any = None
) -> tuple[int, bytes]:
    headers = {"Authorization": f"Bearer {token}"}
    data = None
    if body is not None:
        data = orjson.dumps(body)
        headers["Content-Type"] = "application/json"
    conn.request(method, url, body=data, headers=headers)
    resp = conn.getresponse()
    return resp.status, resp.read()


@pytest.fixture
def simulated(pg_url: str, tmp_path: Path) -> Path:
    """A simulated ledger whose holder registry and sanctions list are in the store before the
    server starts, so its workers score the first event with them (a registry loaded while
    serving is picked up within a second: tests/risk/test_workers.py proves that)."""
    sim = tmp_path / "ledger.jsonl"
    generate(SimConfig(seed=7, events=3000), Outputs.beside(sim))
    setup = LedgerService.open(pg_url)
    setup.load_holders(sim.with_suffix(".holders.jsonl"))
    ScreeningRepository(setup.engine).load_file(sim.with_suffix(".sanctions.ftm.json"))
    setup.engine.dispose()
    return sim


@pytest.fixture
def served(
    pg_url: str, tmp_path: Path, simulated: Path
) -> Iterator[tuple[str, int, subprocess.Popen[bytes]]]:
    port = _free_port()
    env = {**os.environ, "TAMGA_DATABASE_URL": pg_url}
    tamga = Path(sys.executable).parent / "tamga"
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen(
        [str(tamga), "serve", "--workers", "2", "--port", str(port), "--db", pg_url],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
            assert time.monotonic() < deadline, "the server did not start in 60 s"
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                c.request("GET", "/api/v1/health")
                ok = c.getresponse().status == 200
                c.close()
                if ok and len(_children(proc.pid)) >= 2:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        yield pg_url, port, proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        log.close()


def test_two_served_workers_score_every_event_once(
    served: tuple[str, int, subprocess.Popen[bytes]], simulated: Path, tmp_path: Path
) -> None:
    url, port, proc = served
    sim = simulated
    setup = LedgerService.open(url)
    token = TokenStore(setup.engine).create("admin", name="test").token
    events = [orjson.loads(line) for line in sim.read_bytes().splitlines() if line.strip()]

    # one keep-alive connection held by each worker process
    workers = _children(proc.pid)
    held: dict[int, http.client.HTTPConnection] = {}
    for _ in range(40):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.connect()
        pid = _worker_of(conn, port, workers)
        if pid is not None and pid not in held:
            held[pid] = conn
        else:
            conn.close()
        if len(held) == 2:
            break
    assert len(held) == 2, "could not reach both workers"
    conns = list(held.values())

    size = 200
    for n, start in enumerate(range(0, len(events), size)):
        status, body = _call(
            conns[n % 2], "POST", "/api/v1/events", token, events[start : start + size]
        )
        assert status == 200, body[:500]
        assert orjson.loads(body)["rejected"] == 0

    # the follower scores the whole log within a moment, whichever worker took the events
    store = AlertStore(setup.engine, RiskConfig.load(None))
    follower = FollowerState(setup.engine)
    deadline = time.monotonic() + 20
    while True:
        cursor, (_, head) = follower.cursor(), setup.store.head()
        if cursor is not None and cursor.seq == head:
            break
        assert time.monotonic() < deadline, f"scored to {cursor}, log at {head}"
        time.sleep(0.1)
    seen = []
    for conn in conns:
        status, body = _call(conn, "GET", "/api/v1/alerts?limit=1000", token)
        assert status == 200, body[:500]
        seen.append(sorted(a["id"] for a in orjson.loads(body)["items"]))
        status, body = _call(conn, "GET", "/api/v1/stream?kind=alert&since=0:0&duration=0.5", token)
        assert status == 200
        streamed = {
            orjson.loads(line[5:])["id"]
            for line in body.decode().splitlines()
            if line.startswith("data:")
        }
        assert streamed == set(seen[-1])
    assert seen[0] == seen[1] and len(seen[0]) >= 10
    for conn in conns:
        conn.close()

    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=30)
    live = store.all_contents()
    assert sorted(a["id"] for a in live) == seen[0]
    run_ledger(setup)
    assert store.all_contents() == live
    setup.engine.dispose()
    served_log = (tmp_path / "serve.log").read_text()
    assert "Traceback" not in served_log, served_log[-3000:]


def test_each_workers_stream_shows_every_workers_alerts_and_actions(
    store_url: str, tmp_path: Path
) -> None:
    """Two apps over one store (two workers, in process, each with its follower's poll)."""
    sim = tmp_path / "ledger.jsonl"
    generate(SimConfig(seed=11, events=3000), Outputs.beside(sim))
    setup = LedgerService.open(store_url)
    setup.load_holders(sim.with_suffix(".holders.jsonl"))
    ScreeningRepository(setup.engine).load_file(sim.with_suffix(".sanctions.ftm.json"))
    events = [orjson.loads(line) for line in sim.read_bytes().splitlines() if line.strip()]
    apps = [create_app(store_url), create_app(store_url)]
    tokens = make_tokens(apps[0])
    auth = {"Authorization": f"Bearer {tokens['admin']}"}
    for app in apps:
        follow_risk(app, interval=0.05)
    with TestClient(apps[0]) as one, TestClient(apps[1]) as two:
        clients = [one, two]
        for n, start in enumerate(range(0, len(events), 250)):
            resp = clients[n % 2].post(
                "/api/v1/events", json=events[start : start + 250], headers=auth
            )
            assert resp.status_code == 200 and resp.json()["rejected"] == 0

        store = AlertStore(setup.engine, RiskConfig.load(None))
        follower = FollowerState(setup.engine)
        deadline = time.monotonic() + 20
        while (cursor := follower.cursor()) is None or cursor.seq < setup.store.head()[1]:
            assert time.monotonic() < deadline, "the log was not scored"
            time.sleep(0.05)

        def alerts_on(client: TestClient, since: str = "0:0") -> dict[str, dict[str, Any]]:
            resp = client.get(
                "/api/v1/stream",
                params={"kind": "alert", "since": since, "duration": "0.3"},
                headers=auth,
            )
            assert resp.status_code == 200
            return {(d := orjson.loads(m["data"]))["id"]: d for m in parse_sse(resp.text)}

        seen = [alerts_on(c) for c in clients]
        stored = {a["id"] for a in store.all_contents()}
        assert set(seen[0]) == set(seen[1]) == stored and len(stored) >= 3

        # an analyst's action through one worker reaches the other worker's stream
        last = max(int(a["seq"]) for a in seen[0].values())
        target = sorted(stored)[0]
        resp = two.post(
            f"/api/v1/alerts/{target}/actions",
            json={"action": "hold", "reason": "inspect"},
            headers=auth,
        )
        assert resp.status_code == 200, resp.text
        changed = alerts_on(one, since=f"0:{last}")
        assert list(changed) == [target] and changed[target]["state"] == "hold"
    setup.engine.dispose()
