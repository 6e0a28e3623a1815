"""Property tests of the ledger's invariants over random histories (hypothesis).

- quantity is conserved per holder and goods key:
  imports + receipts + outputs + found = exports + sales + inputs + write-offs + stock - unbacked
- stock is never negative; a shortfall is recorded as unbacked, never hidden
- provenance parts of every drawn line sum to its quantity
- rebuilding from the log gives the same projections
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from pathlib import Path

import orjson
from builders import adjust, exp, imp, line, sale, transform
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tamga.ledger.service import LedgerService
from tamga.store.schema import event_lines, lots

HOLDERS = ["H0", "H1", "H2", "H3"]
CODES = ["845011", "854231"]

qty = st.integers(min_value=1, max_value=30)
holder = st.sampled_from(HOLDERS)
code = st.sampled_from(CODES)

op = st.one_of(
    st.tuples(st.just("import"), holder, code, qty, st.sampled_from(["DE", "US", "CN", "KZ"])),
    st.tuples(st.just("sale"), holder, holder, code, qty),
    st.tuples(st.just("export"), holder, code, qty),
    st.tuples(
        st.just("adjust"), holder, code, st.integers(min_value=-15, max_value=15).filter(bool)
    ),
    st.tuples(st.just("transform"), holder, qty, qty),
)


def build(ops: list[tuple]) -> list[dict]:
    events: list[dict] = []
    for i, o in enumerate(ops):
        day = i * 0.01
        kind = o[0]
        if kind == "import":
            _, h, c, q, origin = o
            events.append(imp(h, [line(hs=c, qty=q)], day=day, origin=origin, event_id=f"e{i}"))
        elif kind == "sale":
            _, s, b, c, q = o
            if s != b:
                events.append(sale(s, b, [line(hs=c, qty=q)], day=day, event_id=f"e{i}"))
        elif kind == "export":
            _, h, c, q = o
            events.append(exp(h, [line(hs=c, qty=q)], day=day, event_id=f"e{i}"))
        elif kind == "adjust":
            _, h, c, q = o
            events.append(
                adjust(h, [line(hs=c, qty=q, value=abs(q) * 10.0)], day=day, event_id=f"e{i}")
            )
        else:
            _, h, qin, qout = o
            events.append(
                transform(
                    h,
                    inputs=[line(hs=CODES[1], qty=qin)],
                    outputs=[line(hs="847130", qty=qout, value=qout * 50.0)],
                    day=day,
                    event_id=f"e{i}",
                )
            )
    return events


def balances(ledger: LedgerService) -> tuple[dict, dict, dict]:
    """Net flows, unbacked and stock per (holder, goods key); checks provenance sums too."""
    flows: dict[tuple[str, str], float] = defaultdict(float)
    unbacked: dict[tuple[str, str], float] = defaultdict(float)
    stock: dict[tuple[str, str], float] = defaultdict(float)
    with ledger.engine.connect() as conn:
        for r in conn.execute(select(event_lines)):
            key = r.goods_key
            if r.type == "import" or (r.type == "transformation" and r.role == "output"):
                flows[(r.holder, key)] += r.quantity
            elif r.type == "transfer":
                flows[(r.counterparty, key)] += r.quantity  # received by the buyer
                flows[(r.holder, key)] -= r.quantity
                unbacked[(r.holder, key)] += r.unbacked_qty
            elif r.type == "adjustment":
                flows[(r.holder, key)] += r.quantity
                unbacked[(r.holder, key)] += r.unbacked_qty
            elif r.type in ("export",) or r.role == "input":
                flows[(r.holder, key)] -= r.quantity
                unbacked[(r.holder, key)] += r.unbacked_qty
            if r.provenance is not None:
                parts = orjson.loads(r.provenance)
                assert abs(sum(p[5] for p in parts) - abs(r.quantity)) < 1e-6 * max(1, r.quantity)
        for r in conn.execute(select(lots)):
            assert r.remaining >= 0
            assert r.remaining <= r.qty_in + 1e-9
            stock[(r.holder, r.goods_key)] += r.remaining
    return flows, unbacked, stock


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(op, min_size=1, max_size=40))
def test_quantity_is_conserved_and_rebuild_reproduces(ops: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ledger = LedgerService.open(f"sqlite:///{Path(tmp) / 'l.sqlite'}")
        outcomes = ledger.ingest(build(ops))
        assert all(o.status == "accepted" for o in outcomes), [str(o.error) for o in outcomes]
        flows, unbacked, stock = balances(ledger)
        for key in set(flows) | set(stock) | set(unbacked):
            # in - out + unbacked == stock, for every holder and goods key
            balance = flows.get(key, 0.0) + unbacked.get(key, 0.0) - stock.get(key, 0.0)
            assert abs(balance) < 1e-6, key
        before = [ledger.stock(h) for h in HOLDERS]
        ledger.rebuild()
        assert [ledger.stock(h) for h in HOLDERS] == before
        assert balances(ledger)[2] == stock
        ledger.engine.dispose()
