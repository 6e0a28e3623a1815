"""What the API's body-inspecting middlewares share: checking a request body chunk by chunk as
the route reads it, and answering with a problem document when a chunk is refused.

``BodyLimit`` (a body too large) and ``RefuseNul`` (a NUL character) each say what to look for
in a chunk; this runs the route with a receive that looks, and answers the refusal unless the
route had already begun its response.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tamga.api.problems import PROBLEM_MEDIA


class BodyRefused(Exception):
    """Raised by a chunk check: the body cannot be accepted. Each middleware raises its own
    kind, so one middleware never answers for another nested in it."""


async def send_problem(
    send: Send, status: int, body: bytes, extra_headers: tuple[tuple[bytes, bytes], ...] = ()
) -> None:
    """Answer a raw ASGI request with a problem document (before any route has answered)."""
    headers = [
        (b"content-type", PROBLEM_MEDIA.encode()),
        (b"content-length", str(len(body)).encode()),
        *extra_headers,
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def run_checking_body(
    app: ASGIApp,
    scope: Scope,
    receive: Receive,
    send: Send,
    check: Callable[[bytes], None],
    refused: type[BodyRefused],
    refuse: Callable[[], Awaitable[None]],
) -> None:
    """Run ``app`` with every body chunk passed to ``check`` (which raises ``refused``); a
    refusal before the response began is answered by awaiting ``refuse()``."""
    started = False

    async def checking_receive() -> Message:
        message = await receive()
        if message["type"] == "http.request":
            check(message.get("body", b""))
        return message

    async def tracking_send(message: Message) -> None:
        nonlocal started
        if message["type"] == "http.response.start":
            started = True
        await send(message)

    try:
        await app(scope, checking_receive, tracking_send)
    except refused:
        if not started:
            await refuse()
