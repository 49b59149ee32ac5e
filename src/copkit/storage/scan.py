"""Loading a whole workspace for `check` and reports: every file, with its problems as data."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from copkit.errors import Problem
from copkit.model import Challenge, Charter, Config, JournalEntry, Member, Plan
from copkit.model.ids import is_slug, suggest_slug
from copkit.storage.documents import Loaded
from copkit.storage.workspace import CONFIG, ENTRY_RE, Workspace, entry_name


@dataclass
class MemberJournal:
    """One member's folder in journals/<challenge>/: their plan and entries by day."""

    member: str
    plan: Loaded[Plan] | None = None
    entries: dict[int, Loaded[JournalEntry]] = field(default_factory=dict)


@dataclass
class Snapshot:
    root_problems: list[Problem] = field(default_factory=list)
    config: Loaded[Config] | None = None
    members: dict[str, Loaded[Member]] = field(default_factory=dict)
    charters: dict[str, Loaded[Charter]] = field(default_factory=dict)
    challenges: dict[str, Loaded[Challenge]] = field(default_factory=dict)
    journals: dict[str, dict[str, MemberJournal]] = field(default_factory=dict)

    def problems(self) -> list[Problem]:
        out = list(self.root_problems)
        loaded: list[Loaded[object] | None] = [self.config]
        loaded += [*self.members.values(), *self.charters.values(), *self.challenges.values()]
        for by_member in self.journals.values():
            for mj in by_member.values():
                loaded.append(mj.plan)  # type: ignore[arg-type]
                loaded += mj.entries.values()  # type: ignore[arg-type]
        for item in loaded:
            if item is not None:
                out += item.problems
        return out


def _scan_ids(ws: Workspace, folder: str, snap: Snapshot) -> list[str]:
    d = ws.root / folder
    ids: list[str] = []
    if not d.exists():
        return ids
    if not d.is_dir():
        snap.root_problems.append(Problem(folder, 0, 0, "error", f"{folder} should be a folder"))
        return ids
    for e in sorted(os.scandir(d), key=lambda e: e.name):
        if e.name.startswith("."):
            continue
        rel = f"{folder}/{e.name}"
        stem, dot, ext = e.name.rpartition(".")
        if not dot or ext not in ("yaml", "yml"):
            snap.root_problems.append(
                Problem(
                    rel,
                    0,
                    0,
                    "warning",
                    f"unexpected file in {folder}/; copkit reads only <id>.yaml there",
                )
            )
        elif ext == "yml":
            snap.root_problems.append(
                Problem(rel, 0, 0, "error", f"copkit reads .yaml files; rename it to {stem}.yaml")
            )
        elif not is_slug(stem):
            snap.root_problems.append(
                Problem(
                    rel,
                    0,
                    0,
                    "error",
                    f"{stem!r} is not a valid id; rename the file to {suggest_slug(stem)}.yaml",
                )
            )
        else:
            ids.append(stem)
    return ids


def scan(ws: Workspace, *, journals: bool = True) -> Snapshot:
    """Load every file of the workspace; nothing here raises for a bad file."""
    snap = Snapshot()
    snap.config = ws.load_config()
    for m in _scan_ids(ws, "members", snap):
        snap.members[m] = ws.load_member(m)
    for c in _scan_ids(ws, "charters", snap):
        snap.charters[c] = ws.load_charter(c)
    for c in _scan_ids(ws, "challenges", snap):
        snap.challenges[c] = ws.load_challenge(c)
    if journals:
        _scan_journals(ws, snap)
    return snap


def _scan_journals(ws: Workspace, snap: Snapshot) -> None:
    base = ws.root / "journals"
    if not base.is_dir():
        return
    for ch in sorted(os.scandir(base), key=lambda e: e.name):
        if ch.name.startswith("."):
            continue
        rel_ch = f"journals/{ch.name}"
        if not ch.is_dir(follow_symlinks=False):
            snap.root_problems.append(
                Problem(
                    rel_ch,
                    0,
                    0,
                    "warning",
                    "unexpected file in journals/; journals live in journals/<challenge>/<member>/",
                )
            )
            continue
        if ch.name not in snap.challenges:
            snap.root_problems.append(
                Problem(
                    rel_ch,
                    0,
                    0,
                    "error",
                    f"journals for an unknown challenge {ch.name!r}; there is no challenges/{ch.name}.yaml",
                )
            )
            continue
        challenge = snap.challenges[ch.name].value
        length = challenge.length if challenge else 0
        by_member: dict[str, MemberJournal] = {}
        for mdir in sorted(os.scandir(ch.path), key=lambda e: e.name):
            if mdir.name.startswith("."):
                continue
            rel_m = f"{rel_ch}/{mdir.name}"
            if not mdir.is_dir(follow_symlinks=False):
                snap.root_problems.append(
                    Problem(
                        rel_m, 0, 0, "warning", "unexpected file; each member has a folder here"
                    )
                )
                continue
            if not is_slug(mdir.name):
                snap.root_problems.append(
                    Problem(
                        rel_m,
                        0,
                        0,
                        "error",
                        f"{mdir.name!r} is not a valid member id; rename the folder to {suggest_slug(mdir.name)}",
                    )
                )
                continue
            mj = MemberJournal(mdir.name)
            for f in sorted(os.scandir(mdir.path), key=lambda e: e.name):
                if f.name.startswith("."):
                    continue
                rel_f = f"{rel_m}/{f.name}"
                if f.is_symlink():
                    snap.root_problems.append(
                        Problem(
                            rel_f, 0, 0, "error", "is a symbolic link; journals must be plain files"
                        )
                    )
                    continue
                if f.name == "plan.md":
                    mj.plan = ws.load_plan(ch.name, mdir.name)
                    continue
                m = ENTRY_RE.match(f.name)
                if not m:
                    snap.root_problems.append(
                        Problem(
                            rel_f,
                            0,
                            0,
                            "warning",
                            "unexpected file; journal entries are named day-NN.md",
                        )
                    )
                    continue
                day = int(m.group(1))
                loaded = ws.load_entry(ws.root / rel_f)
                if length and f.name != entry_name(day, length) and 1 <= day <= length:
                    loaded.problems.append(
                        Problem(
                            rel_f,
                            0,
                            0,
                            "error",
                            f"misnamed entry; rename it to {entry_name(day, length)}",
                        )
                    )
                mj.entries[day] = loaded
            by_member[mdir.name] = mj
        snap.journals[ch.name] = by_member


def config_problem_missing(ws: Workspace) -> Problem:
    return Problem(CONFIG, 0, 0, "error", "missing")
