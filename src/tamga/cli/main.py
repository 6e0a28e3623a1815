"""The ``tamga`` command: one Typer app; each part registers its commands here."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="tamga",
    help="Follow goods from border to border: ledger, lists, screening, risk, statistics.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    # Each part's commands live in tamga.cli.<part>; importing it registers them on ``app``.
    from tamga.cli import (  # noqa: F401
        case,
        demo,
        epcis,
        ledger,
        lists,
        risk,
        screen,
        serve,
        simulate,
        stats,
        tokens,
    )


_register()

if __name__ == "__main__":  # pragma: no cover
    app()
