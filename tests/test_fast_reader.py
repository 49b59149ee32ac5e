"""The fast reader agrees with the ruamel loader, or steps aside; the fast writer writes what yamlio writes."""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from copkit.model import JournalEntry, Member, Plan
from copkit.storage import fast_reader, fast_writer, frontmatter, yamlio
from copkit.storage.documents import convert, decode, parse_markdown
from copkit.storage.workspace import to_data
from tests.conftest import Run
from tests.test_journal import entry, join, write_challenge

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
    fast = fast_reader.entry(text)
    if fast is not None:
        assert full_markdown(text, JournalEntry) == (fast[0], [])
        assert text[fast[1] :] == frontmatter.split(text).body


@SETTINGS
@given(plans, bodies)
def test_a_written_plan_reads_the_same_fast_or_slow(value: Plan, body: str) -> None:
    text = written_markdown(value, body)
    fast = fast_reader.plan(text)
    if fast is not None:
        assert full_markdown(text, Plan) == (fast[0], [])
        assert text[fast[1] :] == frontmatter.split(text).body


@pytest.mark.slow
@SETTINGS
@given(members)
def test_a_written_member_reads_the_same_fast_or_slow(value: Member) -> None:
    text = written_yaml(value)
    fast = fast_reader.member(text)
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
        tags=st.lists(slugs.filter(lambda w: not NOT_WORDS.fullmatch(w)), max_size=12),
        highlight=st.booleans(),
        partner_checkin=st.booleans(),
    )
)
def test_the_fast_path_takes_every_ordinary_entry(value: JournalEntry) -> None:
    """Ordinary entries (tags are slugs) never fall back to the slow loader."""
    text = written_markdown(value)
    fast = fast_reader.entry(text)
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
    ],
)
def test_the_fast_path_takes_ordinary_plans(goal: str | None) -> None:
    value = Plan(joined=date(2026, 11, 28), level="experienced", goal=goal)
    fast = fast_reader.plan(written_markdown(value))
    assert fast is not None and fast[0] == value


def test_the_fast_path_takes_ordinary_members() -> None:
    value = Member(
        name="Amara Okafor",
        email="amara@example.org",
        joined=date(2025, 3, 10),
        interests=["kubernetes", "platform-engineering"],
    )
    assert fast_reader.member(written_yaml(value)) == value
    assert fast_reader.member(written_yaml(Member(name="Bo"))) == Member(name="Bo")


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
    fast = fast_reader.entry(text)
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
    fast = fast_reader.plan(text)
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
    fast = fast_reader.member(text)
    if fast is not None:
        assert full_yaml(text, Member) == (fast, [])


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("---\r\ndate: 2026-12-07\r\nstatus: done\r\n---\r\n", id="crlf"),
        pytest.param("---\nstatus: done\ndate: 2026-12-07\n---\n", id="other-order"),
        pytest.param("---\ndate: 2026-12-07\nstatus: done\n...\n", id="dots-fence"),
        pytest.param("---\ndate: 2026-12-07\nstatus: done # ok\n---\n", id="comment"),
        pytest.param("---\n# mine\ndate: '2026-12-07'\nstatus: \"done\"\n---\n", id="quoted"),
        pytest.param("---\ndate: 2026-12-07\nstatus: done\ntags:\n- a\n- b\n---\n", id="block"),
        pytest.param(
            "---\ndate: 2026-12-07\nstatus: done\ntags: [ 'a' , \"b\" ]\n---\n", id="flow"
        ),
        pytest.param("---\ndate: 2026-12-07\nstatus: done\nmood: ~\nminutes:\n---\n", id="nulls"),
    ],
)
def test_hand_written_forms_are_read_fast(text: str) -> None:
    fast = fast_reader.entry(text)
    assert fast is not None
    assert full_markdown(text, JournalEntry) == (fast[0], [])


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("\ufeff---\ndate: 2026-12-07\nstatus: done\n---\n", id="bom"),
        pytest.param("---\ndate: 2026-12-07\nstatus: done\n", id="unclosed"),
        pytest.param("---\ndate: 2026-12-07\nstatus: done\nstatus: done\n---\n", id="dupe"),
        pytest.param("---\ndate: 2026-12-07\nstatus: done\nmood: 0\n---\n", id="mood-0"),
        pytest.param(
            "---\ndate: 2026-12-07\nstatus: done\nminutes: 1\u0661\n---\n", id="arabic-digit"
        ),
        pytest.param("---\ndate: 2026-12-07\nstatus: done\nminutes: 010\n---\n", id="octal"),
        pytest.param("---\ndate: 2026-12-07\nstatus: done\ntags: [yes]\n---\n", id="yaml-1.1-bool"),
        pytest.param("---\ndate: 2026-12-07\nstatus: !!str done\n---\n", id="tag"),
        pytest.param("---\ndate: &d 2026-12-07\nstatus: done\n---\n", id="anchor"),
        pytest.param("---\ndate: 2026-12-07\nstatus:\tdone\n---\n", id="tab"),
        pytest.param("---\ndate: 2026-12-07\nstatus: done\nbogus: 1\n---\n", id="unknown-key"),
        pytest.param("---\n" + "- " * 3000 + "x\n---\n", id="deep"),
    ],
)
def test_forms_it_is_not_sure_of_go_to_the_full_loader(text: str) -> None:
    assert fast_reader.entry(text) is None


@pytest.mark.parametrize(
    ("front", "where"),
    [
        pytest.param("minutes: 1\u0661", "4:10", id="minutes"),
        pytest.param("mood: \u0663", "4:7", id="mood"),
    ],
)
def test_unicode_digits_are_refused_the_same_way_everywhere(front: str, where: str) -> None:
    """`minutes: 1` and an Arabic-Indic digit is text to YAML, not a number: both refuse it."""
    text = f"---\ndate: 2026-12-07\nstatus: done\n{front}\n---\n"
    assert fast_reader.entry(text) is None
    value, problems = full_markdown(text, JournalEntry)
    assert value is None
    assert [f"{p.line}:{p.col}" for p in problems] == [where]


def test_the_full_loader_only_when_asked(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("name: Ada\n")
    assert fast_reader.read_member(str(path)) == Member(name="Ada")
    monkeypatch.setenv("COPKIT_NO_CACHE", "1")
    assert fast_reader.read_member(str(path)) is None


# ---- any valid form: the fast reader and ruamel agree, or the fast reader steps aside -------

# YAML 1.1 words (`y`, `no`, `off` ...) read as booleans in ruamel: the fast reader defers
NOT_WORDS = re.compile(r"y|n|yes|no|on|off|true|false|null")
plain_words = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,5}){0,2}", fullmatch=True).filter(
    lambda w: not NOT_WORDS.fullmatch(w)
)


def quoted(draw: st.DrawFn, text: str, *, plain_ok: bool = True) -> str:
    """`text` as a plain, single-quoted or double-quoted YAML scalar."""
    styles = ["single", "double"] + (["plain"] if plain_ok else [])
    style = draw(st.sampled_from(styles))
    if style == "plain":
        return text
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    return json.dumps(text, ensure_ascii=draw(st.booleans()))


def a_list(draw: st.DrawFn, key: str, items: list[str], plain_ok: bool) -> list[str]:
    shown = [quoted(draw, t, plain_ok=plain_ok) for t in items]
    form = draw(st.sampled_from(["flow", "flow-spaced", "block", "block-flush"]))
    if form == "flow" or not items:
        return [f"{key}: [{', '.join(shown)}]"]
    if form == "flow-spaced":
        return [f"{key}: [ {' , '.join(shown)} ]"]
    indent = "" if form == "block-flush" else draw(st.sampled_from(["  ", "    "]))
    return [f"{key}:", *(f"{indent}- {t}" for t in shown)]


def null(draw: st.DrawFn) -> str:
    return draw(st.sampled_from(["null", "~", "", "Null", "NULL"]))


@st.composite
def hand_written(draw: st.DrawFn, value: Any, *, plain_ok: bool = True) -> str:
    """`value` (an entry or a plan) as a person might write it: any order, optional keys
    left out or spelled out, any quoting, flow or block lists, comments, CRLF."""
    fields = msgspec.structs.fields(value)
    blocks: list[list[str]] = []
    for f in fields:
        v = getattr(value, f.name)
        default = f.default_factory() if f.default_factory is not msgspec.NODEFAULT else f.default
        if v == default and f.required is False and draw(st.booleans()):
            continue  # an optional key left out
        if v is None:
            blocks.append([f"{f.name}: {null(draw)}".rstrip()])
        elif isinstance(v, bool):
            blocks.append(
                [f"{f.name}: {draw(st.sampled_from(['true', 'True', 'TRUE'])) if v else 'false'}"]
            )
        elif isinstance(v, int):
            blocks.append([f"{f.name}: {v}"])
        elif isinstance(v, date):
            blocks.append([f"{f.name}: {quoted(draw, v.isoformat())}"])
        elif isinstance(v, list):
            blocks.append(a_list(draw, f.name, v, plain_ok))
        else:
            blocks.append([f"{f.name}: {quoted(draw, v, plain_ok=plain_ok)}"])
    order = draw(st.permutations(range(len(blocks))))
    lines: list[str] = []
    for i in order:
        if draw(st.integers(0, 4)) == 0:
            lines.append(draw(st.sampled_from(["# a comment", "#", "  # indented comment"])))
        block = list(blocks[i])
        if draw(st.integers(0, 4)) == 0:
            block[-1] += draw(st.sampled_from(["  # why", " # note: here"]))
        lines += block
    eol = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    return eol.join(["---", *lines, "---", "Body."]) + eol


@pytest.mark.slow
@SETTINGS
@given(st.data(), entries)
def test_any_valid_entry_form_agrees_or_defers(data: st.DataObject, value: JournalEntry) -> None:
    text = data.draw(hand_written(value))
    fast = fast_reader.entry(text)
    if fast is not None:
        assert full_markdown(text, JournalEntry) == (fast[0], [])
        assert text[fast[1] :] == frontmatter.split(text).body


@SETTINGS
@given(st.data(), plans)
def test_any_valid_plan_form_agrees_or_defers(data: st.DataObject, value: Plan) -> None:
    text = data.draw(hand_written(value))
    fast = fast_reader.plan(text)
    if fast is not None:
        assert full_markdown(text, Plan) == (fast[0], [])


@SETTINGS
@given(
    st.data(),
    st.builds(
        JournalEntry,
        date=dates,
        status=st.sampled_from(["done", "partial", "skipped"]),
        minutes=st.none() | st.integers(0, 1440),
        mood=st.none() | st.integers(1, 5),
        tags=st.lists(plain_words, max_size=6),
        highlight=st.booleans(),
        partner_checkin=st.booleans(),
    ),
)
def test_ordinary_hand_written_entries_are_read_fast(
    data: st.DataObject, value: JournalEntry
) -> None:
    """Any order, keys left out, quotes, block lists, comments: still the fast path."""
    text = data.draw(hand_written(value))
    fast = fast_reader.entry(text)
    assert fast is not None, text
    assert fast[0] == value


def test_a_merge_conflict_in_the_body_goes_to_the_full_loader() -> None:
    text = written_markdown(
        JournalEntry(date=date(2026, 12, 7), status="done"),
        "<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> main\n",
    )
    assert fast_reader.entry(text) is None
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
        fast = fast_writer.dump_entry(candidate)
        if fast is not None:
            assert fast == yamlio.dump(to_data(candidate, omit_defaults=True))


def test_the_fast_writer_takes_ordinary_entries() -> None:
    value = JournalEntry(
        date=date(2026, 12, 7), status="partial", minutes=35, mood=4, tags=["ci", "k8s"]
    )
    assert (
        fast_writer.dump_entry(value)
        == "date: 2026-12-07\nstatus: partial\nminutes: 35\nmood: 4\ntags: [ci, k8s]\n"
    )
    assert fast_writer.dump_entry(msgspec.structs.replace(value, tags=["a: b"])) is None


# ---- --no-cache: the full loader for every file ---------------------------------------------


def test_no_cache_reads_every_file_with_the_full_loader(
    ws: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_challenge(ws)
    join(ws, "dec", "alice-martin")
    entry(ws, "dec", "alice-martin", 1)
    monkeypatch.setenv("COPKIT_TODAY", "2026-12-03")
    calls: list[object] = []
    real = fast_reader.parse

    def spy(yaml: str, model: type[Any]) -> Any:
        calls.append(model)
        return real(yaml, model)

    monkeypatch.setattr(fast_reader, "parse", spy)
    for args in (
        ("challenge", "progress", "dec", "--no-cache"),
        ("challenge", "nudge", "dec", "--no-cache"),
        ("challenge", "show", "dec", "--no-cache"),
        ("challenge", "report", "dec", "--no-cache"),
        ("report", "--no-cache"),
        ("check", "--no-cache"),
    ):
        r = run(*args)
        assert r.exit_code == 0, r.output
    assert calls == []
    monkeypatch.setenv("COPKIT_NO_CACHE", "1")
    assert run("challenge", "progress", "dec").exit_code == 0
    assert calls == []
    monkeypatch.delenv("COPKIT_NO_CACHE")
    assert run("challenge", "progress", "dec").exit_code == 0
    assert JournalEntry in calls and Plan in calls  # the fast reader, when allowed


def test_a_private_entry_is_read_and_written_fast_as_the_full_loader_does() -> None:
    value = JournalEntry(date=date(2026, 12, 7), status="done", mood=2, private=True)
    front = fast_writer.dump_entry(value)
    assert front == "date: 2026-12-07\nstatus: done\nmood: 2\nprivate: true\n"
    assert front == yamlio.dump(to_data(value, omit_defaults=True))
    text = f"---\n{front}---\n"
    fast = fast_reader.entry(text)
    assert fast is not None and fast[0] == value
    assert full_markdown(text, JournalEntry) == (value, [])


# ---- the guard: two fast searches that find what one plain search finds ----------------------

# The guard as first written, one search of plain alternatives: the reference `risky` keeps to.
PLAIN_RISKY = re.compile(
    r"[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]"
    r"|(?:^|[\s\[\]{},])[!&*?%@`]"
    r"|(?:^|[\s\[{,:])[-+]?0[0-9_oObBxX]"
    r"|[0-9]_"
    r"|<<"
    r"|\\[uU]0*[dD][89a-fA-F]",
    re.MULTILINE,
)
# the characters every alternative turns on, and some others, so that examples hit the edges
GUARD_ALPHABET = "0123456789_oObBxXdDuUaF8-+ \t\n\r[]{},:!&*?%@`<\\\x01\x85\u2028\ufeffé٢#'\"."


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=GUARD_ALPHABET, max_size=16) | st.text(max_size=40))
@example("date: 2026-10-03\nminutes: 05\n")
@example("tags: [a, -01]\n")
@example("x: +0x1f\n")
@example("&anchor")
@example("a&b")
@example("- !!binary")
@example("1_000")
@example("\\uD800")
def test_the_guard_finds_what_the_plain_search_finds(text: str) -> None:
    assert fast_reader.risky(text) == (PLAIN_RISKY.search(text) is not None)


def test_the_guard_passes_ordinary_front_matter_and_stops_risky_forms() -> None:
    assert not fast_reader.risky("date: 2026-10-03\nstatus: done\nminutes: 20\ntags: [ci]\n")
    for text in ("minutes: 010\n", "minutes: 1_0\n", "a: &x 1\n", "<<: *x\n", 't: "\\ud800"\n'):
        assert fast_reader.risky(text), text
