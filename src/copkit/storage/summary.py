"""A community's figures for the federation report, kept in its own .copkit/ between runs.

Never the source of truth: the figures are stored with a digest of the name, size and mtime
of every file they were computed from (copkit.yaml, members/, challenges/, every journal
file) and of what was asked (today, the set, copkit's code). A repeat report walks the files
with one stat each, as `journals` does, and uses the stored figures only when the digest is
the same; anything changed, added or removed computes them afresh. Files changed in the last
seconds make the figures unstorable, as in storage/cache.py.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from array import array
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

import msgspec

from copkit.storage.cache import RACY_NS, VERSION, now_ns

FILE = (".copkit", "federation-summary.msgpack")
_BY_FD = os.scandir in os.supports_fd and hasattr(os, "O_DIRECTORY")
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
T = TypeVar("T")


def fingerprint(root: Path, asked: str) -> str | None:
    """A digest of every file a community's figures read, and of `asked` (what was asked and
    the code that answers); None when a file changed too recently to trust its mtime."""
    digest = hashlib.blake2b(asked.encode("utf-8"), digest_size=16)
    digest.update(VERSION.encode("utf-8"))
    # Lists of names, sizes, mtimes and modes, hashed at the end: appending costs a fraction
    # of formatting a line per file. Folders are walked in the order the system lists them:
    # another order of the same files only makes a needless recompute, never a wrong answer.
    names: list[str] = []
    numbers = array("q")

    def add(folder: str, entries: Iterable[os.DirEntry[str]]) -> None:
        names.append(folder)
        for e in entries:
            try:
                st = e.stat(follow_symlinks=False)
            except OSError:
                continue
            names.append(e.name)
            numbers.extend((st.st_size, st.st_mtime_ns, st.st_mode))

    try:
        add("", [e for e in os.scandir(root) if e.name == "copkit.yaml"])
        with contextlib.suppress(OSError):
            add("challenges", os.scandir(root / "challenges"))
        with contextlib.suppress(OSError):  # the report counts members by their files' names
            names.append("members")
            names.extend(e.name for e in os.scandir(root / "members"))
        try:
            challenges = list(os.scandir(root / "journals"))
        except FileNotFoundError:
            challenges = []  # no journals yet
        for ch in challenges:
            if not ch.is_dir(follow_symlinks=False):
                continue
            for m in os.scandir(ch.path):
                if not m.is_dir(follow_symlinks=False):
                    continue
                # listed and stat-ed through a descriptor of the folder, as storage/journals.py
                # does: each stat then resolves one name instead of the whole path
                fd = os.open(m.path, _DIR_FLAGS) if _BY_FD else None
                try:
                    add(f"/{ch.name}/{m.name}", os.scandir(m.path if fd is None else fd))
                finally:
                    if fd is not None:
                        os.close(fd)
    except OSError:  # a folder that vanished or cannot be read: no stored figures this time
        return None
    if numbers and max(numbers[1::3]) >= now_ns() - RACY_NS:
        return None  # a file changed within the last seconds: its mtime cannot be trusted yet
    digest.update("\0".join(names).encode("utf-8", "surrogatepass"))
    digest.update(numbers.tobytes())
    return digest.hexdigest()


class _Stored(msgspec.Struct, array_like=True):
    key: str
    value: msgspec.Raw


def load(root: Path, key: str, kind: type[T]) -> T | None:
    """The stored figures when they were stored under `key`, else None."""
    from copkit.storage.scratch import own_file

    path = own_file(root, *FILE[1:], create=False)  # never read through a link
    if path is None:
        return None
    try:
        stored = msgspec.msgpack.decode(path.read_bytes(), type=_Stored)
        if stored.key != key:
            return None
        return msgspec.msgpack.decode(stored.value, type=kind)
    except (OSError, msgspec.DecodeError, msgspec.ValidationError):
        return None


def store(root: Path, key: str, value: object) -> None:
    """Keep `value` under `key`; silently skipped when the folder cannot be written."""
    from copkit.storage.scratch import own_file, write_own

    path = own_file(root, *FILE[1:])  # never through a link a community's repository put there
    if path is None:
        return
    with contextlib.suppress(OSError):
        data = msgspec.msgpack.encode(_Stored(key, msgspec.Raw(msgspec.msgpack.encode(value))))
        write_own(path, data)
