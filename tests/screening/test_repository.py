"""Listed entities in the store: the same contract on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from tamga.screening import Screener
from tamga.screening.repository import ScreeningRepository
from tamga.store.database import connect


def test_loads_ftm_and_applies_deltas_in_order(store_url: str, shared_dir: Path) -> None:
    ftm = shared_dir / "data" / "sanctions" / "ftm"
    repo = ScreeningRepository(connect(store_url))
    first = repo.load_file(ftm / "zala.entities.ftm.json")
    assert first.added == repo.count() > 10 and first.deleted == 0

    zala = repo.get("NK-cPks3aTbes8k4aCerfBAzN")
    assert zala is not None and zala.schema == "Company"
    assert "ZALA AERO JSC" in zala.names and "ru" in zala.countries
    assert "9715478507" in zala.identifiers
    assert zala.source == "zala.entities.ftm.json" and zala.listed_on == "2025-08-17"
    assert "ua_nsdc_sanctions" in zala.datasets

    before = repo.count()
    reports = [repo.load_file(p) for p in sorted(ftm.glob("t2-*.delta.json"))]
    assert [r.source for r in repo.loads()][1:] == [r.source for r in reports]
    changed = sum(r.added + r.modified + r.deleted for r in reports)
    assert changed >= 3
    assert repo.count() == before + sum(r.added - r.deleted for r in reports)


def test_reloading_a_file_modifies_not_duplicates(store_url: str, shared_dir: Path) -> None:
    path = shared_dir / "data" / "sanctions" / "ftm" / "t1.entities.ftm.json"
    repo = ScreeningRepository(connect(store_url))
    first = repo.load_file(path)
    again = repo.load_file(path)
    assert again.added == 0 and again.modified == first.added == repo.count()


def test_stored_entities_screen_like_the_files(store_url: str, shared_dir: Path) -> None:
    path = shared_dir / "data" / "sanctions" / "ftm" / "zala.entities.ftm.json"
    repo = ScreeningRepository(connect(store_url))
    repo.load_file(path)
    from_store = Screener.from_entities(repo.entities())
    from_file = Screener.from_files([path])
    for query in ("ООО Зала Аэро", "Zakharov Aleksandr", "Izhtelecom"):
        assert [m.to_dict() for m in from_store.screen(query)] == [
            m.to_dict() for m in from_file.screen(query)
        ]
        assert from_store.screen(query), query


def test_csv_entities(store_url: str, tmp_path: Path) -> None:
    path = tmp_path / "local.csv"
    path.write_text(
        "id,name,schema,aliases,countries,identifiers,datasets,listed_on\n"
        "kz-1,ТОО Алма Транс,Company,Alma Trans LLP;ЖШС Алма Транс,kz,123456789012,"
        "kz_local,2024-03-01\n",
        encoding="utf-8",
    )
    repo = ScreeningRepository(connect(store_url))
    assert repo.load_file(path).added == 1
    entity = repo.get("kz-1")
    assert entity is not None
    assert entity.names == ("ТОО Алма Транс", "Alma Trans LLP", "ЖШС Алма Транс")
    assert entity.listed_on == "2024-03-01" and entity.datasets == ("kz_local",)


def test_dates_of_birth_and_merged_ids_are_kept(store_url: str, shared_dir: Path) -> None:
    ftm = shared_dir / "data" / "sanctions" / "ftm" / "zala.entities.ftm.json"
    repo = ScreeningRepository(connect(store_url))
    repo.load_file(ftm)
    people = [e for e in repo.entities() if e.schema == "Person"]
    assert any(e.birth_dates for e in people)
    merged = [e for e in repo.entities() if e.referents]
    assert any("ofac-46001" in e.referents for e in merged)
    # the stored version reads back the same as the current row
    as_of = {e.entity_id: e for e in repo.entities(as_of="2999-01-01")}
    assert all(as_of[e.entity_id] == e for e in repo.entities())
