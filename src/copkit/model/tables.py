"""The tidy tables copkit exports (members, challenges, days, participants, entries): their
columns and types, the one place that names them for every writer and the docs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ColumnType = Literal["string", "int", "float", "bool", "date", "list<string>"]
Row = dict[str, object]  # column name -> value


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    doc: str
    text: bool = False  # a person's words: present only with --with-text


# The schema. Adding a column is fine; renaming or removing one breaks analysts' queries.
SCHEMA: dict[str, tuple[Column, ...]] = {
    "members": (
        Column("community", "string", "the community's id"),
        Column("member", "string", "the member's id (members/<member>.yaml)"),
        Column("name", "string", "the member's name"),
        Column("joined", "date", "when they joined the community"),
        Column("interests", "list<string>", "their interests"),
    ),
    "challenges": (
        Column("community", "string", "the community's id"),
        Column("challenge", "string", "the challenge's id (challenges/<challenge>.yaml)"),
        Column("title", "string", "its title"),
        Column("domain", "string", "its domain"),
        Column("template", "string", "the set it was made from (`template.id`), if recorded"),
        Column("start", "date", "the date of day 1"),
        Column("end", "date", "the date of the last day"),
        Column("length", "int", "how many days"),
        Column("finish_threshold", "float", "share of days done or partial that makes a finisher"),
        Column("meetup", "date", "the report-back meetup"),
        Column("status", "string", "upcoming | running | ended, as of `as_of`"),
        Column("as_of", "date", "the community's today when the export was made"),
    ),
    "days": (
        Column("community", "string", "the community's id"),
        Column("challenge", "string", "the challenge's id"),
        Column("day", "int", "the day number, 1..length"),
        Column("date", "date", "the day's date"),
        Column("kind", "string", "learn | practice | balance | reflect"),
        Column("title", "string", "the activity's title"),
        Column("minutes", "int", "suggested minutes"),
    ),
    "participants": (
        Column("community", "string", "the community's id"),
        Column("challenge", "string", "the challenge's id"),
        Column("member", "string", "the participant's id"),
        Column("joined", "date", "when they joined the challenge (plan.md)"),
        Column("level", "string", "starter | experienced"),
        Column("left", "date", "when they left; null while they take part"),
        Column("partners", "list<string>", "their accountability partners"),
        Column("done", "int", "entries done, days 1..elapsed (SPEC section 4)"),
        Column("partial", "int", "entries partial"),
        Column("skipped", "int", "entries skipped"),
        Column("missing", "int", "elapsed days without an entry"),
        Column("minutes", "int", "minutes of those entries"),
        Column("completion", "float", "(done + partial) / length, 3 decimals"),
        Column("current_streak", "int", "days in a row done or partial, ending as of `as_of`"),
        Column("longest_streak", "int", "the longest such run"),
        Column("finisher", "bool", "(done + partial) >= finish_threshold x length"),
        Column("goal", "string", "their goal (plan.md)", text=True),
    ),
    "entries": (
        Column("community", "string", "the community's id"),
        Column("challenge", "string", "the challenge's id"),
        Column("member", "string", "the author's id"),
        Column("day", "int", "the day number"),
        Column("date", "date", "the day's date"),
        Column("status", "string", "done | partial | skipped"),
        Column("minutes", "int", "minutes spent"),
        Column("mood", "int", "1..5"),
        Column("tags", "list<string>", "tags"),
        Column("highlight", "bool", "offered to the report-back"),
        Column("partner_checkin", "bool", "checked in with a partner that day"),
        Column("private", "bool", "the words are private: counted, never exported"),
        Column("text", "string", "the entry's Markdown body", text=True),
    ),
}
TABLES = tuple(SCHEMA)


def columns(table: str, *, with_text: bool) -> tuple[Column, ...]:
    """The columns of `table`; the words of people only `with_text`."""
    return tuple(c for c in SCHEMA[table] if with_text or not c.text)
