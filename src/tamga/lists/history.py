"""An entry's life: listed, changed, removed, by which order; the delisting requests about it.

The list keeps every entry version and every amendment, so the life of an entry is read back
from them rather than stored twice: a version no amendment made is the entry as first listed
(by the order its source names), each amendment is a step with the version before and after
it. Delisting requests join in with their steps; an approved one names the amendments that
made it effective, and those amendments say which request they carry out.

With a brand, only the steps that touch that brand are kept (the brand named, added, dropped,
or the row it is on added, removed or re-kinded), and each says whether the brand is allowed
after it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tamga.lists.brands import same_brand
from tamga.lists.delisting import DelistingRequest
from tamga.lists.model import Action, Effect, Entry, GoodsList, Source, normalize_hs


@dataclass(frozen=True, slots=True)
class Event:
    """One step in an entry's life (or a delisting request's, which names the brand)."""

    on: date
    entry_id: str | None
    kind: str  # listed, added, changed, removed; delisting filed / review / approved / rejected
    detail: str
    source: Source | None = None
    seq: int | None = None  # the amendment's number in the store
    request_id: str | None = None
    allowed: bool | None = None  # with a brand: is it allowed after this step (None: no row)
    hs_prefixes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "on": self.on.isoformat(),
            "entry_id": self.entry_id,
            "kind": self.kind,
            "detail": self.detail,
            "source": self.source.to_dict() if self.source else None,
            "seq": self.seq,
            "request_id": self.request_id,
            "allowed": self.allowed,
            "hs_prefixes": list(self.hs_prefixes),
        }


def standing(entry: Entry | None, brand: str) -> bool | None:
    """Is ``brand`` allowed by this version of a row (None when there is no row)?"""
    if entry is None:
        return None
    named = any(same_brand(brand, b) for b in entry.brands)
    if entry.effect is Effect.ALLOWED_ONLY_BRANDS:
        return named
    if entry.effect is Effect.ALLOWED_EXCEPT_BRANDS:
        return not named
    if entry.effect is Effect.ALLOWED_PARALLEL_IMPORT:
        return True
    return None


def _meets(prefixes: Iterable[str], hs: str | None) -> bool:
    return hs is None or any(p.startswith(hs) or hs.startswith(p) for p in prefixes)


def _names(entry: Entry | None, brand: str) -> bool:
    return entry is not None and any(same_brand(brand, b) for b in entry.brands)


def _describe(before: Entry | None, after: Entry | None) -> str:
    """What a step changed, in a few words."""
    if before is None and after is not None:
        return _summary(after)
    if after is None and before is not None:
        return f"off the list (was {_summary(before)})"
    assert before is not None and after is not None
    parts = []
    if before.effect != after.effect:
        parts.append(f"{before.effect} → {after.effect}")
    if before.hs_prefixes != after.hs_prefixes:
        parts.append(f"HS {', '.join(before.hs_prefixes)} → {', '.join(after.hs_prefixes)}")
    gained = [b for b in after.brands if not any(same_brand(b, o) for o in before.brands)]
    lost = [b for b in before.brands if not any(same_brand(b, n) for n in after.brands)]
    if gained:
        parts.append("brands + " + ", ".join(gained))
    if lost:
        parts.append("brands − " + ", ".join(lost))
    if before.note != after.note:
        parts.append(f"note: {after.note or '—'}")
    return "; ".join(parts) or "restated, no change of substance"


def _summary(entry: Entry) -> str:
    text = f"{entry.effect} HS {', '.join(entry.hs_prefixes) or 'any'}"
    return text + (f" [{', '.join(entry.brands)}]" if entry.brands else "")


def entry_history(
    goods: GoodsList,
    *,
    brand: str | None = None,
    hs: str | None = None,
    requests: Sequence[DelistingRequest] = (),
    seqs: Sequence[int] | None = None,
) -> list[Event]:
    """The life of the entries of ``goods`` that meet ``hs`` (and name ``brand``), with the
    delisting requests about them, in date order. ``seqs`` are the stored numbers of
    ``goods.amendments``, in the same order (None for a list read from a file)."""
    code = normalize_hs(hs, field_name="hs") if hs else None
    versions: dict[str, list[Entry]] = {}
    for e in goods.entries:
        versions.setdefault(e.entry_id, []).append(e)
    for vs in versions.values():
        vs.sort(key=lambda e: e.valid_from)

    def chosen(entry_id: str) -> bool:
        """Entries meeting the code; with only a brand, the entries that ever name it."""
        vs = versions.get(entry_id, [])
        if not any(_meets(v.hs_prefixes, code) for v in vs):
            return False
        return brand is None or code is not None or any(_names(v, brand) for v in vs)

    made = {(a.entry_id, a.effective) for a in goods.amendments if a.action is not Action.REMOVE}
    by_seq = {}
    if seqs is not None:
        by_seq = {seq: i for i, seq in enumerate(seqs)}
    carried = {
        by_seq[s]: r.request_id for r in requests for s in r.amendments if s in by_seq
    }  # amendment index -> the request it carries out
    events: list[Event] = []
    for entry_id, vs in versions.items():
        if not chosen(entry_id):
            continue
        for v in vs:
            if (entry_id, v.valid_from) in made:
                continue
            if brand is None or _names(v, brand) or standing(v, brand) is not None:
                events.append(
                    Event(v.valid_from, entry_id, "listed", _summary(v), v.source, None, None,
                          standing(v, brand) if brand else None, v.hs_prefixes)
                )  # fmt: skip
    for i, a in enumerate(goods.amendments):
        if not chosen(a.entry_id):
            continue
        before = next((v for v in versions.get(a.entry_id, []) if v.valid_to == a.effective), None)
        after = a.entry if a.action is not Action.REMOVE else None
        if (
            brand is not None
            and standing(before, brand) == standing(after, brand)
            and _names(before, brand) == _names(after, brand)
        ):
            continue  # the step changed other brands of the row, not this one
        kind = {Action.ADD: "added", Action.CHANGE: "changed", Action.REMOVE: "removed"}[a.action]
        detail = _describe(before, after)
        if a.note:
            detail += f" — {a.note}"
        if a.source and a.source.requested_by:
            detail += f" (at the request of {a.source.requested_by})"
        shape = after or before
        events.append(
            Event(
                a.effective, a.entry_id, kind, detail, a.source,
                seqs[i] if seqs is not None else None, carried.get(i),
                standing(after, brand) if brand else None,
                shape.hs_prefixes if shape else (),
            )
        )  # fmt: skip
    for r in requests:
        if r.list_name != goods.name or (brand is not None and not same_brand(brand, r.brand)):
            continue
        if code is not None:
            if r.hs_scope and not _meets(r.hs_scope, code):
                continue
            named = any(
                chosen(eid) and any(_names(v, r.brand) for v in vs) for eid, vs in versions.items()
            )
            if not r.hs_scope and not named:
                continue  # an unscoped request about a brand these codes' rows do not name
        events.extend(_request_events(r))
    events.sort(key=lambda ev: (ev.on, _RANK.get(ev.kind, 1)))  # stable: steps keep their order
    return events


#: same-day order: a listing, then amendments (in the order applied), then a request's steps
_RANK = {"listed": 0, "delisting filed": 2, "delisting review": 3, "delisting approved": 4,
         "delisting rejected": 4}  # fmt: skip


def _request_events(r: DelistingRequest) -> list[Event]:
    scope = f" within HS {', '.join(r.hs_scope)}" if r.hs_scope else ""
    out = []
    for s in r.steps:
        day = date.fromisoformat(s.at[:10])
        if s.step == "filed":
            detail = f"{r.rights_holder} asks to delist {r.brand}{scope}"
            detail += f": {s.note}" if s.note else ""
            out.append(Event(day, None, "delisting filed", detail, request_id=r.request_id))
        elif s.step == "review":
            detail = f"taken under review by {s.actor}" + (f": {s.note}" if s.note else "")
            out.append(Event(day, None, "delisting review", detail, request_id=r.request_id))
        elif s.step == "approved":
            seqs = ", ".join(f"#{n}" for n in r.amendments)
            detail = (
                f"approved by {s.actor}, effective {r.effective}; made effective by "
                f"amendment {seqs}"
            )
            out.append(Event(day, None, "delisting approved", detail, request_id=r.request_id))
        elif s.step == "rejected":
            detail = f"rejected by {s.actor}: {r.decision_reason or s.note or ''}".rstrip(": ")
            out.append(Event(day, None, "delisting rejected", detail, request_id=r.request_id))
    return out
