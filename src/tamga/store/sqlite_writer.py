"""The SQLite writer process of the pipelined ingest (:mod:`tamga.store.pipeline`).

``python -m tamga.store.sqlite_writer DATABASE PARENT_PID`` reads batches of plain SQL and rows
from its stdin, writes them on its own SQLite connection, and answers each on its stdout. It
imports the standard library only, so it starts at once beside the main process; the framing
(:func:`send`, :func:`receive`) and the connection pragmas are shared with the main process.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import queue
import signal
import sqlite3
import struct
import sys
import threading
import traceback
from typing import IO, Any

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


def send(stream: IO[bytes], obj: Any) -> None:
    """Write one message: its length, then its marshalled value."""
    # marshal, not pickle: rows are tuples of plain values, both ends run the same interpreter,
    # and it is ~10x faster to write than pickle (pickle cost ~8 µs per event on the main side)
    data = marshal.dumps(obj, 4)
    stream.write(_HEADER.pack(len(data)))
    stream.write(data)
    stream.flush()


def receive(stream: IO[bytes]) -> Any:
    """Read one message; EOFError when the other end has closed the pipe."""
    head = stream.read(_HEADER.size)
    if len(head) < _HEADER.size:
        raise EOFError
    (size,) = _HEADER.unpack(head)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return marshal.loads(data)


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
                    send(stdout, ("moved", row and row[0]))
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
        send(stdout, reply)
        if reply[0] == "committed":
            with contextlib.suppress(sqlite3.Error):
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
    if conn.in_transaction:  # the main process stopped before committing: abandon the group
        conn.execute("ROLLBACK")


def _read_messages(stream: IO[bytes], inbox: queue.Queue[Any]) -> None:
    try:
        while True:
            inbox.put(receive(stream))
    except EOFError:
        pass
    finally:
        inbox.put(None)


if __name__ == "__main__":
    _serve(sys.argv[1], int(sys.argv[2]))
