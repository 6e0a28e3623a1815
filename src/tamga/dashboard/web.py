"""The dashboard's pages as a FastAPI router over the same services as the API.

``build_router(ctx)`` gives an APIRouter (mounted under ``/dashboard`` by ``mount``); pages are
Jinja2 templates rendered on the server, and the few live or interactive parts are the small
script in ``static/dashboard.js``. Every page asks ``tamga.auth.policy`` what the signed-in
principal may see; another trader's holder, declaration or alert answers like a missing one.
"""

from __future__ import annotations

import copy
import functools
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, ParamSpec
from urllib.parse import quote

import orjson
import plotly
import plotly.io
from fastapi import APIRouter, FastAPI, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from starlette.responses import StreamingResponse

from tamga.auth import policy
from tamga.auth.audit import audit
from tamga.auth.sessions import SessionStore
from tamga.dashboard import charts, live, names, queries
from tamga.dashboard.access import Viewer
from tamga.dashboard.case_download import case_download
from tamga.dashboard.context import DashboardContext
from tamga.dashboard.language import LocalisedTemplates, activate, language_routes
from tamga.dashboard.ports import ACTIONS, REOPEN, AlertsPort
from tamga.dashboard.queue_page import queue_view
from tamga.dashboard.search import search_target
from tamga.errors import Conflict, InvalidInput, NotFound, TamgaError
from tamga.ledger.provenance import Parts
from tamga.ledger.service import holder_of_line
from tamga.store.ledger_read import Scope
from tamga.wording import i18n, labels, titles
from tamga.wording.fmt import FILTERS
from tamga.wording.i18n import N_, gettext

PREFIX = "/dashboard"
COOKIE = "tamga_token"
HERE = Path(__file__).parent
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"

templates = LocalisedTemplates(directory=str(HERE / "templates"))
templates.env.filters.update(FILTERS)
templates.env.globals["base"] = PREFIX
OTHER_HOLDER = N_("another holder")
UNKNOWN_TOKEN = N_("That token is unknown or revoked.")


def who(holder: str | None, viewer: Viewer | None) -> str:
    """A holder's id, or "another holder" where the viewer may not learn it exists."""
    if holder is None:
        return "—"
    if viewer is None or policy.may_see_holder(viewer, holder):
        return holder
    return gettext(OTHER_HOLDER)


templates.env.filters["who"] = who

P = ParamSpec("P")


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


#: how many alert sequence numbers back the overview looks for its latest alerts
LATEST_WINDOW = 500
#: transits on a page of the transit list (the next page follows the last one shown)
TRANSIT_PAGE = 300
#: the channel mix is over every declaration: recomputed at most this often (seconds)
MIX_TTL = 30.0


class VisibleAlerts:
    """The alert feed as one viewer may see it: the policy's rule and its redacted view."""

    def __init__(
        self,
        alerts: AlertsPort,
        viewer: Viewer,
        lang: str = i18n.DEFAULT,
        holders: Engine | None = None,
    ) -> None:
        self.alerts, self.viewer, self.lang, self.holders = alerts, viewer, lang, holders

    def last_seq(self) -> int:
        return self.alerts.last_seq()

    def after(self, seq: int) -> tuple[list[dict[str, Any]], int]:
        """Alerts raised or worked after ``seq`` (oldest first), and the new mark."""
        rows = self.alerts.alerts_after(seq, 200)
        mark = int(rows[-1]["seq"]) if rows else seq
        seen = policy.alert_views(self.viewer, rows)
        keys = ("id", "rule", "channel", "severity", "score", "state", "declarations")
        known = names.Names(self.holders) if self.holders is not None else None
        out = []
        with i18n.language(self.lang):  # the title said in the viewer's language
            for a in seen:
                title = titles.alert_title(a, known.text if known is not None else str)
                out.append({k: a.get(k) for k in keys} | {"title": title, "title_local": title})
        return out, mark


class ChannelMix:
    """The realised channel mix against its targets (``AlertService.report``), as table rows.

    The report reads every import and export declaration, so it is recomputed only when the
    ledger or the alerts have moved, and then at most every ``MIX_TTL`` seconds.
    """

    def __init__(self, ctx: DashboardContext) -> None:
        self.ctx = ctx
        self._key: tuple[int, int] | None = None
        self._at = 0.0
        self._rows: dict[str, Any] | None = None

    def rows(self) -> dict[str, Any] | None:
        alerts = self.ctx.alerts
        if alerts is None:
            return None
        key = (live.last_seq(self.ctx.ledger.engine), alerts.last_seq())
        stale = self._rows is None or (key != self._key and time.monotonic() - self._at > MIX_TTL)
        if stale:
            report = alerts.report(self.ctx.ledger)
            total = int(report.get("declarations") or 0)
            targets = report.get("targets") or {}
            self._rows = {
                "declarations": total,
                "channels": [
                    {
                        "channel": c,
                        "share": share,
                        "count": round(share * total),
                        "target": targets.get(c),
                    }
                    for c, share in (report.get("mix") or {}).items()
                ],
            }
            self._key, self._at = key, time.monotonic()
        return self._rows


def build_router(ctx: DashboardContext) -> APIRouter:
    router = APIRouter(prefix=PREFIX, include_in_schema=False)
    ledger = ctx.ledger
    engine = ledger.engine
    sessions = SessionStore(engine)  # the cookie holds a session id, not the bearer token

    def viewer_of(request: Request) -> Viewer:
        activate(request)  # what the page builds (figures, titles) is in its language too
        names.use(names.Names(engine))  # the holders' names this page shows, read once
        return session_viewer(request, sessions)

    def page(request: Request, template: str, viewer: Viewer, **data: Any) -> Response:
        return templates.TemplateResponse(
            request,
            template,
            {"viewer": viewer, "has": _parts(ctx), **data},
        )

    language_routes(router)

    # -- sign-in ------------------------------------------------------------------------------
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

    # -- assets -------------------------------------------------------------------------------
    @router.get("/assets/plotly.min.js")
    def plotly_js() -> Response:
        """plotly.js exactly as the installed plotly package ships it."""
        return FileResponse(
            PLOTLY_JS,
            media_type="text/javascript",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    # -- overview -----------------------------------------------------------------------------
    channel_mix = ChannelMix(ctx)

    def overview_data(viewer: Viewer) -> dict[str, Any]:
        clock = queries.ledger_clock(engine)
        data = queries.overview_or_last_active(engine, clock, scope_of(viewer))
        alert_counts: dict[str, dict[str, int]] = {"by_channel": {}, "by_rule": {}}
        if ctx.alerts is not None:
            if viewer.reads_all:
                alert_counts = ctx.alerts.counts()
            else:
                alert_counts = _count_alerts(visible_alerts(viewer, limit=1000))
        data["alerts"] = alert_counts
        # the mix is over every declaration: shown to those who read everything
        data["mix"] = channel_mix.rows() if viewer.reads_all else None
        return data

    def latest_alerts(viewer: Viewer, limit: int = 8) -> list[dict[str, Any]]:
        """The alerts most recently raised or worked that the viewer may see, newest first."""
        if ctx.alerts is None:
            return []
        feed = VisibleAlerts(ctx.alerts, viewer, i18n.current(), engine)
        rows, _ = feed.after(max(0, ctx.alerts.last_seq() - LATEST_WINDOW))
        return rows[::-1][:limit]

    def visible_alerts(viewer: Viewer, limit: int, **filters: Any) -> list[dict[str, Any]]:
        """The alerts the viewer may see, as it may see them (``policy.alert_views``)."""
        if ctx.alerts is None:
            return []
        if viewer.is_trader:  # its own; the other filters apply to what it may see
            shown = {k: filters.get(k) for k in ("state", "channel")}
            rows = ctx.alerts.list(owner=viewer.holder, **shown, limit=limit)
        else:
            rows = ctx.alerts.list(**filters, limit=limit)
        return policy.alert_views(viewer, rows, **filters)

    @router.get("/", response_class=HTMLResponse)
    @html_errors
    def overview(request: Request) -> Response:
        viewer = viewer_of(request)
        return page(
            request,
            "overview.html",
            viewer,
            o=overview_data(viewer),
            recent=queries.recent_events(engine, 15, scope_of(viewer)),
            latest_alerts=latest_alerts(viewer),
        )

    @router.get("/fragments/overview", response_class=HTMLResponse)
    @html_errors
    def overview_fragment(request: Request) -> Response:
        viewer = viewer_of(request)
        return page(request, "_overview_panels.html", viewer, o=overview_data(viewer))

    @router.get("/live")
    async def live_stream(request: Request) -> Response:
        cookie = request.cookies.get(COOKIE)
        viewer = sessions.principal(cookie)
        if viewer is None:
            return Response("sign in first", status_code=401)
        lang = activate(request)
        return StreamingResponse(
            live.stream(
                request,
                engine,
                viewer,
                ctx.poll_seconds,
                still_valid=lambda: sessions.principal(cookie) is not None,
                alerts=VisibleAlerts(ctx.alerts, viewer, lang, engine)
                if ctx.alerts is not None
                else None,
                lang=lang,
            ),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    # -- transits -----------------------------------------------------------------------------
    @router.get("/transits", response_class=HTMLResponse)
    @html_errors
    def transits_page(request: Request, state: str = "open", after: str | None = None) -> Response:
        viewer = viewer_of(request)
        if state not in ("open", "overdue", "discharged", "diverted", "all"):
            raise InvalidInput(f"unknown transit state {state!r}", field="state")
        positions = queries.open_transit_positions(engine, scope=scope_of(viewer))
        clock = queries.ledger_clock(engine)
        rows, following = queries.transit_list(
            engine, state, clock, scope_of(viewer), limit=TRANSIT_PAGE, after=after
        )
        rows = [t for t in rows if policy.may_see_transit(viewer, t)]
        fig = charts.transit_map(ctx.geography, positions, link_base=PREFIX)
        return page(
            request,
            "transits.html",
            viewer,
            rows=rows,
            state=state,
            after=after,
            following=following,
            counts=queries.transit_counts(engine, clock, scope_of(viewer)),
            figure=charts.to_json(fig),
            positions=len(positions),
        )

    @router.get("/transits/{transit_id:path}", response_class=HTMLResponse)
    @html_errors
    def transit_page(request: Request, transit_id: str) -> Response:
        viewer = viewer_of(request)
        t = ledger.transit(transit_id)
        policy.check_transit(viewer, t)
        route = _route_points(ctx, t["timeline"])
        destination = None
        place = ctx.geography.place(t["office_of_destination"]) if ctx.geography else None
        if place is not None and t["state"] in ("open", "overdue"):
            destination = (place.lat, place.lon, place.code)
        fig = charts.transit_map(
            ctx.geography, [], route=route, link_base=PREFIX, destination=destination
        )
        return page(request, "transit.html", viewer, t=t, figure=charts.to_json(fig))

    # -- alerts -------------------------------------------------------------------------------
    @router.get("/alerts", response_class=HTMLResponse)
    @html_errors
    def alerts_page(request: Request, after: str | None = None) -> Response:
        viewer = viewer_of(request)
        return page(request, "alerts.html", viewer, **queue_view(request, viewer, ctx, after))

    @router.get("/alerts/{alert_id}", response_class=HTMLResponse)
    @html_errors
    def alert_page(request: Request, alert_id: str, done: str | None = None) -> Response:
        viewer = viewer_of(request)
        if ctx.alerts is None:
            raise NotFound(f"no alert {alert_id!r}")
        alert = ctx.alerts.get(alert_id)
        policy.check_alert(viewer, alert)
        alert = policy.redact_alert(viewer, alert)
        sankey = None
        for decl in alert.get("declarations", []):
            fig = declaration_sankey(decl, viewer)
            if fig is not None:
                sankey = charts.to_json(fig)
                break
        actions = REOPEN if str(alert.get("state", "")).startswith("closed") else ACTIONS
        return page(
            request, "alert.html", viewer, a=alert, sankey=sankey, done=done, actions=actions
        )

    @router.post("/alerts/{alert_id}/action")
    @html_errors
    def alert_action(
        request: Request,
        alert_id: str,
        action: str = Form(...),
        reason: str = Form(""),
        assignee: str = Form(""),
    ) -> Response:
        viewer = viewer_of(request)
        policy.require(viewer, policy.Action.ALERT_WORKFLOW)
        if ctx.alerts is None:
            raise NotFound(f"no alert {alert_id!r}")
        policy.check_alert(viewer, ctx.alerts.get(alert_id))
        if action not in ACTIONS + REOPEN:
            raise InvalidInput(f"unknown action {action!r}", field="action")
        if not reason.strip():
            raise InvalidInput("every workflow step needs a reason", field="reason")
        who = assignee.strip() or (viewer.subject if action == "assign" else None)
        ctx.alerts.act(alert_id, action, reason=reason.strip(), actor=viewer.subject, assignee=who)
        audit(
            engine,
            actor=viewer.token_id,
            role=viewer.role.value,
            action=f"alert.{action}",
            target=alert_id,
            detail={"reason": reason.strip(), "assignee": who, "via": "dashboard"},
        )
        return RedirectResponse(f"{PREFIX}/alerts/{alert_id}?done={action}", status_code=303)

    # -- holder -------------------------------------------------------------------------------
    @router.get("/holders/{holder_id:path}", response_class=HTMLResponse)
    @html_errors
    def holder_page(request: Request, holder_id: str) -> Response:
        viewer = viewer_of(request)
        policy.check_holder(viewer, holder_id)
        record = queries.holder_record(engine, holder_id)
        if record is None:
            raise NotFound(f"no holder {holder_id!r}")
        stock = ledger.stock(holder_id)
        flows = queries.holder_flows(engine, holder_id)
        alerts = visible_alerts(viewer, 100, holder=holder_id)
        return page(
            request,
            "holder.html",
            viewer,
            h=record,
            stock=stock["items"],
            flows=flows,
            figure=charts.to_json(charts.flows_chart(flows)) if flows else None,
            declarations=queries.holder_declarations(engine, holder_id),
            alerts=alerts,
        )

    # -- declaration --------------------------------------------------------------------------
    def declaration_sankey(declaration_no: str, viewer: Viewer) -> Any:
        rows = ledger.store.lines_of_declaration(declaration_no)
        parts = []
        for r in rows:
            if r["provenance"]:
                target = gettext("export → %(country)s") % {"country": r["country"] or "??"}
                line_parts = Parts.from_json(orjson.loads(r["provenance"]))
                if viewer.is_trader:
                    line_parts = _masked(line_parts, viewer)
                parts.append((line_parts, target))
        if not parts:
            return None
        title = gettext("Provenance of %(no)s") % {"no": declaration_no}
        return charts.provenance_sankey(parts, title, names.name_of)

    @router.get("/declarations/{declaration_no:path}", response_class=HTMLResponse)
    @html_errors
    def declaration_page(request: Request, declaration_no: str) -> Response:
        viewer = viewer_of(request)
        event = queries.declaration_event(engine, declaration_no)
        if event is None or not policy.may_see_holder(viewer, event["holder"]):
            raise NotFound(f"no declaration {declaration_no!r}")
        # a trader's view holds only the lines it filed or bought, whoever else used the number
        own = viewer.holder if viewer.is_trader else None
        trace = ledger.trace(declaration_no, holder=own)
        lines = [
            ln
            for ln in ledger.store.lines_of_declaration(declaration_no)
            if own is None or own in (ln["holder"], holder_of_line(ln))
        ]
        on = date.fromisoformat(event["time"][:10])
        findings: dict[int, list[dict[str, Any]]] = {}
        if ctx.lists is not None:
            checker = ctx.lists.checker()
            destination = lines[0]["country"] if event["type"] == "export" else None
            for ln in lines:
                found = checker.check(
                    ln["hs_code"], ln["brand"], ln["origin_country"], destination, on
                )
                findings[ln["line_no"]] = [f.to_dict() for f in found]
        status: dict[str, Any] = {}
        alerts: list[dict[str, Any]] = []
        if ctx.alerts is not None:
            status = ctx.alerts.declaration_status(declaration_no)
            if viewer.is_trader:  # its channel and hold, not the risk criteria's score
                status = {"channel": status.get("channel"), "hold": status.get("hold")}
            alerts = visible_alerts(viewer, 100, declaration=declaration_no)
        fig = declaration_sankey(declaration_no, viewer)
        return page(
            request,
            "declaration.html",
            viewer,
            no=declaration_no,
            event=event,
            payload=orjson.loads(event["payload"]),
            lines=lines,
            trace=trace,
            findings=findings,
            status=status,
            alerts=alerts,
            sankey=charts.to_json(fig) if fig is not None else None,
        )

    # -- lists and delisting requests ---------------------------------------------------------
    def lists_view(
        request: Request,
        viewer: Viewer,
        name: str | None = None,
        as_of: str | None = None,
        start: str | None = None,
        end: str | None = None,
        done: str | None = None,
        error: str | None = None,
        status: int = 200,
    ) -> Response:
        data: dict[str, Any] = {"names": [], "entries": [], "diff": None, "requests": []}
        clock = queries.ledger_clock(engine)
        as_of = as_of or (clock[:10] if clock else date.today().isoformat())
        service = ctx.lists
        if service is not None:
            names = service.names()
            name = name if name in names else (names[0] if names else None)
            data["names"] = names
            if name:
                data["entries"] = [e.to_dict() for e in service.entries_on(name, _day(as_of))]
            if name and start and end:
                data["diff"] = service.diff(name, _day(start), _day(end)).to_dict()
            mine = viewer.subject if viewer.is_trader else None  # traders see their own
            data["requests"] = [r.to_dict() for r in service.requests(filed_by=mine)]
        response = page(
            request,
            "lists.html",
            viewer,
            list_name=name,
            as_of=as_of,
            start=start,
            end=end,
            done=done,
            error=error,
            may_review=policy.may(viewer, policy.Action.READ_ALL),
            may_decide=policy.may(viewer, policy.Action.MANAGE_LISTS),
            **data,
        )
        response.status_code = status
        return response

    @router.get("/lists", response_class=HTMLResponse)
    @html_errors
    def lists_page(
        request: Request,
        name: str | None = None,
        as_of: str | None = None,
        start: str | None = None,
        end: str | None = None,
        done: str | None = None,
    ) -> Response:
        viewer = viewer_of(request)
        return lists_view(request, viewer, name, as_of or None, start or None, end or None, done)

    @router.post("/lists/delisting")
    @html_errors
    def delisting_step(
        request: Request,
        step: str = Form(...),
        request_id: str = Form(""),
        list_name: str = Form(""),
        rights_holder: str = Form(""),
        brand: str = Form(""),
        hs_scope: str = Form(""),
        note: str = Form(""),
        effective: str = Form(""),
    ) -> Response:
        """One step of a delisting request, by role as the API allows it: anyone files, those
        who read everything review, admins approve (from an effective date) or reject."""
        viewer = viewer_of(request)
        service = ctx.lists
        if service is None:
            raise NotFound("the lists part is not wired in")
        note = note.strip()
        try:
            if step == "file":
                policy.require(viewer, policy.Action.REQUEST_DELISTING)
                req = service.file_request(
                    list_name,
                    rights_holder=rights_holder,
                    brand=brand,
                    hs_scope=hs_scope.replace(",", " ").split(),
                    grounds=note or None,
                    actor=viewer.subject,
                )
            elif step == "review":
                policy.require(viewer, policy.Action.READ_ALL)
                req = service.review(request_id, actor=viewer.subject, note=note or None)
            elif step == "approve":
                policy.require(viewer, policy.Action.MANAGE_LISTS)
                if not effective:
                    raise InvalidInput("an approval needs its effective date", field="effective")
                req = service.approve(
                    request_id, actor=viewer.subject, effective=_day(effective), reason=note or None
                )
            elif step == "reject":
                policy.require(viewer, policy.Action.MANAGE_LISTS)
                req = service.reject(request_id, actor=viewer.subject, reason=note)
            else:
                raise InvalidInput(f"unknown step {step!r}", field="step")
        except (InvalidInput, Conflict) as exc:
            return lists_view(request, viewer, list_name or None, error=str(exc), status=exc.status)
        audit(
            engine,
            actor=viewer.token_id,
            role=viewer.role.value,
            action=f"delisting.{step}",
            target=req.request_id,
            detail={"note": note or None, "effective": effective or None, "via": "dashboard"},
        )
        target = f"{PREFIX}/lists?name={req.list_name}&done={step}+{req.request_id}"
        if req.effective is not None:  # show the list as it stands from that day
            target += f"&as_of={req.effective.isoformat()}"
        return RedirectResponse(f"{target}#delisting", status_code=303)

    # -- statistics ---------------------------------------------------------------------------
    @router.get("/stats", response_class=HTMLResponse)
    @html_errors
    def stats_page(request: Request) -> Response:
        viewer = viewer_of(request)
        figures = []
        if ctx.stats is not None:
            for title, fig in ctx.stats.charts():
                fig = labels.localise_figure(copy.deepcopy(fig))  # the cache keeps English
                text = plotly.io.to_json(fig, validate=False) or "{}"
                figures.append((title, text.replace("</", "<\\/")))
        return page(request, "stats.html", viewer, figures=figures)

    @router.get("/case/{key}.{fmt}")
    @html_errors
    def case_file(request: Request, key: str, fmt: str) -> Response:
        """The case file of an alert or a declaration, to download (PDF, XLSX or HTML)."""
        return case_download(ctx, viewer_of(request), key, fmt)

    @router.get("/go")
    @html_errors
    def go(request: Request, q: str = "") -> Response:
        """The search box: a declaration, a transit or a holder, whichever the text names."""
        viewer = viewer_of(request)
        q = q.strip()
        target = search_target(engine, viewer, q)
        own_holder = policy.may_see_holder(viewer, q) and queries.holder_record(engine, q)
        if not target.startswith("holders/") or not q or own_holder:
            return RedirectResponse(f"{PREFIX}/{target}", status_code=303)
        # a name: the holders it names that the viewer may see (the same answer as for nothing)
        found = [h for h in names.search(engine, q) if policy.may_see_holder(viewer, h["id"])]
        if len(found) == 1:
            return RedirectResponse(f"{PREFIX}/holders/{quote(found[0]['id'], safe='/')}", 303)
        return page(request, "search.html", viewer, q=q, found=found)

    return router


def mount(app: FastAPI, ctx: DashboardContext) -> None:
    """Serve the dashboard under ``/dashboard`` (pages, its own static files, plotly.js)."""
    from tamga.dashboard.csrf import SameOriginForms
    from tamga.dashboard.network_page import build_network_router
    from tamga.dashboard.screening_decision import decision_router
    from tamga.dashboard.selectivity import selectivity_router  # it imports these templates

    app.add_middleware(SameOriginForms, prefix=PREFIX)  # every form, without a token in each
    app.include_router(build_router(ctx))
    app.include_router(build_network_router(ctx))
    app.include_router(decision_router(ctx))
    app.include_router(selectivity_router(ctx))
    app.mount(f"{PREFIX}/static", StaticFiles(directory=HERE / "static"), name="dashboard-static")


def create_app(ctx: DashboardContext) -> FastAPI:
    """The dashboard alone, for running it without the rest of the service."""
    app = FastAPI(title="tamga dashboard", docs_url=None, redoc_url=None, openapi_url=None)
    mount(app, ctx)

    @app.get("/")
    def root() -> Response:
        return RedirectResponse(f"{PREFIX}/", status_code=307)

    return app


def scope_of(viewer: Viewer) -> Scope:
    """The part of the ledger the viewer's counts and lists cover (the policy's rule)."""
    return Scope.of(viewer)


def _masked(parts: Parts, viewer: Viewer) -> Parts:
    """The same parts with every holder the viewer may not see renamed "another holder"."""
    out = Parts()
    for (kind, country, decl, consignor, path), (q, v) in parts.items.items():
        out.add((kind, country, decl, consignor, tuple(who(h, viewer) for h in path)), q, v)
    return out


def _parts(ctx: DashboardContext) -> dict[str, bool]:
    return {
        "alerts": ctx.alerts is not None,
        "lists": ctx.lists is not None,
        "stats": ctx.stats is not None,
        "geography": ctx.geography is not None,
    }


def _count_alerts(rows: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Counts by channel and rule of the alerts as the viewer sees them (a trader's show no
    rule, so its counts have none)."""
    out: dict[str, dict[str, int]] = {"by_channel": {}, "by_rule": {}}
    for a in rows:
        for key, field in (("by_channel", "channel"), ("by_rule", "rule")):
            if a.get(field):
                value = str(a[field])
                out[key][value] = out[key].get(value, 0) + 1
    return out


def _route_points(ctx: DashboardContext, timeline: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Timeline entries with a position: their own lat/lon, else the post they happened at."""
    points = []
    for item in timeline:
        lat, lon = item.get("lat"), item.get("lon")
        if lat is None and ctx.geography is not None:
            place = ctx.geography.place(item.get("location"))
            if place is not None:
                lat, lon = place.lat, place.lon
        points.append({**item, "lat": lat, "lon": lon})
    return points


def _day(text: str) -> date:
    """An ISO date from a form or query (``2022-03-10``), refused with the field's name."""
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        raise InvalidInput(f"not a date: {text!r} (YYYY-MM-DD)", field="date") from None
