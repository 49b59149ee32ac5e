"""The challenge file's fast reader (fast_reader.challenge): a top-level key at a time, yaml-rs
where it is sure and ruamel elsewhere; it agrees with the full loader or steps aside."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from copkit.model import Challenge, Day, Levels, Meetup
from copkit.model.rules import challenge_rules
from copkit.storage import cache, fast_reader, yamlio
from copkit.storage.documents import parse_yaml
from copkit.storage.workspace import Workspace, to_data

SETTINGS = settings(
    max_examples=int(os.environ.get("COPKIT_HYPOTHESIS", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
DEMO = Path(__file__).resolve().parent.parent


def full(text: str) -> tuple[Challenge | None, list[object]]:
    """What `ws.challenge` reads from the text: (value, problems)."""
    loaded = parse_yaml(text, [], "challenges/c.yaml", Challenge, challenge_rules)
    return loaded.value, loaded.problems


def agrees_or_defers(text: str) -> Challenge | None:
    fast = fast_reader.challenge(text)
    if fast is not None:
        value, problems = full(text)
        assert problems == []
        assert value == fast
    return fast


# ---- texts as copkit writes them, then as people and other tools do -------------------------

# member ids: ordinary ones, and ids that YAML might read as something else
ids = st.one_of(
    st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4}){0,2}", fullmatch=True),
    st.sampled_from(["1e3", "0o17", "12-34", "007", "true", "no", "y", "null", "2026-12-01"]),
)
prose = st.sampled_from(
    [
        "Map your value stream",
        "Run `copkit challenge show` and book ahead: a 45-minute slot",
        "30 days to a calmer inbox",
        "What is *really* slow? Find out & fix it",
        "Use `kubectl get`, `describe` and `logs --previous`",
        "Notes # not a comment when quoted",
        "yes",
        "12:30 standup",
        "- a dash first",
    ]
)


def scalar(draw: st.DrawFn, text: str) -> str:
    style = draw(st.sampled_from(["plain", "single", "double"]))
    if style == "single" or (style == "plain" and not re.fullmatch(r"[a-z][a-z0-9 -]*", text)):
        return "'" + text.replace("'", "''") + "'"
    if style == "double":
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


@st.composite
def challenges(draw: st.DrawFn) -> Challenge:
    length = draw(st.integers(1, 4))
    days = [
        Day(
            day=d,
            kind=draw(st.sampled_from(["learn", "practice", "balance"])),
            title=draw(prose),
            prompt=draw(prose),
            minutes=draw(st.one_of(st.none(), st.integers(0, 120))),
            levels=draw(st.one_of(st.none(), st.builds(Levels, starter=prose))),
        )
        for d in range(1, length + 1)
    ]
    members = draw(st.lists(ids, unique=True, max_size=9))
    pairs = [members[i : i + 2] for i in range(0, len(members) - 1, 2)]
    return Challenge(
        title=draw(prose),
        start=draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))),
        meetup=draw(st.one_of(st.none(), st.builds(Meetup, date=st.just(date(2031, 1, 5))))),
        finish_threshold=draw(st.sampled_from([0.8, 0.5, 1.0])),
        days=days,
        pairs=pairs,
    )


def pairs_section(draw: st.DrawFn, pairs: list[list[str]]) -> list[str]:
    form = draw(st.sampled_from(["copkit", "flow", "block"]))
    shown = [[scalar(draw, m) for m in group] for group in pairs]
    if not pairs:
        return ["pairs: []"]
    if form == "copkit":
        return ["pairs:", *(f"  - [{', '.join(g)}]" for g in shown)]
    if form == "flow":
        return ["pairs: [" + ", ".join(f"[{', '.join(g)}]" for g in shown) + "]"]
    return [
        "pairs:",
        *(
            line
            for g in shown
            for i, m in enumerate(g)
            for line in [f"  {'- ' if i == 0 else '  '}- {m}"]
        ),
    ]


@st.composite
def challenge_texts(draw: st.DrawFn, value: Challenge) -> str:
    written = yamlio.dump(to_data(value))
    sections: list[list[str]] = []
    for line in written.splitlines():
        if line and not line[0].isspace() and not line.startswith("-"):
            sections.append([])
        sections[-1].append(line)
    sections = [
        pairs_section(draw, value.pairs) if s[0].startswith("pairs:") else s for s in sections
    ]
    for s in sections:  # dates quoted or not
        if re.match(r"start: \d", s[0]) and draw(st.booleans()):
            s[0] = f"start: '{value.start.isoformat()}'"
    order = draw(st.permutations(range(len(sections))))
    lines: list[str] = []
    for i in order:
        if draw(st.integers(0, 3)) == 0:
            lines.append(draw(st.sampled_from(["# a comment", "#", "", "  # indented"])))
        lines += sections[i]
    eol = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    return eol.join(lines) + eol


@pytest.mark.parametrize("path", sorted((DEMO / "challenges").glob("*.yaml")), ids=lambda p: p.stem)
def test_the_demo_s_challenges_are_read_fast_and_the_same(path: Path) -> None:
    text = path.read_text()
    fast = agrees_or_defers(text)
    assert fast is not None


@SETTINGS
@given(st.data(), challenges())
def test_any_written_form_agrees_or_defers(data: st.DataObject, value: Challenge) -> None:
    text = data.draw(challenge_texts(value))
    fast = agrees_or_defers(text)
    if fast is not None:
        assert fast == value


def test_copkit_s_own_pairs_of_ordinary_ids_are_read_fast() -> None:
    value = Challenge(
        title="T",
        start=date(2026, 12, 1),
        days=[Day(day=1, kind="learn", title="A day", prompt="Do it.")],
        pairs=[[f"member-{i:04}", f"member-{i + 1:04}"] for i in range(0, 400, 2)],
    )
    text = yamlio.dump(to_data(value))
    assert agrees_or_defers(text) == value


# Forms a section cannot be read in alone, or that the full loader refuses: never a value
BROKEN = [
    # a quoted title carried across a line that looks like a key
    'title: "Two\npairs: [[a, b]]"\nstart: 2026-12-01\ndays:\n  - {day: 1, kind: learn}\n',
    "title: 'Two\ndomain: x'\nstart: 2026-12-01\ndays:\n  - {day: 1, kind: learn}\n",
    # a flow list carried across the margin
    "title: T\nstart: 2026-12-01\npairs: [[a, b],\ndays: c]\ndays:\n  - {day: 1, kind: learn}\n",
    # an anchor in one section, its alias in another
    "title: &t T\ndomain: *t\nstart: 2026-12-01\ndays:\n  - {day: 1, kind: learn}\n",
    # a key given twice
    "title: T\nstart: 2026-12-01\ntitle: U\ndays:\n  - {day: 1, kind: learn}\n",
    # document markers, directives, odd keys, a top-level list
    "---\ntitle: T\nstart: 2026-12-01\ndays:\n  - {day: 1, kind: learn}\n",
    "%YAML 1.2\n---\ntitle: T\nstart: 2026-12-01\ndays:\n  - {day: 1, kind: learn}\n",
    "title: T\nstart: 2026-12-01\ntrue: x\ndays:\n  - {day: 1, kind: learn}\n",
    '"title": T\nstart: 2026-12-01\ndays:\n  - {day: 1, kind: learn}\n',
    "- title: T\n",
    # a line break ruamel counts and the sections would not
    "title: T\u2028pairs: [[a, b]]\nstart: 2026-12-01\ndays:\n  - {day: 1, kind: learn}\n",
    "title: T\rpairs: [[a, b]]\nstart: 2026-12-01\ndays:\n  - {day: 1, kind: learn}\n",
    # a value the model refuses, a rule's finding, a float ruamel may read otherwise
    "title: T\nstart: 2026-12-01\ndays:\n  - {day: 1, kind: learn}\npairs: [[a]]\n",
    "title: T\nstart: 2026-13-01\ndays:\n  - {day: 1, kind: learn}\n",
    "title: T\nstart: 2026-12-01\ndays:\n  - {day: 1, kind: learn}\nfinish_threshold: 1e-1\n",
    "title: T\nstart: 2026-12-01\ndays:\n  - {day: 1, kind: learn}\nunknown: 1\n",
    "",
    "# only a comment\n",
]


VALID = [
    "title: T\nstart: 2026-12-01\ndays:\n  - {day: 1, kind: learn, title: A, prompt: B}\n"
    "pairs:\n  - [ada, ben]\n  - [cy, dee]\n",
    "# the December run\ntitle: 'T: two'\nstart: 2026-12-01\n\npairs: [[ada, ben]]\n"
    "days:\n- day: 1\n  kind: learn\n  title: A\n  prompt: B\nmeetup:\n  date: 2027-01-05\n",
]


@pytest.mark.parametrize("text", VALID)
def test_hand_written_forms_are_read_fast(text: str) -> None:
    assert agrees_or_defers(text) is not None


@pytest.mark.parametrize("text", BROKEN)
def test_forms_it_cannot_be_sure_of_go_to_the_full_loader(text: str) -> None:
    assert fast_reader.challenge(text) is None


@given(st.sampled_from(BROKEN + VALID), st.integers(0, 200), st.text(max_size=3))
@example(BROKEN[0], 6, "\n")
@SETTINGS
def test_edited_forms_agree_or_defer(text: str, at: int, insert: str) -> None:
    at = min(at, len(text))
    agrees_or_defers(text[:at] + insert + text[at:])


def test_a_challenge_is_read_without_the_full_loader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "c"
    (root / "challenges").mkdir(parents=True)
    (root / "copkit.yaml").write_text("name: C\n")
    value = Challenge(
        title="T",
        start=date(2026, 12, 1),
        days=[Day(day=1, kind="learn", title="A day", prompt="Do it.")],
        pairs=[["ada", "ben"]],
    )
    (root / "challenges" / "c.yaml").write_text(yamlio.dump(to_data(value)))

    def refuse(self: Workspace, challenge_id: str) -> Challenge:
        raise AssertionError("the full loader ran")

    monkeypatch.setattr(Workspace, "challenge", refuse)
    assert cache.challenge(Workspace(root), "c") == value
    monkeypatch.setenv("COPKIT_NO_CACHE", "1")  # --no-cache: the full loader only
    with pytest.raises(AssertionError, match="the full loader ran"):
        cache.challenge(Workspace(root), "c")
