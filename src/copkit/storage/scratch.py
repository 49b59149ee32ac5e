"""copkit's own files: the disposable .copkit/ folder and the temporary files of writes.

Two rules, kept here so that every writer follows them:

- .copkit/ (the cache, locks, federation copies and figures) is used only when it and every
  folder copkit uses under it is a plain folder of the workspace: never a symbolic link,
  which git commits as it is (the `.copkit/` line of .gitignore does not match a link).
  Anything else means "no cache this run", and `copkit check` says why (`cache_problem`).
- A temporary file is created exclusively under a random name (O_EXCL, which never opens a
  planted link) in the folder of the file it becomes, and carries the suffix TEMP_SUFFIX,
  which `copkit init` git-ignores and `copkit check` reports when a killed run leaves one.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from pathlib import Path

from copkit.errors import Problem

CACHE = ".copkit"
TEMP_SUFFIX = ".copkit-tmp"
TEMP_IGNORE = f"*{TEMP_SUFFIX}"  # the .gitignore line for them
# Release 2 wrote `.day-07.md.k3j_x9ab.tmp` (mkstemp) and `.dec.json.4242.tmp` (the cache)
_OLD_TEMP = re.compile(r"^\.(?P<target>.+)\.(?:[a-z0-9_]{8}|\d+)\.tmp\Z", re.DOTALL)
_NEW_TEMP = re.compile(rf"^\.(?P<target>.+)\.[a-z0-9_]+{re.escape(TEMP_SUFFIX)}\Z", re.DOTALL)


def temp_target(name: str) -> str | None:
    """The name of the file that the temporary file `name` was becoming, when `name` is one
    of copkit's temporary files; else None."""
    m = _NEW_TEMP.match(name) or _OLD_TEMP.match(name)
    return m.group("target") if m else None


def leftover(rel: str) -> Problem | None:
    """The problem `copkit check` reports for the file `rel` (relative to the root) when it is
    a temporary file that an interrupted copkit left behind; readers skip such files."""
    name = rel.rpartition("/")[2]
    target = temp_target(name)
    if target is None:
        return None
    return Problem(
        rel,
        0,
        0,
        "warning",
        f"a temporary file left by a copkit write that was cut short (of {target}); copkit "
        f"ignores it, and {target} is as it was before that write: delete it with "
        f"rm '{rel}'",
    )


def temp_file(folder: Path, name: str) -> tuple[int, str]:
    """(descriptor, path) of a new, exclusive temporary file in `folder` that will become
    `name`: a random name, created with O_EXCL, so a link planted anywhere is never opened."""
    return tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=TEMP_SUFFIX)


def own_folder(root: Path, *parts: str, create: bool = True) -> Path | None:
    """root/.copkit/<parts> when each step is a plain folder (not a link), made when missing
    and `create`; None when the cache cannot be used this way."""
    path = root
    for part in (CACHE, *parts):
        path = path / part
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            if not create:
                return None
            try:
                os.mkdir(path)
            except FileExistsError:  # made by another copkit meanwhile
                pass
            except OSError:
                return None
            try:
                st = os.lstat(path)
            except OSError:
                return None
        except OSError:
            return None
        if not stat.S_ISDIR(st.st_mode):  # a link (lstat does not follow it) or a file
            return None
    return path


def own_file(root: Path, *parts: str, create: bool = True) -> Path | None:
    """root/.copkit/<parts>: a file of copkit's own in a plain folder, which is not itself a
    link or anything but a regular file when it exists; None otherwise."""
    folder = own_folder(root, *parts[:-1], create=create)
    if folder is None:
        return None
    path = folder / parts[-1]
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return path
    except OSError:
        return None
    return path if stat.S_ISREG(st.st_mode) else None


def write_own(path: Path, data: bytes) -> None:
    """Replace one of copkit's own files (from `own_file`) with `data`: written to an
    exclusive temporary file beside it, then renamed over it (a rename replaces a link in
    its place; it never writes through one). Raises OSError; callers treat it as no cache."""
    fd, tmp = temp_file(path.parent, path.name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def cache_problem(root: Path) -> str | None:
    """Why .copkit/ cannot be used as copkit's cache (`copkit check` warns), or None."""
    path = root / CACHE
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as e:
        return f"cannot be read ({e.strerror or e}); copkit runs without its cache"
    if stat.S_ISLNK(st.st_mode):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return (
            f"is a symbolic link (to {target}), not a folder; copkit never keeps its cache "
            f"through a link and runs without one: remove the link (rm {CACHE}) and let "
            "copkit make the folder"
        )
    if not stat.S_ISDIR(st.st_mode):
        return (
            f"is a file, not copkit's cache folder; copkit runs without its cache: "
            f"remove it (rm {CACHE})"
        )
    return None
