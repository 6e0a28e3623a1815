"""``tamga serve``: run the API (and whatever parts are mounted in it) under uvicorn."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from tamga.cli.base import app
from tamga.cli.common import DbOption, err_console, handle_errors
from tamga.settings import get_settings
from tamga.store.database import connect, normalize_url


@app.command()
@handle_errors
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, help="Worker processes (several need PostgreSQL).")
    ] = 1,
    db: DbOption = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Serve the REST API, live stream and EPCIS endpoints. The store is migrated first, once,
    so worker processes start against an up-to-date schema."""
    import uvicorn

    settings = get_settings()
    if db:
        settings = settings.model_copy(update={"database_url": normalize_url(db)})
    engine = connect(settings.database_url)
    if workers > 1 and engine.dialect.name == "sqlite":
        err_console.print(
            "[yellow]warning:[/yellow] several workers on SQLite serialize on its write lock; "
            "use PostgreSQL for a multi-worker service"
        )
    engine.dispose()
    if workers > 1:
        # uvicorn spawns its workers by re-running the main module, which an installed console
        # script (no .py suffix) does not survive; ``python -m uvicorn`` does. Each worker reads
        # the settings from the environment it is given.
        argv = [sys.executable, "-m", "uvicorn", "tamga.server:app", "--factory"]
        argv += ["--host", host, "--port", str(port), "--workers", str(workers)]
        argv += ["--log-level", log_level, "--no-access-log"]
        os.execve(sys.executable, argv, os.environ | {"TAMGA_DATABASE_URL": settings.database_url})
    from tamga.server import serving

    uvicorn.run(serving(settings), host=host, port=port, log_level=log_level, access_log=False)
