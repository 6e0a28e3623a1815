"""Simulated time: seasonality, and fast ISO-8601 text for integer seconds.

Times are integer seconds since the start date at 00:00 Almaty time (UTC+06:00, the offset the
country used in 2021-2022). Flow starts follow a daily intensity: a yearly wave (low in January
and February, high in autumn), a December peak, quiet weekends, and about 5% more trade in 2022.
"""

from __future__ import annotations

import bisect
import math
from datetime import UTC, date, datetime, timedelta, timezone

OFFSET = "+06:00"
TZ = timezone(timedelta(hours=6))
DAY = 86_400
_MONTH = (0.78, 0.84, 0.98, 1.02, 1.03, 1.0, 0.97, 1.0, 1.06, 1.1, 1.1, 1.22)
_WEEKDAY = (1.0, 1.0, 1.0, 1.0, 1.0, 0.55, 0.3)


class Clock:
    def __init__(self, start: date, end: date, growth_2022: float = 1.05, tail: int = 20) -> None:
        self.start = start
        self.days = (end - start).days + 1
        # flows start until ``tail`` days before the end, so that most finish within the period
        active = max(1, self.days - tail)
        # text prefixes for the whole span plus a margin for flows that finish after the end
        self._prefix = [
            (start + timedelta(days=d)).isoformat() + "T" for d in range(self.days + 400)
        ]
        self._years = [(start + timedelta(days=d)).year for d in range(self.days + 400)]
        self._hm = [f"{m // 60:02d}:{m % 60:02d}:" for m in range(1440)]
        self._ss = [f"{x:02d}{OFFSET}" for x in range(60)]
        weights = []
        for d in range(active):
            day = start + timedelta(days=d)
            w = _MONTH[day.month - 1] * _WEEKDAY[day.weekday()]
            w *= 1 + 0.06 * math.sin(2 * math.pi * (day.timetuple().tm_yday - 100) / 365)
            if day.year >= 2022:
                w *= growth_2022
            weights.append(w)
        total = sum(weights)
        self.weights = [w / total for w in weights]
        self.cum: list[float] = []
        acc = 0.0
        for w in self.weights:
            self.cum.append(acc)
            acc += w

    def at(self, fraction: float) -> int:
        """The time (seconds) by which ``fraction`` of all activity has started: monotone."""
        fraction = min(max(fraction, 0.0), 0.999999)
        d = bisect.bisect_right(self.cum, fraction) - 1
        within = (fraction - self.cum[d]) / self.weights[d]
        return d * DAY + 8 * 3600 + int(within * 12 * 3600)  # working hours, 08:00-20:00

    def text(self, t: int) -> str:
        d, s = divmod(t, DAY)
        m, sec = divmod(s, 60)
        return self._prefix[d] + self._hm[m] + self._ss[sec]

    def seconds(self, day: date) -> int:
        return (day - self.start).days * DAY

    def date(self, t: int) -> date:
        return self.start + timedelta(days=t // DAY)

    def year(self, t: int) -> int:
        return self._years[t // DAY]

    def datetime(self, t: int) -> datetime:
        return datetime(self.start.year, self.start.month, self.start.day, tzinfo=TZ) + timedelta(
            seconds=t
        )


def parse_time(text: str) -> datetime:
    """An event's ``time`` as an aware datetime (for summaries and live mode)."""
    return datetime.fromisoformat(text).astimezone(UTC)
