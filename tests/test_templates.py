"""The built-in templates: valid, complete 30-day calendars, listed and copied by `challenge new`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from copkit.model import Challenge
from copkit.model.challenge import DAY_KINDS
from copkit.storage.documents import load_yaml
from copkit.storage.templates import load_template, template_ids
from tests.conftest import Run

TEMPLATES = ["better-practitioner", "blockchain", "devops", "life-work-balance", "public-speaking"]


def test_the_five_templates_ship_in_the_package() -> None:
    assert template_ids() == TEMPLATES


@pytest.mark.parametrize("name", TEMPLATES)
def test_template_is_a_complete_thirty_day_calendar(name: str) -> None:
    loaded = load_template(name)
    assert loaded.problems == []  # no error, and no "day N has no title or prompt yet"
    t = loaded.require()
    assert t.title and t.domain and t.description and t.mantra
    assert [d.day for d in t.days] == list(range(1, 31))
    assert {d.kind for d in t.days} == set(DAY_KINDS)
    assert len({d.title for d in t.days}) == 30, "two days share a title"
    assert len({d.prompt for d in t.days}) == 30, "two days share a prompt"
    for d in t.days:
        assert d.title and d.prompt and d.minutes, f"day {d.day} is incomplete"
        assert d.levels is not None and d.levels.starter and d.levels.experienced, d.day
        assert d.levels.starter != d.levels.experienced, f"day {d.day}: same variant twice"
        assert 5 <= d.minutes <= 120, f"day {d.day}: {d.minutes} minutes"
    # a sensible rhythm: every week holds a learn and a practice day, none is all one kind
    for week in range(4):
        kinds = {d.kind for d in t.days[week * 7 : week * 7 + 7]}
        assert {"learn", "practice"} <= kinds and len(kinds) >= 3, (week, kinds)


def test_templates_json_fields(run: Run) -> None:
    r = run("challenge", "templates", "--json")  # no workspace needed
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert [d["template"] for d in data] == TEMPLATES
    assert all(list(d) == ["template", "title", "domain", "length"] for d in data)
    devops = data[TEMPLATES.index("devops")]
    assert devops == {
        "template": "devops",
        "title": "30 days to become a better DevOps practitioner",
        "domain": "DevOps",
        "length": 30,
    }


def test_templates_table_lists_each_with_its_mix_of_kinds(run: Run) -> None:
    r = run("challenge", "templates")
    assert r.exit_code == 0, r.output
    for name in TEMPLATES:
        assert name in r.stdout
    assert "DevOps, 30 days: 9 learn, 12 practice, 4 balance, 5 reflect" in r.stdout
    assert "copkit challenge new CHALLENGE --start YYYY-MM-DD --template TEMPLATE" in r.stderr


@pytest.mark.parametrize("name", TEMPLATES)
def test_new_from_template_copies_days_keeping_the_folded_style(
    ws: Path, run: Run, name: str
) -> None:
    r = run("challenge", "new", "winter", "--start", "2026-12-07", "--template", name)
    assert r.exit_code == 0, r.output
    path = ws / "challenges" / "winter.yaml"
    text = path.read_text()
    template_text = (
        Path(__file__).resolve().parents[1] / "src" / "copkit" / "templates" / f"{name}.yaml"
    ).read_text()
    # the calendar is the template's own text, byte for byte: `>-` blocks and blank lines
    assert text[text.index("\ndays:\n") :] == template_text[template_text.index("\ndays:\n") :]
    assert "    prompt: >-\n" in text
    assert text.startswith(f"# From copkit's {name} template")
    assert "description:" not in text
    loaded = load_yaml(path, "challenges/winter.yaml", Challenge)
    c = loaded.require()
    t = load_template(name).require()
    assert c.start == date(2026, 12, 7)
    assert (c.title, c.domain, c.mantra, c.finish_threshold) == (
        t.title,
        t.domain,
        t.mantra,
        t.finish_threshold,
    )
    assert c.days == t.days
    assert c.template is not None and (c.template.id, c.template.version) == (name, "2026.12")
    assert f'\ntemplate: {{id: {name}, version: "2026.12"}}\nstart: 2026-12-07\n' in text
    check = run("check")
    assert (check.exit_code, check.stdout) == (0, ""), check.output


def test_new_overrides_title_and_domain_and_adds_the_meetup(ws: Path, run: Run) -> None:
    r = run(
        "challenge",
        "new",
        "speak-up",
        "--start",
        "2027-01-04",
        "--template",
        "public-speaking",
        "--title",
        "Speak up in January",
        "--domain",
        "Leadership",
        "--meetup",
        "2027-02-10",
        "--meetup-where",
        "Room 4",
    )
    assert r.exit_code == 0, r.output
    head = (ws / "challenges" / "speak-up.yaml").read_text().split("\nmantra:")[0]
    assert head.splitlines()[1:] == [
        "title: Speak up in January",
        "domain: Leadership",
        'template: {id: public-speaking, version: "2026.12"}',
        "start: 2027-01-04",
    ]
    text = (ws / "challenges" / "speak-up.yaml").read_text()
    assert "\nmeetup: {date: 2027-02-10, where: Room 4}\ndays:\n" in text
    assert (
        "Created challenges/speak-up.yaml from the public-speaking template: 30 days, "
        "2027-01-04 to 2027-02-02." in r.stderr
    )


def test_unknown_template_suggests_the_close_one(ws: Path, run: Run) -> None:
    r = run("challenge", "new", "x", "--start", "2026-12-01", "--template", "devop")
    assert r.exit_code == 1
    assert (
        "error: no built-in template 'devop'; did you mean 'devops'? the templates are: "
        "better-practitioner, blockchain, devops, life-work-balance, public-speaking" in r.stderr
    )
    assert not (ws / "challenges" / "x.yaml").exists()


def test_show_and_report_name_the_set_the_challenge_came_from(ws: Path, run: Run) -> None:
    r = run("challenge", "new", "winter", "--start", "2026-12-07", "--template", "devops")
    assert r.exit_code == 0, r.output
    show = run("challenge", "show", "winter")
    assert "DevOps, from the devops set (2026.12), 2026-12-07 to 2027-01-05" in show.stdout
    shown = json.loads(run("challenge", "show", "winter", "--json").stdout)
    assert shown["template"] == {"id": "devops", "version": "2026.12"}
    report = json.loads(run("challenge", "report", "winter", "--format", "json").stdout)
    assert report["template"] == {"id": "devops", "version": "2026.12"}
    md = run("challenge", "report", "winter", "--format", "markdown").stdout
    assert "`winter` · 2026-12-07 to 2027-01-05 (30 days) · from the devops set (2026.12)" in md
    html = run("challenge", "report", "winter", "--format", "html").stdout
    assert "from the devops set (2026.12)" in html
    terminal = run("challenge", "report", "winter").stdout
    assert "winter · 2026-12-07 to 2027-01-05 (30 days) · from the devops set (2026.12)" in terminal


def test_a_blank_calendar_records_no_set(ws: Path, run: Run) -> None:
    r = run("challenge", "new", "ours", "--start", "2026-12-07", "--days", "10")
    assert r.exit_code == 0, r.output
    assert "template:" not in (ws / "challenges" / "ours.yaml").read_text()
    report = json.loads(run("challenge", "report", "ours", "--format", "json").stdout)
    assert report["template"] is None
    assert "from the" not in run("challenge", "show", "ours").stdout
