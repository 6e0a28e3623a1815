"""The risk rules, one module each; ``RULES`` maps a rule's configuration name to its class."""

from __future__ import annotations

from tamga.risk.rules.base import Rule
from tamga.risk.rules.controlled import ControlledReexport
from tamga.risk.rules.fast_turnaround import FastTurnaround
from tamga.risk.rules.hs_switch import HsSwitch
from tamga.risk.rules.sanctions import SanctionedParty
from tamga.risk.rules.surge import Surge
from tamga.risk.rules.transit import TransitElsewhere, TransitOverdue, TransitRoute, TransitSold
from tamga.risk.rules.unbacked import Unbacked
from tamga.risk.rules.unit_value import UnitValue

RULES: dict[str, type[Rule]] = {
    cls.name: cls
    for cls in (
        ControlledReexport,
        Unbacked,
        HsSwitch,
        FastTurnaround,
        TransitOverdue,
        TransitElsewhere,
        TransitSold,
        TransitRoute,
        SanctionedParty,
        UnitValue,
        Surge,
    )
}

__all__ = ["RULES", "Rule"]
