"""The git-friendly rule with real git: members join and journal in their own clones, push in
turn with plain merges, and git never reports a conflict."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.test_journal import join, write_challenge

pytestmark = pytest.mark.slow

MEMBERS = {
    "alice-martin": ("Alice Martin", "alice@example.org"),
    "bob-lee": ("Bob Lee", "bob@example.org"),
    "carol-diaz": ("Carol Diaz", "carol@example.org"),
}
COPKIT = Path(sys.executable).parent / "copkit"


def git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_MERGE_AUTOEDIT": "no", "GIT_EDITOR": "true"}
    r = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, env=env, check=False
    )
    assert r.returncode == 0, f"git {' '.join(args)}:\n{r.stdout}\n{r.stderr}"
    return r


def has_command(run: Run, group: str, name: str) -> bool:
    return run(group, name, "--help").exit_code == 0


def test_members_join_and_journal_in_clones_and_merge_without_conflict(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))

    # The organiser sets the community up: two members, a challenge with pairs.
    seed = tmp_path / "seed"
    git(tmp_path, "clone", "-q", str(origin), str(seed))
    git(seed, "checkout", "-q", "-b", "main")
    assert run("init", str(seed), "--name", "Git CoP").exit_code == 0
    for m in ("alice-martin", "bob-lee"):
        name, email = MEMBERS[m]
        r = run("--root", str(seed), "member", "add", m, "--name", name, "--email", email)
        assert r.exit_code == 0, r.output
    write_challenge(seed, pairs=[["alice-martin", "bob-lee"]])
    git(seed, "add", "-A")
    git(seed, "commit", "-q", "-m", "Community, members and the December challenge")
    git(seed, "push", "-q", "origin", "main")

    # Everyone clones before anyone pushes: their work happens at the same time.
    clones = {}
    for m, (name, email) in MEMBERS.items():
        clone = tmp_path / m
        git(tmp_path, "clone", "-q", str(origin), str(clone))
        git(clone, "config", "user.name", name)
        git(clone, "config", "user.email", email)
        clones[m] = clone

    # carol adds herself; then each member joins before the start, as themselves.
    r = run("--root", str(clones["carol-diaz"]), "member", "add", "carol-diaz", "--name", "Carol Diaz", "--email", "carol@example.org")  # fmt: skip
    assert r.exit_code == 0, r.output
    can_join = has_command(run, "challenge", "join")
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-28")
    for m, clone in clones.items():
        if can_join:
            r = run("--root", str(clone), "challenge", "join", "dec", "--as", m)
            assert r.exit_code == 0, r.output
        else:  # `challenge join` lands from another branch; write what it writes
            join(clone, "dec", m)

    # Three days of journaling, each member identified a different way.
    monkeypatch.setenv("COPKIT_TODAY", "2026-12-03")
    for day in (1, 2, 3):
        ways = {
            "alice-martin": ([], {}),  # recognised by git user.email
            "bob-lee": ([], {"COPKIT_MEMBER": "bob-lee"}),
            "carol-diaz": (["--as", "carol-diaz"], {}),
        }
        for m, clone in clones.items():
            args, env = ways[m]
            status = "partial" if (m, day) == ("bob-lee", 2) else "done"
            r = run(
                "--root", str(clone), "journal", "add", "dec", *args, "--day", str(day),
                "--status", status, "--minutes", "20", "-m", f"{m}, day {day}.", env=env,
            )  # fmt: skip
            assert r.exit_code == 0, r.output
    for m, clone in clones.items():
        # a member's commands wrote only that member's files
        changed = git(clone, "status", "--porcelain", "--untracked-files=all").stdout.split()
        paths = [p for p in changed if p != "??"]
        assert all(p.startswith((f"journals/dec/{m}/", f"members/{m}.yaml")) for p in paths), paths
        git(clone, "add", "-A")
        git(clone, "commit", "-q", "-m", f"{m}: joined and journaled days 1-3")

    # They push in turn; each pull is a plain merge of someone else's files.
    for clone in clones.values():
        pulled = git(clone, "pull", "--no-rebase", "origin", "main")
        assert "CONFLICT" not in pulled.stdout + pulled.stderr
        git(clone, "push", "-q", "origin", "main")

    final = tmp_path / "final"
    git(tmp_path, "clone", "-q", str(origin), str(final))
    assert len(list((final / "journals" / "dec").glob("*/day-0[1-3].md"))) == 9
    log = git(final, "log", "--merges", "--oneline").stdout.splitlines()
    assert len(log) == 2  # bob and carol each merged the work pushed before theirs

    # The installed copkit, in a subprocess: the merged community is valid.
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPKIT_")}
    env["COPKIT_TODAY"] = "2026-12-03"
    check = subprocess.run(
        [str(COPKIT), "check"], cwd=final, capture_output=True, text=True, env=env, check=False
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout == ""
    progress = subprocess.run(
        [str(COPKIT), "challenge", "progress", "dec", "--json"],
        cwd=final, capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    rows = {p["member"]: p for p in json.loads(progress.stdout)["participants"]}
    assert sorted(rows) == sorted(MEMBERS)
    assert rows["bob-lee"]["partial"] == 1 and rows["bob-lee"]["done"] == 2
    assert all(p["current_streak"] == 3 and p["minutes"] == 60 for p in rows.values())
    assert rows["carol-diaz"]["partners"] == []
    assert rows["alice-martin"]["partners"] == ["bob-lee"]
