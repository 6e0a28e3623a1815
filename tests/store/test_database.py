"""The store opens on SQLite and PostgreSQL with every part's migrations applied."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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


def test_each_parts_newest_file_is_alembic_s_head() -> None:
    from alembic.script import ScriptDirectory

    from tamga.store.database import alembic_config, newest_revisions

    assert newest_revisions() == set(ScriptDirectory.from_config(alembic_config()).get_heads())


def test_an_up_to_date_store_opens_without_importing_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tamga.sqlite'}"
    connect(url)
    code = (
        "import sys; from tamga.store.database import connect, is_current; "
        f"e = connect({url!r}); assert is_current(e); print('alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
