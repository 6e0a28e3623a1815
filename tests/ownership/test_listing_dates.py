"""A listing's own dates: the Sanction entities naming a party say from when to when it is
listed (``startDate``, else ``listingDate``, to ``endDate``); exposure on a day asks that day."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
from ownership_support import company, owns, person, write_ftm
from typer.testing import CliRunner

from tamga.cli.main import app
from tamga.screening.loading import read_ftm
from tamga.screening.repository import ScreeningRepository
from tamga.store.database import connect


def sanction(sid: str, entity: str, **dates: str) -> dict[str, Any]:
    return {"id": sid, "schema": "Sanction",
            "properties": {"entity": [entity], **{k: [v] for k, v in dates.items()}}}  # fmt: skip


DATED: list[dict[str, Any]] = [
    # listed in 2014, delisted mid-2022
    person("p-delisted", "Орлов О.О."),
    sanction("s-1", "p-delisted", startDate="2014-03-17", endDate="2022-06-30"),
    # put on the list in February 2025 only (no start date: the listing date counts)
    person("p-later", "Волков В.В."),
    sanction("s-2", "p-later", listingDate="2025-02"),
    # listed for good by one Sanction, whatever another one's dates say
    person("p-always", "Зайцев З.З.", listed=True),
    sanction("s-3", "p-always", endDate="2020-01-01"),
    sanction("s-4", "p-always"),
    company("c-orlov", "Orlov Trade LLP", "kz"),
    company("c-volkov", "Volkov Supply LLP", "kz"),
    company("c-zaitsev", "Zaitsev Cargo LLP", "kz"),
    owns("o-1", "p-delisted", "c-orlov", "100"),
    owns("o-2", "p-later", "c-volkov", "100"),
    owns("o-3", "p-always", "c-zaitsev", "100"),
]


def test_a_sanctions_dates_are_the_entitys_listing_periods(tmp_path: Path) -> None:
    path = write_ftm(tmp_path / "dated.ftm.json", DATED)
    entities = {e.entity_id: e for _op, e in read_ftm(path)}
    delisted, later, always = entities["p-delisted"], entities["p-later"], entities["p-always"]
    assert delisted.listed and delisted.listing == (("2014-03-17", "2022-06-30"),)
    assert delisted.listed_at("2022-06-30") and not delisted.listed_at("2022-07-01")
    assert later.listing == (("2025-02-01", None),)
    assert not later.listed_at("2025-01-31") and later.listed_at("2025-02-01")
    assert always.listing == () and always.listed_at("2024-01-01")


def _exposure(db: str, party: str, on: str) -> dict[str, Any]:
    out = CliRunner().invoke(app, ["exposure", party, "--on", on, "--db", db, "--json"])
    assert out.exit_code in (0, 1), out.output
    data: dict[str, Any] = orjson.loads(out.stdout)
    assert (out.exit_code == 1) == data["exposed"]
    return data


def test_exposure_on_a_day_follows_the_owners_listing_dates(store_url: str, tmp_path: Path) -> None:
    engine = connect(store_url)
    try:
        ScreeningRepository(engine).load_file(write_ftm(tmp_path / "dated.ftm.json", DATED))
        # delisted before the day asked: the firm it owned is not exposed any more
        assert _exposure(store_url, "c-orlov", "2021-06-01")["exposed"]
        after = _exposure(store_url, "c-orlov", "2022-07-01")
        assert not after["exposed"] and after["owners"][0]["listed"] is False
        # listed after the day asked: not yet
        assert not _exposure(store_url, "c-volkov", "2024-12-31")["exposed"]
        assert _exposure(store_url, "c-volkov", "2025-03-01")["exposed"]
        assert _exposure(store_url, "c-zaitsev", "2024-01-01")["exposed"]
    finally:
        engine.dispose()
