"""The analyst workflow as a state machine: an alert's states, the actions on it, and where
each action leads.

The outcome of closing is an action of its own: ``confirm`` (the finding was real) or ``close``
/ ``dismiss`` (a false positive). Nothing is read from the reason's wording: the reason is the
analyst's record of why, not a switch.
"""

from __future__ import annotations

from enum import StrEnum

from tamga.errors import Conflict, InvalidInput


class State(StrEnum):
    NEW = "new"
    ASSIGNED = "assigned"
    UNDER_REVIEW = "under_review"
    HOLD = "hold"
    RELEASED = "released"
    ESCALATED = "escalated"
    CLOSED_FALSE_POSITIVE = "closed_false_positive"
    CLOSED_CONFIRMED = "closed_confirmed"

    @property
    def closed(self) -> bool:
        return self in CLOSED


class Action(StrEnum):
    ASSIGN = "assign"
    REVIEW = "review"
    HOLD = "hold"
    RELEASE = "release"
    ESCALATE = "escalate"
    CLOSE = "close"  # a false positive
    DISMISS = "dismiss"  # the same, said outright
    CONFIRM = "confirm"  # a confirmed finding
    REOPEN = "reopen"


CLOSED = frozenset({State.CLOSED_FALSE_POSITIVE, State.CLOSED_CONFIRMED})

#: where each action leads; every action but ``reopen`` needs an open alert, ``reopen`` a closed one
LEADS_TO: dict[Action, State] = {
    Action.ASSIGN: State.ASSIGNED,
    Action.REVIEW: State.UNDER_REVIEW,
    Action.HOLD: State.HOLD,
    Action.RELEASE: State.RELEASED,
    Action.ESCALATE: State.ESCALATED,
    Action.CLOSE: State.CLOSED_FALSE_POSITIVE,
    Action.DISMISS: State.CLOSED_FALSE_POSITIVE,
    Action.CONFIRM: State.CLOSED_CONFIRMED,
    Action.REOPEN: State.UNDER_REVIEW,
}


def parse_action(value: str) -> Action:
    try:
        return Action(value)
    except ValueError:
        known = ", ".join(a.value for a in Action)
        raise InvalidInput(f"unknown action {value!r}; one of {known}", field="action") from None


def transition(alert_id: str, state: State | str, action: Action) -> State:
    """The state ``action`` takes an alert in ``state`` to, or ``Conflict`` if it may not."""
    state = State(state)
    if state.closed and action is not Action.REOPEN:
        raise Conflict(f"alert {alert_id} is {state.value}; reopen it first")
    if action is Action.REOPEN and not state.closed:
        raise Conflict(f"alert {alert_id} is {state.value}, not closed")
    return LEADS_TO[action]
