"""The case file download behind the buttons on the alert and declaration pages.

A case file holds everything (other holders, the risk score, screening hits), so only those who
read everything (analysts, admins) may have one; anyone else gets the page a missing record
gets. The file is written in the page's language.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi.responses import Response

from tamga.auth import policy
from tamga.dashboard.access import Viewer
from tamga.dashboard.context import DashboardContext
from tamga.errors import NotFound
from tamga.wording import i18n

MEDIA = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
}


def case_download(ctx: DashboardContext, viewer: Viewer, key: str, fmt: str) -> Response:
    from tamga.casefile import gather, write

    if not policy.may(viewer, policy.Action.READ_ALL):
        raise NotFound(f"no alert or declaration {key!r}")
    if fmt not in MEDIA:
        raise NotFound(f"no case file format {fmt!r} (pdf, xlsx or html)")
    checker = ctx.lists.checker() if ctx.lists is not None else None
    case = gather(key, ctx.ledger, ctx.alerts, checker)  # type: ignore[arg-type]
    lang = i18n.current()
    with tempfile.TemporaryDirectory() as tmp:
        path = write(case, Path(tmp) / f"case.{fmt}", lang)
        body = path.read_bytes()
    name = f"case-{case.key}-{lang}.{fmt}"
    return Response(
        body,
        media_type=MEDIA[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
