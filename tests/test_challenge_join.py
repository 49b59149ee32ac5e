"""copkit challenge join | leave: one file per member, the journal kept, leavers not counted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Run, snapshot

OCT = "observability-october"


@pytest.fixture
def winter(ws: Path, run: Run) -> Path:
    r = run("challenge", "new", "winter", "--start", "2026-12-01", "--template", "devops")
    assert r.exit_code == 0, r.output
    return ws


def changed(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


def test_join_writes_exactly_one_file(winter: Path, run: Run) -> None:
    before = snapshot(winter)
    r = run(
        "challenge",
        "join",
        "winter",
        "--as",
        "alice-martin",
        "--level",
        "experienced",
        "--goal",
        "Automate one manual step of our release.",
    )
    assert r.exit_code == 0, r.output
    assert changed(before, snapshot(winter)) == {"journals/winter/alice-martin/plan.md"}
    assert (winter / "journals/winter/alice-martin/plan.md").read_text() == (
        "---\n"
        "joined: 2026-11-28\n"
        "level: experienced\n"
        "goal: Automate one manual step of our release.\n"
        "left: null\n"
        "---\n"
        "Automate one manual step of our release.\n"
    )
    assert r.stderr.splitlines() == [
        "Alice Martin joined winter: wrote journals/winter/alice-martin/plan.md.",
        "Day 1 is 2026-12-01. Commit and push journals/winter/alice-martin/plan.md to share "
        "your sign-up.",
    ]


def test_join_without_a_goal_invites_one_and_reads_as_front_matter(winter: Path, run: Run) -> None:
    import frontmatter

    env = {"COPKIT_MEMBER": "bob-lee"}
    assert run("challenge", "join", "winter", env=env).exit_code == 0
    post = frontmatter.load(winter / "journals/winter/bob-lee/plan.md")
    assert post.metadata == {
        "joined": __import__("datetime").date(2026, 11, 28),
        "level": "starter",
        "goal": None,
        "left": None,
    }
    assert post.content == (
        "Why I'm in 30 days to become a better DevOps practitioner, and what I want out of it: "
        "write it here, in your own words."
    )


@pytest.mark.parametrize(
    ("args", "env", "lines"),
    [
        pytest.param(
            ["winter", "--as", "zed"],
            {},
            [
                "error: no member 'zed' (members/zed.yaml does not exist)",
                "hint: Add yourself with: copkit member add zed --name 'Your Name'",
            ],
            id="unknown-member",
        ),
        pytest.param(
            ["winter", "--as", "Alice Martin"],
            {},
            [
                "error: 'Alice Martin' is not a valid member id: use lowercase letters, digits "
                "and single hyphens (at most 64 characters); try 'alice-martin'",
            ],
            id="not-a-slug",
        ),
        pytest.param(
            ["winter", "--as", "bob-lee"],
            {"COPKIT_TODAY": "2026-12-31"},
            [
                "error: winter ended on 2026-12-30; it can no longer be joined",
                "hint: See the challenges to come with: copkit challenge list",
            ],
            id="ended",
        ),
        pytest.param(
            ["wintr", "--as", "bob-lee"],
            {},
            [
                "error: no challenge 'wintr' (challenges/wintr.yaml does not exist); did you mean 'winter'?"
            ],
            id="unknown-challenge",
        ),
    ],
)
def test_join_refuses(
    winter: Path, run: Run, args: list[str], env: dict[str, str], lines: list[str]
) -> None:
    before = snapshot(winter)
    r = run("challenge", "join", *args, env=env)
    assert r.exit_code == 1
    assert r.stderr.splitlines() == lines
    assert snapshot(winter) == before


def test_join_twice_is_refused_and_force_replaces(winter: Path, run: Run) -> None:
    assert run("challenge", "join", "winter", "--as", "carol-diaz").exit_code == 0
    plan = winter / "journals/winter/carol-diaz/plan.md"
    plan.write_text(plan.read_text() + "My own words.\n")
    before = snapshot(winter)
    r = run("challenge", "join", "winter", "--as", "carol-diaz", "--level", "experienced")
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        "error: carol-diaz already joined winter on 2026-11-28 "
        "(journals/winter/carol-diaz/plan.md)",
        "hint: Edit that file to change your level or goal, or use --force to replace it.",
    ]
    assert snapshot(winter) == before
    r = run(
        "challenge", "join", "winter", "--as", "carol-diaz", "--level", "experienced", "--force"
    )
    assert r.exit_code == 0
    assert "level: experienced" in plan.read_text()
    assert "My own words." not in plan.read_text()


def test_join_refuses_an_unreadable_plan_without_force(winter: Path, run: Run) -> None:
    plan = winter / "journals/winter/bob-lee/plan.md"
    plan.parent.mkdir(parents=True)
    plan.write_text("no front matter here\n")
    r = run("challenge", "join", "winter", "--as", "bob-lee")
    assert r.exit_code == 1
    assert "journals/winter/bob-lee/plan.md exists but cannot be read: no front matter" in r.stderr
    assert plan.read_text() == "no front matter here\n"
    assert run("challenge", "join", "winter", "--as", "bob-lee", "--force").exit_code == 0


def test_leave_changes_only_the_left_line(demo: Path, run: Run) -> None:
    env = {"COPKIT_TODAY": "2026-10-20"}
    plan = demo / "journals" / OCT / "mei-chen" / "plan.md"
    text = plan.read_text().replace("level: starter", "level: starter  # for now", 1)
    plan.write_text(text)
    before = snapshot(demo)
    r = run("challenge", "leave", OCT, "--as", "mei-chen", env=env)
    assert r.exit_code == 0, r.output
    assert r.stderr.startswith(f"Mei Chen left {OCT} on 2026-10-20")  # the name, for people
    assert f"copkit challenge join {OCT} --as mei-chen" in r.stderr  # the id, for the command
    assert changed(before, snapshot(demo)) == {f"journals/{OCT}/mei-chen/plan.md"}
    assert plan.read_text() == text.replace("left: null", "left: 2026-10-20", 1)
    listed = json.loads(run("challenge", "list", "--json", env=env).stdout)
    by_id = {c["challenge"]: c for c in listed}
    assert by_id[OCT]["participants"] == 6  # hannah-schmidt left earlier, mei-chen now
    shown = json.loads(run("challenge", "show", OCT, "--json", env=env).stdout)
    assert "mei-chen" not in shown["participants"]
    again = run("challenge", "leave", OCT, "--as", "mei-chen", env=env)
    assert again.exit_code == 1
    assert again.stderr.splitlines() == [
        "error: mei-chen already left observability-october on 2026-10-20",
        "hint: Rejoin with: copkit challenge join observability-october --as mei-chen",
    ]


def test_leave_a_hand_written_plan_adds_left_at_the_end(winter: Path, run: Run) -> None:
    plan = winter / "journals/winter/bob-lee/plan.md"
    plan.parent.mkdir(parents=True)
    plan.write_text("---\n# signed up at the meetup\njoined: 2026-11-20\n---\nHi.\n")
    assert run("challenge", "leave", "winter", "--as", "bob-lee").exit_code == 0
    assert plan.read_text() == (
        "---\n# signed up at the meetup\njoined: 2026-11-20\nleft: 2026-11-28\n---\nHi.\n"
    )


def test_leave_without_joining(winter: Path, run: Run) -> None:
    r = run("challenge", "leave", "winter", "--as", "bob-lee")
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        "error: bob-lee has not joined winter (journals/winter/bob-lee/plan.md does not exist); "
        "there is nothing to leave"
    ]


def test_a_member_who_left_rejoins_keeping_the_journal(demo: Path, run: Run) -> None:
    env = {"COPKIT_TODAY": "2026-10-20"}
    folder = demo / "journals" / OCT / "hannah-schmidt"
    before = snapshot(demo)
    r = run(
        "challenge",
        "join",
        OCT,
        "--as",
        "hannah-schmidt",
        "--goal",
        "Finish what I started.",
        env=env,
    )
    assert r.exit_code == 0, r.output
    assert changed(before, snapshot(demo)) == {f"journals/{OCT}/hannah-schmidt/plan.md"}
    old = before[f"journals/{OCT}/hannah-schmidt/plan.md"].decode()
    new = (folder / "plan.md").read_text()
    goal = next(line for line in old.splitlines() if line.startswith("goal: "))
    assert new == old.replace("left: 2026-10-12", "left: null").replace(
        goal, "goal: Finish what I started."
    )
    assert "Hannah Schmidt rejoined observability-october" in r.stderr
    shown = json.loads(run("challenge", "show", OCT, "--json", env=env).stdout)
    assert "hannah-schmidt" in shown["participants"]
