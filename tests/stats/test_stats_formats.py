"""The Comtrade (current API) and BACI readers on small files written here, line by line."""

from __future__ import annotations

from pathlib import Path

from tamga.stats import growth, load_file
from tamga.stats.panel import Panel
from tamga.stats.sources.detect import detect_format

API_HEADER = (
    "typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,"
    "flowCode,flowDesc,partnerCode,partnerISO,partnerDesc,partner2Code,classificationCode,cmdCode,"
    "aggrLevel,isLeaf,customsCode,mosCode,motCode,qtyUnitAbbr,qty,netWgt,primaryValue"
)


def api_row(flow: str, partner: tuple[int, str, str], cmd: str, mot: int, value: float) -> str:
    code, iso, desc = partner
    return (
        f"C,M,20240301,2024,3,202403,398,KAZ,Kazakhstan,{flow},x,{code},{iso},{desc},0,H6,{cmd},"
        f"6,true,C00,0,{mot},u,5,12.5,{value}"
    )


def test_comtrade_api_file_keeps_totals_and_drops_breakdowns(tmp_path: Path) -> None:
    ru = (643, "RUS", "Russian Federation")
    path = tmp_path / "api.csv"
    path.write_text(
        "\n".join(
            [
                API_HEADER,
                api_row("X", ru, "847150", 0, 100.0),  # all modes of transport
                api_row("X", ru, "847150", 1000, 40.0),  # by sea: part of the row above
                api_row("DX", ru, "847150", 0, 80.0),  # domestic exports: part of X
                api_row("X", (0, "W00", "World"), "847150", 0, 150.0),  # aggregate partner
                api_row("X", ru, "TOTAL", 0, 999.0),  # all goods: not a leaf next to 847150
                api_row("RX", ru, "847150", 0, 7.0),
            ]
        ),
        encoding="utf-8",
    )
    assert detect_format(path) == "comtrade"
    panel = Panel("api", root=tmp_path / "stats")
    load_file(path, panel)
    g = growth(panel.table(), by=["reporter", "partner", "hs", "flow"], freq="month").execute()
    got = {(r.partner, r.hs, r.flow, r.period): r.value for r in g.itertuples()}
    assert got == {
        ("RU", "847150", "export", "2024-03"): 100.0,
        ("RU", "847150", "re-export", "2024-03"): 7.0,
    }
    world = growth(panel.table(), by=["partner"], partners=["WLD"], flows=["export"]).execute()
    assert list(world.value) == [150.0]


def test_baci_file_in_thousand_dollars_and_tonnes(tmp_path: Path) -> None:
    path = tmp_path / "BACI_HS17_Y2022_V202401.csv"
    path.write_text(
        "t,i,j,k,v,q\n"
        "2021,51,643,847150,10.5,1.2\n"
        "2022,51,643,847150,100.000,NA\n"
        "2022,842,51,847150,20,3\n"
        "2022,51,643,90111,1,0.5\n",
        encoding="utf-8",
    )
    assert detect_format(path) == "baci"
    panel = Panel("baci", root=tmp_path / "stats")
    assert load_file(path, panel).rows == 4
    rows = panel.table().execute()
    assert set(rows.hs) == {"847150", "090111"}
    g = growth(panel.table(), by=["reporter", "partner", "hs"]).execute()
    got = {(r.reporter, r.partner, r.hs, r.period): r.value for r in g.itertuples()}
    assert got[("AM", "RU", "847150", "2022")] == 100_000.0
    assert got[("US", "AM", "847150", "2022")] == 20_000.0
    am_ru = g[(g.reporter == "AM") & (g.hs == "847150") & (g.period == "2022")].iloc[0]
    assert am_ru.previous == 10_500.0
    kg = rows[(rows.reporter == "US")].net_kg.iloc[0]
    assert kg == 3000.0
