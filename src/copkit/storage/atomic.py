"""Atomic writes: a temporary file in the same folder, then os.replace."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from copkit.errors import CopkitError
from copkit.storage.scratch import temp_file


def write_atomic(
    path: Path, text: str, *, overwrite: bool = False, display: str | None = None
) -> None:
    """Write `text` to `path` so readers see the old file or the new one, never a mix.

    Refuses to replace an existing file unless `overwrite`; creates missing parent folders.
    """
    shown = display or str(path)
    refuse_special(path, shown)
    if not overwrite and path.exists():
        raise CopkitError(f"{shown} already exists; use --force to replace it")
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as e:  # e.g. undecodable bytes from the command line
        raise CopkitError(
            f"{shown}: not written: the text holds {text[e.start : e.end]!a}, which is not "
            "valid Unicode; check the arguments for stray bytes"
        ) from None
    mode = _mode(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = temp_file(path.parent, path.name)  # exclusive, random: never a planted link
    except OSError as e:
        raise CopkitError(
            f"{shown} could not be written ({e.strerror or e}); nothing was changed"
        ) from e
    try:
        with os.fdopen(fd, "wb") as f:
            _set_mode(fd, tmp, mode)  # mkstemp makes 0600; keep the file readable as any other
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if overwrite:
            os.replace(tmp, path)
        else:
            _publish_new(tmp, path, shown)
    except BaseException as e:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(e, OSError):  # disk full, permissions, ...: the user's to fix, not a bug
            raise CopkitError(
                f"{shown} could not be written ({e.strerror or e}); nothing was changed"
            ) from e
        raise


_SPECIAL = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def refuse_special(path: Path, shown: str) -> None:
    """The one guard of every write (workspace files and --output, --ics, --to alike): an
    existing name that is not a regular file is never replaced, --force or not. A link is
    judged by what it leads to. `challenge calendar --ics /dev/zero` run as root replaced the
    system's device (issue 20); a FIFO, a socket or a folder is someone else's, too."""
    try:
        mode = path.stat().st_mode
    except OSError:  # nothing there (a link that leads nowhere, or loops): nothing to replace
        return
    if stat.S_ISDIR(mode):
        raise CopkitError(
            f"{shown}: a folder stands where copkit writes a file; move it away first"
        )
    kind = next((what for test, what in _SPECIAL if test(mode)), None)
    if kind is None and not stat.S_ISREG(mode):
        kind = "not a regular file"
    if kind is not None:
        via = "a link to " if path.is_symlink() else ""
        raise CopkitError(
            f"{shown} is {via}{kind}, not a file copkit can replace; nothing was written",
            hint="Choose another file name (--force does not replace such a file).",
        )


def _set_mode(fd: int, path: str, mode: int) -> None:
    """chmod through the descriptor where the platform has it (POSIX; Windows only from
    Python 3.13), else by name."""
    fchmod = getattr(os, "fchmod", None)
    if fchmod is not None:
        fchmod(fd, mode)
    else:
        os.chmod(path, mode)


def _publish_new(tmp: str, path: Path, shown: str) -> None:
    """Give the finished temporary file the name `path` only if no file has it: one atomic,
    exclusive step (a hard link fails when the name exists), so of two commands creating the
    same file at the same moment exactly one wins and the other says so; nobody's words are
    replaced. Where the file system has no hard links, an exclusive create reserves the name
    and the rename then fills it."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise CopkitError(f"{shown} already exists; use --force to replace it") from None
    except OSError:  # no hard links here (some network and FAT file systems)
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            raise CopkitError(f"{shown} already exists; use --force to replace it") from None
        os.replace(tmp, path)
        return
    os.unlink(tmp)


def _mode(path: Path) -> int:
    """The permission bits the file has now, or those a new file gets under the umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
