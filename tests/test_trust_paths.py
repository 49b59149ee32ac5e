"""Issue 20, paths and links (F06, F24, F27) and leftover temporary files (F10).

copkit reads and writes nothing through a link that leads out of the root: not its cache
(.copkit/ committed as a link), not a temporary file (random names created exclusively), not
a linked members/, charters/, challenges/ or journals/ folder. A link that loops is one
problem for that file. A temporary file left by a killed write is ignored by readers,
git-ignored by the .gitignore `init` writes, and reported by `check` with how to remove it.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copkit.storage import scratch
from copkit.storage.atomic import write_atomic
from tests.conftest import Run
from tests.test_journal import join, write_challenge

DEPTH = int(os.environ.get("COPKIT_HYPOTHESIS", "12"))
READERS = [
    ("check",),
    ("challenge", "today", "dec"),
    ("challenge", "progress", "dec"),
    ("journal", "list", "dec"),
    ("member", "list"),
    ("charter", "list"),
    ("report",),
]


@pytest.fixture
def dec(ws: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A ten-day challenge `dec` that alice joined and journaled in; every file a minute old
    (old enough for the cache to record it); today 2026-12-07."""
    write_challenge(ws)
    join(ws, "dec", "alice-martin")
    monkeypatch.setenv("COPKIT_TODAY", "2026-12-07")
    r = run("journal", "add", "dec", "--as", "alice-martin", "--day", "3", "-m", "Day three.")
    assert r.exit_code == 0, r.output
    settle(ws)
    import shutil

    shutil.rmtree(ws / ".copkit", ignore_errors=True)  # each test plants its own
    return ws


def settle(root: Path) -> None:
    old = os.stat(root).st_mtime - 60
    for p in root.rglob("*"):
        if not p.is_symlink():
            os.utime(p, (old, old))


def tree(folder: Path) -> dict[str, bytes | str]:
    """Everything under `folder`: files by bytes, links by target, folders by name."""
    out: dict[str, bytes | str] = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if p.is_symlink():
            out[rel] = f"-> {os.readlink(p)}"
        elif p.is_file():
            out[rel] = p.read_bytes()
        else:
            out[rel] = "dir"
    return out


def another_apps_database(folder: Path) -> Path:
    """An SQLite file of another application, named like copkit's cache."""
    folder.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(folder / "cache.sqlite")
    db.execute("CREATE TABLE meta (key TEXT, value TEXT)")  # copkit's own table names
    db.execute("CREATE TABLE folders (path TEXT)")
    db.execute("INSERT INTO meta VALUES ('owner', 'another application')")
    db.commit()
    db.close()
    return folder / "cache.sqlite"


# ---- F06: the .copkit/ cache and temporary files ------------------------------------------------


def test_a_copkit_link_is_never_used_and_check_says_why(
    dec: Path, run: Run, tmp_path: Path
) -> None:
    outside = tmp_path / "other-app"
    another_apps_database(outside)
    before = tree(outside)
    (dec / ".copkit").symlink_to(outside, target_is_directory=True)
    for args in READERS:
        r = run(*args)
        assert r.exit_code in (0, 1), (args, r.output)
    r = run("charter", "new", "guild", "--title", "Guild")  # a write takes a lock
    assert tree(outside) == before  # nothing created, opened for writing or dropped there
    r = run("check")
    assert r.exit_code == 0, r.output
    assert ".copkit: warning: is a symbolic link (to " in r.stdout
    assert "runs without one: remove the link (rm .copkit)" in r.stdout


def test_a_copkit_file_is_refused_as_cache_too(dec: Path, run: Run) -> None:
    (dec / ".copkit").write_text("not a folder\n")
    r = run("challenge", "today", "dec")
    assert r.exit_code == 0, r.output
    assert (dec / ".copkit").read_text() == "not a folder\n"
    assert ".copkit: warning: is a file, not copkit's cache folder" in run("check").stdout


PLANTED = [
    pytest.param(("challenges",), id="challenges-folder"),
    pytest.param(("challenges", "dec.json"), id="challenge-copy"),
    pytest.param(("challenges", f".dec.json.{os.getpid()}.tmp"), id="old-predictable-temp"),
    pytest.param(("cache.sqlite",), id="sqlite-file"),
    pytest.param(("cache.sqlite-wal",), id="sqlite-wal"),
    pytest.param(("locks",), id="locks-folder"),
    pytest.param(("federation-summary.msgpack",), id="figures"),
]


@pytest.mark.parametrize("parts", PLANTED)
def test_links_planted_inside_the_cache_are_never_followed(
    dec: Path, run: Run, tmp_path: Path, parts: tuple[str, ...]
) -> None:
    outside = tmp_path / "victim"
    outside.mkdir()
    (outside / "precious.txt").write_text("keep me\n")
    another_apps_database(outside / "db")
    before = tree(outside)
    planted = dec / ".copkit" / Path(*parts)
    planted.parent.mkdir(parents=True, exist_ok=True)
    target = outside / ("db" if parts[-1] in ("locks", "challenges") else "precious.txt")
    if parts[-1].startswith("cache.sqlite"):
        target = outside / "db" / "cache.sqlite"
    planted.symlink_to(target)
    for args in (
        ("check",),
        ("challenge", "today", "dec"),
        ("report",),
        ("charter", "new", "guild", "--title", "Guild"),
        ("charter", "set", "guild", "--goal", "Changed."),  # a locked update
    ):
        r = run(*args)
        assert r.exit_code in (0, 1), (args, r.output)
    assert tree(outside) == before


LINKABLE = (
    (".copkit",),
    (".copkit", "challenges"),
    (".copkit", "challenges", "dec.json"),
    (".copkit", "cache.sqlite"),
    (".copkit", "cache.sqlite-shm"),
    (".copkit", "locks"),
)


@pytest.mark.slow
@settings(
    max_examples=DEPTH,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(links=st.sets(st.sampled_from(LINKABLE), min_size=1), to_folder=st.booleans())
def test_no_planted_cache_link_lets_a_command_touch_the_outside(
    dec: Path, run: Run, tmp_path: Path, links: set[tuple[str, ...]], to_folder: bool
) -> None:
    """The class: any mix of links in place of copkit's own folders and files."""
    import shutil

    shutil.rmtree(dec / ".copkit", ignore_errors=True)
    if (dec / ".copkit").is_symlink():
        (dec / ".copkit").unlink()
    outside = tmp_path / "victim"
    shutil.rmtree(outside, ignore_errors=True)
    another_apps_database(outside)
    (outside / "challenges").mkdir()
    before = tree(outside)
    for parts in sorted(links, key=len):
        planted = dec.joinpath(*parts)
        if any(dec.joinpath(*parts[:i]).is_symlink() for i in range(1, len(parts))):
            continue  # a link further up already stands in for it
        planted.parent.mkdir(parents=True, exist_ok=True)
        target = (
            outside
            if to_folder or parts[-1] in (".copkit", "challenges", "locks")
            else (outside / "cache.sqlite")
        )
        planted.symlink_to(target)
    for args in (("challenge", "today", "dec"), ("journal", "list", "dec"), ("report",)):
        assert run(*args).exit_code in (0, 1)
    assert tree(outside) == before


def test_temporary_files_are_exclusive_random_and_named_as_copkits(tmp_path: Path) -> None:
    seen: list[str] = []
    real = os.replace

    def spy(src: str, dst: object) -> None:
        seen.append(os.path.basename(src))
        real(src, dst)  # type: ignore[arg-type]

    target = tmp_path / "day-07.md"
    target.write_text("old\n")
    os.replace, saved = spy, os.replace  # type: ignore[assignment]
    try:
        write_atomic(target, "new\n", overwrite=True)
    finally:
        os.replace = saved
    assert len(seen) == 1
    assert seen[0].startswith(".day-07.md.") and seen[0].endswith(".copkit-tmp")
    assert scratch.temp_target(seen[0]) == "day-07.md"


# ---- F24, F27: linked folders and looping links ---------------------------------------------------


@pytest.mark.parametrize("folder", ["members", "charters", "challenges", "journals"])
def test_a_folder_linked_outside_is_one_problem_and_nothing_outside_is_named(
    dec: Path, run: Run, tmp_path: Path, folder: str
) -> None:
    outside = tmp_path / "secret"
    (outside / "dec" / "secret-member").mkdir(parents=True)
    (outside / "secret-file.yaml").write_text("name: [SECRET-CONTENT\n")
    (outside / "another-secret.yaml").write_text("name: Secret\nemail: s@x.org\n")
    real = dec / folder
    real.rename(tmp_path / f"{folder}.real")
    real.symlink_to(outside, target_is_directory=True)
    r = run("check")
    assert r.exit_code == 1
    assert f"{folder}: error: is a link to {outside}, outside the workspace" in r.stdout
    for secret in ("secret-file", "another-secret", "SECRET-CONTENT", "secret-member", "Secret"):
        assert secret not in r.output.replace(str(outside), "")
    for args in READERS[1:]:
        r = run(*args)
        assert r.exit_code in (0, 1), (args, r.output)
        assert "SECRET" not in r.output and "secret-" not in r.output.replace(str(outside), "")


def test_a_volunteers_folder_linked_outside_is_not_listed(
    dec: Path, run: Run, tmp_path: Path
) -> None:
    assert run("charter", "new", "guild", "--title", "Guild").exit_code == 0
    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "secret-volunteer.yaml").write_text("role: lead\n")
    (dec / "charters" / "guild").mkdir()
    (dec / "charters" / "guild" / "volunteers").symlink_to(outside, target_is_directory=True)
    r = run("check")
    assert r.exit_code == 1
    assert "charters/guild/volunteers: error: is a link to" in r.stdout
    assert "secret-volunteer" not in r.stdout


@pytest.mark.parametrize(
    "link",
    [
        "challenges/a.yaml",
        "challenges/dec.yaml",
        "members/bob-lee.yaml",
        "charters/guild.yaml",
        "journals/dec/alice-martin/day-04.md",
    ],
)
def test_a_self_referencing_link_is_one_problem_for_that_file(
    dec: Path, run: Run, link: str
) -> None:
    path = dec / link
    if path.exists():
        path.unlink()
    path.symlink_to(path.name)  # a.yaml -> a.yaml
    r = run("check")
    assert r.exit_code == 1, r.output
    assert "internal error" not in r.output
    lines = [ln for ln in r.stdout.splitlines() if ln.startswith(f"{link}:")]
    assert len(lines) == 1, r.stdout
    assert ": error: " in lines[0]
    assert "loop" in lines[0] or "symbolic link" in lines[0]
    for args in (
        ("challenge", "today", "dec"),
        ("journal", "list", "dec"),
        ("member", "list"),
        ("journal", "add", "dec", "--as", "alice-martin", "--day", "5", "-m", "Five."),
    ):
        r = run(*args)
        assert r.exit_code in (0, 1), (args, r.output)
        assert "internal error" not in r.output


def test_two_links_pointing_at_each_other_are_two_problems(dec: Path, run: Run) -> None:
    (dec / "members" / "x.yaml").symlink_to("y.yaml")
    (dec / "members" / "y.yaml").symlink_to("x.yaml")
    r = run("check")
    assert r.exit_code == 1
    assert "members/x.yaml: error: is a symbolic link that loops" in r.stdout
    assert "members/y.yaml: error: is a symbolic link that loops" in r.stdout
    assert run("member", "list").exit_code == 0


# ---- F10: temporary files left by a killed write -----------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "journals/dec/alice-martin/.day-03.md.k3j_x9ab.tmp",  # release 2's mkstemp name
        "journals/dec/alice-martin/.day-03.md.k3j_x9ab.copkit-tmp",
        "members/.bob-lee.yaml.abcd1234.copkit-tmp",
        "challenges/.dec.yaml.a1b2c3d4.copkit-tmp",
        ".copkit.yaml.zz9_zz9z.copkit-tmp",
    ],
)
def test_a_leftover_temporary_file_is_reported_and_otherwise_ignored(
    dec: Path, run: Run, name: str
) -> None:
    (dec / name).write_text("---\ndate: 2026-12-03\nstatus: done\n---\nhalf a wri")
    r = run("check")
    assert r.exit_code == 0, r.output
    target = scratch.temp_target(Path(name).name)
    assert (
        f"{name}: warning: a temporary file left by a copkit write that was cut short "
        f"(of {target})" in r.stdout
    )
    assert f"delete it with rm '{name}'" in r.stdout
    listed = run("journal", "list", "dec", "--json")
    assert listed.exit_code == 0
    assert "half a wri" not in listed.output
    assert "cannot be read" not in listed.output


def test_git_does_not_stage_copkit_temporary_files(dec: Path) -> None:
    leftover = dec / "journals" / "dec" / "alice-martin" / ".day-03.md.k3j_x9ab.copkit-tmp"
    leftover.write_text("half")
    subprocess.run(["git", "init", "-q"], cwd=dec, check=True)
    subprocess.run(["git", "add", "-A"], cwd=dec, check=True)
    staged = subprocess.run(
        ["git", "diff", "--cached", "--name-only"],
        cwd=dec,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    assert "journals/dec/alice-martin/day-03.md" in staged
    assert not [s for s in staged if "tmp" in s]


def test_a_killed_write_leaves_a_file_that_check_names(tmp_path: Path) -> None:
    """kill -9 between the temporary file and the rename: what is left is recognisably ours."""
    import signal
    import sys

    folder = tmp_path / "journal"
    folder.mkdir()
    target = folder / "day-07.md"
    code = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from copkit.storage import atomic\n"
        "atomic.os.replace = lambda *a: os.kill(os.getpid(), 9)\n"
        f"atomic.write_atomic(Path({str(target)!r}), 'words\\n', overwrite=True)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], check=False)
    assert r.returncode == -signal.SIGKILL
    left = [p.name for p in folder.iterdir()]
    assert len(left) == 1 and scratch.temp_target(left[0]) == "day-07.md", left


@given(
    name=st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="/\0"),
        min_size=1,
        max_size=40,
    )
)
def test_every_temporary_name_is_recognised_and_ordinary_names_are_not(name: str) -> None:
    made = f".{name}.abcd_123{scratch.TEMP_SUFFIX}"
    assert scratch.temp_target(made) == name
    if not name.endswith((".tmp", scratch.TEMP_SUFFIX)):
        assert scratch.temp_target(name) is None  # a person's file is never taken for ours
