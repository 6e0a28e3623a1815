"""What a simulation run is asked for: size, seed, period and the planted schemes' rates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tamga.errors import InvalidInput

#: planted schemes and their default rates (share of all flows that become a case of the scheme)
SCHEMES: dict[str, float] = {
    "reexport": 0.01,  # CHPL goods of EU/US origin to Russia through 1-4 intermediaries
    "phantom": 0.004,  # exports beyond stock
    "hs_switch": 0.004,  # one HS code on import, another on export (same GTIN)
    "fast_turnaround": 0.004,  # newly registered firm buys and exports within days
    "transit_unclosed": 0.003,  # transit never discharged
    "transit_diverted": 0.003,  # transit ends at another office, off its corridor
    "transit_sold": 0.002,  # transit goods sold domestically
    "sanctioned_consignee": 0.003,  # export to a sanctioned firm under a transliterated name
    "misinvoicing": 0.004,  # under-invoiced import or over-invoiced export
    "owned_exporter": 0.002,  # a firm owned through a foreign holding by a listed person
}

#: the scale at which the configured headline figures hold exactly (a national two-year ledger)
FULL_SCALE_EVENTS = 10_000_000
#: washing machines (HS 8450) exported to Russia in 2022 at full scale; scaled by events
WASHING_MACHINES_RU_2022 = 100_000


@dataclass
class SimConfig:
    seed: int = 1
    events: int = 100_000
    start: date = date(2021, 1, 1)
    end: date = date(2022, 12, 31)
    schemes: dict[str, float] = field(default_factory=lambda: dict(SCHEMES))
    holders: int | None = None  # default: scaled with events, 300..6000
    #: put into event ids, declaration, invoice, transit and case numbers (e.g. ``L1732350000-``
    #: in live mode) so a second run's numbers never collide with a first run's
    tag: str = ""

    def __post_init__(self) -> None:
        if self.events < 1:
            raise InvalidInput("events must be at least 1", field="events")
        unknown = set(self.schemes) - set(SCHEMES)
        if unknown:
            raise InvalidInput(
                f"unknown scheme(s) {sorted(unknown)}; known: {sorted(SCHEMES)}", field="scheme"
            )
        for name, rate in self.schemes.items():
            if not 0 <= rate <= 0.5:
                raise InvalidInput(f"rate of {name} must be within 0..0.5", field="scheme")
        if sum(self.schemes.values()) > 0.6:
            raise InvalidInput("scheme rates add up to more than 0.6", field="scheme")

    @property
    def holder_count(self) -> int:
        if self.holders is not None:
            return self.holders
        return max(300, min(6000, self.events // 200))

    @property
    def washing_machines_ru_2022(self) -> float:
        """Target units to Russia in 2022 for this size (the full-scale figure, scaled)."""
        return WASHING_MACHINES_RU_2022 * self.events / FULL_SCALE_EVENTS


def parse_scheme_rates(items: list[str], no_schemes: bool = False) -> dict[str, float]:
    """``["reexport=0.02", "phantom=0.005"]`` over the defaults (all zero with ``no_schemes``)."""
    rates = {k: (0.0 if no_schemes else v) for k, v in SCHEMES.items()}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or name not in SCHEMES:
            raise InvalidInput(
                f"expected NAME=RATE with NAME one of {sorted(SCHEMES)}, got {item!r}",
                field="scheme",
            )
        try:
            rates[name] = float(value)
        except ValueError:
            raise InvalidInput(f"rate {value!r} is not a number", field="scheme") from None
    return rates
