"""The numbers of SPEC section 4: elapsed days, statuses, streaks, completion, finishers."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date

from copkit.model import Challenge, JournalEntry
from copkit.services import schedule

COUNTED = ("done", "partial")


@dataclass(frozen=True)
class MemberProgress:
    member: str
    partners: list[str]
    done: int
    partial: int
    skipped: int
    missing: int
    minutes: int
    current_streak: int
    longest_streak: int
    completion: float
    strip: list[str]  # per day: done | partial | skipped | missing | today | future
    last_entry_day: int | None
    finisher: bool
    today_open: bool = False  # today is a challenge day with no entry yet: neither done nor missing

    @property
    def days_so_far(self) -> int:
        """The days that could have an entry by now: elapsed, less today while it is open."""
        return self.done + self.partial + self.skipped + self.missing

    @property
    def pace(self) -> float:
        """(done + partial) over the days so far: how the member keeps up, where completion
        is over the whole challenge."""
        so_far = self.days_so_far
        return round((self.done + self.partial) / so_far, 3) if so_far else 0.0

    def as_json(self) -> dict[str, object]:
        return {
            "member": self.member,
            "partners": self.partners,
            "done": self.done,
            "partial": self.partial,
            "skipped": self.skipped,
            "missing": self.missing,
            "minutes": self.minutes,
            "current_streak": self.current_streak,
            "longest_streak": self.longest_streak,
            "completion": self.completion,
        }


@dataclass(frozen=True)
class Progress:
    challenge: str
    today: date
    elapsed: int
    length: int
    participants: list[MemberProgress] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "challenge": self.challenge,
            "today": self.today.isoformat(),
            "elapsed": self.elapsed,
            "length": self.length,
            "participants": [p.as_json() for p in self.participants],
        }


def elapsed_days(challenge: Challenge, today: date) -> int:
    """Days from day 1 to min(today, day L), inclusive; 0 before the start. Counts challenge
    dates only: a weekend or a skipped date elapses no day."""
    return schedule.elapsed(challenge, today)


def needed_to_finish(challenge: Challenge) -> int:
    """Days done or partial that make a finisher: finish_threshold x L, rounded up.

    Rounded to 9 places first, so 0.28 x 25 (7.000000000000001 in floating point) needs 7.
    """
    return math.ceil(round(challenge.finish_threshold * challenge.length, 9))


def status_of(challenge: Challenge, today: date) -> str:
    """upcoming | running | ended. A date between day 1 and day L is `running` even when the
    schedule rests on it (`schedule.day_of` is then None)."""
    cal = schedule.calendar(challenge)
    if today < cal.first:
        return "upcoming"
    return "running" if today <= cal.end else "ended"


def member_progress(
    member: str,
    entries: dict[int, JournalEntry],
    challenge: Challenge,
    today: date,
    partners: list[str] | None = None,
) -> MemberProgress:
    """One participant's numbers as of `today` (SPEC section 4).

    Only entries on days 1..elapsed count: an entry for a later day (written by hand, or seen
    with COPKIT_TODAY pinned in the past) is not progress yet, and its day shows as future.
    """
    length = challenge.length
    elapsed = elapsed_days(challenge, today)
    today_day = schedule.day_of(challenge, today)  # None on a date with no activity
    # Run once per participant by every report: plain lists, no per-day lookups, and the
    # entries not copied (only days 1..elapsed count).
    statuses: list[str | None] = [None] * (elapsed + 1)  # by day, index 0 unused
    minutes = seen = last = 0
    for d, e in entries.items():
        if 1 <= d <= elapsed:
            statuses[d] = e.status
            minutes += e.minutes or 0
            seen += 1
            if d > last:
                last = d
    done, partial = statuses.count("done"), statuses.count("partial")

    longest = run = 0
    for s in statuses[1:]:
        if s in COUNTED:
            run += 1
            if run > longest:
                longest = run
        else:
            run = 0

    current = 0
    anchor = elapsed
    # today_day is None on a date with no activity: no grace then (the last day is over)
    today_open = today_day is not None and today_day == elapsed and statuses[elapsed] is None
    if today_open:
        anchor -= 1  # grace: today is a challenge date, not over, with no entry yet
    while anchor >= 1 and statuses[anchor] in COUNTED:
        current += 1
        anchor -= 1

    strip: list[str] = [s or "missing" for s in statuses[1:]]
    if today_open:
        strip[elapsed - 1] = "today"  # the same grace: not missing before the day is over
    strip += ["future"] * (length - elapsed)
    done_or_partial = done + partial
    return MemberProgress(
        member=member,
        partners=partners if partners is not None else challenge.partners_of(member),
        done=done,
        partial=partial,
        skipped=statuses.count("skipped"),
        missing=elapsed - seen - int(today_open),
        minutes=minutes,
        current_streak=current,
        longest_streak=longest,
        completion=round(done_or_partial / length, 3) if length else 0.0,
        strip=strip,
        last_entry_day=last or None,
        finisher=done_or_partial >= needed_to_finish(challenge),
        today_open=today_open,
    )


def challenge_progress(
    challenge_id: str,
    challenge: Challenge,
    participants: list[str],
    entries: dict[str, dict[int, JournalEntry]],
    today: date,
) -> Progress:
    """One row per participant, sorted by member."""
    rows = [member_progress(m, entries.get(m, {}), challenge, today) for m in sorted(participants)]
    return Progress(challenge_id, today, elapsed_days(challenge, today), challenge.length, rows)


def focus(progress: Progress, member: str, partners: list[str]) -> Progress:
    """The same figures for one member and their partners only (`progress --as`)."""
    keep = {member, *partners}
    return replace(progress, participants=[p for p in progress.participants if p.member in keep])
