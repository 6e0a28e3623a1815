"""The analysts' dashboard: server-rendered pages over the ledger, alerts, lists and statistics."""

from tamga.dashboard.access import Viewer, token_resolver
from tamga.dashboard.context import DashboardContext
from tamga.dashboard.web import build_router, create_app, mount
from tamga.dashboard.wiring import context_from_services, mount_services

__all__ = [
    "DashboardContext",
    "Viewer",
    "build_router",
    "context_from_services",
    "create_app",
    "mount",
    "mount_services",
    "token_resolver",
]
