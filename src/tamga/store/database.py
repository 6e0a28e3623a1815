"""Open a store: an SQLAlchemy Engine for a URL, with every part's migrations applied.

SQLite gets WAL, a busy timeout and explicit transactions (so a crash mid-batch rolls back
cleanly); PostgreSQL is reached through psycopg 3. Migrations run on ``heads``: each part of tamga
is its own Alembic branch.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, exc, text
from sqlalchemy.engine import make_url

from tamga.settings import get_settings
from tamga.store.sqlite_writer import SQLITE_PRAGMAS

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
_PG_MIGRATION_LOCK = 7_242_001


def normalize_url(url: str) -> str:
    """Accept ``postgresql://`` and ``postgres://`` as psycopg 3 URLs."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def connect(url: str | None = None, *, migrate: bool = True, **engine_args: Any) -> Engine:
    """An Engine for ``url`` (default: the settings' ``database_url``), migrated."""
    url = normalize_url(url or get_settings().database_url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, **engine_args)
        _tune_sqlite(engine)
    else:
        engine_args.setdefault("pool_pre_ping", True)
        engine = create_engine(url, **engine_args)
    if migrate:
        upgrade(engine)
    return engine


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_connection.cursor()
        for pragma in SQLITE_PRAGMAS:
            cur.execute(pragma)
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")


def alembic_config(connection: Any = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("version_locations", str(MIGRATIONS / "versions"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def newest_revisions() -> set[str]:
    """Each part's newest revision, read from the file names alone.

    Revision ids are ``<part>_<NNNN>`` and each part is one chain, so the newest of a part is its
    head (tests/store holds this convention against Alembic's own heads). Knowing the heads
    without Alembic lets a command on an up-to-date store skip importing it (a third of a
    second of start-up).
    """
    newest: dict[str, str] = {}
    for path in (MIGRATIONS / "versions").glob("*_[0-9][0-9][0-9][0-9].py"):
        part = path.stem.rpartition("_")[0]
        newest[part] = max(newest.get(part, ""), path.stem)
    return set(newest.values())


def is_current(engine: Engine) -> bool:
    """Whether the store already stands at every part's newest revision."""
    try:
        with engine.connect() as conn:
            applied = set(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
    except exc.DBAPIError:  # a new store: no version table yet
        return False
    return applied == newest_revisions()


def upgrade(engine: Engine) -> None:
    """Apply every branch's migrations (under an advisory lock on PostgreSQL)."""
    if is_current(engine):
        return
    from alembic import command

    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
        command.upgrade(alembic_config(conn), "heads")


def take_write_lock(conn: Any) -> None:
    """Make a SQLite transaction a writer from its first statement (a no-op elsewhere).

    A deferred SQLite transaction that reads first and writes later cannot wait for another
    writer: its first write fails at once with "database is locked", whatever the busy timeout.
    A write statement first (this one changes nothing) makes it wait its turn instead.
    """
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("UPDATE ledger_meta SET value = value WHERE 0")
