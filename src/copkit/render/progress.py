"""Progress and nudges for people: a table with bars and day strips, a summary, a message to paste."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from rich.text import Text

from copkit.model import Challenge
from copkit.plural import plural, plural_word
from copkit.render.console import fancy, out
from copkit.services import schedule
from copkit.services.nudge import Nudge
from copkit.services.progress import Progress, needed_to_finish, status_of

# Each state has its own shape, so the strip reads without colour; ASCII when the terminal
# cannot show Unicode.
SYMBOLS = {
    "done": "●",
    "partial": "◐",
    "skipped": "○",
    "missing": "✗",
    "today": "◌",
    "future": "·",
}
ASCII_SYMBOLS = {
    "done": "#",
    "partial": "+",
    "skipped": "o",
    "missing": "x",
    "today": "_",
    "future": ".",
}
STYLES = {
    "done": "green",
    "partial": "yellow",
    "skipped": "cyan",
    "missing": "red",
    "today": "bold",
    "future": "dim",
}
LEGEND_WORDS = {
    "done": "done",
    "partial": "partial",
    "skipped": "skipped",
    "missing": "missing",
    "today": "today, not written yet",
    "future": "to come",
}
BAR_CELLS = 10
STRIP_LINE = 30  # days per line of a strip; longer challenges wrap


def unicode_ok() -> bool:
    return (out().encoding or "").lower().replace("-", "").startswith("utf")


def _symbols() -> dict[str, str]:
    return SYMBOLS if unicode_ok() else ASCII_SYMBOLS


@dataclass(frozen=True)
class Column:
    header: str  # a second line after "\n"; headers sit on the bottom line
    right: bool = False


Cell = Text | str


def _cell_lines(cell: Cell) -> list[Text]:
    text = cell if isinstance(cell, Text) else Text(cell)
    return list(text.split("\n")) if "\n" in text.plain else [text]


def widths(columns: Sequence[Column], rows: Sequence[Sequence[Cell]]) -> list[int]:
    """Each column's width: its widest header or cell line."""
    out_ = [max(len(h) for h in c.header.split("\n")) for c in columns]
    for row in rows:
        for i, cell in enumerate(row):
            out_[i] = max(out_[i], *(line.cell_len for line in _cell_lines(cell)))
    return out_


def grid_width(w: Sequence[int]) -> int:
    return 1 + sum(w) + 2 * (len(w) - 1)


def grid(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    title: str | None = None,
    w: Sequence[int] | None = None,
) -> Text:
    """Rows in aligned columns under a header and a rule, cells of several lines allowed.

    Lighter than a Rich Table by far: a journal list of 10,000 entries renders in a fraction
    of a second instead of many seconds, and no line has trailing spaces.
    """
    w = list(w or widths(columns, rows))
    bold = "bold" if fancy() else ""
    lines: list[Text] = []
    if title:
        lines += [Text(line, style=bold) for line in wrap_words(title, out().width)]
        lines.append(Text(""))

    def emit(cells: Sequence[list[Text]], style: str = "", bottom: bool = False) -> None:
        height = max(len(c) for c in cells)
        for k in range(height):
            line = Text(" ")
            for i, (col, cell) in enumerate(zip(columns, cells, strict=True)):
                at = k - (height - len(cell)) if bottom else k
                piece = cell[at] if 0 <= at < len(cell) else Text("")
                pad = " " * (w[i] - piece.cell_len)
                if i:
                    line.append("  ")
                if col.right:
                    line.append(pad)
                line.append_text(piece.copy() if not style else Text(piece.plain, style=style))
                if not col.right:
                    line.append(pad)
            line.rstrip()
            lines.append(line)

    emit([[Text(h) for h in c.header.split("\n")] for c in columns], bold, bottom=True)
    lines.append(Text(" " + ("─" if unicode_ok() else "-") * (grid_width(w) - 1)))
    for row in rows:
        emit([_cell_lines(c) for c in row])
    return Text("\n").join(lines)


def wrap_words(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` columns, broken only between words: a date, an id
    or a hyphenated word is never split (a terminal would split it anywhere)."""
    return textwrap.wrap(
        text, max(width - 1, 40), break_long_words=False, break_on_hyphens=False
    ) or [text]


def show(text: Text) -> None:
    """Print a grid or any pre-laid-out text as it is: no wrapping, no cropping."""
    out().print(text, no_wrap=True, overflow="ignore", crop=False, soft_wrap=True)


def week_breaks(challenge: Challenge) -> list[int] | None:
    """Where a strip starts a new group: at each new calendar week (Monday) for a challenge
    with a schedule, so its cells line up with real weeks; None for release 1's groups of five."""
    if challenge.schedule is None:
        return None
    dates = schedule.challenge_dates(challenge)
    return [i for i in range(1, len(dates)) if dates[i].weekday() <= dates[i - 1].weekday()]


def strip_header(challenge: Challenge, length: int) -> str:
    """`Days 1-30`; with a schedule, the real dates too, a group per week."""
    if challenge.schedule is None or not length:
        return f"Days 1-{length}"
    cal = schedule.calendar(challenge)
    return f"Days 1-{length}, {cal.first:%a %d %b}-{cal.end:%a %d %b}, by week"


def day_strip(strip: list[str], breaks: Sequence[int] | None = None) -> Text:
    """One cell per day, in groups of five, wrapped every 30 days; with `breaks` (the indices
    that start a week), a group per week, wrapped before a week that would pass 30 cells."""
    symbols, colour = _symbols(), fancy()
    text = Text(no_wrap=True)
    ends = [*(breaks or ()), len(strip)]
    week_len = {start: end - start for start, end in pairwise(ends)}
    line = 0
    for i, state in enumerate(strip):
        if i and breaks is None:
            text.append("\n" if i % STRIP_LINE == 0 else (" " if i % 5 == 0 else ""))
        elif i in week_len:
            if line + week_len[i] > STRIP_LINE:
                text.append("\n")
                line = 0
            else:
                text.append(" ")
        text.append(symbols[state], style=STYLES[state] if colour else "")
        line += 1
    return text


def legend() -> Text:
    symbols, colour = _symbols(), fancy()
    text = Text()
    for i, (state, word) in enumerate(LEGEND_WORDS.items()):
        if i:
            text.append("  ")
        text.append(symbols[state], style=STYLES[state] if colour else "")
        text.append(f" {word}", style="dim" if colour else "")
    return text


def bar(completion: float) -> Text:
    """A bar of ten cells filled by the completion share, and the percentage."""
    full = round(completion * BAR_CELLS)
    on, off = ("█", "░") if unicode_ok() else ("#", "-")
    text = Text(no_wrap=True)
    text.append(on * full, style="green" if fancy() else "")
    text.append(off * (BAR_CELLS - full), style="dim" if fancy() else "")
    text.append(f" {round(completion * 100):3d}%")
    return text


def _when(progress: Progress, challenge: Challenge) -> str:
    status = status_of(challenge, progress.today)
    if status == "upcoming":
        first = schedule.first_date(challenge)
        days = (first - progress.today).days  # calendar days to wait, weekends included
        return f"starts {first} (in {plural(days, 'day')})"
    if status == "ended":
        return f"ended {challenge.end}, {plural(progress.length, 'day')}"
    return f"day {progress.elapsed} of {progress.length} ({progress.today})"


def _partner_lines(partners: list[str], left: set[str], names: Mapping[str, str]) -> list[str]:
    return [f"  {names.get(p, p)}" + (" (left)" if p in left else "") for p in partners] or [
        "  (no partner yet)"
    ]


def _who(member: str, partners: list[str], left: set[str], names: Mapping[str, str]) -> Text:
    """The member by name, then each partner on a line of its own, indented."""
    text = Text(names.get(member, member))
    for line in _partner_lines(partners, left, names):
        text.append("\n" + line, style="dim" if fancy() else "")
    return text


def _num(n: int) -> str:
    return f"{n:,}"


def _rows(
    progress: Progress,
    challenge: Challenge,
    left: set[str],
    strips: bool,
    names: Mapping[str, str],
) -> tuple[list[Column], list[list[Cell]]]:
    columns = [Column("Member and partners"), Column("Completion")]
    columns += [Column(h, right=True) for h in ("Done", "Part", "Skip", "Miss", "Min.")]
    columns.append(Column("Streak\nnow/best", right=True))
    breaks = week_breaks(challenge)
    if strips:
        columns.append(Column(strip_header(challenge, progress.length)))
    rows: list[list[Cell]] = []
    for p in progress.participants:
        row: list[Cell] = [
            _who(p.member, p.partners, left, names),
            bar(p.completion),
            str(p.done),
            str(p.partial),
            str(p.skipped),
            str(p.missing),
            _num(p.minutes),
            f"{p.current_streak}/{p.longest_streak}",
        ]
        if strips:
            row.append(day_strip(p.strip, breaks))
        rows.append(row)
    return columns, rows


def progress_table(
    progress: Progress,
    challenge: Challenge,
    left: set[str],
    width: int,
    focus: str | None = None,
    names: Mapping[str, str] | None = None,
) -> Text:
    """The progress view: one row per participant with its day strip (the strips get a table
    of their own when the terminal is too narrow), then a legend and the group's summary.
    People by name (`names`: member id -> name; the id when the file has none)."""
    names = names or {}
    title = f"{progress.challenge}: {challenge.title}, {_when(progress, challenge)}"
    if focus:
        title += f"; {names.get(focus, focus)} and partners"
    columns, rows = _rows(progress, challenge, left, True, names)
    parts = [grid(columns, rows, title)]
    if grid_width(widths(columns, rows)) > width:
        columns, rows = _rows(progress, challenge, left, False, names)
        parts = [grid(columns, rows, title), Text("")]
        breaks = week_breaks(challenge)
        strip_rows: list[list[Cell]] = [
            [names.get(p.member, p.member), day_strip(p.strip, breaks)]
            for p in progress.participants
        ]
        header = strip_header(challenge, progress.length)
        parts.append(grid([Column("Member"), Column(header)], strip_rows))
    parts += [Text(""), legend()]
    for line in summary_lines(progress, challenge):
        parts += [Text(part) for part in wrap_words(line, width)]
    return Text("\n").join(parts)


def summary_lines(progress: Progress, challenge: Challenge) -> list[str]:
    """The whole group in two lines: entries and pace; minutes and finishers."""
    rows = progress.participants
    n = len(rows)
    done = sum(p.done for p in rows)
    partial = sum(p.partial for p in rows)
    skipped = sum(p.skipped for p in rows)
    missing = sum(p.missing for p in rows)
    so_far = sum(p.days_so_far for p in rows)  # today counts once written, as for streaks
    pace = f"; pace {round(100 * (done + partial) / so_far)}% done or partial" if so_far else ""
    minutes = sum(p.minutes for p in rows)
    finishers = sum(p.finisher for p in rows)
    need = needed_to_finish(challenge)
    ended = status_of(challenge, progress.today) == "ended"
    fin = f"finishers{'' if ended else ' so far'}: {finishers} of {n}"
    return [
        f"Group: {plural(n, 'participant')}, {done} done, {partial} partial, "
        f"{skipped} skipped, {missing} missing over {_num(so_far)} member-days{pace}"
        + (
            f"; {waiting} still to write today."
            if (waiting := sum(p.today_open for p in rows))
            else "."
        ),
        f"{_num(minutes)} {plural_word(minutes, 'minute')} in all; {fin} (a finisher has {need} "
        f"of {plural(progress.length, 'day')} done or partial).",
    ]


# ---- nudges ---------------------------------------------------------------------------------


def nudge_table(
    items: Iterable[Nudge],
    challenge_id: str,
    challenge: Challenge,
    today: date,
    days: int,
    names: Mapping[str, str] | None = None,
) -> Text:
    """Silent participants, the longest silence first, with the partners who should reach out;
    people by name (`names`: member id -> name)."""
    names = names or {}
    ordered = sorted(items, key=lambda n: (-n.days_silent, n.member))
    day = schedule.day_of(challenge, today)
    where = f"day {day} of {challenge.length}" if day is not None else str(today)
    columns = [
        Column("Member"),
        Column("Silent", right=True),
        Column("Since"),
        Column("Last entry"),
        Column("Partners"),
    ]
    rows: list[list[Cell]] = [
        [
            names.get(n.member, n.member),
            f"{plural(n.days_silent, 'day')}",
            f"day {n.since_day} ({schedule.date_of(challenge, n.since_day)})",
            f"day {n.last_entry_day}" if n.last_entry_day else "none yet",
            ", ".join(names.get(p, p) for p in n.partners) if n.partners else "no partner yet",
        ]
        for n in ordered
    ]
    title = f"{challenge_id}, {where}: silent for {plural(days, 'day')} or more"
    return grid(columns, rows, title)
