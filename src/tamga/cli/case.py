"""``tamga case ALERT_ID|DECLARATION_NO --out FILE.pdf|FILE.xlsx|FILE.html``: a case file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tamga.cli.base import app
from tamga.cli.common import DbOption, JsonOption, console, emit_json, handle_errors


@app.command("case")
@handle_errors
def case(
    key: Annotated[str, typer.Argument(help="An alert id (AL-...) or a declaration number.")],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="The file to write: .pdf, .xlsx or .html.")
    ],
    lang: Annotated[
        str, typer.Option("--lang", help="The language of the file: ru, kk or en.")
    ] = "ru",
    verify: Annotated[
        bool,
        typer.Option("--verify/--no-verify", help="Verify the whole hash chain (reads the log)."),
    ] = True,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Write the case file of an alert or a declaration: the alerts and their evidence, the
    declaration's lines, its provenance (import declarations, origins, chains of holders and
    their Sankey), the holders and counterparties, screening matches, the workflow history and
    the hash-chain proof."""
    from tamga.casefile import gather, write
    from tamga.errors import InvalidInput
    from tamga.ledger.service import LedgerService
    from tamga.lists.service import ListsService
    from tamga.risk import AlertService
    from tamga.wording.i18n import LANGUAGES

    if lang not in LANGUAGES:
        raise InvalidInput(f"unknown language {lang!r} ({', '.join(LANGUAGES)})", field="lang")
    ledger = LedgerService.open(db)
    found = gather(
        key,
        ledger,
        AlertService(ledger.engine),
        ListsService(ledger.engine).checker(),
        verify_all=verify,
    )
    path = write(found, out, lang)
    summary = {
        "file": str(path),
        "declaration": found.declaration_no,
        "alerts": [a["id"] for a in found.alerts],
        "import_declarations": [i["import_declaration"] for i in found.imports],
        "holders": found.holders,
        "events_proved": len(found.proof),
        "chain_verified": None if found.verify is None else found.verify["ok"],
    }
    if json:
        emit_json(summary)
        return
    console.print(
        f"wrote {path} ({path.stat().st_size:,} bytes): declaration {found.declaration_no}, "
        f"{len(found.alerts)} alerts, {len(found.imports)} import declarations, "
        f"{len(found.holders)} holders"
    )
