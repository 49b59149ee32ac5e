"""copkit report: the community dashboard, from a brand-new workspace to a busy one."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from rich.console import Console

from tests.conftest import Run, Width, snapshot
from tests.test_report_challenge import CHALLENGE, write_month


def charter(status: str, *, start: str, every: int, reports: str = "", milestones: str = "") -> str:
    lines = [
        "title: Project <b>one</b> | pipes",
        "kind: practice-development",
        f"status: {status}",
        "issue: It is not done.",
        "goal: Get it done.",
        "team:",
        "  - {member: alice-martin, role: lead, hours_per_week: 2}",
        "timeline:",
        f"  start: {start}",
    ]
    if milestones:
        lines += ["  milestones:", milestones]
    lines += ["reporting:", f"  every_days: {every}", "  channel: monthly call"]
    if reports:
        lines += ["reports:", reports]
    return "\n".join(lines) + "\n"


@pytest.fixture
def busy(ws: Path) -> Path:
    """Charters in four statuses, a running challenge, an upcoming one and a past one."""
    (ws / "charters" / "alpha.yaml").write_text(
        charter(
            "active",
            start="2026-09-01",
            every=14,
            reports="  - {date: 2026-10-01, summary: First.}",
            milestones="    - {date: 2026-11-20, name: Draft ready}\n"
            "    - {date: 2027-03-01, name: Too far away}",
        )
    )
    (ws / "charters" / "beta.yaml").write_text(charter("chartered", start="2026-11-01", every=30))
    (ws / "charters" / "gamma.yaml").write_text("title: Just an idea\n")
    (ws / "charters" / "delta.yaml").write_text(
        charter(
            "completed",
            start="2026-01-01",
            every=30,
            reports="  - {date: 2026-10-01, summary: Done., final: true}",
        )
        + "findings: We learned.\n"
    )
    write_month(ws)  # test-month: 2026-11-01 .. 2026-11-08, meetup 2026-11-12
    (ws / "challenges" / "later-month.yaml").write_text(
        CHALLENGE.replace("Test month", "Later month")
        .replace("2026-11-01", "2026-12-01")
        .replace("2026-11-12", "2026-12-15")
    )
    old = CHALLENGE.replace("Test month", "Old month").replace("2026-11-01", "2026-09-01")
    (ws / "challenges" / "old-month.yaml").write_text(old.replace("2026-11-12", "2026-09-15"))
    d = ws / "journals" / "old-month" / "bob-lee"
    d.mkdir(parents=True)
    (d / "plan.md").write_text("---\njoined: 2026-08-20\n---\n")
    for day in range(1, 9):
        (d / f"day-{day:02d}.md").write_text(f"---\ndate: 2026-09-{day:02d}\nstatus: done\n---\n")
    return ws


def dashboard(run: Run, today: str) -> dict:
    r = run("report", "--format", "json", env={"COPKIT_TODAY": today})
    assert r.exit_code == 0, r.output
    assert r.stderr == ""
    return json.loads(r.stdout)


def test_dashboard_json_on_a_busy_community(busy: Path, run: Run) -> None:
    data = dashboard(run, "2026-11-05")
    assert (data["community"], data["today"], data["members"]) == ("Test CoP", "2026-11-05", 5)
    assert [
        (c["charter"], c["status"], c["next_report_due"], c["overdue"]) for c in data["charters"]
    ] == [
        ("alpha", "active", "2026-10-15", True),
        ("beta", "chartered", "2026-12-01", False),
        ("gamma", "draft", None, False),
        ("delta", "completed", None, False),
    ]
    assert data["charters"][0]["lead"] == "alice-martin"
    assert data["running_challenges"] == [
        {
            "challenge": "test-month",
            "title": "Test month",
            "status": "running",
            "start": "2026-11-01",
            "end": "2026-11-08",
            "length": 8,
            "participants": 3,
            "participation_rate": 0.6,
            "meetup": "2026-11-12",
            "day": 5,
            # days 1..5: alice 5, bob 4, carol 3 done or partial, of 3 x 5 less carol's
            # day 5, today, not written yet; completion is over 3 x 8 days
            "pace": 0.857,
            "completion": 0.5,
            # carol's last entry is day 3 and today (day 5) has no entry yet: with the grace
            # for today she has been silent 1 day, below the 2 that `challenge nudge` asks
            "needs_nudge": [],
        }
    ]
    assert [c["challenge"] for c in data["upcoming_challenges"]] == ["later-month"]
    assert data["past_challenges"] == [
        {
            "challenge": "old-month",
            "title": "Old month",
            "status": "ended",
            "start": "2026-09-01",
            "end": "2026-09-08",
            "length": 8,
            "participants": 1,
            "participation_rate": 0.2,
            "meetup": "2026-09-15",
            "completion": 1.0,
            "finishers": ["bob-lee"],
        }
    ]
    assert [
        (e["date"], e["kind"], e.get("challenge") or e.get("charter")) for e in data["upcoming"]
    ] == [
        ("2026-11-12", "meetup", "test-month"),
        ("2026-11-20", "milestone", "alpha"),
        ("2026-12-01", "challenge-start", "later-month"),
        ("2026-12-01", "report-due", "beta"),
        ("2026-12-15", "meetup", "later-month"),
    ]
    assert data["horizon_days"] == 60


def test_nudges_follow_the_days_silent(busy: Path, run: Run) -> None:
    day6 = dashboard(run, "2026-11-06")["running_challenges"][0]["needs_nudge"]
    # carol's partner dan-wu left, so nobody is named to check in on her
    assert [(n["member"], n["days_silent"], n["partners"]) for n in day6] == [("carol-diaz", 2, [])]
    day7 = dashboard(run, "2026-11-07")["running_challenges"][0]["needs_nudge"]
    # bob missed day 6 only: one silent day is not yet worth a nudge
    assert [(n["member"], n["days_silent"]) for n in day7] == [("carol-diaz", 3)]


def test_dashboard_terminal_flags_overdue_and_names_the_nudges(busy: Path, run: Run) -> None:
    r = run("report", env={"COPKIT_TODAY": "2026-11-06"})
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert "2026-10-15 OVERDUE" in out
    assert "Day            6 of 8, until 2026-11-08" in out
    assert "Taking part    3 of 5 members (60%)" in out
    assert "Carol Diaz silent 2 days" in out
    assert "Coming up  next 60 days" in out
    assert "Too far away" not in out
    assert "Past challenges" in out and "Bob Lee" in out


@pytest.mark.parametrize("width", [80, 160])
def test_dashboard_terminal_fits_the_width(busy: Path, width: int) -> None:
    from datetime import date

    from copkit.render.report_terminal import print_dashboard

    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    print_dashboard(console, _dashboard(busy, date(2026, 11, 5)))
    text = console.export_text()
    assert max(len(line) for line in text.splitlines()) <= width
    flat = " ".join(text.split())
    assert "Project <b>one</b> | pipes" in flat  # wrapped, never cut
    for cid in ("alpha", "beta", "gamma", "delta", "test-month", "old-month", "later-month"):
        assert cid in flat


def test_dashboard_never_breaks_an_id_mid_word_at_80_columns(
    demo: Path, run: Run, width: Width
) -> None:
    # the demo's longest id broke as "incident-review-case-stu" / "dy" beside a lead column
    # that also says "looking for volunteers (1 seat)"
    width(80)
    r = run("report")
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert max(map(len, lines)) <= 80
    for cid in ("incident-review-case-study", "onboarding-playbook", "observability-october"):
        assert any(cid in line for line in lines), cid


def _dashboard(root: Path, today):  # type: ignore[no-untyped-def]
    from copkit.services.reports import ChallengeInput, build_dashboard
    from copkit.storage.journals import load_journals
    from copkit.storage.workspace import Workspace

    ws = Workspace(root)
    challenges = []
    for cid in ws.ids("challenges"):
        ch = ws.challenge(cid)
        data = load_journals(ws, cid, ch)
        challenges.append(ChallengeInput(cid, ch, data.participants(), data.entries))
    return build_dashboard(
        community="Test CoP",
        domain=None,
        members=len(ws.members()),
        charters={c: ws.charter(c) for c in ws.ids("charters")},
        challenges=challenges,
        today=today,
    )


def test_dashboard_markdown_parses_back(busy: Path, run: Run) -> None:
    r = run("report", "--format", "markdown", env={"COPKIT_TODAY": "2026-11-05"})
    assert r.exit_code == 0
    tokens = MarkdownIt("commonmark", {"html": True}).enable("table").parse(r.stdout)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings == [
        "Test CoP",
        "Charters",
        "Running challenges",
        "Test month (`test-month`)",
        "Upcoming challenges",
        "Past challenges",
        "Coming up in the next 60 days",
    ]
    assert sum(t.type == "table_open" for t in tokens) == 4
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
    html = MarkdownIt("commonmark").enable("table").render(r.stdout)
    assert "Project &lt;b&gt;one&lt;/b&gt; | pipes" in html  # the pipe did not split the cell
    assert "<strong>2026-10-15 overdue</strong>" in html


def test_empty_workspace_says_what_to_try(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "new"
    assert run("init", str(root), "--name", "New CoP").exit_code == 0
    monkeypatch.chdir(root)
    r = run("report")
    assert r.exit_code == 0, r.output
    assert "Nothing here yet: no charters and no challenges. Try:" in r.stdout
    assert "copkit member add <you> --name 'Your Name'" in r.stdout
    assert "copkit challenge templates" in r.stdout
    data = json.loads(run("report", "--format", "json").stdout)
    assert data["members"] == 0
    for key in (
        "charters",
        "running_challenges",
        "upcoming_challenges",
        "past_challenges",
        "upcoming",
    ):
        assert data[key] == []
    md = run("report", "--format", "markdown").stdout
    assert "- `copkit challenge templates` to browse ready-made 30-day challenges" in md


def test_bad_files_are_skipped_and_counted(busy: Path, run: Run) -> None:
    (busy / "charters" / "broken.yaml").write_text("title: [\n")
    (busy / "challenges" / "broken.yaml").write_text("title: x\n")  # no start, no days
    (busy / "journals" / "test-month" / "bob-lee" / "day-06.md").write_text("no front matter\n")
    r = run("report", "--format", "json", env={"COPKIT_TODAY": "2026-11-05"})
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert [c["charter"] for c in data["charters"]] == ["alpha", "beta", "gamma", "delta"]
    assert r.stderr == (
        "warning: left out 3 files that cannot be read: challenges/broken.yaml, "
        "charters/broken.yaml, journals/test-month/bob-lee/day-06.md; "
        "run `copkit check` to see why\n"
    )


def test_output_file_and_refusal(busy: Path, run: Run) -> None:
    r = run("report", "--format", "markdown", "--output", "reports/dashboard.md")
    assert r.exit_code == 0
    assert r.stderr == "Wrote reports/dashboard.md\n"
    assert (busy / "reports" / "dashboard.md").read_text().startswith("# Test CoP\n")
    before = snapshot(busy)
    r = run("report", "--output", "reports/dashboard.md")
    assert r.exit_code == 1
    assert "reports/dashboard.md already exists; use --force to replace it" in r.stderr
    assert snapshot(busy) == before


def test_yaml_is_not_a_dashboard_format(busy: Path, run: Run) -> None:
    assert run("report", "--format", "yaml").exit_code == 2


def test_every_report_command_has_help(run: Run) -> None:
    for args in (["report", "--help"], ["challenge", "report", "--help"]):
        r = run(*args)
        assert r.exit_code == 0
        assert "--format" in r.stdout and "--output" in r.stdout and "--no-cache" in r.stdout


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "json", "html"])
def test_demo_community_reports_in_every_format(demo: Path, run: Run, fmt: str) -> None:
    env = {"COPKIT_TODAY": "2026-11-05"}
    r = run("challenge", "report", "observability-october", "--format", fmt, env=env)
    assert r.exit_code == 0, r.output
    assert r.stderr == ""  # the demo has no file with problems
    assert "30 days of observability" in r.stdout
    if fmt == "html":
        assert "://" not in r.stdout and "<script" not in r.stdout
    if fmt != "html":
        d = run("report", "--format", fmt, env={"COPKIT_TODAY": "2026-10-04"})
        assert d.exit_code == 0, d.output
        # joined late: no entry on days 1 to 3; named in the human forms, an id in JSON
        assert ("kwame-mensah" if fmt == "json" else "Kwame Mensah") in d.stdout


def test_the_terminal_reads_the_names_of_the_finishers_it_shows_only(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The terminal names the first NAMES_SHOWN finishers of a challenge, so it reads no other
    finisher's file; Markdown names every one, so it reads them all."""
    from benchmarks.generate import generate

    from copkit.render.report_terminal import NAMES_SHOWN
    from copkit.storage.workspace import Workspace

    root = tmp_path / "big"
    generate(root, members=30, days=5, seed=2)
    monkeypatch.setenv("COPKIT_ROOT", str(root))
    asked: list[set[str]] = []
    real = Workspace.member_names

    def spy(self: Workspace, members: set[str], **kwargs: object) -> dict[str, str]:
        asked.append(set(members))
        return real(self, members, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Workspace, "member_names", spy)
    after = {"COPKIT_TODAY": "2026-12-01"}
    shown = json.loads(run("report", "--format", "json", env=after).stdout)
    finishers = [f for c in shown["past_challenges"] for f in c["finishers"]]
    assert len(finishers) > NAMES_SHOWN
    terminal = run("report", env=after)
    assert terminal.exit_code == 0
    assert not set(finishers[NAMES_SHOWN:]) & asked[-1]
    assert f"and {len(finishers) - NAMES_SHOWN} more" in terminal.stdout
    markdown = run("report", "--format", "markdown", env=after)
    assert set(finishers) <= asked[-1]
    assert markdown.exit_code == 0
