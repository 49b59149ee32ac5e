"""A fast reader for the exact front matter copkit writes; anything else goes to the full loader.

Journal entries, plans and member files written by copkit follow one canonical layout
(`Workspace.write_markdown` / `write_new`: keys in model order, one `key: value` per line,
flow lists, plain scalars unless quoting is needed). Reading 150,000 of them through ruamel
costs minutes; matching that layout with one regular expression costs microseconds.

The contract, pinned by property tests against the ruamel loader (tests/test_fastfm.py): each
function returns None unless the text is in a form it fully understands, and when it returns
a value, the full loader reads the same text as the same value with no problem at all. So a
caller may use the fast result as is and must fall back to the full loader on None.
"""

from __future__ import annotations

import os
import re
import stat
from datetime import date
from typing import cast

from copkit.model import JournalEntry, Member, Plan
from copkit.model.challenge import Level
from copkit.model.journal import EntryStatus

_DATE = r"\d{4}-\d\d-\d\d"
_ITEMS = r"(?: \[([^\n\]]*)\]\n|\n((?:  - [^\n]*\n)+))"  # flow list, or block list (house indent)

_ENTRY = re.compile(
    r"---\n"
    rf"date: ({_DATE})\n"
    r"status: (done|partial|skipped)\n"
    r"(?:minutes: (0|[1-9]\d{0,3})\n)?"
    r"(?:mood: ([1-5])\n)?"
    rf"(?:tags:{_ITEMS})?"
    r"(?:highlight: (true|false)\n)?"
    r"(?:partner_checkin: (true|false)\n)?"
    r"(?:private: (true|false)\n)?"
    r"---\n"
)
_PLAN = re.compile(
    r"---\n"
    rf"joined: ({_DATE}|null)\n"
    r"level: (starter|experienced)\n"
    r"goal: ([^\n]*)\n"
    rf"left: ({_DATE}|null)\n"
    r"---\n"
)
_MEMBER = re.compile(
    r"name: ([^\n]*)\n"
    r"email: ([^\n]*)\n"
    rf"joined: ({_DATE}|null)\n"
    rf"interests:{_ITEMS}"
    rf"(?:left: ({_DATE})\n)?"
    r"\Z"
)

# A list item read as text by YAML 1.2 in flow and block context alike: no indicator first,
# no flow punctuation, no ': ' or ' #', nothing that resolves to a number, date, bool or null.
_ITEM = re.compile(
    r"[A-Za-z][A-Za-z0-9_.+#'/-]*|[0-9]+[AC-DF-NP-WYZac-df-np-wyz][A-Za-z0-9_.+#'/-]*"
)
# A single-line plain scalar in block context that YAML reads as this very text.
_PLAIN = re.compile(r"[^\W\d_][^\t\n\r\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]*")
# A single-quoted scalar: '' is the only escape.
_SQUOTED = re.compile(r"'((?:[^'\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]|'')*)'")
_READ = os.O_RDONLY | getattr(os, "O_BINARY", 0)
_NOT_TEXT = frozenset({"true", "false", "null"})
_SURROGATE_OR_NONCHAR = re.compile(r"[\ud800-\udfff\ufffe\uffff]")


def _items(flow: str | None, block: str | None) -> list[str] | None:
    if flow is not None:
        items = flow.split(", ") if flow else []
    else:
        assert block is not None
        items = [line[4:] for line in block[:-1].split("\n")]
    for item in items:
        if _ITEM.fullmatch(item) is None or item.lower() in _NOT_TEXT:
            return None
    return items


def _text(raw: str) -> str | None:
    """A scalar value that is surely text: a safe plain scalar or a single-quoted one."""
    if raw[:1] == "'":
        m = _SQUOTED.fullmatch(raw)
        if m is None or _SURROGATE_OR_NONCHAR.search(raw):
            return None
        return m.group(1).replace("''", "'")
    if (
        _PLAIN.fullmatch(raw) is None
        or raw[-1] in " :"
        or ": " in raw
        or " #" in raw
        or raw.lower() in _NOT_TEXT
        or _SURROGATE_OR_NONCHAR.search(raw)
    ):
        return None
    return raw


def _conflicted(text: str) -> bool:
    """Maybe a git merge conflict, which the full loader reports even in the body."""
    return "<<<<<<<" in text and ">>>>>>>" in text


def entry(text: str) -> tuple[JournalEntry, int] | None:
    """A day-NN.md front matter in canonical form: (the entry, offset of its body) or None."""
    m = _ENTRY.match(text)
    if m is None or _conflicted(text):
        return None
    day, status, minutes, mood, flow, block, highlight, checkin, private = m.groups()
    try:
        when = date.fromisoformat(day)
    except ValueError:
        return None
    if minutes is not None and int(minutes) > 1440:
        return None
    tags: list[str] = []
    if flow is not None or block is not None:
        items = _items(flow, block)
        if items is None:
            return None
        tags = items
    value = JournalEntry(
        date=when,
        status=cast(EntryStatus, status),  # the pattern admits only the three statuses
        minutes=None if minutes is None else int(minutes),
        mood=None if mood is None else int(mood),
        tags=tags,
        highlight=highlight == "true",
        partner_checkin=checkin == "true",
        private=private == "true",
    )
    return value, m.end()


def plan(text: str) -> tuple[Plan, int] | None:
    """A plan.md front matter in canonical form: (the plan, offset of its body) or None."""
    m = _PLAN.match(text)
    if m is None or _conflicted(text):
        return None
    joined, level, goal_raw, left = m.groups()
    goal = None
    if goal_raw != "null":
        goal = _text(goal_raw)
        if goal is None:
            return None
    try:
        value = Plan(
            joined=None if joined == "null" else date.fromisoformat(joined),
            level=cast(Level, level),  # the pattern admits only the two levels
            goal=goal,
            left=None if left == "null" else date.fromisoformat(left),
        )
    except ValueError:
        return None
    return value, m.end()


def member(text: str) -> Member | None:
    """A members/<member>.yaml in canonical form, or None."""
    m = _MEMBER.match(text)
    if m is None:
        return None
    name_raw, email_raw, joined, flow, block, left = m.groups()
    name = _text(name_raw)
    email = None if email_raw == "null" else _text(email_raw)
    if name is None or (email is None and email_raw != "null"):
        return None
    interests = _items(flow, block)
    if interests is None:
        return None
    try:
        when = None if joined == "null" else date.fromisoformat(joined)
        gone = None if left is None else date.fromisoformat(left)
    except ValueError:
        return None
    return Member(name=name, email=email, joined=when, interests=interests, left=gone)


# Text that reads back the same inside `[...]`: yamlio's rule for writing a list on one line.
FLOW_SAFE = re.compile(r"\w(?:[\w .+/()'#-]*[\w.+/()'#-])?")  # and no " #": a comment


def dump_entry(value: JournalEntry) -> str | None:
    """The YAML yamlio.dump writes for an entry's front matter (defaults left out), or None
    when a tag needs quoting (then yamlio writes it). Proven equal by tests/test_fastfm.py;
    it spares `journal add` the import of ruamel."""
    lines = [f"date: {value.date.isoformat()}", f"status: {value.status}"]
    if value.minutes is not None:
        lines.append(f"minutes: {value.minutes}")
    if value.mood is not None:
        lines.append(f"mood: {value.mood}")
    if value.tags:
        for tag in value.tags:
            if (
                len(tag) > 60
                or _ITEM.fullmatch(tag) is None
                or FLOW_SAFE.fullmatch(tag) is None
                or " #" in tag
                or tag.lower() in _NOT_TEXT
            ):
                return None
        if len(repr(value.tags)) <= 120:  # yamlio's rule for a list on one line
            lines.append(f"tags: [{', '.join(value.tags)}]")
        else:
            lines.append("tags:")
            lines += [f"  - {tag}" for tag in value.tags]
    if value.highlight:
        lines.append("highlight: true")
    if value.partner_checkin:
        lines.append("partner_checkin: true")
    if value.private:
        lines.append("private: true")
    return "\n".join(lines) + "\n"


def read_member(path: str) -> Member | None:
    """A member file in canonical form, read without ruamel; None for anything else.

    Links, special files, big files and every other form are left to the full loader.
    """
    from copkit.storage.documents import MAX_FILE_BYTES

    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_FILE_BYTES:
            return None
        raw = read_bytes(path, st.st_size)
        return None if raw is None else member(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError):
        return None


def read_bytes(path: str, size: int) -> bytes | None:
    """A regular file's bytes when it still has the `size` its stat gave, else None.

    os.read sized by the stat costs half of open().read(), and far less than reading with a
    megabyte-sized bound, which allocates that much for every small file.
    """
    fd = os.open(path, _READ)
    try:
        raw = os.read(fd, size + 1)
    finally:
        os.close(fd)
    return raw if len(raw) == size else None
