"""A thirty-day challenge (challenges/<challenge>.yaml) and a built-in template."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Literal

import msgspec

DayKind = Literal["learn", "practice", "balance", "reflect"]
DAY_KINDS: tuple[DayKind, ...] = ("learn", "practice", "balance", "reflect")
Level = Literal["starter", "experienced"]
LEVELS: tuple[Level, ...] = ("starter", "experienced")


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


Threshold = Annotated[float, msgspec.Meta(ge=0, le=1)]


class Challenge(_Strict, kw_only=True):
    """Fields in the order copkit writes them (SPEC section 2)."""

    title: str
    domain: str | None = None
    start: date
    mantra: str | None = None
    finish_threshold: Threshold = 0.8
    meetup: Meetup | None = None
    days: list[Day]
    pairs: list[list[str]] = []
    pairing: Pairing | None = None

    @property
    def length(self) -> int:
        return len(self.days)

    @property
    def end(self) -> date:
        return self.start + timedelta(days=max(self.length, 1) - 1)

    def date_of(self, day: int) -> date:
        return self.start + timedelta(days=day - 1)

    def day_of(self, when: date) -> int:
        """The day number of a date; may fall outside 1..length."""
        return (when - self.start).days + 1

    def partners_of(self, member: str) -> list[str]:
        for group in self.pairs:
            if member in group:
                return sorted(m for m in group if m != member)
        return []


class Template(_Strict, kw_only=True):
    """A built-in challenge set shipped in copkit/templates/<template>.yaml."""

    title: str
    domain: str | None = None
    description: str | None = None
    mantra: str | None = None
    finish_threshold: Threshold = 0.8
    days: list[Day]
