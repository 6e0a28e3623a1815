"""When an event may say it happened, and the ledger clock no single reporter can push.

An event's ``time`` is the reporter's word. Taken as it is, one event dated 9999 moved the
ledger clock there: every later event was ``late`` and every open transit overdue at once. So
the receiving service refuses times outside a plausible window (by default before 1990, or
more than a day ahead of its own clock), naming the field, and the ledger clock moves with the
events only up to the receiving server's clock at the time they are applied.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from tamga.errors import EventRejected
from tamga.ledger.model import Event, TransitStart


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class TimeWindow:
    """The times an event may carry, relative to the receiving server's clock ``now``.

    ``earliest``: no event before it; ``ahead``: how far past ``now`` an event's time may be
    (clocks of border posts and trucks drift); ``deadline_ahead``: how far past ``now`` a
    transit's deadline may be.
    """

    earliest: datetime = datetime(1990, 1, 1, tzinfo=UTC)
    ahead: timedelta = timedelta(days=1)
    deadline_ahead: timedelta = timedelta(days=400)
    now: Callable[[], datetime] = field(default=_utc_now, compare=False)

    def check(self, event: Event, ref: str = "", now: datetime | None = None) -> None:
        """Refuse an event whose ``time`` (or a transit's ``deadline``) is outside the window."""
        now = now or self.now()
        record = ref or event.event_id
        if event.time < self.earliest:
            raise EventRejected(
                f"time {event.time.isoformat()} is before {self.earliest.date().isoformat()}",
                record=record,
                field="time",
            )
        if event.time > now + self.ahead:
            raise EventRejected(
                f"time {event.time.isoformat()} is more than {_span(self.ahead)} ahead of the "
                "receiving server's clock",
                record=record,
                field="time",
            )
        if isinstance(event, TransitStart) and event.deadline > now + self.deadline_ahead:
            raise EventRejected(
                f"deadline {event.deadline.isoformat()} is more than "
                f"{_span(self.deadline_ahead)} ahead of the receiving server's clock",
                record=record,
                field="deadline",
            )

    def ceiling(self, now: datetime | None = None) -> str:
        """The highest the ledger clock may be moved to now, as stored time text."""
        return (now or self.now()).astimezone(UTC).isoformat(timespec="microseconds")


def _span(delta: timedelta) -> str:
    days = delta.total_seconds() / 86400
    if days >= 1 and days == int(days):
        return f"{int(days)} day" + ("s" if days != 1 else "")
    return f"{delta.total_seconds():g} seconds"


#: the window every service uses unless configured otherwise
DEFAULT_WINDOW = TimeWindow()
