"""Challenge sets of a community's own (SPEC 7.4): the three sources, `template new`,
`template check` with every rule of a good set, and `challenge new --template ID|PATH`."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from copkit.model import Template
from copkit.model.rules import template_rules
from copkit.services.challenges import RHYTHM, blank_days
from copkit.storage.documents import parse_yaml
from copkit.storage.templates import skeleton_text, template_ids
from tests.conftest import REPO, Run
from tests.test_models import FAST, templates

# ---- a set that follows every rule, to break one rule at a time -----------------------------


WEEKDAYS_RHYTHM = ["learn", "practice", "balance", "practice", "reflect"]


def good_set(
    days: int = 14,
    *,
    title: str = "Two weeks of testing",
    version: str | None = "2026.12",
    head: str = "",
    kinds: list[str] | None = None,
) -> str:
    """A valid set: the weekly rhythm of a blank calendar, distinct text, the last day a
    reflect day that prepares the report-back."""
    if kinds is None:
        kinds = [RHYTHM[i % len(RHYTHM)] for i in range(days)]
        kinds[-1] = "reflect"
    days = len(kinds)
    lines = [f"title: {title}", "domain: Testing"]
    if version is not None:
        lines.append(f'version: "{version}"')
    lines += [*filter(None, [head]), "days:"]
    for i, kind in enumerate(kinds, 1):
        last = i == days
        lines += [
            f"  - day: {i}",
            f"    kind: {kind}",
            f"    title: {'Prepare your report-back' if last else f'Activity number {i}'}",
            "    prompt: "
            + (
                "Pick two entries for the meetup and mark them as highlights."
                if last
                else f"Do the thing of day {i} and note what you noticed."
            ),
            "    minutes: 20",
            "    levels:",
            f"      starter: The gentle way into day {i}.",
            f"      experienced: The deeper way into day {i}.",
        ]
    return "\n".join(lines) + "\n"


def day_line(text: str, day: int, key: str = "day") -> int:
    """The 1-based line of `key` in the `day`-th day of a set written by good_set."""
    lines = text.splitlines()
    start = [i for i, line in enumerate(lines) if line.startswith("  - day: ")][day - 1]
    if key == "day":
        return start + 1
    return next(i for i in range(start, len(lines)) if lines[i].strip().startswith(f"{key}:")) + 1


def write(ws: Path, name: str, text: str) -> Path:
    path = ws / "templates" / f"{name}.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)
    return path


# ---- a package that ships sets through the entry-point group copkit.templates ----------------


@pytest.fixture
def pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An installed distribution, copkit-pack-demo 1.0: a package folder with two sets and a
    .dist-info whose entry_points.txt names it in `copkit.templates`, found on sys.path by
    importlib.metadata as pip would leave it in site-packages."""
    site = tmp_path / "site"
    package = site / "copkit_pack_demo"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text('"""Challenge sets for testing."""\n')
    (package / "ops-week.yaml").write_text(good_set(7, title="A week of ops"))
    (package / "devops.yaml").write_text(good_set(7, title="The pack's own devops"))
    info = site / "copkit_pack_demo-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: copkit-pack-demo\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[copkit.templates]\ndemo = copkit_pack_demo\n")
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    return site


# ---- the three sources -----------------------------------------------------------------------


def test_templates_lists_built_in_community_and_package_sets(
    ws: Path, run: Run, pack: Path
) -> None:
    write(ws, "ours", good_set())
    r = run("challenge", "templates", "--json")
    assert r.exit_code == 0, r.output
    data = {d["template"]: d for d in json.loads(r.stdout)}
    assert data["ours"] == {
        "template": "ours",
        "title": "Two weeks of testing",
        "domain": "Testing",
        "length": 14,
        "source": "community",
        "origin": "templates/ours.yaml",
        "version": "2026.12",
        "starts_on": None,
        "schedules": [],
    }
    assert (data["ops-week"]["source"], data["ops-week"]["origin"]) == (
        "package",
        "package copkit-pack-demo 1.0",
    )
    assert data["blockchain"]["source"] == "built-in"
    # the pack's devops shadows the built-in one, with a note on stderr (stdout stays JSON)
    assert data["devops"]["title"] == "The pack's own devops"
    assert (
        "note: the devops set of package copkit-pack-demo 1.0 shadows copkit's devops set"
        not in r.stderr
    )
    assert f"note: {pack / 'copkit_pack_demo' / 'devops.yaml'} shadows copkit's devops set" in (
        r.stderr
    )
    table = run("challenge", "templates")
    assert "ours" in table.stdout and "templates/ours.yaml" in table.stdout
    assert "package copkit-pack-demo 1.0" in table.stdout


def test_a_community_set_shadows_the_built_in_one_with_a_note(ws: Path, run: Run) -> None:
    write(ws, "devops", good_set(title="Our own DevOps month"))
    r = run("challenge", "templates", "--json")
    devops = next(d for d in json.loads(r.stdout) if d["template"] == "devops")
    assert (devops["source"], devops["title"]) == ("community", "Our own DevOps month")
    assert (
        "note: templates/devops.yaml shadows copkit's devops set: devops means the community one"
        in r.stderr
    )
    new = run("challenge", "new", "dec", "--start", "2026-12-07", "--template", "devops")
    assert new.exit_code == 0, new.output
    text = (ws / "challenges" / "dec.yaml").read_text()
    assert text.startswith("# From the community's devops set (templates/devops.yaml): adapt")
    assert "title: Our own DevOps month" in text
    assert 'template: {id: devops, version: "2026.12"}' in text


def test_outside_a_workspace_only_built_in_and_package_sets(run: Run, pack: Path) -> None:
    r = run("challenge", "templates", "--json")
    assert r.exit_code == 0, r.output
    assert {d["source"] for d in json.loads(r.stdout)} == {"built-in", "package"}


def test_a_broken_community_set_is_left_out_and_named(ws: Path, run: Run) -> None:
    write(ws, "broken", "title: [\n")
    r = run("challenge", "templates", "--json")
    assert r.exit_code == 0
    assert "broken" not in {d["template"] for d in json.loads(r.stdout)}
    assert (
        "warning: left out templates/broken.yaml: it cannot be read; "
        "`copkit template check broken` says why" in r.stderr
    )


def test_a_broken_package_is_a_note_not_a_failure(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site2"
    info = site / "copkit_pack_gone-2.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: copkit-pack-gone\nVersion: 2.0\n")
    (info / "entry_points.txt").write_text(
        "[copkit.templates]\ngone = copkit_pack_gone\nobj = copkit_pack_gone:SETS\n"
    )
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    r = run("challenge", "templates", "--json")
    assert r.exit_code == 0, r.output
    found = [d["template"] for d in json.loads(r.stdout)]
    assert found == template_ids()  # every built-in set is still there, and only they
    assert (
        "note: package copkit-pack-gone 2.0: entry point gone = copkit_pack_gone "
        "(copkit.templates) cannot be loaded: ModuleNotFoundError" in r.stderr
    )
    assert "entry point obj = copkit_pack_gone:SETS (copkit.templates) names an object" in (
        r.stderr
    )


def test_the_installed_executable_finds_a_package_set(tmp_path: Path, pack: Path) -> None:
    exe = Path(sys.executable).with_name("copkit")
    env = {**os.environ, "PYTHONPATH": str(pack)}
    r = subprocess.run(
        [str(exe), "challenge", "templates", "--json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    found = {d["template"]: d["origin"] for d in json.loads(r.stdout)}
    assert found["ops-week"] == "package copkit-pack-demo 1.0"


# ---- challenge new --template ID|PATH --------------------------------------------------------


def test_new_from_a_package_set_records_it(ws: Path, run: Run, pack: Path) -> None:
    r = run("challenge", "new", "ops", "--start", "2026-12-07", "--template", "ops-week")
    assert r.exit_code == 0, r.output
    text = (ws / "challenges" / "ops.yaml").read_text()
    assert text.startswith("# From the ops-week set of package copkit-pack-demo 1.0: adapt")
    assert 'template: {id: ops-week, version: "2026.12"}' in text
    assert (
        "Created challenges/ops.yaml from the ops-week set of package copkit-pack-demo 1.0: "
        "7 days, 2026-12-07 to 2026-12-13." in r.stderr
    )


def test_new_from_a_set_file(ws: Path, run: Run, tmp_path: Path) -> None:
    shared = tmp_path / "shared" / "writing-week.yaml"
    shared.parent.mkdir()
    shared.write_text(good_set(7, version="2027.01"))
    r = run("challenge", "new", "w", "--start", "2026-12-07", "--template", str(shared))
    assert r.exit_code == 0, r.output
    text = (ws / "challenges" / "w.yaml").read_text()
    assert f"# From the set in {shared}: adapt" in text
    assert 'template: {id: writing-week, version: "2027.01"}' in text
    assert run("check").exit_code == 0


@pytest.mark.parametrize(
    ("given", "message"),
    [
        pytest.param(
            "devop",
            "error: no challenge set 'devop'; did you mean 'devops'? the sets are: "
            "better-practitioner, blockchain, community-leads, devops, life-work-balance, "
            "public-speaking",
            id="unknown-id",
        ),
        pytest.param("nowhere/x.yaml", "error: nowhere/x.yaml: no such file", id="missing-file"),
        pytest.param(
            "My Set.yaml",
            "error: My Set.yaml: a set's file name is its id, and 'My Set' is not a valid id; "
            "rename the file to my-set.yaml",
            id="file-not-a-slug",
        ),
    ],
)
def test_new_refuses_an_unknown_set(ws: Path, run: Run, given: str, message: str) -> None:
    r = run("challenge", "new", "x", "--start", "2026-12-07", "--template", given)
    assert r.exit_code == 1
    assert message in r.stderr
    assert not (ws / "challenges" / "x.yaml").exists()


def test_new_refuses_a_set_with_errors_and_notes_warnings(ws: Path, run: Run) -> None:
    write(ws, "bad", good_set().replace("  - day: 2\n", "  - day: 3\n", 1))
    r = run("challenge", "new", "x", "--start", "2026-12-07", "--template", "bad")
    assert r.exit_code == 1
    assert "templates/bad.yaml:" in r.stderr and "expected 2, found 3" in r.stderr
    write(ws, "rough", good_set(version=None))
    r = run("challenge", "new", "y", "--start", "2026-12-07", "--template", "rough")
    assert r.exit_code == 0, r.output
    assert "note: the set has 1 warning; copkit template check rough lists them" in r.stderr
    assert "template: {id: rough}" in (ws / "challenges" / "y.yaml").read_text()


def test_new_notes_a_start_on_another_weekday_than_the_set_expects(ws: Path, run: Run) -> None:
    write(ws, "mon", good_set(head="starts_on: monday"))
    r = run("challenge", "new", "a", "--start", "2026-12-09", "--template", "mon")
    assert r.exit_code == 0, r.output
    assert (
        "note: the mon set is written for day 1 on a Monday; 2026-12-09 is a Wednesday, "
        "so its balance and reflect days fall on other weekdays" in r.stderr
    )
    r = run("challenge", "new", "b", "--start", "2026-12-07", "--template", "mon")
    assert "note: the mon set is written" not in r.stderr


# ---- template new ----------------------------------------------------------------------------


def test_template_new_writes_a_skeleton_that_teaches_the_format(ws: Path, run: Run) -> None:
    r = run("template", "new", "writing", "--days", "10")
    assert r.exit_code == 0, r.output
    assert "Created templates/writing.yaml: a skeleton of 10 days to fill in." in r.stderr
    text = (ws / "templates" / "writing.yaml").read_text()
    assert 'version: "2026.11"' in text  # today is 2026-11-28
    assert "# learn, practice, balance or reflect" in text
    assert "colleagues' names, health, performance reviews" in text
    assert "# The last day prepares the report-back" in text
    loaded = parse_yaml(text, [], "t.yaml", Template, template_rules)
    t = loaded.require()
    assert [d.kind for d in t.days] == [d.kind for d in blank_days(10)]
    assert t.title == "Writing" and t.starts_on == "monday" and t.schedules == ["every-day"]
    check = run("template", "check", "writing")
    assert check.exit_code == 0  # a skeleton is work in progress: warnings, no error
    lines = check.stdout.splitlines()
    assert len(lines) == 10
    assert lines[0] == (
        f"templates/writing.yaml:{text.splitlines().index('  - day: 1') + 1}:5: "
        "warning: day 1 has no title or prompt yet"
    )
    assert check.stderr == "1 set checked: 0 errors, 10 warnings.\n"
    assert run("template", "check", "writing", "--strict").exit_code == 1


def test_template_new_default_length_and_overwrite(ws: Path, run: Run) -> None:
    assert run("template", "new", "month").exit_code == 0
    path = ws / "templates" / "month.yaml"
    assert path.read_text().count("  - day: ") == 30
    path.write_text(good_set())
    again = run("template", "new", "month", "--days", "7")
    assert again.exit_code == 1
    assert "templates/month.yaml already exists" in again.stderr
    assert path.read_text() == good_set()
    assert run("template", "new", "month", "--days", "7", "--force").exit_code == 0
    assert path.read_text().count("  - day: ") == 7


def test_template_new_notes_the_built_in_set_it_shadows(ws: Path, run: Run) -> None:
    r = run("template", "new", "devops", "--days", "7")
    assert r.exit_code == 0, r.output
    assert (
        "note: it shadows copkit's devops set: in this workspace, --template devops now means "
        "templates/devops.yaml" in r.stderr
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["Our Set"], "'Our Set' is not a valid template id", id="not-a-slug"),
        pytest.param(["x", "--from", "nope"], "no challenge 'nope'", id="unknown-challenge"),
    ],
)
def test_template_new_refuses(ws: Path, run: Run, args: list[str], message: str) -> None:
    r = run("template", "new", *args)
    assert r.exit_code == 1
    assert message in r.stderr
    assert not (ws / "templates").exists() or not list((ws / "templates").iterdir())


def test_template_new_days_and_from_together_is_a_usage_error(ws: Path, run: Run) -> None:
    r = run("template", "new", "x", "--days", "3", "--from", "c")
    assert r.exit_code == 2


def test_template_new_from_a_finished_challenge(ws: Path, run: Run) -> None:
    r = run(
        "challenge",
        "new",
        "dec",
        "--start",
        "2026-12-01",
        "--template",
        "devops",
        "--meetup",
        "2027-01-06",
    )
    assert r.exit_code == 0, r.output
    path = ws / "challenges" / "dec.yaml"
    # a run's own additions: partners drawn, a comment between days
    text = path.read_text().replace("  - day: 2\n", "  # we swapped this one\n  - day: 2\n")
    text += "pairs:\n  - [alice-martin, bob-lee]\npairing: {seed: 3, date: 2026-11-30}\n"
    path.write_text(text)
    r = run("template", "new", "our-devops", "--from", "dec")
    assert r.exit_code == 0, r.output
    made = (ws / "templates" / "our-devops.yaml").read_text()
    days = text[text.index("\ndays:\n") : text.index("pairs:\n")]
    assert made[made.index("\ndays:\n") :] == days  # the days, byte for byte
    assert made.startswith(
        "# Made from challenges/dec.yaml, itself from the devops set (2026.12).\n"
        "# Start, meetup, partners and schedule belong to each run and were left out.\n"
        "# Check it with: copkit template check our-devops\n"
        "title: 30 days to become a better DevOps practitioner\n"
        "domain: DevOps\n"
        'version: "2026.11"\n'
        "mantra: >-\n"
    )
    for gone in ("start:", "meetup:", "pairs:", "pairing:", "template:"):
        assert f"\n{gone}" not in made
    check = run("template", "check", "our-devops")
    assert (check.exit_code, check.stdout) == (0, ""), check.output


# ---- template check: every rule -------------------------------------------------------------

BASE = good_set()


def _dup_title(text: str) -> str:
    return text.replace("title: Activity number 9", "title: activity  NUMBER 2")


def _kinds(changes: dict[int, str], days: int = 14) -> list[str]:
    kinds = [RHYTHM[i % len(RHYTHM)] for i in range(days)]
    kinds[-1] = "reflect"
    for day, kind in changes.items():
        kinds[day - 1] = kind
    return kinds


def _edit_day(text: str, day: int, old: str, new: str) -> str:
    head, _, rest = text.partition(f"  - day: {day}\n")
    return f"{head}  - day: {day}\n{rest.replace(old, new, 1)}"


@pytest.mark.parametrize(
    ("text", "where", "severity", "message"),
    [
        pytest.param(
            BASE.replace('version: "2026.12"\n', ""),
            (1, 1),
            "warning",
            'no version: add one such as version: "2026.12", so the challenges made from the '
            "set record which edition they used",
            id="version",
        ),
        pytest.param(
            BASE.replace("  - day: 5\n", "  - day: 6\n"),
            ("day", 5, 10),
            "error",
            "days are numbered 1..N in order: expected 5, found 6",
            id="numbering",
        ),
        pytest.param(
            BASE.replace("    title: Activity number 4\n", ""),
            ("day", 4, 5),
            "warning",
            "day 4 has no title or prompt yet",
            id="unfilled",
        ),
        pytest.param(
            _dup_title(BASE),
            ("title", 9, 12),
            "warning",
            "day 9 has the same title as day 2; give each day its own",
            id="same-title",
        ),
        pytest.param(
            BASE.replace("Do the thing of day 11 ", "Do the thing of day 3 "),
            ("prompt", 11, 13),
            "warning",
            "day 11 has the same prompt as day 3; give each day its own",
            id="same-prompt",
        ),
        pytest.param(
            _edit_day(BASE, 3, "minutes: 20", "minutes: 240"),
            ("minutes", 3, 14),
            "warning",
            "day 3 suggests 240 minutes; a daily activity takes 5 to 120 minutes "
            "(split a longer one over two days)",
            id="minutes-high",
        ),
        pytest.param(
            BASE.replace("    minutes: 20\n", "    minutes: 2\n", 1),
            ("minutes", 1, 14),
            "warning",
            "day 1 suggests 2 minutes; a daily activity takes 5 to 120 minutes "
            "(split a longer one over two days)",
            id="minutes-low",
        ),
        pytest.param(
            BASE.replace("    minutes: 20\n", "", 1),
            ("day", 1, 5),
            "warning",
            "day 1 has no minutes: suggest the time it takes (5 to 120)",
            id="minutes-missing",
        ),
        pytest.param(
            BASE.replace("      starter: The gentle way into day 6.\n", ""),
            ("experienced", 6, 7),  # the first variant under levels:
            "warning",
            "day 6 has no starter variant; every level needs its own way in",
            id="no-starter",
        ),
        pytest.param(
            BASE.replace("The deeper way into day 6.", "The gentle  way into day 6."),
            ("experienced", 6, 20),
            "warning",
            "day 6: the starter and experienced variants are the same text; make the "
            "experienced one go further",
            id="same-levels",
        ),
        pytest.param(
            BASE.replace(
                "    levels:\n      starter: The gentle way into day 2.\n"
                "      experienced: The deeper way into day 2.\n",
                "",
            ),
            ("day", 2, 5),
            "warning",
            "day 2 has no level variants: add levels: with a starter and an experienced "
            "version of the activity",
            id="no-levels",
        ),
        pytest.param(
            BASE.replace("  - day: 12\n    kind: balance", "  - day: 12\n    kind: practice"),
            ("day", 8, 5),
            "warning",
            "week 2 (days 8-14) has no balance day; each week of a set holds learn, practice, "
            "balance and reflect days",
            id="week-without-balance",
        ),
        pytest.param(
            good_set(
                kinds=_kinds(
                    {2: "balance", 3: "reflect", 5: "practice", 7: "practice", 8: "practice"}
                )
            ),
            ("day", 8, 5),
            "warning",
            "days 4-9 are 6 practice days in a row; alternate the kinds (at most 4 in a row)",
            id="run-of-one-kind",
        ),
        pytest.param(
            good_set(kinds=_kinds({13: "reflect", 14: "practice"})),
            ("kind", 14, 11),
            "warning",
            "the last day (day 14) is a practice day; make it a reflect day that prepares the "
            "report-back",
            id="last-day-kind",
        ),
        pytest.param(
            BASE.replace("title: Prepare your report-back", "title: Look back").replace(
                "Pick two entries for the meetup", "Pick two entries"
            ),
            ("prompt", 14, 13),
            "warning",
            "the last day (day 14) does not prepare the report-back: have its title or prompt "
            "name the report-back or the meetup, and what to bring to it",
            id="last-day-text",
        ),
        pytest.param(
            good_set(head="starts_on: saturday\nschedules: [weekdays]", kinds=WEEKDAYS_RHYTHM * 2),
            ("starts_on",),
            "warning",
            "starts_on: saturday, but the set runs on weekdays only; day 1 of a weekdays "
            "challenge falls on a weekday",
            id="weekend-start-on-weekdays",
        ),
        pytest.param(
            "title: Nothing yet\nversion: '1'\ndays: []\n",
            (3, 7),
            "error",
            "a set needs at least one day",
            id="no-days",
        ),
    ],
)
def test_template_check_rules(
    ws: Path,
    run: Run,
    text: str,
    where: tuple[int | str, ...],
    severity: str,
    message: str,
) -> None:
    write(ws, "t", text)
    if where and where[0] in ("day", "kind", "title", "prompt", "minutes", "experienced"):
        key, day, col = where
        line = day_line(text, int(day), str(key))
    elif where == ("starts_on",):
        line, col = text.splitlines().index("starts_on: saturday") + 1, 12
    else:
        line, col = where  # type: ignore[misc]
    r = run("template", "check", "t")
    assert r.stdout == f"templates/t.yaml:{line}:{col}: {severity}: {message}\n", r.stdout
    assert r.exit_code == (1 if severity == "error" else 0)
    assert run("template", "check", "t", "--strict").exit_code == 1


def test_a_good_set_has_no_problem(ws: Path, run: Run) -> None:
    write(ws, "t", BASE)
    r = run("template", "check", "t", "--strict")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "", "1 set checked: no problems.\n")


def test_a_weekdays_only_set_has_five_day_weeks(ws: Path, run: Run) -> None:
    write(ws, "t", good_set(head="schedules: [weekdays]", kinds=WEEKDAYS_RHYTHM * 2))
    assert run("template", "check", "t", "--strict").stdout == ""
    # the seven-day rhythm leaves the first five-day week without a reflect day
    seven = good_set(head="schedules: [weekdays]")
    write(ws, "t", seven)
    assert run("template", "check", "t").stdout.startswith(
        "templates/t.yaml:6:5: warning: week 1 (days 1-5) has no reflect day"
    )
    write(ws, "t", seven.replace("[weekdays]", "[every-day, weekdays]"))
    assert run("template", "check", "t", "--strict").stdout == ""


def test_template_check_without_argument_checks_every_community_set(ws: Path, run: Run) -> None:
    r = run("template", "check")
    assert (r.exit_code, r.stdout) == (0, "")
    assert "No sets in templates/ yet" in r.stderr
    write(ws, "a", BASE)
    write(ws, "b", BASE.replace('version: "2026.12"\n', ""))
    (ws / "templates" / "Bad Name.yaml").write_text(BASE)
    r = run("template", "check", "--json")
    found = json.loads(r.stdout)
    assert [(p["path"], p["severity"]) for p in found] == [
        ("templates/Bad Name.yaml", "error"),
        ("templates/b.yaml", "warning"),
    ]
    assert "rename the file to bad-name.yaml" in found[0]["message"]
    assert r.exit_code == 1


def test_template_check_a_built_in_set_or_a_path(ws: Path, run: Run, tmp_path: Path) -> None:
    r = run("template", "check", "devops")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "", "1 set checked: no problems.\n")
    other = tmp_path / "mine.yaml"
    other.write_text(BASE.replace("    minutes: 20\n", "    minutes: 0\n", 1))
    r = run("template", "check", str(other))
    assert r.stdout.startswith(f"{other}:")
    assert "day 1 suggests 0 minutes" in r.stdout


def test_copkit_check_reads_templates(ws: Path, run: Run) -> None:
    write(ws, "t", _dup_title(BASE))
    r = run("check")
    assert r.exit_code == 0
    assert r.stdout == (
        f"templates/t.yaml:{day_line(BASE, 9, 'title')}:12: warning: day 9 has the same title "
        "as day 2; give each day its own\n"
    )
    write(ws, "t", "title: x\ndays: [{day: 1, kind: learn, minutes: 5000}]\n")
    r = run("check")
    assert r.exit_code == 1
    assert "templates/t.yaml:2:" in r.stdout


# ---- open-ended input ------------------------------------------------------------------------


@FAST
@given(st.integers(1, 60))
def test_every_skeleton_parses_with_one_warning_per_day_and_no_error(n: int) -> None:
    kinds = [d.kind for d in blank_days(n)]
    text = skeleton_text("x", "X", "2026.12", kinds)
    loaded = parse_yaml(text, [], "t.yaml", Template, template_rules)
    t = loaded.require()
    assert len(t.days) == n
    assert [p.message for p in loaded.problems] == [
        f"day {i} has no title or prompt yet" for i in range(1, n + 1)
    ]


def test_template_show_prints_the_set_as_it_is(ws: Path, run: Run) -> None:
    r = run("template", "show", "devops")
    assert r.exit_code == 0, r.output
    assert r.stdout == (REPO / "src" / "copkit" / "templates" / "devops.yaml").read_text()
    assert r.stderr == "copkit/templates/devops.yaml: copkit's devops set\n"
    write(ws, "devops", BASE)
    r = run("template", "show", "devops")
    assert (r.stdout, r.stderr) == (
        BASE,
        "templates/devops.yaml: the community's devops set (templates/devops.yaml)\n",
    )
    assert run("template", "show", "nope").exit_code == 1


@FAST
@given(templates)
def test_the_set_rules_never_crash_and_always_point_at_the_file(value: Template) -> None:
    for finding in template_rules(value):
        assert finding.severity in ("error", "warning")
        assert finding.message
        assert all(isinstance(step, str | int) for step in finding.at)
