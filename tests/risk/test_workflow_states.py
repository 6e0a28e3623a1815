"""The analyst workflow is a state machine: closed alerts only reopen, the outcome of closing
is the action chosen (never the wording of the reason), unknown actions are refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tamga.errors import Conflict, InvalidInput
from tamga.risk.workflow import CLOSED, Action, State, parse_action, transition


@given(st.lists(st.sampled_from(list(Action)), max_size=30))
def test_any_sequence_of_actions_keeps_the_alert_in_a_known_state(actions: list[Action]) -> None:
    state = State.NEW
    for action in actions:
        try:
            after = transition("AL-1", state, action)
        except Conflict:
            # refused only where a closed alert is acted on, or an open one "reopened"
            assert (state in CLOSED) != (action is Action.REOPEN)
            continue
        assert (state in CLOSED) == (action is Action.REOPEN)
        state = after
    assert isinstance(state, State)


def test_confirm_and_close_are_the_two_outcomes() -> None:
    assert transition("AL-1", "under_review", Action.CONFIRM) is State.CLOSED_CONFIRMED
    assert transition("AL-1", "under_review", Action.CLOSE) is State.CLOSED_FALSE_POSITIVE
    assert transition("AL-1", "closed_confirmed", Action.REOPEN) is State.UNDER_REVIEW


def test_an_unknown_action_names_the_field() -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_action("approve")
    assert refused.value.field == "action"
