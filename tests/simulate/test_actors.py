"""Holders, foreign parties and sanctioned firms: valid identifiers, names in both scripts."""

from __future__ import annotations

import random
import re
from datetime import date

import orjson

from tamga.screening.loading import entity_from_ftm
from tamga.simulate import RunResult
from tamga.simulate.actors import Registry, bin_check_digit, inn_ru, sanctioned_firms
from tamga.simulate.summary import read_jsonl


def test_registry_holders_have_valid_bins_and_names_in_both_scripts() -> None:
    reg = Registry(random.Random(1), 400, date(2021, 1, 1))
    assert len({h.id for h in reg.all}) == len(reg.all) >= 400
    assert len({h.name for h in reg.all}) == len(reg.all)
    for h in reg.all:
        assert re.fullmatch(r"[0-9]{12}", h.id)
        assert int(h.id[-1]) == bin_check_digit(h.id[:11])
        assert h.id[:4] == f"{h.registered.year % 100:02d}{h.registered.month:02d}"
        assert re.fullmatch(r'TOO "[A-Za-z0-9 \-]+"', h.name)
        assert h.name_cyrillic.startswith("ТОО «") and h.name_cyrillic.endswith("»")
        assert h.registered < date(2021, 1, 1)
    assert set(reg.by_kind) == {"importer", "wholesaler", "retailer", "manufacturer", "logistics"}


def test_russian_inn_check_digit() -> None:
    inn = inn_ru(random.Random(5))
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    assert int(inn[9]) == sum(int(d) * w for d, w in zip(inn, weights, strict=False)) % 11 % 10


def test_sanctioned_firms_are_ftm_companies_the_screening_part_reads() -> None:
    firms = sanctioned_firms(random.Random(3), 10)
    for firm in firms:
        props = firm.entity["properties"]
        assert firm.entity["schema"] == "Company"
        assert props["innCode"] == [firm.inn] and props["ogrnCode"]
        assert "sanction" in props["topics"] and "FICTIONAL" in props["notes"][0]
        listed = entity_from_ftm(firm.entity)
        assert listed is not None
        assert firm.name_latin.isascii() and not firm.name_cyrillic.isascii()


def test_written_holder_registry_and_sanctions_file(small_run: RunResult) -> None:
    assert small_run.outputs.holders is not None and small_run.outputs.sanctions is not None
    holders = list(read_jsonl(small_run.outputs.holders))
    assert len(holders) == small_run.holders
    assert set(holders[0]) == {"id", "name", "name_cyrillic", "kind", "registered", "city"}
    sanctioned = [orjson.loads(x) for x in small_run.outputs.sanctions.read_bytes().splitlines()]
    names = {n for e in sanctioned for n in e["properties"]["name"]}
    assert small_run.outputs.labels is not None and small_run.outputs.ledger is not None
    cases = [
        c for c in read_jsonl(small_run.outputs.labels) if c["scheme"] == "sanctioned_consignee"
    ]
    assert cases
    exports = {
        r["declaration_no"]: r
        for r in read_jsonl(small_run.outputs.ledger)
        if r["type"] == "export"
    }
    for case in cases:
        assert case["detail"]["listed_name"] in names
        consignee = exports[case["declarations"][-1]]["consignee"]
        assert consignee["name"] == case["detail"]["name_on_declaration"]
        assert consignee["name"].isascii()  # transliterated, not the listed spelling
    # ordinary consignees never carry a sanctioned firm's name
    listed_latin = {c["detail"]["name_on_declaration"] for c in cases}
    flagged = {c["declarations"][-1] for c in cases}
    for decl, ev in exports.items():
        if decl not in flagged:
            assert ev["consignee"]["name"] not in listed_latin
