"""A participant's sign-up (plan.md) and journal entries (day-NN.md): their front matter."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

import msgspec

EntryStatus = Literal["done", "partial", "skipped"]
ENTRY_STATUSES: tuple[EntryStatus, ...] = ("done", "partial", "skipped")
Mood = Annotated[int, msgspec.Meta(ge=1, le=5)]


class JournalEntry(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, gc=False):
    """Front matter of journals/<challenge>/<member>/day-NN.md, in the order copkit writes it."""

    date: date
    status: EntryStatus
    minutes: Annotated[int, msgspec.Meta(ge=0, le=1440)] | None = None
    mood: Mood | None = None
    tags: list[str] = []
    highlight: bool = False
    partner_checkin: bool = False
    private: bool = False  # the words live in private/day-NN.md, in the author's checkout only

    @property
    def quotable(self) -> bool:
        """Offered to the report-back: highlighted and not private (a private entry's
        `highlight: true` is ignored; `check` warns about it)."""
        return self.highlight and not self.private


def shareable_words(entry: JournalEntry, words: str | None) -> str | None:
    """The one rule of private words (SPEC 7.2): the words of an entry that may leave its
    author's checkout, None for a private entry.

    Everything copkit prints or writes for others (reports in every format, the dashboard,
    exports, posts, federation reports, `journal list`) passes an entry's words through this
    function, or quotes only `entry.quotable` entries. Counts include private entries.
    """
    return None if entry.private else words


class Plan(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Front matter of journals/<challenge>/<member>/plan.md: exists means joined."""

    joined: date | None = None
    level: Literal["starter", "experienced"] = "starter"
    goal: str | None = None
    left: date | None = None
