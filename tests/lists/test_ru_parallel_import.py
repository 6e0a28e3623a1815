"""Russia's parallel-import list as the public record has it: the facts the shipped list holds,
each checked through ``goods check`` (the service on SQLite and PostgreSQL, and the CLI) on a
day before and a day after the change, with the source the change rests on.

A verdict is what the list says of the line: ``True`` allowed, ``False`` a row applies but the
brand is not allowed, ``None`` no row of the list applies (not on the list).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import orjson
import pytest
from typer.testing import CliRunner

from tamga.cli.main import app
from tamga.lists.defaults import default_lists
from tamga.lists.model import Finding, GoodsList
from tamga.lists.service import ListsService
from tamga.store.database import connect

PI = "ru-parallel-import"


@dataclass(frozen=True)
class Fact:
    """One change: the line, the day before and the day it takes effect, the verdicts on each,
    the entry it changes and where the change was read."""

    what: str
    hs: str
    brand: str | None
    before: date
    after: date
    was: bool | None
    now: bool | None
    entry: str
    read: str  # part of a source address the amendment cites


FACTS = (
    # the seed facts: IKEA and the luxury cosmetics brands allowed from spring 2023 (the order was
    # announced on 13 Mar 2023 as being registered; the shipped list dates it from then, marked
    # unconfirmed, so the day after the change is checked in June when every report agrees)
    Fact("IKEA furniture allowed", "940360", "IKEA", date(2023, 3, 12), date(2023, 6, 1),
         None, True, "pi-9403", "ura.news/news/1052632744"),
    Fact("Lancôme allowed again", "330499", "Lancôme", date(2023, 3, 12), date(2023, 6, 1),
         False, True, "pi-33", "devdiscourse.com"),
    Fact("Giorgio Armani allowed again", "330300", "Giorgio Armani", date(2023, 3, 12),
         date(2023, 6, 1), False, True, "pi-33", "agenzianova.com"),
    Fact("Yves Saint Laurent allowed again", "330499", "Yves Saint Laurent",
         date(2023, 3, 12), date(2023, 6, 1), False, True, "pi-33", "ura.news"),
    # summer 2022: the first corrected order
    Fact("Duracell out, its maker kept supplying", "8506101100", "Duracell", date(2022, 7, 3),
         date(2022, 7, 4), True, None, "pi-8506", "rbc.ru"),
    Fact("Wilo pumps out", "841370", "Wilo", date(2022, 7, 3), date(2022, 7, 4), True, None,
         "pi-8413", "rbc.ru"),
    Fact("Merries diapers out", "961900", "Merries", date(2022, 7, 3), date(2022, 7, 4), True,
         None, "pi-9619", "rbc.ru"),
    Fact("Lego in", "950300", "Lego", date(2022, 7, 3), date(2022, 7, 4), None, True, "pi-9503",
         "interfax.ru/russia/850312"),
    Fact("Lancôme excepted at the makers' request", "330499", "Lancome", date(2022, 7, 3),
         date(2022, 7, 4), True, False, "pi-33", "iz.promo.vg"),
    Fact("Kérastase allowed in August 2022", "330590", "Kerastase", date(2022, 7, 31),
         date(2022, 8, 1), False, True, "pi-33", "pledgetimes.com"),
    Fact("Jägermeister in", "220890", "Jägermeister", date(2022, 11, 6), date(2022, 11, 7), None,
         True, "pi-2208", "pledgetimes.com"),
    Fact("Yves Saint Laurent excepted again", "330300", "Yves Saint Laurent", date(2023, 2, 6),
         date(2023, 2, 7), True, False, "pi-33", "1prime.ru"),
    Fact("Redken stays excepted after March 2023", "330590", "Redken", date(2023, 2, 6),
         date(2023, 6, 1), True, False, "pi-33", "sputnikglobe.com"),
    Fact("Hasbro toys in", "950300", "Hasbro", date(2023, 3, 12), date(2023, 3, 13), False, True,
         "pi-9503", "ura.news"),
    Fact("Nintendo in", "950450", "Nintendo", date(2023, 3, 12), date(2023, 3, 13), None, True,
         "pi-9504", "ura.news"),
    Fact("Shell Helix motor oil in", "2710198200", "Shell", date(2023, 3, 12), date(2023, 3, 13),
         None, True, "pi-271019", "ura.news"),
    Fact("Duracell back", "8506101100", "Duracell", date(2023, 7, 27), date(2023, 7, 28), None,
         True, "pi-8506", "yk24.ru"),
    Fact("Canon cameras in", "900630", "Canon", date(2023, 7, 27), date(2023, 7, 28), None, True,
         "pi-9006", "yk24.ru"),
    Fact("Ray-Ban glasses in", "900410", "Ray-Ban", date(2023, 7, 27), date(2023, 7, 28), None,
         True, "pi-9004", "yk24.ru"),
    Fact("BOMAG parts join Caterpillar's row", "843149", "BOMAG", date(2023, 7, 27),
         date(2023, 7, 28), False, True, "pi-8431", "yk24.ru"),
    Fact("perfume and cosmetics off in 2025", "330499", "Lancôme", date(2025, 4, 30),
         date(2025, 5, 1), True, None, "pi-33", "censor.net"),
)  # fmt: skip


def verdict(findings: list[Finding] | tuple[Finding, ...]) -> bool | None:
    mine = [f for f in findings if f.list == PI]
    assert len(mine) <= 1, mine
    return mine[0].allowed if mine else None


@pytest.fixture(scope="module")
def shipped() -> GoodsList:
    return next(gl for gl in default_lists() if gl.name == PI)


@pytest.mark.parametrize("fact", FACTS, ids=[f.what for f in FACTS])
def test_each_change_rests_on_a_dated_cited_amendment(shipped: GoodsList, fact: Fact) -> None:
    changed = [
        a
        for a in shipped.amendments
        if a.entry_id == fact.entry and fact.before < a.effective <= fact.after
    ]
    assert changed, f"no amendment of {fact.entry} between {fact.before} and {fact.after}"
    for a in changed:
        assert a.source is not None
        assert a.source.unconfirmed and a.source.unknown  # the order's number is not known
    assert any(fact.read in url for a in changed for url in a.source.read if a.source)


def test_the_facts_through_the_service(store_url: str) -> None:
    service = ListsService(connect(store_url))
    for fact in FACTS:
        for day, expected in ((fact.before, fact.was), (fact.after, fact.now)):
            got = verdict(service.check(fact.hs, fact.brand, None, "RU", day))
            assert got is expected, f"{fact.what}: {fact.brand} {fact.hs} on {day}"


def test_the_facts_through_the_cli(sqlite_url: str) -> None:
    runner = CliRunner()
    for fact in FACTS:
        for day, expected in ((fact.before, fact.was), (fact.after, fact.now)):
            args = ["goods", "check", fact.hs, "--destination", "RU", "--on", day.isoformat()]
            if fact.brand:
                args += ["--brand", fact.brand]
            out = runner.invoke(app, [*args, "--db", sqlite_url, "--json"])
            assert out.exit_code == 0, out.output
            found = [f for f in orjson.loads(out.stdout)["findings"] if f["list"] == PI]
            got = found[0].get("allowed") if found else None
            assert got is expected, f"{fact.what}: {fact.brand} {fact.hs} on {day}"


def test_the_issue_example_ikea_on_1_june_2023(sqlite_url: str) -> None:
    out = CliRunner().invoke(
        app,
        ["goods", "check", "940360", "--brand", "IKEA", "--destination", "RU",
         "--on", "2023-06-01", "--db", sqlite_url, "--json"],
    )  # fmt: skip
    assert out.exit_code == 0, out.output
    (finding,) = orjson.loads(out.stdout)["findings"]
    assert (finding["entry"], finding["allowed"]) == ("pi-9403", True)
    assert "unconfirmed" in finding["reason"]


def test_clothing_is_allowed_whole_from_the_first_day(shipped: GoodsList) -> None:
    from tamga.lists import GoodsChecker

    checker = GoodsChecker([shipped])
    for day in (date(2022, 5, 7), date(2024, 6, 1)):
        (found,) = checker.check("6109100000", "Any Brand", None, "RU", day)
        assert (found.entry, found.allowed) == ("pi-61", True)
    assert checker.check("6109100000", "Any Brand", None, "RU", date(2022, 5, 6)) == []


def test_the_regime_is_extended_for_2024_and_runs_out_after_2026(shipped: GoodsList) -> None:
    period = shipped.regime_on(date(2024, 6, 1))
    assert period is not None and period.source is not None
    assert any("extend-the-parallel-import-mechanism-for-2024" in u for u in period.source.read)
    assert shipped.in_force(date(2026, 12, 31)) and not shipped.in_force(date(2027, 1, 1))
    from tamga.lists import GoodsChecker

    checker = GoodsChecker([shipped])
    assert verdict(checker.check("940360", "IKEA", None, "RU", date(2024, 6, 1))) is True
    assert verdict(checker.check("940360", "IKEA", None, "RU", date(2027, 1, 1))) is None
