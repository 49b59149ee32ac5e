"""Journal entries for people: a list as a table, one entry as its fields and rendered Markdown."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

from rich.console import Group
from rich.markdown import Markdown
from rich.table import Table
from rich.text import Text

from copkit.model import Challenge, JournalEntry
from copkit.plural import plural
from copkit.render.console import fancy
from copkit.render.progress import STYLES, Cell, Column, _symbols, grid, grid_width, widths


def _status(status: str) -> Text:
    return Text(f"{_symbols()[status]} {status}", style=STYLES[status] if fancy() else "")


def entries_table(
    rows: list[tuple[str, int, JournalEntry]],
    challenge_id: str,
    member: str | None,
    width: int,
    names: Mapping[str, str],
) -> Text:
    """One line per entry, sorted by member then day; no member column for one member's list.
    Members are shown by name (`names`; the id when a member has none). Tags come last and
    wrap in the room the other columns leave."""
    columns = [
        Column("Day", right=True),
        Column("Date"),
        Column("Status"),
        Column("Min.", right=True),
        Column("Mood", right=True),
        Column("Flags"),
        Column("Tags"),
    ]
    if member is None:
        columns.insert(0, Column("Member"))
    colour = fancy()
    cells: list[list[Cell]] = []
    for member_id, day, e in rows:
        flags = [
            f
            for f, on in (
                ("highlight", e.highlight),
                ("check-in", e.partner_checkin),
                ("private", e.private),
            )
            if on
        ]
        row: list[Cell] = [
            str(day),
            e.date.isoformat(),
            Text(e.status, style=STYLES[e.status] if colour else ""),
            "" if e.minutes is None else str(e.minutes),
            "" if e.mood is None else f"{e.mood}/5",
            "\n".join(flags),
            ", ".join(e.tags),
        ]
        if member is None:
            row.insert(0, names.get(member_id, member_id))
        cells.append(row)
    w = widths(columns, cells)
    room = max(len("Tags"), 12, width - grid_width(w[:-1]) - 2)
    if w[-1] > room:
        for row in cells:
            row[-1] = "\n".join(
                textwrap.wrap(str(row[-1]), room, break_long_words=False, break_on_hyphens=False)
            )
        w = widths(columns, cells)
    n = len(rows)
    title = f"{challenge_id}: {plural(n, 'entry', 'entries')}" + (
        f" by {names.get(member, member)}" if member else ""
    )
    return grid(columns, cells, title, w)


def entry_view(
    challenge_id: str,
    challenge: Challenge,
    name: str,
    day: int,
    entry: JournalEntry,
    body: str | None,
    rel: str,
) -> Group:
    """The entry's front matter as a small table, then its body rendered as Markdown; `name` is
    the member's; `body` is None for a private entry whose words are not in this checkout."""
    d = challenge.days[day - 1]
    title = f"{name}, day {day} of {challenge_id}"
    if d.title:
        title += f": {d.title}"
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold" if fancy() else "")
    grid.add_column()
    grid.add_row("date", entry.date.isoformat())
    grid.add_row("status", _status(entry.status))
    if entry.minutes is not None:
        grid.add_row("minutes", str(entry.minutes))
    if entry.mood is not None:
        grid.add_row("mood", f"{entry.mood}/5")
    if entry.tags:
        grid.add_row("tags", ", ".join(entry.tags))
    if entry.highlight:
        grid.add_row("highlight", "yes: offered to the report-back")
    if entry.partner_checkin:
        grid.add_row("partner check-in", "yes")
    if entry.private:
        grid.add_row("private", "yes: the words stay in their author's checkout")
    grid.add_row("file", rel)
    parts: list[Text | Table | Markdown] = [
        Text(title, style="bold" if fancy() else ""),
        grid,
        Text(""),
    ]
    if body is None:
        parts.append(Text("private: written in its author's checkout", style="dim"))
    else:
        parts.append(Markdown(body) if body.strip() else Text("(no text)", style="dim"))
    return Group(*parts)
