"""Challenge rules: day lookup, the day's post, status, calendar rows, sign-up and leaving.

Results are msgspec Structs rather than dataclasses: `challenge today` imports this module and
its start-up time is a measured target.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from typing import Any, Literal

import msgspec

from copkit.errors import CopkitError
from copkit.model import Challenge, Day, Levels, Meetup, Plan, Template, TemplateRef
from copkit.model.challenge import MAX_DAYS, WEEKDAYS, DayKind
from copkit.services import schedule
from copkit.services.progress import status_of

Status = Literal["upcoming", "running", "ended"]

# The weekly rhythm of a blank calendar, as in the built-in templates: learn then practise,
# twice, a balance day at the end of the working week, and a reflect day to close the week.
RHYTHM: tuple[DayKind, ...] = (
    "learn",
    "practice",
    "learn",
    "practice",
    "balance",
    "practice",
    "reflect",
)


def blank_days(n: int) -> list[Day]:
    """An empty calendar of `n` days for a lead to fill in; the last day is a reflect day."""
    if not 1 <= n <= MAX_DAYS:
        raise CopkitError(f"--days {n}: a challenge has 1 to {MAX_DAYS} days")
    kinds = [RHYTHM[i % len(RHYTHM)] for i in range(n)]
    if n > 1:
        kinds[-1] = "reflect"  # the month closes by looking back, before the meetup
    return [Day(day=i + 1, kind=k, levels=Levels()) for i, k in enumerate(kinds)]


def from_template(
    template_id: str,
    template: Template,
    start: date,
    *,
    title: str | None = None,
    domain: str | None = None,
    meetup: Meetup | None = None,
) -> Challenge:
    """A challenge starting on `start` with the template's days, mantra, threshold and journal
    settings (the life-work-balance set keeps entries private by default); it records the set
    it came from (`template: {id, version}`)."""
    return Challenge(
        title=title or template.title,
        domain=domain or template.domain,
        template=TemplateRef(id=template_id, version=template.version),
        start=start,
        mantra=template.mantra,
        finish_threshold=template.finish_threshold,
        meetup=meetup,
        journal=template.journal,
        days=list(template.days),
    )


def start_note(template_id: str, template: Template, start: date) -> str | None:
    """A note when day 1 falls on another weekday than the one the set is written for."""
    wanted = template.starts_on
    if wanted is None or WEEKDAYS[start.weekday()] == wanted:
        return None
    return (
        f"the {template_id} set is written for day 1 on a {wanted.capitalize()}; "
        f"{start} is a {start:%A}, so its balance and reflect days fall on other weekdays"
    )


def past_note(challenge: Challenge, today: date) -> str | None:
    """A warning when a new challenge is over before it is made: most likely a mistyped
    --start (2020 for 2026); a past month recorded on purpose still gets its file."""
    end = schedule.end_date(challenge)
    if end >= today:
        return None
    return (
        f"this challenge ended on {end}, before today ({today}): day 1 is {challenge.start}. "
        "If --start was mistyped, run the command again with the right date and --force"
    )


def check_meetup(challenge: Challenge) -> None:
    """A meetup before the last day is refused when a challenge is created."""
    m = challenge.meetup
    end = schedule.end_date(challenge)
    if m is not None and m.date < end:
        raise CopkitError(
            f"--meetup {m.date} is before the last day of the challenge ({end}); "
            "the meetup is where the group reports back once the month is over"
        )


def human_date(d: date) -> str:
    """Wednesday 7 October 2026."""
    return f"{d:%A} {d.day} {d:%B %Y}"


# ---- the day's post --------------------------------------------------------------------------


class DayPost(msgspec.Struct, frozen=True, kw_only=True):
    """One day's activity, with what the post around it needs."""

    challenge: str
    challenge_title: str
    day: int
    length: int
    date: date
    kind: str
    title: str | None
    prompt: str | None
    minutes: int | None
    levels: Levels | None
    mantra: str | None = None  # day 1 only
    meetup: Meetup | None = None  # last day only

    def as_json(self) -> dict[str, Any]:
        levels = self.levels
        return {
            "challenge": self.challenge,
            "status": "running",
            "day": self.day,
            "date": self.date.isoformat(),
            "kind": self.kind,
            "title": self.title,
            "prompt": self.prompt,
            "minutes": self.minutes,
            "levels": (
                {"starter": levels.starter, "experienced": levels.experienced}
                if levels and (levels.starter or levels.experienced)
                else None
            ),
        }


class Outside(msgspec.Struct, frozen=True, kw_only=True):
    """The date asked for falls before the first day or after the last one."""

    challenge: str
    challenge_title: str
    status: Literal["upcoming", "ended"]
    on: date
    start: date
    end: date
    meetup: Meetup | None = None

    @property
    def days_away(self) -> int:
        """Days until the start (upcoming) or since the end (ended)."""
        return (
            (self.start - self.on).days if self.status == "upcoming" else (self.on - self.end).days
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "challenge": self.challenge,
            "status": self.status,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
        }


def post_for_day(challenge_id: str, challenge: Challenge, day: int) -> DayPost:
    """Day `day` of the calendar; a CopkitError when there is no such day."""
    if not 1 <= day <= challenge.length:
        raise CopkitError(
            f"--day {day}: {challenge_id} has days 1 to {challenge.length}",
        )
    d = challenge.days[day - 1]
    return DayPost(
        challenge=challenge_id,
        challenge_title=challenge.title,
        day=day,
        length=challenge.length,
        date=schedule.date_of(challenge, day),
        kind=d.kind,
        title=d.title,
        prompt=d.prompt,
        minutes=d.minutes,
        levels=d.levels,
        mantra=challenge.mantra if day == 1 else None,
        meetup=challenge.meetup if day == challenge.length else None,
    )


class Rest(msgspec.Struct, frozen=True, kw_only=True):
    """The date asked for falls inside the challenge on a date with no activity (a weekend or
    a skipped date); `note` names the next day and its date."""

    challenge: str
    challenge_title: str
    on: date
    note: str  # no activity today (Saturday); day 6 is on Monday 2026-12-07
    next_day: int
    next_date: date

    def as_json(self) -> dict[str, Any]:
        return {
            "challenge": self.challenge,
            "status": "rest",
            "date": self.on.isoformat(),
            "next_day": self.next_day,
            "next_date": self.next_date.isoformat(),
        }


def post_on(
    challenge_id: str, challenge: Challenge, on: date, today: date | None = None
) -> DayPost | Outside | Rest:
    """The activity of date `on`; or that `on` has no activity and when the next day is; or
    when the challenge starts or that it ended. `today` (default `on`) words the rest note."""
    today = on if today is None else today
    status = status_of(challenge, on)
    if status == "running":
        day = schedule.day_of(challenge, on)
        if day is not None:
            return post_for_day(challenge_id, challenge, day)
        rest = schedule.rest_day(challenge, on)
        note = schedule.rest_note(challenge, on, today)
        assert rest is not None and note is not None  # running, yet not a challenge date
        return Rest(
            challenge=challenge_id,
            challenge_title=challenge.title,
            on=on,
            note=note,
            next_day=rest[1],
            next_date=rest[2],
        )
    return Outside(
        challenge=challenge_id,
        challenge_title=challenge.title,
        status="upcoming" if status == "upcoming" else "ended",
        on=on,
        start=schedule.first_date(challenge),
        end=schedule.end_date(challenge),
        meetup=challenge.meetup,
    )


def running_on(challenges: Mapping[str, Challenge], on: date) -> list[str]:
    """Identifiers of the challenges running on `on`, sorted."""
    return sorted(cid for cid, c in challenges.items() if status_of(c, on) == "running")


def pick_running(
    challenges: Mapping[str, Challenge],
    on: date,
    *,
    joined: Collection[str] = (),
    example: str = "copkit challenge today",
) -> str:
    """The one challenge running on `on` (among several, the one `joined`, if only one is);
    a CopkitError naming the choices otherwise. `example` is the command the hint shows."""
    running = running_on(challenges, on)
    mine = [c for c in running if c in joined]
    if len(running) > 1 and len(mine) == 1:
        return mine[0]
    if len(running) == 1:
        return running[0]
    if running:
        raise CopkitError(
            f"{len(running)} challenges are running on {on}: {', '.join(running)}; name one",
            hint=f"For example: {example} {running[0]}",
        )
    known = sorted(challenges)
    raise CopkitError(
        f"no challenge is running on {on}; name one",
        hint=(
            f"Challenges: {', '.join(known)}. For example: {example} {known[0]}"
            if known
            else "There are no challenges yet: copkit challenge new CHALLENGE --start DATE --template T"
        ),
    )


# ---- list and show ---------------------------------------------------------------------------


class Summary(msgspec.Struct, frozen=True, kw_only=True):
    """A line of `challenge list`."""

    challenge: str
    title: str
    start: date
    end: date
    length: int
    status: Status
    day: int | None
    participants: int

    def as_json(self) -> dict[str, Any]:
        return {
            "challenge": self.challenge,
            "title": self.title,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "length": self.length,
            "status": self.status,
            "day": self.day,
            "participants": self.participants,
        }


def summary(challenge_id: str, challenge: Challenge, today: date, participants: int) -> Summary:
    status: Status = status_of(challenge, today)  # type: ignore[assignment]
    return Summary(
        challenge=challenge_id,
        title=challenge.title,
        start=schedule.first_date(challenge),
        end=schedule.end_date(challenge),
        length=challenge.length,
        status=status,
        day=schedule.day_of(challenge, today) if status == "running" else None,
        participants=participants,
    )


class CalendarRow(msgspec.Struct, frozen=True):
    day: int
    date: date
    kind: str
    title: str | None
    minutes: int | None
    when: Literal["past", "today", "future"]


def calendar_rows(challenge: Challenge, today: date) -> list[CalendarRow]:
    """One row per day, each marked past, today or future."""
    rows = []
    dates = schedule.challenge_dates(challenge)
    for d in challenge.days:
        on = dates[d.day - 1]
        when: Literal["past", "today", "future"] = (
            "today" if on == today else ("past" if on < today else "future")
        )
        rows.append(CalendarRow(d.day, on, d.kind, d.title, d.minutes, when))
    return rows


def show_json(challenge_id: str, challenge: Challenge, participants: list[str]) -> dict[str, Any]:
    """The challenge's fields plus `challenge`, `end` and `participants` (sorted ids). With a
    schedule, each day carries its `date`; without one the output is release 1's, to the key."""
    fields = msgspec.to_builtins(challenge)
    assert isinstance(fields, dict)
    if challenge.schedule is None:
        del fields["schedule"]
    else:
        dates = schedule.challenge_dates(challenge)
        fields["days"] = [
            {"day": d["day"], "date": dates[d["day"] - 1].isoformat(), **d}
            if 1 <= d["day"] <= len(dates)
            else d
            for d in fields["days"]
        ]
    return {
        "challenge": challenge_id,
        **fields,
        "end": schedule.end_date(challenge).isoformat(),
        "participants": sorted(participants),
    }


def history_for(
    challenge_id: str, challenge: Challenge, others: Mapping[str, Challenge]
) -> list[list[str]]:
    """The partner groups of every other challenge that started before this one."""
    return [
        list(group)
        for cid, other in sorted(others.items())
        if cid != challenge_id and other.start < challenge.start
        for group in other.pairs
    ]


# ---- join and leave --------------------------------------------------------------------------


def plan_to_join(
    challenge_id: str,
    challenge: Challenge,
    member: str,
    today: date,
    existing: Plan | None,
    *,
    level: Literal["starter", "experienced"] | None,
    goal: str | None,
    force: bool,
    where: str,
) -> tuple[Plan, bool]:
    """The plan to write for `member` joining, and whether it is a rejoin after leaving.

    Refuses a challenge that has ended, and an existing sign-up unless `force` (which
    replaces it). A member who left rejoins: `left` is cleared and the rest is kept.
    """
    end = schedule.end_date(challenge)
    if today > end:
        raise CopkitError(
            f"{challenge_id} ended on {end}; it can no longer be joined",
            hint="See the challenges to come with: copkit challenge list",
        )
    if existing is not None and not force:
        if existing.left is None:
            since = f" on {existing.joined}" if existing.joined else ""
            raise CopkitError(
                f"{member} already joined {challenge_id}{since} ({where})",
                hint="Edit that file to change your level or goal, or use --force to replace it.",
            )
        rejoined = Plan(
            joined=existing.joined or today,
            level=level or existing.level,
            goal=goal if goal is not None else existing.goal,
            left=None,
        )
        return rejoined, True
    return Plan(joined=today, level=level or "starter", goal=goal, left=None), False


def plan_body(challenge: Challenge, goal: str | None) -> str:
    """The body of a new plan.md: the goal, or a line inviting the member to write theirs."""
    if goal:
        return f"{goal.strip()}\n"
    return (
        f"Why I'm in {challenge.title}, and what I want out of it: "
        "write it here, in your own words.\n"
    )


def plan_to_leave(challenge_id: str, member: str, plan: Plan, today: date) -> Plan:
    """The plan with `left` set to `today`; refuses a second leave."""
    if plan.left is not None:
        raise CopkitError(
            f"{member} already left {challenge_id} on {plan.left}",
            hint=f"Rejoin with: copkit challenge join {challenge_id} --as {member}",
        )
    if plan.joined and today < plan.joined:
        raise CopkitError(f"{member} joined {challenge_id} on {plan.joined}, after {today}")
    return Plan(joined=plan.joined, level=plan.level, goal=plan.goal, left=today)
