"""Reading a challenge's journals for progress and reports: plans and entry front matter."""

from __future__ import annotations

from dataclasses import dataclass, field

from copkit.errors import Problem
from copkit.model import Challenge, JournalEntry, Plan
from copkit.storage.workspace import Workspace


@dataclass
class JournalData:
    """Every member folder of journals/<challenge>/ that loads: plans and entries by day."""

    plans: dict[str, Plan] = field(default_factory=dict)
    entries: dict[str, dict[int, JournalEntry]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def participants(self) -> list[str]:
        """Members who joined and have not left, sorted."""
        return sorted(m for m, p in self.plans.items() if p.left is None)


def load_journals(
    ws: Workspace, challenge_id: str, challenge: Challenge, *, use_cache: bool = True
) -> JournalData:
    """Plans and valid entries of one challenge; bad files become problems, never exceptions.

    `use_cache` lets the .copkit/ cache answer for unchanged files (--no-cache turns it off).
    """
    data = JournalData()
    for member in ws.journal_members(challenge_id):
        plan_path = ws.plan_path(challenge_id, member)
        if plan_path.exists():
            loaded = ws.load_plan(challenge_id, member)
            data.problems += loaded.problems
            if loaded.value is not None and not loaded.errors:
                data.plans[member] = loaded.value
        days: dict[int, JournalEntry] = {}
        for day, path in ws.entry_files(challenge_id, member):
            if not 1 <= day <= challenge.length or path.is_symlink():
                continue
            entry = ws.load_entry(path)
            data.problems += entry.problems
            if entry.value is None or entry.errors:
                continue
            if entry.value.date != challenge.date_of(day):
                data.problems.append(
                    Problem(
                        entry.rel,
                        2,
                        1,
                        "error",
                        f"date {entry.value.date} does not match day {day} ({challenge.date_of(day)})",
                    )
                )
                continue
            days[day] = entry.value
        if days:
            data.entries[member] = days
    return data


def read_body(ws: Workspace, challenge_id: str, member: str, day: int, length: int) -> str | None:
    """The Markdown body of one entry, or None when it cannot be read."""
    loaded = ws.load_entry(ws.entry_path(challenge_id, member, day, length))
    return loaded.body
