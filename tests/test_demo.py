"""The demo community at the repository root: it passes check, fits the schemas, and breaks loudly."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import frontmatter
import jsonschema
import pytest
from ruamel.yaml import YAML

from tests.conftest import REPO, Run

pytestmark = pytest.mark.skipif(
    not (REPO / "copkit.yaml").exists(), reason="the demo community is not in this checkout"
)

OCT = "observability-october"


def as_json(data: Any) -> Any:
    if isinstance(data, dict):
        return {str(k): as_json(v) for k, v in data.items()}
    if isinstance(data, list):
        return [as_json(v) for v in data]
    if isinstance(data, date):
        return data.isoformat()
    return data


def demo_files(root: Path) -> list[tuple[str, Path]]:
    """(schema kind, path) of every file of the demo community."""
    files = [("config", root / "copkit.yaml")]
    files += [("member", p) for p in sorted((root / "members").glob("*.yaml"))]
    files += [("charter", p) for p in sorted((root / "charters").glob("*.yaml"))]
    files += [("challenge", p) for p in sorted((root / "challenges").glob("*.yaml"))]
    for p in sorted((root / "journals").glob("*/*/*.md")):
        files.append(("plan" if p.name == "plan.md" else "journal", p))
    return files


def test_check_passes_on_the_demo(demo: Path, run: Run) -> None:
    r = run("check")
    assert r.exit_code == 0, r.stdout
    assert r.stdout == ""
    assert r.stderr == f"{len(demo_files(demo))} files checked: no problems.\n"


def test_every_demo_file_fits_its_json_schema(demo: Path, run: Run) -> None:
    schemas = {}
    for kind in ("config", "member", "charter", "challenge", "plan", "journal"):
        r = run("schema", kind)
        assert r.exit_code == 0
        schemas[kind] = jsonschema.Draft202012Validator(
            json.loads(r.stdout), format_checker=jsonschema.FormatChecker()
        )
    yaml = YAML(typ="safe", pure=True)
    seen: dict[str, int] = {}
    for kind, path in demo_files(demo):
        if path.suffix == ".md":
            data = frontmatter.load(path).metadata  # as Jekyll / Obsidian tools read it
        else:
            data = yaml.load(path.read_text(encoding="utf-8"))
        errors = [e.message for e in schemas[kind].iter_errors(as_json(data))]
        assert errors == [], f"{path.relative_to(demo)}: {errors}"
        seen[kind] = seen.get(kind, 0) + 1
    assert set(seen) == set(schemas)


def test_the_demo_tells_a_believable_month(demo: Path) -> None:
    """What issue 2 asks of the demo, so a later edit cannot quietly thin it out."""
    yaml = YAML(typ="safe", pure=True)
    members = list((demo / "members").glob("*.yaml"))
    assert len(members) >= 8
    charters = [yaml.load(p.read_text()) for p in (demo / "charters").glob("*.yaml")]
    assert len({c["kind"] for c in charters}) >= 2
    assert len({c["status"] for c in charters}) >= 2
    assert any(
        c["status"] == "active"
        and c.get("reports")
        and any(r.get("feedback") for r in c["reports"])
        for c in charters
    )
    assert any(c["kind"] in ("pro-bono", "case-study") for c in charters)
    challenge = yaml.load((demo / "challenges" / f"{OCT}.yaml").read_text())
    days = challenge["days"]
    assert [d["day"] for d in days] == list(range(1, 31))
    assert all(d["title"] and d["prompt"] and d["minutes"] for d in days)
    assert all(d["levels"]["starter"] and d["levels"]["experienced"] for d in days)
    assert {d["kind"] for d in days} == {"learn", "practice", "balance", "reflect"}
    assert challenge["pairs"]
    participants = [p.parent.name for p in (demo / "journals" / OCT).glob("*/plan.md")]
    assert len(participants) >= 6
    entries = [frontmatter.load(p) for p in (demo / "journals" / OCT).glob("*/day-*.md")]
    assert len(entries) >= 60
    assert {e["status"] for e in entries} == {"done", "partial", "skipped"}
    assert sum(bool(e.get("highlight")) for e in entries) >= 5
    assert len({e.get("mood") for e in entries} - {None}) >= 3
    assert len({t for e in entries for t in e.get("tags", [])}) >= 5


# ---- breaking the demo by hand ---------------------------------------------------------------

Edit = Callable[[bytes], bytes]


def replace_line(pattern: str, new: str) -> Edit:
    """Replace the first line matching `pattern` (a regex) with `new`."""

    def edit(data: bytes) -> bytes:
        text = data.decode()
        out, n = re.subn(f"^{pattern}$", new, text, count=1, flags=re.MULTILINE)
        assert n == 1, pattern
        return out.encode()

    return edit


def line_of(path: Path, pattern: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if re.fullmatch(pattern, line):
            return i
    raise AssertionError(pattern)


ENTRY = f"journals/{OCT}/mei-chen/day-03.md"
PLAN = f"journals/{OCT}/priya-raman/plan.md"
MEMBER = "members/mei-chen.yaml"
CHARTER = "charters/onboarding-playbook.yaml"
CHALLENGE = f"challenges/{OCT}.yaml"

CONFLICT = b"<<<<<<< HEAD\nmood: 4\n=======\nmood: 2\n>>>>>>> priya/journal\n"

# (file, how it is broken, the line it happens on: a pattern of the unbroken file or a number,
# plus lines below it, and what check says from the column on)
BREAKS = [
    pytest.param(
        MEMBER,
        replace_line(r"interests: .*", "interests: go"),
        (r"interests: .*", 0),
        "12: error: interests: expected a list, got text",
        id="member-wrong-type",
    ),
    pytest.param(
        CHARTER,
        replace_line(r"volunteers_wanted: .*", "volunteers_wanted: many"),
        (r"volunteers_wanted: .*", 0),
        "20: error: volunteers_wanted: expected a whole number, got text",
        id="charter-wrong-type",
    ),
    pytest.param(
        CHARTER,
        replace_line(r"(status: \w+)", "\\1\nstatsu: done"),
        (r"status: \w+", 1),
        "1: error: unknown key 'statsu'; did you mean 'status'?",
        id="charter-unknown-key",
    ),
    pytest.param(
        CHALLENGE,
        replace_line(r"    minutes: \d+", "    minutes: lots"),
        (r"    minutes: \d+", 0),
        "14: error: days[0].minutes: expected a whole number or null, got text",
        id="challenge-wrong-type",
    ),
    pytest.param(
        ENTRY,
        replace_line(r"mood: \d", "mood: happy"),
        (r"mood: \d", 0),
        "7: error: mood: expected a whole number or null, got text",
        id="entry-wrong-type",
    ),
    pytest.param(
        PLAN,
        replace_line(r"level: (\w+)", r"levle: \1"),
        (r"level: \w+", 0),
        "1: error: unknown key 'levle'; did you mean 'level'?",
        id="plan-unknown-key",
    ),
    pytest.param(
        "copkit.yaml",
        replace_line(r"name: .*", "name: [DevOps]"),
        (r"name: .*", 0),
        "7: error: name: expected text, got a list",
        id="config-wrong-type",
    ),
    pytest.param(
        ENTRY,
        lambda data: re.sub(rb"(?m)^mood: \d\n", CONFLICT, data, count=1),
        (r"mood: \d", 0),
        "1: error: git conflict marker '<<<<<<<': resolve the merge conflict and remove the markers",
        id="entry-conflict-markers",
    ),
    pytest.param(
        CHARTER,
        lambda data: b"<<<<<<< HEAD\n" + data + b"=======\ntitle: theirs\n>>>>>>> main\n",
        (1, 0),
        "1: error: git conflict marker '<<<<<<<': resolve the merge conflict and remove the markers",
        id="charter-conflict-markers",
    ),
    pytest.param(MEMBER, lambda _: b"", (1, 0), "1: error: file is empty", id="member-empty"),
    pytest.param(ENTRY, lambda _: b"\n\n", (1, 0), "1: error: file is empty", id="entry-empty"),
    pytest.param(
        CHALLENGE,
        lambda data: data.replace(b"title: ", b"title: \xff", 1),
        (r"title: .*", 0),
        "8: error: not valid UTF-8 (byte 0xff); save the file as UTF-8",
        id="challenge-bad-bytes",
    ),
    pytest.param(
        ENTRY,
        lambda data: data.replace(b"status: ", b"status: \xfe", 1),
        (r"status: .*", 0),
        "9: error: not valid UTF-8 (byte 0xfe); save the file as UTF-8",
        id="entry-bad-bytes",
    ),
]


@pytest.mark.parametrize(("rel", "edit", "where", "expected"), BREAKS)
def test_a_broken_demo_file_is_named_with_its_line(
    demo: Path, run: Run, rel: str, edit: Edit, where: tuple[str | int, int], expected: str
) -> None:
    total = len(demo_files(demo))
    path = demo / rel
    at, below = where
    line = (at if isinstance(at, int) else line_of(path, at)) + below
    path.write_bytes(edit(path.read_bytes()))
    # a second, unrelated broken file: one bad file must not hide another
    other = "members/diego-alvarez.yaml"
    (demo / other).write_text((demo / other).read_text() + "emial: diego@example.org\n")

    r = run("check")
    assert r.exit_code == 1
    assert "Traceback" not in r.output
    lines = r.stdout.splitlines()
    assert f"{rel}:{line}:{expected}" == next(x for x in lines if x.startswith(f"{rel}:"))
    assert f"{other}:5:1: error: unknown key 'emial'; did you mean 'email'?" in lines
    assert r.stderr.startswith(f"{total} files checked: ")


def test_a_broken_demo_file_is_reported_in_json_too(demo: Path, run: Run) -> None:
    (demo / ENTRY).write_bytes(b"")
    r = run("check", "--json")
    assert r.exit_code == 1
    assert json.loads(r.stdout) == [
        {"path": ENTRY, "line": 1, "col": 1, "severity": "error", "message": "file is empty"}
    ]
