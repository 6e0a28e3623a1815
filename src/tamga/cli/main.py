"""The ``tamga`` command.

The console script ``main`` registers only the module that owns the command on the command line,
so that ``tamga stock`` does not wait for the statistics libraries to import. ``app`` imported
from here has every command (for ``python -m tamga``, the docs and the tests).
"""

from __future__ import annotations

import sys

import typer

from tamga.cli.base import COMMANDS, load


def main() -> None:
    """Console-script entry: import only the owner of ``argv[1]`` when it is a known command."""
    owner = COMMANDS.get(sys.argv[1]) if len(sys.argv) > 1 else None
    load(None if owner is None else {owner})()


def __getattr__(name: str) -> typer.Typer:
    if name == "app":
        return load()
    raise AttributeError(name)


if __name__ == "__main__":  # pragma: no cover
    main()
