"""Days and calendar dates of a challenge (SPEC section 7.1): the questions every command asks.

Day N falls on the N-th *challenge date* from `start`: a date the schedule allows (every
date, or Monday to Friday) that `skip` does not list. A challenge without `schedule` runs on
every date, so day N is `start + N - 1` as in release 1. Every command asks this module;
none computes `start + (day - 1)` or `date - start` itself. The mapping itself is
model/calendar.py, a pure function of the challenge file that storage's readers use too.

Kept to the standard library (bisect, datetime): `challenge today` imports it, and its
start-up time is a measured target.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from copkit.model.calendar import Calendar
from copkit.plural import plural

if TYPE_CHECKING:
    from copkit.model import Challenge

__all__ = ["Calendar", "calendar"]


def calendar(challenge: Challenge) -> Calendar:
    """The calendar of `challenge` (built once per challenge value and kept on it)."""
    return challenge.calendar


# The functions other modules call, named after the questions they answer.


def date_of(challenge: Challenge, day: int) -> date:
    """The date of day `day` (1..length)."""
    return calendar(challenge).date_of(day)


def day_of(challenge: Challenge, on: date) -> int | None:
    """The day falling on `on`, or None when `on` is not a challenge date."""
    return calendar(challenge).day_of(on)


def first_date(challenge: Challenge) -> date:
    """The date of day 1."""
    return calendar(challenge).first


def end_date(challenge: Challenge) -> date:
    """The date of the last day."""
    return calendar(challenge).end


def challenge_dates(challenge: Challenge) -> tuple[date, ...]:
    """Every challenge date, day 1 first."""
    return calendar(challenge).dates


def next_challenge_date(challenge: Challenge, on: date) -> tuple[int, date] | None:
    """The first day on or after `on` and its date; None after the last day."""
    return calendar(challenge).next_day(on)


def elapsed(challenge: Challenge, today: date) -> int:
    """Days from day 1 to min(today, day L), inclusive; 0 before day 1 (SPEC section 4)."""
    return calendar(challenge).through(today)


def count_between(challenge: Challenge, first: date, last: date) -> int:
    """Challenge dates in `first`..`last`, both included."""
    return calendar(challenge).between(first, last)


def is_every_day(challenge: Challenge) -> bool:
    """True when every calendar date from start is a challenge date (release 1's calendar)."""
    return calendar(challenge).every_day


def schedule_words(challenge: Challenge) -> str:
    """What the length counts: 'days', 'weekdays', or 'weekdays, 2 dates skipped'."""
    sched = challenge.schedule
    if sched is None:
        return "days"
    words = "weekdays" if sched.days == "weekdays" else "days"
    n = len(sched.skip)
    if n:
        words += f", {plural(n, 'date')} skipped"
    return words


def length_words(challenge: Challenge) -> str:
    """The length with what it counts: '1 day', '30 days', '20 weekdays, 2 dates skipped'."""
    sched = challenge.schedule
    words = plural(challenge.length, "weekday" if sched and sched.days == "weekdays" else "day")
    if sched and sched.skip:
        words += f", {plural(len(sched.skip), 'date')} skipped"
    return words


def rest_day(challenge: Challenge, on: date) -> tuple[str, int, date] | None:
    """When `on` lies between day 1 and the last day on a date with no activity: why (the
    weekday or the skipped date's name), and the next day with its date. None otherwise."""
    cal = calendar(challenge)
    if cal.day_of(on) is not None or not cal.first <= on <= cal.end:
        return None
    nxt = cal.next_day(on)
    assert nxt is not None  # on < end, and end is a challenge date
    return cal.rest_reason(on), nxt[0], nxt[1]


def rest_note(challenge: Challenge, on: date, today: date) -> str | None:
    """`no activity today (Saturday); day 6 is on Monday 2026-12-07`, or None when `on` is a
    challenge date or outside the challenge."""
    rest = rest_day(challenge, on)
    if rest is None:
        return None
    reason, day, when = rest
    said = "today" if on == today else f"on {on}"
    return f"no activity {said} ({reason}); day {day} is on {when:%A} {when}"
