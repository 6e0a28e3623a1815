"""One event with many goods lines costs time linear in its lines, and the lines of one event
are bounded (a 50,000-line request held the store's write lock long enough to fail others)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from builders import exp, imp, line

from tamga.ledger import state as state_module
from tamga.ledger.model import MAX_LINES
from tamga.ledger.service import LedgerService


def lines(n: int) -> list[dict[str, Any]]:
    return [line(no=i + 1, qty=2) for i in range(n)]


def test_an_event_with_more_lines_than_the_limit_is_refused(sqlite_ledger: LedgerService) -> None:
    outcome = sqlite_ledger.ingest([imp("A", lines(MAX_LINES + 1))])[0]
    assert outcome.status == "rejected" and outcome.error is not None
    assert outcome.error.field == "lines"


def test_one_events_lots_go_into_their_fifo_list_without_rescanning_it(
    sqlite_ledger: LedgerService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lot ids of one event sort as text (line 10 before line 9), so most of its lots are
    inserted out of order; each insertion looked at every lot before it."""
    calls = 0
    original = state_module.Lot.fifo_key

    def counted(self: state_module.Lot) -> tuple[str, int, str]:
        nonlocal calls
        calls += 1
        return original.fget(self)  # type: ignore[no-any-return, misc]

    monkeypatch.setattr(state_module.Lot, "fifo_key", property(counted))
    n = 3000
    assert sqlite_ledger.ingest([imp("A", lines(n))])[0].status == "accepted"
    assert calls < 40 * n, f"{calls} sort-key reads for {n} lots"


class CountingList(list):  # type: ignore[type-arg]
    """A list that counts the items read from it, iterated over or by index."""

    visits = 0

    def __iter__(self) -> Iterator[Any]:
        for item in super().__iter__():
            CountingList.visits += 1
            yield item

    def __getitem__(self, index: Any) -> Any:
        item = super().__getitem__(index)
        CountingList.visits += len(item) if isinstance(index, slice) else 1
        return item


def test_the_lines_of_one_export_do_not_rescan_the_lots_they_used_up(
    sqlite_ledger: LedgerService, monkeypatch: pytest.MonkeyPatch
) -> None:
    n = 3000
    sqlite_ledger.ingest([imp("A", lines(n))])
    original = state_module.WorkingState.sort_loaded

    def counting(self: state_module.WorkingState) -> None:
        original(self)
        for key, lots in self.lots_by_key.items():
            self.lots_by_key[key] = CountingList(lots)

    monkeypatch.setattr(state_module.WorkingState, "sort_loaded", counting)
    CountingList.visits = 0
    outcome = sqlite_ledger.ingest([exp("A", lines(n))])[0]
    assert outcome.status == "accepted" and outcome.applied is not None
    assert outcome.applied.unbacked == 0
    assert CountingList.visits < 10 * n, f"{CountingList.visits} lot visits for {n} lines"
