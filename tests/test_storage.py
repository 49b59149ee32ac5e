"""Storage: atomic writes, no overwrite without force, round-trip edits, safe loading, positions."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import frontmatter as pyfrontmatter
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copkit.errors import CopkitError, Problem
from copkit.model import Charter, JournalEntry, Member, Plan, TeamMember
from copkit.storage import atomic, yamlio
from copkit.storage.documents import Loaded
from copkit.storage.frontmatter import _closed_by_the_rules, closed, join, split
from copkit.storage.workspace import Workspace, entry_name, find_root


@pytest.fixture
def space(tmp_path: Path) -> Workspace:
    root = tmp_path / "root"
    root.mkdir()
    (root / "copkit.yaml").write_text("name: T\n")
    return Workspace(root)


def write(ws: Workspace, rel: str, text: str | bytes) -> Path:
    p = ws.root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        text = text.encode()
    p.write_bytes(text)
    return p


# ---- atomic writes ---------------------------------------------------------------------------


def test_write_atomic_creates_folders_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "c.yaml"
    atomic.write_atomic(target, "x: 1\n")
    assert target.read_bytes() == b"x: 1\n"
    assert [p.name for p in target.parent.iterdir()] == ["c.yaml"]


def test_write_atomic_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "c.yaml"
    target.write_text("mine\n")
    with pytest.raises(CopkitError) as e:
        atomic.write_atomic(target, "theirs\n", display="members/c.yaml")
    assert e.value.message == "members/c.yaml already exists; use --force to replace it"
    assert target.read_text() == "mine\n"
    atomic.write_atomic(target, "theirs\n", overwrite=True)
    assert target.read_text() == "theirs\n"


def test_write_atomic_refuses_a_folder(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").mkdir()
    with pytest.raises(CopkitError, match="a folder stands where copkit writes a file"):
        atomic.write_atomic(tmp_path / "c.yaml", "x\n", overwrite=True)


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "folder").mkdir()
    target = tmp_path / "folder" / "c.yaml"
    target.write_text("old\n")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    with pytest.raises(CopkitError, match=r"could not be written \(No space left on device\)"):
        atomic.write_atomic(target, "new\n", overwrite=True)
    assert target.read_text() == "old\n"
    assert [p.name for p in target.parent.iterdir()] == ["c.yaml"]


def test_writes_are_utf8_with_newline_line_ends(space: Workspace) -> None:
    p = space.member_path("m")
    space.write_new(p, Member(name="Zoë\nsecond line", interests=["ci"]))
    data = p.read_bytes()
    assert (
        data
        == b"name: |-\n  Zo\xc3\xab\n  second line\nemail: null\njoined: null\ninterests: [ci]\n"
    )


def test_write_new_refuses_existing_file(space: Workspace) -> None:
    p = space.member_path("m")
    space.write_new(p, Member(name="A"))
    with pytest.raises(CopkitError, match=r"^members/m.yaml already exists; use --force"):
        space.write_new(p, Member(name="B"))
    assert "name: A\n" in p.read_text()
    space.write_new(p, Member(name="B"), force=True)
    assert "name: B\n" in p.read_text()


def test_write_markdown_refuses_existing_entry(space: Workspace) -> None:
    p = space.entry_path("dec", "m", 1, 30)
    entry = JournalEntry(date=date(2026, 12, 1), status="done")
    space.write_markdown(p, entry, "My words.\n")
    with pytest.raises(CopkitError, match="already exists; use --force"):
        space.write_markdown(p, entry, "Other words.\n")
    assert p.read_text().endswith("My words.\n")


# ---- house style and deterministic output ----------------------------------------------------


def test_journal_entry_is_written_in_spec_order_without_defaults(space: Workspace) -> None:
    p = space.entry_path("dec", "m", 7, 30)
    entry = JournalEntry(
        date=date(2026, 12, 7), status="done", minutes=35, mood=4, tags=["docker", "ci"]
    )
    space.write_markdown(p, entry, "What I did.")
    assert p.read_text() == (
        "---\ndate: 2026-12-07\nstatus: done\nminutes: 35\nmood: 4\ntags: [docker, ci]\n"
        "---\nWhat I did.\n"
    )


def test_plan_is_written_with_every_key(space: Workspace) -> None:
    p = space.plan_path("dec", "m")
    space.write_markdown(p, Plan(joined=date(2026, 11, 28), goal="Ship it"), "Why I'm in.\n")
    assert p.read_text() == (
        "---\njoined: 2026-11-28\nlevel: starter\ngoal: Ship it\nleft: null\n---\nWhy I'm in.\n"
    )


def test_python_frontmatter_reads_what_copkit_writes(space: Workspace) -> None:
    p = space.entry_path("dec", "m", 3, 30)
    entry = JournalEntry(
        date=date(2026, 12, 3), status="partial", minutes=10, tags=["a b", "c"], highlight=True
    )
    space.write_markdown(p, entry, "# Day 3\n\nText with --- inside.\n")
    post = pyfrontmatter.load(p)
    assert post.metadata == {
        "date": date(2026, 12, 3),
        "status": "partial",
        "minutes": 10,
        "tags": ["a b", "c"],
        "highlight": True,
    }
    assert post.content == "# Day 3\n\nText with --- inside."


@pytest.mark.parametrize(
    ("day", "length", "name"),
    [
        pytest.param(7, 30, "day-07.md", id="30-days"),
        pytest.param(7, 9, "day-07.md", id="at-least-two-digits"),
        pytest.param(7, 100, "day-007.md", id="100-days"),
        pytest.param(100, 100, "day-100.md", id="last-of-100"),
        pytest.param(1, 1000, "day-0001.md", id="1000-days"),
    ],
)
def test_entry_names_are_zero_padded_to_the_length(day: int, length: int, name: str) -> None:
    assert entry_name(day, length) == name


# ---- edits keep the user's words -------------------------------------------------------------

HAND_WRITTEN = """\
# Our flagship project
title: "DevOps onboarding playbook"   # the working title
kind: practice-development
status: draft
goal: 'A playbook that gets a new member shipping in two weeks.'
team:
    # leads first
    - {member: alice-martin, role: lead, hours_per_week: 3}
reporting:
    every_days: 14
    channel: monthly call
"""


def test_update_keeps_comments_order_quotes_and_indent(space: Workspace) -> None:
    p = write(space, "charters/c.yaml", HAND_WRITTEN)
    loaded = space.load_charter("c")
    charter = loaded.require()
    charter.status = "proposed"
    charter.team.append(TeamMember(member="bob-lee", hours_per_week=2))
    assert space.update(loaded, p, charter) is True
    assert p.read_text() == HAND_WRITTEN.replace("status: draft", "status: proposed").replace(
        "hours_per_week: 3}\n",
        "hours_per_week: 3}\n    - {member: bob-lee, role: member, hours_per_week: 2}\n",
    )


def test_update_inserts_a_new_key_in_spec_order(space: Workspace) -> None:
    p = write(space, "charters/c.yaml", "title: T  # keep me\nstatus: draft\n")
    loaded = space.load_charter("c")
    charter = loaded.require()
    charter.goal = "G"
    space.update(loaded, p, charter)
    assert p.read_text() == "title: T  # keep me\nstatus: draft\ngoal: G\n"


def test_update_without_change_writes_nothing(space: Workspace) -> None:
    p = write(space, "charters/c.yaml", HAND_WRITTEN)
    os.utime(p, (1_000_000_000, 1_000_000_000))
    loaded = space.load_charter("c")
    assert space.update(loaded, p, loaded.require()) is False
    assert p.read_text() == HAND_WRITTEN
    assert p.stat().st_mtime == 1_000_000_000


def test_update_of_an_entry_keeps_its_body(space: Workspace) -> None:
    body = "\nMy words, *exactly*.\n\n---\n\nMore.   \n"
    p = write(
        space,
        "journals/dec/m/day-01.md",
        f"---\ndate: 2026-12-01  # first\nstatus: partial\n---\n{body}",
    )
    loaded = space.load_entry(p)
    entry = loaded.require()
    entry.status = "done"
    space.update(loaded, p, entry)
    assert p.read_text() == f"---\ndate: 2026-12-01  # first\nstatus: done\n---\n{body}"


def test_update_refuses_an_unreadable_file(space: Workspace) -> None:
    with pytest.raises(CopkitError, match="cannot be updated: it could not be read"):
        space.update(Loaded("charters/c.yaml"), space.root / "charters/c.yaml", Charter(title="x"))


# ---- safe loading ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(
            "name: !!python/object/apply:os.system ['touch pwned']\n",
            "members/m.yaml:1:7: error: refused: YAML tag !!python/object/apply:os.system is "
            "not allowed; copkit files hold plain text, numbers, dates and lists",
            id="python-tag",
        ),
        pytest.param(
            "!!python/object/apply:os.system\n- touch pwned\n",
            "members/m.yaml:1:1: error: refused: YAML tag !!python/object/apply:os.system is "
            "not allowed; copkit files hold plain text, numbers, dates and lists",
            id="python-tag-root",
        ),
        pytest.param(
            "a: &a [x,x,x,x,x,x,x,x,x,x]\n"
            + "".join(
                f"{n}: &{n} [{','.join([f'*{p}'] * 10)}]\n"
                for p, n in zip("abcde", "bcdef", strict=True)
            )
            + "name: x\n",
            # the alias that passes the budget, found while composing (issue 20, F22)
            "members/m.yaml:5:29: error: refused: more than 100000 values (anchors and aliases expanding?)",
            id="alias-bomb",
        ),
        pytest.param(
            "name: " + "[" * 100 + "]" * 100 + "\n",
            "members/m.yaml:1:1: error: refused: nested deeper than 64 levels",
            id="deep-nesting",
        ),
        pytest.param(
            "just some text\n",
            "members/m.yaml:1:1: error: expected a mapping of keys, got text",
            id="not-a-mapping",
        ),
        pytest.param(
            "name: a\nemail: b\x0c\n",
            "members/m.yaml:2:9: error: control character U+000C is not allowed in YAML; delete it",
            id="control-character",
        ),
        pytest.param(
            "name: a\njoined: 2026-02-30\n",
            "members/m.yaml:2:9: error: joined: not a valid date; write YYYY-MM-DD",
            id="impossible-date",
        ),
        pytest.param(
            "name: a\njoined: 2026-01-01 10:00:00\n",
            "members/m.yaml:2:9: error: joined: expected a date (YYYY-MM-DD) or null, got a date and time",
            id="datetime",
        ),
    ],
)
def test_hostile_or_odd_yaml_is_a_problem_never_an_object(
    space: Workspace, content: str, message: str
) -> None:
    write(space, "members/m.yaml", content)
    loaded = space.load_member("m")
    assert loaded.value is None
    assert [str(p) for p in loaded.problems] == [message]
    assert not (space.root / "pwned").exists()
    assert not Path("pwned").exists()


def test_too_large_a_file_is_refused_unread(space: Workspace) -> None:
    write(space, "members/m.yaml", b"x" * (2 * 1024 * 1024 + 1))
    assert [str(p) for p in space.load_member("m").problems] == [
        "members/m.yaml: error: file is 2,097,153 bytes, over copkit's limit of 2,097,152; "
        "split or shorten it"
    ]


def test_byte_order_mark_is_a_warning(space: Workspace) -> None:
    write(space, "members/m.yaml", "\ufeffname: x\n")
    loaded = space.load_member("m")
    assert loaded.value == Member(name="x")
    assert [str(p) for p in loaded.problems] == [
        "members/m.yaml:1:1: warning: starts with a byte-order mark; save it as UTF-8 without BOM"
    ]


def test_windows_line_ends_are_read(space: Workspace) -> None:
    write(space, "members/m.yaml", "name: x\r\nemail: y\r\n")
    assert space.load_member("m").value == Member(name="x", email="y")


# ---- positions -------------------------------------------------------------------------------


def test_a_wrong_type_on_line_7_is_reported_on_line_7(space: Workspace) -> None:
    write(
        space,
        "charters/c.yaml",
        "title: T\nstatus: draft\n# comment\n\nteam:\n  - member: alice-martin\n"
        "    hours_per_week: three\n",
    )
    assert [str(p) for p in space.load_charter("c").problems] == [
        "charters/c.yaml:7:21: error: team[0].hours_per_week: expected a number, got text"
    ]


def test_front_matter_positions_count_the_opening_fence(space: Workspace) -> None:
    p = write(
        space, "journals/dec/m/day-01.md", "---\ndate: 2026-12-01\nstatus: done\nmood: 9\n---\n"
    )
    assert [str(x) for x in space.load_entry(p).problems] == [
        "journals/dec/m/day-01.md:4:7: error: mood: expected a whole number <= 5"
    ]


def test_every_error_of_a_file_is_reported(space: Workspace) -> None:
    write(
        space,
        "charters/c.yaml",
        "title: 3\nkind: pro-bon\nstatus: actve\nteam:\n  - {member: a, hours_per_week: x, roel: lead}\n"
        "sponsr: me\n",
    )
    assert [str(p) for p in space.load_charter("c").problems] == [
        "charters/c.yaml:1:8: error: title: expected text, got a whole number",
        "charters/c.yaml:2:7: error: kind: 'pro-bon' is not one of practice-development, "
        "case-study, pro-bono; did you mean 'pro-bono'?",
        "charters/c.yaml:3:9: error: status: 'actve' is not one of draft, proposed, chartered, "
        "active, completed, cancelled; did you mean 'active'?",
        "charters/c.yaml:5:33: error: team[0].hours_per_week: expected a number, got text",
        "charters/c.yaml:5:36: error: unknown key 'roel' in team[0]; did you mean 'role'?",
        "charters/c.yaml:6:1: error: unknown key 'sponsr'; did you mean 'sponsor'?",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            "no front matter\n",
            "journals/dec/m/day-01.md:1:1: error: no front matter: the file must start with a "
            "'---' line, the YAML fields, and '---'",
            id="none",
        ),
        pytest.param(
            "---\ndate: 2026-12-01\nstatus: done\n",
            "journals/dec/m/day-01.md:1:1: error: front matter is not closed: add a '---' line "
            "after the fields",
            id="unclosed",
        ),
        pytest.param(
            "---\n---\nbody\n",
            "journals/dec/m/day-01.md:2:1: error: missing required key 'date'",
            id="empty-front-matter",
        ),
    ],
)
def test_broken_front_matter(space: Workspace, text: str, message: str) -> None:
    p = write(space, "journals/dec/m/day-01.md", text)
    assert str(space.load_entry(p).problems[0]) == message


def test_split_and_join_keep_the_body_byte_for_byte() -> None:
    body = "\r\nA body\r\n---\r\nwith a fence\r\n"
    parts = split(join("date: 2026-12-01\n", body))
    assert parts.front == "date: 2026-12-01\n"
    assert parts.body == body


# Lines that open, close or nearly close a front matter, for the quick split to meet
_FENCE_LINES = st.sampled_from(
    ["---", "...", "--- ", "---\t", "----", "-- -", "... x", "---x", "a: 1", "", " ---", "x"]
)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(_FENCE_LINES, max_size=8),
    st.sampled_from(["\n", "\r\n"]),
    st.booleans(),
)
def test_the_quick_split_finds_what_the_fence_rules_find(
    lines: list[str], newline: str, final_newline: bool
) -> None:
    text = newline.join(["---", *lines]) + (newline if final_newline else "")
    assert closed(text) == _closed_by_the_rules(text)


def test_problem_format() -> None:
    assert str(Problem("a.yaml", 3, 0, "warning", "m")) == "a.yaml:3:1: warning: m"
    assert str(Problem("a.yaml", 0, 0, "error", "m")) == "a.yaml: error: m"


# ---- root discovery --------------------------------------------------------------------------


def test_find_root_walks_up(space: Workspace) -> None:
    deep = space.root / "journals" / "dec" / "m"
    deep.mkdir(parents=True)
    assert find_root(start=deep) == space.root.resolve()


def test_find_root_explicit_must_hold_copkit_yaml(tmp_path: Path) -> None:
    with pytest.raises(CopkitError) as e:
        find_root(tmp_path)
    assert (
        e.value.message == f"{tmp_path.resolve()} is not a copkit workspace (no copkit.yaml there)"
    )
    assert (
        e.value.hint == f"Create one with: copkit init {tmp_path.resolve()} --name 'Your community'"
    )


def test_yaml_dump_is_stable_for_plain_data() -> None:
    data = {"b": [1, 2], "a": {"x": None, "y": "multi\nline"}, "c": date(2026, 1, 1)}
    assert yamlio.dump(data) == yamlio.dump(data)
    assert (
        yamlio.dump(data)
        == "b: [1, 2]\na:\n  x: null\n  y: |-\n    multi\n    line\nc: 2026-01-01\n"
    )


def test_conflict_markers_in_a_journal_body_are_reported(space: Workspace) -> None:
    p = write(
        space,
        "journals/dec/m/day-01.md",
        "---\ndate: 2026-12-01\nstatus: done\n---\nMy day\n<<<<<<< HEAD\nmine\n=======\n"
        "theirs\n>>>>>>> origin/main\n",
    )
    assert [str(x) for x in space.load_entry(p).problems] == [
        f"journals/dec/m/day-01.md:{n}:1: error: git conflict marker {m!r}: resolve the merge "
        "conflict and remove the markers"
        for n, m in [(6, "<<<<<<<"), (8, "======="), (10, ">>>>>>>")]
    ]


def test_a_setext_heading_is_not_a_conflict(space: Workspace) -> None:
    p = write(
        space,
        "journals/dec/m/day-01.md",
        "---\ndate: 2026-12-01\nstatus: done\n---\nTitle\n=======\n",
    )
    assert space.load_entry(p).problems == []
