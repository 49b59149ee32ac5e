"""Loading a whole workspace for `check` and reports: every file, with its problems as data."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from copkit.errors import Problem
from copkit.model import Challenge, Charter, Config, JournalEntry, Member, Plan, SignUp, Template
from copkit.model.ids import is_slug, not_slug_reason, suggest_slug
from copkit.storage.documents import Loaded
from copkit.storage.fastfm import read_member
from copkit.storage.workspace import CONFIG, ENTRY_RE, PRIVATE, VOLUNTEERS, Workspace, entry_name

if TYPE_CHECKING:
    from copkit.storage.journals import JournalReader, Kind


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
    templates: dict[str, Loaded[Template]] = field(default_factory=dict)  # the community's sets
    # charters/<charter>/volunteers/<member>.yaml, by charter then member
    signups: dict[str, dict[str, Loaded[SignUp]]] = field(default_factory=dict)
    journals: dict[str, dict[str, MemberJournal]] = field(default_factory=dict)

    def problems(self) -> list[Problem]:
        out = list(self.root_problems)
        files: list[Sequence[Problem]] = [self.config.problems if self.config else []]
        for group in (self.members, self.charters, self.challenges, self.templates):
            files += [loaded.problems for loaded in group.values()]
        for signups in self.signups.values():
            files += [loaded.problems for loaded in signups.values()]
        for by_member in self.journals.values():
            for mj in by_member.values():
                if mj.plan is not None:
                    files.append(mj.plan.problems)
                files += [entry.problems for entry in mj.entries.values()]
        for problems in files:
            out += problems
        return out


def _scan_ids(
    ws: Workspace, folder: str, snap: Snapshot, dirs: list[str] | None = None
) -> list[str]:
    """The ids of the <id>.yaml files of `folder`; folders named like ids go to `dirs` when
    it is given (charters/<charter>/ holds its volunteers' sign-ups), else are unexpected."""
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
        if dirs is not None and e.is_dir(follow_symlinks=False) and is_slug(e.name):
            dirs.append(e.name)
            continue
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
                    f"{stem!r} {not_slug_reason(stem)}; rename the file to "
                    f"{suggest_slug(stem)}.yaml",
                )
            )
        else:
            ids.append(stem)
    return ids


def scan(ws: Workspace, *, journals: bool = True, use_cache: bool = True) -> Snapshot:
    """Load every file of the workspace; nothing here raises for a bad file.

    Journal files come through the .copkit/ cache unless `use_cache` is False.
    """
    snap = Snapshot()
    snap.config = ws.load_config()
    fast_members = not os.path.islink(ws.root / "members")
    for m in _scan_ids(ws, "members", snap):
        # a canonical member file needs no ruamel document: check points into it only for
        # problems of its own, which the full loader finds
        value = read_member(os.path.join(ws.root, "members", f"{m}.yaml")) if fast_members else None
        snap.members[m] = (
            Loaded(f"members/{m}.yaml", value=value) if value is not None else ws.load_member(m)
        )
    signup_dirs: list[str] = []
    for c in _scan_ids(ws, "charters", snap, signup_dirs):
        snap.charters[c] = ws.load_charter(c)
    for c in signup_dirs:
        _scan_signups(ws, snap, c)
    for c in _scan_ids(ws, "challenges", snap):
        snap.challenges[c] = ws.load_challenge(c)
    for t in _scan_ids(ws, "templates", snap):
        snap.templates[t] = ws.load_template(t)
    if journals:
        _scan_journals(ws, snap, use_cache=use_cache)
    return snap


def scan_templates(ws: Workspace) -> Snapshot:
    """Only the community's sets (templates/), for `copkit template check`."""
    snap = Snapshot()
    for t in _scan_ids(ws, "templates", snap):
        snap.templates[t] = ws.load_template(t)
    return snap


def _scan_signups(ws: Workspace, snap: Snapshot, cid: str) -> None:
    """charters/<cid>/: only volunteers/<member>.yaml files belong there."""
    base = f"charters/{cid}"
    if cid not in snap.charters:
        snap.root_problems.append(
            Problem(
                base,
                0,
                0,
                "error",
                f"sign-ups for an unknown charter: there is no charters/{cid}.yaml; "
                f"to fix: git rm -r {base}",
            )
        )
    for e in sorted(os.scandir(ws.root / base), key=lambda e: e.name):
        if e.name.startswith(".") or (e.name == VOLUNTEERS and e.is_dir(follow_symlinks=False)):
            continue
        snap.root_problems.append(
            Problem(
                f"{base}/{e.name}",
                0,
                0,
                "warning",
                f"unexpected file in {base}/; it holds only {VOLUNTEERS}/<member>.yaml sign-ups",
            )
        )
    if not (ws.root / base / VOLUNTEERS).is_dir():
        return
    members = _scan_ids(ws, f"{base}/{VOLUNTEERS}", snap)
    if members:
        snap.signups[cid] = {m: ws.load_signup(cid, m) for m in members}


def _scan_journals(ws: Workspace, snap: Snapshot, *, use_cache: bool = True) -> None:
    """Every journal file with its problems, read through the cache and the fast parser."""
    from copkit.storage.journals import JournalReader

    base = ws.root / "journals"
    if not base.is_dir():
        return
    reader = JournalReader(ws, "journals/", use_cache=use_cache)
    try:
        for ch in sorted(os.scandir(base), key=lambda e: e.name):
            _scan_challenge_journals(ws, snap, reader, ch)
    finally:
        reader.close()


def _scan_challenge_journals(
    ws: Workspace, snap: Snapshot, reader: JournalReader, ch: os.DirEntry[str]
) -> None:
    if ch.name.startswith("."):
        return
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
        return
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
        return
    challenge = snap.challenges[ch.name].value
    length = challenge.length if challenge else 0
    by_member: dict[str, MemberJournal] = {}
    for mdir in sorted(os.scandir(ch.path), key=lambda e: e.name):
        if mdir.name.startswith("."):
            continue
        rel_m = f"{rel_ch}/{mdir.name}"
        if not mdir.is_dir(follow_symlinks=False):
            snap.root_problems.append(
                Problem(rel_m, 0, 0, "warning", "unexpected file; each member has a folder here")
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
        reader.begin(f"{rel_m}/")
        listing = sorted(os.scandir(mdir.path), key=lambda e: e.name)
        for f in listing:
            if f.name.startswith(".") or (f.name == PRIVATE and f.is_dir(follow_symlinks=False)):
                continue  # private/ holds words only, in the author's checkout: not shared data
            rel_f = f"{rel_m}/{f.name}"
            if f.is_symlink():
                snap.root_problems.append(
                    Problem(
                        rel_f, 0, 0, "error", "is a symbolic link; journals must be plain files"
                    )
                )
                continue
            if f.name == "plan.md":
                mj.plan = _read(ws, reader, "plan", f, rel_f)
                plan = mj.plan.value
                if plan and plan.left and plan.joined and plan.left < plan.joined:
                    mj.plan = ws.load_plan(ch.name, mdir.name)  # check points at `left:`
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
            loaded = _read(ws, reader, "entry", f, rel_f)
            value = loaded.value
            if challenge and value and 1 <= day <= length and value.date != challenge.date_of(day):
                loaded = ws.load_entry(ws.root / rel_f)  # check points at `date:`
            elif value and value.private and value.highlight:
                loaded = ws.load_entry(ws.root / rel_f)  # check points at `highlight:`
            if value and value.private:
                _private_words_check(loaded, f.path, value, ch.name, mdir.name, day)
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
        reader.end({f.name for f in listing})
        by_member[mdir.name] = mj
    snap.journals[ch.name] = by_member


def _private_words_check(
    loaded: Loaded[JournalEntry],
    path: str,
    value: JournalEntry,
    challenge: str,
    member: str,
    day: int,
) -> None:
    """A private entry's shared file must hold no words: git would push them."""
    from copkit.storage.journals import has_shared_words

    if has_shared_words(path, value):
        loaded.problems.append(
            Problem(
                loaded.rel,
                0,
                0,
                "error",
                "a private entry with words in its shared file, which git commits; move them "
                f"to private/: copkit journal add {challenge} --as {member} --day {day} "
                "--private --force",
            )
        )


def _read(
    ws: Workspace, reader: JournalReader, kind: Kind, f: os.DirEntry[str], rel: str
) -> Loaded[Any]:
    """One journal file as the full loader reads it, without the ruamel document (cross-file
    rules that point into a file load it again in full)."""
    try:
        st: os.stat_result | None = f.stat(follow_symlinks=False)
    except OSError:
        st = None
    value, problems = reader.read(kind, f.path, f.name, st)
    return Loaded(rel, value=value, problems=list(problems))


def config_problem_missing(ws: Workspace) -> Problem:
    return Problem(CONFIG, 0, 0, "error", "missing")
