"""Refuse NUL characters in a request's path, query or body before any route sees them.

PostgreSQL's text cannot hold U+0000 (SQLite stores it, and C code reading the value stops at
it), so a NUL in any string field or path parameter gave a 500 on PostgreSQL only. No field of
tamga's takes one, so the request is refused as bad input on both stores: raw NUL bytes, ``%00``
in the path, query or a form body, and the JSON escape ``\\u0000``.
"""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Receive, Scope, Send

from tamga.api.body_check import BodyRefused, run_checking_body, send_problem
from tamga.api.problems import problem_bytes

#: the JSON escape of U+0000, not preceded by an escaped backslash (``\\\\u0000`` is the
#: six characters ``\u0000`` of a string, which is harmless)
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)
_TAIL = 16  # bytes kept from the previous chunk, so a pattern split across chunks is found


def has_nul(data: bytes, *, form: bool = False) -> bool:
    if b"\x00" in data:
        return True
    if b"\\u0000" in data.lower() and _JSON_NUL.search(data):
        return True
    return form and b"%00" in data


class NulInRequest(BodyRefused):
    pass


class RefuseNul:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw_path = scope.get("raw_path") or scope.get("path", "").encode()
        query = scope.get("query_string", b"")
        if "\x00" in scope.get("path", "") or has_nul(raw_path, form=True):
            await self._refuse(scope, send, "the path")
            return
        if has_nul(query, form=True):
            await self._refuse(scope, send, "the query")
            return
        content_type = dict(scope.get("headers") or []).get(b"content-type", b"")
        form = b"x-www-form-urlencoded" in content_type or b"multipart" in content_type
        tail = b""

        def look(chunk: bytes) -> None:
            nonlocal tail
            if has_nul(tail + chunk, form=form):
                raise NulInRequest
            tail = (tail + chunk)[-_TAIL:]

        await run_checking_body(
            self.app,
            scope,
            receive,
            send,
            look,
            NulInRequest,
            lambda: self._refuse(scope, send, "the body"),
        )

    async def _refuse(self, scope: Scope, send: Send, where: str) -> None:
        body = problem_bytes(
            422,
            "Invalid input",
            f"{where} holds a NUL character (U+0000), which no field accepts",
            instance=scope.get("path"),
            field=where.removeprefix("the "),
        )
        await send_problem(send, 422, body)
