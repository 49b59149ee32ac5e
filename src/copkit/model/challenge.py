"""A thirty-day challenge (challenges/<challenge>.yaml) and a built-in template."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

import msgspec

from copkit.model.calendar import Calendar

DayKind = Literal["learn", "practice", "balance", "reflect"]
DAY_KINDS: tuple[DayKind, ...] = ("learn", "practice", "balance", "reflect")
Level = Literal["starter", "experienced"]
LEVELS: tuple[Level, ...] = ("starter", "experienced")
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[Weekday, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
ScheduleName = Literal["every-day", "weekdays"]
SCHEDULES: tuple[ScheduleName, ...] = ("every-day", "weekdays")
MAX_DAYS = 366  # the longest challenge or set copkit writes


class _Strict(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    pass


class Levels(_Strict, kw_only=True):
    starter: str | None = None
    experienced: str | None = None


class Day(_Strict, kw_only=True):
    day: Annotated[int, msgspec.Meta(ge=1)]
    kind: DayKind
    title: str | None = None  # None while a lead has not filled the day in yet
    prompt: str | None = None
    minutes: Annotated[int, msgspec.Meta(ge=0, le=1440)] | None = None
    levels: Levels | None = None

    @property
    def filled(self) -> bool:
        return bool(self.title and self.prompt)


class Meetup(_Strict, kw_only=True):
    date: date
    where: str | None = None


class Pairing(_Strict, kw_only=True):
    seed: int
    date: date


class JournalSettings(_Strict, kw_only=True):
    """`journal:` of a challenge or a set: how its entries are written by default."""

    private: bool = False  # entries keep their words in private/ unless `journal add --shared`


Threshold = Annotated[float, msgspec.Meta(ge=0, le=1)]


class SkipDate(_Strict, kw_only=True):
    """A date with no activity: a public holiday or a date the community chose."""

    date: date
    name: str | None = None


class Schedule(_Strict, kw_only=True):
    """Which dates have an activity: every date, or Monday to Friday, less the dates in
    `skip`. Day N falls on the N-th of them from `start`."""

    days: ScheduleName = "every-day"
    skip: list[SkipDate] = []


class TemplateRef(_Strict, kw_only=True):
    """The set a challenge was made from: `template: {id: devops, version: "2026.12"}`."""

    id: str
    version: str | None = None

    @property
    def label(self) -> str:
        """How reports name it: `the devops set (2026.12)`."""
        return f"the {self.id} set" + (f" ({self.version})" if self.version else "")


class Challenge(_Strict, kw_only=True, dict=True):  # dict: room for the partner index below
    """Fields in the order copkit writes them (SPEC section 2)."""

    title: str
    domain: str | None = None
    template: TemplateRef | None = None
    start: date
    schedule: Schedule | None = None  # None: every calendar date, as in release 1
    mantra: str | None = None
    finish_threshold: Threshold = 0.8
    meetup: Meetup | None = None
    journal: JournalSettings | None = None
    days: list[Day]
    pairs: list[list[str]] = []
    pairing: Pairing | None = None

    @property
    def length(self) -> int:
        return len(self.days)

    @property
    def calendar(self) -> Calendar:
        """The challenge dates, built once per start, length and schedule (services/schedule.py
        asks the questions commands need)."""
        cached = self.__dict__.get("_calendar")
        if cached is not None:  # asked twice per member by every report: compare cheaply
            start, length, schedule = cached[0]
            if (
                start == self.start
                and length == len(self.days)
                and (schedule is self.schedule or schedule == self.schedule)
            ):
                return cached[1]  # type: ignore[no-any-return]
        key = (self.start, len(self.days), self.schedule)
        if cached is None or cached[0] != key:
            sched = self.schedule
            cal = Calendar(
                self.start,
                len(self.days),
                weekdays_only=sched is not None and sched.days == "weekdays",
                skipped={s.date: s.name for s in sched.skip} if sched is not None else {},
            )
            cached = self.__dict__["_calendar"] = (key, cal)
        return cached[1]

    @property
    def private_by_default(self) -> bool:
        """`journal: {private: true}`: entries are private unless written with --shared."""
        return self.journal is not None and self.journal.private

    @property
    def end(self) -> date:
        """The date of the last day."""
        return self.calendar.end

    def date_of(self, day: int) -> date:
        """The date of day `day` (1..length)."""
        return self.calendar.date_of(day)

    def partners_of(self, member: str) -> list[str]:
        """The member's partners, sorted (from the first group that holds them)."""
        # An index built once per pairs list: asked for each of 5,000 members, a scan of the
        # 2,500 groups each time was quadratic. Pairs are replaced, never edited in place.
        index = self.__dict__.get("_partners")
        if index is None or index[0] is not self.pairs:
            groups: dict[str, list[str]] = {}
            for group in self.pairs:
                for m in group:
                    groups.setdefault(m, sorted(x for x in group if x != m))
            index = self.__dict__["_partners"] = (self.pairs, groups)
        return list(index[1].get(member, []))


class Template(_Strict, kw_only=True):
    """A challenge set: built in (copkit/templates/<template>.yaml), a community's own
    (templates/<template>.yaml) or shipped by a package (entry points `copkit.templates`)."""

    title: str
    domain: str | None = None
    version: str | None = None  # the edition, e.g. "2026.12"; recorded by challenges made from it
    starts_on: Weekday | None = None  # the weekday day 1 is written for
    schedules: list[ScheduleName] = []  # the schedules the set reads well on; [] = not said
    description: str | None = None
    mantra: str | None = None
    finish_threshold: Threshold = 0.8
    journal: JournalSettings | None = None
    days: list[Day]
