"""``tamga screen``: screen a party (or a CSV of parties) against sanctions lists; load lists."""

from __future__ import annotations

import sys
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from tamga.cli.base import app
from tamga.cli.common import DbOption, JsonOption, console, err_console, handle_errors
from tamga.errors import InvalidInput, NotFound
from tamga.screening import Match, Party, Screener
from tamga.screening.parties import read_party_file
from tamga.screening.repository import ScreeningRepository
from tamga.screening.rescreen import (
    DEFAULT_WINDOW_DAYS,
    RescreenReport,
    changed_since,
    rescreen,
)
from tamga.screening.service import decide
from tamga.store.database import connect


def _result(party: Party, matches: list[Match]) -> dict[str, Any]:
    return {
        "id": party.party_id,
        "name": party.name,
        "matches": [m.to_dict() for m in matches],
    }


def _write_json_line(data: dict[str, Any]) -> None:
    sys.stdout.write(orjson.dumps(data).decode())
    sys.stdout.write("\n")


def _screener(
    against: list[Path] | None, db: str | None, threshold: float | None, as_of: str | None = None
) -> Screener:
    kwargs = {} if threshold is None else {"threshold": threshold}
    if against:
        if as_of:
            raise InvalidInput("--as-of reads the stored lists; drop --against", field="as_of")
        return Screener.from_files(against, **kwargs)
    repo = ScreeningRepository(connect(db))
    if repo.count() == 0 and not as_of:
        raise NotFound("no lists are loaded: run `tamga screen load FILE...` or pass --against")
    return repo.screener(_date(as_of), **kwargs)


def _date(value: str | None, field: str = "as_of") -> str | None:
    if value is None:
        return None
    try:
        datetime.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(f"{value!r} is not an ISO date or time", field=field) from exc
    return value


def _decide(
    words: list[str],
    country: str | None,
    identifier: list[str] | None,
    entity: str | None,
    verdict: str | None,
    reason: str | None,
    by: str | None,
    db: str | None,
    json: bool,
) -> None:
    if entity is None or verdict is None:
        raise InvalidInput(
            "`tamga screen decide NAME --entity ID --verdict same|not_same --reason ... --by ...`",
            field="entity" if entity is None else "verdict",
        )
    party = Party(" ".join(words), country=country, identifiers=tuple(identifier or ()))
    decision = decide(
        ScreeningRepository(connect(db)), party, entity, verdict, reason or "", by or ""
    )
    if json:
        _write_json_line(decision.to_dict())
        return
    console.print(
        f"decision {decision.decision_id}: {party.name!r} is "
        f"{'the same as' if decision.verdict == 'same' else 'not'} {entity} "
        f"(score {decision.score:.3f}, lists at load {decision.list_version.get('load_id')}, "
        f"{decision.algorithm_version}, threshold {decision.threshold})"
    )


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeRemainingColumn(), console=err_console,
    )  # fmt: skip


def _rescreen(
    engine: Any,
    entity_ids: list[str] | None,
    threshold: float | None,
    window: int,
    json: bool,
    workers: int = 1,
) -> RescreenReport:
    with _progress() as progress:
        task = progress.add_task("re-screening ledger parties", total=None)

        def tick(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        report = rescreen(engine, entity_ids, threshold, window, progress=tick, workers=workers)
    line = (
        f"re-screened {report.parties} ledger parties against {report.entities} entities: "
        f"{report.matches} matches, {report.new_matches} new, {report.alerts} alerts raised"
    )
    if not json:
        console.print(line)
    return report


def _load(
    files: list[str],
    db: str | None,
    json: bool,
    window: int,
    no_rescreen: bool,
    declared: bool = False,
) -> None:
    if not files:
        raise InvalidInput("`tamga screen load` needs at least one file", field="FILE")
    engine = connect(db)
    repo = ScreeningRepository(engine)
    reports = [repo.load_file(Path(f), declared=declared) for f in files]
    changed = sorted({i for r in reports for i in r.changed})
    found = _rescreen(engine, changed, None, window, json) if changed and not no_rescreen else None
    if json:
        _write_json_line(
            {
                "loads": [
                    {
                        "source": r.source,
                        "added": r.added,
                        "modified": r.modified,
                        "deleted": r.deleted,
                    }
                    | ({"links": r.links.to_dict()} if r.links is not None else {})
                    for r in reports
                ],
                "entities": repo.count(),
                "rescreen": asdict(found) if found else None,
            }
        )
        return
    for r in reports:
        console.print(f"{r.source}: +{r.added} added, ~{r.modified} modified, -{r.deleted} deleted")
        if r.links is not None:
            _print_links(r.links)
    console.print(f"{repo.count()} listed entities in the store")


def _print_links(report: Any) -> None:
    """The ownership links of a load: counts, dangling links, problems per record."""
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(report.by_kind.items()))
    console.print(f"  links: {report.links} ({kinds or 'none'}), {len(report.dangling)} dangling")
    for link_id in report.dangling[:10]:
        console.print(f"  [yellow]dangling[/yellow] {link_id}: an end is in no file loaded")
    for p in report.problems:
        err_console.print(f"  [yellow]record {p.record}, field {p.field}:[/yellow] {p.message}")


def _print_matches(party: Party, matches: list[Match]) -> None:
    if not matches:
        console.print(f"[green]no match[/green] for {party.name!r}")
        return
    table = Table(title=f"Matches for {party.name!r}")
    for col in ("score", "entity", "name", "matched name", "lists", "features"):
        table.add_column(col)
    for m in matches:
        feats = ", ".join(
            f"{k} {v:+.2f}" if v < 0 else f"{k} {v:.2f}" for k, v in m.features.items()
        )
        table.add_row(
            f"{m.score:.3f}", m.entity_id, m.name, m.matched_name, ", ".join(m.datasets[:3]), feats
        )
    console.print(table)


@app.command()
@handle_errors
def screen(
    args: Annotated[
        list[str] | None,
        typer.Argument(help="NAME to screen, or `load FILE...`, `decide NAME`, `rescreen`."),
    ] = None,
    country: Annotated[str | None, typer.Option(help="Party's country (ISO alpha-2).")] = None,
    identifier: Annotated[
        list[str] | None, typer.Option(help="Party identifier (BIN, INN, OGRN ...); repeatable.")
    ] = None,
    address: Annotated[str | None, typer.Option(help="Party's address (supports a match).")] = None,
    file: Annotated[
        Path | None, typer.Option("--file", help="CSV of parties: id,name[,country][,identifier]")
    ] = None,
    against: Annotated[
        list[Path] | None,
        typer.Option(help="Entity files (FtM JSONL, deltas, CSV) instead of the loaded lists."),
    ] = None,
    threshold: Annotated[float | None, typer.Option(help="Lowest score reported.")] = None,
    limit: Annotated[int, typer.Option(help="Matches per party.")] = 10,
    workers: Annotated[int, typer.Option(help="Processes for --file batches.")] = 1,
    sanctions_list: Annotated[
        bool, typer.Option("--sanctions-list", help="load: every entity of the files is listed.")
    ] = False,
    as_of: Annotated[
        str | None, typer.Option(help="Screen against the stored lists as they stood on DATE.")
    ] = None,
    entity: Annotated[str | None, typer.Option(help="decide: the listed entity's id.")] = None,
    verdict: Annotated[str | None, typer.Option(help="decide: same | not_same.")] = None,
    reason: Annotated[str | None, typer.Option(help="decide: why.")] = None,
    by: Annotated[str | None, typer.Option(help="decide: who decides.")] = None,
    since: Annotated[
        str | None, typer.Option(help="rescreen: only list changes loaded since DATE.")
    ] = None,
    window_days: Annotated[
        int, typer.Option(help="rescreen: declarations this recent (days) raise alerts.")
    ] = DEFAULT_WINDOW_DAYS,
    no_rescreen: Annotated[
        bool, typer.Option("--no-rescreen", help="load: do not re-screen the ledger's parties.")
    ] = False,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Screen a party against sanctions lists; each match carries a score and its features.

    `tamga screen "ТОО Алма Транс" --country kz [--as-of 2026-01-31]`

    `tamga screen --file parties.csv --json` (one JSON object per party per line)

    `tamga screen load entities.ftm.json delta.json` (then re-screens the ledger's parties)

    `tamga screen decide NAME --entity ID --verdict not_same --reason "..." --by anna`

    `tamga screen rescreen [--since DATE]` (new matches on recent declarations raise alerts)

    Exit code 1 when any party has a match, 2 on an error.
    """
    words = list(args or [])
    if words and words[0] == "load":
        _load(words[1:], db, json, window_days, no_rescreen, sanctions_list)
        return
    if words and words[0] == "rescreen":
        engine = connect(db)
        ids = sorted(changed_since(engine, _date(since, "since") or "")) if since else None
        report = _rescreen(engine, ids, threshold, window_days, json, workers)
        if json:
            _write_json_line({"rescreen": asdict(report)})
        return
    if words and words[0] == "decide":
        _decide(words[1:], country, identifier, entity, verdict, reason, by, db, json)
        return
    if file is None and not words:
        raise InvalidInput("give a NAME, --file parties.csv, or `load FILE...`", field="NAME")
    screener = _screener(against, db, threshold, _date(as_of))
    if file is None:
        party = Party(
            " ".join(words), country=country, identifiers=tuple(identifier or ()), address=address
        )
        matches = screener.screen_party(party, threshold, limit)
        if json:
            _write_json_line(_result(party, matches))
        else:
            _print_matches(party, matches)
        if matches:
            raise typer.Exit(1)
        return

    read = read_party_file(file)
    for error in read.errors:  # reported and left out; the other rows are screened
        err_console.print(f"[red]skipped[/red] {error}")
    parties = read.parties
    any_match = False
    with _progress() as progress:
        task = progress.add_task("screening", total=len(parties))
        results = screener.screen_many(
            parties, threshold, limit, workers=workers,
            progress=lambda n: progress.advance(task, n),
        )  # fmt: skip
        for party, matches in results:
            any_match = any_match or bool(matches)
            if json:
                _write_json_line(_result(party, matches))
            elif matches:
                _print_matches(party, matches)
    if read.errors:
        raise typer.Exit(2)
    if any_match:
        raise typer.Exit(1)
