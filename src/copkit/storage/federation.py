"""The federation's copies of its communities: git clones under .copkit/federation/<id>/.

A clone is read-only for copkit: it is made by `git clone` and only ever fast-forwarded to
its remote's branch. A community that cannot be reached, or whose history was rewritten
(the clone is not an ancestor of the remote any more), is reported and left as it was.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from copkit.model.community import FederatedCommunity

FOLDER = (".copkit", "federation")
GIT_TIMEOUT = 600  # seconds for one git command: a first clone of a big community takes time
Status = Literal["cloned", "updated", "up to date", "unreachable", "diverged", "failed"]


@dataclass(frozen=True)
class SyncResult:
    community: str
    status: Status
    commit: str | None  # the clone's commit after the sync
    message: str  # what happened, or git's own words for what went wrong

    @property
    def ok(self) -> bool:
        return self.status in ("cloned", "updated", "up to date")

    def as_json(self) -> dict[str, object]:
        return {
            "community": self.community,
            "status": self.status,
            "commit": self.commit,
            "message": self.message,
        }


def clone_dir(root: Path, community: str) -> Path:
    """Where the community's clone lives (its id is a slug, checked by copkit.yaml's rules)."""
    return root.joinpath(*FOLDER, community)


def source(root: Path, c: FederatedCommunity) -> str:
    """What git clones: the URL, or the path made absolute against the programme's root."""
    if c.git:
        return c.git
    return str((root / Path(c.path or "").expanduser()).resolve())


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["GIT_TERMINAL_PROMPT"] = "0"  # never wait for a password nobody will type
    env.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")
    env["LC_ALL"] = "C"
    return env


class _GitError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _git(*args: str, cwd: Path | None = None) -> str:
    try:
        r = subprocess.run(
            ["git", *args],
            cwd=cwd,
            env=_env(),
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise _GitError("git is not installed (copkit federation sync runs git)") from None
    except subprocess.TimeoutExpired:
        raise _GitError(f"git {args[0]} took more than {GIT_TIMEOUT} s; gave up") from None
    if r.returncode != 0:
        lines = [ln.strip() for ln in r.stderr.splitlines() if ln.strip()]
        useful = [ln for ln in lines if ln.startswith(("fatal:", "error:"))] or lines
        raise _GitError("; ".join(useful[-3:]) or f"git {args[0]} failed ({r.returncode})")
    return r.stdout.strip()


def sync(root: Path, c: FederatedCommunity) -> SyncResult:
    """Clone the community, or fast-forward its clone; never raises for git's troubles."""
    from copkit.storage.scratch import cache_problem, own_folder

    dest = clone_dir(root, c.id)
    url = source(root, c)
    if own_folder(root, *FOLDER[1:]) is None:  # a link, a file: never clone through it
        why = cache_problem(root) or f"{'/'.join(FOLDER)} is not a plain folder; remove it"
        return SyncResult(c.id, "failed", None, f"{FOLDER[0]} {why}")
    try:
        if not (dest / ".git").exists():
            return _clone(c.id, url, dest)
        return _update(c.id, url, dest)
    except _GitError as e:
        status: Status = "failed"
        low = e.message.lower()
        if any(
            w in low
            for w in (
                "could not read",
                "does not exist",
                "not found",
                "unable to access",
                "could not resolve",
                "connection",
                "not appear to be a git repository",
                "permission denied",
                "timed out",
                "took more than",
            )
        ):
            status = "unreachable"
        return SyncResult(c.id, status, _head(dest), e.message)


def _head(dest: Path) -> str | None:
    with contextlib.suppress(_GitError, OSError):
        return _git("rev-parse", "HEAD", cwd=dest) if (dest / ".git").exists() else None
    return None


def _clone(community: str, url: str, dest: Path) -> SyncResult:
    tmp = dest.with_name(f".{dest.name}.cloning")
    shutil.rmtree(tmp, ignore_errors=True)  # left by an interrupted run
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        _git("clone", "--quiet", "--no-tags", "--single-branch", "--", url, str(tmp))
        # copkit keeps its cache inside the clone: never let git see it as a change
        exclude = tmp / ".git" / "info" / "exclude"
        exclude.parent.mkdir(parents=True, exist_ok=True)
        with exclude.open("a", encoding="utf-8") as f:
            f.write("\n/.copkit/\n")
        if dest.exists():
            shutil.rmtree(dest)  # not a clone (no .git): a leftover of copkit's own
        os.replace(tmp, dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    commit = _head(dest)
    return SyncResult(
        community, "cloned", commit, f"cloned at {commit[:7]}" if commit else "cloned (empty)"
    )


def _update(community: str, url: str, dest: Path) -> SyncResult:
    if _git("remote", "get-url", "origin", cwd=dest) != url:
        _git("remote", "set-url", "origin", url, cwd=dest)
    branch = _git("symbolic-ref", "--short", "HEAD", cwd=dest)
    remote = _git("ls-remote", "origin", f"refs/heads/{branch}", cwd=dest).split()
    if not remote:
        raise _GitError(f"the remote has no branch {branch!r} any more")
    head = _head(dest)
    if remote[0] == head:
        return SyncResult(community, "up to date", head, f"up to date at {(head or '')[:7]}")
    _git("fetch", "--quiet", "--no-tags", "origin", branch, cwd=dest)
    fetched = _git("rev-parse", "FETCH_HEAD", cwd=dest)
    if head is not None:
        try:
            _git("merge-base", "--is-ancestor", head, fetched, cwd=dest)
        except _GitError:
            return SyncResult(
                community,
                "diverged",
                head,
                f"the remote's history no longer contains {head[:7]} (rewritten upstream); "
                f"kept the copy as it was; to start afresh, delete {'/'.join(FOLDER)}/{community}/",
            )
    _git("merge", "--ff-only", "--quiet", fetched, cwd=dest)
    return SyncResult(community, "updated", fetched, f"updated {(head or '')[:7]}..{fetched[:7]}")
