"""Bulk ingest into SQLite on two cores: a writer process commits batch N while N+1 is applied.

Why: ingest spends about half its time in Python (validating, hashing, applying events, building
rows) and half in SQLite (binding rows, maintaining indexes, committing). A thread cannot overlap
them: ``executemany`` takes the GIL back for every row, and the two threads then run in turn
(measured: slower than doing both in one thread). A second process can. The main process applies
batch N+1 in memory while a small writer process (``python -m tamga.store.pipeline``, its own
SQLite connection) writes and commits batch N.

How it stays correct:

- One batch at most is in flight. Batch N+1 is applied against the committed store plus batch N
  (its event ids, new and changed lots and transits: :meth:`LedgerStore.prepare`'s ``inflight``),
  so a re-sent event whose twin is still being written is a duplicate, and nothing batch N did is
  missed.
- Outcomes are returned (and so listeners told) only once the writer has committed the batch.
- The writer commits a batch only where the chain head is still the one the batch was applied
  after (checked under the write lock). If another writer moved it, the in-flight batch and the
  next one are applied again, one by one, on the ordinary path, with the cache dropped.
- Any other failure of the writer (an error, or the process gone) drops the cache and raises
  :class:`WriterFailed`; the batch that failed is not committed and nothing after it is sent.
- The writer dies with its parent (``PR_SET_PDEATHSIG`` on Linux, and it stops at end of input):
  a crash leaves committed batches whole and nothing half-written, as on the ordinary path.

Only file-backed SQLite stores take this path; PostgreSQL (and ``:memory:``) keep the ordinary
one, batch after batch in one process.
"""

from __future__ import annotations

import contextlib
import marshal
import os
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
    from collections.abc import Sequence

    from tamga.store.ledger_store import Candidate, LedgerStore, Outcome, Prepared

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
    """Feed batches to a writer process, one in flight; collect outcomes once committed."""

    def __init__(self, store: LedgerStore, database: str) -> None:
        self.store = store
        self.inflight: Prepared | None = None
        src = str(Path(__file__).resolve().parents[2])
        path = os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")]))
        env = os.environ | {"PYTHONPATH": path}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tamga.store.pipeline", database, str(os.getpid())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )

    def submit(self, candidates: Sequence[Candidate]) -> list[list[Outcome]]:
        """Apply a batch and hand it to the writer; the outcomes of batches committed meanwhile."""
        store = self.store
        try:
            with store.engine.connect() as conn:
                if self.inflight is None:
                    head, last_seq, clock = store.read_head(conn)
                    if head != store._cache_head:
                        store._drop_cache()
                else:
                    head = self.inflight.head
                    last_seq, clock = self.inflight.last_seq, self.inflight.clock
                prepared = store.prepare(conn, candidates, head, last_seq, clock, self.inflight)
            store.keep(prepared)
        except BaseException:
            self._fail()
            raise
        done: list[list[Outcome]] = []
        if self.inflight is not None:
            committed = self._wait()
            if not committed:
                # another writer moved the head: apply both batches again on the ordinary path
                done.append(store.apply_batch(self.inflight.candidates))
                done.append(store.apply_batch(prepared.candidates))
                self.inflight = None
                return done
            done.append(self.inflight.outcomes)
            self.inflight = None
        self._send(prepared)
        return done

    def finish(self) -> list[list[Outcome]]:
        """Wait for the batch in flight; stop the writer."""
        done: list[list[Outcome]] = []
        if self.inflight is not None:
            inflight = self.inflight
            if self._wait():
                done.append(inflight.outcomes)
            else:
                done.append(self.store.apply_batch(inflight.candidates))
            self.inflight = None
        self.close()
        return done

    def close(self) -> None:
        """Stop the writer (a batch still in flight is abandoned, as a crash would)."""
        proc = self.proc
        if proc.poll() is None:
            with contextlib.suppress(OSError):
                assert proc.stdin is not None
                proc.stdin.close()
            if self.inflight is not None:
                proc.kill()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        assert proc.stdout is not None
        proc.stdout.close()
        self.inflight = None

    def _send(self, prepared: Prepared) -> None:
        assert self.proc.stdin is not None
        try:
            _send(self.proc.stdin, (prepared.start_head, prepared.writes.sqlite_statements()))
        except BaseException as exc:
            self._fail()
            raise WriterFailed(f"the SQLite writer process is gone: {exc}") from exc
        self.inflight = prepared

    def _wait(self) -> bool:
        """True once the writer committed the batch in flight; False if the head had moved."""
        assert self.proc.stdout is not None
        try:
            status, detail = _receive(self.proc.stdout)
        except BaseException as exc:
            self._fail()
            raise WriterFailed(f"the SQLite writer process stopped ({exc!r})") from exc
        if status == "ok":
            return True
        self.store._drop_cache()
        if status == "moved":
            return False
        self._fail()
        raise WriterFailed(f"the SQLite writer failed; the batch was not committed:\n{detail}")

    def _fail(self) -> None:
        self.store._drop_cache()
        self.inflight = None
        if self.proc.poll() is None:
            self.proc.kill()


# -- the writer process --------------------------------------------------------------------------
def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        sys.exit(0)


class _Checkpointer(threading.Thread):
    """Copy the WAL into the database beside the writer, not inside its commits.

    At a million events a batch dirties tens of thousands of scattered index pages; the
    automatic checkpoint ran inside ``COMMIT`` and waited on the disk (copy and fsync) for about
    half of the writer's time. A passive checkpoint on its own connection runs while the writer
    binds the next batch (sqlite3 releases the GIL for the whole call). Checkpoints only copy
    committed pages, so a crash at any point leaves the store as consistent as before.
    """

    def __init__(self, database: str) -> None:
        super().__init__(daemon=True)
        self.wal = Path(f"{database}-wal")
        self.database = database
        self.due = threading.Event()
        self.stopping = False

    def run(self) -> None:
        conn = sqlite3.connect(self.database, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA busy_timeout=30000")
        while not self.stopping:
            self.due.wait()
            self.due.clear()
            with contextlib.suppress(OSError, sqlite3.Error):
                if self.wal.stat().st_size > _CHECKPOINT_BYTES:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        conn.close()

    def stop(self) -> None:
        self.stopping = True
        self.due.set()
        self.join()


#: a passive checkpoint starts once the WAL holds this much (the writer's own are off)
_CHECKPOINT_BYTES = 64 << 20


def _serve(database: str, parent: int) -> None:
    _die_with_parent(parent)
    conn = sqlite3.connect(database, isolation_level=None)
    for pragma in SQLITE_PRAGMAS:
        conn.execute(pragma)
    conn.execute("PRAGMA wal_autocheckpoint=0")
    checkpointer = _Checkpointer(database)
    checkpointer.start()
    try:
        _write_batches(conn, checkpointer)
    finally:
        checkpointer.stop()
        conn.close()


def _write_batches(conn: sqlite3.Connection, checkpointer: _Checkpointer) -> None:
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            expected, statements = _receive(stdin)
        except EOFError:
            break
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                row = conn.execute("SELECT value FROM ledger_meta WHERE key = 'head'").fetchone()
                if row is None or row[0] != expected:
                    conn.execute("ROLLBACK")
                    reply: tuple[str, Any] = ("moved", row and row[0])
                else:
                    for sql, rows in statements:
                        conn.executemany(sql, rows)
                    conn.execute("COMMIT")
                    checkpointer.due.set()
                    reply = ("ok", None)
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except Exception:
            reply = ("error", traceback.format_exc())
        _send(stdout, reply)


if __name__ == "__main__":
    _serve(sys.argv[1], int(sys.argv[2]))
