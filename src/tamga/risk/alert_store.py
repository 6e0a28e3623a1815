"""Alerts on SQL: upserts keyed by the alert's stable id, links for filtering, the workflow's
history, and each declaration's combined score and channel.

An alert raised again (by a later event, or by a whole-ledger run) has its findings updated and
keeps its workflow state and history: an analyst's work is never lost to a re-run.

Alert sequence numbers (the live stream's cursor) are taken under a store-level lock
(:mod:`tamga.risk.locks`), so they commit in order and a stream reading ``seq > n`` never skips
a change committed late. How far the log has been scored is the follower's state, kept apart
(:mod:`tamga.risk.follower_state`).
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, and_, delete, func, insert, select, update

from tamga.errors import NotFound
from tamga.risk import locks
from tamga.risk.config import RiskConfig
from tamga.risk.model import Alert
from tamga.risk.selectivity import combine, criteria_channel, final_channel
from tamga.store import ledger_read
from tamga.store.risk_tables import risk_alert_links, risk_alerts, risk_history, risk_subjects

_CHUNK = 500
_JSON_FIELDS = ("declarations", "event_ids", "holders", "transits", "locations", "evidence")
#: states whose alerts no longer count towards a declaration's score
_DISMISSED = frozenset({"closed_false_positive"})


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _dumps(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def row_to_alert(row: Any) -> dict[str, Any]:
    data = dict(row._mapping)
    for name in _JSON_FIELDS:
        data[name] = orjson.loads(data[name])
    data.pop("key", None)
    return data


class AlertStore:
    def __init__(self, engine: Engine, config: RiskConfig) -> None:
        self.engine = engine
        self.config = config

    # -- writing alerts ---------------------------------------------------------------------
    def save(self, alerts: Sequence[Alert], conn: Connection | None = None) -> None:
        """Insert new alerts, update re-raised ones, re-score the declarations they touch."""
        if not alerts:
            return
        if conn is not None:
            self._save(conn, alerts)
            return
        with self.engine.begin() as own:
            self._save(own, alerts)

    def _save(self, conn: Connection, alerts: Sequence[Alert]) -> None:
        stamp = now_text()
        self._lock_seq(conn)
        seq = self._next_seq(conn)
        ids = [a.id for a in alerts]
        existing: set[str] = set()
        for part in _chunks(ids):
            existing |= set(
                conn.execute(select(risk_alerts.c.id).where(risk_alerts.c.id.in_(part))).scalars()
            )
        owners = self._owners(conn, alerts)
        new_rows, changed = [], []
        for alert in alerts:
            seq += 1
            row = {
                "id": alert.id,
                "rule": alert.rule,
                "key": alert.key,
                "subject": alert.subject,
                "subject_kind": alert.subject_kind,
                "severity": self.config.severity(alert.score),
                "score": round(alert.score, 6),
                "title": alert.title,
                "time": alert.time,
                "seq": seq,
                "updated_at": stamp,
                "owner": owners.get(alert.id),
                **{name: _dumps(getattr(alert, name)) for name in _JSON_FIELDS},
            }
            if alert.id in existing:
                changed.append(row)
            else:
                new_rows.append(row | {"state": "new", "channel": "green", "created_at": stamp})
        if new_rows:
            conn.execute(insert(risk_alerts), new_rows)
        for row in changed:
            conn.execute(update(risk_alerts).where(risk_alerts.c.id == row["id"]).values(**row))
        for part in _chunks(ids):
            conn.execute(delete(risk_alert_links).where(risk_alert_links.c.alert_id.in_(part)))
        links = {
            (a.id, kind, value)
            for a in alerts
            for kind, values in (
                ("declaration", a.declarations),
                ("holder", a.holders),
                ("transit", a.transits),
            )
            for value in values
        }
        if links:
            conn.execute(
                insert(risk_alert_links),
                [{"alert_id": i, "kind": k, "value": v[:200]} for i, k, v in sorted(links)],
            )
        self._rescore(conn, sorted({(a.subject, a.subject_kind) for a in alerts}))

    def _owners(self, conn: Connection, alerts: Sequence[Alert]) -> dict[str, str]:
        """Each alert's owner: the holder of its subject event in the ledger (the import,
        export or sale whose declaration or invoice number is the subject; the start of a
        transit, whose carrier it is), preferring the event the alert names. A holder's alert
        is its own; a subject the ledger does not know gives no owner (no trader sees it)."""
        numbers = sorted({a.subject for a in alerts if a.subject_kind not in ("transit", "holder")})
        mrns = sorted({a.subject for a in alerts if a.subject_kind == "transit"})
        found = ledger_read.subject_holders(conn, numbers, mrns)
        owners: dict[str, str] = {}
        for alert in alerts:
            if alert.subject_kind == "holder":
                owners[alert.id] = alert.subject
                continue
            kind = "transit" if alert.subject_kind == "transit" else "number"
            candidates = found.get((kind, alert.subject), [])
            named = [h for e, h in candidates if e in alert.event_ids]
            owner = (named or [h for _e, h in candidates] or [None])[0]
            if owner:
                owners[alert.id] = owner
        return owners

    def _lock_seq(self, conn: Connection) -> None:
        """Take alert sequence numbers in commit order (held to the end of the transaction)."""
        locks.take(conn, locks.ALERT_SEQ)

    def _next_seq(self, conn: Connection) -> int:
        return int(
            conn.execute(select(func.coalesce(func.max(risk_alerts.c.seq), 0))).scalar() or 0
        )

    def _rescore(self, conn: Connection, subjects: Sequence[tuple[str, str]]) -> None:
        """Combined score, channel and hold of each subject, pushed to its alerts' channel."""
        sel = self.config.selectivity
        weights = {name: self.config.weight(name) for name in self.config.rules}
        for part in _chunks(list(subjects)):
            names = [s for s, _ in part]
            rows = conn.execute(
                select(
                    risk_alerts.c.subject,
                    risk_alerts.c.rule,
                    risk_alerts.c.score,
                    risk_alerts.c.state,
                ).where(risk_alerts.c.subject.in_(names))
            ).all()
            by: dict[str, list[Any]] = {}
            for r in rows:
                by.setdefault(r.subject, []).append(r)
            conn.execute(delete(risk_subjects).where(risk_subjects.c.subject.in_(names)))
            out = []
            for subject, kind in part:
                mine = by.get(subject, [])
                if not mine:
                    continue
                score = combine(
                    (weights.get(r.rule, 1.0), r.score) for r in mine if r.state not in _DISMISSED
                )
                criteria = criteria_channel(score, sel)
                channel = (
                    final_channel(subject, criteria, sel) if kind == "declaration" else criteria
                )
                out.append(
                    {
                        "subject": subject,
                        "kind": kind,
                        "score": score,
                        "channel": channel,
                        "alerts": len(mine),
                        "hold": any(r.state == "hold" for r in mine),
                    }
                )
                conn.execute(
                    update(risk_alerts)
                    .where(and_(risk_alerts.c.subject == subject, risk_alerts.c.channel != channel))
                    .values(channel=channel)
                )
            if out:
                conn.execute(insert(risk_subjects), out)

    def sync(self, alerts: Sequence[Alert], conn: Connection | None = None) -> dict[str, int]:
        """After a whole-ledger run: save every alert, drop untouched ones it no longer raises."""
        if conn is None:
            with self.engine.begin() as own:
                return self.sync(alerts, own)
        self._lock_seq(conn)  # before any row is touched: the workflow takes it first too
        keep = {a.id for a in alerts}
        worked = set(conn.execute(select(risk_history.c.alert_id).distinct()).scalars())
        stale = [
            i
            for i in conn.execute(select(risk_alerts.c.id)).scalars()
            if i not in keep and i not in worked
        ]
        subjects = [
            (r.subject, r.subject_kind)
            for part in _chunks(stale)
            for r in conn.execute(
                select(risk_alerts.c.subject, risk_alerts.c.subject_kind).where(
                    risk_alerts.c.id.in_(part)
                )
            )
        ]
        for part in _chunks(stale):
            conn.execute(delete(risk_alerts).where(risk_alerts.c.id.in_(part)))
            conn.execute(delete(risk_alert_links).where(risk_alert_links.c.alert_id.in_(part)))
        for part in _chunks(list(alerts), 2000):
            self._save(conn, part)
        self._rescore(conn, sorted(set(subjects)))
        return {"alerts": len(alerts), "dropped": len(stale)}

    # -- reading ----------------------------------------------------------------------------
    def list(
        self,
        *,
        rule: str | None = None,
        channel: str | None = None,
        state: str | None = None,
        declaration: str | None = None,
        holder: str | None = None,
        transit: str | None = None,
        severity: str | None = None,
        owner: str | None = None,
        limit: int | None = 200,
    ) -> list[dict[str, Any]]:
        q = select(risk_alerts)
        if owner:
            q = q.where(risk_alerts.c.owner == owner)
        if rule:
            q = q.where(risk_alerts.c.rule == rule)
        if channel:
            q = q.where(risk_alerts.c.channel == channel)
        if state:
            q = q.where(risk_alerts.c.state == state)
        if severity:
            q = q.where(risk_alerts.c.severity == severity)
        for kind, value in (("declaration", declaration), ("holder", holder), ("transit", transit)):
            if value:
                q = q.where(
                    risk_alerts.c.id.in_(
                        select(risk_alert_links.c.alert_id).where(
                            risk_alert_links.c.kind == kind, risk_alert_links.c.value == value
                        )
                    )
                )
        q = q.order_by(risk_alerts.c.score.desc(), risk_alerts.c.id)
        if limit:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return [row_to_alert(r) for r in conn.execute(q)]

    def get(self, alert_id: str) -> dict[str, Any]:
        with self.engine.connect() as conn:
            row = conn.execute(select(risk_alerts).where(risk_alerts.c.id == alert_id)).first()
            if row is None:
                raise NotFound(f"no alert {alert_id!r}")
            alert = row_to_alert(row)
            alert["history"] = [
                {
                    "at": h.at,
                    "actor": h.actor,
                    "action": h.action,
                    "from_state": h.from_state,
                    "to_state": h.to_state,
                    "reason": h.reason,
                    "assignee": h.assignee,
                }
                for h in conn.execute(
                    select(risk_history)
                    .where(risk_history.c.alert_id == alert_id)
                    .order_by(risk_history.c.id)
                )
            ]
        return alert

    def set_state(
        self,
        alert_id: str,
        *,
        from_state: str,
        to_state: str,
        action: str,
        actor: str,
        reason: str,
        assignee: str | None,
    ) -> None:
        with self.engine.begin() as conn:
            self._lock_seq(conn)  # first: SQLite's writer, PostgreSQL's sequence lock
            row = conn.execute(
                select(
                    risk_alerts.c.subject, risk_alerts.c.subject_kind, risk_alerts.c.assignee
                ).where(risk_alerts.c.id == alert_id)
            ).first()
            if row is None:
                raise NotFound(f"no alert {alert_id!r}")
            seq = self._next_seq(conn) + 1
            conn.execute(
                update(risk_alerts)
                .where(risk_alerts.c.id == alert_id)
                .values(
                    state=to_state,
                    assignee=assignee if assignee is not None else row.assignee,
                    seq=seq,
                    updated_at=now_text(),
                )
            )
            conn.execute(
                insert(risk_history).values(
                    alert_id=alert_id,
                    at=now_text(),
                    actor=actor,
                    action=action,
                    from_state=from_state,
                    to_state=to_state,
                    reason=reason,
                    assignee=assignee,
                )
            )
            self._rescore(conn, [(row.subject, row.subject_kind)])

    def subject(self, subject: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(risk_subjects).where(risk_subjects.c.subject == subject)
            ).first()
        return dict(row._mapping) if row else None

    def subjects(self, kind: str | None = None) -> builtins.list[dict[str, Any]]:
        q = select(risk_subjects)
        if kind:
            q = q.where(risk_subjects.c.kind == kind)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def counts(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {"by_channel": {}, "by_rule": {}, "by_state": {}}
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(
                    risk_alerts.c.rule, risk_alerts.c.channel, risk_alerts.c.state, func.count()
                ).group_by(risk_alerts.c.rule, risk_alerts.c.channel, risk_alerts.c.state)
            ).all()
        for rule, channel, state, n in rows:
            out["by_state"][state] = out["by_state"].get(state, 0) + n
            if state.startswith("closed"):
                continue
            out["by_channel"][channel] = out["by_channel"].get(channel, 0) + n
            out["by_rule"][rule] = out["by_rule"].get(rule, 0) + n
        return out

    def alerts_after(self, seq: int, limit: int = 200) -> builtins.list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(risk_alerts)
                .where(risk_alerts.c.seq > seq)
                .order_by(risk_alerts.c.seq)
                .limit(limit)
            )
            return [row_to_alert(r) for r in rows]

    def last_seq(self) -> int:
        with self.engine.connect() as conn:
            return self._next_seq(conn)

    def all_contents(self) -> builtins.list[dict[str, Any]]:
        """Every alert's findings (not workflow), for comparing runs."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(risk_alerts).order_by(risk_alerts.c.id)).all()
        out = []
        for r in rows:
            a = row_to_alert(r)
            out.append(
                {k: a[k] for k in ("id", "rule", "score", "title", "time", "subject", "channel")}
                | {k: a[k] for k in _JSON_FIELDS}
            )
        return out
