"""The risk engine's one configuration: thresholds, weights and which rules run.

Defaults ship as ``defaults.yaml`` beside this module; a deployment's file (``--config`` or
``TAMGA_RISK_CONFIG``) is merged over them, so it states only what it changes. Unknown rule
names are refused rather than silently ignored: a typo must not switch a rule off.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from tamga.errors import InvalidInput
from tamga.settings import get_settings


def _defaults() -> dict[str, Any]:
    text = (resources.files("tamga.risk") / "defaults.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


def _merge(base: dict[str, Any], over: dict[str, Any], where: str = "") -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value, f"{where}{key}.")
        else:
            out[key] = value
    return out


@dataclass
class RiskConfig:
    """Parsed configuration; ``rules`` maps a rule name to its parameters."""

    data: dict[str, Any] = field(default_factory=_defaults)

    @classmethod
    def load(cls, source: str | Path | dict[str, Any] | RiskConfig | None = None) -> RiskConfig:
        """Defaults, with ``source`` (a file, a dict, or ``$TAMGA_RISK_CONFIG``) merged over."""
        if isinstance(source, RiskConfig):
            return source
        base = _defaults()
        if source is None:
            source = get_settings().risk_config
        if source is None:
            return cls(base)
        if isinstance(source, dict):
            over = source
        else:
            path = Path(source)
            try:
                over = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            except OSError as exc:
                raise InvalidInput(
                    f"cannot read risk configuration: {exc}", record=str(path)
                ) from None
            except yaml.YAMLError as exc:
                raise InvalidInput(f"not valid YAML: {exc}", record=str(path)) from None
            if not isinstance(over, dict):
                raise InvalidInput("the risk configuration must be a mapping", record=str(path))
        unknown = set(over.get("rules") or {}) - set(base["rules"])
        if unknown:
            raise InvalidInput(
                f"unknown rule(s) {', '.join(sorted(unknown))}; known: "
                + ", ".join(sorted(base["rules"])),
                field="rules",
            )
        return cls(_merge(base, over))

    @property
    def rules(self) -> dict[str, dict[str, Any]]:
        return dict(self.data["rules"])

    def rule(self, name: str) -> dict[str, Any]:
        """A rule's parameters, with the shared ``money`` settings under ``money``."""
        return {"money": dict(self.data.get("money") or {})} | dict(self.data["rules"][name])

    def enabled(self, name: str) -> bool:
        return bool(self.data["rules"].get(name, {}).get("enabled", False))

    def weight(self, name: str) -> float:
        return float(self.data["rules"].get(name, {}).get("weight", 1.0))

    @property
    def selectivity(self) -> dict[str, Any]:
        return dict(self.data["selectivity"])

    def severity(self, score: float) -> str:
        levels = self.data["severity"]
        for name in ("critical", "high", "medium"):
            if score >= float(levels[name]):
                return name
        return "low"
