"""A declaration's features: what the model sees, known when the declaration is lodged.

- the rules' hits on the declaration (each rule's score, the combined score) and the figures of
  their evidence (shares, ratios, days, hours, km, unbacked quantities: every number in the
  evidence, the largest per rule and field);
- the goods: HS code at 2, 4 and 6 digits of the most valuable line, lines, value, weight,
  value per kilogram, currency;
- where: origin of the goods, dispatch (imports) or destination (exports), the foreign party's
  country, the office, the route (partner country, office and direction);
- who: the holder's age (from the registry, else a BIN's YYMM), kind, size and history (its
  earlier declarations and value, alerts, and what earlier inspections found: only outcomes
  revealed before the declaration's period, never its own).

Features are plain dicts (name -> number, text or None); :class:`FeatureSpec` fixes the
columns a model was trained on and turns dicts into rows of numbers (categories as codes).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

FeatureValue = float | str | None
Features = dict[str, FeatureValue]

CATEGORICAL = (
    "hs2",
    "hs4",
    "hs6",
    "origin",
    "partner",
    "party_country",
    "office",
    "route",
    "currency",
    "holder_kind",
)
#: evidence numbers deeper than this are not read (lists of lines are one level)
_MAX_DEPTH = 4
#: a declaration's value per kg against its peers': log(value per kg) less the median of the
#: declarations of the same HS-6 code (HS-4 where the HS-6 has too few) when the model was
#: trained; the medians are kept in the :class:`FeatureSpec`, so scoring needs no peer state
PEER_FEATURE = "value_per_kg_vs_peers"
#: declarations an HS code needs for its median to count
PEER_MIN = 5


@dataclass(frozen=True)
class Line:
    hs_code: str
    value: float | None = None
    net_kg: float | None = None
    quantity: float = 0.0
    origin: str | None = None
    currency: str | None = None


@dataclass(frozen=True)
class Hit:
    """One alert of a rule on the declaration (its subject)."""

    rule: str
    score: float
    evidence: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Declaration:
    """An import or export declaration as selectivity sees it when it is lodged."""

    number: str
    kind: str  # import | export
    time: datetime
    office: str
    holder: str | None
    partner: str | None  # dispatch country (import) or destination country (export)
    party_country: str | None  # the consignor's (import) or consignee's (export) country
    lines: tuple[Line, ...]
    hits: tuple[Hit, ...] = ()
    #: the rules' combined score (the alert store's), 0 without alerts
    rules_score: float = 0.0

    @property
    def value(self) -> float:
        return sum(line.value or 0.0 for line in self.lines)

    @property
    def day(self) -> date:
        return self.time.date()


@dataclass
class HolderHistory:
    """What is known of a holder before a declaration: grows as declarations go by."""

    declarations: int = 0
    value: float = 0.0
    alerts: int = 0
    first: date | None = None
    inspected: int = 0
    found: int = 0


def evidence_figures(evidence: Any, depth: int = 0, key: str = "") -> Iterable[tuple[str, float]]:
    """Every number in an alert's evidence, by the name of the field that holds it."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(evidence, bool):
        yield key, float(evidence)
    elif isinstance(evidence, int | float):
        if math.isfinite(evidence):
            yield key, float(evidence)
    elif isinstance(evidence, Mapping):
        for k, v in evidence.items():
            yield from evidence_figures(v, depth + 1, str(k))
    elif isinstance(evidence, list | tuple):
        for item in evidence[:50]:
            yield from evidence_figures(item, depth + 1, key)


def holder_age_days(
    holder: str | None, day: date, registry: Mapping[str, date], bin_fallback: bool = True
) -> float | None:
    """Days since the holder was registered: the registry's date, else a 12-digit BIN's YYMM."""
    if not holder:
        return None
    registered = registry.get(holder)
    if registered is None and bin_fallback and len(holder) == 12 and holder.isdigit():
        yy, mm = int(holder[:2]), int(holder[2:4])
        if 1 <= mm <= 12:
            registered = date(2000 + yy if yy < 70 else 1900 + yy, mm, 1)
    if registered is None:
        return None
    return float((day - registered).days)


def build(
    decl: Declaration,
    history: HolderHistory,
    *,
    registry: Mapping[str, date],
    holder_kinds: Mapping[str, str] | None = None,
) -> Features:
    """The features of one declaration, given what was known of its holder before it."""
    lines = decl.lines
    main = max(lines, key=lambda line: line.value or 0.0) if lines else Line("")
    hs = main.hs_code
    value = decl.value
    kg = sum(line.net_kg or 0.0 for line in lines)
    out: Features = {
        "export": 1.0 if decl.kind == "export" else 0.0,
        "lines": float(len(lines)),
        "value": value,
        "log_value": math.log1p(value),
        "net_kg": kg,
        "value_per_kg": value / kg if kg > 0 else None,
        "max_line_value": main.value,
        "hs2": hs[:2] or None,
        "hs4": hs[:4] or None,
        "hs6": hs[:6] or None,
        "hs_chapters": float(len({line.hs_code[:2] for line in lines})),
        "origin": main.origin,
        "origins": float(len({line.origin for line in lines if line.origin})),
        "partner": decl.partner,
        "party_country": decl.party_country,
        "origin_is_partner": (
            None if not (main.origin and decl.partner) else float(main.origin == decl.partner)
        ),
        "office": decl.office,
        "route": f"{decl.kind[:2]}:{decl.partner or '?'}:{decl.office}",
        "currency": main.currency,
        "holder_kind": (holder_kinds or {}).get(decl.holder or ""),
        "holder_age_days": holder_age_days(decl.holder, decl.day, registry),
        "holder_declarations": float(history.declarations),
        "holder_value": history.value,
        "holder_days_active": (
            float((decl.day - history.first).days) if history.first is not None else 0.0
        ),
        "holder_alerts": float(history.alerts),
        "holder_inspected": float(history.inspected),
        "holder_found": float(history.found),
        "holder_found_rate": (history.found / history.inspected) if history.inspected else None,
        "rules_score": decl.rules_score,
        "alerts": float(len(decl.hits)),
    }
    for hit in decl.hits:
        name = f"rule:{hit.rule}"
        out[name] = max(float(out.get(name) or 0.0), hit.score)
        for key, number in evidence_figures(hit.evidence):
            if not key:
                continue
            fname = f"ev:{hit.rule}:{key}"
            prev = out.get(fname)
            out[fname] = number if prev is None else max(float(prev), number)
    return out


def advance(history: HolderHistory, decl: Declaration) -> None:
    """Count ``decl`` into its holder's history (after its own features were built)."""
    history.declarations += 1
    history.value += decl.value
    history.alerts += len(decl.hits)
    if history.first is None:
        history.first = decl.day


@dataclass(frozen=True)
class FeatureSpec:
    """The columns of a model: numeric names, categorical names and each one's categories."""

    numeric: tuple[str, ...]
    categorical: tuple[str, ...]
    categories: dict[str, tuple[str, ...]]
    #: HS-6 and HS-4 codes -> median log(value per kg) of the declarations fitted on
    peers: dict[str, float] = field(default_factory=dict)

    @property
    def names(self) -> tuple[str, ...]:
        return self.numeric + self.categorical

    @classmethod
    def fit(
        cls,
        rows: Sequence[Mapping[str, FeatureValue]],
        *,
        max_categories: int = 200,
        min_count: int = 2,
        reference: Sequence[Mapping[str, FeatureValue]] | None = None,
    ) -> FeatureSpec:
        """Columns seen in ``rows``; a category needs ``min_count`` rows, the rarest beyond
        ``max_categories`` are read as missing (a model learns nothing from one row). With
        ``reference`` (every declaration known, not only the inspected ones), the peers'
        medians of value per kg are fitted on it and :data:`PEER_FEATURE` is a column."""
        numeric: set[str] = set()
        counts: dict[str, Counter[str]] = {c: Counter() for c in CATEGORICAL}
        for row in rows:
            for name, value in row.items():
                if name in counts:
                    if value is not None:
                        counts[name][str(value)] += 1
                elif value is not None:
                    numeric.add(name)
        categories = {
            name: tuple(
                sorted(v for v, n in counts[name].most_common(max_categories) if n >= min_count)
            )
            for name in CATEGORICAL
        }
        peers = peer_medians(reference) if reference else {}
        if peers:
            numeric.add(PEER_FEATURE)
        return cls(tuple(sorted(numeric)), CATEGORICAL, categories, peers)

    def peer_ratio(self, features: Mapping[str, FeatureValue]) -> float:
        """log(value per kg) less its HS code's median (NaN without either)."""
        vpk, hs6, hs4 = features.get("value_per_kg"), features.get("hs6"), features.get("hs4")
        if not isinstance(vpk, int | float) or vpk <= 0:
            return math.nan
        median = self.peers.get(str(hs6))
        if median is None:
            median = self.peers.get(str(hs4))
        return math.nan if median is None else math.log(vpk) - median

    def row(self, features: Mapping[str, FeatureValue]) -> list[float]:
        """Numbers in column order; NaN for missing, a category's index for a category."""
        out: list[float] = []
        for name in self.numeric:
            if name == PEER_FEATURE:
                out.append(self.peer_ratio(features))
                continue
            v = features.get(name)
            out.append(float(v) if isinstance(v, int | float) else math.nan)
        for name in self.categorical:
            v = features.get(name)
            index = self._index(name).get(str(v)) if v is not None else None
            out.append(float(index) if index is not None else math.nan)
        return out

    def _index(self, name: str) -> dict[str, int]:
        cache: dict[str, dict[str, int]] = self.__dict__.setdefault("_cache", {})
        found = cache.get(name)
        if found is None:
            found = {v: i for i, v in enumerate(self.categories.get(name, ()))}
            cache[name] = found
        return found

    def to_json(self) -> dict[str, Any]:
        return {
            "numeric": list(self.numeric),
            "categorical": list(self.categorical),
            "categories": {k: list(v) for k, v in self.categories.items()},
            "peers": dict(self.peers),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FeatureSpec:
        return cls(
            tuple(data["numeric"]),
            tuple(data["categorical"]),
            {k: tuple(v) for k, v in data["categories"].items()},
            {k: float(v) for k, v in (data.get("peers") or {}).items()},
        )


def peer_medians(rows: Iterable[Mapping[str, FeatureValue]]) -> dict[str, float]:
    """Median log(value per kg) per HS-6 and HS-4 code with at least :data:`PEER_MIN` rows."""
    import statistics

    logs: dict[str, list[float]] = {}
    for row in rows:
        vpk = row.get("value_per_kg")
        if not isinstance(vpk, int | float) or vpk <= 0:
            continue
        for key in ("hs6", "hs4"):
            code = row.get(key)
            if code:
                logs.setdefault(str(code), []).append(math.log(vpk))
    return {code: statistics.median(v) for code, v in logs.items() if len(v) >= PEER_MIN}


@dataclass(frozen=True)
class Revealed:
    """An outcome as the holder history counts it: the declaration's holder, day and result."""

    holder: str
    day: date
    found: bool


def build_all(
    declarations: Sequence[Declaration],
    *,
    registry: Mapping[str, date],
    holder_kinds: Mapping[str, str] | None = None,
    revealed: Sequence[Revealed] = (),
) -> list[Features]:
    """Features of every declaration in time order; a holder's inspections and findings count
    from the day after their outcome was recorded (never the declaration's own)."""
    import bisect

    by_holder: dict[str, tuple[list[date], list[int]]] = {}
    for r in sorted(revealed, key=lambda r: r.day):
        days, found = by_holder.setdefault(r.holder, ([], []))
        days.append(r.day)
        found.append((found[-1] if found else 0) + int(r.found))
    histories: dict[str, HolderHistory] = {}
    out: list[Features] = []
    for decl in declarations:
        key = decl.holder or ""
        history = histories.setdefault(key, HolderHistory())
        known = by_holder.get(key)
        if known is not None:
            n = bisect.bisect_left(known[0], decl.day)
            history.inspected = n
            history.found = known[1][n - 1] if n else 0
        out.append(build(decl, history, registry=registry, holder_kinds=holder_kinds))
        advance(history, decl)
    return out
