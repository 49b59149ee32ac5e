"""Who has gone quiet in a challenge, and which partners should reach out to them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from copkit.model import Challenge, JournalEntry
from copkit.services import schedule
from copkit.services.progress import elapsed_days

DEFAULT_DAYS = 2


@dataclass(frozen=True)
class Nudge:
    """A participant with no entry for `days_silent` days, counted up to yesterday when today
    has no entry yet (today is not over)."""

    member: str
    last_entry_day: int | None
    days_silent: int
    since_day: int  # the first silent day
    partners: list[str]  # partners still in the challenge, who should check in

    def as_json(self) -> dict[str, object]:
        return {
            "member": self.member,
            "last_entry_day": self.last_entry_day,
            "days_silent": self.days_silent,
            "partners": self.partners,
        }


def silence(
    challenge: Challenge,
    entries: dict[int, JournalEntry],
    today: date,
    joined: date | None = None,
) -> tuple[int | None, int, int]:
    """(last entry day, days silent, first silent day) of one participant.

    days_silent = reference - last_entry_day, or reference when there is no entry, where the
    reference is the elapsed days, less one while today is a challenge date with no entry yet
    (the grace for today, as for streaks). Only challenge dates count. Any entry counts, `skipped` too: the member reported. A member
    who joined after the start is silent only from the day they joined.
    """
    elapsed = elapsed_days(challenge, today)
    past = [d for d in entries if 1 <= d <= elapsed]
    last = max(past) if past else None
    reference = elapsed
    today_day = schedule.day_of(challenge, today)
    if today_day is not None and today_day not in entries:
        reference -= 1
    quiet_from = last or 0
    if joined is not None:  # silent from the first challenge date on or after joining
        quiet_from = max(quiet_from, schedule.calendar(challenge).before(joined))
    return last, max(0, reference - quiet_from), quiet_from + 1


def nudges(
    challenge: Challenge,
    participants: list[str],
    entries: dict[str, dict[int, JournalEntry]],
    today: date,
    *,
    days: int = DEFAULT_DAYS,
    joined: dict[str, date | None] | None = None,
) -> list[Nudge]:
    """Participants silent for `days` days or more, sorted by member, each with the partners
    (from the challenge's pairs, still participating) who should check in on them."""
    active = set(participants)
    out = []
    for member in sorted(participants):
        last, silent, since = silence(
            challenge, entries.get(member, {}), today, (joined or {}).get(member)
        )
        if silent >= days and silent > 0:
            partners = [p for p in challenge.partners_of(member) if p in active]
            out.append(Nudge(member, last, silent, since, partners))
    return out
