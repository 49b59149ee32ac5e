"""One walk of the journals, one rule each: `check` and the reading commands agree on every file."""

from __future__ import annotations

import json
import os
import shutil
import stat
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copkit.cli.journal import split_command
from copkit.storage import fast_reader, journals
from copkit.storage.limits import MAX_FILE_BYTES
from tests.conftest import Run
from tests.test_journal import entry, join, write_challenge


@pytest.fixture
def dec(ws: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A ten-day challenge from 2026-12-01: alice and bob joined, one entry each."""
    write_challenge(ws)
    for member in ("alice-martin", "bob-lee"):
        join(ws, "dec", member)
        entry(ws, "dec", member, 1)
    monkeypatch.setenv("COPKIT_TODAY", "2026-12-03")
    return ws


def participants(run: Run) -> tuple[list[str], str]:
    r = run("challenge", "progress", "dec", "--json")
    assert r.exit_code == 0, r.output
    return sorted(p["member"] for p in json.loads(r.stdout)["participants"]), r.stderr


def check_lines(run: Run) -> list[str]:
    return run("check").stdout.splitlines()


def test_a_plan_linked_to_another_member_s_plan_counts_nowhere(dec: Path, run: Run) -> None:
    plan = dec / "journals/dec/bob-lee/plan.md"
    plan.unlink()
    plan.symlink_to(dec / "journals/dec/alice-martin/plan.md")
    problem = (
        "journals/dec/bob-lee/plan.md: error: is a symbolic link; journals must be plain files"
    )
    assert problem in check_lines(run)
    members, stderr = participants(run)
    assert members == ["alice-martin"]  # progress no longer counts bob through the link
    assert "left out 1 file that cannot be read: journals/dec/bob-lee/plan.md" in stderr
    r = run("journal", "add", "dec", "--as", "bob-lee", "-m", "Hi.")
    assert r.exit_code == 1
    assert "journals/dec/bob-lee/plan.md is a symbolic link" in r.stderr


def test_a_misnamed_entry_is_an_error_everywhere(dec: Path, run: Run) -> None:
    (dec / "journals/dec/bob-lee/day-01.md").rename(dec / "journals/dec/bob-lee/day-1.md")
    assert (
        "journals/dec/bob-lee/day-1.md: error: misnamed entry; rename it to day-01.md"
        in check_lines(run)
    )
    r = run("challenge", "progress", "dec", "--json")
    bob = next(p for p in json.loads(r.stdout)["participants"] if p["member"] == "bob-lee")
    assert bob["done"] == 0
    assert "journals/dec/bob-lee/day-1.md" in r.stderr


def test_the_date_rule_says_the_same_in_check_and_in_reports(dec: Path, run: Run) -> None:
    path = dec / "journals/dec/bob-lee/day-01.md"
    path.write_text(path.read_text().replace("date: 2026-12-01", "date: 2026-12-09"))
    line = (
        "journals/dec/bob-lee/day-01.md:2:7: error: date 2026-12-09 does not match day 1 of dec "
        "(2026-12-01); write date: 2026-12-01"
    )
    assert line in check_lines(run)
    assert line in check_lines(run)  # from the cache, the same position
    assert line in run("check", "--no-cache").stdout.splitlines()
    _, stderr = participants(run)
    assert "journals/dec/bob-lee/day-01.md" in stderr


def test_left_before_joined_is_one_rule(dec: Path, run: Run) -> None:
    join(dec, "dec", "bob-lee", joined="2026-11-28", left="2026-11-01")
    line = "journals/dec/bob-lee/plan.md:4:7: error: left 2026-11-01 is before joined 2026-11-28"
    assert line in check_lines(run)
    members, stderr = participants(run)
    assert members == ["alice-martin"]
    assert "journals/dec/bob-lee/plan.md" in stderr


def test_files_outside_the_rules_are_named_by_the_reading_commands_too(dec: Path, run: Run) -> None:
    (dec / "journals/dec/alice-martin/day-11.md").write_text("---\ndate: 2026-12-11\n---\n")
    (dec / "journals/dec/Not_An_Id").mkdir()
    lines = check_lines(run)
    assert "journals/dec/alice-martin/day-11.md: error: day 11 is outside the challenge " in (
        "\n".join(lines)
    )
    assert any(line.startswith("journals/dec/Not_An_Id: error:") for line in lines)
    _, stderr = participants(run)
    assert "day-11.md" in stderr and "Not_An_Id" in stderr


# ---- any platform -------------------------------------------------------------------------------


def test_the_storage_layer_writes_without_os_fchmod(
    dec: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows before Python 3.13 has no os.fchmod: writes go through os.chmod instead."""
    monkeypatch.delattr(os, "fchmod")
    umask = os.umask(0o022)
    try:
        r = run("journal", "add", "dec", "--as", "alice-martin", "-m", "No fchmod here.")
        assert r.exit_code == 0, r.output
        r = run("member", "add", "zoe-kim", "--name", "Zoe Kim")
        assert r.exit_code == 0, r.output
    finally:
        os.umask(umask)
    written = dec / "journals/dec/alice-martin/day-03.md"
    assert "No fchmod here." in written.read_text()
    for path in (written, dec / "members/zoe-kim.yaml"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert run("check").exit_code == 0


@pytest.mark.parametrize(
    ("value", "windows", "words"),
    [
        pytest.param("vim", False, ["vim"], id="posix-plain"),
        pytest.param("code --wait", False, ["code", "--wait"], id="posix-args"),
        pytest.param("'my editor' -f", False, ["my editor", "-f"], id="posix-quotes"),
        pytest.param(
            r"C:\Tools\vim.exe -f", True, [r"C:\Tools\vim.exe", "-f"], id="windows-backslashes"
        ),
        pytest.param(
            r'"C:\Program Files\Notepad++\notepad++.exe" -multiInst',
            True,
            [r"C:\Program Files\Notepad++\notepad++.exe", "-multiInst"],
            id="windows-quoted-path",
        ),
    ],
)
def test_the_editor_command_is_split_for_its_platform(
    value: str, windows: bool, words: list[str]
) -> None:
    assert split_command(value, windows=windows) == words


# ---- a folder the cache knows nothing of: listed and read in one pass --------------------------

WANTED = {"plan.md", "day-01.md", "day-02.md", "day-03.md", "day-04.md"}


def _both_listings(folder: Path) -> tuple[tuple[bytes, int], tuple[bytes, int], journals.Read]:
    (mdir,) = [e for e in os.scandir(folder.parent) if e.name == folder.name]
    _, digest, newest, _ = journals._list_folder(mdir)
    (mdir,) = [e for e in os.scandir(folder.parent) if e.name == folder.name]
    _, digest2, newest2, read = journals._read_folder(mdir, WANTED)
    return (digest, newest), (digest2, newest2), read


@pytest.mark.skipif(not journals._BY_FD, reason="folders are read through descriptors only here")
def test_reading_a_new_folder_lists_it_as_the_listing_does(tmp_path: Path) -> None:
    folder = tmp_path / "alice-martin"
    folder.mkdir()
    (folder / "plan.md").write_text("---\njoined: 2026-11-28\nlevel: starter\n---\n")
    (folder / "day-01.md").write_bytes(b"---\ndate: 2026-12-01\nstatus: done\n---\nWords.\n")
    (folder / "notes.txt").write_text("not a journal file: listed, never read\n")
    (folder / "day-02.md").symlink_to(folder / "day-01.md")  # a link: listed, never followed
    os.mkfifo(folder / "day-03.md")  # a pipe: opening it would wait for a writer
    with (folder / "day-04.md").open("wb") as big:  # over the limit: stat-ed, not read
        big.truncate(MAX_FILE_BYTES + 1)
    (folder / "private").mkdir()
    listed, read_too, read = _both_listings(folder)
    assert read_too == listed
    assert set(read) == {"plan.md", "day-01.md", "day-04.md"}
    assert read["day-01.md"][1] == (folder / "day-01.md").read_bytes()
    assert read["day-01.md"][0].st_size == (folder / "day-01.md").stat().st_size
    assert read["day-04.md"][1] is None  # too big to read: the full loader says so
    # a change the listing sees is one the reading pass sees too
    (folder / "day-01.md").write_bytes(b"---\ndate: 2026-12-01\nstatus: partial\n---\n")
    listed_again, read_again, _ = _both_listings(folder)
    assert read_again == listed_again != listed


@pytest.mark.skipif(not journals._BY_FD, reason="folders are read through descriptors only here")
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    files=st.dictionaries(
        st.sampled_from([*sorted(WANTED), "day-7.md", "notes.txt", ".day-01.md.tmp"]),
        st.one_of(st.binary(max_size=300), st.sampled_from(["link", "dir"])),
        max_size=8,
    )
)
def test_any_folder_reads_as_it_lists(tmp_path: Path, files: dict[str, bytes | str]) -> None:
    folder = tmp_path / f"m{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    for name, what in files.items():
        if what == "link":
            (folder / name).symlink_to("plan.md")
        elif what == "dir":
            (folder / name).mkdir()
        else:
            assert isinstance(what, bytes)
            (folder / name).write_bytes(what)
    listed, read_too, read = _both_listings(folder)
    assert read_too == listed
    assert {n: r for n, (_, r) in read.items()} == {
        n: w for n, w in files.items() if n in WANTED and isinstance(w, bytes)
    }


@pytest.mark.skipif(not journals._BY_FD, reason="folders are read through descriptors only here")
def test_a_first_walk_reads_each_file_once_with_its_listing(
    dec: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No cache yet: every journal file comes with the listing, none is opened again by path
    (the first report of 5,000 members saves a stat per file); a repeat walk reads none."""
    (dec / "journals/dec/alice-martin/day-02.md").write_text(
        "---\n# hand-written\nstatus: partial\ndate: 2026-12-02\n---\nMore words.\n"
    )
    expected = run("challenge", "report", "dec", "--format", "json", "--no-cache").stdout
    shutil.rmtree(dec / ".copkit", ignore_errors=True)
    opened = _journal_reads(monkeypatch)
    _age(dec)
    r = run("challenge", "report", "dec", "--format", "json")
    assert r.exit_code == 0, r.output
    assert r.stdout == expected
    assert opened == []
    assert run("challenge", "progress", "dec", "--json").exit_code == 0
    assert opened == []


@pytest.mark.skipif(not journals._BY_FD, reason="folders are read through descriptors only here")
def test_a_folder_past_its_read_ahead_reads_the_rest_in_turn(
    dec: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder holds at most READ_AHEAD bytes read with its listing (a year of long entries
    would hold megabytes); the files past it are read by path when the walk comes to them,
    and the report is the same."""
    folder = dec / "journals/dec/alice-martin"
    for day in (2, 3):
        entry(dec, "dec", "alice-martin", day)
    expected = run("challenge", "report", "dec", "--format", "json", "--no-cache").stdout
    shutil.rmtree(dec / ".copkit", ignore_errors=True)
    # one byte short of alice's folder: every file but the last one listed fits (bob's fit)
    monkeypatch.setattr(journals, "READ_AHEAD", sum(p.stat().st_size for p in folder.iterdir()) - 1)
    opened = _journal_reads(monkeypatch)
    _age(dec)
    r = run("challenge", "report", "dec", "--format", "json")
    assert r.exit_code == 0, r.output
    assert r.stdout == expected
    assert len(opened) == 1
    assert opened[0].startswith(str(folder))


def _journal_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The journal files read by path from now on (fast_reader.read_bytes), as they happen."""
    opened: list[str] = []
    real = fast_reader.read_bytes

    def spy(path: str, size: int) -> bytes | None:
        if f"{os.sep}journals{os.sep}" in path:
            opened.append(path)
        return real(path, size)

    monkeypatch.setattr(fast_reader, "read_bytes", spy)
    return opened


def _age(root: Path) -> None:
    """Every journal file older than the cache's racy window, so that it is recorded."""
    old = time.time() - 60
    for path in (root / "journals").rglob("*"):
        if path.is_file():
            os.utime(path, (old, old))


def test_a_day_when_every_member_wrote_lists_each_folder_once(
    dec: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every folder changed since the last report (the daily case): the listing taken to
    look up the kept report is the one the walk goes by, not a second listing per folder."""
    _age(dec)
    assert run("challenge", "report", "dec", "--format", "json").exit_code == 0  # the cache
    for member in ("alice-martin", "bob-lee"):
        entry(dec, "dec", member, 2, "partial")
    _age(dec)
    expected = run("challenge", "report", "dec", "--format", "json", "--no-cache").stdout
    listed: list[str] = []
    real = journals._list_folder
    monkeypatch.setattr(
        journals, "_list_folder", lambda mdir: listed.append(mdir.name) or real(mdir)
    )
    r = run("challenge", "report", "dec", "--format", "json")
    assert r.exit_code == 0, r.output
    assert r.stdout == expected
    assert sorted(listed) == ["alice-martin", "bob-lee"]  # once each, by list_journals


@pytest.mark.skipif(sys.platform == "darwin", reason="APFS refuses names that are not UTF-8")
def test_names_that_are_not_utf8_are_reported_not_fatal(dec: Path, run: Run) -> None:
    """A file whose name is not UTF-8 (copied from an old archive, say) in a member folder,
    members/ or challenges/: every command runs, and check names it (escaped)."""
    if os.name == "nt":
        pytest.skip("Windows names are UTF-16")
    root = os.fsencode(dec)
    for folder, name in (
        (b"journals/dec/alice-martin", b"notes\xff.txt"),
        (b"members", b"odd\xfe.yaml"),
    ):
        with open(os.path.join(root, folder, name), "wb") as f:
            f.write(b"name: Odd\n")
    _age(dec)
    for _ in range(2):  # without the cache, then with it
        for command in (
            ("challenge", "progress", "dec", "--json"),
            ("challenge", "report", "dec", "--format", "json"),
            ("report",),
        ):
            r = run(*command)
            assert r.exit_code == 0, (command, r.output)
        lines = check_lines(run)
        assert (
            "journals/dec/alice-martin/notes\\udcff.txt: warning: unexpected file; journal "
            "entries are named day-NN.md" in lines
        )
        assert any(line.startswith("members/odd\\udcfe.yaml: error") for line in lines), lines


def test_a_member_folder_that_cannot_be_read_is_reported_and_the_rest_go_on(
    dec: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A member folder without read access (another user's checkout, a bad chmod): check
    says so and goes on with the other files; reports leave that member out and say so;
    nothing is kept, so the member counts again as soon as the folder can be read."""
    (dec / "journals/dec/alice-martin/notes.txt").write_text("stray\n")
    _age(dec)
    assert run("challenge", "progress", "dec", "--json").exit_code == 0  # a cache to go by
    locked = str(dec / "journals/dec/bob-lee")
    real_open = os.open

    def no_access(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if path == locked:
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", no_access)
    for _ in range(2):
        lines = check_lines(run)
        assert (
            "journals/dec/bob-lee: error: the folder cannot be read (Permission denied); give "
            "yourself read access to it (or remove it), then run the command again" in lines
        )
        assert any(
            line.startswith("journals/dec/alice-martin/notes.txt: warning") for line in lines
        )
        members, stderr = participants(run)
        assert members == ["alice-martin"]
        assert "journals/dec/bob-lee" in stderr
    monkeypatch.setattr(os, "open", real_open)
    assert participants(run)[0] == ["alice-martin", "bob-lee"]
