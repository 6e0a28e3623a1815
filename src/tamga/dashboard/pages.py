"""What every dashboard page is built with, in one place: the templates, the sign-in, the
error pages, and ``Pages`` (the context, the session store and the viewer's alerts) that each
router of ``tamga.dashboard.routes`` is built over.

Routes are closures over one ``Pages`` rather than FastAPI dependencies because a missing
sign-in must become a redirect and a tamga error an HTML page for the dashboard only, while the
API beside it in the same app answers both as problem JSON (``html_errors`` does it per route).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from tamga.auth import policy
from tamga.auth.sessions import SessionStore
from tamga.dashboard import names
from tamga.dashboard.access import Viewer
from tamga.dashboard.alert_feed import FeedAlert, VisibleAlerts
from tamga.dashboard.context import DashboardContext
from tamga.dashboard.language import PREFIX, LocalisedTemplates, activate
from tamga.errors import TamgaError
from tamga.store.ledger_read import Scope
from tamga.wording import i18n
from tamga.wording.fmt import FILTERS
from tamga.wording.i18n import N_, gettext

__all__ = ["COOKIE", "PREFIX", "Pages", "html_errors", "session_viewer", "templates"]

COOKIE = "tamga_token"
HERE = Path(__file__).parent
#: how many alert sequence numbers back the overview looks for its latest alerts
LATEST_WINDOW = 500

templates = LocalisedTemplates(directory=str(HERE / "templates"))
templates.env.filters.update(FILTERS)
templates.env.globals["base"] = PREFIX
OTHER_HOLDER = N_("another holder")

P = ParamSpec("P")


def who(holder: str | None, viewer: Viewer | None) -> str:
    """A holder's id, or "another holder" where the viewer may not learn it exists."""
    if holder is None:
        return "—"
    if viewer is None or policy.may_see_holder(viewer, holder):
        return holder
    return gettext(OTHER_HOLDER)


templates.env.filters["who"] = who


class SignInRequired(TamgaError):
    status = 401
    title = "Sign in"


def session_viewer(request: Request, sessions: SessionStore) -> Viewer:
    """Who the request's session cookie signs in (a session id, never the bearer token)."""
    viewer = sessions.principal(request.cookies.get(COOKIE))
    if viewer is None:
        raise SignInRequired("sign in with a token")
    return viewer


def html_errors(func: Callable[P, Response]) -> Callable[P, Response]:
    """A tamga error becomes an error page with its status; no sign-in becomes a redirect."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Response:
        try:
            return func(*args, **kwargs)
        except SignInRequired:
            return RedirectResponse(f"{PREFIX}/signin", status_code=303)
        except TamgaError as exc:
            request = kwargs.get("request")
            assert isinstance(request, Request)
            return templates.TemplateResponse(
                request,
                "error.html",
                {"viewer": None, "title": exc.title, "message": str(exc), "status": exc.status},
                status_code=exc.status,
            )

    return wrapper


class Pages:
    """The services the pages read, the session store, and what several pages compute alike."""

    def __init__(self, ctx: DashboardContext) -> None:
        self.ctx = ctx
        self.ledger = ctx.ledger
        self.engine = ctx.ledger.engine
        self.sessions = SessionStore(self.engine)  # the cookie holds a session id, not the token

    def viewer(self, request: Request) -> Viewer:
        """The signed-in viewer, with the request's language and the holders' names made
        current (what the page builds, figures and titles, is in its language too)."""
        activate(request)
        names.use(names.Names(self.engine))  # the holders' names this page shows, read once
        return session_viewer(request, self.sessions)

    def page(self, request: Request, template: str, viewer: Viewer, **data: Any) -> Response:
        return templates.TemplateResponse(
            request, template, {"viewer": viewer, "has": self.parts(), **data}
        )

    def parts(self) -> dict[str, bool]:
        """Which parts are wired in (a missing one makes its panels say so)."""
        ctx = self.ctx
        return {
            "alerts": ctx.alerts is not None,
            "lists": ctx.lists is not None,
            "stats": ctx.stats is not None,
            "geography": ctx.geography is not None,
        }

    @staticmethod
    def scope(viewer: Viewer) -> Scope:
        """The part of the ledger the viewer's counts and lists cover (the policy's rule)."""
        return Scope.of(viewer)

    def visible_alerts(self, viewer: Viewer, limit: int, **filters: Any) -> list[dict[str, Any]]:
        """The alerts the viewer may see, as it may see them (``policy.alert_views``)."""
        alerts = self.ctx.alerts
        if alerts is None:
            return []
        if viewer.is_trader:  # its own; the other filters apply to what it may see
            shown = {k: filters.get(k) for k in ("state", "channel")}
            rows = alerts.list(owner=viewer.holder, **shown, limit=limit)
        else:
            rows = alerts.list(**filters, limit=limit)
        return policy.alert_views(viewer, rows, **filters)

    def feed(self, viewer: Viewer, lang: str) -> VisibleAlerts | None:
        """The alert feed as ``viewer`` sees it, in ``lang`` (None without the risk part)."""
        if self.ctx.alerts is None:
            return None
        return VisibleAlerts(self.ctx.alerts, viewer, lang, self.engine)

    def latest_alerts(self, viewer: Viewer, limit: int = 8) -> list[FeedAlert]:
        """The alerts most recently raised or worked that the viewer may see, newest first."""
        feed = self.feed(viewer, i18n.current())
        if feed is None:
            return []
        rows, _ = feed.after(max(0, feed.last_seq() - LATEST_WINDOW))
        return rows[::-1][:limit]
