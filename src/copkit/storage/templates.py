"""The built-in challenge calendars (copkit/templates/*.yaml) and the file of a new challenge."""

from __future__ import annotations

import difflib
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from copkit.errors import CopkitError
from copkit.model import Challenge, Template
from copkit.model.rules import template_rules
from copkit.storage import yamlio
from copkit.storage.atomic import write_atomic
from copkit.storage.documents import Loaded, decode, parse_yaml
from copkit.storage.workspace import Workspace, to_data

SUFFIX = ".yaml"


def _folder() -> Traversable:
    return files("copkit") / "templates"


def template_ids() -> list[str]:
    """The names of the built-in templates, sorted."""
    return sorted(
        entry.name[: -len(SUFFIX)]
        for entry in _folder().iterdir()
        if entry.name.endswith(SUFFIX) and not entry.name.startswith(".")
    )


def load_template(template: str) -> Loaded[Template]:
    """A built-in template read as a model, keeping its round-trip YAML for copying."""
    rel = f"copkit/templates/{template}{SUFFIX}"
    if template not in template_ids():
        known = template_ids()
        close = difflib.get_close_matches(template, known, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise CopkitError(
            f"no built-in template {template!r}; {hint}the templates are: {', '.join(known)}",
            hint="See them with: copkit challenge templates",
        )
    text, problems = decode((_folder() / f"{template}{SUFFIX}").read_bytes(), rel)
    return parse_yaml(text, problems, rel, Template, template_rules)


def templates() -> dict[str, Template]:
    """Every built-in template by name; a broken one is a bug of copkit, reported as such."""
    out = {}
    for name in template_ids():
        out[name] = load_template(name).require()
    return out


def challenge_text(
    challenge: Challenge,
    template: Loaded[Template] | None,
    origin: str,
    schedule_note: str | None = None,
) -> str:
    """The YAML of a new challenge file.

    From a template, the template's own YAML is the starting point, so its `>-` folded text
    and blank lines between days survive; a blank calendar is written in block style, one
    key per line, ready for a lead to fill in. A schedule is written after `start`, one
    skipped date a line, with `schedule_note` as a comment above the list.
    """
    data = {k: v for k, v in to_data(challenge).items() if v not in (None, [])}
    for key in ("meetup", "template"):
        if key in data:
            data[key] = {k: v for k, v in data[key].items() if v is not None}
    if template is not None and template.doc is not None:
        import copy

        doc = copy.deepcopy(template.doc)
        for key in list(doc):
            if key not in data:
                del doc[key]
        yamlio.merge_into(doc, data)
        indent = template.indent
    else:
        data.setdefault("domain", None)  # placeholders for the lead to fill in
        data.setdefault("mantra", None)
        doc = CommentedMap()
        for key in (
            "title",
            "domain",
            "start",
            "schedule",
            "mantra",
            "finish_threshold",
            "meetup",
            "journal",
        ):
            if key in data:
                doc[key] = yamlio.to_node(data[key])
        doc["days"] = _block_days(data["days"])
        indent = (2, 4, 2)
    for key in ("meetup", "template"):
        if key in doc:
            doc[key].fa.set_flow_style()
    if "template" in doc and isinstance(doc["template"].get("version"), str):
        # quoted as in the spec's example: a version such as 2026.12 must stay text
        doc["template"]["version"] = DoubleQuotedScalarString(doc["template"]["version"])
    if challenge.schedule is not None:
        doc["schedule"] = _schedule_node(challenge, schedule_note)
    doc.yaml_set_start_comment(origin)
    return yamlio.dump(doc, indent).rstrip("\n") + "\n"


def flow(value: dict[str, Any]) -> CommentedMap:
    """A small mapping written on one line, as in `meetup: {date: 2027-01-06, where: Call}`."""
    node = CommentedMap()
    for key, item in value.items():
        node[key] = item
    node.fa.set_flow_style()
    return node


def _schedule_node(challenge: Challenge, note: str | None) -> CommentedMap:
    """schedule: {days, skip} in block style, each skipped date on a line of its own."""
    assert challenge.schedule is not None
    node = CommentedMap()
    node["days"] = challenge.schedule.days
    seq = CommentedSeq()
    for s in challenge.schedule.skip:
        seq.append(flow({"date": s.date, "name": s.name} if s.name else {"date": s.date}))
    node["skip"] = seq
    if note:
        node.yaml_set_comment_before_after_key("skip", before=note, indent=2)
    return node


def _block_days(days: list[dict[str, Any]]) -> CommentedSeq:
    seq = CommentedSeq()
    for day in days:
        item = CommentedMap()
        for key, value in day.items():
            item[key] = yamlio.to_node(value) if isinstance(value, dict) else value
        seq.append(item)
    return seq


def write_challenge(ws: Workspace, challenge_id: str, text: str, *, force: bool) -> str:
    """Write challenges/<id>.yaml; refuses to replace one unless `force`. Returns its path."""
    path = ws.challenge_path(challenge_id)
    write_atomic(path, text, overwrite=force, display=ws.rel(path))
    return ws.rel(path)
