"""What the risk tests share besides fixtures: the ingest helper's type and a rule-only config."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tamga.ledger.service import LedgerService
from tamga.risk import AlertService

Ingest = Callable[..., tuple[LedgerService, AlertService]]


def only(rules: str | list[str], **params: Any) -> dict[str, Any]:
    """A configuration running only ``rules`` (with ``params`` for the first)."""
    names = [rules] if isinstance(rules, str) else rules
    from tamga.risk.config import _defaults

    cfg: dict[str, Any] = {"rules": {n: {"enabled": n in names} for n in _defaults()["rules"]}}
    cfg["rules"][names[0]].update(params)
    return cfg


def every_alert(config: dict[str, Any]) -> dict[str, Any]:
    """``config`` raising every finding, whatever its calibrated score (``min_score`` is the
    queue's policy; a test of a rule's logic asks for its findings)."""
    return {**config, "calibration": {**config.get("calibration", {}), "min_score": 0}}
