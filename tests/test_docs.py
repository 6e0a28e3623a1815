"""The docs stay true: every ``tamga`` command line shown in the README and docs/ exists.

Each command line in a fenced block names a command path (``tamga stats growth``); that path
must answer ``--help``, and every ``--option`` the line uses must be one the command declares.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import typer

from tamga.cli.main import app

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"```(?:sh|bash|console)?\n(.*?)```", re.S)


def _command_lines() -> list[tuple[str, str]]:
    found = []
    for doc in DOCS:
        for block in FENCE.findall(doc.read_text(encoding="utf-8")):
            for raw in block.replace("\\\n", " ").splitlines():
                text = raw.split(" #")[0].strip().removeprefix("$ ")
                if text.startswith("tamga "):
                    found.append((doc.name, text))
    return found


def _resolve(words: list[str]) -> tuple[Any, list[str]]:
    """Walk the command tree as far as the words name subcommands; return the command reached
    and the words left over (arguments and options)."""
    command: Any = typer.main.get_command(app)
    rest = list(words)
    while rest and rest[0] in getattr(command, "commands", {}):
        command, rest = command.commands[rest[0]], rest[1:]
    return command, rest


LINES = _command_lines()


def test_the_docs_show_commands_at_all() -> None:
    assert len(LINES) > 20


@pytest.mark.parametrize(("doc", "line"), LINES, ids=[f"{d}: {t[:60]}" for d, t in LINES])
def test_a_documented_command_line_names_a_real_command_and_real_options(
    doc: str, line: str
) -> None:
    words = shlex.split(line.replace("…", "").replace("...", ""))[1:]
    command, rest = _resolve(words)
    declared = {opt for p in command.params for opt in (*p.opts, *p.secondary_opts)}
    used = {w.split("=")[0] for w in rest if w.startswith("--")}
    unknown = used - declared - {"--help"}
    assert not unknown, f"{doc}: `{line}` uses options {sorted(unknown)} that {command.name} lacks"
    if hasattr(command, "commands"):
        # a group named with more words must run itself (as ``tamga simulate --seed 1`` does)
        assert command.invoke_without_command or not rest, f"{doc}: `{line}` names no command"
