"""The whole workspace read at once for `copkit check`: every file, its problems as data."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from copkit.errors import Problem
from copkit.model import Challenge, Charter, Config, Member, SignUp, Template
from copkit.model.ids import is_slug, not_slug_reason, suggest_slug
from copkit.model.rules import member_rules
from copkit.storage.documents import Loaded, located
from copkit.storage.fast_reader import read_member
from copkit.storage.scratch import CACHE, cache_problem, leftover
from copkit.storage.workspace import VOLUNTEERS, Workspace

if TYPE_CHECKING:
    from copkit.storage.journals import JournalData


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
    journals: dict[str, JournalData] = field(default_factory=dict)  # by challenge id
    ws: Workspace | None = None

    def member_located(self, member: str) -> Loaded[Member]:
        """The member's file with its ruamel document, for a cross-file rule that points into
        it (the fast reader keeps no positions)."""
        loaded = self.members[member]
        if loaded.doc is None and self.ws is not None and loaded.value is not None:
            loaded = self.ws.load_member(member)
        return loaded

    def problems(self) -> list[Problem]:
        out = list(self.root_problems)
        files: list[Sequence[Problem]] = [self.config.problems if self.config else []]
        for group in (self.members, self.charters, self.challenges, self.templates):
            files += [loaded.problems for loaded in group.values()]
        for signups in self.signups.values():
            files += [loaded.problems for loaded in signups.values()]
        files += [data.problems for data in self.journals.values()]
        for problems in files:
            out += problems
        return out

    def files(self) -> int:
        """How many files were read: copkit.yaml, members, charters, challenges, sets,
        sign-ups, journals."""
        count = 1 + len(self.members) + len(self.charters) + len(self.challenges)
        count += len(self.templates) + sum(len(s) for s in self.signups.values())
        return count + sum(data.files for data in self.journals.values())


def _ids(ws: Workspace, folder: str, snap: Snapshot, dirs: list[str] | None = None) -> list[str]:
    """The ids of the <id>.yaml files of `folder`; folders named like ids go to `dirs` when
    it is given (charters/<charter>/ holds its volunteers' sign-ups), else are unexpected."""
    d = ws.root / folder
    ids: list[str] = []
    if (why := ws.outside(d)) is not None:  # never list or read through a link out of the root
        snap.root_problems.append(Problem(folder, 0, 0, "error", why.removeprefix(f"{folder} ")))
        return ids
    if not d.exists():
        return ids
    if not d.is_dir():
        snap.root_problems.append(Problem(folder, 0, 0, "error", f"{folder} should be a folder"))
        return ids
    for e in sorted(os.scandir(d), key=lambda e: e.name):
        if e.name.startswith("."):
            if (left := leftover(f"{folder}/{e.name}")) is not None:
                snap.root_problems.append(left)
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


def load_snapshot(ws: Workspace, *, journals: bool = True, use_cache: bool = True) -> Snapshot:
    """Load every file of the workspace; nothing here raises for a bad file.

    Journals are read by the same walk as every reading command (storage/journals.py),
    through the .copkit/ cache and the fast reader unless `use_cache` is False.
    """
    snap = Snapshot(ws=ws)
    snap.config = ws.load_config()
    if (why := cache_problem(ws.root)) is not None:
        snap.root_problems.append(Problem(CACHE, 0, 0, "warning", why))
    for e in os.scandir(ws.root):  # copkit.yaml's and .gitignore's temporary files
        if e.name.startswith(".") and (left := leftover(e.name)) is not None:
            snap.root_problems.append(left)
    fast_members = use_cache and not os.path.islink(ws.root / "members")
    for m in _ids(ws, "members", snap):
        # a member file the fast reader takes needs no ruamel document: check points into it
        # only for problems of its own, which the full loader finds (or member_located)
        value = read_member(os.path.join(ws.root, "members", f"{m}.yaml")) if fast_members else None
        loaded = (
            Loaded(f"members/{m}.yaml", value=value) if value is not None else ws.load_member(m)
        )
        found = member_rules(v) if (v := loaded.value or loaded.partial) is not None else []
        if found:  # the member's own rules, pointing into the file
            if loaded.doc is None:
                loaded = ws.load_member(m)
            loaded.problems += [located(loaded, f) for f in found]
        snap.members[m] = loaded
    signup_dirs: list[str] = []
    for c in _ids(ws, "charters", snap, signup_dirs):
        snap.charters[c] = ws.load_charter(c)
    for c in signup_dirs:
        _scan_signups(ws, snap, c)
    for c in _ids(ws, "challenges", snap):
        snap.challenges[c] = ws.load_challenge(c)
    for t in _ids(ws, "templates", snap):
        snap.templates[t] = ws.load_template(t)
    if journals:
        from copkit.storage.journals import load_all_journals

        challenges = {cid: loaded.value for cid, loaded in snap.challenges.items()}
        snap.journals, problems = load_all_journals(ws, challenges, use_cache=use_cache)
        snap.root_problems += problems
    return snap


def scan_templates(ws: Workspace) -> Snapshot:
    """Only the community's sets (templates/), for `copkit template check`."""
    snap = Snapshot()
    for t in _ids(ws, "templates", snap):
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
    if not os.path.lexists(ws.root / base / VOLUNTEERS):
        return
    members = _ids(ws, f"{base}/{VOLUNTEERS}", snap)
    if members:
        snap.signups[cid] = {m: ws.load_signup(cid, m) for m in members}
