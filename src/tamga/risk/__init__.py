"""The risk engine: rules over the ledger's events, alerts with evidence, channels, workflow.

``attach(ledger, config)`` is what the API and the ingest command call; ``run_ledger`` scores a
whole ledger; ``AlertService`` is the alert queue. See docs/risk.md.

The names are imported on first use (PEP 562): a command that only reads alerts (``tamga
trace`` shows a declaration's channel) does not pay for the rules, screening and followthemoney.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tamga.risk.alerts import AlertService, annotate
    from tamga.risk.config import RiskConfig
    from tamga.risk.engine import RiskEngine
    from tamga.risk.follower import RiskRuntime
    from tamga.risk.model import Alert
    from tamga.risk.service import attach, run_ledger

#: each public name and the module that holds it
_HOME = {
    "Alert": "tamga.risk.model",
    "AlertService": "tamga.risk.alerts",
    "RiskConfig": "tamga.risk.config",
    "RiskEngine": "tamga.risk.engine",
    "RiskRuntime": "tamga.risk.follower",
    "annotate": "tamga.risk.alerts",
    "attach": "tamga.risk.service",
    "run_ledger": "tamga.risk.service",
}

__all__ = [
    "Alert",
    "AlertService",
    "RiskConfig",
    "RiskEngine",
    "RiskRuntime",
    "annotate",
    "attach",
    "run_ledger",
]


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'tamga.risk' has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value
