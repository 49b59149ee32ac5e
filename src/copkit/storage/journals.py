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
import threading
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
from copkit.storage.workspace import ENTRY_RE, Workspace, entry_name

if TYPE_CHECKING:
    from copkit.storage.cache import Cache, Record

Kind = Literal["entry", "plan"]
BODY_MAX = 4096  # highlighted bodies up to this size ride in the cache, for report quotes
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
    """Reads the journal files under one folder of the workspace, the cheapest safe way.

    An unchanged file is answered by its cache record, a changed one is read and parsed by
    the canonical fast parser, anything else by the full loader. For each member folder:
    `begin` it, `read` the files wanted, `end` it with the names of every file it holds;
    `close` at the end records what was read and forgets what is gone.
    """

    def __init__(self, ws: Workspace, prefix: str, *, use_cache: bool = True) -> None:
        from copkit.storage.cache import RACY_NS, Cache, now_ns

        self.ws = ws
        self.settled = now_ns() - RACY_NS  # files older than this may be recorded
        self.cache: Cache | None = Cache.open(ws.root) if use_cache else None
        self.blobs = self.cache.folders(prefix) if self.cache else {}
        self.dirty: dict[str, bytes] = {}
        self.folder = ""
        self.cached: dict[str, Record] = {}
        self.fresh: dict[str, Record] = {}
        self.drop: set[str] = set()
        self.damaged = False

    def begin(self, folder: str) -> dict[str, Record]:
        """Start on a folder (relative, ending in '/'); its cached records by file name."""
        from copkit.storage.cache import decode_folder

        blob = self.blobs.pop(folder, None)
        self.folder = folder
        self.cached = {} if blob is None else decode_folder(blob)
        self.damaged = blob is not None and not self.cached
        self.fresh, self.drop = {}, set()
        return self.cached

    def read(
        self, kind: Kind, path: str, name: str, st: os.stat_result | None
    ) -> tuple[Any, list[Problem]]:
        """(value, problems) of one file of the folder, as the full loader would give them.

        `st` is the file's own stat (not through a link); None for a link or when unknown.
        """
        rel = self.folder + name
        rec = self.cached.get(name)
        if st is None or not stat.S_ISREG(st.st_mode) or st.st_size > MAX_FILE_BYTES:
            if rec is not None:
                self.drop.add(name)
            return self._full(kind, path)[:2]
        if rec is not None:
            if rec.size == st.st_size and rec.mtime_ns == st.st_mtime_ns:
                if rec.body is not None:
                    _bodies[path] = (rec.size, rec.mtime_ns, rec.body)
                problems = [Problem(rel, *p) for p in rec.problems] if rec.problems else []  # type: ignore[arg-type]
                return (rec.entry if kind == "entry" else rec.plan), problems
            self.drop.add(name)
        value, problems, body, steady = self._parse(kind, path, st.st_size)
        if self.cache is not None and steady and st.st_mtime_ns < self.settled:
            from copkit.storage.cache import Record

            if kind == "entry" and value is not None and value.highlight and body is not None:
                if len(body) <= BODY_MAX:
                    _bodies[path] = (st.st_size, st.st_mtime_ns, body)
                else:
                    body = None
            else:
                body = None
            self.fresh[name] = Record(
                name,
                st.st_size,
                st.st_mtime_ns,
                entry=value if kind == "entry" else None,
                plan=value if kind == "plan" else None,
                problems=[(p.line, p.col, p.severity, p.message) for p in problems] or None,
                body=body,
            )
        return value, problems

    def end(self, present: set[str]) -> None:
        """Finish the folder; `present` holds the name of every file in it now.

        Records of files not read this time (skipped days) are kept while their file exists.
        """
        gone = any(n not in present for n in self.cached)
        if not (self.fresh or self.drop or gone or self.damaged) or self.cache is None:
            return
        from copkit.storage.cache import encode_folder

        records = {n: r for n, r in self.cached.items() if n in present and n not in self.drop}
        records.update(self.fresh)
        self.dirty[self.folder] = encode_folder(records.values())

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

    def adopt(self, dirty: dict[str, bytes], folders: list[str]) -> None:
        """Take over what a helper process read: its rows to write, the folders it did."""
        for folder in folders:
            self.blobs.pop(folder, None)
        if self.cache is not None:
            self.dirty.update(dirty)

    def close(self) -> None:
        if self.cache is not None:
            self.cache.store(self.dirty, self.blobs)  # folders never begun are gone
            self.cache.close()
            self.cache = None


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


_BY_FD = os.scandir in os.supports_fd and hasattr(os, "O_DIRECTORY")
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
PARALLEL_MIN = 1000  # member folders from which other cores share the work (Linux/macOS)


def load_journals(
    ws: Workspace, challenge_id: str, challenge: Challenge, *, use_cache: bool = True
) -> JournalData:
    """Plans and valid entries of one challenge; bad files become problems, never exceptions.

    `use_cache` lets the .copkit/ cache answer for unchanged files (--no-cache turns it off).
    Above PARALLEL_MIN member folders, forked processes read contiguous shares of them; the
    result is the same, in the same order.
    """
    base = os.path.join(ws.root, "journals", challenge_id)
    folders = list(member_folders(base))
    if folders:  # refuses a folder that leads outside the root, as plan_path() does
        ws.journal_dir(challenge_id, folders[0].name)
    job = _Job(challenge_id, challenge)
    _bodies.clear()
    reader = JournalReader(ws, job.prefix, use_cache=use_cache)
    gc_was_on = gc.isenabled()
    gc.disable()  # ~150,000 small objects are made here; the collector would rescan them all
    try:
        shares = _shares(folders)
        helpers = [_Helper.start(job, reader, share) for share in shares[1:]]
        data = job.load(reader, shares[0] if shares else [])
        for helper, share in zip(helpers, shares[1:], strict=True):
            part = helper.result()
            if part is None:  # the helper failed: do its share here
                got = job.load(reader, share)
            else:
                reader.adopt(part.dirty, [f"{job.prefix}{f.name}/" for f in share])
                _bodies.update(part.bodies)
                got = JournalData(
                    part.plans,
                    part.entries,
                    [Problem(*p) for p in part.problems],  # type: ignore[arg-type]
                )
            data.plans.update(got.plans)
            data.entries.update(got.entries)
            data.problems += got.problems
    finally:
        if gc_was_on:
            gc.enable()
        reader.close()
    return data


class _Job:
    """What reading one challenge's member folders needs, shared with the helpers."""

    def __init__(self, challenge_id: str, challenge: Challenge) -> None:
        self.prefix = f"journals/{challenge_id}/"
        self.length = length = challenge.length
        self.names = {entry_name(d, length): d for d in range(1, length + 1)}
        self.calendar = challenge.calendar
        self.dates = [challenge.start, *self.calendar.dates]  # by day number; [0] is unused

    def load(self, reader: JournalReader, folders: list[os.DirEntry[str]]) -> JournalData:
        data = JournalData()
        for mdir in folders:
            self._folder(reader, mdir, data)
        return data

    def _folder(self, reader: JournalReader, mdir: os.DirEntry[str], data: JournalData) -> None:
        # Listed and stat-ed through a descriptor of the folder where the platform allows:
        # each stat then resolves one name instead of the whole path (a fifth of the walk).
        fd = os.open(mdir.path, _DIR_FLAGS) if _BY_FD else None
        try:
            self._files(reader, mdir, fd, data)
        finally:
            if fd is not None:
                os.close(fd)

    def _files(
        self, reader: JournalReader, mdir: os.DirEntry[str], fd: int | None, data: JournalData
    ) -> None:
        member = mdir.name
        rel_m = f"{self.prefix}{member}/"
        here = mdir.path + os.sep
        length, names, dates = self.length, self.names, self.dates
        cached = reader.begin(rel_m)
        present: set[str] = set()
        plan_entry: os.DirEntry[str] | None = None
        slots: list[os.DirEntry[str] | None] = [None] * (length + 1)
        odd: list[tuple[int, str, os.DirEntry[str]]] = []  # day-7.md, day-99.md ...
        for f in os.scandir(mdir.path if fd is None else fd):
            name = f.name
            present.add(name)
            day = names.get(name)
            if day is not None:
                slots[day] = f
            elif name == "plan.md":
                plan_entry = f
            elif m := ENTRY_RE.match(name):
                odd.append((int(m.group(1)), name, f))
        if plan_entry is not None and (
            not plan_entry.is_symlink() or os.path.exists(here + "plan.md")
        ):  # a dangling link counts as no plan
            plan, problems = reader.read("plan", here + "plan.md", "plan.md", _own_stat(plan_entry))
            data.problems += problems
            if plan is not None and not any(p.severity == "error" for p in problems):
                data.plans[member] = plan
        if odd:  # the full rule: every day-N.md in (day, name) order, the last one wins
            odd += [(d, f.name, f) for d, f in enumerate(slots) if f is not None]
            odd.sort(key=lambda t: (t[0], t[1]))
            found = [(d, f) for d, _, f in odd]
        else:
            found = [(d, f) for d, f in enumerate(slots) if f is not None]
        days: dict[int, JournalEntry] = {}
        for day, f in found:
            if not 1 <= day <= length:
                continue
            if f.is_symlink():  # journals are plain files; `check` says the same
                data.problems.append(
                    Problem(
                        rel_m + f.name,
                        0,
                        0,
                        "error",
                        "is a symbolic link; journals must be plain files",
                    )
                )
                continue
            try:
                st: os.stat_result | None = f.stat(follow_symlinks=False)
            except OSError:
                st = None
            rec = cached.get(f.name)
            if (
                rec is not None
                and st is not None
                and rec.size == st.st_size
                and rec.mtime_ns == st.st_mtime_ns
                and rec.entry is not None
                and rec.problems is None
                and stat.S_ISREG(st.st_mode)
            ):  # unchanged and clean, the common case: kept inline
                entry: JournalEntry = rec.entry
                if rec.body is not None:
                    _bodies[here + f.name] = (rec.size, rec.mtime_ns, rec.body)
            else:
                value, problems = reader.read("entry", here + f.name, f.name, st)
                if problems:
                    data.problems += problems
                    if any(p.severity == "error" for p in problems):
                        continue
                if value is None:
                    continue
                entry = value
            if entry.date != dates[day]:
                data.problems.append(
                    Problem(
                        rel_m + f.name,
                        2,
                        1,
                        "error",
                        self.calendar.mismatch(day, entry.date) or "",
                    )
                )
                continue
            days[day] = entry
        if days:
            data.entries[member] = days
        reader.end(present)


def _shares(folders: list[os.DirEntry[str]]) -> list[list[os.DirEntry[str]]]:
    """Contiguous shares of the folders, one per process that will read them (first: ours)."""
    workers = 1
    if len(folders) >= PARALLEL_MIN and hasattr(os, "fork") and threading.active_count() == 1:
        try:
            cpus = len(os.sched_getaffinity(0))
        except AttributeError:
            cpus = os.cpu_count() or 1
        workers = max(1, min(cpus, 4, _idle_cpus(cpus)))
    if not folders:
        return [[]]
    size = -(-len(folders) // workers)
    return [folders[i : i + size] for i in range(0, len(folders), size)]


def _idle_cpus(cpus: int) -> int:
    """Cores with nothing runnable on them now, ours included: a helper on a busy core only
    waits its turn (Linux's count of runnable tasks; elsewhere every core counts as idle)."""
    try:
        with open("/proc/loadavg", encoding="ascii") as f:
            runnable = int(f.read().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return cpus
    return cpus - max(runnable - 1, 0)


class _Part(msgspec.Struct, array_like=True):
    """What a helper process sends back: its share of JournalData, in order."""

    plans: dict[str, Plan]
    entries: dict[str, dict[int, JournalEntry]]
    problems: list[tuple[str, int, int, str, str]]
    dirty: dict[str, bytes]  # cache rows to write (the parent is the only writer)
    bodies: dict[str, tuple[int, int, str]]


class _Helper:
    """A forked process reading one share of the folders; it never touches SQLite."""

    def __init__(self, pid: int, fd: int) -> None:
        self.pid, self.fd = pid, fd

    @classmethod
    def start(cls, job: _Job, reader: JournalReader, share: list[os.DirEntry[str]]) -> _Helper:
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the helper: read, send, and leave without running any cleanup
            code = 1
            try:
                os.close(r)
                reader.dirty = {}
                _bodies.clear()
                part = job.load(reader, share)
                payload = msgspec.msgpack.encode(
                    _Part(
                        part.plans,
                        part.entries,
                        [(p.path, p.line, p.col, p.severity, p.message) for p in part.problems],
                        reader.dirty,
                        _bodies,
                    )
                )
                view = memoryview(payload)
                while view:
                    view = view[os.write(w, view) :]
                code = 0
            finally:
                os._exit(code)
        os.close(w)
        return cls(pid, r)

    def result(self) -> _Part | None:
        """The helper's share, or None when it failed (the caller then reads it itself)."""
        chunks = []
        try:
            while chunk := os.read(self.fd, 1 << 20):
                chunks.append(chunk)
        finally:
            os.close(self.fd)
            _, status = os.waitpid(self.pid, 0)
        if status != 0:
            return None
        try:
            return msgspec.msgpack.decode(b"".join(chunks), type=_Part)
        except (msgspec.DecodeError, msgspec.ValidationError):
            return None


def read_plan(ws: Workspace, challenge_id: str, member: str) -> Plan | None:
    """A participant's plan, None when they have not joined; CopkitError when it is broken.

    A plan in copkit's own form is read without ruamel (`journal add` runs daily).
    """
    path = ws.plan_path(challenge_id, member)
    if not path.exists():
        return None
    try:
        st = path.lstat()
        if stat.S_ISREG(st.st_mode) and st.st_size <= MAX_FILE_BYTES:
            raw = fastfm.read_bytes(str(path), st.st_size)
            fast = fastfm.plan(raw.decode("utf-8")) if raw is not None else None
            if fast is not None:
                return fast[0]
    except (OSError, UnicodeDecodeError):
        pass
    return ws.load_plan(challenge_id, member).require()


def read_body(ws: Workspace, challenge_id: str, member: str, day: int, length: int) -> str | None:
    """The Markdown body of one entry, or None when it cannot be read.

    The body of a highlighted entry that load_journals just met unchanged comes from memory
    (a stat, no open); any other is read from its file.
    """
    walked = os.path.join(ws.root, "journals", challenge_id, member, entry_name(day, length))
    known = _bodies.get(walked)
    if known is not None:
        try:
            st = os.stat(walked, follow_symlinks=False)
        except OSError:
            st = None
        if st is not None and (st.st_size, st.st_mtime_ns) == known[:2]:
            return known[2]
    path = ws.entry_path(challenge_id, member, day, length)
    text, _ = read_text(path, ws.rel(path))
    if text is None:
        return None
    parts = frontmatter.split(text)
    return parts.body if parts.front is not None and parts.closed else None


# ---- private words (SPEC 7.2) ----------------------------------------------------------------

# Written inside every private/ folder: git then ignores the folder's files (this one too)
# even in a clone whose root .gitignore lacks `journals/**/private/`.
_PRIVATE_GITIGNORE = "# copkit: private journal words stay in this checkout; never commit them\n*\n"


def read_private_words(
    ws: Workspace, challenge_id: str, member: str, day: int, length: int
) -> str | None:
    """The words of a private entry when they are in this checkout, else None."""
    path = ws.private_entry_path(challenge_id, member, day, length)
    if not path.is_file() or path.is_symlink():
        return None
    text, _ = read_text(path, ws.rel(path))
    return text


def entry_files_present(
    ws: Workspace, challenge_id: str, member: str, day: int, length: int
) -> list[str]:
    """The files of one day that exist, shared first then private (paths relative to the root):
    what `journal add` must not replace without --force."""
    shared = ws.entry_path(challenge_id, member, day, length)
    private = ws.private_entry_path(challenge_id, member, day, length)
    return [ws.rel(p) for p in (shared, private) if p.exists() or p.is_symlink()]


def save_entry(
    ws: Workspace,
    challenge_id: str,
    member: str,
    day: int,
    length: int,
    entry: JournalEntry,
    words: str,
    *,
    force: bool = False,
) -> None:
    """Write one day's entry where `entry.private` says, and nowhere else.

    Shared: day-NN.md holds the front matter and the words; a private copy is removed once the
    shared file is written. Private: private/day-NN.md holds the words (plain Markdown) and
    day-NN.md the front matter with `private: true` and no body; the words are written first,
    and put back as they were if the shared file cannot be written. So moving an entry either
    way never loses its words and leaves no copy in the other place.
    """
    shared = ws.entry_path(challenge_id, member, day, length)
    private = ws.private_entry_path(challenge_id, member, day, length)
    if not entry.private:
        ws.write_markdown(shared, entry, words, force=force)
        if private.exists() or private.is_symlink():
            private.unlink()
        return
    from copkit.storage.atomic import write_atomic

    folder = private.parent
    folder.mkdir(mode=0o700, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        write_atomic(ignore, _PRIVATE_GITIGNORE, display=ws.rel(ignore))
    before = read_private_words(ws, challenge_id, member, day, length)
    text = words if words.endswith("\n") or not words else words + "\n"
    write_atomic(private, text, overwrite=force, display=ws.rel(private))
    try:
        ws.write_markdown(shared, entry, "", force=force)
    except BaseException:
        if before is None:
            private.unlink(missing_ok=True)
        else:
            write_atomic(private, before, overwrite=True, display=ws.rel(private))
        raise


def has_shared_words(path: str, entry: JournalEntry) -> bool:
    """True when the shared day-NN.md of a private entry holds words after its front matter
    (written there by hand: git would commit them). A file of the canonical size has none,
    so the common case costs one stat."""
    front = fastfm.dump_entry(entry)
    try:
        st = os.lstat(path)
        if front is not None and st.st_size == len(f"---\n{front}---\n".encode()):
            return False
        raw = fastfm.read_bytes(path, st.st_size) if stat.S_ISREG(st.st_mode) else None
        text = "" if raw is None else raw.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return bool(frontmatter.split(text).body.strip())
