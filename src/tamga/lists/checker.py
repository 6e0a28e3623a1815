"""The goods check the risk engine runs for every declaration line: fast, dated, with reasons.

Speed comes from three things: a prefix index (one dict probe per prefix length present),
cutting time into the intervals between entry boundary dates (two dates inside one interval get
the same answer), and a cache of answers keyed by (hs, brand, origin, destination, interval).
Answers are tuples of frozen Findings, so cached ones are shared safely.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from tamga.lists.brands import brand_keys
from tamga.lists.countries import normalize_country
from tamga.lists.model import (
    BRAND_CONDITIONED,
    Effect,
    Entry,
    Finding,
    GoodsList,
    Period,
    normalize_hs,
)

#: one batch line: (hs_code, brand, origin, destination, on)
Line = tuple[str, str | None, str | None, str | None, date]


@dataclass(frozen=True, slots=True)
class _Compiled:
    list_name: str
    entry: Entry
    brand_keys: frozenset[str]
    regime: tuple[Period, ...]  # the list's regime dates; empty = always in force


class GoodsChecker:
    """Checks goods against several lists at once. Build once, then call ``check``/``check_many``.

    ``cache_size`` bounds the answer cache (cleared when full, which keeps memory flat).
    """

    def __init__(self, lists: Iterable[GoodsList], *, cache_size: int = 1_000_000) -> None:
        self.lists: dict[str, GoodsList] = {gl.name: gl for gl in lists}
        self._by_prefix: dict[str, list[_Compiled]] = {}
        self._any_goods: list[_Compiled] = []
        bounds: set[date] = set()
        for gl in self.lists.values():
            for period in gl.regime:  # a regime boundary cuts time like an entry's
                bounds.add(period.start)
                if period.end is not None:
                    bounds.add(period.end + timedelta(days=1))
            for entry in gl.entries:
                compiled = _Compiled(gl.name, entry, _keys(entry.brands), gl.regime)
                bounds.add(entry.valid_from)
                if entry.valid_to is not None:
                    bounds.add(entry.valid_to)
                if not entry.hs_prefixes:
                    self._any_goods.append(compiled)
                for prefix in entry.hs_prefixes:
                    self._by_prefix.setdefault(prefix, []).append(compiled)
        self._lengths = sorted({len(p) for p in self._by_prefix})
        self._bounds = sorted(bounds)
        self._cache: dict[tuple[str, str | None, str | None, str | None, int], tuple[Finding, ...]]
        self._cache = {}
        self._cache_size = cache_size
        self._interval: dict[date, int] = {}

    @classmethod
    def from_defaults(cls) -> GoodsChecker:
        """A checker over the lists shipped with tamga (no database needed)."""
        from tamga.lists.defaults import default_lists

        return cls(default_lists())

    def check(
        self,
        hs_code: str,
        brand: str | None = None,
        origin: str | None = None,
        destination: str | None = None,
        on: date | None = None,
    ) -> list[Finding]:
        """Which list entries apply to this line on this date, and why (empty if none)."""
        return list(self._lookup(hs_code, brand, origin, destination, on or date.today()))

    def check_many(self, lines: Iterable[Line]) -> list[tuple[Finding, ...]]:
        """The batch form: one tuple of findings per line, in order."""
        cache = self._cache
        interval = self._interval
        out: list[tuple[Finding, ...]] = []
        append = out.append
        for hs, brand, origin, dest, on in lines:
            iv = interval.get(on)
            if iv is None:
                iv = interval[on] = bisect_right(self._bounds, on)
            hit = cache.get((hs, brand, origin, dest, iv))
            if hit is None:
                hit = self._lookup(hs, brand, origin, dest, on)
            append(hit)
        return out

    def _lookup(
        self, hs: str, brand: str | None, origin: str | None, dest: str | None, on: date
    ) -> tuple[Finding, ...]:
        iv = self._interval.get(on)
        if iv is None:
            iv = self._interval[on] = bisect_right(self._bounds, on)
        key = (hs, brand, origin, dest, iv)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._compute(hs, brand, origin, dest, on)
            if len(self._cache) >= self._cache_size:
                self._cache.clear()
            self._cache[key] = hit
        return hit

    def _compute(
        self, hs: str, brand: str | None, origin: str | None, dest: str | None, on: date
    ) -> tuple[Finding, ...]:
        code = normalize_hs(hs)
        org = normalize_country(origin) if origin else None
        dst = normalize_country(dest) if dest else None
        keys = brand_keys(brand) if brand else frozenset()
        candidates: list[tuple[str | None, _Compiled]] = [(None, c) for c in self._any_goods]
        for n in self._lengths:
            if n > len(code):
                break
            for c in self._by_prefix.get(code[:n], ()):
                candidates.append((code[:n], c))
        findings: list[Finding] = []
        for prefix, c in candidates:
            finding = _apply(c, prefix, code, brand, keys, org, dst, on)
            if finding is not None:
                findings.append(finding)
        return tuple(findings)


def _keys(brands: Sequence[str]) -> frozenset[str]:
    out: set[str] = set()
    for b in brands:
        out |= brand_keys(b)
    return frozenset(out)


def _apply(
    c: _Compiled,
    prefix: str | None,
    code: str,
    brand: str | None,
    keys: frozenset[str],
    origin: str | None,
    dest: str | None,
    on: date,
) -> Finding | None:
    """One entry against one line: a Finding with its reason, or None when it does not apply."""
    e = c.entry
    if not e.valid_on(on):
        return None
    if c.regime and not any(p.covers(on) for p in c.regime):
        return None  # the list's legal basis is not in force that day
    reasons = [f"HS {code} falls under {prefix}" if prefix else "any HS code"]
    brand_hit = bool(keys & c.brand_keys)
    allowed: bool | None = None
    if e.effect in BRAND_CONDITIONED:
        if brand is None:
            reasons.append("brand not stated, and the entry depends on the brand")
        elif e.effect is Effect.ALLOWED_ONLY_BRANDS:
            allowed = brand_hit
            reasons.append(f"brand {brand!r} {'is' if brand_hit else 'is not'} among those named")
        else:
            allowed = not brand_hit
            reasons.append(f"brand {brand!r} {'is' if brand_hit else 'is not'} excluded")
    elif e.brands:
        if not brand_hit:
            return None
        reasons.append(f"brand {brand!r} is named")
    elif e.effect is Effect.ALLOWED_PARALLEL_IMPORT:
        allowed = True
        reasons.append("allowed whole, any brand")
    for side, value, allowed_set in (
        ("origin", origin, e.origins),
        ("destination", dest, e.destinations),
    ):
        if allowed_set is None:
            continue
        if value is None:
            reasons.append(f"{side} not stated, entry restricts it to {_show(allowed_set)}")
        elif value not in allowed_set:
            return None
        else:
            reasons.append(f"{side} {value} is restricted")
    if e.tier:
        reasons.append(f"tier {e.tier}")
    if e.note:
        reasons.append(e.note)
    if e.source is not None:
        reasons.append(f"per {e.source.cite()}")
    return Finding(c.list_name, e.entry_id, str(e.effect), "; ".join(reasons), e.tier, allowed)


def _show(codes: frozenset[str]) -> str:
    items = sorted(codes)
    return ", ".join(items) if len(items) <= 4 else f"{len(items)} countries"
