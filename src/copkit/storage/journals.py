"""Reading journals: the one walk of journals/<challenge>/ that `check` and every reading
command share, with the rules about journal files that need their folder or their challenge
(links, names, days outside the challenge, dates that do not match their day).

Built for communities of thousands: one listing per member folder and a stat per file; an
unchanged file is answered by the .copkit/ cache (storage/cache.py), a changed one by the
fast reader (storage/fast_reader.py) when it can, anything else by the full ruamel loader.
A folder the cache knows nothing of (a first report) is listed and read in one pass, each
file stat-ed through its open descriptor (`_read_folder`). Results are the same whichever
way a file is read.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import operator
import os
import stat
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from copkit.errors import CopkitError, Problem
from copkit.model import Challenge, JournalEntry, Plan
from copkit.model.ids import is_slug, suggest_slug
from copkit.model.rules import Finding, entry_date_finding, plan_rules
from copkit.storage import fast_reader, fast_writer, frontmatter
from copkit.storage.documents import decode, located, read_text
from copkit.storage.limits import MAX_FILE_BYTES
from copkit.storage.scratch import leftover
from copkit.storage.workspace import ENTRY_RE, PRIVATE, Workspace, entry_name

if TYPE_CHECKING:
    from copkit.storage.cache import Cache, Record, Summary

Kind = Literal["entry", "plan"]


class Stat(Protocol):
    """What the walk asks of a file's stat."""

    @property
    def st_mode(self) -> int: ...
    @property
    def st_size(self) -> int: ...
    @property
    def st_mtime_ns(self) -> int: ...


class Entry(Protocol):
    """What the walk asks of a file of a member folder: an os.DirEntry, or a `_Listed` row."""

    @property
    def name(self) -> str: ...
    def is_symlink(self) -> bool: ...
    def is_dir(self, *, follow_symlinks: Literal[False]) -> bool: ...
    def stat(self, *, follow_symlinks: Literal[False]) -> Stat: ...


class _Listed:
    """A file of a member folder as `list_journals` listed it, from its listing row
    (name, mode, size, mtime_ns, links not followed): the walk of a folder its summary cannot
    answer for takes it instead of listing and stat-ing the folder a second time."""

    __slots__ = ("name", "st_mode", "st_mtime_ns", "st_size")

    def __init__(self, row: tuple[str, int, int, int]) -> None:
        self.name, self.st_mode, self.st_size, self.st_mtime_ns = row

    def is_symlink(self) -> bool:
        return stat.S_ISLNK(self.st_mode)

    def is_dir(self, *, follow_symlinks: Literal[False]) -> bool:
        return stat.S_ISDIR(self.st_mode)

    def stat(self, *, follow_symlinks: Literal[False]) -> _Listed:
        if self.st_mode < 0:  # gone, or not stat-able, when it was listed
            raise FileNotFoundError(self.name)
        return self


BODY_MAX = 4096  # highlighted bodies up to this size ride in the cache, for report quotes
_bodies: dict[str, tuple[int, int, str]] = {}  # abs path -> size, mtime_ns, body (read_body)


@dataclass
class JournalData:
    """Every member folder of journals/<challenge>/ that loads: plans and entries by day."""

    plans: dict[str, Plan] = field(default_factory=dict)
    entries: dict[str, dict[int, JournalEntry]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)  # every member folder, sorted
    files: int = 0  # journal files met
    # What they were read from: a digest of every name, mode, size and mtime_ns under
    # journals/<challenge>/, each folder listed before its files were read (`Listing.digest`);
    # None when a file had not settled, so nothing may be kept on it
    digest: bytes | None = field(default=None, compare=False)

    def participants(self) -> list[str]:
        """Members who joined and have not left, sorted."""
        return sorted(m for m, p in self.plans.items() if p.left is None)


class JournalReader:
    """Reads the journal files under one folder of the workspace, the cheapest safe way.

    An unchanged file is answered by its cache record, a changed one is read and parsed by
    the fast reader when it is sure, anything else by the full loader (`use_cache` False:
    no cache, no fast reader). For each member folder:
    `begin` it, ask for the `summary` of an unchanged folder, else `read` the files wanted
    and `end` it with the names of every file it holds (and its new summary); `close` at the
    end records what was read and forgets what is gone.
    """

    def __init__(self, ws: Workspace, prefix: str, *, use_cache: bool = True) -> None:
        from copkit.storage.cache import RACY_NS, Cache, Record, now_ns

        self.ws = ws
        self.settled = now_ns() - RACY_NS  # files older than this may be recorded
        self.cache: Cache | None = Cache.open(ws.root) if use_cache else None
        self.record = Record
        self.fast = use_cache and fast_reader.enabled()  # --no-cache: the full loader only
        self.blobs = self.cache.folders(prefix) if self.cache else {}
        self.dirty: dict[str, bytes] = {}
        self.folder = ""
        self.cached: dict[str, Record] = {}
        self.fresh: dict[str, Record] = {}
        self.drop: set[str] = set()
        self.damaged = False
        self.summaries: list[Summary] = []
        self.blob: bytes | None = None
        self.recorded = True  # every file read in this folder has its record

    def begin(self, folder: str) -> None:
        """Start on a folder (relative, ending in '/')."""
        from copkit.storage.cache import decode_summaries

        self.blob = blob = self.blobs.pop(folder, None)
        self.folder = folder
        self.summaries = [] if blob is None else decode_summaries(blob)
        self.cached = {}
        self.damaged = False
        self.fresh, self.drop = {}, set()
        self.recorded = True

    def records(self) -> dict[str, Record]:
        """The folder's cached records by file name (decoded when the summary cannot answer)."""
        from copkit.storage.cache import decode_folder

        if self.blob is not None:
            found = decode_folder(self.blob)
            self.cached = {} if found is None else found
            self.damaged = found is None
            self.blob = None
        return self.cached

    def new_folder(self) -> bool:
        """True when the cache holds nothing of the folder begun and the fast reader is on:
        every file the walk wants will be read, so the walk may read it with the listing
        (under --no-cache the full loader opens each file by path itself)."""
        return self.fast and self.blob is None and not self.cached

    def summary(self, context: bytes, listing: bytes) -> Summary | None:
        """What this folder gave the same walk when it had the same listing, or None."""
        for known in self.summaries:
            if known.listing == listing and known.context == context:
                return known
        return None

    def read(
        self,
        kind: Kind,
        path: str,
        name: str,
        st: Stat | None,
        raw: bytes | None = None,
    ) -> tuple[Any, list[Problem]]:
        """(value, problems) of one file of the folder, as the full loader would give them.

        `st` is the file's own stat (not through a link); None for a link or when unknown.
        `raw`, when given, is the file's whole content as it was when `st` was taken.
        """
        rec = self.cached.get(name)
        if st is None or not stat.S_ISREG(st.st_mode) or st.st_size > MAX_FILE_BYTES:
            if rec is not None:
                self.drop.add(name)
            self.recorded = False
            return self._full(kind, path)[:2]
        if rec is not None:
            if rec.size == st.st_size and rec.mtime_ns == st.st_mtime_ns:
                if rec.body is not None:
                    _bodies[path] = (rec.size, rec.mtime_ns, rec.body)
                problems = (
                    [Problem(self.folder + name, *p) for p in rec.problems]  # type: ignore[arg-type]
                    if rec.problems
                    else []
                )
                return (rec.entry if kind == "entry" else rec.plan), problems
            self.drop.add(name)
        value, problems, body, steady = self._parse(kind, path, st.st_size, raw)
        if self.cache is not None and steady and st.st_mtime_ns < self.settled:
            if body is not None:  # a highlighted entry's: reports quote it
                if len(body) <= BODY_MAX:
                    _bodies[path] = (st.st_size, st.st_mtime_ns, body)
                else:
                    body = None
            self.fresh[name] = self.record(
                name,
                st.st_size,
                st.st_mtime_ns,
                value if kind == "entry" else None,
                value if kind == "plan" else None,
                [(p.line, p.col, p.severity, p.message) for p in problems] if problems else None,
                body,
            )
        else:
            self.recorded = False
        return value, problems

    def end(self, present: set[str], summary: Summary | None = None) -> None:
        """Finish the folder; `present` holds the name of every file in it now, `summary`
        what the walk made of it (kept only when every file it read has its record).

        Records of files not read this time (skipped days) are kept while their file exists.
        """
        if self.cache is None:
            return
        gone = any(n not in present for n in self.cached)
        if summary is not None and not self.recorded:
            summary = None
        if not (self.fresh or self.drop or gone or self.damaged or summary is not None):
            return
        from copkit.storage.cache import encode_folder

        records = {n: r for n, r in self.cached.items() if n in present and n not in self.drop}
        records.update(self.fresh)
        # A row's summaries all describe the listing its records were written for: another
        # walk's summary is kept only when it saw the same listing.
        summaries = [] if summary is None else [summary]
        if summary is not None:
            summaries += [
                s
                for s in self.summaries
                if s.listing == summary.listing and s.context != summary.context
            ]
        try:
            self.dirty[self.folder] = encode_folder(records.values(), summaries)
        except UnicodeEncodeError:  # a problem's path with a name that is not UTF-8
            with contextlib.suppress(UnicodeEncodeError):  # the folder goes file by file
                self.dirty[self.folder] = encode_folder(records.values())

    def _parse(
        self, kind: Kind, path: str, size: int, raw: bytes | None
    ) -> tuple[Any, list[Problem], str | None, bool]:
        """(value, problems, body, steady): the body of a highlighted entry only (reports
        quote it); steady is False when the file changed meanwhile."""
        try:
            if raw is None:
                raw = fast_reader.read_bytes(path, size)
            text = "" if raw is None else raw.decode("utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        if self.fast:
            if kind == "entry":
                entry = fast_reader.entry(text)
                if entry is not None:
                    at = entry[1]
                    return entry[0], [], text[at:] if entry[0].highlight else None, True
            elif (plan := _fast_plan(text)) is not None:
                return plan[0], [], None, True
        value, problems, body = self._full(kind, path)
        if kind != "entry" or value is None or not value.highlight:
            body = None
        return value, problems, body, raw is not None

    def _full(self, kind: Kind, path: str) -> tuple[Any, list[Problem], str | None]:
        p = Path(path)
        loaded = self.ws.load_entry(p) if kind == "entry" else self.ws.load_plan(*p.parts[-3:-1])
        return loaded.value, loaded.problems, loaded.body

    def close(self) -> None:
        if self.cache is not None:
            self.cache.store(self.dirty, self.blobs)  # folders never begun are gone
            self.cache.close()
            self.cache = None


def _context(challenge_id: str, challenge: Challenge | None, *, privacy: bool) -> bytes:
    """What a walk's findings depend on besides the files: the challenge, its length and
    dates, and whether `check`'s privacy rules apply."""
    length = challenge.length if challenge is not None else 0
    dates = (
        [challenge.start, *(challenge.date_of(d) for d in range(1, length + 1))]
        if challenge is not None
        else []
    )
    key = repr((challenge_id, length, [d.toordinal() for d in dates], privacy))
    return hashlib.blake2b(key.encode(), digest_size=8).digest()


def _members(base: str) -> list[os.DirEntry[str]]:
    """The entries of journals/<challenge>/ by name; none when there is no such folder."""
    try:
        return sorted(os.scandir(base), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return []


def _member_folder(e: os.DirEntry[str]) -> bool:
    return not e.name.startswith(".") and e.is_dir(follow_symlinks=False) and is_slug(e.name)


def _list_folder(mdir: os.DirEntry[str]) -> tuple[list[os.DirEntry[str]], bytes, int, bytes]:
    """(its entries, the digest of its listing, the newest mtime in it, its listing rows as
    msgpack) of a member folder.

    Listed and stat-ed through a descriptor of the folder where the platform allows: each
    stat then resolves one name instead of the whole path (a fifth of the walk). Every
    entry's own stat is taken here, and kept on it, for the walk."""
    from copkit.storage.cache import encode_rows, listing_digest, listing_rows

    fd = os.open(mdir.path, _DIR_FLAGS) if _BY_FD else None
    try:
        held = list(os.scandir(mdir.path if fd is None else fd))
        listing = listing_rows(held)
    finally:
        if fd is not None:
            os.close(fd)
    encoded = encode_rows(listing)
    return held, listing_digest(encoded), max(map(_MTIME, listing), default=0), encoded


_MTIME = operator.itemgetter(3)  # of a listing row
# Opening a file that a listing said was regular: never through a link that replaced it, and
# never waiting on a pipe that did.
_FILE_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_BINARY", 0)
)
Read = dict[str, tuple[os.stat_result, bytes | None]]  # name -> its stat, its bytes if whole
READ_AHEAD = 1 << 20  # bytes of one folder read with its listing; the rest wait their turn


def _read_folder(
    mdir: os.DirEntry[str], wanted: Container[str]
) -> tuple[list[os.DirEntry[str]], bytes, int, Read]:
    """`_list_folder` for a folder that no cache record answers for, so every file `wanted`
    will be read: each such regular file is opened through a descriptor of the folder, stat-ed
    through its own descriptor and read whole (open, fstat, read, close), instead of a stat by
    name now and an open by path later. Its listing rows are those `_list_folder` takes (an
    fstat and a stat of the same file agree; tests hold the two digests equal); the fourth
    item holds the stat and the bytes of each file read. Bytes are None when the file did
    not have the size its stat gave, is over the size limit, or would take the folder's bytes
    held at once over READ_AHEAD (a year of long entries): such a file is read by path when
    the walk comes to it, as any file is."""
    from copkit.storage.cache import encode_rows, listing_digest, listing_rows

    fd = os.open(mdir.path, _DIR_FLAGS)
    read: Read = {}
    rows: list[tuple[str, int, int, int]] = []
    budget = READ_AHEAD
    try:
        held = list(os.scandir(fd))
        for f in held:
            name = f.name
            if name in wanted and f.is_file(follow_symlinks=False):
                try:
                    g = os.open(name, _FILE_FLAGS, dir_fd=fd)
                except OSError:  # gone, or a link or unreadable now: as a listing sees it
                    rows += listing_rows((f,))
                    continue
                try:
                    st = os.fstat(g)
                    size = st.st_size
                    raw = None
                    if stat.S_ISREG(st.st_mode) and size <= budget:
                        raw = os.read(g, size + 1)
                        budget -= size
                except OSError:
                    rows += listing_rows((f,))
                    continue
                finally:
                    os.close(g)
                rows.append((name, st.st_mode, size, st.st_mtime_ns))
                read[name] = (st, raw if raw is not None and len(raw) == size else None)
            else:
                rows += listing_rows((f,))
    finally:
        os.close(fd)
    return held, listing_digest(encode_rows(rows)), max(map(_MTIME, rows), default=0), read


def _combined(
    challenge_id: str, members: list[os.DirEntry[str]], digests: dict[str, bytes]
) -> bytes:
    """One digest of a challenge's journals: every name in journals/<challenge>/ with its
    kind, and each member folder's listing digest."""
    whole = hashlib.blake2b(challenge_id.encode(), digest_size=16)
    for e in members:
        if e.name.startswith("."):
            continue
        whole.update(e.name.encode("utf-8", "surrogatepass") + b"\0")
        whole.update(digests.get(e.name) or (b"d" if e.is_dir(follow_symlinks=False) else b"f"))
    return whole.digest()


def digest_of_all(digests: Mapping[str, bytes | None]) -> bytes | None:
    """One digest of several challenges' journals (`Listing.digest` or `JournalData.digest`
    by challenge id); None when any is None."""
    whole = hashlib.blake2b(digest_size=16)
    for challenge_id in sorted(digests):
        digest = digests[challenge_id]
        if digest is None:
            return None
        whole.update(challenge_id.encode() + b"\0" + digest)
    return whole.digest()


def _own_stat(e: Entry) -> Stat | None:
    try:
        return None if e.is_symlink() else e.stat(follow_symlinks=False)
    except OSError:
        return None


_BY_FD = os.scandir in os.supports_fd and hasattr(os, "O_DIRECTORY")
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
LINK = "is a symbolic link; journals must be plain files"


@dataclass
class Listing:
    """The listing of journals/<challenge>/ and of every member folder in it, each file
    stat-ed (links not followed), before any file is read: what a report of the journals
    depends on, with the challenge file (which a caller keys on by itself). `digest` stands
    for every name, mode, size and mtime_ns; it is None when a file had not settled (or the
    folder leads outside). `load_journals(..., listing=)` reads the journals with it: a folder
    whose summary answers for its digest is not listed again, and one it cannot answer for is
    walked from its listing rows (`_Listed`), kept as the msgpack its digest was taken of:
    about 1 KB a folder, where the entries of 150,000 files with their stats would cost more
    to keep than to list again. A day when every member wrote (every folder changed) then
    lists each folder once, not twice."""

    members: list[os.DirEntry[str]]  # the entries of journals/<challenge>/, by name
    folders: dict[str, tuple[bytes, bytes]]  # member -> digest and rows of their folder
    digest: bytes | None


def list_journals(ws: Workspace, challenge_id: str) -> Listing:
    """List and stat the journals of one challenge (see Listing): a command whose output was
    kept for these very files (storage/cache.kept) then reads none of them."""
    from copkit.storage.cache import RACY_NS, now_ns

    base = os.path.join(ws.root, "journals", challenge_id)
    if ws.outside(Path(base)) is not None:
        return Listing([], {}, None)
    members = _members(base)
    folders = {}
    newest = 0
    with _no_gc():
        for mdir in members:
            if _member_folder(mdir):
                try:
                    _, digest, last, rows = _list_folder(mdir)
                except OSError:  # the walk says what is wrong with it; the digest keys it as
                    continue  # a folder, and changes when it can be listed again
                folders[mdir.name] = (digest, rows)
                newest = max(newest, last)
    digest = _combined(challenge_id, members, {m: d for m, (d, _) in folders.items()})
    return Listing(members, folders, digest if newest < now_ns() - RACY_NS else None)


def load_journals(
    ws: Workspace,
    challenge_id: str,
    challenge: Challenge,
    *,
    use_cache: bool = True,
    listing: Listing | None = None,
) -> JournalData:
    """Plans and valid entries of one challenge; bad files become problems, never exceptions.

    `use_cache` lets the .copkit/ cache answer for unchanged files (--no-cache turns it off).
    The problems are those `copkit check` reports for the same folder. `listing`, when the
    caller has listed the folders already, is read instead of listing them again.
    """
    base = os.path.join(ws.root, "journals", challenge_id)
    if (why := ws.outside(Path(base))) is not None:  # a link out of the root, or a loop
        rel = f"journals/{challenge_id}"
        return JournalData(problems=[Problem(rel, 0, 0, "error", why.removeprefix(f"{rel} "))])
    reader = JournalReader(ws, f"journals/{challenge_id}/", use_cache=use_cache)
    with _no_gc(reader):
        return _Walk(ws, challenge_id, challenge, reader).challenge(base, listing)


def load_all_journals(
    ws: Workspace, challenges: Mapping[str, Challenge | None], *, use_cache: bool = True
) -> tuple[dict[str, JournalData], list[Problem]]:
    """Every challenge's journals for `copkit check`, by challenge id, and the problems of
    journals/ itself. `challenges` holds every challenge file (None: one that does not load;
    its journal files are still read for their own problems)."""
    base = os.path.join(ws.root, "journals")
    out: dict[str, JournalData] = {}
    problems: list[Problem] = []
    if (why := ws.outside(Path(base))) is not None:  # never list through a link out of the root
        return out, [Problem("journals", 0, 0, "error", why.removeprefix("journals "))]
    if not os.path.isdir(base):
        return out, problems
    reader = JournalReader(ws, "journals/", use_cache=use_cache)
    with _no_gc(reader):
        for ch in sorted(os.scandir(base), key=lambda e: e.name):
            if ch.name.startswith("."):
                continue
            rel = f"journals/{ch.name}"
            if not ch.is_dir(follow_symlinks=False):
                problems.append(
                    Problem(
                        rel,
                        0,
                        0,
                        "warning",
                        "unexpected file in journals/; journals live in "
                        "journals/<challenge>/<member>/",
                    )
                )
            elif ch.name not in challenges:
                problems.append(
                    Problem(
                        rel,
                        0,
                        0,
                        "error",
                        f"journals for an unknown challenge {ch.name!r}; "
                        f"there is no challenges/{ch.name}.yaml",
                    )
                )
            else:
                walk = _Walk(ws, ch.name, challenges[ch.name], reader, privacy=True)
                out[ch.name] = walk.challenge(ch.path)
    return out, problems


@contextlib.contextmanager
def _no_gc(reader: JournalReader | None = None) -> Iterator[None]:
    """Walking with the collector off (~150,000 small objects are made: it would rescan them
    all, and they hold no cycles); the reader, if any, closed at the end, the cache written."""
    if reader is not None:
        _bodies.clear()
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
        if reader is not None:
            reader.close()


class _Walk:
    """The one walk of journals/<challenge>/: what every member folder holds, and its problems."""

    def __init__(
        self,
        ws: Workspace,
        challenge_id: str,
        challenge: Challenge | None,
        reader: JournalReader,
        *,
        privacy: bool = False,
    ) -> None:
        self.ws, self.reader = ws, reader
        self.privacy = privacy  # check: private words must not be in the shared file
        self.challenge_id = challenge_id
        self.prefix = f"journals/{challenge_id}/"
        self.length = length = challenge.length if challenge is not None else 0
        self.day_names = [entry_name(d, length) for d in range(length + 1)]  # [0] unused
        self.names = {self.day_names[d]: d for d in range(1, length + 1)}
        self.wanted = {*self.names, "plan.md"}  # the files a walk reads
        self.dates = (
            [challenge.start, *(challenge.date_of(d) for d in range(1, length + 1))]
            if challenge is not None
            else []
        )
        self.data = JournalData()
        # what a folder's summary depends on besides its files (storage/cache.Summary)
        self.context = _context(challenge_id, challenge, privacy=privacy)
        self.digests: dict[str, bytes] = {}  # member -> their folder's listing digest
        self.newest = 0  # the newest mtime among the files listed

    def challenge(self, base: str, listing: Listing | None = None) -> JournalData:
        from copkit.storage.cache import RACY_NS, now_ns

        data = self.data
        members = _members(base) if listing is None else listing.members
        for mdir in members:
            name = mdir.name
            if name.startswith("."):
                continue
            rel = self.prefix + name
            if _member_folder(mdir):
                self._files(mdir, listing.folders.get(name) if listing is not None else None)
            elif not mdir.is_dir(follow_symlinks=False):
                data.problems.append(
                    Problem(rel, 0, 0, "warning", "unexpected file; each member has a folder here")
                )
            elif not is_slug(name):
                data.problems.append(
                    Problem(
                        rel,
                        0,
                        0,
                        "error",
                        f"{name!r} is not a valid member id; rename the folder to "
                        f"{suggest_slug(name)}",
                    )
                )
        if self.newest < now_ns() - RACY_NS and (listing is None or listing.digest is not None):
            data.digest = _combined(self.challenge_id, members, self.digests)
        return data

    def _files(self, mdir: os.DirEntry[str], listed: tuple[bytes, bytes] | None) -> None:
        """Walk one member folder. `listed`: the digest and rows a listing took of it
        (`Listing`), when the walk may go by them instead of listing the folder again."""
        from copkit.storage.cache import Summary, decode_rows

        reader, data = self.reader, self.data
        member = mdir.name
        rel_m = f"{self.prefix}{member}/"
        here = mdir.path + os.sep
        reader.begin(rel_m)
        if listed is not None and (known := reader.summary(self.context, listed[0])) is not None:
            self.digests[member] = listed[0]
            self._replay(known, member, here)
            return  # an unchanged folder, listed once by list_journals
        read: Read = {}
        held: Sequence[Entry]
        try:
            if reader.new_folder() and _BY_FD:  # every wanted file will be read: read it now
                held, digest, newest, read = _read_folder(mdir, self.wanted)
            elif listed is not None and (rows := decode_rows(listed[1])) is not None:
                held, digest = [_Listed(r) for r in rows], listed[0]
                newest = max(map(_MTIME, rows), default=0)
            else:
                held, digest, newest, _ = _list_folder(mdir)
        except OSError as e:  # a folder without read access, or gone since it was listed
            why = e.strerror or type(e).__name__
            data.problems.append(
                Problem(
                    rel_m[:-1],
                    0,
                    0,
                    "error",
                    f"the folder cannot be read ({why}); give yourself read access to it "
                    "(or remove it), then run the command again",
                )
            )
            return
        self.digests[member] = digest
        self.newest = max(self.newest, newest)
        settled = newest < reader.settled
        known = reader.summary(self.context, digest)
        if known is not None:
            self._replay(known, member, here)
            return  # an unchanged folder: its stats only
        cached = reader.records()
        length, names, dates = self.length, self.names, self.dates
        problems = data.problems
        first = len(problems)
        present: set[str] = set()
        plan_file: Entry | None = None
        slots: list[Entry | None] = [None] * (length + 1)
        others: list[Entry] = []  # day-7.md, day-99.md, notes.txt ...
        for f in held:
            name = f.name
            present.add(name)
            day = names.get(name)
            if day is not None:
                slots[day] = f
            elif name == "plan.md":
                plan_file = f
            elif name.startswith("."):
                if (left := leftover(rel_m + name)) is not None:  # a killed write's temp file
                    problems.append(left)
            elif not (name == PRIVATE and f.is_dir(follow_symlinks=False)):
                # private/ holds words only, in the author's checkout: not shared data
                others.append(f)
        files = 0
        if plan_file is not None:
            files += 1
            if plan_file.is_symlink():
                problems.append(Problem(rel_m + "plan.md", 0, 0, "error", LINK))
            else:
                st_plan, raw_plan = read.get("plan.md") or (_own_stat(plan_file), None)
                plan, found = reader.read("plan", here + "plan.md", "plan.md", st_plan, raw_plan)
                if found:
                    problems += found
                if plan is not None and not any(p.severity == "error" for p in found):
                    data.plans[member] = plan
        entry_files = any(slots)
        for f in sorted(others, key=lambda e: e.name):
            rel = rel_m + f.name
            m = ENTRY_RE.match(f.name)
            if m is None:
                problems.append(
                    Problem(
                        rel, 0, 0, "warning", "unexpected file; journal entries are named day-NN.md"
                    )
                )
                continue
            entry_files = True
            day = int(m.group(1))
            files += 1
            if f.is_symlink():
                problems.append(Problem(rel, 0, 0, "error", LINK))
            elif not length:  # a challenge that does not load: the file's own problems only
                _, found = reader.read("entry", here + f.name, f.name, _own_stat(f))
                problems += found
            elif not 1 <= day <= length:
                problems.append(
                    Problem(
                        rel,
                        0,
                        0,
                        "error",
                        f"day {day} is outside the challenge (days 1..{length})",
                    )
                )
            else:
                right = entry_name(day, length)
                problems.append(
                    Problem(
                        rel,
                        0,
                        0,
                        "error",
                        f"misnamed entry for day {day}, beside {right}: keep one of the two "
                        f"(move its words into {right}, then delete this file)"
                        if right in present
                        else f"misnamed entry; rename it to {right}",
                    )
                )
        if plan_file is None and entry_files:
            problems.append(
                Problem(
                    rel_m[:-1],
                    0,
                    0,
                    "error",
                    f"entries without a sign-up; run `copkit challenge join "
                    f"{self.challenge_id} --as {member}`",
                )
            )
        days: dict[int, JournalEntry] = {}
        for day in range(1, length + 1):
            slot = slots[day]
            if slot is None:
                continue
            f = slot
            files += 1
            if f.is_symlink():
                problems.append(Problem(rel_m + f.name, 0, 0, "error", LINK))
                continue
            st: Stat | None
            raw: bytes | None = None
            if (got := read.get(f.name)) is not None:  # read with the listing
                st, raw = got
            else:
                try:
                    st = f.stat(follow_symlinks=False)
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
                value, found = reader.read("entry", here + f.name, f.name, st, raw)
                if found:
                    problems += found
                    if any(p.severity == "error" for p in found):
                        continue
                if value is None:
                    continue
                entry = value
            if entry.date != dates[day]:
                problems.append(self._wrong_date(here + f.name, day, entry.date))
                continue
            if entry.private:
                problems += self._private(here + f.name, member, day, entry)
            days[day] = entry
        if days:
            data.entries[member] = days
        data.folders.append(member)
        data.files += files
        summary = None
        if reader.cache is not None and settled:
            summary = Summary(
                self.context,
                digest,
                files,
                data.plans.get(member),
                days,
                [  # only a highlighted entry's body is ever kept (JournalReader.read)
                    (n, *_bodies[here + n])
                    for d, e in days.items()
                    if e.highlight and here + (n := self.day_names[d]) in _bodies
                ],
                [(p.path, p.line, p.col, p.severity, p.message) for p in problems[first:]],
            )
        reader.end(present, summary)

    def _replay(self, known: Summary, member: str, here: str) -> None:
        """Give the walk what an unchanged folder gave it last time."""
        data = self.data
        if known.plan is not None:
            data.plans[member] = known.plan
        if known.entries:
            data.entries[member] = known.entries
        for name, size, mtime_ns, body in known.bodies:
            _bodies[here + name] = (size, mtime_ns, body)
        data.problems += [Problem(*p) for p in known.problems]  # type: ignore[arg-type]
        data.folders.append(member)
        data.files += known.files

    def _private(self, path: str, member: str, day: int, entry: JournalEntry) -> list[Problem]:
        """A private entry's rules: a highlight is ignored (its words are never quoted); for
        `check`, no words in the shared file, which git commits."""
        out = []
        if entry.highlight:
            finding = Finding(
                ("highlight",),
                "highlight is ignored on a private entry: its words are never quoted; remove "
                "the line, or share the entry with `copkit journal add "
                f"{self.challenge_id} --as {member} --day {day} --shared --force`",
                "warning",
            )
            out.append(located(self.ws.load_entry(Path(path)), finding, line_offset=1))
        if self.privacy and has_shared_words(path, entry):
            out.append(
                Problem(
                    self.ws.rel(Path(path)),
                    0,
                    0,
                    "error",
                    "a private entry with words in its shared file, which git commits; move "
                    f"them to private/: copkit journal add {self.challenge_id} --as {member} "
                    f"--day {day} --private --force",
                )
            )
        return out

    def _wrong_date(self, path: str, day: int, found: date) -> Problem:
        """The date rule's problem, pointing at `date:` (the file is read in full for it)."""
        finding = entry_date_finding(self.challenge_id, day, found, self.dates[day])
        assert finding is not None
        return located(self.ws.load_entry(Path(path)), finding, line_offset=1)


def read_plan(ws: Workspace, challenge_id: str, member: str) -> Plan | None:
    """A participant's plan, None when they have not joined; CopkitError when it is broken.

    A plan in copkit's own form is read without ruamel (`journal add` runs daily).
    """
    path = ws.plan_path(challenge_id, member)
    if path.is_symlink():
        raise CopkitError(f"{ws.rel(path)} {LINK}", hint="Replace the link with the file itself.")
    if not path.exists():
        return None
    try:
        st = path.lstat()
        if stat.S_ISREG(st.st_mode) and st.st_size <= MAX_FILE_BYTES and fast_reader.enabled():
            raw = fast_reader.read_bytes(str(path), st.st_size)
            fast = _fast_plan(raw.decode("utf-8")) if raw is not None else None
            if fast is not None:
                return fast[0]
    except (OSError, UnicodeDecodeError):
        pass
    return ws.load_plan(challenge_id, member).require()


def _fast_plan(text: str) -> tuple[Plan, int] | None:
    """(the plan, offset of its body) from the fast reader, or None: the full loader must
    read it. A plan that a rule of its own would fault goes to the full loader too, which
    points at the key."""
    fast = fast_reader.plan(text)
    return None if fast is None or plan_rules(fast[0]) else fast


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
    return _body_of(read_text(path, ws.rel(path))[0])


def _body_of(text: str | None) -> str | None:
    """The Markdown body of an entry file's text; None without closed front matter."""
    if text is None:
        return None
    parts = frontmatter.split(text)
    return parts.body if parts.front is not None and parts.closed else None


def quoted_bodies(
    ws: Workspace, challenge_id: str, keys: Iterable[tuple[str, int]], length: int
) -> tuple[dict[tuple[str, int], str], dict[tuple[str, int], str]]:
    """The bodies of the entries `keys` (member, day) that the last `load_journals` of this
    challenge loaded, and their files relative to the root, for a report's quotes.

    A body the walk met (highlighted, up to BODY_MAX) comes from memory with no second stat:
    it is the body of the very file whose front matter the report counts. Any other is read
    from the place the walk listed it. The walk has refused links and folders leading
    outside, so the file's place is named without resolving it again (8,000 highlights cost
    1.7 s that way, 29,000 entries of an export 12 s); a file that has become anything but a
    regular file since is not read.
    """
    bodies: dict[tuple[str, int], str] = {}
    sources: dict[tuple[str, int], str] = {}
    base = os.path.join(ws.root, "journals", challenge_id)
    rel = f"journals/{challenge_id}/"
    for member, day in keys:
        name = entry_name(day, length)
        path = os.path.join(base, member, name)
        known = _bodies.get(path)
        body = known[2] if known is not None else _walked_body(path, f"{rel}{member}/{name}")
        if body is not None:
            bodies[(member, day)] = body
            sources[(member, day)] = f"{rel}{member}/{name}"
    return bodies, sources


def _walked_body(path: str, rel: str) -> str | None:
    """The body of an entry file the walk listed, read where it is: None when it is no longer
    a regular file (a link put there since is never followed) or cannot be read."""
    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_FILE_BYTES:
            return None
        raw = fast_reader.read_bytes(path, st.st_size)  # None: it changed since the lstat
    except OSError:
        return None
    return _body_of(decode(raw, rel)[0] if raw is not None else read_text(Path(path), rel)[0])


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
    from copkit.storage.limits import require_readable

    folder = private.parent
    folder.mkdir(mode=0o700, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        write_atomic(ignore, _PRIVATE_GITIGNORE, display=ws.rel(ignore))
    before = read_private_words(ws, challenge_id, member, day, length)
    text = words if words.endswith("\n") or not words else words + "\n"
    require_readable(ws.rel(private), text, "text")  # the same limits as the reader's
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
    front = fast_writer.dump_entry(entry)
    try:
        st = os.lstat(path)
        if front is not None and st.st_size == len(f"---\n{front}---\n".encode()):
            return False
        raw = fast_reader.read_bytes(path, st.st_size) if stat.S_ISREG(st.st_mode) else None
        text = "" if raw is None else raw.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return bool(frontmatter.split(text).body.strip())
