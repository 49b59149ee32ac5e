"""copkit schema KIND: JSON Schema (draft 2020-12) that agrees with the loaders."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import jsonschema
import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copkit.services.schema import KINDS, json_schema
from tests.conftest import Run
from tests.test_models import challenges, charters, configs, entries, members, plans, templates

ALL_KINDS = ["charter", "challenge", "template", "journal", "plan", "member", "config"]


def validator(kind: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        json_schema(kind), format_checker=jsonschema.FormatChecker()
    )


def as_json(data: Any) -> Any:
    """YAML data as a JSON document: dates become YYYY-MM-DD text."""
    if isinstance(data, dict):
        return {str(k): as_json(v) for k, v in data.items()}
    if isinstance(data, list):
        return [as_json(v) for v in data]
    if isinstance(data, date):
        return data.isoformat()
    return data


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_schema_command_prints_a_valid_draft_2020_12_schema(run: Run, kind: str) -> None:
    r = run("schema", kind)
    assert r.exit_code == 0
    assert r.stderr == ""
    schema = json.loads(r.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema == json_schema(kind)


def test_schema_needs_no_workspace(run: Run) -> None:
    assert run("schema", "member").exit_code == 0  # the cwd is not a workspace


def test_schema_kinds_are_the_spec_kinds_plus_plan() -> None:
    assert sorted(KINDS) == sorted(ALL_KINDS)


@pytest.mark.parametrize("args", [["schema"], ["schema", "journals"]])
def test_schema_usage_errors_exit_2(run: Run, args: list[str]) -> None:
    r = run(*args)
    assert r.exit_code == 2
    assert r.stdout == ""


def _objects(node: Any) -> list[dict[str, Any]]:
    found = []
    if isinstance(node, dict):
        if node.get("type") == "object" and "properties" in node:
            found.append(node)
        for v in node.values():
            found += _objects(v)
    elif isinstance(node, list):
        for v in node:
            found += _objects(v)
    return found


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_object_rejects_unknown_keys(kind: str) -> None:
    objects = _objects(json_schema(kind))
    assert objects
    assert all(o.get("additionalProperties") is False for o in objects)


SPEC_EXAMPLES = {
    "config": {
        "name": "DevOps Community of Practice",
        "domain": "DevOps",
        "timezone": "Europe/Paris",
    },
    "member": {
        "name": "Alice Martin",
        "email": "alice@example.org",
        "joined": "2026-01-15",
        "interests": ["kubernetes", "ci"],
    },
    "charter": {
        "title": "DevOps onboarding playbook",
        "kind": "practice-development",
        "status": "draft",
        "issue": "New members need months to become productive.",
        "goal": "A playbook that gets a new member shipping in two weeks.",
        "scope": {"in": ["first-week checklist", "pairing guide"], "out": ["tool procurement"]},
        "origin": "members-proposed",
        "beneficiary": None,
        "source_project": None,
        "team": [
            {"member": "alice-martin", "role": "lead", "hours_per_week": 3},
            {"member": "bob-lee", "role": "member", "hours_per_week": 2},
        ],
        "volunteers_wanted": 1,
        "sponsor": {
            "learning": "DevOps CoP core group",
            "funding": {"by": "Platform Engineering", "amount": 5000, "currency": "EUR"},
        },
        "timeline": {
            "start": "2026-12-01",
            "end": "2027-02-28",
            "milestones": [
                {"date": "2027-01-15", "name": "Draft playbook reviewed", "done": False}
            ],
        },
        "reporting": {"every_days": 14, "channel": "monthly community call"},
        "deliverables": [{"name": "Onboarding playbook", "url": None, "done": False}],
        "history": [{"date": "2026-11-20", "status": "proposed", "by": "alice-martin"}],
        "reports": [
            {
                "date": "2026-12-15",
                "by": "alice-martin",
                "final": False,
                "summary": "Interviewed six recent joiners.",
                "feedback": ["Add a section on on-call."],
                "next": ["Draft the first-week checklist."],
            }
        ],
        "findings": None,
    },
    "challenge": {
        "title": "30 days to become a better DevOps practitioner",
        "domain": "DevOps",
        "start": "2026-12-01",
        "mantra": "There's always something new to learn.",
        "finish_threshold": 0.8,
        "meetup": {"date": "2027-01-06", "where": "Community call"},
        "days": [
            {
                "day": 1,
                "kind": "learn",
                "title": "Map your delivery pipeline",
                "prompt": "Draw every step from commit to production.",
                "minutes": 20,
                "levels": {"starter": "Draw the steps you know.", "experienced": "Add lead times."},
            }
        ],
        "pairs": [["alice-martin", "bob-lee"], ["carol-diaz", "dan-wu", "erin-kim"]],
        "pairing": {"seed": 7, "date": "2026-11-30"},
    },
    "template": {
        "title": "30 days of running a community of practice",
        "domain": "Community leadership",
        "version": "2026.12",
        "starts_on": "monday",
        "schedules": ["every-day", "weekdays"],
        "description": "For people who convene a community of practice.",
        "mantra": "Value is created in the community, not announced to it.",
        "finish_threshold": 0.8,
        "days": [
            {
                "day": 1,
                "kind": "learn",
                "title": "Name your domain",
                "prompt": "Write the domain of your community in one sentence.",
                "minutes": 20,
                "levels": {"starter": "Ask two members.", "experienced": "Compare with last year."},
            }
        ],
    },
    "plan": {
        "joined": "2026-11-28",
        "level": "starter",
        "goal": "Automate one step.",
        "left": None,
    },
    "journal": {
        "date": "2026-12-07",
        "status": "done",
        "minutes": 35,
        "mood": 4,
        "tags": ["docker", "ci"],
        "highlight": True,
        "partner_checkin": True,
    },
}


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_spec_examples_validate(kind: str) -> None:
    validator(kind).validate(SPEC_EXAMPLES[kind])


@pytest.mark.parametrize(
    ("kind", "change", "message"),
    [
        pytest.param("member", {"emial": "x"}, "'emial' was unexpected", id="unknown-key"),
        pytest.param("member", {"name": None}, "None is not of type 'string'", id="null-name"),
        pytest.param("charter", {"kind": "pro-bon"}, "'pro-bon' is not one of", id="enum"),
        pytest.param("charter", {"volunteers_wanted": -1}, "less than the minimum", id="minimum"),
        pytest.param(
            "journal", {"mood": 6}, "6 is not valid under any of the given schemas", id="mood"
        ),
        pytest.param("journal", {"status": "finished"}, "is not one of", id="status"),
        pytest.param("journal", {"date": "2026-13-01"}, "is not a 'date'", id="date-format"),
        pytest.param(
            "challenge", {"finish_threshold": 1.5}, "greater than the maximum", id="threshold"
        ),
        pytest.param("plan", {"level": "expert"}, "is not one of", id="level"),
        pytest.param("template", {"starts_on": "mon"}, "is not valid under any", id="starts-on"),
        pytest.param("template", {"schedules": ["weekends"]}, "is not one of", id="schedules"),
        pytest.param("template", {"version": 2026.12}, "is not valid under any", id="version-type"),
        pytest.param("config", {"timezone": 3}, "3 is not of type 'string'", id="timezone-type"),
    ],
)
def test_schemas_refuse_what_the_loader_refuses(
    kind: str, change: dict[str, Any], message: str
) -> None:
    doc = {**SPEC_EXAMPLES[kind], **change}
    errors = [e.message for e in validator(kind).iter_errors(doc)]
    assert any(message in e for e in errors), errors


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_required_keys_match_the_model(kind: str) -> None:
    model, _ = KINDS[kind]
    required = sorted(f.encode_name for f in msgspec.structs.fields(model) if f.required)
    schema = json_schema(kind)
    top = schema["$defs"][model.__name__]
    assert sorted(top.get("required", [])) == required


STRATEGIES = {
    "config": configs,
    "member": members,
    "charter": charters,
    "challenge": challenges(),
    "template": templates,
    "journal": entries,
    "plan": plans,
}


@pytest.mark.parametrize("kind", ALL_KINDS)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_every_model_value_validates_against_its_schema(kind: str, data: st.DataObject) -> None:
    value = data.draw(STRATEGIES[kind])
    validator(kind).validate(as_json(msgspec.to_builtins(value, builtin_types=(date,))))


# ---- the examples of docs/formats.md ---------------------------------------------------------

SECTIONS = {
    "## copkit.yaml": ("config", "yaml"),
    "## members/": ("member", "yaml"),
    "## charters/": ("charter", "yaml"),
    "## challenges/": ("challenge", "yaml"),
    "## templates/": ("template", "yaml"),
    "## journals/&lt;challenge&gt;/&lt;member&gt;/plan.md": ("plan", "markdown"),
    "## journals/&lt;challenge&gt;/&lt;member&gt;/day-NN.md": ("journal", "markdown"),
}


def doc_examples() -> list[tuple[str, str, str]]:
    from tests.conftest import REPO

    text = (REPO / "docs" / "formats.md").read_text()
    out = []
    for head, (kind, lang) in SECTIONS.items():
        section = text[text.index(head) :]
        block = section.split(f"```{lang}\n", 1)[1].split("```", 1)[0]
        out.append((kind, lang, block))
    return out


@pytest.mark.parametrize(
    ("kind", "lang", "block"), doc_examples(), ids=[k for k, _ in SECTIONS.values()]
)
def test_the_documented_examples_are_valid(kind: str, lang: str, block: str) -> None:
    from copkit.model.rules import challenge_rules, charter_rules
    from copkit.storage.documents import convert, parse_markdown
    from copkit.storage.yamlio import parse

    model, _ = KINDS[kind]
    if lang == "markdown":
        loaded = parse_markdown(block, "example.md", model)
        assert loaded.problems == []
        data = as_json(loaded.doc)
    else:
        parsed = parse("example.yaml", block)
        rules = {"charter": charter_rules, "challenge": challenge_rules}.get(kind)
        if kind == "template":
            rules = None  # a one-day example: the set rules (length, rhythm) are for real sets
        value, problems = convert(parsed.data, model, "example.yaml", rules=rules)
        assert value is not None
        assert problems == []
        data = as_json(parsed.data)
    validator(kind).validate(data)
