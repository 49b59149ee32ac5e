"""Issue 18 item 15: an email that is not one, a challenge over before it is made, no
`domain: null`, counting words that agree with their number, and editor text appended after
the template kept outside the questions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from copkit.model.rules import email_finding
from copkit.plural import of_us, plural
from copkit.services import journal as rules
from tests.conftest import Run, snapshot
from tests.test_journal import day_file, dec, editor_env, fake_editor, join, write_challenge

__all__ = ["dec"]  # the fixture, used by name

# ---- emails -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "email",
    ["not-an-email", "Ana Silva", "ana@", "@example.org", "ana@@example.org", "ana@example..org",
     "ana silva@example.org", "<ana@example.org>", "ana@example.org,bob@example.org"],
)  # fmt: skip
def test_what_is_not_an_email_is_found(email: str) -> None:
    found = email_finding(email)
    assert found is not None
    assert found.at == ("email",)
    assert found.message == (
        f"email {email!r} is not an email address; write it as name@example.org"
    )


@pytest.mark.parametrize(
    "email", ["ana@example.org", "Carol@Example.ORG", "a.b+tag@mail.example.co.uk", "x@localhost"]
)
def test_an_email_passes(email: str) -> None:
    assert email_finding(email) is None
    assert email_finding(None) is None


def test_member_add_refuses_an_email_that_is_not_one(ws: Path, run: Run) -> None:
    before = snapshot(ws)
    r = run("member", "add", "dan-wu", "--name", "Dan Wu", "--email", "not-an-email")
    assert r.exit_code == 1
    assert r.stdout == ""
    assert r.stderr.startswith(
        "error: --email 'not-an-email' is not an email address; write it as name@example.org\n"
    )
    assert snapshot(ws) == before


def test_member_set_refuses_an_email_that_is_not_one(ws: Path, run: Run) -> None:
    before = snapshot(ws)
    r = run("member", "set", "bob-lee", "--email", "bob at example.org")
    assert r.exit_code == 1
    assert "--email 'bob at example.org' is not an email address" in r.stderr
    assert snapshot(ws) == before


def test_check_reports_an_email_that_is_not_one_at_its_place(ws: Path, run: Run) -> None:
    (ws / "members" / "dan-wu.yaml").write_text(
        "name: Dan Wu\n# contact\nemail: not-an-email\n", encoding="utf-8"
    )
    r = run("check")
    assert r.exit_code == 1
    assert r.stdout == (
        "members/dan-wu.yaml:3:8: error: email 'not-an-email' is not an email address; "
        "write it as name@example.org\n"
    )
    assert r.stderr == "5 files checked: 1 error, 0 warnings.\n"
    # a member with a bad email can still fix it
    assert run("member", "set", "dan-wu", "--email", "dan@example.org").exit_code == 0
    assert run("check").exit_code == 0


# ---- a challenge over before it is made -------------------------------------------------------


def test_a_challenge_starting_years_ago_gets_a_warning(ws: Path, run: Run) -> None:
    r = run("challenge", "new", "jan", "--template", "devops", "--start", "2020-01-06")
    assert r.exit_code == 0, r.output
    assert (
        "warning: this challenge ended on 2020-02-04, before today (2026-11-28): day 1 is "
        "2020-01-06. If --start was mistyped, run the command again with the right date and "
        "--force\n"
    ) in r.stderr
    assert (ws / "challenges" / "jan.yaml").exists()


@pytest.mark.parametrize("start", ["2026-11-01", "2026-11-28", "2027-01-04"])
def test_a_challenge_still_running_or_to_come_gets_none(ws: Path, run: Run, start: str) -> None:
    r = run("challenge", "new", "jan", "--template", "devops", "--start", start)
    assert r.exit_code == 0, r.output
    assert "warning" not in r.stderr


# ---- init -------------------------------------------------------------------------------------


def test_init_writes_only_what_it_was_given(tmp_path: Path, run: Run) -> None:
    assert run("init", str(tmp_path / "a"), "--name", "A CoP").exit_code == 0
    assert (tmp_path / "a" / "copkit.yaml").read_text() == "name: A CoP\ntimezone: UTC\n"
    r = run("init", str(tmp_path / "b"), "--name", "B CoP", "--domain", "Data")
    assert r.exit_code == 0
    assert (tmp_path / "b" / "copkit.yaml").read_text() == (
        "name: B CoP\ndomain: Data\ntimezone: UTC\n"
    )


# ---- counting words ---------------------------------------------------------------------------


def test_plural_agrees_with_its_number() -> None:
    assert plural(1, "file") == "1 file"
    assert plural(0, "file") == "0 files"
    assert plural(2, "entry", "entries") == "2 entries"
    assert plural(1, "entry", "entries") == "1 entry"
    assert plural(1200, "day") == "1,200 days"
    assert of_us(1) == "one of us has"
    assert of_us(3) == "3 of us have"


def test_check_counts_one_file(tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("init", str(tmp_path / "a"), "--name", "A").exit_code == 0
    monkeypatch.chdir(tmp_path / "a")
    assert run("check").stderr == "1 file checked: no problems.\n"


def _one_participant(ws: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    write_challenge(ws, pairs=[])
    join(ws, "dec", "alice-martin")
    monkeypatch.setenv("COPKIT_TODAY", "2026-12-01")


def test_nudge_nobody_with_one_participant(
    ws: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    _one_participant(ws, run, monkeypatch)
    r = run("challenge", "nudge", "dec")
    assert r.stdout == (
        "Nobody to nudge in dec: its one participant has not been silent for 2 days or more.\n"
    )


def test_nudge_message_for_one_quiet_person(
    ws: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    _one_participant(ws, run, monkeypatch)
    monkeypatch.setenv("COPKIT_TODAY", "2026-12-04")
    r = run("challenge", "nudge", "dec")
    assert r.exit_code == 0, r.output
    assert "! One of us has gone quiet; partners" in r.stdout
    assert "A few of us" not in r.stdout
    assert "- Alice Martin: no entry yet (3 days)." in r.stdout


def test_one_day_streaks_say_day(ws: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    _one_participant(ws, run, monkeypatch)
    r = run("journal", "add", "dec", "--as", "alice-martin", "-m", "Did it.")
    assert r.exit_code == 0, r.output
    for fmt in ("markdown", "html", "terminal"):
        out = run("challenge", "report", "dec", "--format", fmt).stdout
        assert "Alice Martin (1 day)" in out or "Alice Martin 1 day" in out, fmt
        assert "1 days" not in out, fmt


# ---- the editor's free text -------------------------------------------------------------------


def test_text_appended_after_the_template_is_not_an_answer_to_what_next(
    dec: Path, run: Run, tmp_path: Path
) -> None:
    code = "path.write_text(text + 'Timed our CI critical path.\\n', encoding='utf-8')\n"
    r = run("journal", "add", "dec", "--as", "alice-martin", env=editor_env(fake_editor(tmp_path, code)))  # fmt: skip
    assert r.exit_code == 0, r.output
    text = day_file(dec, "alice-martin", 7).read_text()
    assert text.endswith("---\nTimed our CI critical path.\n"), text
    assert "What next" not in text
    assert rules.FREE_TEXT in (tmp_path / "editor.seen").read_text()


def test_free_text_goes_before_the_answered_questions() -> None:
    quote = "> q\n"
    template = rules.editor_template(
        rules.new_entry(rules.Target(1, date(2026, 12, 1))), quote
    ).split("---\n", 2)[2]
    answered = template.replace("### What did I learn?\n\n", "### What did I learn?\n\nCaching.\n")
    body = rules.tidy_body(answered + "Free words.\n\nMore of them.\n", quote)
    assert body == "Free words.\n\nMore of them.\n\n### What did I learn?\n\nCaching.\n"
    assert rules.tidy_body(body, quote) == body
    # nothing written: nothing saved, the template's line included
    assert rules.tidy_body(template, quote) == ""
