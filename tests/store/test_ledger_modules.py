"""The ledger store's modules: a leaf for the batch types and the hash chain, a writer process
that starts without the rest of tamga, and one place that picks an ingest's batch writer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp
import pytest

from tamga.store.database import connect
from tamga.store.ledger_write import DirectWriter, LedgerWriter
from tamga.store.pipeline import LedgerPipeline, batch_writer


@pytest.mark.parametrize("leaf", ["tamga.store.ledger_batch", "tamga.store.sqlite_writer"])
def test_the_batch_types_and_the_writer_process_import_nothing_of_the_store(leaf: str) -> None:
    graph = grimp.build_graph("tamga", cache_dir=None)
    imported = graph.find_modules_directly_imported_by(leaf)
    assert {m for m in imported if m.startswith("tamga.store")} == set()


def test_the_writer_process_starts_on_the_standard_library_alone() -> None:
    # it is started for every bulk ingest, beside the main process: no SQLAlchemy, no pydantic
    code = (
        "import sys, tamga.store.sqlite_writer; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('sqlalchemy', 'pydantic', 'orjson') or m.startswith('tamga.ledger')))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert run.stdout.strip() == "[]"


def test_a_bulk_load_into_a_sqlite_file_is_the_only_one_that_takes_the_pipeline(
    tmp_path: Path,
) -> None:
    engine = connect(f"sqlite:///{tmp_path / 'l.sqlite'}")
    memory = connect("sqlite://")
    try:
        writer = LedgerWriter(engine, "KZ")
        piped = batch_writer(writer, bulk=True, commit_every=10)
        try:
            assert isinstance(piped, LedgerPipeline)
        finally:
            piped.close()
        assert isinstance(batch_writer(writer, bulk=False), DirectWriter)
        assert isinstance(batch_writer(LedgerWriter(memory, "KZ"), bulk=True), DirectWriter)
    finally:
        engine.dispose()
        memory.dispose()


def test_postgresql_takes_the_direct_writer(pg_url: str) -> None:
    engine = connect(pg_url)
    try:
        assert isinstance(batch_writer(LedgerWriter(engine, "KZ"), bulk=True), DirectWriter)
    finally:
        engine.dispose()
