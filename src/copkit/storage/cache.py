"""The disposable .copkit/cache.sqlite: what each journal file said at a given size and mtime.

Never the source of truth. A row is used only when the file still has the size and mtime_ns
recorded with it; a file added, changed or deleted since is read again. A cache that is
missing, corrupt, of another version or not writable is rebuilt or skipped silently; one
that another copkit holds locked is left alone for this run. Files changed in the last
seconds are not recorded (a same-size edit within one mtime tick would go unnoticed), as git
does for its index.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

from copkit import __version__

SCHEMA = 1  # bump whenever what a row holds or how a file is read changes
VERSION = f"{SCHEMA}/{__version__}"
FILE = Path(".copkit") / "cache.sqlite"
RACY_NS = 3_000_000_000  # files younger than this when read are not recorded

# path: relative to the root, posix. value: msgpack of the model, NULL when the file did not
# load. problems: msgpack list of [line, col, severity, message], NULL when none. body: the
# Markdown body of a highlighted entry (reports quote it), NULL otherwise or when long.
_TABLES = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    value BLOB,
    problems BLOB,
    body TEXT
) WITHOUT ROWID;
"""

Row = tuple[
    int, int, bytes | None, bytes | None, str | None
]  # size, mtime_ns, value, problems, body
NewRow = tuple[str, int, int, bytes | None, bytes | None, str | None]


def _locked(e: sqlite3.Error) -> bool:
    text = str(e).lower()
    return "locked" in text or "busy" in text


class Cache:
    """One open cache file. Every method swallows SQLite trouble: the cache is optional."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self.db = db
        self.path = path
        self.usable = True

    @classmethod
    def open(cls, root: Path) -> Cache | None:
        """The workspace's cache, created or rebuilt as needed; None when it cannot be used."""
        path = root / FILE
        for attempt in (1, 2):
            try:
                return cls._open(path)
            except sqlite3.Error as e:
                if _locked(e):
                    return None
                if attempt == 1:  # corrupt or unreadable: start afresh, once
                    _remove(path)
            except OSError:
                return None
        return None

    @classmethod
    def _open(cls, path: Path) -> Cache:
        path.parent.mkdir(exist_ok=True)
        db = sqlite3.connect(path, timeout=0.5, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            if _version(db) != VERSION or not _tables_ok(db):
                db.execute("BEGIN IMMEDIATE")
                db.execute("DROP TABLE IF EXISTS meta")
                db.execute("DROP TABLE IF EXISTS files")
                for statement in _TABLES.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute("INSERT INTO meta VALUES ('version', ?)", (VERSION,))
                db.execute("COMMIT")
        except BaseException:
            db.close()
            raise
        return cls(db, path)

    def rows(self, prefix: str) -> dict[str, Row]:
        """Every row whose path starts with `prefix` (a folder path ending in '/')."""
        if not self.usable:
            return {}
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        try:
            cur = self.db.execute(
                "SELECT path, size, mtime_ns, value, problems, body FROM files"
                " WHERE path >= ? AND path < ?",
                (prefix, upper),
            )
            return {r[0]: r[1:] for r in cur}
        except sqlite3.Error:
            self.usable = False
            return {}

    def store(self, rows: Iterable[NewRow], stale: Iterable[str]) -> None:
        """Record freshly read files and forget vanished ones, in one transaction."""
        rows, stale = list(rows), list(stale)
        if not self.usable or not (rows or stale):
            return
        try:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)", rows)
            self.db.executemany("DELETE FROM files WHERE path = ?", ((p,) for p in stale))
            self.db.execute("COMMIT")
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")
            self.usable = False

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.close()


def _version(db: sqlite3.Connection) -> str | None:
    try:
        found = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
    except sqlite3.OperationalError as e:
        if "no such table" in str(e):
            return None
        raise
    return found[0] if found else None


def _tables_ok(db: sqlite3.Connection) -> bool:
    try:
        db.execute("SELECT path, size, mtime_ns, value, problems, body FROM files LIMIT 1")
    except sqlite3.OperationalError as e:
        if _locked(e):
            raise
        return False
    return True


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            os.unlink(f"{path}{suffix}")


def recordable(mtime_ns: int, started_ns: int) -> bool:
    """False for a file so recent that a same-size edit could keep its mtime (racy)."""
    return mtime_ns < started_ns - RACY_NS


def now_ns() -> int:
    return time.time_ns()
