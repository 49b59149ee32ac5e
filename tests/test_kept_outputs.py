"""A report kept in the cache is printed again only while nothing it was made from changed.

`challenge report` (JSON, Markdown, HTML) and `challenge progress --json` keep their output
with a key of every input: each journal folder's listing, the challenge file, copkit.yaml,
the members, the date, the options and copkit's code. Every test compares the kept answer
with a `--no-cache` run, which reads every file with the full loader.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from pathlib import Path

import pytest
from benchmarks.generate import CHALLENGE, generate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copkit.storage import journals
from tests.conftest import Run
from tests.test_cache import DAY, age, age_all

TODAY = {"COPKIT_TODAY": "2026-10-08"}
FORMS = [
    ("challenge", "report", CHALLENGE, "--format", "json"),
    ("challenge", "report", CHALLENGE, "--format", "markdown"),
    ("challenge", "report", CHALLENGE, "--format", "html", "--full"),
    ("challenge", "progress", CHALLENGE, "--json"),
]


@pytest.fixture
def community(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "bench"
    generate(root, members=6, days=5, seed=3)
    age_all(root, time.time_ns() - DAY)
    for p in (root / "members").iterdir():
        age(p, time.time_ns() - DAY)
    age(root / "challenges" / f"{CHALLENGE}.yaml", time.time_ns() - DAY)
    age(root / "copkit.yaml", time.time_ns() - DAY)
    monkeypatch.setenv("COPKIT_ROOT", str(root))
    return root


def fresh(run: Run, form: tuple[str, ...], env: dict[str, str] = TODAY) -> tuple[str, str]:
    r = run(*form, "--no-cache", env=env)
    assert r.exit_code == 0, r.output
    return r.stdout, r.stderr


def twice(run: Run, form: tuple[str, ...], env: dict[str, str] = TODAY) -> tuple[str, str]:
    """The form run twice (the second from what the first kept); both must agree."""
    first = run(*form, env=env)
    second = run(*form, env=env)
    assert first.exit_code == second.exit_code == 0, first.output
    assert (first.stdout, first.stderr) == (second.stdout, second.stderr)
    return second.stdout, second.stderr


def no_journal_read(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("the journals were read although nothing changed")

    monkeypatch.setattr(journals, "load_journals", refuse)


@pytest.mark.parametrize("form", FORMS, ids=lambda f: " ".join(f[:2] + f[3:]))
def test_a_repeat_with_nothing_changed_prints_the_same_without_reading_the_journals(
    community: Path, run: Run, form: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = fresh(run, form)
    assert twice(run, form) == expected
    no_journal_read(monkeypatch)
    r = run(*form, env=TODAY)
    assert (r.stdout, r.stderr) == expected


def _edit_entry(root: Path) -> None:
    entry = sorted((root / "journals" / CHALLENGE).glob("*/day-02.md"))[0]
    text = entry.read_text()
    st = entry.stat()
    # the same size, a status the report counts: only the stat tells the change
    swapped = text.replace("status: done", "status: XXXX").replace("status: XXXX", "status: done")
    swapped = swapped.replace("mood: 4", "mood: 1") if "mood: 4" in swapped else swapped
    entry.write_text(swapped.replace("minutes: 2", "minutes: 9"))
    age(entry, st.st_mtime_ns + 10**9)


def _add_entry(root: Path) -> None:
    folder = sorted((root / "journals" / CHALLENGE).iterdir())[1]
    for name in ("day-01.md", "day-03.md", "day-05.md"):
        (folder / name).unlink(missing_ok=True)
    new = folder / "day-03.md"
    new.write_text("---\ndate: 2026-10-03\nstatus: partial\nminutes: 7\n---\nNew words.\n")
    age(new, time.time_ns() - DAY // 2)


def _break_entry(root: Path) -> None:
    entry = sorted((root / "journals" / CHALLENGE).glob("*/day-04.md"))[-1]
    entry.write_text("---\ndate: [unclosed\n---\n")
    age(entry, time.time_ns() - DAY // 2)


def _retitle_challenge(root: Path) -> None:
    path = root / "challenges" / f"{CHALLENGE}.yaml"
    lines = path.read_text().splitlines(keepends=True)
    lines = ["title: A renamed month\n" if x.startswith("title:") else x for x in lines]
    path.write_text("".join(lines))
    age(path, time.time_ns() - DAY // 2)


def _rename_member(root: Path) -> None:
    path = sorted((root / "members").iterdir())[0]
    text = path.read_text()
    path.write_text(text.replace("name: ", "name: Dr ", 1))
    age(path, time.time_ns() - DAY // 2)


def _add_member(root: Path) -> None:
    path = root / "members" / "zoe-new.yaml"
    path.write_text("name: Zoe New\nemail: zoe@example.org\njoined: 2026-09-01\n")
    age(path, time.time_ns() - DAY // 2)


@pytest.mark.parametrize(
    "change",
    [_edit_entry, _add_entry, _break_entry, _retitle_challenge, _rename_member, _add_member],
)
@pytest.mark.parametrize("form", FORMS[:2] + FORMS[3:], ids=["json", "markdown", "progress"])
def test_any_change_to_what_it_is_made_from_makes_it_again(
    community: Path, run: Run, form: tuple[str, ...], change: object
) -> None:
    twice(run, form)
    change(community)  # type: ignore[operator]
    assert twice(run, form) == fresh(run, form)


def test_another_day_or_another_form_is_made_again(community: Path, run: Run) -> None:
    form = FORMS[0]
    twice(run, form)
    later = {"COPKIT_TODAY": "2026-10-09"}
    assert twice(run, form, later) == fresh(run, form, later)
    assert twice(run, FORMS[1]) == fresh(run, FORMS[1])
    assert twice(run, form) == fresh(run, form)  # each form keeps its own output


def test_a_file_just_written_is_not_trusted_and_nothing_is_kept(
    community: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = sorted((community / "journals" / CHALLENGE).glob("*/day-02.md"))[0]
    entry.write_text(entry.read_text())  # a save within the racy window
    first = run(*FORMS[0], env=TODAY)
    assert first.exit_code == 0
    calls = []
    real = journals.load_journals

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(journals, "load_journals", counted)
    again = run(*FORMS[0], env=TODAY)
    assert again.stdout == first.stdout and calls == [1]


def test_no_cache_keeps_nothing(community: Path, run: Run) -> None:
    fresh(run, FORMS[0])
    fresh(run, FORMS[3])
    db = community / ".copkit" / "cache.sqlite"
    if db.exists():
        con = sqlite3.connect(db)
        try:
            assert con.execute("SELECT count(*) FROM outputs").fetchone() == (0,)
        finally:
            con.close()


def test_a_focused_progress_and_the_terminal_form_are_never_kept(community: Path, run: Run) -> None:
    member = sorted(os.listdir(community / "journals" / CHALLENGE))[0]
    run("challenge", "progress", CHALLENGE, "--as", member, "--json", env=TODAY)
    run("challenge", "report", CHALLENGE, env=TODAY)
    con = sqlite3.connect(community / ".copkit" / "cache.sqlite")
    try:
        assert con.execute("SELECT count(*) FROM outputs").fetchone() == (0,)
    finally:
        con.close()


# ---- any sequence of edits ---------------------------------------------------------------

EDITS = [_edit_entry, _add_entry, _break_entry, _retitle_challenge, _rename_member, _add_member]


@pytest.mark.slow
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(st.tuples(st.sampled_from(range(len(EDITS))), st.sampled_from(range(2))), max_size=5)
)
def test_after_any_edits_the_kept_report_is_the_fresh_one(steps: list[tuple[int, int]]) -> None:
    from typer.testing import CliRunner

    from copkit.cli.app import app

    runner = CliRunner()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "bench"
        generate(root, members=4, days=5, seed=5)
        for p in root.rglob("*"):
            if p.is_file():
                age(p, time.time_ns() - DAY)
        env = {**TODAY, "COPKIT_ROOT": str(root)}

        def out(*args: str) -> str:
            r = runner.invoke(app, list(args), env=env, catch_exceptions=False)
            assert r.exit_code == 0, r.output
            return r.stdout

        for edit, form in steps:
            args = FORMS[form * 3]
            out(*args)
            EDITS[edit](root)
            assert out(*args) == out(*args, "--no-cache")
            assert out(*args) == out(*args, "--no-cache")
