"""Bulk ingest into SQLite on two cores: a writer process writes batch N while N+1 is applied.

Why: ingest spends about half its time in Python (validating, hashing, applying events, building
rows) and half in SQLite (binding rows, maintaining indexes, committing). A thread cannot overlap
them: ``executemany`` takes the GIL back for every row, and the two threads then run in turn
(measured: slower than doing both in one thread). A second process can. The main process applies
batch N+1 in memory while a small writer process (``python -m tamga.store.pipeline``, its own
SQLite connection) writes batch N. The writer commits every ``COMMIT_EVERY`` events (a group of
batches in one transaction): each commit writes every index page its batches touched, and in the
indexes keyed by holder that is about one page per holder whatever the group's size.

How it stays correct:

- One batch at most is in flight, and the batches written but not committed are merged into an
  :class:`~tamga.store.ledger_store.InFlight` (their event ids, new and changed lots, transits).
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
one, batch after batch in one process.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import queue
import signal
import sqlite3
import struct
import subprocess
import sys
import threading
import traceback
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from tamga.store.ledger_store import Candidate, InFlight, LedgerStore, Outcome, Prepared

    #: takes the outcomes of committed batches, in order
    Deliver = Callable[[list[list[Outcome]]], None]

#: set on every SQLite connection (the store's and the writer's)
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA busy_timeout=30000",
    # Up to 256 MB of page cache (grown only as used): a million-event ledger's indexes with
    # random keys (holders, event ids, lot ids) no longer fit in 64 MB, and every miss is a
    # read during ingest (at 400k events: 8.3k → 10.1k events/s).
    "PRAGMA cache_size=-262144",
    "PRAGMA temp_store=MEMORY",
    # Checkpoint the WAL into the database every ~200 MB instead of every 4 MB (the default):
    # an ingest batch dirties thousands of index pages, and each checkpoint copies and syncs
    # them; fewer checkpoints copy a page rewritten by several batches only once.
    "PRAGMA wal_autocheckpoint=50000",
    "PRAGMA journal_size_limit=268435456",
)

_HEADER = struct.Struct("<Q")

#: events per transaction in a bulk ingest through the writer (several batches)
COMMIT_EVERY = 40_000


class WriterFailed(RuntimeError):
    """The writer process could not commit a batch; that batch and the ones after it are lost."""


def _send(stream: IO[bytes], obj: Any) -> None:
    # marshal, not pickle: rows are tuples of plain values, both ends run the same interpreter,
    # and it is ~10x faster to write than pickle (pickle cost ~8 µs per event on the main side)
    data = marshal.dumps(obj, 4)
    stream.write(_HEADER.pack(len(data)))
    stream.write(data)
    stream.flush()


def _receive(stream: IO[bytes]) -> Any:
    head = stream.read(_HEADER.size)
    if len(head) < _HEADER.size:
        raise EOFError
    (size,) = _HEADER.unpack(head)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return marshal.loads(data)


class LedgerPipeline:
    """Feed batches to a writer process, one in flight; commit them in groups.

    ``commit_every`` events make one transaction: a batch dirties one page per holder in each
    index keyed by holder, whatever its size, so fewer, larger commits write far fewer pages.
    Outcomes go to ``deliver`` once their group has committed: after the next batch is sent where
    that batch commits on its own (listeners run while the writer writes it), before it where it
    opens a group (the writer would hold the write lock for batches not sent yet, and a listener
    may write to the store).
    """

    def __init__(self, store: LedgerStore, database: str, commit_every: int = COMMIT_EVERY) -> None:
        self.store = store
        self.commit_every = commit_every
        self.inflight: Prepared | None = None  # sent, its reply not read yet
        self.written: list[Prepared] = []  # written into the writer's open transaction
        self.uncommitted: InFlight | None = None  # both of the above, merged
        src = str(Path(__file__).resolve().parents[2])
        path = os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")]))
        env = os.environ | {"PYTHONPATH": path}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tamga.store.pipeline", database, str(os.getpid())],
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
        store = self.store
        try:
            with store.engine.connect() as conn:
                view = self.uncommitted
                if view is None:
                    head, last_seq, clock = store.read_head(conn)
                    if head != store._cache_head:
                        store._drop_cache()
                else:
                    head, last_seq, clock = view.head, view.last_seq, view.clock
                prepared = store.prepare(conn, candidates, head, last_seq, clock, view)
            store.keep(prepared)
        except BaseException:
            self._fail()
            raise
        done: list[list[Outcome]] = []
        if self.inflight is not None:
            status, done = self._settle()
            if status == "moved":
                # another writer moved the head: apply the batch again on the ordinary path
                deliver([*done, store.apply_batch(prepared.candidates)])
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
            return status, [self.store.apply_batch(inflight.candidates)]
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
        # imported here: the store imports this module, and the writer process needs neither
        from tamga.store.ledger_store import InFlight

        if self.uncommitted is None:
            self.uncommitted = InFlight()
        self.uncommitted.add(prepared)
        statements = prepared.release()
        self._transmit(prepared.start_head, statements, commit=commit)
        self.inflight = prepared

    def _transmit(self, head: str, statements: list[Any], *, commit: bool) -> None:
        assert self.proc.stdin is not None
        try:
            _send(self.proc.stdin, (head, statements, commit))
        except BaseException as exc:
            self._fail()
            raise WriterFailed(f"the SQLite writer process is gone: {exc}") from exc

    def _wait(self) -> str:
        """The writer's reply: written, committed, or moved (another writer moved the head)."""
        assert self.proc.stdout is not None
        try:
            status, detail = _receive(self.proc.stdout)
        except BaseException as exc:
            self._fail()
            raise WriterFailed(f"the SQLite writer process stopped ({exc!r})") from exc
        if status in ("written", "committed"):
            return str(status)
        self.store._drop_cache()
        if status == "moved":
            return "moved"
        self._fail()
        raise WriterFailed(
            f"the SQLite writer failed; its open batches were not committed:\n{detail}"
        )

    def _fail(self) -> None:
        self.store._drop_cache()
        self._reset()
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            with contextlib.suppress(OSError):
                if pipe is not None:
                    pipe.close()


# -- the writer process --------------------------------------------------------------------------
def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        sys.exit(0)


def _serve(database: str, parent: int) -> None:
    _die_with_parent(parent)
    conn = sqlite3.connect(database, isolation_level=None)
    for pragma in SQLITE_PRAGMAS:
        conn.execute(pragma)
    conn.execute("PRAGMA wal_autocheckpoint=0")
    try:
        _write_batches(conn)
    finally:
        conn.close()


def _write_batches(conn: sqlite3.Connection) -> None:
    """Write each batch into the open transaction; commit where the main process says so.

    A group's first batch takes the write lock and checks the chain head; the lock is then held
    until the group commits, so no other writer can move the head in between.

    After each commit, once the main process has its reply, the writer copies the WAL into the
    database (a passive checkpoint: it never waits on readers) while the main process applies
    the next batch. With nothing else writing, the checkpoint completes and the next group
    writes the WAL from its start again: it stays near one group's pages (~200 MB at a million
    events). Automatic checkpoints are off: they ran inside ``COMMIT``. A checkpoint in a thread
    beside the writer never caught up with it, and the WAL grew to 3 GB over a million events
    (every page write a new page of the file, 12 s more system time).

    Messages are read by a thread: the main process's next batch (tens of MB) is taken off the
    pipe during the checkpoint, instead of the main process waiting on a full pipe for it.
    """
    stdout = sys.stdout.buffer
    inbox: queue.Queue[Any] = queue.Queue(maxsize=2)
    threading.Thread(target=_read_messages, args=(sys.stdin.buffer, inbox), daemon=True).start()
    while True:
        message = inbox.get()
        if message is None:
            break
        expected, statements, commit = message
        try:
            if not conn.in_transaction:
                conn.execute("BEGIN IMMEDIATE")
                row = conn.execute("SELECT value FROM ledger_meta WHERE key = 'head'").fetchone()
                if row is None or row[0] != expected:
                    conn.execute("ROLLBACK")
                    _send(stdout, ("moved", row and row[0]))
                    continue
            for sql, rows in statements:
                conn.executemany(sql, rows)
            if commit:
                conn.execute("COMMIT")
            reply: tuple[str, Any] = ("committed" if commit else "written", None)
        except Exception:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            reply = ("error", traceback.format_exc())
        _send(stdout, reply)
        if reply[0] == "committed":
            with contextlib.suppress(sqlite3.Error):
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
    if conn.in_transaction:  # the main process stopped before committing: abandon the group
        conn.execute("ROLLBACK")


def _read_messages(stream: IO[bytes], inbox: queue.Queue[Any]) -> None:
    try:
        while True:
            inbox.put(_receive(stream))
    except EOFError:
        pass
    finally:
        inbox.put(None)


if __name__ == "__main__":
    _serve(sys.argv[1], int(sys.argv[2]))
