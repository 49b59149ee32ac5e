"""The workspace's .gitignore, and what git says about private journal words (SPEC 7.2)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from copkit.storage.atomic import write_atomic
from copkit.storage.scratch import TEMP_IGNORE
from copkit.storage.workspace import PRIVATE_IGNORE

CACHE_IGNORE = ".copkit/"
# what `copkit init` puts in .gitignore: the cache, private words, a killed write's temp files
INIT_IGNORES = (CACHE_IGNORE, PRIVATE_IGNORE, TEMP_IGNORE)
_PROBE = "journals/challenge/member/private/day-01.md"  # a path the rule must ignore


def gitignore_lines(root: Path) -> list[str]:
    """The lines of the root's .gitignore, [] when there is none (or it cannot be read)."""
    try:
        return (root / ".gitignore").read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def add_ignores(root: Path, wanted: tuple[str, ...] | list[str]) -> list[str]:
    """Append the `wanted` lines missing from the root's .gitignore, keeping every other line;
    returns the lines added (nothing is written when none is missing)."""
    lines = gitignore_lines(root)
    missing = [line for line in wanted if line not in lines]
    if missing:
        write_atomic(root / ".gitignore", "\n".join([*lines, *missing]) + "\n", overwrite=True)
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
    return PrivacyFacts(ignored=ignored, tracked=tracked)
