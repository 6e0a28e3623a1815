"""One read side: outside the store, no module reads the ledger's tables itself.

Every read of ``events``, ``event_lines``, ``transits``, ``holders`` and ``ledger_meta`` goes
through ``tamga.store.ledger_read`` (whose ``Scope`` ``test_one_read_side.py`` holds to the
policy), so the tables' shape and the visibility rule are known in one place. A module that
imports the table objects from ``tamga.store.schema``, or names the tables in SQL text, fails
this test.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "tamga"
TABLES = frozenset({"events", "event_lines", "transits", "holders", "ledger_meta"})
#: names of ``tamga.store.schema`` that hand out the tables (the projections' tuple)
HANDLES = TABLES | {"LEDGER_PROJECTIONS"}
SQL = re.compile(
    r"\b(?:from|join|into|update|table)\s+(?:" + "|".join(sorted(TABLES)) + r")\b", re.IGNORECASE
)


def reads_tables(path: Path) -> list[str]:
    """How ``path`` reaches the ledger's tables other than through ledger_read."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    prose = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }  # docstrings speak of events "from" the ledger; they are not SQL
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "tamga.store.schema":
            found += [f"imports {a.name}" for a in node.names if a.name in HANDLES | {"*"}]
        elif isinstance(node, ast.Import):
            found += [f"imports {a.name}" for a in node.names if a.name == "tamga.store.schema"]
        elif (
            isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in prose
        ):
            found += [f"SQL {m.group(0)!r}" for m in SQL.finditer(node.value)]
    return found


def offenders() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel.startswith("store/"):
            continue
        if hows := reads_tables(path):
            out[rel] = hows
    return out


def test_no_module_outside_the_store_reads_the_ledger_tables_itself() -> None:
    assert offenders() == {}, "read the ledger through tamga.store.ledger_read instead"


def test_the_check_sees_an_import_and_raw_sql(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "from tamga.store.schema import events as e\n"
        "Q = \"SELECT type FROM event_lines WHERE role = 'line'\"\n"
        '"""Events read into events and from events: prose."""\n',
        encoding="utf-8",
    )
    assert reads_tables(module) == ["imports events", "SQL 'FROM event_lines'"]
