"""Loading links with the lists: listed versus known parties, bad shares, dangling links."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from tamga.ownership.ftm import LinkCollector, day_end, day_start, parse_share
from tamga.screening import Screener
from tamga.screening.loading import load_path


def test_percentages_read_as_written_and_refused_outside_0_100() -> None:
    assert parse_share("51") == pytest.approx(0.51)
    assert parse_share("12,5 %") == pytest.approx(0.125)
    for bad in ("150", "-3", "abc", "", "50/50"):
        with pytest.raises(ValueError):
            parse_share(bad)


def test_partial_dates_cover_their_whole_period() -> None:
    assert day_start("2015") == "2015-01-01" and day_end("2015") == "2015-12-31"
    assert day_start("2015-11") == "2015-11-01" and day_end("2015-11") == "2015-11-31"
    assert day_start("2015-11-25T10:00:00") == "2015-11-25" and day_end(None) is None


def test_listed_is_the_sanction_topic_or_a_sanction_entity_the_rest_are_known(
    crafted: Path,
) -> None:
    links = LinkCollector(crafted.name)
    entities = {e.entity_id: e for _, e in load_path(crafted, others=links.add)}
    assert entities["p-samoilov"].listed and entities["c-late"].listed  # named by s-1
    assert not entities["c-alfa"].listed and not entities["c-beta"].listed
    declared = {e.entity_id: e for _, e in load_path(crafted, declared=True)}
    assert all(e.listed for e in declared.values())
    kinds = {lk.kind for lk in links.links.values() if lk is not None}
    assert kinds == {"ownership", "directorship", "family"}


def test_bad_percentages_are_reported_per_record_and_the_rest_loads(crafted: Path) -> None:
    links = LinkCollector(crafted.name)
    list(load_path(crafted, others=links.add))
    problems = {(p.record, p.field): p.message for p in links.report.problems}
    line_150 = next(i for i, ln in enumerate(crafted.read_text().splitlines(), 1) if "o-10" in ln)
    assert "outside 0-100" in problems[(f"crafted.ftm.json:{line_150}", "percentage")]
    assert sum("is not a number" in m for m in problems.values()) == 1
    assert links.links["o-10"] is not None and links.links["o-10"].share is None
    assert len(links.links) == 15  # every link kept


def test_a_link_without_its_ends_is_reported_not_kept(tmp_path: Path) -> None:
    path = tmp_path / "half.ftm.json"
    path.write_bytes(
        orjson.dumps({"id": "o", "schema": "Ownership", "properties": {"owner": ["x"]}})
    )
    links = LinkCollector(path.name)
    list(load_path(path, others=links.add))
    assert links.links == {} and links.report.problems[0].field == "asset"


def test_screening_says_a_match_is_a_known_party(crafted: Path) -> None:
    screener = Screener.from_files([crafted])
    (beta,) = screener.screen("ТОО Бета Логистик", limit=1)
    assert beta.entity_id == "c-beta" and beta.listed is False
    assert beta.to_dict()["listed"] is False
    (samoilov,) = screener.screen("Самойлов И.В.", limit=1)
    assert samoilov.listed is True


def test_real_data_owners_and_assets_are_known_parties(zala: Path) -> None:
    links = LinkCollector(zala.name)
    entities = {e.entity_id: e for _, e in load_path(zala, others=links.add)}
    known = {eid for eid, e in entities.items() if not e.listed}
    assert known == {
        "NK-56Edov9bas9puzaChH5pBy",  # ООО "ИЖТЕЛЕКОМ": only an asset of Zakharov's
        "NK-9Xa4Kg7Y7nfccE7VcZt6Q6",  # ООО "СПС"
        "ru-inn-5920040846",  # ООО "ЦСТ", the older namesake
        "NK-SiYwWfxwLVrVeFswsvAvsm",  # topic sanction.linked is not sanction
    }
    kept = [lk for lk in links.links.values() if lk is not None]
    counts = {k: sum(1 for lk in kept if lk.kind == k) for k in {lk.kind for lk in kept}}
    assert counts == {"ownership": 14, "directorship": 3, "family": 4}
    unknown = [lk for lk in kept if lk.kind == "ownership" and lk.share is None]
    assert len(unknown) == 4 and not links.report.problems  # no percentage given: unknown
