"""What rules share besides the events: the lists checker, the screener, the holder registry.

They are dependencies, not state: a whole-ledger run and the live path build them the same way
(from the store, through ``tamga.risk.sources``), and a test passes its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from tamga.lists.checker import GoodsChecker
from tamga.lists.model import Finding
from tamga.rates.model import MAX_AGE_DAYS, Conversion, RatesTable, convert

#: the date rules ask the lists on when ``list_date: latest`` (every open-ended entry applies)
LATEST = date(9999, 12, 31)


def registered_from_bin(holder: str) -> date | None:
    """A Kazakh BIN starts with the registration's YYMM: a fallback where no registry is loaded."""
    if len(holder) != 12 or not holder.isdigit():
        return None
    yy, mm = int(holder[:2]), int(holder[2:4])
    if not 1 <= mm <= 12:
        return None
    year = 2000 + yy if yy <= date.today().year % 100 else 1900 + yy
    return date(year, mm, 1)


@dataclass
class RiskContext:
    checker: GoodsChecker | None = None
    screener: Any = None  # tamga.screening.Screener, or anything with screen(name, country)
    registry: dict[str, date] = field(default_factory=dict)
    holder_names: dict[str, str] = field(default_factory=dict)
    bin_fallback: bool = True
    #: exchange rates loaded in the store (``tamga rates load``); None: none are loaded
    rates: RatesTable | None = None
    ownership: Any = None  # tamga.ownership.OwnershipGraph: who owns and controls whom
    #: tamga.ownership.resolution.Resolution: which parties are one firm under several names/ids
    resolution: Any = None
    _findings: dict[tuple[str, str | None, str | None, str | None, date], tuple[Finding, ...]] = (
        field(default_factory=dict)
    )
    _longer: dict[str, tuple[str, ...]] | None = None

    def money(
        self,
        value: float,
        currency: str | None,
        to: str,
        on: date,
        fallback: Mapping[str, float] | None = None,
        max_age_days: int = MAX_AGE_DAYS,
    ) -> Conversion:
        """``value`` in ``to`` at the rate of ``on`` (see :func:`tamga.rates.convert`)."""
        return convert(value, currency, to, on, self.rates, fallback, max_age_days)

    def registered(self, holder: str) -> date | None:
        found = self.registry.get(holder)
        if found is None and self.bin_fallback:
            return registered_from_bin(holder)
        return found

    def findings(
        self, hs: str, brand: str | None, origin: str | None, dest: str | None, on: date
    ) -> tuple[Finding, ...]:
        """The checker's findings, cached (rules ask the same few questions very often)."""
        if self.checker is None:
            return ()
        key = (hs, brand, origin, dest, on)
        hit = self._findings.get(key)
        if hit is None:
            hit = tuple(self.checker.check(hs, brand, origin, dest, on))
            hit += self._covered(hs, brand, origin, dest, on, {f.entry for f in hit})
            if len(self._findings) > 200_000:
                self._findings.clear()
            self._findings[key] = hit
        return hit

    def _covered(
        self,
        hs: str,
        brand: str | None,
        origin: str | None,
        dest: str | None,
        on: date,
        seen: set[str],
    ) -> tuple[Finding, ...]:
        """Entries naming a longer code inside a code declared at fewer digits.

        A line declared as ``848210`` may be the listed ``8482105000``: the declaration does not
        say which sub-heading it is, so the list entry is reported, with that reason.
        """
        assert self.checker is not None
        if self._longer is None:
            longer: dict[str, set[str]] = {}
            for gl in self.checker.lists.values():
                for entry in gl.entries:
                    for prefix in entry.hs_prefixes:
                        for k in range(6, len(prefix)):
                            longer.setdefault(prefix[:k], set()).add(prefix)
            self._longer = {k: tuple(sorted(v)) for k, v in longer.items()}
        out: list[Finding] = []
        for code in self._longer.get(hs, ()):
            for f in self.checker.check(code, brand, origin, dest, on):
                if f.entry in seen:
                    continue
                seen.add(f.entry)
                why = f"HS {hs} as declared covers the listed {code}; {f.reason}"
                out.append(replace(f, reason=why))
        return tuple(out)
