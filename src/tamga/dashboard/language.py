"""The pages' language on the web: templates rendered in it, and the switch that remembers it.

``LocalisedTemplates`` renders every page in the language ``i18n.negotiate`` picks for the
request (the switch's cookie, else ``Accept-Language``) and gives the templates gettext (the
Jinja i18n extension), the ``label`` filter and what the switch needs. ``GET
/dashboard/language?to=kk&next=/dashboard/alerts`` sets the cookie and goes back to the page.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from tamga.dashboard import names
from tamga.wording import i18n, labels, titles

PREFIX = "/dashboard"
#: a year: the switch is a preference, not a session
COOKIE_AGE = 365 * 24 * 3600


def activate(request: Request) -> str:
    """Make the request's language the current one, and say which it is."""
    return i18n.activate(
        i18n.negotiate(dict(request.cookies), request.headers.get("accept-language"))
    )


def _js_messages(viewer: Any = None) -> Markup:
    """The words the page's script writes into live rows, in the current language (the
    rules' names only for those who see rules: a trader's alerts carry none)."""
    words: dict[str, Any] = {
        "live": i18n.gettext("live"),
        "reconnecting": i18n.gettext("reconnecting…"),
        "sort": i18n.gettext("Sort"),
        "event_type": {k: i18n.gettext(v) for k, v in labels.EVENT_TYPE.items()},
        "channel": {k: i18n.gettext(v) for k, v in labels.CHANNEL.items()},
        "alert_state": {k: i18n.gettext(v) for k, v in labels.ALERT_STATE.items()},
    }
    if viewer is not None and not getattr(viewer, "is_trader", False):
        words["rule"] = {k: i18n.gettext(v) for k, v in labels.RULE.items()}
    return Markup(orjson.dumps(words).decode().replace("</", "<\\/"))


class LocalisedTemplates(Jinja2Templates):
    """Jinja2 templates with gettext, rendered in the request's language."""

    def __init__(self, directory: str) -> None:
        super().__init__(directory=directory)
        env = self.env
        env.add_extension("jinja2.ext.i18n")
        env.install_gettext_callables(  # type: ignore[attr-defined]
            gettext=i18n.gettext, ngettext=i18n.ngettext, newstyle=True
        )
        env.filters["label"] = labels.label
        env.filters["holder"] = names.holder_html
        env.filters["stats_title"] = labels.stats_title
        env.filters["alert_title"] = lambda alert: titles.alert_title(alert, names.name_of)
        env.globals["languages"] = [(code, i18n.NATIVE[code]) for code in i18n.LANGUAGES]
        env.globals["js_messages"] = _js_messages

    def TemplateResponse(  # type: ignore[override]
        self,
        request: Request,
        name: str,
        context: dict[str, Any] | None = None,
        status_code: int = 200,
    ) -> Response:
        lang = activate(request)
        data = {"lang": lang, **(context or {})}
        response = super().TemplateResponse(request, name, data, status_code=status_code)
        response.headers["Content-Language"] = lang
        response.headers["Vary"] = "Accept-Language, Cookie"
        return response


def _safe_next(target: str | None) -> str:
    """Only a path of the dashboard itself: the switch is no open redirect."""
    if target and target.startswith(PREFIX + "/") and not any(c in target for c in "\\\n\r"):
        return target
    return PREFIX + "/"


def language_routes(router: APIRouter) -> None:
    @router.get("/language")
    def switch_language(to: str = "", next: str | None = None) -> Response:
        response = RedirectResponse(_safe_next(next), status_code=303)
        if to in i18n.LANGUAGES:
            response.set_cookie(
                i18n.COOKIE, to, max_age=COOKIE_AGE, samesite="lax", path=PREFIX, httponly=True
            )
        return response
