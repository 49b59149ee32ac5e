"""Private words with real git: a member journals privately in one clone and pushes; the
other clone has the counts and not one word, in its files or in the history."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.test_journal import join, write_challenge

pytestmark = pytest.mark.slow

SECRET = "Slept four hours again; my manager said the burnout talk can wait until Q2."
WORDS = ["burnout", "four hours", "manager"]


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_MERGE_AUTOEDIT": "no", "GIT_EDITOR": "true"}
    r = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, env=env, check=False
    )
    assert r.returncode == 0, f"git {' '.join(args)}:\n{r.stdout}\n{r.stderr}"
    return r.stdout


def clone(tmp_path: Path, origin: Path, name: str, email: str) -> Path:
    where = tmp_path / name
    git(tmp_path, "clone", "-q", str(origin), str(where))
    git(where, "config", "user.name", name)
    git(where, "config", "user.email", email)
    return where


def words_under(root: Path) -> list[str]:
    """Every file under root (the .git folder included) that holds a private word."""
    found = []
    for p in root.rglob("*"):
        if p.is_file():
            data = p.read_bytes()
            if any(w.encode() in data for w in WORDS):
                found.append(p.relative_to(root).as_posix())
    return found


@pytest.mark.parametrize("root_ignore", [True, False], ids=["gitignore", "no-root-line"])
def test_private_words_never_reach_the_other_clone(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch, root_ignore: bool
) -> None:
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    seed = tmp_path / "seed"
    git(tmp_path, "clone", "-q", str(origin), str(seed))
    git(seed, "checkout", "-q", "-b", "main")
    assert run("init", str(seed), "--name", "Git CoP").exit_code == 0
    if not root_ignore:  # an older workspace: only the private folder's own .gitignore helps
        (seed / ".gitignore").write_text(".copkit/\n")
    for m, name in (("alice-martin", "Alice Martin"), ("bob-lee", "Bob Lee")):
        r = run("--root", str(seed), "member", "add", m, "--name", name)
        assert r.exit_code == 0, r.output
        join(seed, "dec", m)
    write_challenge(seed, pairs=[["alice-martin", "bob-lee"]])
    git(seed, "add", "-A")
    git(seed, "commit", "-q", "-m", "Community")
    git(seed, "push", "-q", "origin", "main")

    alice = clone(tmp_path, origin, "alice", "alice@example.org")
    bob = clone(tmp_path, origin, "bob", "bob@example.org")

    # alice journals: two private days (one of them a highlight), one shared day
    monkeypatch.setenv("COPKIT_TODAY", "2026-12-03")
    for args in (
        ["--day", "1", "--private", "--mood", "2", "-m", SECRET],
        ["--day", "2", "--private", "--highlight", "--minutes", "20", "-m", SECRET],
        ["--day", "3", "--minutes", "10", "-m", "Shared: mapped the pipeline."],
    ):
        r = run("--root", str(alice), "journal", "add", "dec", "--as", "alice-martin", *args)
        assert r.exit_code == 0, r.output
    # a move keeps the words private too: day 3 goes private, then back to shared
    for flag in ("--private", "--shared"):
        r = run("--root", str(alice), "journal", "add", "dec", "--as", "alice-martin", "--day", "3", flag, "--force")  # fmt: skip
        assert r.exit_code == 0, r.output

    # the hostile `git add -A` stages no private file
    git(alice, "add", "-A")
    staged = git(alice, "diff", "--cached", "--name-only").split()
    assert staged and not [p for p in staged if "/private/" in p]
    assert "journals/dec/alice-martin/day-01.md" in staged
    status = git(alice, "status", "--porcelain", "--untracked-files=all").split("\n")
    assert not [line for line in status if "private" in line]
    git(alice, "commit", "-q", "-m", "alice: days 1-3")
    git(alice, "push", "-q", "origin", "main")
    assert [p for p in words_under(alice) if "/private/" not in p] == []

    git(bob, "pull", "-q", "--no-rebase", "origin", "main")
    # bob's clone has the counts...
    env = {"COPKIT_TODAY": "2026-12-10"}
    rows = json.loads(run("--root", str(bob), "challenge", "progress", "dec", "--json", env=env).stdout)  # fmt: skip
    a = next(p for p in rows["participants"] if p["member"] == "alice-martin")
    assert (a["done"], a["minutes"]) == (3, 30)
    report = run("--root", str(bob), "challenge", "report", "dec", "--format", "json", env=env)
    assert json.loads(report.stdout)["entries"]["done"] == 3
    # ... and not one word, in the files, in the history, or in what copkit prints
    assert words_under(bob) == []
    log = git(bob, "log", "-p", "--all")
    assert "private: true" in log
    assert not [w for w in WORDS if w in log]
    for args in (
        ["challenge", "report", "dec", "--format", "markdown"],
        ["journal", "list", "dec", "--json"],
        ["journal", "show", "dec", "--as", "alice-martin", "--day", "2"],
    ):
        r = run("--root", str(bob), *args, env=env)
        assert r.exit_code == 0, r.output
        assert not [w for w in WORDS if w in r.stdout]
    shown = run("--root", str(bob), "journal", "show", "dec", "--as", "alice-martin", "--day", "1", env=env)  # fmt: skip
    assert "private: written in its author's checkout" in shown.stdout
    # in alice's own checkout the words are there for her
    mine = run("--root", str(alice), "journal", "show", "dec", "--as", "alice-martin", "--day", "1", env=env)  # fmt: skip
    assert "burnout" in mine.stdout
    check = run("--root", str(bob), "check", env=env)
    if root_ignore:
        assert check.exit_code == 0, check.output
    else:
        assert "not git-ignored" in check.stdout
