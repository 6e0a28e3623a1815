"""The store opens on SQLite and PostgreSQL with every part's migrations applied."""

from __future__ import annotations

from sqlalchemy import inspect

from tamga.store.database import connect, normalize_url


def test_connect_applies_migrations_on_both_stores(store_url: str) -> None:
    engine = connect(store_url)
    tables = set(inspect(engine).get_table_names())
    assert {"events", "event_lines", "lots", "transits", "holders", "ledger_meta"} <= tables
    # a second open finds everything in place and changes nothing
    connect(store_url)
    assert set(inspect(engine).get_table_names()) == tables


def test_plain_postgres_urls_use_psycopg3() -> None:
    assert normalize_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("sqlite:///x.db") == "sqlite:///x.db"
