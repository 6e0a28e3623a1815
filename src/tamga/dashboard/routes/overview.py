"""The overview (counts, channel mix, recent events, latest alerts), its refreshed panels and
the live stream that refreshes them."""

from __future__ import annotations

import time
from typing import Any, TypedDict

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.responses import StreamingResponse

from tamga.dashboard import live, queries
from tamga.dashboard.access import Viewer
from tamga.dashboard.context import DashboardContext
from tamga.dashboard.language import activate
from tamga.dashboard.pages import COOKIE, PREFIX, Pages, html_errors

#: the channel mix is over every declaration: recomputed at most this often (seconds)
MIX_TTL = 30.0


class AlertCounts(TypedDict):
    by_channel: dict[str, int]
    by_rule: dict[str, int]


class ChannelShare(TypedDict):
    channel: str
    share: float
    count: int
    target: float | None


class ChannelRows(TypedDict):
    declarations: int
    channels: list[ChannelShare]


class OverviewPanels(queries.Overview):
    """The overview's counts with the alerts' (as the viewer sees them) and the channel mix
    (for those who read everything)."""

    alerts: AlertCounts | dict[str, dict[str, int]]
    mix: ChannelRows | None


class ChannelMix:
    """The realised channel mix against its targets (``AlertService.report``), as table rows.

    The report reads every import and export declaration, so it is recomputed only when the
    ledger or the alerts have moved, and then at most every ``MIX_TTL`` seconds.
    """

    def __init__(self, ctx: DashboardContext) -> None:
        self.ctx = ctx
        self._key: tuple[int, int] | None = None
        self._at = 0.0
        self._rows: ChannelRows | None = None

    def rows(self) -> ChannelRows | None:
        alerts = self.ctx.alerts
        if alerts is None:
            return None
        key = (live.last_seq(self.ctx.ledger.engine), alerts.last_seq())
        stale = self._rows is None or (key != self._key and time.monotonic() - self._at > MIX_TTL)
        if stale:
            report = alerts.report(self.ctx.ledger)
            total = int(report.get("declarations") or 0)
            targets = report.get("targets") or {}
            self._rows = ChannelRows(
                declarations=total,
                channels=[
                    ChannelShare(
                        channel=c, share=share, count=round(share * total), target=targets.get(c)
                    )
                    for c, share in (report.get("mix") or {}).items()
                ],
            )
            self._key, self._at = key, time.monotonic()
        return self._rows


def count_alerts(rows: list[dict[str, Any]]) -> AlertCounts:
    """Counts by channel and rule of the alerts as the viewer sees them (a trader's show no
    rule, so its counts have none)."""
    out = AlertCounts(by_channel={}, by_rule={})
    for a in rows:
        for counts, field in ((out["by_channel"], "channel"), (out["by_rule"], "rule")):
            if a.get(field):
                value = str(a[field])
                counts[value] = counts.get(value, 0) + 1
    return out


def router(pages: Pages) -> APIRouter:
    router = APIRouter(prefix=PREFIX, include_in_schema=False)
    ctx, engine, sessions = pages.ctx, pages.engine, pages.sessions
    channel_mix = ChannelMix(ctx)

    def overview_data(viewer: Viewer) -> OverviewPanels:
        clock = queries.ledger_clock(engine)
        data = queries.overview_or_last_active(engine, clock, pages.scope(viewer))
        alert_counts: AlertCounts | dict[str, dict[str, int]] = count_alerts([])
        if ctx.alerts is not None:
            if viewer.reads_all:
                alert_counts = ctx.alerts.counts()  # the store's, over every open alert
            else:
                alert_counts = count_alerts(pages.visible_alerts(viewer, limit=1000))
        # the mix is over every declaration: shown to those who read everything
        mix = channel_mix.rows() if viewer.reads_all else None
        return OverviewPanels(**data, alerts=alert_counts, mix=mix)

    @router.get("/", response_class=HTMLResponse)
    @html_errors
    def overview(request: Request) -> Response:
        viewer = pages.viewer(request)
        return pages.page(
            request,
            "overview.html",
            viewer,
            o=overview_data(viewer),
            recent=queries.recent_events(engine, 15, pages.scope(viewer)),
            latest_alerts=pages.latest_alerts(viewer),
        )

    @router.get("/fragments/overview", response_class=HTMLResponse)
    @html_errors
    def overview_fragment(request: Request) -> Response:
        viewer = pages.viewer(request)
        return pages.page(request, "_overview_panels.html", viewer, o=overview_data(viewer))

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
                alerts=pages.feed(viewer, lang),
                lang=lang,
            ),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    return router
