"""YAML syntax errors say what to fix, at path:line:col; check reports all of a file's problems."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copkit.storage.yamlio import parse
from tests.conftest import Run

SYNTAX = [
    pytest.param(
        "name: Ana\n\temail: a@example.org\n",
        (2, 1),
        "a tab character: YAML indents and separates with spaces only; replace the tab with spaces",
        id="tab-indent",
    ),
    pytest.param(
        "name:Ana\nemail: a@example.org\n",
        (1, 5),
        "missing space after the colon of 'name': write 'name: ...'",
        id="no-space-after-colon",
    ),
    pytest.param(
        "name: Ana\nemail:a@example.org\njoined: 2026-01-01\n",
        (2, 6),
        "missing space after the colon of 'email': write 'email: ...'",
        id="no-space-before-next-key",
    ),
    pytest.param(
        "name: Ana\n  email: a@example.org\n",
        (2, 3),
        "this line is indented more than line 1: line its key up with the keys above it",
        id="indented-too-far",
    ),
    pytest.param(
        "name: Note: Ana\n",
        (1, 11),
        "a ': ' inside the value of 'name': put the whole value in quotes (name: \"...\")",
        id="colon-in-value",
    ),
    pytest.param(
        'name: "Ana\nemail: a@example.org\n',
        (1, 7),
        'the quote " opened here is never closed; add the closing "',
        id="unclosed-double-quote",
    ),
    pytest.param(
        "name: 'Ana\n",
        (1, 7),
        "the quote ' opened here is never closed; add the closing '",
        id="unclosed-single-quote",
    ),
    pytest.param(
        "name: Ana\ninterests: [ci, k8s\njoined: 2026-01-01\n",
        (2, 12),
        "the '[' opened here is not closed: add ']' at the end of the list",
        id="unclosed-bracket",
    ),
    pytest.param(
        "name: Ana\nname: Bo\n",
        (2, 1),
        "the key 'name' appears twice (first on line 1); keep one of them",
        id="duplicate-key",
    ),
    pytest.param(
        "name: Ana\nemail\njoined: 2026-01-01\n",
        (2, 1),
        "a line with no ':' after its key: write 'key: value'",
        id="no-colon",
    ),
    pytest.param(
        "name: @ana\n",
        (1, 7),
        "a value cannot start with '@': put the whole value in quotes (name: \"@...\")",
        id="reserved-character",
    ),
    pytest.param(
        "name: Ana\ninterests:\n- ci\njoined: 2026-01-01\n- k8s\n",
        (5, 1),
        "a list item '-' where a key was expected",
        id="stray-list-item",
    ),
    pytest.param(
        "name: Ana\n---\nname: Bo\n",
        (2, 1),
        "a second YAML document: a copkit file holds one",
        id="two-documents",
    ),
]


@pytest.mark.parametrize(("text", "where", "message"), SYNTAX)
def test_parser_words_become_what_to_fix(text: str, where: tuple[int, int], message: str) -> None:
    (problem,) = parse("members/x.yaml", text).problems
    assert (problem.line, problem.col) == where
    assert problem.message.startswith(message), problem.message
    for raw in ("mapping values", "cannot start any token", "could not find", "scalar", "<block"):
        assert raw not in problem.message


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab: -\t\n'\"[]{}#@*&|>,?%`"), max_size=60))
def test_any_broken_text_gets_a_message_inside_the_file(text: str) -> None:
    """Whatever a person types, the translation never fails and points inside the file."""
    lines = text.count("\n") + 1
    for p in parse("x.yaml", text).problems:
        assert 0 <= p.line <= lines + 1 and p.col >= 0
        assert p.message[:1].isalpha() or p.message[:1] == "'", p.message


def test_front_matter_positions_count_the_opening_line() -> None:
    text = "date: 2026-12-01\nstatus:done\n"
    (problem,) = parse("journals/c/m/day-01.md", text, line_offset=1).problems
    assert (problem.line, problem.col) == (3, 7)
    assert problem.message.startswith("missing space after the colon of 'status'")


@pytest.mark.parametrize(("text", "where", "message"), SYNTAX[:4])
def test_check_prints_the_translation_at_its_position(
    ws: Path, run: Run, text: str, where: tuple[int, int], message: str
) -> None:
    (ws / "members" / "x.yaml").write_text(text, encoding="utf-8")
    r = run("check")
    assert r.exit_code == 1
    assert f"members/x.yaml:{where[0]}:{where[1]}: error: {message}" in r.stdout
    assert "Traceback" not in r.output


def test_check_reports_every_problem_of_a_charter_in_one_pass(ws: Path, run: Run) -> None:
    (ws / "charters" / "c1.yaml").write_text(
        "title: A charter\n"
        "kind: pro-bonoo\n"
        "team:\n"
        "  - {member: ghost, role: lead, hours_per_week: 3}\n"
        "timeline:\n"
        "  start: 2026-13-01\n"
        "history:\n"
        "  - {date: 2026-11-20, status: proposed, by: alice-martni}\n",
        encoding="utf-8",
    )
    r = run("check")
    assert r.exit_code == 1
    lines = [line for line in r.stdout.splitlines() if line.startswith("charters/c1.yaml:")]
    assert lines == [
        "charters/c1.yaml:2:7: error: kind: 'pro-bonoo' is not one of practice-development, "
        "case-study, pro-bono; did you mean 'pro-bono'?",
        "charters/c1.yaml:4:14: error: unknown member 'ghost'; add them with "
        "`copkit member add ghost --name NAME`",
        "charters/c1.yaml:6:10: error: timeline.start: not a valid date; write YYYY-MM-DD",
        "charters/c1.yaml:8:46: error: unknown member 'alice-martni'; did you mean 'alice-martin'?",
    ]


def test_a_bad_value_hides_no_rule_of_the_file(ws: Path, run: Run) -> None:
    """A pro-bono charter with a bad date still hears that it needs a beneficiary."""
    (ws / "charters" / "c2.yaml").write_text(
        "title: Food bank\nkind: pro-bono\ntimeline:\n  start: 2026-02-30\n", encoding="utf-8"
    )
    r = run("check")
    out = r.stdout
    assert "charters/c2.yaml:4:10: error: timeline.start: not a valid date" in out
    assert "charters/c2.yaml:2:7: error: a pro-bono charter needs a beneficiary" in out


def test_a_left_out_value_is_not_judged_by_its_default(ws: Path, run: Run) -> None:
    """The rules see the charter without its bad `days`, but say nothing about that key."""
    (ws / "challenges" / "c.yaml").write_text(
        "title: T\nstart: 2026-12-01\ndays: seven\npairs:\n  - [alice-martin, zed]\n",
        encoding="utf-8",
    )
    r = run("check")
    lines = [line for line in r.stdout.splitlines() if line.startswith("challenges/c.yaml:")]
    assert len(lines) == 2, r.stdout
    assert lines[0].startswith("challenges/c.yaml:3:7: error: days: expected a list")
    assert lines[1].startswith("challenges/c.yaml:5:20: error: unknown member 'zed'")
