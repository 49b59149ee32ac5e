"""--json wherever --format json exists; charter summary as JSON; the dashboard as HTML."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import Run


@pytest.fixture
def demo_today(demo: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COPKIT_TODAY", "2026-12-10")
    return demo


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(["report"], id="dashboard"),
        pytest.param(["challenge", "report", "devops-december"], id="challenge-report"),
        pytest.param(["charter", "summary", "onboarding-playbook"], id="charter-summary"),
    ],
)
def test_json_flag_is_format_json(run: Run, demo_today: Path, command: list[str]) -> None:
    flag = run(*command, "--json")
    assert flag.exit_code == 0, flag.stderr
    assert json.loads(flag.stdout)  # one JSON document, nothing else
    long = run(*command, "--format", "json")
    assert long.exit_code == 0, long.stderr
    assert flag.stdout == long.stdout


def test_json_next_to_another_format_is_a_usage_error(run: Run, demo_today: Path) -> None:
    r = run("report", "--format", "markdown", "--json")
    assert r.exit_code == 2
    assert "--json asks for JSON and --format for markdown; give one of them" in r.stderr
    assert r.stdout == ""


def test_one_shared_json_option() -> None:
    """Every command with a JSON format takes --json through the same option definition."""
    import typer.main

    from copkit.cli.app import app
    from copkit.cli.common import JsonFormatOpt

    group = typer.main.get_command(app)
    found = []

    def walk(cmd: object, path: str) -> None:
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, f"{path} {name}")
        params = getattr(cmd, "params", [])
        fmt = next((p for p in params if "--format" in p.opts), None)
        choices = fmt.type_descriptor.annotation if fmt is not None else ()
        if "json" in [getattr(c, "value", c) for c in choices]:
            found.append(path)
            js = next(p for p in params if "--json" in p.opts)
            assert js.help == JsonFormatOpt.help, path

    walk(group, "copkit")
    assert {
        "copkit report",
        "copkit challenge report",
        "copkit charter summary",
        "copkit federation report",
    } <= set(found)


def test_charter_summary_json_fields(run: Run, demo_today: Path) -> None:
    r = run("charter", "summary", "onboarding-playbook", "--json")
    data = json.loads(r.stdout)
    assert data["charter"] == "onboarding-playbook"
    assert data["community"] == "DevOps Community of Practice"
    assert data["today"] == "2026-12-10"
    assert data["status"] == "active"
    assert data["team"][0] == {"member": "amara-okafor", "role": "lead", "hours_per_week": 3.0}
    assert [m["late"] for m in data["timeline"]["milestones"]] == [False, False, False]
    standing = data["standing"]
    assert standing["hours_per_week"] == 7
    assert standing["milestones_done"] == 1 and standing["milestones_total"] == 3
    assert standing["next_report_due"] == "2026-12-01" and standing["overdue"] is True
    assert standing["days_overdue"] == 9
    assert set(standing) == {
        "hours_per_week",
        "team_size",
        "milestones_done",
        "milestones_total",
        "deliverables_done",
        "deliverables_total",
        "days_elapsed",
        "days_total",
        "timeline_share",
        "report_backs",
        "next_report_due",
        "overdue",
        "days_overdue",
        "final_report",
    }


def test_charter_summary_json_to_a_file(run: Run, demo_today: Path) -> None:
    r = run("charter", "summary", "onboarding-playbook", "--json", "-o", "s.json")
    assert r.exit_code == 0, r.stderr
    assert json.loads((demo_today / "s.json").read_text())["charter"] == "onboarding-playbook"


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_dashboard_html_page(run: Run, demo_today: Path) -> None:
    r = run("report", "--format", "html")
    assert r.exit_code == 0, r.stderr
    page = r.stdout
    challenge = run("challenge", "report", "devops-december", "--format", "html").stdout
    # the same page shell: the challenge report's stylesheet, whole
    style = challenge.split("<style>")[1].split("</style>")[0]
    assert f"<style>{style}</style>" in page
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>\n")
    assert "http" not in page.replace("https://", "").split("<style>")[0]  # no network
    p = _Text()
    p.feed(page)
    text = " ".join(p.text)
    for words in ("DevOps Community of Practice", "Charters", "Running challenges", "Inès Laurent"):
        assert words in text
    assert "script" not in p.tags


def test_dashboard_html_escapes_user_text(run: Run, ws: Path) -> None:
    (ws / "charters" / "x.yaml").write_text("title: 'Plan <script>alert(1)</script> & co'\n")
    (ws / "copkit.yaml").write_text("name: 'We <b>rock</b>'\ntimezone: Europe/Paris\n")
    r = run("report", "--format", "html")
    assert r.exit_code == 0, r.stderr
    assert "<script>" not in r.stdout and "<b>rock</b>" not in r.stdout
    assert "Plan &lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in r.stdout
    assert "<h1>We &lt;b&gt;rock&lt;/b&gt;</h1>" in r.stdout
