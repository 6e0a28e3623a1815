"""The world's calendar: one year of Kazakh working days, holidays, seasons and clock offsets.

Kazakhstan moved to one time zone (UTC+5) on 1 March 2024; before that the east (Almaty,
Astana, the Chinese border) kept UTC+6. Declarations are lodged on working days in office hours;
trucks move every day.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta, timezone

YEAR = 2024
START = date(YEAR, 1, 1)
END = date(YEAR, 12, 31)

HOLIDAYS: frozenset[date] = frozenset(
    date(YEAR, m, d)
    for m, d in [
        (1, 1),
        (1, 2),
        (1, 7),
        (3, 8),
        (3, 21),
        (3, 22),
        (3, 23),
        (5, 1),
        (5, 7),
        (5, 9),
        (6, 16),
        (6, 17),
        (7, 6),
        (7, 8),
        (8, 30),
        (10, 25),
        (12, 16),
        (12, 17),
    ]
)

_UNIFIED = date(YEAR, 3, 1)
WEST = {"AKTOBE", "ATYRAU", "URALSK", "AKTAU", "KYZYLORDA", "BEYNEU"}

#: month weights by trade; index 0 = January
SEASONS: dict[str, tuple[float, ...]] = {
    "grain": (0.6, 0.5, 0.5, 0.4, 0.3, 0.3, 0.4, 1.0, 1.8, 2.0, 1.9, 1.4),
    "fruit": (0.5, 0.4, 0.4, 0.4, 0.5, 0.7, 1.0, 1.6, 1.9, 1.7, 1.0, 0.8),
    "building": (0.4, 0.5, 0.9, 1.3, 1.5, 1.5, 1.5, 1.4, 1.3, 1.1, 0.7, 0.4),
    "household": (0.8, 0.7, 1.0, 0.9, 0.8, 0.8, 0.9, 0.9, 1.0, 1.1, 1.5, 1.8),
    "machinery": (0.6, 0.9, 1.4, 1.4, 1.1, 1.0, 0.9, 0.9, 0.9, 0.9, 0.8, 0.8),
    "flat": (1.0,) * 12,
}


def offset(on: date, city: str = "") -> timezone:
    if on < _UNIFIED and city.upper() not in WEST:
        return timezone(timedelta(hours=6))
    return timezone(timedelta(hours=5))


def working_day(on: date) -> bool:
    return on.weekday() < 5 and on not in HOLIDAYS


def next_working_day(on: date) -> date:
    while not working_day(on):
        on += timedelta(days=1)
    return on


def office_time(rng: random.Random, on: date, city: str = "") -> datetime:
    """A time in office hours (09:00-18:30) on the next working day from ``on``."""
    day = next_working_day(on)
    minutes = rng.randint(9 * 60, 18 * 60 + 30)
    return datetime.combine(day, time(minutes // 60, minutes % 60, rng.randint(0, 59))).replace(
        tzinfo=offset(day, city)
    )


def seasonal_day(rng: random.Random, season: str, latest: date = END) -> date:
    """A day of the year drawn by the season's month weights, not after ``latest``."""
    weights = SEASONS[season]
    months = list(range(1, latest.month + 1))
    month = rng.choices(months, weights=[weights[m - 1] for m in months])[0]
    last = (date(YEAR, month + 1, 1) - timedelta(days=1)) if month < 12 else END
    last = min(last, latest)
    day = date(YEAR, month, rng.randint(1, last.day))
    for _ in range(6):  # a working day, drawn again rather than moved to the next one
        if working_day(day):
            break
        day = date(YEAR, month, rng.randint(1, last.day))
    return day


def local(moment: datetime, city: str = "") -> datetime:
    """The same instant shown with the offset of the place it is reported from."""
    return moment.astimezone(offset(moment.date(), city))
