"""Journal entries for people: a list as a table, one entry as its fields and rendered Markdown."""

from __future__ import annotations

from rich import box
from rich.console import Group
from rich.markdown import Markdown
from rich.table import Table
from rich.text import Text

from copkit.model import Challenge, JournalEntry
from copkit.render.console import fancy, out, table
from copkit.render.progress import STYLES, _symbols


def _status(status: str) -> Text:
    return Text(f"{_symbols()[status]} {status}", style=STYLES[status] if fancy() else "")


def entries_table(
    rows: list[tuple[str, int, JournalEntry]], challenge_id: str, member: str | None
) -> Table:
    """One line per entry, sorted by member then day; no member column for one member's list."""
    who = f" by {member}" if member else ""
    columns = ["Day", "Date", "Status", "Min.", "Mood", "Tags", "Flags"]
    if member is None:
        columns.insert(0, "Member")
    n = len(rows)
    t = table(
        *columns,
        title=f"{challenge_id}: {n} entr{'y' if n == 1 else 'ies'}{who}",
        collapse_padding=True,
    )
    t.box = box.SIMPLE  # no vertical rules, even in a terminal: eight columns fit 80
    for c in t.columns:
        c.no_wrap = True
        if c.header in ("Day", "Min.", "Mood"):
            c.justify = "right"
        if c.header == "Tags":  # takes the room the others leave, and wraps
            c.no_wrap, c.ratio, c.overflow = False, 1, "fold"
    for member_id, day, e in rows:
        flags = [f for f, on in (("highlight", e.highlight), ("check-in", e.partner_checkin)) if on]
        cells: list[str | Text] = [
            str(day),
            e.date.isoformat(),
            Text(e.status, style=STYLES[e.status] if fancy() else ""),
            "" if e.minutes is None else str(e.minutes),
            "" if e.mood is None else f"{e.mood}/5",
            ", ".join(e.tags),
            "\n".join(flags),
        ]
        if member is None:
            cells.insert(0, member_id)
        t.add_row(*cells)
    # Stretch only when too wide, so that Tags (the one flexible column) wraps in what is left.
    console = out()
    t.expand = console.measure(t, options=console.options.update_width(10_000)).maximum > (
        console.width
    )
    return t


def entry_view(
    challenge_id: str,
    challenge: Challenge,
    member: str,
    day: int,
    entry: JournalEntry,
    body: str,
    rel: str,
) -> Group:
    """The entry's front matter as a small table, then its body rendered as Markdown."""
    d = challenge.days[day - 1]
    title = f"{member}, day {day} of {challenge_id}"
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
    grid.add_row("file", rel)
    parts: list[Text | Table | Markdown] = [
        Text(title, style="bold" if fancy() else ""),
        grid,
        Text(""),
    ]
    parts.append(Markdown(body) if body.strip() else Text("(no text)", style="dim"))
    return Group(*parts)
