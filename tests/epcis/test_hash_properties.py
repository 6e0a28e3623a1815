"""Properties of the Event Hash ID: list order, member order and identifier syntax do not change
it; any change of content does."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tamga.epcis.event_hash import event_hash_json

serials = st.lists(st.integers(min_value=1, max_value=10**6), min_size=1, max_size=6, unique=True)
steps = st.sampled_from(["shipping", "receiving", "departing", "arriving", "commissioning"])


def _event(numbers: list[int], step: str, urn: bool) -> dict[str, Any]:
    epcs = [
        f"urn:epc:id:sgtin:4012345.011111.{n}"
        if urn
        else f"https://id.gs1.org/01/04012345111118/21/{n}"
        for n in numbers
    ]
    return {
        "type": "ObjectEvent",
        "eventTime": "2024-05-01T10:00:00.000+05:00",
        "eventTimeZoneOffset": "+05:00",
        "epcList": epcs,
        "action": "OBSERVE",
        "bizStep": step,
        "bizTransactionList": [
            {"type": "po", "bizTransaction": "urn:epcglobal:cbv:bt:4012345000009:1"},
            {"type": "inv", "bizTransaction": "urn:epcglobal:cbv:bt:4012345000009:2"},
        ],
    }


@settings(max_examples=60, deadline=None)
@given(serials, steps, st.randoms(use_true_random=False))
def test_order_and_syntax_do_not_matter(numbers: list[int], step: str, rnd: Any) -> None:
    base = _event(numbers, step, urn=True)
    shuffled_numbers = list(numbers)
    rnd.shuffle(shuffled_numbers)
    other = _event(shuffled_numbers, step, urn=False)
    other["bizTransactionList"].reverse()
    other = dict(reversed(list(other.items())))
    assert event_hash_json(base) == event_hash_json(other)


@settings(max_examples=60, deadline=None)
@given(serials, steps, steps)
def test_content_changes_change_the_hash(numbers: list[int], step: str, other_step: str) -> None:
    base = event_hash_json(_event(numbers, step, urn=True))
    assert base != event_hash_json(_event([*numbers, 10**6 + 1], step, urn=True))
    if other_step != step:
        assert base != event_hash_json(_event(numbers, other_step, urn=True))
