"""Cross-site request forgery: a state-changing dashboard request must come from its own pages.

The session cookie is ``SameSite=Strict``, but "site" ignores the port: a page served on
another port of the same host (or a sibling subdomain) still had the analyst's cookie sent
along with its form, and closed an alert. So every request under the dashboard that is not a
read (``POST``, ``PUT``, ``PATCH``, ``DELETE``) must carry an ``Origin`` (or, failing that, a
``Referer``) naming this very host and port; one naming any other, or ``Origin: null``, is
refused with 403 before the route runs. Browsers send ``Origin`` on every cross-origin POST, so
a request with neither header comes from no browser page (``curl``, tests) and carries no
ambient credentials a page could borrow.

A verified origin rather than per-form tokens: every form, the ones other parts add included,
is covered without touching its template.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import orjson
from starlette.types import ASGIApp, Receive, Scope, Send

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_DEFAULT_PORTS = {"http": "80", "https": "443", "ws": "80", "wss": "443"}


def _host_port(netloc: str, scheme: str) -> str:
    netloc = netloc.lower().rsplit("@", 1)[-1]
    default = _DEFAULT_PORTS.get(scheme, "")
    if default and netloc.endswith(f":{default}"):
        netloc = netloc[: -len(default) - 1]
    return netloc


def same_origin(source: str, host: str, scheme: str) -> bool:
    """Whether an ``Origin`` or ``Referer`` value names the host (and port) being asked."""
    if not source or source == "null":
        return False
    parts = urlsplit(source)
    if not parts.scheme or not parts.netloc:
        return False
    return _host_port(parts.netloc, parts.scheme) == _host_port(host, scheme)


class SameOriginForms:
    """ASGI middleware: refuse cross-origin writes under ``prefix``."""

    def __init__(self, app: ASGIApp, prefix: str = "/dashboard") -> None:
        self.app = app
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope.get("method", "GET") in SAFE_METHODS
            or not str(scope.get("path", "")).startswith(self.prefix)
        ):
            await self.app(scope, receive, send)
            return
        headers = {k.lower(): v for k, v in scope.get("headers") or []}
        host = headers.get(b"host", b"").decode("latin-1")
        scheme = str(scope.get("scheme", "http"))
        origin = headers.get(b"origin")
        referer = headers.get(b"referer")
        if origin is not None:
            allowed = same_origin(origin.decode("latin-1"), host, scheme)
        elif referer is not None:
            allowed = same_origin(referer.decode("latin-1"), host, scheme)
        else:
            allowed = True  # no browser page sent this (see the module's docstring)
        if allowed:
            await self.app(scope, receive, send)
            return
        body = orjson.dumps(
            {
                "type": "about:blank",
                "title": "Forbidden",
                "status": 403,
                "detail": "this form was not sent from this site's own pages",
                "instance": scope.get("path"),
            }
        )
        await send(
            {
                "type": "http.response.start",
                "status": 403,
                "headers": [
                    (b"content-type", b"application/problem+json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
