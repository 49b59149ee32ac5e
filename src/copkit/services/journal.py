"""Rules of a new journal entry: which day it is for, who may write it, and the editor round trip."""

from __future__ import annotations

import datetime as dt
import re
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from copkit.errors import CopkitError
from copkit.model.journal import ENTRY_STATUSES, JournalEntry
from copkit.plural import plural
from copkit.services import schedule

if TYPE_CHECKING:
    from copkit.model import Challenge, Plan

QUESTIONS = ("What did I do?", "What did I learn?", "What next?")
# The template's last line: text written below it (an editor that appends, a member who
# types at the end) is free text, not the answer to "What next?" (docs/journals.md).
FREE_TEXT = "<!-- Free text below this line is kept outside the questions above. -->"
MAX_MINUTES = 1440


@cache
def _question_re() -> re.Pattern[str]:  # compiled on first use: `journal add -m` never needs it
    return re.compile(r"^###[ \t]+(" + "|".join(re.escape(q) for q in QUESTIONS) + r")[ \t]*$")


class Target(NamedTuple):  # a NamedTuple: cheaper to define than a dataclass at start-up
    """The challenge day an entry is for, and its calendar date."""

    day: int
    date: dt.date


def _span(challenge_id: str, challenge: Challenge) -> str:
    cal = schedule.calendar(challenge)
    return f"{challenge_id} runs from day 1 ({cal.first}) to day {challenge.length} ({cal.end})"


def entry_target(
    challenge_id: str,
    challenge: Challenge,
    today: date,
    *,
    day: int | None = None,
    on: date | None = None,
) -> Target:
    """The day of `--day N` or `--date D` (default today), refused before the start, after the
    end, or in the future."""
    if day is not None:
        if not 1 <= day <= challenge.length:
            raise CopkitError(
                f"day {day} is not a day of {challenge_id}: its days are 1..{challenge.length}",
                hint=_span(challenge_id, challenge) + ".",
            )
        target = Target(day, schedule.date_of(challenge, day))
    else:
        when = on or today
        cal = schedule.calendar(challenge)
        said = f"today ({when})" if on is None else str(when)
        if when < cal.first:
            raise CopkitError(
                f"{said} is before {challenge_id} starts: day 1 is {cal.first}",
                hint=(
                    f"There is nothing to journal yet; come back on {cal.first}."
                    if on is None
                    else _span(challenge_id, challenge) + "."
                ),
            )
        if when > cal.end:
            raise CopkitError(
                f"{said} is after {challenge_id} ended: day {challenge.length} was {cal.end}",
                hint="To fill in a day you missed, name it with --day N or --date YYYY-MM-DD.",
            )
        n = cal.day_of(when)
        if n is None:
            raise CopkitError(
                f"{challenge_id}: {schedule.rest_note(challenge, when, today)}",
                hint="To fill in a day you missed, name it with --day N.",
            )
        target = Target(n, when)
    if target.date > today:
        raise CopkitError(
            f"day {target.day} of {challenge_id} ({target.date}) is in the future: today is {today}",
            hint="Journal a day on the day itself or after it.",
        )
    return target


def check_participant(challenge_id: str, member: str, plan: Plan | None, plan_rel: str) -> Plan:
    """The member's plan; refuses members who have not joined the challenge, or who left it."""
    if plan is None:
        raise CopkitError(
            f"{member} has not joined {challenge_id} ({plan_rel} does not exist)",
            hint=f"Join first: copkit challenge join {challenge_id} --as {member}",
        )
    if plan.left is not None:
        raise CopkitError(
            f"{member} left {challenge_id} on {plan.left}; their journal is kept but takes no new entries",
            hint=f"To come back, remove the `left:` line from {plan_rel}.",
        )
    return plan


def check_status(status: str) -> str:
    if status not in ENTRY_STATUSES:
        raise CopkitError(
            f"status {status!r} is not one of {', '.join(ENTRY_STATUSES)}",
            hint="done: you did the activity; partial: some of it; skipped: not today.",
        )
    return status


def clean_tags(tags: list[str]) -> list[str]:
    """Tags stripped, without blanks or repeats, sorted (their order carries no meaning);
    a tag with a line break or a control character is refused."""
    import unicodedata

    for t in tags:
        if any(unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") for c in t.strip()):
            raise CopkitError(
                f"tag {t!r} has a line break or a control character",
                hint="Tags are short words such as docker or on-call.",
            )
    return sorted({t.strip() for t in tags if t.strip()})


def new_entry(
    target: Target,
    *,
    status: str = "done",
    minutes: int | None = None,
    mood: int | None = None,
    tags: list[str] | None = None,
    highlight: bool = False,
    checkin: bool = False,
    private: bool = False,
) -> JournalEntry:
    """The front matter of a new entry, from command-line values checked here."""
    check_status(status)
    if mood is not None and not 1 <= mood <= 5:
        raise CopkitError(f"mood {mood} is out of range: use 1 (low) to 5 (high)")
    if minutes is not None and not 0 <= minutes <= MAX_MINUTES:
        raise CopkitError(f"minutes {minutes} is out of range: use 0 to {MAX_MINUTES}")
    return JournalEntry(
        date=target.date,
        status=status,  # type: ignore[arg-type]  # checked above
        minutes=minutes,
        mood=mood,
        tags=clean_tags(tags or []),
        highlight=highlight,
        partner_checkin=checkin,
        private=private,
    )


def entry_privacy(
    challenge: Challenge, *, private: bool, shared: bool, existing: JournalEntry | None
) -> bool:
    """Whether an entry is written private: `--private` or `--shared` when given, else as the
    entry being replaced is (privacy is never dropped silently), else the challenge's
    `journal: {private: ...}` default. (Both flags at once are refused as a usage error.)"""
    if private or shared:
        return private
    if existing is not None:
        return existing.private
    return challenge.private_by_default


def updated_entry(
    old: JournalEntry,
    *,
    private: bool,
    status: str | None = None,
    minutes: int | None = None,
    mood: int | None = None,
    tags: list[str] | None = None,
    highlight: bool = False,
    checkin: bool = False,
) -> JournalEntry:
    """An existing entry with the values given on the command line (the others kept): what
    `journal add --force` without text writes, moving the words between private and shared."""
    return new_entry(
        Target(0, old.date),
        status=status or old.status,
        minutes=old.minutes if minutes is None else minutes,
        mood=old.mood if mood is None else mood,
        tags=old.tags if tags is None else tags,
        highlight=highlight or old.highlight,
        checkin=checkin or old.partner_checkin,
        private=private,
    )


def privacy_note(private: bool, private_rel: str) -> str:
    """The comment line that opens the editor's template: where this entry's words will go."""
    if private:
        return f"# PRIVATE: the words below stay in {private_rel}, never committed.\n"
    return "# SHARED: the words below are committed for all to read (private: true keeps them).\n"


# ---- the editor round trip -----------------------------------------------------------------


def _quote(text: str) -> list[str]:
    import textwrap

    lines: list[str] = []
    for para in text.strip().split("\n\n"):
        if lines:
            lines.append(">")
        lines += textwrap.wrap(
            " ".join(para.split()), width=88, initial_indent="> ", subsequent_indent="> "
        ) or [">"]
    return lines


def _front_matter(entry: JournalEntry) -> str:
    """Every field, with a comment saying what it takes; empty optional fields left blank."""
    from copkit.storage import yamlio

    rows = [
        ("date", entry.date, "the day's date; keep it"),
        ("status", entry.status, "done | partial | skipped"),
        ("minutes", entry.minutes, "time spent, optional"),
        ("mood", entry.mood, "1 (low) .. 5 (high), optional"),
        ("tags", entry.tags, "e.g. [docker, ci], optional"),
        ("highlight", entry.highlight, "true offers this entry to the report-back"),
        ("partner_checkin", entry.partner_checkin, "true: I checked in with my partner today"),
        ("private", entry.private, "true: the words stay in this checkout, never committed"),
    ]
    split = []
    for key, value, _ in rows:
        text = f"{key}:\n" if value is None else yamlio.dump({key: value})
        first, _, rest = text.partition("\n")
        split.append((first, rest))
    width = max(len(first) for first, _ in split) + 2
    return "".join(
        f"{first.ljust(width)}# {note}\n{rest}"
        for (first, rest), (_, _, note) in zip(split, rows, strict=True)
    )


def activity_quote(challenge_id: str, challenge: Challenge, target: Target, level: str) -> str:
    """The day's activity as a Markdown quote: title, prompt, and the member's level variant."""
    d = challenge.days[target.day - 1]
    head = f"Day {target.day} of {challenge_id} ({target.date}), {d.kind}"
    if d.title:
        head += f": {d.title}"
    if d.minutes:
        head += f", about {plural(d.minutes, 'minute')}"
    lines = [f"> **{head}**", ">"]
    lines += _quote(d.prompt or "(no prompt for this day yet)")
    variant = getattr(d.levels, level, None) if d.levels else None
    if variant:
        lines += [">"]
        lines += _quote(f"*{level.capitalize()}:* {variant}")
    return "\n".join(lines) + "\n"


def editor_template(entry: JournalEntry, quote: str, note: str = "") -> str:
    """The text the editor opens on: `note` (privacy_note) first, the front matter filled in,
    the day's activity quoted, and three reflection questions."""
    questions = "".join(f"### {q}\n\n\n" for q in QUESTIONS)
    return f"---\n{note}{_front_matter(entry)}---\n{quote}\n{questions}{FREE_TEXT}\n\n"


def editor_existing(entry: JournalEntry, words: str, note: str) -> str:
    """The text the editor opens on for an entry being replaced (--force): `note`, its fields
    with their comments, and its words."""
    return f"---\n{note}{_front_matter(entry)}---\n{words}"


def _normal(text: str) -> list[str]:
    return [line.rstrip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def is_empty(edited: str) -> bool:
    """True when the editor was emptied."""
    return not edited.strip()


def is_unchanged(template: str, edited: str) -> bool:
    """True when the edited text is the template, give or take blank lines and trailing spaces."""
    return _normal(template) == _normal(edited)


def tidy_body(body: str, quote: str = "") -> str:
    """The body as saved: `\\n` line ends, without the activity quote when left as it was (it
    is in the calendar already), without unanswered questions, without trailing blank lines.
    Text below the template's FREE_TEXT line goes before the questions, outside them."""
    lines = body.replace("\r\n", "\n").lstrip("\n").split("\n")
    quoted = quote.rstrip("\n").split("\n") if quote else []
    if quoted and [line.rstrip() for line in lines[: len(quoted)]] == quoted:
        lines = lines[len(quoted) :]
    marks = [i for i, line in enumerate(lines) if line.strip() == FREE_TEXT]
    if marks:
        free = [line for line in lines[marks[0] + 1 :] if line.strip() != FREE_TEXT]
        lines = lines[: marks[0]]
        at = next((i for i, line in enumerate(lines) if _question_re().match(line)), len(lines))
        parts = [_trim(lines[:at]), _trim(free), lines[at:]]
        lines = [
            line for n, part in enumerate(p for p in parts if p) for line in ([""] * (n > 0) + part)
        ]
    keep: list[str] = []
    i = 0
    while i < len(lines):
        if _question_re().match(lines[i]):
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            if j == len(lines) or _question_re().match(lines[j]):
                i = j  # no answer under this question: drop it
                continue
        keep.append(lines[i].rstrip())
        i += 1
    text = "\n".join(keep).strip("\n")
    return text + "\n" if text else ""


def _trim(lines: list[str]) -> list[str]:
    """`lines` without blank lines at either end."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return lines[filled[0] : filled[-1] + 1] if filled else []


def parse_edited(
    text: str, rel: str, challenge_id: str, target: Target, quote: str = ""
) -> tuple[JournalEntry, str]:
    """The entry and body the member saved in the editor; a CopkitError naming every problem."""
    from copkit.errors import Problem
    from copkit.model.rules import entry_date_finding
    from copkit.storage.documents import located, parse_markdown

    loaded = parse_markdown(text.replace("\r\n", "\n"), rel, JournalEntry)
    problems = list(loaded.errors)
    entry = loaded.value
    if entry is not None and not problems:
        finding = entry_date_finding(challenge_id, target.day, entry.date, target.date)
        if finding is not None:
            problems.append(located(loaded, finding, line_offset=1))
    if entry is None or problems:
        raise CopkitError.from_problems(problems or [Problem(rel, 1, 1, "error", "cannot be read")])
    entry = JournalEntry(
        date=entry.date,
        status=entry.status,
        minutes=entry.minutes,
        mood=entry.mood,
        tags=clean_tags(entry.tags),
        highlight=entry.highlight,
        partner_checkin=entry.partner_checkin,
        private=entry.private,
    )
    return entry, tidy_body(loaded.body or "", quote)
