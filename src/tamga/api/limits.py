"""Refuse oversized request bodies before they are read into memory.

A plain ASGI middleware: a declared ``Content-Length`` above the limit is answered 413 at once;
a chunked body is counted as it streams and cut off when it passes the limit.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from tamga.api.body_check import BodyRefused, run_checking_body, send_problem
from tamga.api.problems import problem_bytes
from tamga.settings import DEFAULT_MAX_BODY


class BodyTooLarge(BodyRefused):
    pass


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int = DEFAULT_MAX_BODY) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.max_bytes
            except ValueError:
                too_big = False
            if too_big:
                await self._refuse(scope, send)
                return
        seen = 0

        def count(chunk: bytes) -> None:
            nonlocal seen
            seen += len(chunk)
            if seen > self.max_bytes:
                raise BodyTooLarge

        await run_checking_body(
            self.app, scope, receive, send, count, BodyTooLarge, lambda: self._refuse(scope, send)
        )

    async def _refuse(self, scope: Scope, send: Send) -> None:
        detail = f"request bodies are limited to {self.max_bytes} bytes"
        body = problem_bytes(413, "Content too large", detail, instance=scope.get("path"))
        await send_problem(send, 413, body, ((b"connection", b"close"),))
