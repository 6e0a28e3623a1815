"""Signing in with a token (the cookie then holds a session id), signing out, the language
switch, and plotly.js as the installed package ships it."""

from __future__ import annotations

from pathlib import Path

import plotly
from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from tamga.dashboard.language import language_routes
from tamga.dashboard.pages import COOKIE, PREFIX, Pages, templates
from tamga.wording.i18n import N_

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
UNKNOWN_TOKEN = N_("That token is unknown or revoked.")


def router(pages: Pages) -> APIRouter:
    router = APIRouter(prefix=PREFIX, include_in_schema=False)
    ctx, sessions = pages.ctx, pages.sessions
    language_routes(router)

    @router.get("/signin", response_class=HTMLResponse)
    def signin_form(request: Request, error: str | None = None) -> Response:
        return templates.TemplateResponse(request, "signin.html", {"viewer": None, "error": error})

    @router.post("/signin")
    def signin(request: Request, token: str = Form(...)) -> Response:
        viewer = ctx.resolve(token.strip())
        if viewer is None:
            return templates.TemplateResponse(
                request,
                "signin.html",
                {"viewer": None, "error": UNKNOWN_TOKEN},
                status_code=401,
            )
        response = RedirectResponse(f"{PREFIX}/", status_code=303)
        response.set_cookie(
            COOKIE,
            sessions.open(viewer),
            httponly=True,
            samesite="strict",
            secure=ctx.secure_cookie,
            path=PREFIX,
        )
        return response

    @router.post("/signout")
    def signout(request: Request) -> Response:
        sessions.end(request.cookies.get(COOKIE))
        response = RedirectResponse(f"{PREFIX}/signin", status_code=303)
        response.delete_cookie(COOKIE, path=PREFIX)
        return response

    @router.get("/assets/plotly.min.js")
    def plotly_js() -> Response:
        """plotly.js exactly as the installed plotly package ships it."""
        return FileResponse(
            PLOTLY_JS,
            media_type="text/javascript",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    return router
