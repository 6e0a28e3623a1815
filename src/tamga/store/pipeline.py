"""Bulk ingest into SQLite on two cores: a writer process writes batch N while N+1 is applied.

Why: ingest spends about half its time in Python (validating, hashing, applying events, building
rows) and half in SQLite (binding rows, maintaining indexes, committing). A thread cannot overlap
them: ``executemany`` takes the GIL back for every row, and the two threads then run in turn
(measured: slower than doing both in one thread). A second process can. The main process applies
batch N+1 in memory while a small writer process (:mod:`tamga.store.sqlite_writer`, its own
SQLite connection) writes batch N. The writer commits every ``COMMIT_EVERY`` events (a group of
batches in one transaction): each commit writes every index page its batches touched, and in the
indexes keyed by holder that is about one page per holder whatever the group's size.

How it stays correct:

- One batch at most is in flight, and the batches written but not committed are merged into an
  :class:`~tamga.store.ledger_write.InFlight` (their event ids, new and changed lots, transits).
  The next batch is applied against the committed store plus that, so a re-sent event whose twin
  is not committed yet is a duplicate, and nothing an uncommitted batch did is missed.
- Outcomes go to the caller (and so to listeners) only once their group has committed, and never
  while the writer holds the write lock waiting for batches not sent yet: a listener may write to
  the store.
- A group's first batch checks, under the write lock, that the chain head is still the one it was
  applied after; the lock is then held until the group commits. If another writer moved the
  head, that batch and the next are applied again, one by one, on the ordinary path, with the
  cache dropped.
- Any other failure of the writer (an error, or the process gone) drops the cache and raises
  :class:`WriterFailed`; the open group is rolled back and nothing after it is sent.
- The writer dies with its parent (``PR_SET_PDEATHSIG`` on Linux, and it stops at end of input):
  a crash leaves committed groups whole and nothing half-written, as on the ordinary path.

Only file-backed SQLite stores take this path; PostgreSQL (and ``:memory:``) keep the ordinary
one, batch after batch in one process (:func:`batch_writer` picks).
The pipeline applies batches through :class:`~tamga.store.ledger_write.LedgerWriter`'s public
methods and is a :class:`~tamga.store.ledger_batch.BatchWriter`, as the direct writer is.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tamga.store.ledger_batch import BatchWriter, Candidate, Deliver, Outcome
from tamga.store.ledger_write import DirectWriter, InFlight, LedgerWriter, Prepared
from tamga.store.sqlite_writer import receive, send

#: events per transaction in a bulk ingest through the writer (several batches)
COMMIT_EVERY = 40_000


class WriterFailed(RuntimeError):
    """The writer process could not commit a batch; that batch and the ones after it are lost."""


def batch_writer(
    writer: LedgerWriter, *, bulk: bool, commit_every: int = COMMIT_EVERY
) -> BatchWriter:
    """The one place an ingest's writer is picked: a bulk load (its first batch full) into a
    file-backed SQLite store goes through the pipeline, anything else through the direct writer."""
    url = writer.engine.url
    database = url.database
    if bulk and url.get_backend_name() == "sqlite" and database not in (None, "", ":memory:"):
        assert database is not None
        return LedgerPipeline(writer, database, commit_every)
    return DirectWriter(writer)


class LedgerPipeline:
    """Feed batches to a writer process, one in flight; commit them in groups.

    ``commit_every`` events make one transaction: a batch dirties one page per holder in each
    index keyed by holder, whatever its size, so fewer, larger commits write far fewer pages.
    Outcomes go to ``deliver`` once their group has committed: after the next batch is sent where
    that batch commits on its own (listeners run while the writer writes it), before it where it
    opens a group (the writer would hold the write lock for batches not sent yet, and a listener
    may write to the store).
    """

    def __init__(
        self, writer: LedgerWriter, database: str, commit_every: int = COMMIT_EVERY
    ) -> None:
        self.writer = writer
        self.commit_every = commit_every
        self.inflight: Prepared | None = None  # sent, its reply not read yet
        self.written: list[Prepared] = []  # written into the writer's open transaction
        self.uncommitted: InFlight | None = None  # both of the above, merged
        src = str(Path(__file__).resolve().parents[2])
        path = os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")]))
        env = os.environ | {"PYTHONPATH": path}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tamga.store.sqlite_writer", database, str(os.getpid())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )

    @property
    def group_open(self) -> bool:
        """Whether the writer holds a transaction open (and with it the write lock)."""
        return bool(self.written)

    def submit(self, candidates: Sequence[Candidate], deliver: Deliver) -> None:
        """Apply a batch and hand it to the writer; ``deliver`` gets batches as they commit."""
        writer = self.writer
        try:
            with writer.engine.connect() as conn:
                view = self.uncommitted
                if view is None:
                    head, last_seq, clock = writer.read_head(conn)
                    writer.follow(head)
                else:
                    head, last_seq, clock = view.head, view.last_seq, view.clock
                prepared = writer.prepare(conn, candidates, head, last_seq, clock, view)
            writer.keep(prepared)
        except BaseException:
            self._fail()
            raise
        done: list[list[Outcome]] = []
        if self.inflight is not None:
            status, done = self._settle()
            if status == "moved":
                # another writer moved the head: apply the batch again on the ordinary path
                deliver([*done, writer.apply_batch(prepared.candidates)])
                return
        view = self.uncommitted
        commit = (view.events if view is not None else 0) + len(candidates) >= self.commit_every
        if done and not commit:
            # this batch opens or continues a group: the writer will hold the write lock until
            # later batches, so listeners (which may write) hear of the last group first
            deliver(done)
            done = []
        self._send(prepared, commit)
        if done:
            # the writer commits this batch on its own: listeners run while it writes
            deliver(done)

    def finish(self, deliver: Deliver) -> None:
        """Commit what is written and in flight, deliver it, and stop the writer."""
        done: list[list[Outcome]] = []
        if self.inflight is not None:
            _, done = self._settle()
        if self.written:
            assert self.uncommitted is not None
            self._transmit(self.uncommitted.head, [], commit=True)
            if self._wait() != "committed":  # pragma: no cover - the writer holds the lock
                raise WriterFailed("the SQLite writer did not commit its open transaction")
            done = self._committed()
        self.close()
        if done:
            deliver(done)

    def close(self) -> None:
        """Stop the writer (what is not committed is abandoned, as a crash would)."""
        proc = self.proc
        with contextlib.suppress(OSError):  # also after a failure: the pipe is ours to close
            assert proc.stdin is not None
            proc.stdin.close()
        if proc.poll() is None:
            if self.inflight is not None or self.written:
                proc.kill()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        assert proc.stdout is not None
        proc.stdout.close()
        self._reset()

    def _settle(self) -> tuple[str, list[list[Outcome]]]:
        """Read the reply for the batch in flight: its status, and the batches now committed."""
        inflight = self.inflight
        assert inflight is not None
        status = self._wait()
        self.inflight = None
        if status == "moved":
            # only a group's first batch checks the head; nothing else is uncommitted
            assert not self.written
            self._reset()
            return status, [self.writer.apply_batch(inflight.candidates)]
        self.written.append(inflight)
        if status != "committed":
            return status, []
        return status, self._committed()

    def _committed(self) -> list[list[Outcome]]:
        """The outcomes of the group the writer has just committed; the pipeline starts afresh."""
        done = [p.outcomes for p in self.written]
        self._reset()
        return done

    def _reset(self) -> None:
        self.inflight = None
        self.written = []
        self.uncommitted = None

    def _send(self, prepared: Prepared, commit: bool) -> None:
        if self.uncommitted is None:
            self.uncommitted = InFlight()
        self.uncommitted.add(prepared)
        statements = prepared.release()
        self._transmit(prepared.start_head, statements, commit=commit)
        self.inflight = prepared

    def _transmit(self, head: str, statements: list[Any], *, commit: bool) -> None:
        assert self.proc.stdin is not None
        try:
            send(self.proc.stdin, (head, statements, commit))
        except BaseException as exc:
            self._fail()
            raise WriterFailed(f"the SQLite writer process is gone: {exc}") from exc

    def _wait(self) -> str:
        """The writer's reply: written, committed, or moved (another writer moved the head)."""
        assert self.proc.stdout is not None
        try:
            status, detail = receive(self.proc.stdout)
        except BaseException as exc:
            self._fail()
            raise WriterFailed(f"the SQLite writer process stopped ({exc!r})") from exc
        if status in ("written", "committed"):
            return str(status)
        self.writer.forget()
        if status == "moved":
            return "moved"
        self._fail()
        raise WriterFailed(
            f"the SQLite writer failed; its open batches were not committed:\n{detail}"
        )

    def _fail(self) -> None:
        self.writer.forget()
        self._reset()
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            with contextlib.suppress(OSError):
                if pipe is not None:
                    pipe.close()
