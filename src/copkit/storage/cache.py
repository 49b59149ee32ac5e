"""The disposable .copkit/ cache, under one policy: what a file said at a given size and mtime.

Three stores follow it: .copkit/cache.sqlite for journal files (a record per file), the
same database for outputs (`recall` and `keep` below: a report kept with a key of everything
it was made from), and .copkit/challenges/<id>.json for parsed challenge files (`challenge`
below: `challenge today` runs daily, and even the fast reader takes 0.18 s on the pairs of
5,000 members).

The policy. Never the source of truth: a record is used only while its file keeps the size
and mtime_ns recorded with it, and only when it was made by the same VERSION (schema, copkit's
version and a digest of the code that decides what a file reads as); a file added, changed or
deleted since is read again. A store that is missing, corrupt, of another version or not
writable is rebuilt or skipped silently; one that another copkit holds locked is left alone
for this run. Files changed in the last RACY_NS are read but not recorded (a same-size edit
within one mtime tick would go unnoticed), as git does for its index. `--no-cache` (or
COPKIT_NO_CACHE=1) reads every journal file with the full loader and records nothing.

Records are stored one row per member folder (journals/<challenge>/<member>/), each row
holding the records of that folder's files: a warm read of 150,000 entries then fetches
5,000 rows instead of 150,000 (a third of a second saved) and decodes each folder in one
call. A row also keeps what the whole folder gave the walk (`Summary`: the member's plan,
entries and problems), under the same policy applied to the folder: it answers while a
digest of every name, type, size and mtime_ns in the folder is unchanged and every file in
it had settled. An unchanged folder then costs its listing, its stats and the decoding of
its summary: its file records are not even decoded.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from collections.abc import Iterable
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from copkit import __version__
from copkit.errors import CopkitError
from copkit.model import Challenge, JournalEntry, Plan

if TYPE_CHECKING:
    import sqlite3

    from copkit.storage.workspace import Workspace

SCHEMA = 6  # bump whenever what a record holds changes
_READING_CODE = (  # the code that decides what a file reads as
    "copkit.storage.fast_reader",
    "copkit.storage.documents",
    "copkit.storage.yamlio",
    "copkit.storage.frontmatter",
    "copkit.storage.journals",  # the walk's rules, which folder summaries hold
    "copkit.storage.scratch",
    "copkit.model.journal",
    "copkit.model.community",
    "copkit.model.challenge",
    "copkit.model.rules",
    "copkit.model.dates",
    "copkit.model.ids",
)


def _fingerprint() -> str:
    """A digest of the code that decides what a file reads as: a change to it, even between
    releases, makes every record stale. Read from the files, not imported (ruamel stays out
    of the daily commands)."""
    digest = hashlib.blake2b(digest_size=8)
    for name in _READING_CODE:
        try:
            spec = find_spec(name)
            digest.update(Path((spec and spec.origin) or "").read_bytes())
        except (OSError, ImportError):
            digest.update(name.encode())
    return digest.hexdigest()


VERSION = f"{SCHEMA}/{__version__}/{_fingerprint()}"
FILE = Path(".copkit") / "cache.sqlite"
RACY_NS = 3_000_000_000  # files younger than this when read are not recorded

_TABLES = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    # path: the folder relative to the root, posix, ending in '/'; files: msgpack of [Record]
    "CREATE TABLE folders (path TEXT PRIMARY KEY, files BLOB NOT NULL) WITHOUT ROWID",
    # kind: what the output is (command, challenge, format); key: output_key of its inputs
    "CREATE TABLE outputs (kind TEXT PRIMARY KEY, key BLOB NOT NULL, value BLOB NOT NULL)",
)


class Record(msgspec.Struct, array_like=True, gc=False):
    """One journal file as copkit last read it."""

    name: str  # the file name in its folder
    size: int
    mtime_ns: int
    entry: JournalEntry | None = None  # a day-NN.md that loaded
    plan: Plan | None = None  # a plan.md that loaded
    problems: list[tuple[int, int, str, str]] | None = None  # line, col, severity, message
    body: str | None = None  # a highlighted entry's body (reports quote it), when short


class Summary(msgspec.Struct, array_like=True, gc=False):
    """What one member folder gave one walk, valid while the folder's listing is unchanged."""

    context: bytes  # the walk it answers for (storage.journals: challenge, dates, check or not)
    listing: bytes  # listing_digest of the folder when it was walked
    files: int  # journal files met
    plan: Plan | None  # the member's plan, when it counts
    entries: dict[int, JournalEntry]  # the member's entries by day
    bodies: list[tuple[str, int, int, str]]  # name, size, mtime_ns, body of short highlights
    problems: list[tuple[str, int, int, str, str]]  # path, line, col, severity, message


class Folder(msgspec.Struct, array_like=True, gc=False):
    """One row: the summaries of a folder's last walks, then the records of its files."""

    summaries: list[Summary]
    records: list[Record]


class _Head(msgspec.Struct, array_like=True, gc=False):
    """A row's summaries alone: decoding it skips the records (msgspec ignores the rest)."""

    summaries: list[Summary]


SUMMARIES = 2  # walks remembered per folder: a report's and check's (which adds privacy rules)

_encode = msgspec.msgpack.Encoder().encode
_decode = msgspec.msgpack.Decoder(Folder).decode
_decode_head = msgspec.msgpack.Decoder(_Head).decode


def encode_folder(records: Iterable[Record], summaries: Iterable[Summary] = ()) -> bytes:
    return _encode(Folder(list(summaries)[:SUMMARIES], list(records)))


def decode_folder(blob: bytes) -> dict[str, Record] | None:
    """A folder's records by file name; None when the blob is damaged."""
    try:
        return {r.name: r for r in _decode(blob).records}
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None


def decode_summaries(blob: bytes) -> list[Summary]:
    """A folder's summaries; empty when the blob is damaged (decode_folder then says so)."""
    try:
        return _decode_head(blob).summaries
    except (msgspec.DecodeError, msgspec.ValidationError):
        return []


def listing_rows(found: Iterable[os.DirEntry[str]]) -> list[tuple[str, int, int, int]]:
    """(name, mode, size, mtime_ns) of each entry of a folder, links not followed: what a
    folder summary and a kept output stand for. A name gone since the listing counts as
    unreadable (-1)."""
    found = list(found)
    try:
        return [
            (f.name, st.st_mode, st.st_size, st.st_mtime_ns)
            for f in found
            for st in (f.stat(follow_symlinks=False),)
        ]
    except OSError:
        out = []
        for f in found:
            try:
                st = f.stat(follow_symlinks=False)
                out.append((f.name, st.st_mode, st.st_size, st.st_mtime_ns))
            except OSError:
                out.append((f.name, -1, -1, -1))
        return out


Row = tuple[str, int, int, int]  # a listing row: name, mode, size, mtime_ns
_decode_rows = msgspec.msgpack.Decoder(list[Row]).decode


def encode_rows(listing: list[Row]) -> bytes:
    """A folder's listing rows as msgpack: what `listing_digest` digests. A name that is not
    UTF-8 (bytes that os.fsdecode carries as surrogates) is encoded as bytes; `decode_rows`
    then refuses the rows, and the walk lists that folder again."""
    try:
        return _encode(listing)
    except UnicodeEncodeError:
        return _encode([(n.encode("utf-8", "surrogatepass"), *rest) for n, *rest in listing])


def decode_rows(encoded: bytes) -> list[Row] | None:
    """The rows `encode_rows` encoded; None when they do not decode."""
    try:
        return _decode_rows(encoded)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None


def listing_digest(encoded: bytes) -> bytes:
    """A digest of a folder's (name, mode, size, mtime_ns) rows (`encode_rows`), in the order
    the folder lists them: equal digests mean that no file was added, removed, renamed,
    replaced, resized or touched. Not sorted: a folder listed in another order (which an
    unchanged folder is not, on any file system copkit knows) only costs a walk file by
    file."""
    return hashlib.blake2b(encoded, digest_size=16).digest()


def recorded(size: int, mtime_ns: int, st: os.stat_result) -> bool:
    """The policy's one test: a record answers for the file while both are unchanged."""
    return size == st.st_size and mtime_ns == st.st_mtime_ns


def settled(st: os.stat_result, now: int) -> bool:
    """A file that may be recorded: not changed within the last RACY_NS."""
    return st.st_mtime_ns < now - RACY_NS


# ---- challenge files ---------------------------------------------------------------------------

CHALLENGES = (".copkit", "challenges")


class _Copy(msgspec.Struct, kw_only=True):
    version: str
    size: int
    mtime_ns: int
    challenge: Challenge


_copy_decoder = msgspec.json.Decoder(_Copy)


def challenge(ws: Workspace, challenge_id: str) -> Challenge:
    """The challenge `challenge_id`, from its .copkit/ copy while the file has not changed.

    Else read by the fast reader when it is sure (fast_reader.challenge), or by the full
    loader (and its error messages); a file that loads without errors is copied for next
    time.
    """
    from copkit.storage.scratch import own_file, write_own

    path = ws.challenge_path(challenge_id)
    try:
        st = os.stat(path)
    except (OSError, CopkitError):
        return ws.challenge(challenge_id)  # the full loader says what is wrong
    # .copkit/challenges/<id>.json only in plain folders of the root, never through a link
    copy = own_file(ws.root, *CHALLENGES[1:], f"{challenge_id}.json")
    if copy is None:
        return ws.challenge(challenge_id)  # no usable cache: `copkit check` says why
    if not os.environ.get("COPKIT_NO_CACHE"):
        try:
            found = _copy_decoder.decode(copy.read_bytes())
            if found.version == VERSION and recorded(found.size, found.mtime_ns, st):
                return found.challenge
        except (OSError, msgspec.DecodeError, msgspec.ValidationError):
            pass
    from copkit.storage import fast_reader

    value = fast_reader.read_challenge(str(path)) or ws.challenge(challenge_id)
    if os.environ.get("COPKIT_NO_CACHE") or not settled(st, now_ns()):
        return value
    with contextlib.suppress(OSError):
        data = msgspec.json.encode(
            _Copy(version=VERSION, size=st.st_size, mtime_ns=st.st_mtime_ns, challenge=value)
        )
        write_own(copy, data)
    return value


def challenges(ws: Workspace) -> dict[str, Challenge]:
    """Every challenge that loads without errors, by id (broken ones are left to `check`)."""
    out = {}
    for cid in ws.ids("challenges"):
        with contextlib.suppress(CopkitError):
            out[cid] = challenge(ws, cid)
    return out


# ---- journal files: .copkit/cache.sqlite --------------------------------------------------------


def _locked(e: sqlite3.Error) -> bool:
    text = str(e).lower()
    return "locked" in text or "busy" in text


class Cache:
    """One open cache file. Every method swallows SQLite trouble: the cache is optional."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.usable = True

    @classmethod
    def open(cls, root: Path) -> Cache | None:
        """The workspace's cache, created or rebuilt as needed; None when it cannot be used."""
        import sqlite3

        from copkit.storage.scratch import own_file

        found = own_file(root, *FILE.parts[1:])  # never through a link (`check` says why)
        if found is None or any(os.path.islink(f"{found}{s}") for s in _SIDE_FILES):
            return None
        path = found
        for attempt in (1, 2):
            try:
                return cls(_connect(path))
            except sqlite3.Error as e:
                if _locked(e):
                    return None
                if attempt == 1:  # corrupt or unreadable: start afresh, once
                    _remove(path)
            except OSError:
                return None
        return None

    def folders(self, prefix: str) -> dict[str, bytes]:
        """The records of every folder whose path starts with `prefix` (ending in '/')."""
        import sqlite3

        if not self.usable:
            return {}
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        try:
            cur = self.db.execute(
                "SELECT path, files FROM folders WHERE path >= ? AND path < ?", (prefix, upper)
            )
            return dict(cur)
        except sqlite3.Error:
            self.usable = False
            return {}

    def store(self, folders: dict[str, bytes], gone: Iterable[str]) -> None:
        """Record folders read afresh and forget vanished ones, in one transaction."""
        import sqlite3

        gone = list(gone)
        if not self.usable or not (folders or gone):
            return
        try:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.executemany("INSERT OR REPLACE INTO folders VALUES (?, ?)", folders.items())
            self.db.executemany("DELETE FROM folders WHERE path = ?", ((p,) for p in gone))
            self.db.execute("COMMIT")
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")
            self.usable = False

    def output(self, kind: str) -> tuple[bytes, bytes] | None:
        """(key, output) kept as `kind`: the output and the key of the inputs it was made from."""
        import sqlite3

        try:
            found = self.db.execute("SELECT key, value FROM outputs WHERE kind = ?", (kind,))
            row = found.fetchone()
        except sqlite3.Error:
            return None
        return (row[0], row[1]) if row is not None else None

    def keep_output(self, kind: str, key: bytes, value: bytes) -> None:
        import sqlite3

        with contextlib.suppress(sqlite3.Error):
            self.db.execute("INSERT OR REPLACE INTO outputs VALUES (?, ?, ?)", (kind, key, value))

    def close(self) -> None:
        import sqlite3

        with contextlib.suppress(sqlite3.Error):
            self.db.close()


def _connect(path: Path) -> sqlite3.Connection:
    import sqlite3

    path.parent.mkdir(exist_ok=True)
    db = sqlite3.connect(path, timeout=0.5, isolation_level=None, check_same_thread=False)
    try:
        # 64 KiB pages hold a member folder's row (about 8 KB at 30 days) in one page instead
        # of a chain of 4 KiB overflow pages: the first report of 5,000 members writes its
        # 39 MB in 0.18 s instead of 0.38 s, and a warm one reads them in 0.04 s instead of
        # 0.07 s. It takes effect when the file is made (an older cache keeps its pages).
        db.execute("PRAGMA page_size=65536")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        if _version(db) != VERSION or not _tables_ok(db):
            db.execute("BEGIN IMMEDIATE")
            for table in ("meta", "folders", "files", "outputs"):
                db.execute(f"DROP TABLE IF EXISTS {table}")
            for statement in _TABLES:
                db.execute(statement)
            db.execute("INSERT INTO meta VALUES ('version', ?)", (VERSION,))
            db.execute("COMMIT")
    except BaseException:
        db.close()
        raise
    return db


def _version(db: sqlite3.Connection) -> str | None:
    import sqlite3

    try:
        found = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
    except sqlite3.OperationalError as e:
        if "no such table" in str(e):
            return None
        raise
    return found[0] if found else None


def _tables_ok(db: sqlite3.Connection) -> bool:
    import sqlite3

    try:
        db.execute("SELECT path, files FROM folders LIMIT 1")
        db.execute("SELECT kind, key, value FROM outputs LIMIT 1")
    except sqlite3.OperationalError as e:
        if _locked(e):
            raise
        return False
    return True


_SIDE_FILES = ("-wal", "-shm", "-journal")  # SQLite's own files beside the database


def _remove(path: Path) -> None:
    for suffix in ("", *_SIDE_FILES):
        with contextlib.suppress(OSError):
            os.unlink(f"{path}{suffix}")


def now_ns() -> int:
    return time.time_ns()


# ---- outputs: a command's result, kept with a key of everything it was made from --------------

_package: bytes | None = None


def _package_digest() -> bytes:
    """A digest of every file of the installed copkit package (name, size, mtime_ns): an output
    kept by one version of the code is never given by another."""
    global _package
    if _package is None:
        import copkit

        digest = hashlib.blake2b(VERSION.encode(), digest_size=16)
        top = Path(copkit.__file__).parent
        for folder, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith((".py", ".yaml")):
                    st = os.stat(os.path.join(folder, name))
                    digest.update(f"{folder}/{name}:{st.st_size}:{st.st_mtime_ns};".encode())
        _package = digest.digest()
    return _package


def output_inputs(files: Iterable[Path], folders: Iterable[Path], *parts: object) -> bytes | None:
    """A digest of what an output is made from besides the journals: `files` and every file
    directly in `folders` (each by name, mode, size and mtime_ns, links not followed), the
    `parts` (the command, its options, today's date) and copkit's own code. Taken before
    anything is read; None when a file changed within RACY_NS (or COPKIT_NO_CACHE is set):
    then nothing is kept, as for every record."""
    if os.environ.get("COPKIT_NO_CACHE"):
        return None
    digest = hashlib.blake2b(_package_digest(), digest_size=16)
    digest.update(repr(parts).encode("utf-8", "surrogateescape"))
    newest = 0
    rows: list[tuple[str, int, int, int]] = []
    for path in files:
        try:
            st = os.lstat(path)
            rows.append((str(path), st.st_mode, st.st_size, st.st_mtime_ns))
            newest = max(newest, st.st_mtime_ns)
        except OSError:
            rows.append((str(path), -1, -1, -1))
    for folder in folders:
        try:
            found = listing_rows(sorted(os.scandir(folder), key=lambda e: e.name))
        except OSError:
            found = []
        rows.append((str(folder), len(found), -1, -1))
        rows += found
        newest = max(newest, *(r[3] for r in found), 0)
    if newest >= now_ns() - RACY_NS:
        return None
    digest.update(encode_rows(rows))
    return digest.digest()


def output_key(journals: bytes | None, inputs: bytes | None) -> bytes | None:
    """The key of an output made from the journals whose digest is `journals` (see
    storage.journals.Listing) and from `inputs` (output_inputs); None when either is."""
    if journals is None or inputs is None:
        return None
    return hashlib.blake2b(inputs + journals, digest_size=16).digest()


def kept(ws: Workspace, kind: str) -> tuple[bytes, bytes] | None:
    """(key, output) last kept as `kind`, or None: there is nothing to compare."""
    if os.environ.get("COPKIT_NO_CACHE"):
        return None
    store = Cache.open(ws.root)
    if store is None:
        return None
    try:
        return store.output(kind)
    finally:
        store.close()


def keep(ws: Workspace, kind: str, key: bytes | None, value: bytes) -> None:
    """Keep an output as `kind` for the inputs `key` stands for (nothing when it is None)."""
    if key is None:
        return
    store = Cache.open(ws.root)
    if store is not None:
        store.keep_output(kind, key, value)
        store.close()
