"""The ledger's contract, run on SQLite and on PostgreSQL alike (the ``ledger`` fixture)."""

from __future__ import annotations

import itertools

import pytest
from builders import adjust, checkpoint, exp, imp, line, sale, transform, transit_end, transit_start
from sqlalchemy import text

from tamga.errors import IntegrityError, NotFound
from tamga.ledger.integrity import ProblemKind
from tamga.ledger.service import LedgerService


def statuses(ledger: LedgerService, events: list[dict]) -> list[str]:
    return [o.status for o in ledger.ingest(events)]


def test_imports_become_lots_and_exports_draw_fifo(ledger: LedgerService) -> None:
    assert (
        statuses(
            ledger,
            [
                imp("A", [line(qty=10)], day=0, decl="IM1", origin="DE"),
                imp("A", [line(qty=10)], day=1, decl="IM2", origin="US"),
                exp("A", [line(qty=15)], day=2, decl="EX1"),
            ],
        )
        == ["accepted"] * 3
    )
    stock = ledger.stock("A")
    (item,) = stock["items"]
    assert item["quantity"] == 5
    assert [lot["declaration_no"] for lot in item["lots"]] == ["IM2"]
    trace = ledger.trace("EX1")["lines"][0]
    assert trace["unbacked_quantity"] == 0
    assert {o["country"]: o["quantity"] for o in trace["origins"]} == {"DE": 10, "US": 5}
    assert {s["import_declaration"]: s["quantity"] for s in trace["sources"]} == {
        "IM1": 10,
        "IM2": 5,
    }


def test_provenance_survives_five_hops(ledger: LedgerService) -> None:
    chain = ["H0", "H1", "H2", "H3", "H4", "H5"]
    events = [imp("H0", [line(hs="854231", qty=100)], decl="IMX", origin="US")]
    for i, (seller, buyer) in enumerate(itertools.pairwise(chain)):
        events.append(sale(seller, buyer, [line(hs="854231", qty=100 - 10 * i)], day=1 + i))
    events.append(exp("H5", [line(hs="854231", qty=50)], day=9, decl="EX5"))
    assert set(statuses(ledger, events)) == {"accepted"}
    (ln,) = ledger.trace("EX5")["lines"]
    assert ln["paths"] == [{"holders": chain, "hops": 5, "quantity": 50.0}]
    assert ln["origins"] == [{"country": "US", "quantity": 50.0, "value": 5000.0}]
    assert ln["sources"][0]["import_declaration"] == "IMX"


def test_a_draw_beyond_stock_is_accepted_and_recorded_as_unbacked(ledger: LedgerService) -> None:
    ledger.ingest([imp("A", [line(qty=4)], decl="IM1"), sale("A", "B", [line(qty=10)])])
    ledger.ingest([exp("B", [line(qty=12)], decl="EX1")])
    (ln,) = ledger.trace("EX1")["lines"]
    assert ln["unbacked_quantity"] == 2  # B's own shortfall
    by_country = {(o["country"], o.get("unbacked", False)): o["quantity"] for o in ln["origins"]}
    # 4 traced to DE, 6 that A never had, 2 that B never had: all shown
    assert by_country == {("DE", False): 4, (None, True): 8}
    assert ledger.stock("A")["items"] == []
    assert ledger.summary()["unbacked_quantity"] == 8


def test_stock_received_over_several_batches_is_drawn_in_full(ledger: LedgerService) -> None:
    # each batch is its own transaction; the lots the store keeps between batches must not
    # hide the lots of earlier batches from a later draw
    ledger.ingest([imp("A", [line(qty=10)], day=0, decl="IM1")])
    ledger.ingest([imp("A", [line(qty=5)], day=1, decl="IM2")])
    ledger.ingest([sale("A", "B", [line(qty=15)], day=2)])
    assert ledger.stock("A")["items"] == []
    ledger.ingest([sale("B", "C", [line(qty=4)], day=3)])
    ledger.ingest([sale("A", "B", [line(qty=1)], day=4)])  # A has nothing left: unbacked
    ledger.ingest([exp("B", [line(qty=12)], day=5, decl="EX1")])
    (ln,) = ledger.trace("EX1")["lines"]
    assert ln["unbacked_quantity"] == 0
    sources = {s["import_declaration"]: s["quantity"] for s in ln["sources"]}
    # B's one lot of 15 is 10/15 IM1 and 5/15 IM2; 4 of it went to C; the 1 A lacked is unbacked
    assert sources == pytest.approx({"IM1": 11 * 10 / 15, "IM2": 11 * 5 / 15, None: 1}, abs=1e-6)
    assert ledger.summary()["unbacked_quantity"] == 1


def test_named_lots_are_drawn_and_unknown_lots_refused(ledger: LedgerService) -> None:
    ledger.ingest(
        [
            imp("A", [line(qty=5, lot="L-OLD")], day=0, decl="IM1", origin="CN"),
            imp("A", [line(qty=5, lot="L-NEW")], day=1, decl="IM2", origin="DE"),
        ]
    )
    out = ledger.ingest(
        [
            sale("A", "B", [line(qty=3, lot="L-NEW")], event_id="s1"),
            sale("A", "B", [line(qty=1, lot="L-NOPE")], event_id="s2"),
        ]
    )
    assert [o.status for o in out] == ["accepted", "rejected"]
    assert out[1].error is not None and out[1].error.field == "lines[line_no=1].lot"
    assert "not held by A" in out[1].error.reason
    lots = {lot["label"]: lot["remaining"] for lot in ledger.stock("A")["items"][0]["lots"]}
    assert lots == {"L-OLD": 5, "L-NEW": 2}


def test_transformation_outputs_inherit_provenance_by_input_value(ledger: LedgerService) -> None:
    ledger.ingest(
        [
            imp("PLANT", [line(hs="854231", qty=10, value=600)], decl="IM-CHIPS", origin="US"),
            adjust("PLANT", [line(hs="730890", qty=5, value=400, origin_country="KZ")]),
            transform(
                "PLANT",
                inputs=[line(1, hs="854231", qty=10), line(2, hs="730890", qty=5)],
                outputs=[line(1, hs="880730", qty=2, value=5000)],
            ),
            exp("PLANT", [line(hs="880730", qty=2)], decl="EX-DRONE", day=3),
        ]
    )
    (ln,) = ledger.trace("EX-DRONE")["lines"]
    shares = {o["country"]: o["quantity"] for o in ln["origins"]}
    # chips carry 600 of origin value, steel 400 (declared): 60% / 40% of each output
    assert shares == pytest.approx({"US": 1.2, "KZ": 0.8})
    lot = ledger.stock("PLANT")["items"]
    assert lot == []  # exported
    out_line = next(
        r for r in ledger.store.lines_of_declaration("EX-DRONE") if r["type"] == "export"
    )
    assert out_line["quantity"] == 2


def test_localization_share_is_the_domestic_value_share(sqlite_ledger: LedgerService) -> None:
    sqlite_ledger.ingest(
        [
            imp("P", [line(hs="854231", qty=1, value=300)], origin="CN"),
            adjust("P", [line(hs="730890", qty=1, value=700, origin_country="KZ")]),
            transform(
                "P",
                inputs=[
                    line(1, hs="854231", qty=1, value=300),
                    line(2, hs="730890", qty=1, value=700),
                ],
                outputs=[line(1, hs="850440", qty=1, value=2000)],
            ),
        ]
    )
    (item,) = sqlite_ledger.stock("P")["items"]
    assert item["lots"][0]["localization"] == pytest.approx(0.7)


def test_transit_lifecycle(ledger: LedgerService) -> None:
    ledger.ingest(
        [
            transit_start("MRN-OK", day=0),
            checkpoint("MRN-OK", 1, lat=43.25, lon=76.95),
            transit_end("MRN-OK", 2),
            transit_start("MRN-AWAY", day=0),
            transit_end("MRN-AWAY", 2, location="SOMEWHERE-ELSE"),
            transit_start("MRN-LATE", day=0, deadline_days=3),
            transit_start("MRN-SOLD", day=0),
            transit_start("MRN-OPEN", day=9, deadline_days=5),
            sale("TRUCKER", "SHOP", [line(hs="854231", qty=1000, lot="MRN-SOLD")], day=1),
        ]
    )
    ok = ledger.transit("MRN-OK")
    assert ok["state"] == "discharged"
    assert ok["last_position"]["location"] == "KZ-EXIT"
    assert [s["type"] for s in ok["timeline"]] == ["transit_start", "checkpoint", "transit_end"]
    assert ok["timeline"][1]["lat"] == 43.25
    away = ledger.transit("MRN-AWAY")
    assert away["state"] == "diverted" and "SOMEWHERE-ELSE" in away["reason"]
    assert ledger.transit("MRN-SOLD")["state"] == "diverted"
    assert "sold domestically" in ledger.transit("MRN-SOLD")["reason"]
    # the ledger's clock is its latest event (day 9): MRN-LATE's deadline (day 3) has passed
    assert [t["transit_id"] for t in ledger.transits("overdue")] == ["MRN-LATE"]
    assert [t["transit_id"] for t in ledger.transits("open")] == ["MRN-OPEN"]
    assert {t["transit_id"] for t in ledger.transits("diverted")} == {"MRN-AWAY", "MRN-SOLD"}


def test_transit_events_for_unknown_or_ended_transits_are_refused(ledger: LedgerService) -> None:
    out = ledger.ingest(
        [
            checkpoint("NOPE", 1),
            transit_start("T1"),
            transit_end("T1", 1),
            transit_end("T1", 2, event_id="te-again"),
            transit_start("T1", event_id="ts-again"),
        ]
    )
    assert [o.status for o in out] == ["rejected", "accepted", "accepted", "rejected", "rejected"]
    assert all(o.error and o.error.field == "transit_id" for o in out if o.status == "rejected")


def test_resent_events_are_no_ops_and_reused_ids_are_errors(ledger: LedgerService) -> None:
    first = imp("A", [line(qty=10)], event_id="E1", decl="IM1")
    assert statuses(ledger, [first]) == ["accepted"]
    assert statuses(ledger, [first, first]) == ["duplicate", "duplicate"]
    changed = dict(first, location="ELSEWHERE")
    out = ledger.ingest([changed])
    assert out[0].status == "rejected" and out[0].error and out[0].error.field == "event_id"
    assert ledger.stock("A")["items"][0]["quantity"] == 10
    assert ledger.summary()["events"] == 1


def test_a_rejected_event_never_blocks_its_neighbours(ledger: LedgerService) -> None:
    bad = imp("A", [line(qty=1)], event_id="bad")
    bad["lines"][0]["unit"] = "BOXES"
    out = ledger.ingest(
        [imp("A", [line(qty=1)], event_id="g1"), bad, imp("A", [line(qty=2)], event_id="g2")]
    )
    assert [o.status for o in out] == ["accepted", "rejected", "accepted"]
    assert ledger.stock("A")["items"][0]["quantity"] == 3


def test_events_out_of_time_order_are_kept_and_flagged_late(ledger: LedgerService) -> None:
    ledger.ingest([imp("A", [line(qty=1)], day=5)])
    (late,) = ledger.ingest([imp("A", [line(qty=1)], day=1)])
    assert late.status == "accepted" and late.applied is not None and late.applied.late
    assert ledger.summary()["late_events"] == 1


def test_unknown_declarations_and_transits_are_not_found(ledger: LedgerService) -> None:
    with pytest.raises(NotFound):
        ledger.trace("NOPE")
    with pytest.raises(NotFound):
        ledger.transit("NOPE")


def _tamper(ledger: LedgerService, sql: str) -> None:
    with ledger.engine.begin() as conn:
        conn.execute(text(sql))


def _three(ledger: LedgerService) -> None:
    ledger.ingest([imp("A", [line(qty=q)], event_id=f"E{q}", day=q) for q in (1, 2, 3)])
    assert ledger.verify().ok


def test_verify_finds_a_changed_event(ledger: LedgerService) -> None:
    _three(ledger)
    _tamper(ledger, "UPDATE events SET payload = replace(payload, '2.0', '20.0') WHERE seq = 2")
    report = ledger.verify()
    assert not report.ok
    problem = report.problems[0]
    assert (problem.kind, problem.seq, problem.event_id) == (ProblemKind.CONTENT_CHANGED, 2, "E2")


def test_verify_finds_a_removed_event(ledger: LedgerService) -> None:
    _three(ledger)
    _tamper(ledger, "DELETE FROM events WHERE seq = 2")
    assert [p.seq for p in ledger.verify().problems if p.kind is ProblemKind.SEQ_MISSING] == [2]


def test_verify_finds_a_removed_last_event(ledger: LedgerService) -> None:
    _three(ledger)
    _tamper(ledger, "DELETE FROM events WHERE seq = 3")
    assert [p.kind for p in ledger.verify().problems] == [ProblemKind.HEAD_MISMATCH]


def test_verify_finds_reordered_events(ledger: LedgerService) -> None:
    _three(ledger)
    _tamper(ledger, "UPDATE events SET seq = 99 WHERE seq = 1")
    _tamper(ledger, "UPDATE events SET seq = 1 WHERE seq = 2")
    _tamper(ledger, "UPDATE events SET seq = 2 WHERE seq = 99")
    assert any(p.kind is ProblemKind.CHAIN_BROKEN for p in ledger.verify().problems)


def test_rebuild_gives_the_same_projections(ledger: LedgerService) -> None:
    ledger.ingest(
        [
            imp("A", [line(qty=10)], decl="IM1"),
            sale("A", "B", [line(qty=7)]),
            exp("B", [line(qty=9)], decl="EX1"),
            transit_start("T1"),
            transit_end("T1", 1, location="X"),
        ]
    )
    before = (ledger.stock("A"), ledger.stock("B"), ledger.trace("EX1"), ledger.transit("T1"))
    assert ledger.rebuild() == 5
    after = (ledger.stock("A"), ledger.stock("B"), ledger.trace("EX1"), ledger.transit("T1"))
    assert after == before


def test_rebuild_refuses_a_log_that_does_not_verify(ledger: LedgerService) -> None:
    _three(ledger)
    _tamper(ledger, "UPDATE events SET payload = payload || ' ' WHERE seq = 1")
    with pytest.raises(IntegrityError):
        ledger.rebuild()
