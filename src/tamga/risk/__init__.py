"""The risk engine: rules over the ledger's events, alerts with evidence, channels, workflow.

``attach(ledger, config)`` is what the API and the ingest command call; ``run_ledger`` scores a
whole ledger; ``AlertService`` is the alert queue. See docs/risk.md.
"""

from tamga.risk.alerts import AlertService
from tamga.risk.config import RiskConfig
from tamga.risk.engine import RiskEngine
from tamga.risk.follower import RiskRuntime
from tamga.risk.model import Alert
from tamga.risk.service import annotate, attach, run_ledger

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
