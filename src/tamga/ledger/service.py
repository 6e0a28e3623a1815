"""The ledger as a service: ingest, queries, verification and rebuild over a store.

The CLI, the REST API and the dashboard call this and nothing below it. Listeners (the risk
engine's incremental path, the live stream) are told of every committed batch.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import orjson
from sqlalchemy import ColumnElement, Engine

from tamga.errors import EventRejected, IntegrityError, InvalidInput, NotFound
from tamga.ledger.clock import DEFAULT_WINDOW, TimeWindow
from tamga.ledger.engine import Applied
from tamga.ledger.integrity import (
    IntegrityProblem,
    ProblemKind,
    projection_problems,
    row_problems,
)
from tamga.ledger.model import Event
from tamga.ledger.provenance import Parts, summarize
from tamga.ledger.state import Lot, Transit
from tamga.ledger.views import (
    IngestSummary,
    LedgerSummary,
    LotView,
    Position,
    RecordError,
    Stock,
    StockItem,
    TimelineStep,
    Trace,
    TraceAnnotation,
    TraceLine,
    TransitDetail,
    TransitView,
)
from tamga.settings import HOME_COUNTRY
from tamga.store.database import connect
from tamga.store.ledger_batch import (
    GENESIS,
    BatchWriter,
    Candidate,
    Outcome,
    canonical,
    chain,
    unavailable,
)
from tamga.store.ledger_queries import LedgerQueries
from tamga.store.ledger_write import LedgerWriter, replace_holders
from tamga.store.pipeline import COMMIT_EVERY, batch_writer

if TYPE_CHECKING:
    from tamga.ledger.parsing import RawRecord

__all__ = ["BATCH_SIZE", "COMMIT_EVERY", "IngestReport", "LedgerService", "VerifyReport"]

Listener = Callable[[Sequence[Applied]], None]

#: events applied at a time, and per transaction outside the SQLite bulk path (which commits
#: every ``COMMIT_EVERY`` events): larger batches mean fewer commits (each one writes the pages
#: every index touched), at the cost of memory and of the work a crash mid-batch loses
BATCH_SIZE = 10_000
#: what a transit's timeline keeps of an event's payload, in the payload's (sorted) key order
TIMELINE_KEYS: tuple[Literal["buyer", "invoice_no", "lat", "lon", "seller"], ...] = (
    "buyer",
    "invoice_no",
    "lat",
    "lon",
    "seller",
)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a bulk ingest.

    Ingest allocates millions of short-lived, acyclic objects (parsed events, rows), which
    reference counting frees; the cyclic collector would otherwise rescan every surviving one
    over and over (it cost about a fifth of ingest time). Errors kept for the report have their
    tracebacks dropped so they hold no frames. The collector's previous state is restored.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass
class IngestReport:
    accepted: int = 0
    duplicate: int = 0
    rejected: int = 0
    late: int = 0
    errors: list[EventRejected] = field(default_factory=list)

    def add(self, outcomes: Iterable[Outcome]) -> None:
        for o in outcomes:
            if o.status == "accepted":
                self.accepted += 1
                if o.applied is not None and o.applied.late:
                    self.late += 1
            elif o.status == "duplicate":
                self.duplicate += 1
            else:
                self.rejected += 1
                if o.error is not None:
                    self.errors.append(o.error)

    def merge(self, other: IngestReport) -> None:
        """Count another report's outcomes in this one (several files, one summary)."""
        self.accepted += other.accepted
        self.duplicate += other.duplicate
        self.rejected += other.rejected
        self.late += other.late
        self.errors.extend(other.errors)

    @property
    def ok(self) -> bool:
        return self.rejected == 0

    def as_dict(self) -> IngestSummary:
        return IngestSummary(
            accepted=self.accepted,
            duplicate=self.duplicate,
            rejected=self.rejected,
            late=self.late,
            errors=[
                RecordError(record=e.record, field=e.field, reason=e.reason) for e in self.errors
            ],
        )


@dataclass
class VerifyReport:
    events: int
    head: str
    problems: list[IntegrityProblem]
    last_seq: int = 0
    #: what was checked besides the chain: "columns", "projections (full replay)", "anchor"
    checked: list[str] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        """The head as ``SEQ:CHAIN_HASH``: written down outside the store, it shows a later
        deletion of the log's tail that rewrote the head row to match."""
        return f"{self.last_seq}:{self.head}"

    @property
    def ok(self) -> bool:
        return not self.problems


class LedgerService:
    """Ingest events and answer the ledger's questions."""

    def __init__(
        self, engine: Engine, home_country: str = HOME_COUNTRY, window: TimeWindow = DEFAULT_WINDOW
    ) -> None:
        self.engine = engine
        #: the times an event may carry (refused outside it, naming the field)
        self.window = window
        #: the ledger's reads (stock, traces, transits, the log) and its write path
        self.store = LedgerQueries(engine)
        self.writer = LedgerWriter(engine, home_country, window)
        self.home_country = home_country
        self.listeners: list[Listener] = []
        #: parts that add keys to a declaration's trace (the risk engine: channel, hold)
        self.annotators: list[Callable[[str], TraceAnnotation]] = []
        #: the last registry load's owners/directors report (tamga.ownership.model.LinkReport)
        self.holder_links: Any = None

    @classmethod
    def open(cls, url: str | None = None, home_country: str = HOME_COUNTRY) -> LedgerService:
        return cls(connect(url), home_country)

    def add_listener(self, listener: Listener) -> None:
        self.listeners.append(listener)

    # -- ingest -------------------------------------------------------------------------------
    def ingest_records(
        self,
        records: Iterable[RawRecord],
        batch_size: int = BATCH_SIZE,
        progress: Callable[[int], None] | None = None,
        commit_every: int = COMMIT_EVERY,
    ) -> IngestReport:
        """Ingest raw records; bad ones are reported and never block the good ones.

        Once a batch fills up (a bulk load), a file-backed SQLite store is written by a second
        process while the next batch is applied, and committed every ``commit_every`` events
        (:mod:`tamga.store.pipeline`); outcomes are reported, and listeners told of everything a
        commit made, only once it has committed, in order.
        """
        report = IngestReport()
        pending: list[tuple[list[Candidate], dict[int, Outcome]]] = []

        def done(results: list[list[Outcome]]) -> None:
            # listeners hear of everything one commit made at once: told batch by batch, a
            # follower of the log (the risk engine) read the commit's later batches back from
            # the store before being told of them
            applied: list[Applied] = []
            for result in results:
                sent, early = pending.pop(0)
                outcomes = _in_order(sent, early, result)
                report.add(outcomes)
                applied.extend(o.applied for o in outcomes if o.applied is not None)
                if progress:
                    progress(len(sent))
            self._tell(applied)

        def submit(writer: BatchWriter, batch: list[Candidate]) -> None:
            unique, early = _unique(batch)
            pending.append((batch, early))
            writer.submit(unique, done)

        with _collector_paused():
            batches = self._batches(records, batch_size, report)
            first = next(batches, None)
            if first is None:
                return report
            # a bulk load is one whose first batch fills up
            writer = batch_writer(
                self.writer, bulk=len(first) >= batch_size, commit_every=commit_every
            )
            try:
                submit(writer, first)
                del first  # a batch is held only until its outcomes are delivered
                for batch in batches:
                    submit(writer, batch)
                    del batch  # (not while the next one is read)
                writer.finish(done)
            finally:
                writer.close()
        return report

    def _batches(
        self, records: Iterable[RawRecord], batch_size: int, report: IngestReport
    ) -> Iterator[list[Candidate]]:
        """The records parsed into batches of candidates; the ones refused go to ``report``."""
        from tamga.ledger.parsing import nul_field, parse_event  # the event models' validators

        window, now = self.window, self.window.now()
        batch: list[Candidate] = []
        for rec in records:
            if rec.error is not None:
                err = EventRejected(rec.error, record=rec.ref)
                report.add([Outcome(rec.ref, "", "rejected", err)])
            else:
                try:
                    event = parse_event(rec.body, rec.ref)
                    window.check(event, rec.ref, now)
                except EventRejected as err:
                    err.__traceback__ = None
                    report.add([Outcome(rec.ref, "", "rejected", err)])
                else:
                    payload, digest = canonical(event)
                    bad = nul_field(payload, event)
                    if bad is not None:
                        nul = _nul_refused(rec.ref, bad)
                        report.add([Outcome(rec.ref, event.event_id, "rejected", nul)])
                    else:
                        batch.append(Candidate(rec.ref, event, payload, digest))
            if len(batch) >= batch_size:
                yield batch
                batch = []
        if batch:
            yield batch

    def ingest(self, bodies: Sequence[Any], source: str = "") -> list[Outcome]:
        """Ingest decoded events (API capture): one outcome per body, in order."""
        from tamga.ledger.parsing import nul_field, parse_event

        outcomes: list[Outcome | None] = [None] * len(bodies)
        batch: list[Candidate] = []
        slots: list[int] = []
        now = self.window.now()
        with _collector_paused():
            for i, body in enumerate(bodies):
                ref = f"{source}[{i}]" if source else f"[{i}]"
                try:
                    event = parse_event(body, ref)
                    self.window.check(event, ref, now)
                except EventRejected as err:
                    err.__traceback__ = None
                    eid = body.get("event_id", "") if isinstance(body, dict) else ""
                    outcomes[i] = Outcome(ref, str(eid), "rejected", err)
                    continue
                payload, digest = canonical(event)
                bad = nul_field(payload, event)
                if bad is not None:
                    outcomes[i] = Outcome(ref, event.event_id, "rejected", _nul_refused(ref, bad))
                    continue
                batch.append(Candidate(ref, event, payload, digest))
                slots.append(i)
            if batch:
                for i, outcome in zip(slots, self._commit(batch), strict=True):
                    outcomes[i] = outcome
        return [o for o in outcomes if o is not None]

    def _commit(self, batch: list[Candidate]) -> list[Outcome]:
        unique, early = _unique(batch)
        outcomes = _in_order(batch, early, self.writer.apply_batch(unique))
        self._tell([o.applied for o in outcomes if o.applied is not None])
        return outcomes

    def _tell(self, applied: list[Applied]) -> None:
        """Tell the listeners of what a commit applied."""
        if applied:
            for listener in self.listeners:
                listener(applied)

    # -- queries --------------------------------------------------------------------------------
    def stock(self, holder: str) -> Stock:
        """The holder's virtual warehouse: open lots by goods key and unit."""
        items: dict[tuple[str, str], StockItem] = {}
        for lot in self.store.open_lots(holder):
            item = items.setdefault(
                (lot.goods_key, lot.unit),
                StockItem(
                    goods_key=lot.goods_key,
                    hs_code=lot.hs_code[:6],
                    brand=lot.brand,
                    unit=lot.unit,
                    quantity=0.0,
                    lots=[],
                ),
            )
            item["quantity"] += lot.remaining
            item["lots"].append(_lot_view(lot))
        for item in items.values():
            item["quantity"] = round(item["quantity"], 6)
        return {"holder": holder, "items": list(items.values())}

    def trace(
        self, declaration_no: str, line_no: int | None = None, holder: str | None = None
    ) -> Trace:
        """Where the goods of a declaration came from: origins, import sources, holder paths.

        ``holder``: only the lines that holder filed or bought (a trader's trace); a number
        another holder used is then the same "not found" as a missing one.
        """
        rows = self.store.lines_of_declaration(declaration_no)
        if holder is not None:
            rows = [r for r in rows if holder_of_line(r) == holder or r["holder"] == holder]
        if not rows:
            raise NotFound(f"no declaration {declaration_no!r} in the ledger")
        out_lines: list[TraceLine] = []
        for row in rows:
            if line_no is not None and row["line_no"] != line_no:
                continue
            if row["provenance"] is not None:
                parts = Parts.from_json(orjson.loads(row["provenance"]))
            elif row["type"] == "import":
                parts = Parts()
                parts.add(
                    (
                        "import",
                        row["origin_country"],
                        declaration_no,
                        row["counterparty"],
                        (row["holder"],),
                    ),
                    row["quantity"],
                    row["value"] or 0.0,
                )
            else:
                continue
            out_lines.append(
                TraceLine(
                    line_no=row["line_no"],
                    event_id=row["event_id"],
                    type=row["type"],
                    holder=row["holder"],
                    country=row["country"],
                    hs_code=row["hs_code"],
                    brand=row["brand"],
                    quantity=row["quantity"],
                    unit=row["unit"],
                    value=row["value"],
                    unbacked_quantity=round(row["unbacked_qty"], 6),
                    **summarize(parts),
                )
            )
        if line_no is not None and not out_lines:
            raise NotFound(f"declaration {declaration_no!r} has no line {line_no}")
        notes = TraceAnnotation()
        for annotate in self.annotators:
            notes.update(annotate(declaration_no))
        return Trace(declaration_no=declaration_no, type=rows[0]["type"], lines=out_lines, **notes)

    def transit(self, transit_id: str) -> TransitDetail:
        """A transit as of the ledger clock, with its events (a checkpoint's position, a
        sale's parties) oldest first."""
        transit = self.store.transit(transit_id)
        if transit is None:
            raise NotFound(f"no transit {transit_id!r} in the ledger")
        timeline: list[TimelineStep] = []
        for e in self.store.events_of_transit(transit_id):
            step = TimelineStep(
                seq=e["seq"],
                event_id=e["event_id"],
                type=e["type"],
                time=e["time"],
                location=e["location"],
            )
            payload = orjson.loads(e["payload"])
            for key in TIMELINE_KEYS:
                if key in payload:
                    step[key] = payload[key]
            timeline.append(step)
        return TransitDetail(**_transit_view(transit, self.store.ledger_clock()), timeline=timeline)

    def transits(
        self,
        state: str | None = None,
        as_of: str | None = None,
        limit: int | None = None,
        after: str | None = None,
        visible: ColumnElement[bool] | None = None,
    ) -> list[TransitView]:
        as_of = as_of or self.store.ledger_clock()
        states = [state] if state else None
        found = self.store.transits(states, as_of=as_of, limit=limit, after=after, visible=visible)
        return [_transit_view(t, as_of) for t in found]

    def summary(self) -> LedgerSummary:
        counts = self.store.counts()
        head, _ = self.store.head()
        return LedgerSummary(
            events=counts["events"],
            by_type=counts["by_type"],
            lots=counts["lots"],
            unbacked_quantity=counts["unbacked_quantity"],
            late_events=counts["late_events"],
            transits=counts["transits"],
            clock=self.store.ledger_clock(),
            head=head,
        )

    # -- the log --------------------------------------------------------------------------------
    def verify(self, *, deep: bool = False, anchor: str | None = None) -> VerifyReport:
        """Recompute every content hash and the chain: any change, removal or reordering shows.

        Each log row's columns are checked against its payload too. ``deep``: the projections
        (lots, transits, lines) are compared, every row, with a replay of the log into a
        scratch store. ``anchor`` (``SEQ:CHAIN_HASH``, from an earlier ``VerifyReport.anchor``
        kept outside the store): the log must still reach that event with that hash.
        """
        previous, expected_seq, count = GENESIS, 1, 0
        problems: list[IntegrityProblem] = []
        checked = ["chain", "columns"]
        at_anchor: str | None = None
        want_seq, want_hash = _parse_anchor(anchor) if anchor else (None, None)
        validate = _event_json()
        for rows in self.store.iter_log():
            for row in rows:
                count += 1
                if row.seq != expected_seq:
                    problems.append(
                        IntegrityProblem(
                            ProblemKind.SEQ_MISSING,
                            f"seq {expected_seq}: missing (next is {row.seq})",
                            expected_seq,
                        )
                    )
                expected_seq = row.seq + 1
                digest = hashlib.sha256(row.payload.encode()).hexdigest()
                if digest != row.content_hash:
                    problems.append(
                        IntegrityProblem(
                            ProblemKind.CONTENT_CHANGED,
                            f"seq {row.seq} ({row.event_id}): content changed",
                            row.seq,
                            row.event_id,
                        )
                    )
                else:
                    problems.extend(row_problems(row, validate(row.payload)))
                linked = chain(previous, row.content_hash)
                if linked != row.chain_hash:
                    problems.append(
                        IntegrityProblem(
                            ProblemKind.CHAIN_BROKEN,
                            f"seq {row.seq} ({row.event_id}): chain broken",
                            row.seq,
                            row.event_id,
                        )
                    )
                previous = row.chain_hash
                if row.seq == want_seq:
                    at_anchor = row.chain_hash
                if len(problems) >= 100:
                    return VerifyReport(count, previous, problems, row.seq, checked)
        head, last_seq = self.store.head()
        if count and (head != previous or last_seq != expected_seq - 1):
            problems.append(
                IntegrityProblem(
                    ProblemKind.HEAD_MISMATCH,
                    "the chain head does not match the last event (events removed at the end)",
                    last_seq,
                )
            )
        if want_seq is not None:
            checked.append("anchor")
            if at_anchor is None:
                problems.append(
                    IntegrityProblem(
                        ProblemKind.ANCHOR_MISSING,
                        f"the anchor's event {want_seq} is not in the log (tail removed)",
                        want_seq,
                    )
                )
            elif at_anchor != want_hash:
                problems.append(
                    IntegrityProblem(
                        ProblemKind.ANCHOR_MISMATCH,
                        f"event {want_seq} does not have the anchor's chain hash",
                        want_seq,
                    )
                )
        if deep:
            checked.append("projections (full replay)")
            problems.extend(self._replay_problems())
        return VerifyReport(count, previous, problems, expected_seq - 1, checked)

    def _replay_problems(self) -> list[IntegrityProblem]:
        """The projections against a replay of the whole log into an in-memory store."""
        scratch = LedgerService(connect("sqlite://"), self.home_country)
        validate = _event_json()
        try:
            for rows in self.store.iter_log(chunk=BATCH_SIZE):
                batch = [(row.seq, validate(row.payload)) for row in rows]
                scratch.writer.replay(batch)
            return projection_problems(self.engine, scratch.engine)
        finally:
            scratch.engine.dispose()

    def rebuild(
        self, progress: Callable[[int], None] | None = None, notify: Sequence[Listener] = ()
    ) -> int:
        """Drop every projection and replay the log: the projections must come out the same.

        ``notify`` listeners see the replayed events exactly as live ingest showed them, which is
        how whole-ledger runs (``tamga risk run``) give the same answers as the live path.
        """
        report = self.verify()
        if not report.ok:
            raise IntegrityError(
                "the log does not verify; refusing to rebuild: " + report.problems[0].message
            )
        self.writer.clear_projections()
        total = 0
        validate = _event_json()
        with _collector_paused():
            for rows in self.store.iter_log(chunk=BATCH_SIZE):
                batch: list[tuple[int, Event]] = [(row.seq, validate(row.payload)) for row in rows]
                applied = self.writer.replay(batch, progress)
                for listener in notify:
                    listener(applied)
                total += len(batch)
        return total

    def load_holders(self, path: Path) -> int:
        """Load the holder registry (JSON Lines: id, name, kind, registered, city, ...).

        ``owners`` and ``directors`` of a holder go to the ownership graph
        (:mod:`tamga.ownership.registry`); their problems are recorded with the load."""
        from tamga.ownership.model import LinkReport
        from tamga.ownership.registry import holder_links
        from tamga.ownership.store import OwnershipStore

        rows = []
        links: list[Any] = []
        report = LinkReport(f"registry:{path.name}")
        with path.open("rb") as fh:
            for no, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                item = orjson.loads(line)
                if not isinstance(item, dict) or not item.get("id"):
                    raise EventRejected("a holder needs an id", record=f"{path}:{no}", field="id")
                rows.append(
                    {
                        c: item.get(c)
                        for c in ("id", "name", "name_cyrillic", "kind", "registered", "city")
                    }
                )
                found, problems = holder_links(item, f"{path}:{no}")
                links += found
                report.problems += problems
        with self.engine.begin() as conn:
            ids = [r["id"] for r in rows]
            replace_holders(conn, rows)
            OwnershipStore(self.engine).replace_registry_links(
                conn, [str(i) for i in ids], links, report
            )
        self.holder_links = report
        return len(rows)


def _event_json() -> Callable[[str | bytes], Event]:
    """The validator of an event's stored JSON, imported when first asked for: the queries
    (``tamga stock`` among them) never need the event models' validators."""
    from tamga.ledger.parsing import EVENT_ADAPTER

    return EVENT_ADAPTER.validate_json


def _parse_anchor(text: str) -> tuple[int, str]:
    seq, _, digest = text.strip().partition(":")
    if not seq.isascii() or not seq.isdigit() or len(digest) != 64:
        raise InvalidInput(
            "an anchor reads SEQ:CHAIN_HASH (from `tamga verify --anchor`)", field="anchor"
        )
    return int(seq), digest.lower()


def _nul_refused(ref: str, field_path: str) -> EventRejected:
    return EventRejected(
        "a NUL character (U+0000) is not accepted in any field",
        record=ref or None,
        field=field_path,
    )


def _in_order(
    batch: list[Candidate], early: dict[int, Outcome], results: list[Outcome]
) -> list[Outcome]:
    """A batch's outcomes in input order: those decided before it was applied, and the rest."""
    it = iter(results)
    return [early[i] if i in early else next(it) for i in range(len(batch))]


def _unique(batch: list[Candidate]) -> tuple[list[Candidate], dict[int, Outcome]]:
    """A batch without repeats: a repeated event_id is decided against its first occurrence."""
    seen: dict[str, str] = {}
    unique: list[Candidate] = []
    early: dict[int, Outcome] = {}
    for i, cand in enumerate(batch):
        eid = cand.event.event_id
        if eid in seen:
            if seen[eid] == cand.content_hash:
                early[i] = Outcome(cand.ref, eid, "duplicate")
            else:
                early[i] = Outcome(
                    cand.ref, eid, "rejected", unavailable("event_id", eid, cand.ref or eid)
                )
            continue
        seen[eid] = cand.content_hash
        unique.append(cand)
    return unique, early


def holder_of_line(row: dict[str, Any]) -> str | None:
    """Who may see a declaration line as its own: the filer, or the buyer of a sale."""
    if row["type"] == "transfer":
        return str(row["counterparty"]) if row["counterparty"] is not None else None
    return str(row["holder"]) if row["holder"] is not None else None


def _lot_view(lot: Lot) -> LotView:
    return LotView(
        lot_id=lot.lot_id,
        label=lot.label,
        time=lot.time,
        quantity_in=lot.qty_in,
        remaining=round(lot.remaining, 6),
        value=lot.value,
        origin_country=lot.origin_country,
        declaration_no=lot.declaration_no,
        localization=lot.localization,
    )


def _transit_view(t: Transit, as_of: str | None) -> TransitView:
    return TransitView(
        transit_id=t.transit_id,
        state=t.state_as_of(as_of),
        office_of_departure=t.office_of_departure,
        office_of_destination=t.office_of_destination,
        destination_country=t.destination_country,
        carrier=t.carrier,
        vehicle=t.vehicle,
        seals=t.seals,
        start_time=t.start_time,
        deadline=t.deadline,
        end_time=t.end_time,
        end_office=t.end_office,
        reason=t.reason,
        checkpoints=t.checkpoints,
        last_position=Position(
            time=t.last_time, location=t.last_location, lat=t.last_lat, lon=t.last_lon
        ),
        lines=t.lines,
    )
