"""The workspace's .gitignore, and what git says about private journal words (SPEC 7.2)."""

from __future__ import annotations

import os
import stat
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from copkit.errors import CopkitError
from copkit.storage.atomic import write_atomic
from copkit.storage.limits import MAX_FILE_BYTES
from copkit.storage.scratch import TEMP_IGNORE
from copkit.storage.workspace import PRIVATE_IGNORE

CACHE_IGNORE = ".copkit/"
# what `copkit init` puts in .gitignore: the cache, private words, a killed write's temp files
INIT_IGNORES = (CACHE_IGNORE, PRIVATE_IGNORE, TEMP_IGNORE)
_PROBE = "journals/challenge/member/private/day-01.md"  # a path the rule must ignore


@dataclass
class IgnoreFile:
    """The root's .gitignore as copkit may change it: its lines, and how it is saved."""

    lines: list[str]
    bom: bool = False  # UTF-8 with a byte-order mark (git skips it): kept
    newline: str = "\n"  # "\r\n" when the file uses it: kept

    def with_lines(self, wanted: tuple[str, ...] | list[str]) -> tuple[str | None, list[str]]:
        """(the file's new text, or None when nothing is missing; the lines added)."""
        missing = [line for line in wanted if line not in (x.strip() for x in self.lines)]
        if not missing:
            return None, []
        text = self.newline.join([*self.lines, *missing]) + self.newline
        return ("\ufeff" if self.bom else "") + text, missing


def read_gitignore(root: Path) -> IgnoreFile:
    """The root's .gitignore for a change; a CopkitError, before anything is written, when
    copkit must not change it: a link (its content may be anywhere), not a file, or not
    saved as UTF-8 (git reads its lines as UTF-8 bytes)."""
    path = root / ".gitignore"
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return IgnoreFile([])
    except OSError as e:
        raise CopkitError(
            f".gitignore cannot be read ({e.strerror or e}); nothing was written"
        ) from None
    fix = "Nothing was written."
    if stat.S_ISLNK(st.st_mode):
        raise CopkitError(
            f".gitignore is a symbolic link (to {os.readlink(path)}); copkit neither reads nor "
            "writes through it",
            hint=f"Replace the link with a plain .gitignore file. {fix}",
        )
    if not stat.S_ISREG(st.st_mode):
        raise CopkitError(
            ".gitignore is a folder (or another non-file); git reads it only as a file",
            hint=f"Move it away, then run the command again. {fix}",
        )
    if st.st_size > MAX_FILE_BYTES:
        raise CopkitError(f".gitignore is over {MAX_FILE_BYTES:,} bytes; {fix.lower()}")
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise CopkitError(
            f".gitignore cannot be read ({e.strerror or e}); nothing was written"
        ) from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\0" in raw:
        raise CopkitError(
            ".gitignore is saved as UTF-16 (as PowerShell's `>` and Out-File write it); git "
            "cannot read such a file, so none of its lines ignore anything",
            hint="Save it as UTF-8, e.g. in PowerShell: "
            "(Get-Content .gitignore) | Set-Content -Encoding utf8 .gitignore; then run the "
            f"command again. {fix}",
        )
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as e:
        raise CopkitError(
            f".gitignore is not UTF-8 (byte 0x{raw[e.start]:02x}); copkit will not rewrite it",
            hint=f"Save it as UTF-8, then run the command again. {fix}",
        ) from None
    return IgnoreFile(text.splitlines(), bom, "\r\n" if "\r\n" in text else "\n")


def gitignore_lines(root: Path) -> list[str]:
    """The lines of the root's .gitignore, [] when there is none or it cannot be used."""
    try:
        return read_gitignore(root).lines
    except CopkitError:
        return []


def add_ignores(root: Path, wanted: tuple[str, ...] | list[str]) -> list[str]:
    """Append the `wanted` lines missing from the root's .gitignore, keeping every other line
    (and its encoding and line ends); returns the lines added (nothing is written when none
    is missing). A .gitignore copkit must not change is refused first (`read_gitignore`)."""
    text, missing = read_gitignore(root).with_lines(wanted)
    if text is not None:
        write_atomic(root / ".gitignore", text, overwrite=True)
    return missing


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes] | None:
    try:
        return subprocess.run(
            ["git", *args], cwd=root, capture_output=True, check=False, timeout=60
        )
    except (OSError, subprocess.SubprocessError):
        return None


@dataclass
class PrivacyFacts:
    """What `check` needs to know about private words and git, gathered in one place."""

    ignored: bool  # journals/**/private/ is git-ignored (the line, or git says so)
    tracked: list[str] = field(default_factory=list)  # private files git tracks, root-relative
    # why `check --fix` cannot add the line (a .gitignore link, folder, UTF-16 file ...) and
    # what to do instead; None when it can
    unfixable: tuple[str, str] | None = None


def privacy_facts(root: Path) -> PrivacyFacts:
    """Whether private folders are git-ignored, and which private files git tracks anyway.

    In a git repository git decides (so `**/private/` or a parent .gitignore also do, and a
    later `!` rule that undoes the line does not); elsewhere the .gitignore line must be
    there. Outside a git repository nothing is tracked.
    """
    r = _git(root, "check-ignore", "-q", "--no-index", _PROBE)
    if r is not None and r.returncode in (0, 1):  # 0: ignored, 1: not; 128: no repository
        ignored = r.returncode == 0
    else:
        ignored = PRIVATE_IGNORE in (line.strip() for line in gitignore_lines(root))
    r = _git(root, "ls-files", "-z", "--", ":(glob)journals/**/private/**")
    tracked: list[str] = []
    if r is not None and r.returncode == 0:
        tracked = sorted(p.decode("utf-8", "replace") for p in r.stdout.split(b"\0") if p)
    unfixable = None
    if not ignored:
        try:
            read_gitignore(root)
        except CopkitError as e:  # the same refusal `check --fix` would give
            todo = (e.hint or "").replace("Nothing was written.", "")
            for then in (", then run the command again", "; then run the command again"):
                todo = todo.replace(then, "")
            unfixable = (e.message, todo.strip().rstrip("."))
    return PrivacyFacts(ignored=ignored, tracked=tracked, unfixable=unfixable)
