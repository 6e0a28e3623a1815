"""Reading FtM JSON lines, deltas and CSV into listed entities."""

from __future__ import annotations

from pathlib import Path

import pytest

from tamga.errors import InvalidInput
from tamga.screening import Screener
from tamga.screening.loading import load_path


def test_ftm_file_keeps_parties_with_source_lists_and_date(shared_dir: Path) -> None:
    path = shared_dir / "data" / "sanctions" / "ftm" / "zala.entities.ftm.json"
    ops = list(load_path(path))
    schemas = {e.schema for _, e in ops}
    assert schemas <= {"Person", "Company", "Organization", "LegalEntity"}
    assert all(op == "ADD" and e.names and e.source == path.name for op, e in ops)
    assert all(e.datasets and e.listed_on for _, e in ops)


def test_delta_files_apply_in_order(shared_dir: Path) -> None:
    ftm = shared_dir / "data" / "sanctions" / "ftm"
    ops = [op for p in sorted(ftm.glob("t2-*.delta.json")) for op, _ in load_path(p)]
    assert set(ops) <= {"ADD", "MOD", "DEL"} and ops
    screener = Screener.from_files([ftm / "t1.entities.ftm.json", *sorted(ftm.glob("t2-*"))])
    assert screener.screen("Vladimir Plotnikov")[0].entity_id == "Q4365364"


def test_bad_json_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ftm.json"
    bad.write_text('{"id": "a", "schema": "Person", "properties": {"name": ["A B"]}}\n{oops\n')
    with pytest.raises(InvalidInput, match=r"bad\.ftm\.json:2"):
        list(load_path(bad))


def test_csv_requires_id_and_name(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("name,country\nAlma,kz\n")
    with pytest.raises(InvalidInput, match="id"):
        list(load_path(bad))
