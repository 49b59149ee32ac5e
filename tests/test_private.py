"""Private words in a shared repository (SPEC 7.2): where they are written, who sees them,
moving an entry between private and shared, and what `check` says about git."""

from __future__ import annotations

import json
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from copkit.model import JournalEntry
from copkit.model.journal import shareable_words
from tests.conftest import Run
from tests.test_journal import (
    day_file,
    editor_env,
    entry,
    fake_editor,
    files,
    join,
    write_challenge,
)

SECRET = "Slept four hours; told my manager I am close to burning out."
PRIVATE_TOP = "# PRIVATE: the words below stay in journals/dec/bob-lee/private/day-07.md"


def private_file(root: Path, member: str, day: int, cid: str = "dec") -> Path:
    return root / "journals" / cid / member / "private" / f"day-{day:02d}.md"


@pytest.fixture
def dec(ws: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A ten-day challenge `dec` from 2026-12-01 that alice and bob joined; today 2026-12-07."""
    write_challenge(ws, pairs=[["alice-martin", "bob-lee"]])
    join(ws, "dec", "alice-martin")
    join(ws, "dec", "bob-lee", level="experienced")
    monkeypatch.setenv("COPKIT_TODAY", "2026-12-07")
    return ws


def make_private_by_default(root: Path, cid: str = "dec") -> None:
    path = root / "challenges" / f"{cid}.yaml"
    path.write_text(
        path.read_text().replace("days:\n", "journal: {private: true}\ndays:\n", 1),
        encoding="utf-8",
    )


def add(run: Run, *args: str) -> None:
    r = run("journal", "add", "dec", "--as", "bob-lee", *args)
    assert r.exit_code == 0, r.output


# ---- journal add ---------------------------------------------------------------------------


def test_add_private_writes_the_words_apart_and_a_shared_entry_without_them(
    dec: Path, run: Run
) -> None:
    r = run("journal", "add", "dec", "--as", "bob-lee", "--private", "--mood", "2", "--tag", "sleep", "-m", SECRET)  # fmt: skip
    assert r.exit_code == 0, r.output
    assert day_file(dec, "bob-lee", 7).read_text() == (
        "---\ndate: 2026-12-07\nstatus: done\nmood: 2\ntags: [sleep]\nprivate: true\n---\n"
    )
    assert private_file(dec, "bob-lee", 7).read_text() == SECRET + "\n"
    # the folder ignores itself in git, even without the root .gitignore line
    assert (private_file(dec, "bob-lee", 7).parent / ".gitignore").read_text().endswith("\n*\n")
    assert r.stderr == (
        "Wrote journals/dec/bob-lee/day-07.md (day 7, done, private: the words are in "
        "journals/dec/bob-lee/private/day-07.md)\n"
    )


def test_a_challenge_default_of_private_and_shared_overriding_it(dec: Path, run: Run) -> None:
    make_private_by_default(dec)
    add(run, "--day", "1", "-m", SECRET)
    assert "private: true" in day_file(dec, "bob-lee", 1).read_text()
    assert private_file(dec, "bob-lee", 1).read_text() == SECRET + "\n"
    add(run, "--day", "2", "--shared", "-m", "Shared words.")
    assert day_file(dec, "bob-lee", 2).read_text().endswith("---\nShared words.\n")
    assert "private" not in day_file(dec, "bob-lee", 2).read_text()
    assert not private_file(dec, "bob-lee", 2).exists()


def test_private_and_shared_together_is_a_usage_error(dec: Path, run: Run) -> None:
    before = files(dec)
    r = run("journal", "add", "dec", "--as", "bob-lee", "--private", "--shared", "-m", "x")
    assert r.exit_code == 2
    assert "give --private or --shared, not both" in r.stderr
    assert files(dec) == before


def test_private_words_alone_are_not_replaced_without_force(dec: Path, run: Run) -> None:
    add(run, "--private", "-m", SECRET)
    day_file(dec, "bob-lee", 7).unlink()  # say, a pull that lost the shared half
    before = files(dec)
    r = run("journal", "add", "dec", "--as", "bob-lee", "-m", "other")
    assert r.exit_code == 1
    assert r.stderr.startswith(
        "error: journals/dec/bob-lee/private/day-07.md already exists: bob-lee has private "
        "words for day 7"
    ), r.stderr
    assert files(dec) == before


@pytest.mark.parametrize("first", ["--private", "--shared"])
def test_moving_an_entry_keeps_its_words_and_fields_and_leaves_no_copy(
    dec: Path, run: Run, first: str
) -> None:
    other = "--shared" if first == "--private" else "--private"
    add(run, "--day", "3", first, "--status", "partial", "--minutes", "15", "-m", SECRET)
    for flag in (other, first, other):
        add(run, "--day", "3", flag, "--force")  # no text: the words move with the entry
        shared_text = day_file(dec, "bob-lee", 3).read_text()
        assert "status: partial\nminutes: 15\n" in shared_text
        if flag == "--private":
            assert private_file(dec, "bob-lee", 3).read_text() == SECRET + "\n"
            assert SECRET not in shared_text
            assert shared_text.endswith("private: true\n---\n")
        else:
            assert not private_file(dec, "bob-lee", 3).exists()
            assert shared_text.endswith(f"---\n{SECRET}\n")


def test_replacing_keeps_privacy_unless_told_and_new_words_leave_no_old_copy(
    dec: Path, run: Run
) -> None:
    add(run, "--private", "-m", SECRET)
    add(run, "--force", "-m", "Second thoughts.")  # no flag: stays private
    assert private_file(dec, "bob-lee", 7).read_text() == "Second thoughts.\n"
    add(run, "--force", "--shared", "-m", "Now for everyone.")
    assert day_file(dec, "bob-lee", 7).read_text().endswith("---\nNow for everyone.\n")
    assert not private_file(dec, "bob-lee", 7).exists()


def test_force_without_text_updates_the_fields_given_and_keeps_the_rest(
    dec: Path, run: Run
) -> None:
    add(run, "--private", "--mood", "2", "--tag", "sleep", "-m", SECRET)
    add(run, "--force", "--status", "skipped")
    assert day_file(dec, "bob-lee", 7).read_text() == (
        "---\ndate: 2026-12-07\nstatus: skipped\nmood: 2\ntags: [sleep]\nprivate: true\n---\n"
    )
    assert private_file(dec, "bob-lee", 7).read_text() == SECRET + "\n"


def test_a_failed_shared_write_puts_the_private_words_back(
    dec: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(run, "--private", "-m", SECRET)
    before = files(dec)
    from copkit.errors import CopkitError
    from copkit.storage.workspace import Workspace

    def refuse(*args: object, **kwargs: object) -> None:
        raise CopkitError("disk full")

    monkeypatch.setattr(Workspace, "write_markdown", refuse)
    r = run("journal", "add", "dec", "--as", "bob-lee", "--force", "-m", "New words.")
    assert r.exit_code == 1
    assert files(dec) == before


# ---- the editor ----------------------------------------------------------------------------

ANSWER = (
    "text = text.replace('### What did I do?\\n\\n', '### What did I do?\\n\\n"
    + SECRET
    + "\\n')\npath.write_text(text, encoding='utf-8')\n"
)


def test_the_editor_says_at_the_top_that_the_entry_is_private(
    dec: Path, run: Run, tmp_path: Path
) -> None:
    make_private_by_default(dec)
    cmd = fake_editor(tmp_path, ANSWER)
    r = run("journal", "add", "dec", "--as", "bob-lee", env=editor_env(cmd))
    assert r.exit_code == 0, r.output
    seen = (tmp_path / "editor.seen").read_text()
    assert seen.startswith(f"---\n{PRIVATE_TOP}, never committed.\n")
    assert "\nprivate: true " in seen
    assert day_file(dec, "bob-lee", 7).read_text().endswith("private: true\n---\n")
    assert SECRET in private_file(dec, "bob-lee", 7).read_text()


def test_setting_private_false_in_the_editor_shares_the_words(
    dec: Path, run: Run, tmp_path: Path
) -> None:
    make_private_by_default(dec)
    code = "text = text.replace('private: true', 'private: false')\n" + ANSWER
    r = run("journal", "add", "dec", "--as", "bob-lee", env=editor_env(fake_editor(tmp_path, code)))
    assert r.exit_code == 0, r.output
    assert SECRET in day_file(dec, "bob-lee", 7).read_text()
    assert not private_file(dec, "bob-lee", 7).exists()


def test_the_editor_opens_a_private_entry_with_its_words(
    dec: Path, run: Run, tmp_path: Path
) -> None:
    add(run, "--private", "-m", SECRET)
    code = "path.write_text(text.replace('four hours', 'five hours'), encoding='utf-8')\n"
    r = run("journal", "add", "dec", "--as", "bob-lee", "--force", env=editor_env(fake_editor(tmp_path, code)))  # fmt: skip
    assert r.exit_code == 0, r.output
    seen = (tmp_path / "editor.seen").read_text()
    assert seen.startswith(f"---\n{PRIVATE_TOP}")
    assert seen.endswith(f"---\n{SECRET}\n")
    assert private_file(dec, "bob-lee", 7).read_text() == SECRET.replace("four", "five") + "\n"
    assert "hours" not in day_file(dec, "bob-lee", 7).read_text()


# ---- journal show and list -----------------------------------------------------------------


def test_show_prints_private_words_only_where_they_are(dec: Path, run: Run) -> None:
    add(run, "--private", "-m", SECRET)
    r = run("journal", "show", "dec", "--as", "bob-lee", "--day", "7")
    assert r.exit_code == 0, r.output
    assert SECRET in r.stdout
    assert "private  yes: the words stay in their author's checkout" in r.stdout
    shown = json.loads(run("journal", "show", "dec", "--as", "bob-lee", "--day", "7", "--json").stdout)  # fmt: skip
    assert shown["private"] is True and shown["body"] == SECRET + "\n"
    # another checkout: the shared file only
    private_file(dec, "bob-lee", 7).unlink()
    r = run("journal", "show", "dec", "--as", "bob-lee", "--day", "7")
    assert r.exit_code == 0, r.output
    assert "private: written in its author's checkout" in r.stdout
    assert "(no text)" not in r.stdout
    shown = json.loads(run("journal", "show", "dec", "--as", "bob-lee", "--day", "7", "--json").stdout)  # fmt: skip
    assert shown["body"] is None


def test_list_counts_private_entries_and_carries_no_words(dec: Path, run: Run) -> None:
    add(run, "--day", "1", "--private", "-m", SECRET)
    add(run, "--day", "2", "-m", "Shared.")
    r = run("journal", "list", "dec", "--json")
    assert r.exit_code == 0, r.output
    assert SECRET not in r.stdout
    rows = json.loads(r.stdout)
    assert [(x["day"], x["private"]) for x in rows] == [(1, True), (2, False)]
    r = run("journal", "list", "dec")
    assert "private" in r.stdout and SECRET not in r.stdout


# ---- reports -------------------------------------------------------------------------------


def test_reports_count_private_entries_and_never_quote_them(dec: Path, run: Run) -> None:
    add(run, "--day", "1", "--private", "--highlight", "--minutes", "30", "-m", SECRET)
    add(run, "--day", "2", "--highlight", "--minutes", "10", "-m", "Shared highlight words.")
    # a hand-edited private entry that still has words in its shared file: never quoted either
    leaky = day_file(dec, "bob-lee", 3)
    leaky.write_text(
        f"---\ndate: 2026-12-03\nstatus: done\nhighlight: true\nprivate: true\n---\n{SECRET}\n"
    )
    for no_cache in ([], ["--no-cache"]):
        data = json.loads(run("challenge", "report", "dec", "--format", "json", *no_cache).stdout)
        assert data["entries"]["done"] == 3
        assert data["minutes_total"] == 40
        assert [(h["member"], h["day"]) for h in data["highlights"]] == [("bob-lee", 2)]
        for fmt in ("json", "markdown", "html", "terminal"):
            r = run("challenge", "report", "dec", "--format", fmt, *no_cache)
            assert r.exit_code == 0, r.output
            assert "Shared highlight words" in r.stdout
            assert "burning out" not in r.stdout
    for fmt in ("json", "markdown", "terminal"):
        r = run("report", "--format", fmt)
        assert r.exit_code == 0, r.output
        assert "burning out" not in r.stdout


@given(
    st.lists(
        st.tuples(st.sampled_from(["amy", "ben"]), st.integers(1, 5), st.booleans(), st.booleans()),
        max_size=12,
    )
)
def test_highlight_keys_never_name_a_private_entry(rows: list[tuple[str, int, bool, bool]]) -> None:
    from copkit.model import Challenge, Day
    from copkit.services.reports import highlight_keys

    start = date(2026, 12, 1)
    ch = Challenge(title="t", start=start, days=[Day(day=d, kind="learn") for d in range(1, 6)])
    entries: dict[str, dict[int, JournalEntry]] = {}
    for member, day, highlight, private in rows:
        entries.setdefault(member, {})[day] = JournalEntry(
            date=start + timedelta(days=day - 1),
            status="done",
            highlight=highlight,
            private=private,
        )
    keys = highlight_keys(ch, ["amy", "ben"], entries, date(2026, 12, 31))
    expected = sorted(
        (m, d)
        for m, days in entries.items()
        for d, e in days.items()
        if e.highlight and not e.private
    )
    assert keys == expected
    for m, d in keys:
        assert shareable_words(entries[m][d], "words") == "words"


def test_the_one_rule_withholds_a_private_entrys_words() -> None:
    e = JournalEntry(date=date(2026, 12, 1), status="done", highlight=True, private=True)
    assert shareable_words(e, SECRET) is None
    assert not e.quotable
    shared = JournalEntry(date=date(2026, 12, 1), status="done", highlight=True)
    assert shareable_words(shared, "w") == "w" and shared.quotable


# ---- templates -----------------------------------------------------------------------------


def test_life_work_balance_is_private_by_default(ws: Path, run: Run) -> None:
    r = run("challenge", "new", "balance", "--template", "life-work-balance", "--start", "2026-12-01")  # fmt: skip
    assert r.exit_code == 0, r.output
    text = (ws / "challenges" / "balance.yaml").read_text()
    assert "\njournal: {private: true}" in text
    from copkit.storage.templates import templates

    sets = templates()
    assert sets["life-work-balance"].journal is not None
    assert sets["life-work-balance"].journal.private
    assert all(t.journal is None for name, t in sets.items() if name != "life-work-balance")


# ---- check and git -------------------------------------------------------------------------


def git(cwd: Path, *args: str) -> str:
    r = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    assert r.returncode == 0, f"git {' '.join(args)}: {r.stderr}"
    return r.stdout


def test_init_ignores_private_words_and_check_is_clean(ws: Path, run: Run) -> None:
    assert (ws / ".gitignore").read_text() == ".copkit/\njournals/**/private/\n*.copkit-tmp\n"
    r = run("check")
    assert r.exit_code == 0, r.output


def test_check_reports_a_missing_ignore_line_and_fix_adds_it(dec: Path, run: Run) -> None:
    (dec / ".gitignore").write_text("# ours\n.copkit/\n")
    r = run("check")
    assert r.exit_code == 1
    assert (
        ".gitignore: error: private journal words are not git-ignored: add the line "
        "journals/**/private/ (`copkit check --fix` adds it)"
    ) in r.stdout
    assert (dec / ".gitignore").read_text() == "# ours\n.copkit/\n"  # only when asked
    r = run("check", "--fix")
    assert r.exit_code == 0, r.output
    assert "Fixed: added journals/**/private/ to .gitignore" in r.stderr
    # an older workspace also lacks the line for an interrupted write's temporary files
    assert "Fixed: added *.copkit-tmp to .gitignore" in r.stderr
    assert (dec / ".gitignore").read_text() == (
        "# ours\n.copkit/\njournals/**/private/\n*.copkit-tmp\n"
    )
    before = files(dec)
    assert run("check", "--fix").exit_code == 0
    assert files(dec) == before


def test_check_accepts_another_rule_that_git_applies(dec: Path, run: Run) -> None:
    git(dec, "init", "-q")
    (dec / ".gitignore").write_text(".copkit/\n**/private/\n")
    r = run("check")
    assert r.exit_code == 0, r.output


def test_check_names_a_private_file_git_tracks_and_how_to_untrack_it(dec: Path, run: Run) -> None:
    add(run, "--private", "-m", SECRET)
    git(dec, "init", "-q")
    git(dec, "add", "-A")
    assert "private/" not in git(dec, "diff", "--cached", "--name-only")
    git(dec, "add", "-f", "journals/dec/bob-lee/private/day-07.md")
    r = run("check")
    assert r.exit_code == 1
    assert (
        "journals/dec/bob-lee/private/day-07.md: error: private words tracked by git, so "
        "pushed with the repository: run `git rm --cached journals/dec/bob-lee/private/day-07.md` "
        "(the file stays here) and commit"
    ) in r.stdout
    git(dec, "rm", "-q", "--cached", "journals/dec/bob-lee/private/day-07.md")
    assert run("check").exit_code == 0
    assert private_file(dec, "bob-lee", 7).exists()


def test_check_warns_about_highlight_on_a_private_entry(dec: Path, run: Run) -> None:
    add(run, "--private", "--highlight", "-m", SECRET)
    r = run("check")
    assert r.exit_code == 0, r.output
    assert (
        "journals/dec/bob-lee/day-07.md:4:12: warning: highlight is ignored on a private entry"
    ) in r.stdout


def test_check_refuses_words_in_the_shared_file_of_a_private_entry(dec: Path, run: Run) -> None:
    day_file(dec, "bob-lee", 3).parent.mkdir(parents=True, exist_ok=True)
    day_file(dec, "bob-lee", 3).write_text(
        f"---\ndate: 2026-12-03\nstatus: done\nprivate: true\n---\n{SECRET}\n"
    )
    for args in ([], ["--no-cache"]):
        r = run("check", *args)
        assert r.exit_code == 1
        assert (
            "journals/dec/bob-lee/day-03.md: error: a private entry with words in its shared "
            "file, which git commits; move them to private/: copkit journal add dec --as bob-lee "
            "--day 3 --private --force"
        ) in r.stdout
    add(run, "--day", "3", "--private", "--force")
    assert run("check").exit_code == 0
    assert private_file(dec, "bob-lee", 3).read_text() == SECRET + "\n"


def test_private_folders_are_not_journal_files(dec: Path, run: Run) -> None:
    add(run, "--day", "1", "--private", "-m", SECRET)
    entry(dec, "dec", "bob-lee", 2)
    r = run("check")
    assert r.exit_code == 0, r.output
    assert "private" not in r.stdout
    rows = json.loads(run("challenge", "progress", "dec", "--json").stdout)["participants"]
    bob = next(p for p in rows if p["member"] == "bob-lee")
    assert (bob["done"], bob["missing"]) == (2, 4)  # today, day 7, is not missing until over


def test_export_with_text_never_carries_private_words(dec: Path, run: Run) -> None:
    add(run, "--day", "1", "--private", "--minutes", "30", "-m", SECRET)
    add(run, "--day", "2", "-m", "Shared words.")
    day_file(dec, "bob-lee", 3).write_text(  # hand-edited: words left in the shared file
        f"---\ndate: 2026-12-03\nstatus: done\nprivate: true\n---\n{SECRET}\n"
    )
    r = run("export", "--format", "jsonl", "--to", "out", "--with-text")
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in (dec / "out" / "entries.jsonl").read_text().splitlines()]
    bob = {row["day"]: row for row in rows if row["member"] == "bob-lee"}
    assert sorted(bob) == [1, 2, 3]  # counted
    assert bob[1]["minutes"] == 30
    assert (bob[1]["text"], bob[3]["text"]) == (None, None)
    assert bob[2]["text"] == "Shared words.\n"
    assert not [p for p in (dec / "out").iterdir() if "burning out" in p.read_text()]
