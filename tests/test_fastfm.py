"""The fast front-matter reader agrees with the ruamel loader, or steps aside."""

from __future__ import annotations

import os
from datetime import date
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from copkit.model import JournalEntry, Member, Plan
from copkit.storage import fastfm, frontmatter, yamlio
from copkit.storage.documents import convert, decode, parse_markdown
from copkit.storage.workspace import to_data

# COPKIT_HYPOTHESIS=2000 digs deeper (a few thousand found nothing when this was written)
SETTINGS = settings(
    max_examples=int(os.environ.get("COPKIT_HYPOTHESIS", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def full_markdown(text: str, model: type[Any]) -> tuple[Any, list[Any]]:
    """What the full loader makes of a Markdown file's text: (value, problems)."""
    decoded, problems = decode(text.encode("utf-8"), "f.md")
    assert decoded is not None
    loaded = parse_markdown(decoded, "f.md", model)
    return loaded.value, problems + loaded.problems


def full_yaml(text: str, model: type[Any]) -> tuple[Any, list[Any]]:
    parsed = yamlio.parse("f.yaml", text)
    if parsed.problems:
        return None, parsed.problems
    value, problems = convert(parsed.data, model, "f.yaml")
    return value, problems


def written_markdown(value: Any, body: str = "Body.\n") -> str:
    """The bytes Workspace.write_markdown writes for `value`."""
    data = to_data(value, omit_defaults=isinstance(value, JournalEntry))
    return frontmatter.join(yamlio.dump(data), body)


def written_yaml(value: Any) -> str:
    return yamlio.dump(to_data(value))


# ---- values copkit writes -----------------------------------------------------------------

dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
slugs = st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
any_text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40
)
tags = st.lists(st.one_of(slugs, any_text), max_size=12)

entries = st.builds(
    JournalEntry,
    date=dates,
    status=st.sampled_from(["done", "partial", "skipped"]),
    minutes=st.none() | st.integers(0, 1440),
    mood=st.none() | st.integers(1, 5),
    tags=tags,
    highlight=st.booleans(),
    partner_checkin=st.booleans(),
    private=st.booleans(),
)
plans = st.builds(
    Plan,
    joined=st.none() | dates,
    level=st.sampled_from(["starter", "experienced"]),
    goal=st.none() | any_text | st.from_regex(r"[A-Z][a-z]+( [a-z0-9,.'()]+){0,8}", fullmatch=True),
    left=st.none() | dates,
)
members = st.builds(
    Member,
    name=any_text.filter(bool) | st.from_regex(r"[A-Z][a-z]+ [A-Z][a-z]+", fullmatch=True),
    email=st.none() | st.emails() | any_text,
    joined=st.none() | dates,
    interests=tags,
)


bodies = st.one_of(
    any_text,
    st.sampled_from(
        [
            "<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> main\n",
            "Title\n=======\n",
            "a <<<<<<< b >>>>>>> c\n",
            "---\nnot: front\n---\n",
        ]
    ),
)


@pytest.mark.slow
@SETTINGS
@given(entries, bodies)
def test_a_written_entry_reads_the_same_fast_or_slow(value: JournalEntry, body: str) -> None:
    text = written_markdown(value, body)
    fast = fastfm.entry(text)
    if fast is not None:
        assert full_markdown(text, JournalEntry) == (fast[0], [])
        assert text[fast[1] :] == frontmatter.split(text).body


@SETTINGS
@given(plans, bodies)
def test_a_written_plan_reads_the_same_fast_or_slow(value: Plan, body: str) -> None:
    text = written_markdown(value, body)
    fast = fastfm.plan(text)
    if fast is not None:
        assert full_markdown(text, Plan) == (fast[0], [])
        assert text[fast[1] :] == frontmatter.split(text).body


@pytest.mark.slow
@SETTINGS
@given(members)
def test_a_written_member_reads_the_same_fast_or_slow(value: Member) -> None:
    text = written_yaml(value)
    fast = fastfm.member(text)
    if fast is not None:
        assert full_yaml(text, Member) == (fast, [])


@pytest.mark.slow
@SETTINGS
@given(
    st.builds(
        JournalEntry,
        date=dates,
        status=st.sampled_from(["done", "partial", "skipped"]),
        minutes=st.none() | st.integers(0, 1440),
        mood=st.none() | st.integers(1, 5),
        tags=st.lists(slugs, max_size=12),
        highlight=st.booleans(),
        partner_checkin=st.booleans(),
    )
)
def test_the_fast_path_takes_every_ordinary_entry(value: JournalEntry) -> None:
    """Ordinary entries (tags are slugs) never fall back to the slow loader."""
    text = written_markdown(value)
    fast = fastfm.entry(text)
    assert fast is not None and fast[0] == value


@pytest.mark.parametrize(
    "goal",
    [
        "Automate one manual step of our release.",
        "Learn k8s: the basics",
        "It's fine",
        "",
        None,
        "C# mastery",
        "naïve café",
        'quote " inside',
        "yes",
    ],
)
def test_the_fast_path_takes_ordinary_plans(goal: str | None) -> None:
    value = Plan(joined=date(2026, 11, 28), level="experienced", goal=goal)
    fast = fastfm.plan(written_markdown(value))
    assert fast is not None and fast[0] == value


def test_the_fast_path_takes_ordinary_members() -> None:
    value = Member(
        name="Amara Okafor",
        email="amara@example.org",
        joined=date(2025, 3, 10),
        interests=["kubernetes", "platform-engineering"],
    )
    assert fastfm.member(written_yaml(value)) == value
    assert fastfm.member(written_yaml(Member(name="Bo"))) == Member(name="Bo")


# ---- any text: the fast reader never disagrees ---------------------------------------------

scalars = st.one_of(
    st.sampled_from(
        [
            "null",
            "~",
            "true",
            "True",
            "false",
            "yes",
            "12",
            "012",
            "1e3",
            "0x1f",
            "1_000",
            "2026-12-07",
            "2026-02-30",
            "2026-1-5",
            "[]",
            "[a, b]",
            "[a,b]",
            "[a, 'b']",
            "'x''y'",
            "'x'y'",
            '"x"',
            "a: b",
            "a #b",
            "a:",
            "- a",
            "&a x",
            "*a",
            "!!str x",
            "|",
            ">",
            "done",
            "partial",
            "skipped",
            "starter",
            "experienced",
            "1441",
            "0",
            "6",
            "3d",
            "2fa",
            "2e5",
            "0o17",
            "1b",
        ]
    ),
    any_text.map(lambda s: s.replace("\n", " ")),
    st.from_regex(r"[\w '#:,.\[\]{}-]{0,20}", fullmatch=True),
)
entry_keys = [
    "date",
    "status",
    "minutes",
    "mood",
    "tags",
    "highlight",
    "partner_checkin",
    "private",
]


@st.composite
def entry_texts(draw: st.DrawFn) -> str:
    """Front matter close to the canonical form: keys in order or not, odd values, dupes."""
    value = draw(entries)
    lines = written_markdown(value).split("\n")
    front = lines[1 : lines.index("---", 1)]
    ops = draw(st.lists(st.integers(0, 5), max_size=4))
    for op in ops:
        i = draw(st.integers(0, max(len(front) - 1, 0)))
        key = draw(st.sampled_from(entry_keys))
        if op == 0 and front:
            front[i] = f"{front[i].split(':')[0]}: {draw(scalars)}"
        elif op == 1:
            front.insert(i, f"{key}: {draw(scalars)}")
        elif op == 2 and front:
            del front[i]
        elif op == 3 and len(front) > 1:
            front[i], front[-1] = front[-1], front[i]
        elif op == 4:
            front.insert(i, f"  - {draw(scalars)}")
        elif op == 5 and front:
            front[i] = front[i] + draw(st.sampled_from([" ", "  # note", "\r", ":", " x"]))
    return "---\n" + "".join(f"{line}\n" for line in front) + "---\nBody.\n"


@pytest.mark.slow
@SETTINGS
@given(entry_texts())
@example("---\ndate: 2026-12-07\nstatus: done\ntags: [yes, no, 'on']\n---\n")
@example("---\ndate: 2026-12-07\nstatus: done\ntags: [Null]\n---\n")
@example("---\ndate: 2026-02-30\nstatus: done\n---\n")
@example("---\ndate: 2026-12-07\nstatus: done\nminutes: 1441\n---\n")
@example("---\ndate: 2026-12-07\nstatus: done\ntags:\n  - a\n  - 0x1f\n---\n")
@example("---\ndate: 2026-12-07\nstatus: done\nprivate: true\n---\n")
@example("---\ndate: 2026-12-07\nstatus: done\nprivate: yes\n---\n")
@example("---\ndate: 2026-12-07\nstatus: done\nprivate: true\nhighlight: true\n---\n")
def test_the_fast_entry_reader_never_disagrees(text: str) -> None:
    fast = fastfm.entry(text)
    if fast is not None:
        assert full_markdown(text, JournalEntry) == (fast[0], [])


@SETTINGS
@given(
    joined=st.sampled_from(["2026-11-28", "null", "2026-13-01", "~", ""]),
    level=st.sampled_from(["starter", "experienced", "expert"]),
    goal=scalars,
    left=st.sampled_from(["null", "2026-12-02", "2026-02-29"]),
)
@example(joined="2026-11-28", level="starter", goal="Null", left="null")
@example(joined="2026-11-28", level="starter", goal="a\u2028b", left="null")
@example(joined="2026-11-28", level="starter", goal="a\x85b", left="null")
@example(joined="2026-11-28", level="starter", goal="'a\tb'", left="null")
def test_the_fast_plan_reader_never_disagrees(
    joined: str, level: str, goal: str, left: str
) -> None:
    text = f"---\njoined: {joined}\nlevel: {level}\ngoal: {goal}\nleft: {left}\n---\nWhy.\n"
    fast = fastfm.plan(text)
    if fast is not None:
        assert full_markdown(text, Plan) == (fast[0], [])


@SETTINGS
@given(
    name=st.just("Ada Lovelace") | scalars,
    email=st.just("ada@example.org") | st.just("null") | scalars,
    interests=st.just("[k8s, ci]") | st.just("[]") | scalars,
)
@example(name="Ada", email="ada@example.org", interests="[k8s, 3d, c#, x'y]")
def test_the_fast_member_reader_never_disagrees(name: str, email: str, interests: str) -> None:
    text = f"name: {name}\nemail: {email}\njoined: 2026-01-15\ninterests: {interests}\n"
    fast = fastfm.member(text)
    if fast is not None:
        assert full_yaml(text, Member) == (fast, [])


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("---\r\ndate: 2026-12-07\r\nstatus: done\r\n---\r\n", id="crlf"),
        pytest.param("\ufeff---\ndate: 2026-12-07\nstatus: done\n---\n", id="bom"),
        pytest.param("---\ndate: 2026-12-07\nstatus: done\n", id="unclosed"),
        pytest.param("---\nstatus: done\ndate: 2026-12-07\n---\n", id="other-order"),
        pytest.param("---\ndate: 2026-12-07\nstatus: done\n...\n", id="dots-fence"),
        pytest.param("---\ndate: 2026-12-07\nstatus: done # ok\n---\n", id="comment"),
        pytest.param("---\ndate: 2026-12-07\nstatus: done\nstatus: done\n---\n", id="dupe"),
        pytest.param("---\ndate: 2026-12-07\nstatus: done\nmood: 0\n---\n", id="mood-0"),
    ],
)
def test_forms_it_does_not_know_go_to_the_full_loader(text: str) -> None:
    assert fastfm.entry(text) is None


def test_a_merge_conflict_in_the_body_goes_to_the_full_loader() -> None:
    text = written_markdown(
        JournalEntry(date=date(2026, 12, 7), status="done"),
        "<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> main\n",
    )
    assert fastfm.entry(text) is None
    value, problems = full_markdown(text, JournalEntry)
    assert value is None and problems


# ---- the fast writer -----------------------------------------------------------------------


@pytest.mark.slow
@SETTINGS
@given(
    entries,
    st.lists(st.from_regex(r"[a-z0-9][a-z0-9+#.'/_-]{0,70}", fullmatch=True), max_size=14),
)
@example(JournalEntry(date=date(1, 1, 1), status="done"), ["x" * 61])
@example(JournalEntry(date=date(2026, 1, 1), status="done"), ["true", "Null", "0x1f", "3d"])
def test_the_fast_writer_writes_what_yamlio_writes(value: JournalEntry, more: list[str]) -> None:
    for candidate in (value, msgspec.structs.replace(value, tags=more)):
        fast = fastfm.dump_entry(candidate)
        if fast is not None:
            assert fast == yamlio.dump(to_data(candidate, omit_defaults=True))


def test_the_fast_writer_takes_ordinary_entries() -> None:
    value = JournalEntry(
        date=date(2026, 12, 7), status="partial", minutes=35, mood=4, tags=["ci", "k8s"]
    )
    assert (
        fastfm.dump_entry(value)
        == "date: 2026-12-07\nstatus: partial\nminutes: 35\nmood: 4\ntags: [ci, k8s]\n"
    )
    assert fastfm.dump_entry(msgspec.structs.replace(value, tags=["a: b"])) is None


def test_a_private_entry_is_read_and_written_fast_as_the_full_loader_does() -> None:
    value = JournalEntry(date=date(2026, 12, 7), status="done", mood=2, private=True)
    front = fastfm.dump_entry(value)
    assert front == "date: 2026-12-07\nstatus: done\nmood: 2\nprivate: true\n"
    assert front == yamlio.dump(to_data(value, omit_defaults=True))
    text = f"---\n{front}---\n"
    fast = fastfm.entry(text)
    assert fast is not None and fast[0] == value
    assert full_markdown(text, JournalEntry) == (value, [])
