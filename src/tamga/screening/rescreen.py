"""Continuous re-screening: when a list changes, every party the ledger knows is screened again
against what changed, and a new match on a declaration still open or recent raises an alert.

Parties are the consignors of imports, the consignees of exports, the carriers of transits and
the domestic holders (by their registry names), as the ``sanctioned_party`` risk rule screens
them. Alerts are the rule's own (same rule, same key, same evidence shape), so a later
whole-ledger risk run keeps them rather than dropping them. Decisions apply: a pair decided
``not_same`` raises nothing. What was found is kept per (party, entity) in
``screening_results``, with the list version, algorithm version and threshold; a match found
before is not new.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import orjson
from sqlalchemy import Engine, insert, select, update

from tamga.screening.decisions import DecisionBook, party_key
from tamga.screening.model import Match, Party
from tamga.screening.repository import ScreeningRepository
from tamga.screening.scoring import ALGORITHM_VERSION
from tamga.screening.screener import Screener
from tamga.store import ledger_read
from tamga.store.screening_tables import screening_entity_versions, screening_results

DEFAULT_WINDOW_DAYS = 90
_RULE = "sanctioned_party"


@dataclass
class LedgerParty:
    """One party as the ledger knows it, with the declarations (or transits) it is on."""

    role: str
    name: str
    country: str | None
    identifier: str | None
    #: (subject, kind, time, holder): kind is ``declaration`` or ``transit``
    subjects: list[tuple[str, str, str, str | None]] = field(default_factory=list)

    def party(self) -> Party:
        ids = (self.identifier,) if self.identifier else ()
        return Party(self.name, self.country, ids, party_id=self.identifier)


@dataclass(frozen=True, slots=True)
class RescreenReport:
    parties: int
    entities: int
    matches: int
    new_matches: int
    alerts: int
    list_version: dict[str, Any]


def ledger_parties(engine: Engine) -> list[LedgerParty]:
    """Every party on the ledger's declarations and transits, and every named holder."""
    found: dict[tuple[str, str, str | None, str | None], LedgerParty] = {}

    def add(
        role: str, name: str, country: str | None, ident: str | None, subject: Any = None
    ) -> None:
        if not name:
            return
        key = (role, name, country, ident)
        party = found.get(key)
        if party is None:
            party = found[key] = LedgerParty(role, name, country, ident)
        if subject is not None:
            party.subjects.append(subject)

    with engine.connect() as conn:
        names = {r.id: r.name or r.name_cyrillic for r in ledger_read.holder_rows(conn)}
        for row in ledger_read.declared_parties(conn):
            payload = orjson.loads(row.payload)
            if row.type == "transit_start":
                carrier = payload.get("carrier")
                subject = (row.transit_id, "transit", row.time, carrier)
                add("carrier", names.get(carrier, ""), "kz", carrier, subject)
                continue
            role = "consignee" if row.type == "export" else "consignor"
            other = payload.get(role) or {}
            subject = (row.declaration_no, "declaration", row.time, row.holder)
            add(role, other.get("name", ""), (other.get("country") or "").lower() or None,
                other.get("id"), subject)  # fmt: skip
            if row.holder in names:
                add("holder", names[row.holder], "kz", row.holder, subject)
    for hid, name in names.items():  # holders with no declaration yet are still screened
        add("holder", name or "", "kz", hid)
    return list(found.values())


def _open_declarations(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return ledger_read.open_declarations(conn)


def _ledger_clock(engine: Engine) -> datetime | None:
    with engine.connect() as conn:
        latest = ledger_read.last_event_time(conn)
    return datetime.fromisoformat(latest) if latest else None


def changed_since(engine: Engine, since: str) -> set[str]:
    """Ids of entities with a version loaded at or after ``since`` (added, changed or ended)."""
    v = screening_entity_versions
    with engine.connect() as conn:
        started = conn.scalars(select(v.c.entity_id).where(v.c.valid_from >= since))
        ended = conn.scalars(select(v.c.entity_id).where(v.c.valid_to >= since))
        return set(started) | set(ended)


def rescreen(
    engine: Engine,
    entity_ids: Iterable[str] | None = None,
    threshold: float | None = None,
    window_days: int = DEFAULT_WINDOW_DAYS,
    progress: Callable[[int, int], None] | None = None,
    now: str | None = None,
    workers: int = 1,
) -> RescreenReport:
    """Screen every ledger party against ``entity_ids`` (default: every listed entity) and
    alert on new matches on declarations open or within ``window_days`` of the ledger's last
    event. ``progress(done, total)`` is called as parties are screened; ``workers`` > 1
    screens in forked processes."""
    from tamga.risk.model import Alert, uniq
    from tamga.risk.service import AlertService

    service = AlertService(engine)
    rule = service.config.data.get("rules", {}).get(_RULE, {})
    cut = float(threshold if threshold is not None else rule.get("threshold", 0.85))
    repo = ScreeningRepository(engine)
    ids = None if entity_ids is None else sorted(set(entity_ids))
    entities = list(repo.entities(ids=ids))
    version = repo.list_version()
    parties = ledger_parties(engine)
    if not entities or not parties:
        return RescreenReport(len(parties), len(entities), 0, 0, 0, version)
    screener = Screener.from_entities(
        entities, cut, decisions=DecisionBook(repo.decisions()), list_version=version
    )
    stamp = now or datetime.now().astimezone().isoformat(timespec="seconds")
    clock = _ledger_clock(engine)
    recent_from = (clock - timedelta(days=window_days)).isoformat() if clock else ""
    open_declarations = _open_declarations(engine)
    known = _known_results(engine)
    matches_total = new_total = 0
    alerts: dict[str, Alert] = {}
    results: list[dict[str, Any]] = []
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(done, len(parties))

    screened = screener.screen_many(
        [lp.party() for lp in parties], cut, 3, workers=workers, progress=advance
    )
    for lp, (party, found) in zip(parties, screened, strict=True):
        if not found:
            continue
        key = party_key(party)
        matches_total += len(found)
        new = [m for m in found if (key, m.entity_id) not in known]
        new_total += len(new)
        live = [s for s in lp.subjects if s[0] and _live(s, recent_from, open_declarations)]
        for m in found:
            results.append(_result_row(key, lp, m, stamp, version, cut, bool(new and live)))
        if not new or not live:
            continue
        evidence = [_evidence(lp, m) for m in new]
        for subject, kind, time, holder in live:
            alert_key = f"{kind}:{subject}"
            alert = alerts.get(alert_key)
            if alert is None:
                top = max(new, key=lambda m: m.score)
                alert = alerts[alert_key] = Alert(
                    rule=_RULE,
                    key=alert_key,
                    score=min(1.0, max(0.7, top.score)),
                    title=f"{lp.role} {lp.name!r} matches listed {top.name!r} (list change)",
                    time=time,
                    subject=subject,
                    subject_kind=kind,
                    declarations=[subject] if kind == "declaration" else [],
                    transits=[subject] if kind == "transit" else [],
                    holders=uniq([holder]),
                    evidence={"matches": [], "rescreen": _provenance(version, cut, stamp)},
                )
            alert.evidence["matches"] = (alert.evidence["matches"] + evidence)[:10]
            alert.score = max(alert.score, min(1.0, max(m.score for m in new)))
    _save_results(engine, results, known)
    if alerts:
        service.store.save(list(alerts.values()))
    return RescreenReport(
        len(parties), len(entities), matches_total, new_total, len(alerts), version
    )


def _live(subject: tuple[str, str, str, str | None], recent_from: str, open_: set[str]) -> bool:
    """A declaration or transit recent enough, or a declaration whose goods are still held."""
    number, kind, time, _ = subject
    return time >= recent_from or (kind == "declaration" and number in open_)


def _provenance(version: dict[str, Any], threshold: float, at: str) -> dict[str, Any]:
    return {
        "list_version": version,
        "algorithm_version": ALGORITHM_VERSION,
        "threshold": threshold,
        "screened_at": at,
    }


def _evidence(lp: LedgerParty, match: Match) -> dict[str, Any]:
    return {
        "role": lp.role,
        "party": lp.name,
        "country": lp.country,
        "id": lp.identifier,
        **match.to_dict(),
        "screened_as": lp.name,
    }


def _result_row(
    key: str,
    lp: LedgerParty,
    match: Match,
    stamp: str,
    version: dict[str, Any],
    threshold: float,
    alerted: bool,
) -> dict[str, Any]:
    return {
        "party_key": key,
        "entity_id": match.entity_id,
        "party_name": lp.name,
        "role": lp.role,
        "score": round(match.score, 6),
        "first_matched": stamp,
        "last_screened": stamp,
        "load_id": version.get("load_id"),
        "algorithm_version": ALGORITHM_VERSION,
        "threshold": threshold,
        "alerts": int(alerted),
    }


def _known_results(engine: Engine) -> set[tuple[str, str]]:
    with engine.connect() as conn:
        rows = conn.execute(select(screening_results.c.party_key, screening_results.c.entity_id))
        return {(r[0], r[1]) for r in rows}


def _save_results(engine: Engine, rows: list[dict[str, Any]], known: set[tuple[str, str]]) -> None:
    r = screening_results
    fresh: dict[tuple[str, str], dict[str, Any]] = {}
    with engine.begin() as conn:
        for row in rows:
            pair = (row["party_key"], row["entity_id"])
            if pair in known:
                conn.execute(
                    update(r)
                    .where(r.c.party_key == pair[0], r.c.entity_id == pair[1])
                    .values(
                        score=row["score"], last_screened=row["last_screened"],
                        load_id=row["load_id"], algorithm_version=row["algorithm_version"],
                        threshold=row["threshold"], alerts=r.c.alerts + row["alerts"],
                    )
                )  # fmt: skip
            else:
                fresh[pair] = row
        if fresh:
            conn.execute(insert(r), list(fresh.values()))


def results(engine: Engine) -> list[dict[str, Any]]:
    """What re-screening has found, best first."""
    with engine.connect() as conn:
        rows = conn.execute(select(screening_results).order_by(screening_results.c.score.desc()))
        return [dict(row._mapping) for row in rows]
