"""Challenge sets from their three sources (built in, installed packages, the community's
templates/ folder), and the file of a new challenge made from one."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Literal

import msgspec
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from copkit.errors import CopkitError
from copkit.model import Challenge, Template
from copkit.model.ids import did_you_mean, is_slug, suggest_slug
from copkit.model.rules import template_rules
from copkit.storage import yamlio
from copkit.storage.atomic import write_atomic
from copkit.storage.documents import Loaded, decode, parse_yaml, read_text
from copkit.storage.workspace import Workspace, to_data

FOLDER = "templates"  # a community's own sets, at the workspace root

SUFFIX = ".yaml"
GROUP = "copkit.templates"  # the entry-point group through which packages ship sets
Source = Literal["built-in", "package", "community", "file"]


def _folder() -> Traversable:
    return files("copkit") / "templates"


def _names(folder: Traversable) -> list[str]:
    return sorted(
        entry.name
        for entry in folder.iterdir()
        if entry.name.endswith(SUFFIX) and not entry.name.startswith(".")
    )


def template_ids() -> list[str]:
    """The names of the built-in templates, sorted."""
    return [name[: -len(SUFFIX)] for name in _names(_folder())]


@dataclass(frozen=True)
class SetFile:
    """Where one challenge set comes from, and how problems name its file."""

    id: str
    source: Source
    rel: str  # copkit/templates/devops.yaml, templates/ours.yaml, a package file's path
    file: Traversable | Path
    package: str | None = None  # "copkit-devsecops 1.2.0" for a set shipped by a package
    ws: Workspace | None = None  # a community set is read through its workspace's rules

    @property
    def origin(self) -> str:
        """Where the set comes from, for people: built-in, templates/x.yaml, package NAME V."""
        if self.source == "built-in":
            return "built-in"
        if self.source == "package":
            return f"package {self.package}"
        return self.rel

    @property
    def described(self) -> str:
        """The set in a sentence: copkit's devops set, the community's ours set, ..."""
        return {
            "built-in": f"copkit's {self.id} set",
            "community": f"the community's {self.id} set ({self.rel})",
            "package": f"the {self.id} set of package {self.package}",
            "file": f"the set in {self.rel}",
        }[self.source]


@dataclass
class Catalog:
    """The sets a workspace sees, one per id, and notes on what was shadowed or left out."""

    sets: dict[str, SetFile] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def built_in() -> list[SetFile]:
    folder = _folder()
    return [
        SetFile(name[: -len(SUFFIX)], "built-in", f"copkit/templates/{name}", folder / name)
        for name in _names(folder)
    ]


def packaged(notes: list[str]) -> list[SetFile]:
    """The sets of installed packages: every <id>.yaml in the package folder that an entry
    point of the group `copkit.templates` names. A broken package is a note, not a failure."""
    from importlib.metadata import entry_points

    found: list[SetFile] = []
    points = sorted(
        entry_points(group=GROUP), key=lambda ep: ((ep.dist.name if ep.dist else ""), ep.name)
    )
    for ep in points:
        dist = f"{ep.dist.name} {ep.dist.version}" if ep.dist else ep.name
        where = f"package {dist}: entry point {ep.name} = {ep.value} ({GROUP})"
        if ep.attr:
            notes.append(f"{where} names an object; it should name a package folder of sets")
            continue
        try:
            folder = files(ep.module)
            names = _names(folder)
        except Exception as e:  # any import error of someone else's package: noted, skipped
            notes.append(f"{where} cannot be loaded: {type(e).__name__}: {e}")
            continue
        for name in names:
            ident = name[: -len(SUFFIX)]
            file = folder / name
            if not is_slug(ident):
                notes.append(f"{where}: {name} is not named like a set id; it is left out")
                continue
            rel = str(file) if isinstance(file, Path) else f"{ep.module}/{name}"
            found.append(SetFile(ident, "package", rel, file, package=dist))
    return found


def community(ws: Workspace) -> list[SetFile]:
    """The community's own sets: templates/<id>.yaml at the workspace root."""
    return [
        SetFile(
            ident,
            "community",
            f"{FOLDER}/{ident}{SUFFIX}",
            ws.root / FOLDER / f"{ident}{SUFFIX}",
            ws=ws,
        )
        for ident in ws.ids(FOLDER)
    ]


def catalog(ws: Workspace | None) -> Catalog:
    """Every set by id: a community set shadows a package's, which shadows a built-in one."""
    out = Catalog()
    layers = [built_in(), packaged(out.notes), community(ws) if ws is not None else []]
    for layer in layers:
        for f in layer:
            old = out.sets.get(f.id)
            if old is not None and old.source == f.source:  # two packages: the first one wins
                out.notes.append(
                    f"{f.described} is hidden by {old.described}, which has the same id"
                )
                continue
            if old is not None:
                out.notes.append(
                    f"{f.rel} shadows {old.described}: {f.id} means the {f.source} one"
                )
            out.sets[f.id] = f
    out.sets = dict(sorted(out.sets.items()))
    return out


def is_path(text: str) -> bool:
    """A --template value that names a file rather than a set id."""
    return "/" in text or os.sep in text or text.endswith((".yaml", ".yml"))


def resolve(ws: Workspace | None, given: str) -> SetFile:
    """The set named by an id (through the catalog) or a path (relative to the current folder)."""
    if is_path(given):
        path = Path(given).expanduser()
        stem = path.name.rsplit(".", 1)[0]
        if not is_slug(stem):
            raise CopkitError(
                f"{given}: a set's file name is its id, and {stem!r} is not a valid id; "
                f"rename the file to {suggest_slug(stem)}{SUFFIX}"
            )
        if not path.is_file():
            raise CopkitError(f"{given}: no such file", hint="Give the path of a set's YAML file.")
        return SetFile(stem, "file", given, path)
    found = catalog(ws)
    if given in found.sets:
        return found.sets[given]
    known = list(found.sets)
    close = did_you_mean(given, known)
    hint = f"{close} " if close else ""
    raise CopkitError(
        f"no challenge set {given!r}; {hint}the sets are: {', '.join(known)}",
        hint="See them with: copkit challenge templates; or give the path of a set's YAML file.",
    )


def load_set(f: SetFile) -> Loaded[Template]:
    """A set read as a model with every rule applied, keeping its round-trip YAML for copying."""
    if f.ws is not None:  # a link out of the workspace is refused, as for every other file
        return f.ws.load_template(f.id)
    if isinstance(f.file, Path):
        text, problems = read_text(f.file, f.rel)
    else:
        text, problems = decode(f.file.read_bytes(), f.rel)
    return parse_yaml(text, problems, f.rel, Template, template_rules)


def load_template(template: str) -> Loaded[Template]:
    """A built-in template read as a model, keeping its round-trip YAML for copying."""
    if template not in template_ids():
        known = template_ids()
        close = did_you_mean(template, known)
        hint = f"{close} " if close else ""
        raise CopkitError(
            f"no built-in template {template!r}; {hint}the templates are: {', '.join(known)}",
            hint="See them with: copkit challenge templates",
        )
    return load_set(
        SetFile(
            template,
            "built-in",
            f"copkit/templates/{template}{SUFFIX}",
            _folder() / f"{template}{SUFFIX}",
        )
    )


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


def write_challenge(
    ws: Workspace, challenge_id: str, value: Challenge, text: str, *, force: bool
) -> str:
    """Write `text` (`value` as YAML) to challenges/<id>.yaml; refuses to replace one unless
    `force`, to write a date the readers refuse, or a file they could not read back. Returns
    its path."""
    from copkit.storage.limits import require_readable

    path = ws.challenge_path(challenge_id)
    ws.require_dates_in_range(path, value)
    require_readable(ws.rel(path), text, "yaml")  # never a file copkit cannot read back
    ws.require_reads_back(path, text, Challenge)  # nor a value the readers refuse
    write_atomic(path, text, overwrite=force, display=ws.rel(path))
    return ws.rel(path)


# ---- writing a set: `copkit template new` ----------------------------------------------------

_COMMENT_AT = 30  # the column of the teaching comments in a skeleton


def _line(text: str, comment: str | None = None) -> str:
    if comment is None:
        return text
    return f"{text.ljust(_COMMENT_AT - 1)} # {comment}"


def skeleton_text(template_id: str, title: str, version: str, kinds: list[str]) -> str:
    """A set of len(kinds) days to fill in, with comments that teach the format.

    The kinds come from the weekly rhythm of a blank calendar (services.challenges); every
    other value is empty (null) until the lead writes it, so `template check` lists what is
    left to do.
    """
    lines = [
        "# A challenge set. Any community starts a month from it with:",
        f"#   copkit challenge new CHALLENGE --start YYYY-MM-DD --template {template_id}",
        f"# Fill in every day, then run `copkit template check {template_id}`: it names each",
        "# day still empty and each rule of a good set a day breaks (docs/challenges.md).",
        _line(f"title: {title}"),
        _line("domain:", "the field the set is for, e.g. DevOps"),
        _line(f'version: "{version}"', "the edition; challenges made from the set record it"),
        _line("starts_on: monday", "the weekday day 1 is written for"),
        _line("schedules: [every-day]", "every-day, weekdays or both: where it reads well"),
        _line("description:", "who the set is for, in a sentence or two"),
        _line("mantra:", "one line to open the month with, for every level"),
        _line("finish_threshold: 0.8", "share of days done or partial that makes a finisher"),
        "days:",
    ]
    n = len(kinds)
    for i, kind in enumerate(kinds):
        day = i + 1
        first = i == 0
        if i % 7 == 0:
            lines.append(f"  # Week {i // 7 + 1}." + (_WEEK if first else ""))
        if first:
            lines += _FIRST
        if day == n and n > 1:
            lines += _LAST
        lines += [
            f"  - day: {day}",
            _line(f"    kind: {kind}", "learn, practice, balance or reflect" if first else None),
            _line(
                "    title:", 'a short imperative, e.g. "Map your value stream"' if first else None
            ),
            _line("    prompt:", "what to do, concretely, and what to notice" if first else None),
            _line("    minutes:", "the suggested time, 5 to 120" if first else None),
            "    levels:",
            _line("      starter:", "the way in for someone new to the field" if first else None),
            _line("      experienced:", "a deeper variant for a veteran" if first else None),
        ]
    return "\n".join(lines) + "\n"


_WEEK = (
    " Each week holds learn, practice, balance and reflect days, never more than\n"
    "  # three of one kind in a row: learn something, practise it, rest, look back."
)
_FIRST = [
    "  # Day 1 is where members meet the month: say what the journal is for, and what stays",
    "  # out of a shared repository (secrets, colleagues' names, health, performance reviews).",
]
_LAST = [
    "  # The last day prepares the report-back: a reflect day whose prompt names the meetup,",
    "  # what to bring to it, and asks members to mark their best entries (highlight: true).",
]


def set_from_challenge(loaded: Loaded[Challenge], version: str, origin: str) -> str:
    """A challenge file made into a set: its days byte for byte; what belongs to one run
    (start, meetup, partners, the schedule and its skipped dates, the set it came from)
    dropped; `version` added."""
    import copy

    doc = copy.deepcopy(loaded.doc)
    keep = [f.encode_name for f in msgspec.structs.fields(Template)]
    for key in list(doc):
        if key not in keep:
            del doc[key]
    if "version" not in doc:
        before = [k for k in keep[: keep.index("version")] if k in doc]
        pos = list(doc).index(before[-1]) + 1 if before else 0
        doc.insert(pos, "version", DoubleQuotedScalarString(version))
    doc.ca.comment = None  # the challenge's opening comment said where *it* came from
    doc.yaml_set_start_comment(origin)
    return yamlio.dump(doc, loaded.indent).rstrip("\n") + "\n"
