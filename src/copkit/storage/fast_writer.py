"""The front matter `journal add` writes, without importing ruamel: byte for byte yamlio's."""

from __future__ import annotations

import re

from copkit.model import JournalEntry

# A list item read as text by YAML 1.2 in flow and block context alike: no indicator first,
# no flow punctuation, no ': ' or ' #', nothing that resolves to a number, date, bool or null.
_ITEM = re.compile(
    r"[A-Za-z][A-Za-z0-9_.+#'/-]*|[0-9]+[AC-DF-NP-WYZac-df-np-wyz][A-Za-z0-9_.+#'/-]*"
)
_NOT_TEXT = frozenset({"true", "false", "null"})
# Text that reads back the same inside `[...]`: yamlio's rule for writing a list on one line.
FLOW_SAFE = re.compile(r"\w(?:[\w .+/()'#-]*[\w.+/()'#-])?")  # and no " #": a comment


def dump_entry(value: JournalEntry) -> str | None:
    """The YAML yamlio.dump writes for an entry's front matter (defaults left out), or None
    when a tag needs quoting (then yamlio writes it). Proven equal by tests/test_fast_reader.py;
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
