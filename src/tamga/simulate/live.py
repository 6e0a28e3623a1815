"""Live mode: the same simulated flows, emitted in real time with wall-clock timestamps.

Events leave at ``rate`` per second. Each gets the current time; a transit's deadline keeps its
simulated distance from the start, compressed by the same factor as the simulation itself (the
simulated seconds per real second), so that unclosed transits become overdue while one watches.
Sinks: a file or stdout (JSON Lines), or the REST API (``POST {url}/api/v1/events`` with a JSON
array, Bearer token) in small batches.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import IO, Any

import orjson

from tamga.errors import TamgaError
from tamga.simulate.clock import parse_time
from tamga.simulate.config import SimConfig
from tamga.simulate.generate import simulate


class LiveStop(Exception):
    """Raised inside the sink to end a live run (enough events sent)."""


class LiveSendError(TamgaError):
    """The API refused or could not take a batch of live events."""

    status = 502
    title = "Live sink failed"


def retime(event: dict[str, Any], now: datetime, compression: float) -> dict[str, Any]:
    """Give an event wall-clock time; rescale a transit's deadline by ``compression``."""
    sim_time = parse_time(event["time"])
    event["time"] = now.isoformat(timespec="seconds")
    if "deadline" in event:
        ahead = (parse_time(event["deadline"]) - sim_time).total_seconds() / compression
        event["deadline"] = (now + timedelta(seconds=max(ahead, 60.0))).isoformat(
            timespec="seconds"
        )
    return event


class HttpSink:
    """Batches events to ``POST {url}/api/v1/events``; raises :class:`LiveSendError` on failure."""

    def __init__(self, url: str, token: str | None, batch: int = 50) -> None:
        import httpx

        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.client = httpx.Client(base_url=url.rstrip("/"), headers=headers, timeout=30.0)
        self.batch = batch
        self.pending: list[dict[str, Any]] = []

    def __call__(self, event: dict[str, Any]) -> None:
        self.pending.append(event)
        if len(self.pending) >= self.batch:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        import httpx

        try:
            resp = self.client.post("/api/v1/events", content=orjson.dumps(self.pending))
        except httpx.HTTPError as exc:
            raise LiveSendError(f"cannot send events: {exc}") from None
        if resp.status_code >= 400:
            raise LiveSendError(f"API answered {resp.status_code}: {resp.text[:300]}")
        self.pending = []

    def close(self) -> None:
        self.flush()
        self.client.close()


def run_live(
    config: SimConfig,
    rate: float,
    sink: Callable[[dict[str, Any]], None],
    max_events: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> int:
    """Emit simulated events at ``rate`` per second until ``max_events`` (or the run's end)."""
    if rate <= 0:
        raise TamgaError("rate must be greater than 0")
    if not config.tag:
        config = replace(config, tag=f"L{int(time.time())}-")
    span = (config.end - config.start).days * 86_400
    compression = max(1.0, span / config.events * rate)  # simulated seconds per real second
    sent = 0
    started = clock()

    def paced(event: dict[str, Any]) -> None:
        nonlocal sent
        if max_events is not None and sent >= max_events:
            raise LiveStop
        due = started + sent / rate
        wait = due - clock()
        if wait > 0:
            sleep(wait)
        sink(retime(event, datetime.now(UTC).astimezone(), compression))
        sent += 1

    with contextlib.suppress(LiveStop):
        simulate(config, paced)
    return sent


def stream_sink(fh: IO[bytes]) -> Callable[[dict[str, Any]], None]:
    def write(event: dict[str, Any]) -> None:
        fh.write(orjson.dumps(event) + b"\n")
        fh.flush()

    return write
