"""The ASGI entry point for worker processes: ``uvicorn tamga.api.asgi:app --factory``.

Each worker process builds its own app (its own engine and pool) from ``TAMGA_DATABASE_URL``;
the store is the only thing the workers share.
"""

from __future__ import annotations

from fastapi import FastAPI

from tamga.api.app import create_app


def app() -> FastAPI:
    return create_app()
