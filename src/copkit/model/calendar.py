"""The challenge dates of a challenge: the one rule mapping days to dates (SPEC section 7.1).

Day N falls on the N-th *challenge date* from `start`: a date the schedule allows (every
date, or Monday to Friday) that `skip` does not list. Without a schedule every date is a
challenge date, so day N is `start + N - 1`, as in release 1. Services ask through
services/schedule.py; storage's readers through `Challenge.calendar`.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)


class Calendar:
    """The challenge dates of one challenge, day 1 first; ask `Challenge.calendar` for it."""

    __slots__ = ("_index", "dates", "every_day", "skipped", "start", "weekdays_only")

    def __init__(
        self, start: date, length: int, *, weekdays_only: bool, skipped: dict[date, str | None]
    ) -> None:
        self.start = start
        self.weekdays_only = weekdays_only
        self.skipped = skipped
        self.every_day = not weekdays_only and not skipped
        dates: list[date] = []
        on = start
        while len(dates) < length:  # ends: a week always holds five allowed dates
            if self.allows(on):
                dates.append(on)
            on += ONE_DAY
        self.dates: tuple[date, ...] = tuple(dates)
        self._index = {d: i + 1 for i, d in enumerate(dates)}

    @property
    def length(self) -> int:
        return len(self.dates)

    @property
    def first(self) -> date:
        """The date of day 1 (`start` itself unless the schedule rests on it)."""
        return self.dates[0] if self.dates else self.start

    @property
    def end(self) -> date:
        """The date of the last day."""
        return self.dates[-1] if self.dates else self.start

    def allows(self, on: date) -> bool:
        """True when the schedule has activity on `on` (ignoring the challenge's bounds)."""
        if self.weekdays_only and on.weekday() >= 5:
            return False
        return on not in self.skipped

    def date_of(self, day: int) -> date:
        """The date of day `day`, 1..length; an IndexError outside."""
        if not 1 <= day <= len(self.dates):
            raise IndexError(f"day {day} is outside 1..{len(self.dates)}")
        return self.dates[day - 1]

    def day_of(self, on: date) -> int | None:
        """The day that falls on `on`, or None when `on` is not a challenge date."""
        return self._index.get(on)

    def through(self, on: date) -> int:
        """How many challenge dates fall on or before `on`: the days elapsed by then (0..L)."""
        return bisect_right(self.dates, on)

    def before(self, on: date) -> int:
        """How many challenge dates fall before `on` (0..L)."""
        return bisect_left(self.dates, on)

    def between(self, first: date, last: date) -> int:
        """How many challenge dates fall in `first`..`last`, both included."""
        return max(0, self.through(last) - self.before(first))

    def next_day(self, on: date) -> tuple[int, date] | None:
        """The first day on or after `on`, with its date; None after the last day."""
        i = bisect_left(self.dates, on)
        return (i + 1, self.dates[i]) if i < len(self.dates) else None

    def rest_reason(self, on: date) -> str:
        """Why `on` has no activity: the skipped date's name, or the weekday's."""
        if on in self.skipped:
            return self.skipped[on] or "a skipped date"
        return f"{on:%A}"
