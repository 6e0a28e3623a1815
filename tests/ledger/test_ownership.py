"""Declaration, invoice and transit numbers and event ids belong to the holder that first used
them: another holder reusing one is refused, with words that do not say whose it is."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from builders import exp, imp, line, sale, transit_start

from tamga.errors import NotFound
from tamga.ledger.parsing import RawRecord
from tamga.ledger.service import LedgerService

A, B = "KZ-A", "KZ-B"


def statuses(ledger: LedgerService, events: list[dict]) -> list[tuple[str, str | None]]:
    return [(o.status, o.error.field if o.error else None) for o in ledger.ingest(events)]


def test_a_declaration_number_is_its_first_holders(ledger: LedgerService) -> None:
    ledger.ingest([imp(A, [line(qty=10)], decl="IM-1")])
    ledger.ingest([exp(A, [line(qty=4)], decl="EX-1")])
    theirs = imp(B, [line(qty=99, brand="SECRET")], decl="EX-1")
    outcome = ledger.ingest([theirs])[0]
    assert (outcome.status, outcome.error and outcome.error.field) == ("rejected", "declaration_no")
    assert A not in outcome.error.reason and "export" not in outcome.error.reason
    trace = ledger.trace("EX-1")
    assert [ln["holder"] for ln in trace["lines"]] == [A]
    # the owner may use its own number again (an import and an export of one file)
    assert statuses(ledger, [imp(A, [line(qty=1)], decl="EX-1")]) == [("accepted", None)]


def test_an_invoice_number_is_its_sellers(ledger: LedgerService) -> None:
    ledger.ingest([imp(A, [line(qty=10)]), imp(B, [line(qty=10)])])
    assert statuses(ledger, [sale(A, "KZ-C", [line(qty=1)], invoice_no="INV-1")]) == [
        ("accepted", None)
    ]
    assert statuses(ledger, [sale(B, "KZ-D", [line(qty=1)], invoice_no="INV-1")]) == [
        ("rejected", "invoice_no")
    ]
    # and a declaration may not take an invoice's number either: both are looked up as one
    assert statuses(ledger, [imp(B, [line()], decl="INV-1")]) == [("rejected", "declaration_no")]


def test_claims_within_one_batch(ledger: LedgerService) -> None:
    got = statuses(ledger, [imp(A, [line()], decl="D-1"), imp(B, [line()], decl="D-1")])
    assert got == [("accepted", None), ("rejected", "declaration_no")]


def test_the_refusal_reads_the_same_whoever_owns_the_id(ledger: LedgerService) -> None:
    ledger.ingest([imp(A, [line()], decl="D-1", event_id="E-1"), transit_start("MRN-1")])
    # someone else's event id, and the owner's own id sent again with other content
    other = ledger.ingest([imp(B, [line()], event_id="E-1")])[0].error
    own = ledger.ingest([imp(A, [line(qty=3)], event_id="E-1")])[0].error
    assert other is not None and own is not None
    assert other.reason == own.reason and other.field == own.field == "event_id"
    # a transit id: started by another carrier, or by the same one
    by_other = ledger.ingest([transit_start("MRN-1", event_id="x1", carrier="C-2")])[0].error
    by_same = ledger.ingest([transit_start("MRN-1", event_id="x2")])[0].error
    assert by_other is not None and by_same is not None
    assert by_other.reason == by_same.reason and by_other.field == "transit_id"
    assert "CARRIER-1" not in by_other.reason and "started" not in by_other.reason


def test_a_traders_trace_holds_only_its_own_lines(ledger: LedgerService) -> None:
    ledger.ingest([imp(A, [line(qty=10)], decl="D-9")])
    assert ledger.trace("D-9", holder=A)["lines"][0]["holder"] == A
    with pytest.raises(NotFound) as missing:
        ledger.trace("D-9", holder=B)
    with pytest.raises(NotFound) as nothing:
        ledger.trace("NO-SUCH", holder=B)
    assert str(missing.value) == str(nothing.value).replace("NO-SUCH", "D-9")


def test_claims_hold_across_batches_still_being_written(tmp_path: Path) -> None:
    """The bulk path (a writer process, several batches uncommitted): a number claimed in a
    batch not yet committed is owned already."""
    ledger = LedgerService.open(f"sqlite:///{tmp_path / 'bulk.sqlite'}")
    events = [imp(A, [line()], decl=f"D-{i}") for i in range(6)]
    events += [imp(B, [line()], decl=f"D-{i}") for i in range(6)]
    records = [RawRecord(f"f:{i}", orjson.dumps(e)) for i, e in enumerate(events)]
    report = ledger.ingest_records(records, batch_size=2, commit_every=6)
    assert (report.accepted, report.rejected) == (6, 6)
    assert {e.field for e in report.errors} == {"declaration_no"}
