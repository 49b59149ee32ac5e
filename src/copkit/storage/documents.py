"""Reading any copkit file into a typed model, with every problem as data (path:line:col)."""

from __future__ import annotations

import difflib
import re
import stat
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

import msgspec

from copkit.errors import CopkitError, Problem
from copkit.model.community import VISIBLE
from copkit.model.rules import Finding
from copkit.storage import frontmatter
from copkit.storage.limits import MAX_FILE_BYTES as MAX_FILE_BYTES  # the readers have it here
from copkit.storage.limits import markdown_conflicts, too_big

T = TypeVar("T")
Rules = Callable[[Any], Sequence[Finding]]


@dataclass
class Loaded(Generic[T]):
    """A file read as model `T`: value is None when it could not be read as one."""

    rel: str
    value: T | None = None
    problems: list[Problem] = field(default_factory=list)
    doc: Any = None  # ruamel round-trip data, for edits that keep comments
    body: str | None = None  # Markdown files: the text after the front matter
    # A file that does not validate, read as far as it can be (the bad values left out),
    # so that `check` also reports its other problems in the same pass; never used for edits.
    partial: T | None = None
    indent: tuple[int, int, int] = (2, 4, 2)
    text: str = ""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def require(self) -> T:
        """The value, or a CopkitError listing the file's errors."""
        if self.value is None or self.errors:
            raise CopkitError.from_problems(
                self.errors or [Problem(self.rel, 0, 0, "error", "cannot be read")],
                hint="Fix the file (copkit check lists every problem), then run the command again.",
            )
        return self.value


def located(loaded: Loaded[Any], finding: Finding, *, line_offset: int = 0) -> Problem:
    """A rule's finding as a problem of a file read by the full loader, pointing at its key
    (front matter: `line_offset` 1); at the file when the key cannot be found."""
    if loaded.doc is None:
        return Problem(loaded.rel, 0, 0, finding.severity, finding.message)
    from copkit.storage import yamlio  # ruamel: only when YAML is read

    line, col = yamlio.locate(loaded.doc, finding.at)
    return Problem(loaded.rel, line + 1 + line_offset, col + 1, finding.severity, finding.message)


def read_text(path: Path, rel: str) -> tuple[str | None, list[Problem]]:
    """A file's text if it is a readable, non-empty UTF-8 file of reasonable size."""
    try:
        st = path.stat()
        if stat.S_ISDIR(st.st_mode):
            return None, [
                Problem(rel, 0, 0, "error", "a folder stands where a file belongs; move it away")
            ]
        if not stat.S_ISREG(st.st_mode):  # a FIFO or a device would block or never end
            return None, [
                Problem(rel, 0, 0, "error", "not a regular file (a pipe or a device?); replace it")
            ]
        if (big := too_big(rel, st.st_size)) is not None:
            return None, [big]
        with path.open("rb") as f:
            # sized by the stat (a read bounded by the limit allocates the limit for every
            # small file), read on, still bounded, if the file grew since
            raw = f.read(st.st_size + 1)
            if len(raw) > st.st_size:
                raw += f.read(MAX_FILE_BYTES + 1 - len(raw))
        if len(raw) > MAX_FILE_BYTES:
            return None, [
                Problem(
                    rel,
                    0,
                    0,
                    "error",
                    f"file is over copkit's limit of {MAX_FILE_BYTES:,} bytes; split or shorten it",
                )
            ]
    except OSError as e:
        return None, [Problem(rel, 0, 0, "error", f"cannot be read: {e.strerror or e}")]
    return decode(raw, rel)


def decode(raw: bytes, rel: str) -> tuple[str | None, list[Problem]]:
    problems: list[Problem] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        problems.append(
            Problem(
                rel, 1, 1, "warning", "starts with a byte-order mark; save it as UTF-8 without BOM"
            )
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        return None, [
            Problem(
                rel,
                line,
                col,
                "error",
                f"not valid UTF-8 (byte 0x{raw[e.start]:02x}); save the file as UTF-8",
            )
        ]
    if not text.strip():
        return None, [*problems, Problem(rel, 1, 1, "error", "file is empty")]
    return text, problems


def load_yaml(path: Path, rel: str, model: type[T], rules: Rules | None = None) -> Loaded[T]:
    text, problems = read_text(path, rel)
    return parse_yaml(text, problems, rel, model, rules)


def parse_yaml(
    text: str | None,
    problems: list[Problem],
    rel: str,
    model: type[T],
    rules: Rules | None = None,
) -> Loaded[T]:
    """YAML text (None when it could not be read, with `problems` saying why) as model `T`."""
    from copkit.storage import yamlio  # ruamel: only when YAML is read

    result: Loaded[T] = Loaded(rel, problems=problems, text=text or "")
    if text is None:
        return result
    parsed = yamlio.parse(rel, text)
    result.problems += parsed.problems
    result.doc, result.indent = parsed.data, parsed.indent
    if not parsed.problems:
        result.value, more, result.partial = _convert(parsed.data, model, rel, rules=rules)
        result.problems += more
    return result


def load_markdown(path: Path, rel: str, model: type[T], rules: Rules | None = None) -> Loaded[T]:
    text, problems = read_text(path, rel)
    result: Loaded[T] = Loaded(rel, problems=problems, text=text or "")
    if text is None:
        return result
    return parse_markdown(text, rel, model, rules, result)


def parse_markdown(
    text: str, rel: str, model: type[T], rules: Rules | None = None, result: Loaded[T] | None = None
) -> Loaded[T]:
    from copkit.storage import yamlio  # ruamel: only when YAML is read

    result = result or Loaded(rel, text=text)
    markers = markdown_conflicts(rel, text)  # the body too; a lone ======= is a heading rule
    if markers:
        result.problems += markers
        return result
    parts = frontmatter.split(text)
    if parts.front is None:
        result.problems.append(
            Problem(
                rel,
                1,
                1,
                "error",
                "no front matter: the file must start with a '---' line, the YAML fields, and '---'",
            )
        )
        return result
    if not parts.closed:
        result.problems.append(
            Problem(
                rel, 1, 1, "error", "front matter is not closed: add a '---' line after the fields"
            )
        )
        return result
    result.body = parts.body
    parsed = yamlio.parse(rel, parts.front, line_offset=1)
    result.problems += parsed.problems
    result.doc = parsed.data
    if not parsed.problems:
        if parsed.data is None:
            parsed.data = {}
        result.value, more, result.partial = _convert(
            parsed.data, model, rel, line_offset=1, rules=rules
        )
        result.problems += more
    return result


_AT = re.compile(r"^(?P<msg>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.DOTALL)
_STEP = re.compile(r"\.([^.\[]+)|\[(\d+)\]")
_TYPE_WORDS = {
    "str": "text",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "array": "a list",
    "object": "a mapping of keys",
    "date": "a date (YYYY-MM-DD)",
    "datetime": "a date and time",
    "null": "null",
}


def convert(
    data: Any, model: type[T], rel: str, *, line_offset: int = 0, rules: Rules | None = None
) -> tuple[T | None, list[Problem]]:
    """Validate plain-or-ruamel `data` as `model`; positions come from the ruamel nodes."""
    value, problems, _partial = _convert(data, model, rel, line_offset=line_offset, rules=rules)
    return value, problems


def _convert(
    data: Any, model: type[T], rel: str, *, line_offset: int = 0, rules: Rules | None = None
) -> tuple[T | None, list[Problem], T | None]:
    """`convert`, plus the value read as far as it can be when it does not validate."""
    from copkit.storage import yamlio  # ruamel: only when YAML is read

    def problem(
        at: tuple[str | int, ...], message: str, severity: str = "error", key: bool = False
    ) -> Problem:
        line, col = yamlio.locate(data, at, key=key)
        return Problem(rel, line + 1 + line_offset, col + 1, severity, message)  # type: ignore[arg-type]

    try:
        plain = yamlio.to_plain(data)
    except yamlio.TooLarge as e:
        line, col = yamlio.locate(data, e.at) if e.at else (0, 0)
        return None, [Problem(rel, line + 1 + line_offset, col + 1, "error", f"refused: {e}")], None
    try:
        value = msgspec.convert(plain, model)
    except msgspec.ValidationError as e:
        # msgspec stops at the first error; walk the data to report every one of them
        found = _all_errors(plain, model, model, (), problem)
        found = found or [_explain(str(e), model, problem)]
        partial, dropped = _salvage(plain, model)
        if partial is not None and rules:
            # the file's own rules on what could be read, except where a bad value was left
            # out (its default would make the rule speak of a value the file does not hold)
            for f in rules(partial):
                if not any(_overlaps(f.at, d) for d in dropped):
                    p = problem(f.at, f.text, f.severity)
                    if p not in found:
                        found.append(p)
        return None, found, partial
    from copkit.model.dates import dates_out_of_range

    problems = [problem(at, message) for at, message in dates_out_of_range(value)]
    if problems:  # a date no command can count from: the file is not read (issue 20, F01)
        return None, problems, None
    if rules:
        for f in rules(value):
            problems.append(problem(f.at, f.text, f.severity))
    return value, problems, None


def _salvage(plain: Any, model: type[T]) -> tuple[T | None, list[tuple[str | int, ...]]]:
    """`plain` as `model` with each value msgspec refuses left out (the innermost mapping key
    holding it), and the key paths left out; None when a required part cannot be left out."""
    import copy

    data = copy.deepcopy(plain)
    dropped: list[tuple[str | int, ...]] = []
    for _ in range(MAX_ERRORS):
        try:
            return msgspec.convert(data, model), dropped
        except msgspec.ValidationError as e:
            m = _AT.match(str(e))
            assert m is not None
            at: tuple[str | int, ...] = tuple(
                s.group(1) if s.group(1) is not None else int(s.group(2))
                for s in _STEP.finditer(m.group("path") or "")
            )
            if um := re.match(r"Object contains unknown field `(.+)`", m.group("msg")):
                at = (*at, um.group(1))
            if mm := re.match(r"Object missing required field `(.+)`", m.group("msg")):
                # a required list or text left out above reads as empty; anything else
                # leaves out the mapping that needs it
                empty = _empty_of(_type_at(model, (*at, mm.group(1))))
                holder = _node_at(data, at)
                if empty is not None and isinstance(holder, dict):
                    holder[mm.group(1)] = empty
                    dropped.append((*at, mm.group(1)))
                    continue
            cut = _drop(data, at)
            if cut is None:
                return None, dropped
            dropped.append(cut)
    return None, dropped


def _empty_of(tp: Any) -> Any:
    if typing.get_origin(tp) is list:
        return []
    return "" if tp is str else None


def _node_at(data: Any, at: tuple[str | int, ...]) -> Any:
    node = data
    for step in at:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _drop(data: Any, at: tuple[str | int, ...]) -> tuple[str | int, ...] | None:
    """Delete the innermost mapping key on key path `at`; the path deleted, or None."""
    holder: tuple[Any, Any, int] | None = None
    node = data
    for i, step in enumerate(at):
        if isinstance(node, dict) and step in node:
            holder = (node, step, i)
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            node = node[step]
        else:
            break
    if holder is None:
        return None
    parent, key, i = holder
    del parent[key]
    return at[: i + 1]


def _overlaps(a: tuple[str | int, ...], b: tuple[str | int, ...]) -> bool:
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def _explain(raw: str, model: type[Any], problem: Callable[..., Problem]) -> Problem:
    m = _AT.match(raw)
    assert m is not None
    msg, path = m.group("msg"), m.group("path") or ""
    at: tuple[str | int, ...] = tuple(
        s.group(1) if s.group(1) is not None else int(s.group(2)) for s in _STEP.finditer(path)
    )
    where = _dotted(at)
    if um := re.match(r"Object contains unknown field `(.+)`", msg):
        name = um.group(1)
        known = _field_names(model, at)
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else f"; known keys: {', '.join(known)}"
        return problem(
            (*at, name), f"unknown key {name!r}{' in ' + where if where else ''}{hint}", key=True
        )
    if mm := re.match(r"Object missing required field `(.+)`", msg):
        return problem(at, f"missing required key {mm.group(1)!r}{' in ' + where if where else ''}")
    if em := re.match(r"Invalid enum value (.+)", msg):
        options = _literal_options(model, at)
        close = difflib.get_close_matches(str(em.group(1)).strip("'"), options, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return problem(at, f"{where}: {em.group(1)} is not one of {', '.join(options)}{hint}")
    if f"matching regex {VISIBLE!r}" in msg:  # model.community.Name
        return problem(at, f"{where}: empty; write the name out")
    if "RFC3339" in msg or "ISO" in msg:
        return problem(at, f"{where}: not a valid date; write YYYY-MM-DD")
    friendly = re.sub(
        r"`([a-z]+(?: \| [a-z]+)*)`",
        lambda t: " or ".join(_TYPE_WORDS.get(w, w) for w in t.group(1).split(" | ")),
        msg,
    )
    friendly = friendly.replace("Expected ", "expected ")
    friendly = re.sub(r"([<>]=? -?\d+)\.0\b", r"\1", friendly)  # "<= 80.0" reads "<= 80"
    return problem(at, f"{where}: {friendly}" if where else friendly)


MAX_ERRORS = 50  # per file; past this the file needs more than a list of fixes


def _all_errors(
    value: Any,
    tp: Any,
    model: type[Any],
    at: tuple[str | int, ...],
    problem: Callable[..., Problem],
) -> list[Problem]:
    """Every validation error of `value` as type `tp` (at key path `at` in `model`).

    Mappings of a Struct and lists are walked key by key and item by item; anything else is
    left to msgspec, which names the first error inside it.
    """
    inner = _unwrap(tp)
    if isinstance(inner, type) and issubclass(inner, msgspec.Struct) and isinstance(value, dict):
        fields = {f.encode_name: f for f in msgspec.structs.fields(inner)}
        out: list[Problem] = []
        for k, v in value.items():
            f = fields.get(k) if isinstance(k, str) else None
            if f is None:
                out.append(
                    _explain(f"Object contains unknown field `{k}`{_at(at)}", model, problem)
                )
            else:
                out += _all_errors(v, f.type, model, (*at, k), problem)
        for name, f in fields.items():
            if f.required and name not in value:
                out.append(
                    _explain(f"Object missing required field `{name}`{_at(at)}", model, problem)
                )
        return out[:MAX_ERRORS]
    if typing.get_origin(inner) is list and isinstance(value, list):
        (item,) = typing.get_args(inner) or (Any,)
        out = []
        for i, v in enumerate(value):
            out += _all_errors(v, item, model, (*at, i), problem)
            if len(out) >= MAX_ERRORS:
                break
        return out[:MAX_ERRORS]
    try:
        msgspec.convert(value, tp)
    except msgspec.ValidationError as e:
        m = _AT.match(str(e))
        assert m is not None
        inside = (m.group("path") or "").removeprefix("$")
        return [_explain(f"{m.group('msg')}{_at(at, inside)}", model, problem)]
    return []


def _at(at: tuple[str | int, ...], more: str = "") -> str:
    """A key path in msgspec's notation (`$.team[0].member`), as its messages end."""
    path = "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in at) + more
    return f" - at `${path}`" if path else ""


def _dotted(at: tuple[str | int, ...]) -> str:
    out = ""
    for step in at:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out


def _unwrap(tp: Any) -> Any:
    """The Struct or Literal behind Optional / Annotated / list wrappers."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp


def _type_at(model: Any, at: tuple[str | int, ...]) -> Any:
    tp: Any = model
    for step in at:
        tp = _unwrap(tp)
        if isinstance(step, int):
            args = typing.get_args(tp)
            tp = args[0] if args else Any
        elif isinstance(tp, type) and issubclass(tp, msgspec.Struct):
            f = next((f for f in msgspec.structs.fields(tp) if f.encode_name == step), None)
            tp = f.type if f else Any
        else:
            return Any
    return _unwrap(tp)


def _field_names(model: Any, at: tuple[str | int, ...]) -> list[str]:
    tp = _type_at(model, at)
    if isinstance(tp, type) and issubclass(tp, msgspec.Struct):
        return [f.encode_name for f in msgspec.structs.fields(tp)]
    return []


def _literal_options(model: Any, at: tuple[str | int, ...]) -> list[str]:
    tp = _type_at(model, at)
    return [str(a) for a in typing.get_args(tp)] if typing.get_origin(tp) is typing.Literal else []
