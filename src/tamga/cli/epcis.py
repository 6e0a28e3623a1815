"""``tamga epcis``: Event Hash IDs, validation, capture into the store, and queries."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from tamga.cli.base import app
from tamga.cli.common import DbOption, JsonOption, console, emit_json, handle_errors
from tamga.epcis.documents import read_document
from tamga.epcis.service import EpcisService, query_document
from tamga.epcis.validation import validate_document
from tamga.errors import InvalidInput
from tamga.store.database import connect

epcis = typer.Typer(help="GS1 EPCIS 2.0: event hashes, validation, capture and queries.")
app.add_typer(epcis, name="epcis")

FileArg = Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="EPCIS JSON-LD or XML")]


def _content_type(path: Path) -> str:
    return "application/xml" if path.suffix.lower() == ".xml" else "application/ld+json"


@epcis.command("hash")
@handle_errors
def hash_cmd(
    file: FileArg,
    prehash: Annotated[
        bool, typer.Option("--prehash", help="Also print pre-hash strings.")
    ] = False,
    json: JsonOption = False,
) -> None:
    """The CBV 2.0 Event Hash ID of every event in FILE, in document order."""
    doc = read_document(file.read_bytes(), _content_type(file))
    rows = [
        {"index": e.index, "type": e.tree.name, "event_hash": e.event_hash}
        | ({"prehash": e.prehash} if prehash else {})
        for e in doc.events
    ]
    if json:
        emit_json(rows)
        return
    for row in rows:
        console.print(row["event_hash"], highlight=False)
        if prehash:
            console.print(f"  {row['prehash']}", highlight=False, soft_wrap=True)


@epcis.command("validate")
@handle_errors
def validate_cmd(file: FileArg, json: JsonOption = False) -> None:
    """Check FILE against EPCIS 2.0 and the CBV; exit 1 naming the event and field if invalid."""
    doc = read_document(file.read_bytes(), _content_type(file))
    try:
        validate_document(doc)
    except InvalidInput as exc:
        result = {"valid": False, "record": exc.record, "field": exc.field, "reason": exc.reason}
        if json:
            emit_json(result)
        else:
            console.print(f"[red]invalid[/red] {exc}")
        raise typer.Exit(1) from None
    if json:
        emit_json({"valid": True, "events": len(doc.events)})
    else:
        console.print(f"[green]valid[/green] {len(doc.events)} events")


@epcis.command("capture")
@handle_errors
def capture_cmd(
    files: Annotated[list[Path], typer.Argument(exists=True, dir_okay=False)],
    db: DbOption = None,
    ledger: Annotated[
        bool, typer.Option("--ledger/--no-ledger", help="Also ingest mapped events.")
    ] = True,
    json: JsonOption = False,
) -> None:
    """Capture EPCIS documents into the store (one capture job each)."""
    engine = connect(db)
    ingest = None
    if ledger:
        from tamga.ledger.service import LedgerService

        ingest = LedgerService(engine).ingest
    service = EpcisService(engine, ledger_ingest=ingest)
    jobs = [service.capture_document(f.read_bytes(), _content_type(f)).job for f in files]
    if json:
        emit_json([j.as_dict() for j in jobs])
        return
    table = Table("job", "status", "events", "captured", "duplicates", "notes")
    for job in jobs:
        table.add_row(
            job.job_id,
            job.status,
            str(job.event_count),
            str(job.captured),
            str(job.duplicates),
            "; ".join(str(e.get("reason", ""))[:80] for e in job.errors[:3]),
        )
    console.print(table)
    if any(j.status == "failed" for j in jobs):
        raise typer.Exit(1)


@epcis.command("query")
@handle_errors
def query_cmd(
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="A standard query parameter, NAME=VALUE (repeatable)."),
    ] = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Query captured events with the EPCIS standard parameters (e.g. -p EQ_bizStep=shipping)."""
    params: dict[str, Any] = {}
    for item in param or []:
        name, sep, value = item.partition("=")
        if not sep:
            raise InvalidInput(f"{item!r} is not NAME=VALUE", field="--param")
        params.setdefault(name, []).append(value)
    page = EpcisService(connect(db)).query(params)
    if json:
        doc = query_document(page.events)
        if page.next_page_token:
            doc["nextPageToken"] = page.next_page_token
        emit_json(doc)
        return
    table = Table("eventTime", "type", "bizStep", "eventID")
    for event in page.events:
        table.add_row(
            str(event.get("eventTime")),
            str(event.get("type")),
            str(event.get("bizStep", "")),
            str(event.get("eventID")),
        )
    console.print(table)
    if page.next_page_token:
        console.print(f"next page: -p nextPageToken={page.next_page_token}")
