"""Git as the collaboration engine, with real git: members merge cleanly, organisers' clashes are
reported by line.

(a) Members in separate clones join and journal at the same time, then push in turn with plain
    merges: no conflict, and `copkit check` is clean on the result.
(b) Two organisers change the same challenge file next to each other: git reports a conflict, and
    `copkit check` on the conflicted tree points at every marker by line, exit 1, no crash.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from copkit.model import JournalEntry, Plan
from copkit.storage.workspace import Workspace
from tests.conftest import Run
from tests.test_hostile_inputs import CHALLENGE, registered

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="needs git"),
]

MEMBERS = ["alice-martin", "bob-lee", "carol-diaz", "dan-wu", "erin-kim", "femi-ade"]


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-c", "pull.rebase=false", "-c", "init.defaultBranch=main", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=check,
        timeout=60,
    )


@pytest.fixture
def origin(tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A bare repository holding a community with six members and a running challenge."""
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-28")
    bare = tmp_path / "origin.git"
    git(tmp_path, "init", "--bare", str(bare))
    seed = tmp_path / "seed"
    assert run("init", str(seed), "--name", "Git CoP").exit_code == 0
    for m in MEMBERS:
        r = run("--root", str(seed), "member", "add", m, "--name", m.replace("-", " ").title())
        assert r.exit_code == 0, r.output
    (seed / "challenges" / "dec.yaml").write_text(
        CHALLENGE.replace("pairs:\n  - [alice-martin, bob-lee, carol-diaz]\n", "")
    )
    git(seed, "init")
    git(seed, "add", "-A")
    git(seed, "commit", "-qm", "A community and its December challenge")
    git(seed, "remote", "add", "origin", str(bare))
    git(seed, "push", "-q", "origin", "HEAD:main")
    return bare


def clone(origin: Path, where: Path, email: str) -> Path:
    git(where.parent, "clone", "-q", str(origin), str(where))
    git(where, "config", "user.email", email)
    git(where, "config", "user.name", email.split("@")[0])
    return where


def join(run: Run, root: Path, member: str) -> None:
    """`challenge join` once it has landed; until then the plan file in canonical form."""
    if registered(("challenge", "join")):
        r = run("--root", str(root), "challenge", "join", "dec", "--as", member)
        assert r.exit_code == 0, r.output
        return
    w = Workspace(root)
    w.write_markdown(w.plan_path("dec", member), Plan(joined=date(2026, 11, 24)), "Why I am in.\n")


def journal(run: Run, root: Path, member: str, day: int) -> None:
    """`journal add` once it has landed; until then the entry file in canonical form."""
    if registered(("journal", "add")):
        r = run(
            "--root", str(root), "journal", "add", "dec", "--as", member, "--day", str(day),
            "--status", "done", "--minutes", "20", "-m", f"{member} on day {day}.",
        )  # fmt: skip
        assert r.exit_code == 0, r.output
        return
    w = Workspace(root)
    entry = JournalEntry(date=date(2026, 11, 24 + day), status="done", minutes=20)
    w.write_markdown(w.entry_path("dec", member, day, 5), entry, f"{member} on day {day}.\n")


def test_members_join_and_journal_concurrently_and_merge_without_conflict(
    origin: Path, tmp_path: Path, run: Run
) -> None:
    clones = {m: clone(origin, tmp_path / f"clone-{m}", f"{m}@example.org") for m in MEMBERS}
    # everyone works offline at the same time: nobody has seen anybody else's commits
    for m, root in clones.items():
        join(run, root, m)
        git(root, "add", "-A")
        git(root, "commit", "-qm", f"{m} joins dec")
        for day in (1, 2, 3):
            journal(run, root, m, day)
            git(root, "add", "-A")
            git(root, "commit", "-qm", f"{m}: day {day}")
    # then they push in turn, each merging what the others pushed before
    for root in clones.values():
        pulled = git(root, "pull", "--no-edit", "origin", "main", check=False)
        assert pulled.returncode == 0, pulled.stdout + pulled.stderr
        assert "CONFLICT" not in pulled.stdout
        git(root, "push", "-q", "origin", "HEAD:main")
    final = clone(origin, tmp_path / "final", "organiser@example.org")
    assert not list(final.rglob("*.orig"))
    r = run("--root", str(final), "check")
    assert r.exit_code == 0, r.output
    assert "no problems" in r.stderr
    plans = sorted(p.parent.name for p in (final / "journals" / "dec").glob("*/plan.md"))
    assert plans == sorted(MEMBERS)
    assert len(list((final / "journals" / "dec").glob("*/day-0*.md"))) == 3 * len(MEMBERS)
    log = git(final, "log", "--merges", "--oneline").stdout.splitlines()
    assert len(log) == len(MEMBERS) - 1  # the first push fast-forwards, each later one merges
    if registered(("challenge", "progress")):
        r = run("--root", str(final), "challenge", "progress", "dec", "--json")
        assert r.exit_code == 0, r.output
        assert "femi-ade" in r.stdout


def _pairs(run: Run, root: Path) -> None:
    """Organiser A draws the pairs (the command once it has landed)."""
    if registered(("challenge", "pair")):
        for m in MEMBERS[:4]:
            join(run, root, m)
        r = run("--root", str(root), "challenge", "pair", "dec", "--seed", "7")
        assert r.exit_code == 0, r.output
        return
    with (root / "challenges" / "dec.yaml").open("a") as f:
        f.write("pairs:\n  - [alice-martin, bob-lee]\n  - [carol-diaz, dan-wu]\n")


@pytest.mark.parametrize("style", ["merge", "diff3", "zdiff3"])
def test_organisers_clash_on_a_challenge_and_check_points_at_the_markers(
    origin: Path, tmp_path: Path, run: Run, style: str
) -> None:
    a = clone(origin, tmp_path / "organiser-a", "alice@example.org")
    b = clone(origin, tmp_path / "organiser-b", "bob@example.org")
    _pairs(run, a)
    git(a, "add", "-A")
    git(a, "commit", "-qm", "Pairs for December")
    git(a, "push", "-q", "origin", "HEAD:main")
    # organiser B rewrites the last day's prompt: the line just above where the pairs went
    path = b / "challenges" / "dec.yaml"
    text = path.read_text()
    path.write_text(text.replace("prompt: Script one manual step.", "prompt: Script two steps."))
    git(b, "commit", "-qam", "Harder last day")
    pulled = git(
        b, "-c", f"merge.conflictStyle={style}", "pull", "--no-edit", "origin", "main", check=False
    )
    assert pulled.returncode != 0
    assert "CONFLICT (content): Merge conflict in challenges/dec.yaml" in pulled.stdout

    conflicted = path.read_text().splitlines()
    markers = [
        (i + 1, line[:7])
        for i, line in enumerate(conflicted)
        if re.match(r"^(<{7}|={7}|>{7}|\|{7})( |$)", line)
    ]
    assert len(markers) == (4 if style != "merge" else 3)
    r = run("--root", str(b), "check")
    assert r.exit_code == 1, r.output
    assert "Traceback" not in r.output and "internal error" not in r.output
    for line, marker in markers:
        assert (
            f"challenges/dec.yaml:{line}:1: error: git conflict marker {marker!r}: resolve the "
            "merge conflict and remove the markers" in r.stdout
        ), r.stdout
    # the rest of the tree is still checked: a broken member file is reported too
    (b / "members" / "zz.yaml").write_text("name: [\n")
    r = run("--root", str(b), "check", "--json")
    assert r.exit_code == 1
    assert '"path": "members/zz.yaml"' in r.stdout
    for args in (("challenge", "progress", "dec"), ("challenge", "report", "dec"), ("report",)):
        if registered(args):
            r = run("--root", str(b), *args)
            assert r.exit_code in (0, 1), r.output
            assert "Traceback" not in r.output and "internal error" not in r.output
            # `copkit report` only counts the files it skipped (see test_hostile_inputs.py)
            assert "challenges/dec.yaml" in r.output or "run `copkit check`" in r.output

    # resolving by hand (keep both sides) makes the tree clean again
    resolved = [ln for ln in conflicted if not re.match(r"^(<{7}|={7}|>{7}|\|{7})( |$)", ln)]
    if style != "merge":  # drop the base section between ||||||| and =======
        base_start = next(i for i, ln in enumerate(conflicted) if ln.startswith("|||||||"))
        base_end = next(i for i, ln in enumerate(conflicted) if ln.startswith("======="))
        base = conflicted[base_start + 1 : base_end]
        for ln in base:
            resolved.remove(ln)
    keep = [ln for ln in resolved if "Script one manual step." not in ln]
    path.write_text("\n".join(keep) + "\n")
    (b / "members" / "zz.yaml").unlink()
    r = run("--root", str(b), "check")
    assert r.exit_code == 0, r.output


@pytest.mark.parametrize("where", ["front", "body"])
def test_conflict_markers_in_a_journal_entry_are_reported_by_line(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    root = tmp_path / "cop"
    assert run("init", str(root), "--name", "C").exit_code == 0
    assert run("--root", str(root), "member", "add", "bob-lee", "--name", "Bob").exit_code == 0
    (root / "challenges" / "dec.yaml").write_text(CHALLENGE.split("pairs:")[0])
    d = root / "journals" / "dec" / "bob-lee"
    d.mkdir(parents=True)
    (d / "plan.md").write_text("---\njoined: 2026-11-20\n---\n")
    clash = "<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> main\n"
    front = "date: 2026-11-25\nstatus: done\n"
    text = (
        f"---\n{front}{clash}---\nBody.\n"
        if where == "front"
        else f"---\n{front}---\nBody.\n{clash}"
    )
    (d / "day-01.md").write_text(text)
    first = text.splitlines().index("<<<<<<< HEAD") + 1
    r = run("--root", str(root), "check")
    assert r.exit_code == 1
    assert (
        f"journals/dec/bob-lee/day-01.md:{first}:1: error: git conflict marker '<<<<<<<'"
        in r.stdout
    )
    assert (
        f"journals/dec/bob-lee/day-01.md:{first + 4}:1: error: git conflict marker '>>>>>>>'"
        in r.stdout
    )


def test_a_markdown_heading_rule_is_not_a_conflict_marker(tmp_path: Path) -> None:
    from copkit.storage.documents import parse_markdown

    text = "---\ndate: 2026-11-25\nstatus: done\n---\nWhat I learned\n=======\n\nA lot.\n"
    loaded = parse_markdown(text, "day-01.md", JournalEntry)
    assert loaded.problems == []
    assert loaded.body == "What I learned\n=======\n\nA lot.\n"
