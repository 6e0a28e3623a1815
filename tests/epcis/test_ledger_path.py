"""End to end: an EPCIS import and a domestic sale, captured as EPCIS, reach the real ledger
through the ingest callable, and the holders' stock moves; a re-sent document changes nothing."""

from __future__ import annotations

from typing import Any

import orjson

from tamga.epcis.mapping import to_epcis
from tamga.epcis.service import EpcisService
from tamga.ledger.service import LedgerService
from tamga.store.database import connect

LINE = {"line_no": 1, "hs_code": "845011", "quantity": 10.0, "unit": "C62"}


def _doc(events: list[dict[str, Any]]) -> bytes:
    return orjson.dumps(
        {
            "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
            "type": "EPCISDocument",
            "schemaVersion": "2.0",
            "creationDate": "2022-03-05T00:00:00Z",
            "epcisBody": {"eventList": events},
        }
    )


def test_epcis_capture_moves_ledger_stock(store_url: str) -> None:
    engine = connect(store_url)
    ledger = LedgerService(engine)
    service = EpcisService(engine, ledger_ingest=ledger.ingest)
    imported = {
        "event_id": "imp-1",
        "type": "import",
        "time": "2022-03-01T08:00:00+00:00",
        "location": "ALA-01",
        "declaration_no": "IM000001",
        "consignor": {"id": "DE-SIEMENS", "name": "Siemens AG", "country": "DE"},
        "consignee": "KZ-A",
        "dispatch_country": "DE",
        "lines": [{**LINE, "origin_country": "DE", "value": 1000.0}],
    }
    sold = {
        "event_id": "trf-1",
        "type": "transfer",
        "time": "2022-03-02T08:00:00+00:00",
        "location": "ALA-WH",
        "seller": "KZ-A",
        "buyer": "KZ-B",
        "invoice_no": "INV1",
        "lines": [{**LINE, "quantity": 4.0}],
    }
    body = _doc([to_epcis(imported), to_epcis(sold)])
    result = service.capture_document(body)
    assert result.job.status == "success" and result.job.errors == []
    assert ledger.stock("KZ-A")["items"][0]["quantity"] == 6.0
    assert ledger.stock("KZ-B")["items"][0]["quantity"] == 4.0
    again = service.capture_document(body)
    assert again.job.duplicates == 2
    assert ledger.stock("KZ-A")["items"][0]["quantity"] == 6.0
    # an event the ledger refuses is still captured as EPCIS; the job notes the ledger's reason
    self_sale = {**sold, "event_id": "trf-2", "invoice_no": "INV2", "buyer": "KZ-A"}
    noted = service.capture_document(_doc([to_epcis(self_sale)]))
    assert noted.job.status == "success" and noted.job.captured == 1
    assert [e["kind"] for e in noted.job.errors] == ["ledger_rejected"]
    assert "same holder" in noted.job.errors[0]["reason"]
