"""Reading a challenge's journals for progress and reports: plans and entry front matter.

Built for communities of thousands: one walk of journals/<challenge>/ with a stat per file;
an unchanged file is answered by the .copkit/ cache (storage/cache.py), a changed one is
read and parsed by the canonical fast parser (storage/fastfm.py), and only a file in another
form goes through the full ruamel loader. Results are the same whichever way a file is read.
"""

from __future__ import annotations

import gc
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import msgspec

from copkit.errors import Problem
from copkit.model import Challenge, JournalEntry, Plan
from copkit.model.ids import is_slug
from copkit.storage import fastfm, frontmatter
from copkit.storage.documents import MAX_FILE_BYTES, read_text
from copkit.storage.workspace import ENTRY_RE, Workspace

if TYPE_CHECKING:
    from copkit.storage.cache import Cache, NewRow, Row

Kind = Literal["entry", "plan"]
BODY_MAX = 4096  # highlighted bodies up to this size ride in the cache, for report quotes
_ENCODE = msgspec.msgpack.Encoder().encode
_DECODE: dict[str, Any] = {
    "entry": msgspec.msgpack.Decoder(JournalEntry).decode,
    "plan": msgspec.msgpack.Decoder(Plan).decode,
}
_PROBLEMS = msgspec.msgpack.Decoder(list[tuple[int, int, str, str]]).decode
_bodies: dict[str, tuple[int, int, str]] = {}  # abs path -> size, mtime_ns, body (read_body)


@dataclass
class JournalData:
    """Every member folder of journals/<challenge>/ that loads: plans and entries by day."""

    plans: dict[str, Plan] = field(default_factory=dict)
    entries: dict[str, dict[int, JournalEntry]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def participants(self) -> list[str]:
        """Members who joined and have not left, sorted."""
        return sorted(m for m, p in self.plans.items() if p.left is None)


class JournalReader:
    """Reads journal files under one folder: from the cache when unchanged, else from disk.

    Call `read` for each file met on the walk and `seen` for files skipped, then `close`
    once: it records what was read and forgets the rows of files that are gone.
    """

    def __init__(self, ws: Workspace, prefix: str, *, use_cache: bool = True) -> None:
        from copkit.storage.cache import Cache, now_ns

        self.ws = ws
        self.started = now_ns()
        self.cache: Cache | None = Cache.open(ws.root) if use_cache else None
        self.known: dict[str, Row] = self.cache.rows(prefix) if self.cache else {}
        self.fresh: list[NewRow] = []

    def seen(self, rel: str) -> None:
        self.known.pop(rel, None)

    def read(
        self, kind: Kind, path: str, rel: str, st: os.stat_result | None
    ) -> tuple[Any, list[Problem]]:
        """(value, problems) of one file, as the full loader would give them.

        `st` is the file's own stat (not through a link); None for a link or when unknown.
        """
        row = self.known.pop(rel, None)
        if st is None or not stat.S_ISREG(st.st_mode) or st.st_size > MAX_FILE_BYTES:
            return self._full(kind, path)[:2]
        if row is not None and row[0] == st.st_size and row[1] == st.st_mtime_ns:
            try:
                value = None if row[2] is None else _DECODE[kind](row[2])
                problems = [] if row[3] is None else [Problem(rel, *p) for p in _PROBLEMS(row[3])]  # type: ignore[arg-type]
            except (msgspec.DecodeError, msgspec.ValidationError, TypeError):
                pass  # a damaged row: read the file instead
            else:
                if row[4] is not None:
                    _bodies[path] = (st.st_size, st.st_mtime_ns, row[4])
                return value, problems
        value, problems, body, steady = self._parse(kind, path, st.st_size)
        if self.cache is not None and steady and st.st_mtime_ns < self.started - _racy_ns():
            keep = (
                body
                if kind == "entry" and value is not None and value.highlight and body is not None
                else None
            )
            if keep is not None and len(keep) <= BODY_MAX:
                _bodies[path] = (st.st_size, st.st_mtime_ns, keep)
            else:
                keep = None
            self.fresh.append(
                (
                    rel,
                    st.st_size,
                    st.st_mtime_ns,
                    None if value is None else _ENCODE(value),
                    _ENCODE([(p.line, p.col, p.severity, p.message) for p in problems])
                    if problems
                    else None,
                    keep,
                )
            )
        return value, problems

    def _parse(
        self, kind: Kind, path: str, size: int
    ) -> tuple[Any, list[Problem], str | None, bool]:
        """(value, problems, body, steady): steady is False when the file changed meanwhile."""
        raw = None
        try:
            raw = fastfm.read_bytes(path, size)
            text = "" if raw is None else raw.decode("utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        fast = fastfm.entry(text) if kind == "entry" else fastfm.plan(text)
        if fast is not None:
            return fast[0], [], text[fast[1] :], True
        value, problems, body = self._full(kind, path)
        return value, problems, body, raw is not None

    def _full(self, kind: Kind, path: str) -> tuple[Any, list[Problem], str | None]:
        p = Path(path)
        loaded = self.ws.load_entry(p) if kind == "entry" else self.ws.load_plan(*p.parts[-3:-1])
        return loaded.value, loaded.problems, loaded.body

    def close(self) -> None:
        if self.cache is not None:
            self.cache.store(self.fresh, self.known)
            self.cache.close()
            self.cache = None


def _racy_ns() -> int:
    from copkit.storage.cache import RACY_NS

    return RACY_NS


def member_folders(folder: str) -> Iterator[os.DirEntry[str]]:
    """The member folders of journals/<challenge>/ (real folders named like ids), sorted."""
    try:
        found = [
            e for e in os.scandir(folder) if e.is_dir(follow_symlinks=False) and is_slug(e.name)
        ]
    except (FileNotFoundError, NotADirectoryError):
        return iter(())
    return iter(sorted(found, key=lambda e: e.name))


def _own_stat(e: os.DirEntry[str]) -> os.stat_result | None:
    try:
        return None if e.is_symlink() else e.stat(follow_symlinks=False)
    except OSError:
        return None


def load_journals(
    ws: Workspace, challenge_id: str, challenge: Challenge, *, use_cache: bool = True
) -> JournalData:
    """Plans and valid entries of one challenge; bad files become problems, never exceptions.

    `use_cache` lets the .copkit/ cache answer for unchanged files (--no-cache turns it off).
    """
    data = JournalData()
    prefix = f"journals/{challenge_id}/"
    base = os.path.join(ws.root, "journals", challenge_id)
    length = challenge.length
    _bodies.clear()
    reader = JournalReader(ws, prefix, use_cache=use_cache)
    gc_was_on = gc.isenabled()
    gc.disable()  # ~150,000 small objects are made here; the collector would rescan them all
    try:
        for i, mdir in enumerate(member_folders(base)):
            member = mdir.name
            if i == 0:  # refuses a folder that leads outside the root, as plan_path() does
                ws.journal_dir(challenge_id, member)
            rel_m = f"{prefix}{member}/"
            plan_entry: os.DirEntry[str] | None = None
            found: list[tuple[int, str, os.DirEntry[str]]] = []
            for f in os.scandir(mdir.path):
                name = f.name
                if name == "plan.md":
                    plan_entry = f
                    continue
                m = ENTRY_RE.match(name)
                if m is None:
                    reader.seen(rel_m + name)
                    continue
                found.append((int(m.group(1)), f.path, f))
            if plan_entry is not None:
                rel = rel_m + "plan.md"
                if plan_entry.is_symlink() and not os.path.exists(plan_entry.path):
                    reader.seen(rel)  # a dangling link: as if there were no plan
                else:
                    plan, problems = reader.read(
                        "plan", plan_entry.path, rel, _own_stat(plan_entry)
                    )
                    data.problems += problems
                    if plan is not None and not any(p.severity == "error" for p in problems):
                        data.plans[member] = plan
            days: dict[int, JournalEntry] = {}
            found.sort(key=lambda t: (t[0], t[1]))
            for day, path, f in found:
                rel = rel_m + f.name
                if not 1 <= day <= length or f.is_symlink():
                    reader.seen(rel)
                    continue
                entry, problems = reader.read("entry", path, rel, _own_stat(f))
                if problems:
                    data.problems += problems
                    if any(p.severity == "error" for p in problems):
                        continue
                if entry is None:
                    continue
                if entry.date != challenge.date_of(day):
                    data.problems.append(
                        Problem(
                            rel,
                            2,
                            1,
                            "error",
                            f"date {entry.date} does not match day {day} ({challenge.date_of(day)})",
                        )
                    )
                    continue
                days[day] = entry
            if days:
                data.entries[member] = days
    finally:
        if gc_was_on:
            gc.enable()
        reader.close()
    return data


def read_body(ws: Workspace, challenge_id: str, member: str, day: int, length: int) -> str | None:
    """The Markdown body of one entry, or None when it cannot be read."""
    path = ws.entry_path(challenge_id, member, day, length)
    known = _bodies.get(str(path))
    if known is not None:
        try:
            st = path.stat()
        except OSError:
            st = None
        if st is not None and (st.st_size, st.st_mtime_ns) == known[:2]:
            return known[2]
    text, _ = read_text(path, ws.rel(path))
    if text is None:
        return None
    parts = frontmatter.split(text)
    return parts.body if parts.front is not None and parts.closed else None
