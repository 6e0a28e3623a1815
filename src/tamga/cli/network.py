"""``tamga network``: the trade around a holder (counterparties, communities, brokers, cycles)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.table import Table

from tamga.cli.base import app
from tamga.cli.common import DbOption, JsonOption, console, emit_json, err_console, handle_errors
from tamga.errors import InvalidInput


@app.command()
@handle_errors
def network(
    holder: Annotated[str, typer.Argument(help="A holder's id (BIN) or a counterparty's id.")],
    depth: Annotated[int, typer.Option(help="Hops from the holder.")] = 2,
    since: Annotated[
        str | None, typer.Option(help="Only trade from this date's month (YYYY-MM-DD).")
    ] = None,
    fanout: Annotated[int, typer.Option(help="Largest trades kept per party.")] = 50,
    rebuild: Annotated[bool, typer.Option(help="Build the network from the ledger anew.")] = False,
    resolved: Annotated[
        bool,
        typer.Option(
            "--resolved/--as-written",
            help="One node per firm under its several names/ids (default), or each as written.",
        ),
    ] = True,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Who trades with a holder and around it: value, controlled share, first/last date,
    communities, brokers (betweenness), circular trades and fast-growing parties."""
    import time

    from tamga.network import NetworkService
    from tamga.store.database import connect

    if since is not None:
        try:
            date.fromisoformat(since)
        except ValueError:
            raise InvalidInput(f"{since!r} is not a date (YYYY-MM-DD)", field="--since") from None
    service = NetworkService(connect(db))
    t = time.perf_counter()
    built = service.ensure_built(rebuild)
    if built is not None:
        err_console.print(
            f"network built from the ledger: {built.edges:,} monthly edges, {built.nodes:,}"
            f" parties in {time.perf_counter() - t:.1f} s"
        )
    data = service.view(holder, depth, since, resolved=resolved, fanout=fanout)
    if json:
        emit_json(data)
        return
    h = data["holder"]
    console.print(
        f"{h['name']} ({h['id']}): {len(data['nodes']) - 1} parties within {depth} hops,"
        f" {len(data['edges'])} trades"
    )
    table = Table("counterparty", "id", "sold to", "bought from", "controlled", "first", "last")
    for c in data["counterparties"][:25]:
        table.add_row(
            c["name"], c["id"], f"{c['sold_to']:,.0f}", f"{c['bought_from']:,.0f}",
            f"{c['controlled_share']:.0%}", c["first"][:10], c["last"][:10],
        )  # fmt: skip
    console.print(table)
    for b in data["brokers"][:5]:
        console.print(f"broker {b['name']} ({b['id']}): betweenness {b['betweenness']:.3f}")
    for cyc in data["circular_trades"][:5]:
        console.print("circular: " + " -> ".join(cyc["path"]) + f" (value {cyc['value']:,.0f})")
    for f in data["fast_growing"][:5]:
        growth = "new" if f["growth"] is None else f"x{f['growth']}"
        console.print(f"fast-growing {f['name']} ({f['id']}): {growth}, {f['recent']:,.0f}")
    console.print(f"{len(data['communities'])} communities")


@app.command()
@handle_errors
def judge(
    left: Annotated[str, typer.Argument(help="A party's id (holder, counterparty, entity).")],
    right: Annotated[str, typer.Argument(help="Another party's id.")],
    same: Annotated[
        bool, typer.Option("--same/--different", help="One firm, or two that must stay apart.")
    ],
    actor: Annotated[str, typer.Option(help="Who judges (kept with the judgement).")],
    reason: Annotated[str, typer.Option(help="Why, for the next analyst.")] = "",
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Record that two parties are one firm (or are not): applied transitively by the
    resolution that `tamga network`, exposure and the rules use; the last judgement on a pair
    counts."""
    from tamga.ownership.resolution import JudgementStore
    from tamga.store.database import connect

    j = JudgementStore(connect(db)).judge(left, right, same, actor, reason)
    if json:
        emit_json({"left": j.left, "right": j.right, "same": j.same, "actor": j.actor,
                   "at": j.at, "reason": j.reason})  # fmt: skip
        return
    verdict = "the same firm" if j.same else "not the same firm"
    console.print(f"{j.left} and {j.right}: {verdict} (by {j.actor}, {j.at})")
