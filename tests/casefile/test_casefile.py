"""Case files: what they hold, in each format and language, read back as a reader reads them
(pdftotext for the PDF, openpyxl for the XLSX, the HTML as text)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from dashboard_site import Site, signed_in
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import update
from typer.testing import CliRunner

from tamga.casefile import gather, write
from tamga.casefile.pdf import font_files
from tamga.cli.main import app
from tamga.dashboard import create_app
from tamga.errors import InvalidInput, NotFound
from tamga.store.schema import events

KAZAKH = set("әғқңөұүһі")
PDFTOTEXT = shutil.which("pdftotext")


def pdf_text(path: Path) -> str:
    if PDFTOTEXT is None:
        message = "pdftotext is missing (scripts/services installs poppler-utils)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    done = subprocess.run(
        [PDFTOTEXT, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return re.sub(r"\s+", " ", done.stdout.decode())


def _case(site: Site, key: str, verify_all: bool = True):  # type: ignore[no-untyped-def]
    return gather(key, site.ledger, site.alerts, site.lists.checker(), verify_all=verify_all)


def test_the_pdf_names_the_declaration_its_imports_and_holders_in_russian(
    site: Site, tmp_path: Path
) -> None:
    case = _case(site, site.alert_id("controlled_reexport"))
    text = pdf_text(write(case, tmp_path / "case.pdf", "ru"))
    assert "EX-BETA-1" in text and "IM-ALFA-1" in text  # the declaration, its import
    assert "ТОО «Альфа Машинери» (БИН KZ-ALFA)" in text  # holders by name with the BIN
    assert "ТОО «Бета Шаһар Трейд» (БИН KZ-BETA)" in text
    assert "DE-SIEMENS" in text  # the consignor of the import
    for heading in (
        "Сигналы",
        "Основания",
        "Товарные позиции декларации",
        "Импортные декларации",
        "Цепочки владельцев",
        "Владельцы и контрагенты",
        "История обработки",
        "Доказательство по цепочке хэшей",
    ):
        assert heading in text, heading
    assert "Контролируемые товары ограниченного происхождения вывезены в RU" in text
    assert "Вся цепочка проверено: 8 событий" in text  # the whole chain verified
    assert case.proof and all(p["content_ok"] and p["link_ok"] for p in case.proof)
    for p in case.proof:  # every event's hashes are printed in full
        assert p["chain_hash"][:40] in text.replace(" ", "")


def test_the_kazakh_pdf_embeds_a_font_with_the_kazakh_letters(site: Site, tmp_path: Path) -> None:
    regular, _bold = font_files()
    assert regular.exists()  # a system font (fonts-dejavu), not a file in the repository
    assert not str(regular).startswith(str(Path(__file__).parents[2] / "src"))
    case = _case(site, "EX-BETA-1")
    text = pdf_text(write(case, tmp_path / "case.pdf", "kk"))
    assert set(text.lower()) >= KAZAKH  # Ә Ғ Қ Ң Ө Ұ Ү Һ І survive into the text layer
    assert "Импорттық декларациялар" in text and "Іс материалдары EX-BETA-1" in text
    assert "ТОО «Бета Шаһар Трейд» (БСН KZ-BETA)" in text


def test_the_xlsx_has_a_sheet_per_part_whose_cells_name_the_case(
    site: Site, tmp_path: Path
) -> None:
    case = _case(site, site.alert_id("controlled_reexport"))
    book = load_workbook(write(case, tmp_path / "case.xlsx", "en"))
    assert book.sheetnames == [
        "The case",
        "Alerts",
        "Evidence",
        "Declaration lines",
        "Import declarations",
        "Origins",
        "Chains of holders",
        "Provenance",
        "Holders and counterparties",
        "Screening matches",
        "Workflow history",
        "Hash-chain proof",
    ]

    def cells(sheet: str) -> list[object]:
        return [c.value for row in book[sheet].iter_rows() for c in row if c.value is not None]

    assert "EX-BETA-1" in cells("The case")
    assert "IM-ALFA-1" in cells("Import declarations")
    holders = cells("Holders and counterparties")
    assert {"KZ-ALFA", "KZ-BETA", "Alfa Machinery LLP", "Beta Trade LLP"} <= set(holders)
    chains = cells("Chains of holders")
    assert "Alfa Machinery LLP (BIN KZ-ALFA) → Beta Trade LLP (BIN KZ-BETA)" in chains
    lines = book["Declaration lines"]
    header = next(r for r in lines.iter_rows(values_only=True) if r and r[0] == "Line")
    row = next(r for r in lines.iter_rows(values_only=True) if r and r[0] == 1)
    assert dict(zip(header, row, strict=True))["Quantity"] == 8  # a number, not text
    proof = cells("Hash-chain proof")
    assert all(p["content_hash"] in proof and p["chain_hash"] in proof for p in case.proof)
    ru = load_workbook(write(case, tmp_path / "case-ru.xlsx", "ru"))
    assert "Импортные декларации" in ru.sheetnames


def test_the_html_stands_alone_with_its_sankey(site: Site, tmp_path: Path) -> None:
    case = _case(site, site.alert_id("controlled_reexport"))
    page = write(case, tmp_path / "case.html", "kk").read_text(encoding="utf-8")
    assert '<html lang="kk">' in page
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org", "")
    assert "https://" not in page
    sankey = page[page.index("<svg") : page.index("</svg>")]
    assert "ТОО «Альфа Машинери»" in sankey and "шығу тегі: DE" in sankey  # names, origins
    assert "EX-BETA-1" in sankey
    assert "IM-ALFA-1" in page and "Хэштер тізбегі бойынша дәлел" in page


def test_a_case_opened_on_a_declaration_holds_every_alert_that_names_it(site: Site) -> None:
    case = _case(site, "EX-BETA-1", verify_all=False)
    assert [a["id"] for a in case.alerts] == [site.alert_id("controlled_reexport")]
    assert case.verify is None
    assert [i["import_declaration"] for i in case.imports] == ["IM-ALFA-1"]
    assert case.holders == ["KZ-BETA", "KZ-ALFA"]
    sanctions = _case(site, site.alert_id("sanctioned_party"))
    assert sanctions.declaration_no == "IM-GAMMA-1"
    assert sanctions.screening and sanctions.screening[0]["name"] == "ООО «Технопром»"


def test_the_workflow_history_says_who_when_and_why(site: Site, tmp_path: Path) -> None:
    alert = site.alert_id("controlled_reexport")
    site.alerts.act(alert, "hold", reason="inspect the crates", actor="analyst:aigerim")
    case = _case(site, alert, verify_all=False)
    assert [(h["actor"], h["action"], h["reason"]) for h in case.history] == [
        ("analyst:aigerim", "hold", "inspect the crates")
    ]
    text = pdf_text(write(case, tmp_path / "case.pdf", "ru"))
    assert "analyst:aigerim" in text and "Задержать" in text and "inspect the crates" in text


def test_a_changed_event_shows_in_the_proof(site: Site) -> None:
    """Someone edits the import's record in the store: its content hash no longer fits."""
    imported = events.c.declaration_no == "IM-ALFA-1"
    with site.ledger.engine.begin() as conn:
        conn.execute(update(events).where(imported).values(payload='{"forged": 1}'))
    case = _case(site, "EX-BETA-1")
    forged = [p for p in case.proof if p["type"] == "import"]
    assert forged and not forged[0]["content_ok"] and forged[0]["link_ok"]
    assert all(p["content_ok"] for p in case.proof if p["type"] != "import")
    assert case.verify is not None and not case.verify["ok"]


def test_unknown_cases_and_formats_are_refused(site: Site, tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        _case(site, "EX-NOBODY")
    with pytest.raises(NotFound):
        _case(site, "AL-000000000000")
    with pytest.raises(InvalidInput, match=r"pdf, \.xlsx or \.html"):
        write(_case(site, "EX-BETA-1"), tmp_path / "case.docx")


def test_tamga_case_writes_the_file(site: Site, tmp_path: Path) -> None:
    out = tmp_path / "case.pdf"
    url = str(site.ledger.engine.url)
    alert = site.alert_id("controlled_reexport")
    result = CliRunner().invoke(app, ["case", alert, "--out", str(out), "--db", url, "--json"])
    assert result.exit_code == 0, result.output
    assert (
        '"declaration": "EX-BETA-1"' in result.output and '"chain_verified": true' in result.output
    )
    assert "Импортные декларации" in pdf_text(out)  # Russian unless told otherwise
    missing = CliRunner().invoke(app, ["case", "EX-NOBODY", "--out", str(out), "--db", url])
    assert missing.exit_code == 2 and "no alert or declaration" in missing.output


def test_the_download_buttons_give_the_case_in_the_pages_language(site: Site) -> None:
    client = TestClient(create_app(site.ctx))
    signed_in(client, site.tokens["analyst"])
    alert = site.alert_id("controlled_reexport")
    page = client.get(f"/dashboard/alerts/{alert}").text
    for fmt in ("pdf", "xlsx", "html"):
        assert f'href="/dashboard/case/{alert}.{fmt}"' in page
    assert (
        'href="/dashboard/case/EX-BETA-1.pdf"'
        in client.get("/dashboard/declarations/EX-BETA-1").text
    )
    r = client.get(f"/dashboard/case/{alert}.pdf", headers={"Accept-Language": "kk"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    assert f'filename="case-{alert}-kk.pdf"' in r.headers["content-disposition"]
    x = client.get("/dashboard/case/EX-BETA-1.xlsx")
    assert x.status_code == 200 and x.content.startswith(b"PK")
    assert client.get("/dashboard/case/EX-BETA-1.doc").status_code == 404
    # a trader or an officer gets no case file, as if there were none
    for role in ("trader", "officer"):
        signed_in(client, site.tokens[role])
        assert client.get("/dashboard/case/EX-BETA-1.pdf").status_code == 404
        assert "/dashboard/case/" not in client.get("/dashboard/declarations/IM-ALFA-1").text


def test_a_consignee_owned_by_a_listed_person_shows_its_ownership_path(tmp_path: Path) -> None:
    """The screening part names who is behind the party: the chain from the listed owner down."""
    import orjson
    from builders import exp, imp, line

    from tamga.ledger.service import LedgerService
    from tamga.lists.checker import GoodsChecker
    from tamga.risk import attach
    from tamga.screening.repository import ScreeningRepository

    entities = [
        {"id": "p-1", "schema": "Person", "properties": {"name": ["Самойлов Игорь Викторович"],
         "topics": ["sanction"], "country": ["ru"]}},
        {"id": "c-1", "schema": "Company", "properties": {"name": ["ООО Альфа Холдинг"],
         "country": ["ru"]}},
        {"id": "o-1", "schema": "Ownership", "properties": {"owner": ["p-1"], "asset": ["c-1"],
         "percentage": ["60"]}},
    ]  # fmt: skip
    ftm = tmp_path / "owners.ftm.json"
    ftm.write_bytes(b"\n".join(orjson.dumps(e) for e in entities))
    ledger = LedgerService.open(f"sqlite:///{tmp_path / 'owned.sqlite'}")
    ScreeningRepository(ledger.engine).load_file(ftm)
    alerts = attach(ledger, checker=GoodsChecker([]))
    consignee = {"id": "RU-77", "name": "ООО Альфа Холдинг", "country": "RU"}
    ledger.ingest(
        [
            imp("KZ-ALFA", [line(1, "845811", 1)], 1, "IM-OWNED-1"),
            exp("KZ-ALFA", [line(1, "845811", 1)], 2, "EX-OWNED-1", consignee=consignee),
        ]
    )
    case = gather("EX-OWNED-1", ledger, alerts, GoodsChecker([]))
    book = load_workbook(write(case, tmp_path / "owned.xlsx", "en"))
    cells = [c.value for row in book["Screening matches"].iter_rows() for c in row if c.value]
    assert any(isinstance(v, str) and "60%" in v and "Самойлов" in v for v in cells), cells
