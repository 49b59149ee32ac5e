"""Dates given on the command line: YYYY-MM-DD, today, yesterday, tomorrow."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from copkit.errors import CopkitError

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
WORDS = {"today": 0, "yesterday": -1, "tomorrow": 1}


def parse_date(text: str, today: date, *, what: str = "date") -> date:
    """A date argument relative to `today`; a CopkitError saying the accepted forms otherwise."""
    word = text.strip().lower()
    if word in WORDS:
        return today + timedelta(days=WORDS[word])
    try:
        if not ISO_DATE.fullmatch(word):  # fromisoformat also takes 20261128 and 2026-W48-6
            raise ValueError
        value = date.fromisoformat(word)
    except ValueError:
        raise CopkitError(
            f"{what} {text!r} is not a date; use YYYY-MM-DD, today, yesterday or tomorrow"
        ) from None
    return in_range(value, what)


def in_range(value: date, what: str) -> date:
    """`value` when it lies in the dates copkit handles (model/dates.py); a CopkitError otherwise."""
    from copkit.model.dates import out_of_range

    why = out_of_range(value)
    if why is not None:
        raise CopkitError(f"{what}: {why}")
    return value


def local_date(now: datetime, timezone: str) -> date:
    """The calendar date of the instant `now` (timezone-aware) in an IANA `timezone`."""
    from zoneinfo import ZoneInfo

    try:
        zone = ZoneInfo(timezone)
    except (KeyError, ValueError):
        raise CopkitError(
            f"copkit.yaml: unknown timezone {timezone!r}; use an IANA name such as Europe/Paris"
        ) from None
    return now.astimezone(zone).date()
