"""Issue 20, the re-probe: a budget `charter new` wrote that every reader refused (F18), `init`
through a looping or dangling link (F26), a deleted current folder named as such by every
command (F03), output paths that are not regular files, counts that read "1 days", names of
invisible characters, a `.gitignore` link that `check --fix` cannot fix, and an editor that
saves UTF-16. One regression test per defect (docs/reliability.md, sections 8 and 9)."""

from __future__ import annotations

import os
import sys
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import Run, snapshot
from tests.test_journal import editor_env, fake_editor, join, write_challenge

NEW_CHARTER = ("charter", "new", "cb", "--title", "T", "--issue", "I", "--goal", "G")
FUNDED = ("--lead", "alice-martin:2", "--no-input", "--currency", "EUR", "--funding-by", "X")


# ---- F18: charter new writes only what the readers read ------------------------------------


@pytest.mark.parametrize("budget", ["inf", "1e16", "1e400"])
def test_charter_new_refuses_a_budget_the_readers_refuse(ws: Path, run: Run, budget: str) -> None:
    before = snapshot(ws)
    r = run(*NEW_CHARTER, *FUNDED, "--budget", budget)
    assert r.exit_code == 1, r.output
    assert r.stderr.startswith("error: charters/cb.yaml was not written: copkit's own readers")
    assert "sponsor.funding.amount: expected a number" in r.stderr
    assert snapshot(ws) == before


def test_charter_new_writes_the_largest_budget_the_readers_accept(ws: Path, run: Run) -> None:
    r = run(*NEW_CHARTER, *FUNDED, "--budget", "1e15")
    assert r.exit_code == 0, r.output
    assert run("charter", "show", "cb").exit_code == 0
    assert "cb.yaml" not in run("check").stdout


# ---- F26: init through a link that loops or leads nowhere ----------------------------------


@pytest.mark.parametrize("where", ["L", "L/sub"])
def test_init_through_a_looping_link_is_one_message(tmp_path: Path, run: Run, where: str) -> None:
    (tmp_path / "L").symlink_to(tmp_path / "L")
    r = run("init", str(tmp_path / where), "--name", "X")
    assert r.exit_code == 1, r.output
    assert r.stderr.startswith(f"error: {tmp_path / 'L'} is a symbolic link that loops")
    assert "internal error" not in r.stderr


@pytest.mark.parametrize("where", ["dangling", "dangling/sub"])
def test_init_through_a_link_that_leads_nowhere_creates_nothing_outside(
    tmp_path: Path, run: Run, where: str
) -> None:
    outside = tmp_path / "outside" / "target"
    (tmp_path / "dangling").symlink_to(outside)
    r = run("init", str(tmp_path / where), "--name", "X")
    assert r.exit_code == 1, r.output
    assert "is a symbolic link to " in r.stderr and "which does not exist" in r.stderr
    assert not (tmp_path / "outside").exists()


# ---- F03: a deleted current folder, in every command's words --------------------------------


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(("challenge", "calendar", "dec", "--ics", "x.ics"), id="ics"),
        pytest.param(("report", "--format", "markdown", "--output", "r.md"), id="output"),
        pytest.param(("export", "--to", "tables"), id="export"),
        pytest.param(("init", "--name", "X"), id="init"),
        pytest.param(("init", "sub", "--name", "X"), id="init-sub"),
    ],
)
def test_a_deleted_current_folder_is_named_by_every_command(
    ws: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    write_challenge(ws)
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    r = run("--root", str(ws), *args)
    assert r.exit_code == 1, r.output
    assert r.stderr.startswith("error: the current folder no longer exists"), r.stderr


# ---- an output that is not a regular file is never replaced ---------------------------------


OUTPUTS = [
    pytest.param(("challenge", "calendar", "dec", "--ics"), id="ics"),
    pytest.param(("challenge", "calendar", "dec", "--force", "--ics"), id="ics-force"),
    pytest.param(("report", "--format", "markdown", "--force", "--output"), id="report"),
    pytest.param(("charter", "summary", "cb", "--force", "--output"), id="charter-summary"),
]


@pytest.mark.parametrize("via_link", [False, True], ids=["fifo", "link-to-fifo"])
@pytest.mark.parametrize("args", OUTPUTS)
def test_an_output_that_is_a_fifo_is_never_replaced(
    ws: Path, run: Run, tmp_path: Path, args: tuple[str, ...], via_link: bool
) -> None:
    write_challenge(ws)
    assert run(*NEW_CHARTER, "--lead", "alice-martin:2", "--no-input").exit_code == 0
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    target = fifo
    if via_link:
        target = tmp_path / "out.ics"
        target.symlink_to(fifo)
    r = run(*args, str(target))
    assert r.exit_code == 1, r.output
    what = "a link to a named pipe (FIFO)" if via_link else "a named pipe (FIFO)"
    assert f"{target} is {what}, not a file copkit can replace; nothing was written" in r.stderr
    assert fifo.is_fifo() and target.is_symlink() == via_link


def test_an_export_among_fifos_writes_no_table(ws: Path, run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    folder.mkdir()
    os.mkfifo(folder / "members.csv")
    r = run("export", "--to", str(folder), "--force")
    assert r.exit_code == 1, r.output
    assert "members.csv is a named pipe (FIFO)" in r.stderr
    assert sorted(os.listdir(folder)) == ["members.csv"]


# ---- "1 days" -------------------------------------------------------------------------------


def test_one_day_is_counted_in_the_singular(ws: Path, run: Run, tmp_path: Path) -> None:
    r = run("challenge", "new", "one", "--start", "2026-12-01", "--days", "1")
    assert r.exit_code == 0, r.output
    assert "from a blank calendar of 1 day: 1 day, 2026-12-01 to 2026-12-01." in r.stderr
    r = run("challenge", "calendar", "one", "--ics", str(tmp_path / "one.ics"))
    assert r.exit_code == 0, r.output
    assert ": 1 day, 1 all-day event. Import it" in r.stderr
    assert "1 day, " in run("challenge", "show", "one").stdout
    join(ws, "one", "alice-martin")
    r = run("report", "--format", "markdown", env={"COPKIT_TODAY": "2026-12-01"})
    assert r.exit_code == 0, r.output
    assert "of the one day done or partial" in r.stdout
    assert "1 days" not in r.stdout
    r = run("template", "new", "tiny", "--days", "1")
    assert r.exit_code == 0, r.output
    assert "1 days" not in r.output


# ---- a name of invisible characters is blank -------------------------------------------------


INVISIBLE = ["\u200b", "\u2060", "\ufeff", "\u00a0\u3000", "\u202e", "\u200d\u00ad"]


@pytest.mark.parametrize("name", INVISIBLE, ids=[f"U+{ord(n[0]):04X}" for n in INVISIBLE])
def test_a_name_of_invisible_characters_is_refused_by_member_add_and_check(
    ws: Path, run: Run, name: str
) -> None:
    before = snapshot(ws)
    r = run("member", "add", "zw", "--name", name)
    assert r.exit_code == 1, r.output
    assert "--name is empty" in r.stderr
    assert snapshot(ws) == before
    escaped = name.encode("ascii", "backslashreplace").decode("ascii")
    (ws / "members" / "zw.yaml").write_text(f'name: "{escaped}"\n', encoding="utf-8")
    r = run("check")
    assert r.exit_code == 1
    assert "members/zw.yaml:1:7: error: name: empty; write the name out" in r.stdout


def test_the_invisible_ranges_cover_every_space_control_and_format_character() -> None:
    from copkit.model.community import is_blank

    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        kind = unicodedata.category(ch)
        if kind[0] == "Z" or kind in ("Cc", "Cf"):
            assert is_blank(ch), f"U+{cp:04X} ({kind}) counts as visible"
        elif kind[0] in "LMNPS":
            assert not is_blank(ch), f"U+{cp:04X} ({kind}) counts as invisible"


# ---- a .gitignore link: check says what to do, and does not promise --fix ------------------


def test_check_names_a_gitignore_link_and_does_not_promise_fix(
    ws: Path, run: Run, tmp_path: Path
) -> None:
    outside = tmp_path / "outside-ignore"
    outside.write_text("OUTSIDE\n")
    (ws / ".gitignore").unlink()
    (ws / ".gitignore").symlink_to(outside)
    r = run("check")
    assert r.exit_code == 1
    line = next(x for x in r.stdout.splitlines() if x.startswith(".gitignore:"))
    assert "`copkit check --fix` cannot add the line journals/**/private/" in line
    assert f".gitignore is a symbolic link (to {outside})" in line
    assert "Replace the link with a plain .gitignore file" in line
    assert "(`copkit check --fix` adds it)" not in line


# ---- the editor saves UTF-16 -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "iconv"),
    [
        pytest.param("utf-16", "UTF-16", id="bom"),
        pytest.param("utf-16-be", "UTF-16BE", id="be"),
        pytest.param("utf-16-le", "UTF-16LE", id="le-no-bom"),
    ],
)
def test_an_editor_saving_utf16_is_told_to_convert_from_utf16(
    ws: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str, iconv: str
) -> None:
    write_challenge(ws)
    join(ws, "dec", "alice-martin")
    monkeypatch.setenv("COPKIT_TODAY", "2026-12-07")
    code = (
        f"text = text.replace('mood:  ', 'mood: 4')\npath.write_bytes(text.encode({encoding!r}))\n"
    )
    before = snapshot(ws)
    r = run("journal", "add", "dec", "--as", "alice-martin", env=editor_env(fake_editor(tmp_path, code)))  # fmt: skip
    assert r.exit_code == 1, r.output
    assert "saved the entry in UTF-16, not UTF-8" in r.stderr
    assert f"iconv -f {iconv} -t UTF-8 " in r.stderr
    assert "LATIN1" not in r.stderr
    assert snapshot(ws) == before
