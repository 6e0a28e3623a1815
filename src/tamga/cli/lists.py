"""``tamga goods check`` and ``tamga lists ...``: controlled goods lists from the command line.

Thin over ``tamga.lists.service.ListsService``: the store holds the lists (seeded with the
shipped defaults on first use), their amendments and the delisting requests. Tables for people,
``--json`` for machines; tamga's own errors exit with code 2.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from tamga.cli.base import app
from tamga.cli.common import DbOption, JsonOption, console, emit_json, handle_errors
from tamga.errors import InvalidInput

goods_app = typer.Typer(help="Check goods against the controlled lists.", no_args_is_help=True)
lists_app = typer.Typer(
    help="Controlled goods lists: entries as of a date, diffs, loading, delisting requests.",
    no_args_is_help=True,
)
delisting_app = typer.Typer(
    help="Rights holders' requests to take a brand off the parallel-import list.",
    no_args_is_help=True,
)
app.add_typer(goods_app, name="goods")
app.add_typer(lists_app, name="lists")
lists_app.add_typer(delisting_app, name="delisting")

OnOption = Annotated[
    str | None, typer.Option("--on", help="Date the question is asked for (default: today).")
]
ActorOption = Annotated[
    str, typer.Option("--by", help="Who does this (recorded with the step).", envvar="USER")
]


def _date(value: str | None, field: str = "on") -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(f"not an ISO date (YYYY-MM-DD): {value!r}", field=field) from None


def _service(db: str | None) -> Any:
    from tamga.lists.service import ListsService
    from tamga.store.database import connect

    return ListsService(connect(db))


@goods_app.command("check")
@handle_errors
def goods_check(
    hs_code: Annotated[str, typer.Argument(metavar="HS", help="HS / TN VED code, 2 to 10 digits.")],
    brand: Annotated[str | None, typer.Option(help="Brand (trade mark) of the goods.")] = None,
    origin: Annotated[str | None, typer.Option(help="Country of origin (ISO alpha-2).")] = None,
    destination: Annotated[
        str | None, typer.Option(help="Country of destination (ISO alpha-2).")
    ] = None,
    on: OnOption = None,
    nomenclature: Annotated[
        list[Path] | None,
        typer.Option(
            "--nomenclature",
            help="HS/TN VED file(s) to check the code against as of the date (repeatable).",
        ),
    ] = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Which lists and entries apply to these goods on this route and date, and why."""
    from tamga.lists.model import normalize_hs

    day = _date(on)
    code = normalize_hs(hs_code)
    findings = _service(db).check(code, brand, origin, destination, day)
    result: dict[str, Any] = {
        "hs_code": code,
        "on": day.isoformat(),
        "findings": [f.to_dict() for f in findings],
    }
    if nomenclature:
        from tamga.lists.nomenclature import Nomenclature

        result["code"] = Nomenclature.from_files(nomenclature).check(code, day).to_dict()
    if json:
        emit_json(result)
        return
    if "code" in result:
        verdict = result["code"]
        colour = "green" if verdict["valid"] else "red"
        console.print(f"[{colour}]{verdict['reason']}[/{colour}]")
    if not findings:
        console.print(f"[green]no list applies[/green] to HS {code} on {day}")
        return
    table = Table(title=f"HS {code} on {day}")
    for col in ("list", "entry", "effect", "allowed", "reason"):
        table.add_column(col, overflow="fold")
    for f in findings:
        allowed = "" if f.allowed is None else ("yes" if f.allowed else "no")
        table.add_row(f.list, f.entry, f.effect, allowed, f.reason)
    console.print(table)


@goods_app.command("code")
@handle_errors
def goods_code(
    hs_code: Annotated[str, typer.Argument(metavar="HS", help="HS / TN VED code.")],
    nomenclature: Annotated[
        list[Path],
        typer.Option("--nomenclature", help="HS CSV, TN VED JSON or code CSV (repeatable)."),
    ],
    on: OnOption = None,
    json: JsonOption = False,
) -> None:
    """Is this code valid on this date in the nomenclatures named? Exit code 1 when not."""
    from tamga.lists.nomenclature import Nomenclature

    verdict = Nomenclature.from_files(nomenclature).check(hs_code, _date(on))
    if json:
        emit_json(verdict.to_dict())
    else:
        colour = "green" if verdict.valid else "red"
        console.print(f"[{colour}]{verdict.reason}[/{colour}]")
        if verdict.description:
            console.print(verdict.description)
    if not verdict.valid:
        raise typer.Exit(1)


def _entries_table(title: str, entries: list[dict[str, Any]]) -> Table:
    table = Table(title=title)
    cols = ("entry", "effect", "HS", "brands", "route", "tier", "from", "to", "note", "order")
    for col in cols:
        table.add_column(col, overflow="fold")
    for e in entries:
        route = f"{_few(e['origins'])} → {_few(e['destinations'])}"
        src = e.get("source") or {}
        order = (src.get("order") or ("not identified" if src else "")) + (
            " (unconfirmed)" if src.get("unconfirmed") else ""
        )
        table.add_row(
            e["entry_id"], e["effect"], ", ".join(e["hs_prefixes"]) or "any",
            ", ".join(e["brands"]), route, e["tier"] or "", e["valid_from"],
            e["valid_to"] or "", e["note"] or "", order,
        )  # fmt: skip
    return table


def _few(codes: list[str] | None) -> str:
    if codes is None:
        return "any"
    return ", ".join(codes) if len(codes) <= 4 else f"{len(codes)} countries"


@lists_app.command("names")
@handle_errors
def lists_names(db: DbOption = None, json: JsonOption = False) -> None:
    """The lists in the store, with their entries today."""
    service = _service(db)
    today = date.today()
    rows = [
        {
            "name": gl.name,
            "title": gl.title,
            "version": gl.version,
            "entries_today": len(gl.entries_on(today)),
            "amendments": len(gl.amendments),
        }
        for gl in service.lists()
    ]
    if json:
        emit_json(rows)
        return
    table = Table(title="Controlled goods lists")
    for col in ("name", "title", "version", "entries today", "amendments"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            r["name"], r["title"], r["version"], str(r["entries_today"]), str(r["amendments"])
        )
    console.print(table)


@lists_app.command("show")
@handle_errors
def lists_show(
    name: Annotated[str, typer.Argument(help="List name (see `tamga lists names`).")],
    on: OnOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """A list's entries as of a date."""
    day = _date(on)
    goods = _service(db).get(name)
    entries = [e.to_dict() for e in goods.entries_on(day)]
    if json:
        emit_json({"name": name, "title": goods.title, "on": day.isoformat(), "entries": entries})
        return
    console.print(_entries_table(f"{goods.title} — as of {day} ({len(entries)} entries)", entries))


@lists_app.command("diff")
@handle_errors
def lists_diff(
    name: Annotated[str, typer.Argument(help="List name.")],
    start: Annotated[str, typer.Argument(metavar="FROM", help="Earlier date (YYYY-MM-DD).")],
    end: Annotated[str, typer.Argument(metavar="TO", help="Later date (YYYY-MM-DD).")],
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """What changed on a list between two dates: entries added, removed and changed."""
    a, b = _date(start, "FROM"), _date(end, "TO")
    changes = _service(db).get(name).diff(a, b).to_dict()
    if json:
        emit_json({"name": name, "from": a.isoformat(), "to": b.isoformat(), **changes})
        return
    console.print(f"[bold]{name}[/bold] from {a} to {b}")
    for kind, colour in (("added", "green"), ("removed", "red")):
        for e in changes[kind]:
            console.print(f"[{colour}]{kind:8}[/{colour}] {e['entry_id']}  HS {_hs(e)}  {_br(e)}")
    for pair in changes["changed"]:
        old, new = pair["from"], pair["to"]
        console.print(f"[yellow]changed [/yellow] {new['entry_id']}  HS {_hs(new)}")
        for key in ("effect", "hs_prefixes", "brands", "origins", "destinations", "tier", "note"):
            if old[key] != new[key]:
                console.print(f"           {key}: {old[key]} → {new[key]}")
    if not any(changes.values()):
        console.print("no changes")


def _hs(e: dict[str, Any]) -> str:
    return ", ".join(e["hs_prefixes"]) or "any"


def _br(e: dict[str, Any]) -> str:
    return ("brands " + ", ".join(e["brands"])) if e["brands"] else ""


@lists_app.command("history")
@handle_errors
def lists_history(
    name: Annotated[str, typer.Argument(help="List name.")],
    brand: Annotated[
        str | None, typer.Option("--brand", help="Only the steps touching this brand.")
    ] = None,
    hs: Annotated[
        str | None, typer.Option("--hs", help="Only entries meeting this HS / TN VED code.")
    ] = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """An entry's life: listed, changed, removed, by which order; delisting requests."""
    events = [e.to_dict() for e in _service(db).entry_history(name, brand=brand, hs=hs)]
    if json:
        emit_json(events)
        return
    what = " ".join(x for x in (brand and f"brand {brand}", hs and f"HS {hs}") if x)
    table = Table(title=f"History of {name}" + (f" — {what}" if what else ""))
    columns = ["date", "entry", "step", "what", "order"]
    if brand:
        columns.insert(4, f"{brand} allowed")
    for col in columns:
        table.add_column(col, overflow="fold")
    notes: list[str] = []  # one per distinct source: what is unknown and where it was read
    for e in events:
        row = [e["on"], e["entry_id"] or e["request_id"] or "", e["kind"], _what(e),
               _order(e["source"], notes)]  # fmt: skip
        if brand:
            row.insert(4, {True: "yes", False: "no", None: "not listed"}[e["allowed"]])
        table.add_row(*row)
    console.print(table)
    for i, note in enumerate(notes, start=1):
        console.print(f"[{i}] {note}", highlight=False, soft_wrap=True)
    if not events:
        console.print("no entry of the list meets the filters")


def _order(src: dict[str, Any] | None, notes: list[str]) -> str:
    """The order as a short cell; the source's addresses and unknowns go to a numbered note."""
    if not src:
        return ""
    text = src.get("order") or "order not identified"
    if src.get("order_date"):
        text += f" of {src['order_date']}"
    note = "unconfirmed: " + str(src["unknown"]) + ". " if src.get("unconfirmed") else ""
    note += "Read at " + ", ".join(src.get("read") or ["(no address)"])
    if note not in notes:
        notes.append(note)
    flag = " (unconfirmed)" if src.get("unconfirmed") else ""
    return f"{text}{flag} [{notes.index(note) + 1}]"


def _what(e: dict[str, Any]) -> str:
    text = str(e["detail"])
    if e["seq"] is not None:
        text = f"#{e['seq']} {text}"
    if e["request_id"] and e["entry_id"]:
        text += f" [carries out {e['request_id']}]"
    return text


@lists_app.command("load")
@handle_errors
def lists_load(
    file: Annotated[Path, typer.Argument(help="List file: .yaml, .json or .csv.")],
    name: Annotated[str | None, typer.Option(help="Store under this name.")] = None,
    actor: ActorOption = "cli",
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Load a list (with its amendments) into the store, replacing a list of the same name."""
    report = _service(db).load_file(file, actor=actor, name=name)
    if json:
        emit_json(report.to_dict())
        return
    verb = "replaced" if report.replaced else "loaded"
    console.print(
        f"{verb} [bold]{report.name}[/bold]: {report.entries} entry versions, "
        f"{report.amendments} amendments"
    )


@lists_app.command("load-shipped")
@handle_errors
def lists_load_shipped(
    name: Annotated[str, typer.Argument(help="A list tamga ships (chpl, eu-export-ban, ...).")],
    actor: ActorOption = "cli",
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Replace a stored list with the version this tamga ships (history as shipped)."""
    report = _service(db).load_shipped(name, actor=actor)
    if json:
        emit_json(report.to_dict())
        return
    console.print(
        f"replaced [bold]{report.name}[/bold] with the shipped version: {report.entries} entry "
        f"versions, {report.amendments} amendments"
    )


@lists_app.command("load-order")
@handle_errors
def lists_load_order(
    file: Annotated[Path, typer.Argument(help="The published list: .csv or .xlsx table.")],
    effective: Annotated[str, typer.Option(help="Day the published list takes effect.")],
    order: Annotated[
        str | None,
        typer.Option(
            help='The order, e.g. "Order No. 1532 of 19.04.2022" (rows may cite their own).'
        ),
    ] = None,
    read: Annotated[
        list[str] | None,
        typer.Option("--read", help="Where the table was taken from (repeatable)."),
    ] = None,
    list_name: Annotated[str, typer.Option("--list", help="List name.")] = "ru-parallel-import",
    sheet: Annotated[str | None, typer.Option(help="XLSX sheet (default: the first).")] = None,
    actor: ActorOption = "cli",
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Load the list as the ministry publishes it: rows added, changed, removed from a date."""
    report = _service(db).load_order(
        list_name, file, effective=_date(effective, "effective"), actor=actor, order=order,
        read=tuple(read or ()), sheet=sheet,
    )  # fmt: skip
    if json:
        emit_json(report)
        return
    console.print(
        f"[bold]{report['name']}[/bold] from {report['effective']}: {report['rows']} rows, "
        f"{report['entries']} entries; {report['added']} added, {report['changed']} changed, "
        f"{report['removed']} removed, {report['unchanged']} unchanged"
    )


# -- delisting requests ---------------------------------------------------------------------
def _show_request(data: dict[str, Any], json: bool) -> None:
    if json:
        emit_json(data)
        return
    console.print(
        f"[bold]{data['id']}[/bold] {data['state']}: {data['rights_holder']} asks to delist "
        f"{data['brand']!r} from {data['list']}"
        + (f" (HS {', '.join(data['hs_scope'])})" if data["hs_scope"] else "")
    )
    for s in data["steps"]:
        console.print(
            f"  {s['at']}  {s['step']:9} by {s['actor']}" + (f": {s['note']}" if s["note"] else "")
        )


@delisting_app.command("file")
@handle_errors
def delisting_file(
    brand: Annotated[str, typer.Argument(help="The brand to take off the list.")],
    rights_holder: Annotated[str, typer.Option("--rights-holder", help="Who asks.")],
    hs: Annotated[
        list[str] | None, typer.Option("--hs", help="HS prefix the request covers (repeatable).")
    ] = None,
    grounds: Annotated[str | None, typer.Option(help="Why the rights holder asks.")] = None,
    list_name: Annotated[str, typer.Option("--list", help="List name.")] = "ru-parallel-import",
    actor: ActorOption = "cli",
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """File a rights holder's request to take a brand off the parallel-import list."""
    req = _service(db).file_request(
        list_name, rights_holder=rights_holder, brand=brand, hs_scope=hs, grounds=grounds,
        actor=actor,
    )  # fmt: skip
    _show_request(req.to_dict(), json)


@delisting_app.command("review")
@handle_errors
def delisting_review(
    request_id: Annotated[str, typer.Argument(help="Request id (DR-...).")],
    note: Annotated[str | None, typer.Option(help="Reviewer's note.")] = None,
    actor: ActorOption = "cli",
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Take a filed request under review."""
    _show_request(_service(db).review(request_id, actor=actor, note=note).to_dict(), json)


@delisting_app.command("approve")
@handle_errors
def delisting_approve(
    request_id: Annotated[str, typer.Argument(help="Request id (DR-...).")],
    effective: Annotated[str, typer.Option(help="Date the brand comes off (YYYY-MM-DD).")],
    reason: Annotated[str | None, typer.Option(help="Why.")] = None,
    order: Annotated[
        str | None, typer.Option(help="The order that makes the delisting law, if known.")
    ] = None,
    actor: ActorOption = "cli",
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Approve a reviewed request: the list is amended from the effective date."""
    req = _service(db).approve(
        request_id, actor=actor, effective=_date(effective, "effective"), reason=reason,
        order=order,
    )  # fmt: skip
    _show_request(req.to_dict(), json)


@delisting_app.command("reject")
@handle_errors
def delisting_reject(
    request_id: Annotated[str, typer.Argument(help="Request id (DR-...).")],
    reason: Annotated[str, typer.Option(help="Why the request is rejected.")],
    actor: ActorOption = "cli",
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Reject a request, with the reason."""
    _show_request(_service(db).reject(request_id, actor=actor, reason=reason).to_dict(), json)


@delisting_app.command("list")
@handle_errors
def delisting_list(
    state: Annotated[
        str | None, typer.Option(help="filed, under_review, approved or rejected.")
    ] = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Delisting requests, oldest first."""
    rows = [r.to_dict() for r in _service(db).requests(state=state)]
    if json:
        emit_json(rows)
        return
    table = Table(title="Delisting requests")
    for col in ("id", "state", "rights holder", "brand", "HS", "filed", "decided", "effective"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(
            r["id"], r["state"], r["rights_holder"], r["brand"], ", ".join(r["hs_scope"]) or "all",
            r["filed"], r["decided"] or "", r["effective"] or "",
        )  # fmt: skip
    console.print(table)
