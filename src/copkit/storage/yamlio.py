"""YAML through ruamel: loading with positions, plain conversion, deterministic dumping, edits."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer, ComposerError
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarfloat import ScalarFloat
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from copkit.errors import Problem
from copkit.storage.fast_writer import FLOW_SAFE
from copkit.storage.limits import (  # noqa: F401  (re-exported: the reader's names)
    CONFLICT_RE,
    DEEP,
    MAX_DEPTH,
    MAX_PIECES,
    conflict_problems,
    count_pieces,
    yaml_gate,
)

MAX_NODES = 100_000  # alias bombs expand past this; real files stay far below
# Characters of text once aliases are expanded: twice the biggest file copkit reads. A few
# aliases to one long string stay under MAX_NODES and still expand to gigabytes.
MAX_TEXT = 4 * 1024 * 1024


# The gate before parsing (size, pieces, depth, conflict markers) lives in storage/limits.py,
# where the writers apply it too.
class Null:
    """A null as the file spelled it (`key:`, `~`, `Null`), so an edit elsewhere keeps it."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"Null({self.text!r})"


class _Constructor(RoundTripConstructor):
    def construct_yaml_null(self, node: Any) -> Any:
        return None if node.value == "null" else Null(node.value)


def tag_refusal(tag: str) -> str:
    """The message for a YAML tag copkit will not read (`!!binary`, `!!python/...`, `!x`)."""
    return f"YAML tag {tag} is not allowed; copkit files hold plain text, numbers, dates and lists"


def _refuse_tag(self: RoundTripConstructor, node: Any) -> Any:
    """`!!binary`, `!!set`, `!!omap`, `!!pairs`: standard tags outside YAML's core schema,
    which ruamel would build into bytes, sets and pairs that no copkit field holds."""
    tag = str(getattr(node.tag, "value", node.tag)).replace("tag:yaml.org,2002:", "!!", 1)
    raise ConstructorError(problem=f"refused: {tag_refusal(tag)}", problem_mark=node.start_mark)


_Constructor.add_constructor("tag:yaml.org,2002:null", _Constructor.construct_yaml_null)
for _tag in ("binary", "set", "omap", "pairs"):
    _Constructor.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse_tag)


class _DatesAsText(_Constructor):
    """Leaves dates as text, so an impossible date is reported by position, not lost."""


_DatesAsText.add_constructor("tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_str)


class _Composer(Composer):
    """ruamel's composer, with a budget on what aliases expand to, counted as they are met.

    An alias costs nothing to parse, but every reader of the data walks it in full: a few
    thousand aliases to one long string expand to gigabytes (issue 20, F22). Counting each
    alias's expanded values and characters here refuses such a file as soon as it passes
    the budget, before the rest of it is even parsed.
    """

    def compose_document(self) -> Any:
        self._expanded = [0, 0]  # values, characters
        self._sizes: dict[int, tuple[int, int]] = {}
        return super().compose_document()

    def compose_node(self, parent: Any, index: Any) -> Any:
        if not self.parser.check_event(AliasEvent):
            return super().compose_node(parent, index)
        mark = self.parser.peek_event().start_mark
        node = super().compose_node(parent, index)
        values, chars = _expanded_size(node, self._sizes)
        self._expanded[0] += values
        self._expanded[1] += chars
        if self._expanded[0] > MAX_NODES:
            raise ComposerError(None, None, f"refused: {_TOO_MANY}", mark)
        if self._expanded[1] > MAX_TEXT:
            raise ComposerError(
                None,
                None,
                f"refused: aliases expand to more than {MAX_TEXT:,} characters of text; "
                "write the values out instead of repeating an alias",
                mark,
            )
        return node


_TOO_MANY = f"more than {MAX_NODES} values (anchors and aliases expanding?)"


def _expanded_size(node: Any, sizes: dict[int, tuple[int, int]]) -> tuple[int, int]:
    """(values, characters) of a node with its aliases expanded; memoised, so a nested alias
    bomb is measured in time linear in its text, not in its expansion."""
    key = id(node)
    known = sizes.get(key)
    if known is not None:
        return known
    sizes[key] = (1, 0)  # a node that holds itself: counted once
    if isinstance(node, ScalarNode):
        size = (1, len(node.value))
    else:
        values, chars = 1, 0
        for item in node.value:
            for part in item if isinstance(item, tuple) else (item,):  # mapping: (key, value)
                v, c = _expanded_size(part, sizes)
                values, chars = values + v, chars + c
                if values > MAX_NODES or chars > MAX_TEXT:  # stop measuring a bomb
                    break
        size = (values, chars)
    sizes[key] = size
    return size


@cache
def _yaml(
    width: int = 4096, mapping: int = 2, sequence: int = 4, offset: int = 2, dates: bool = True
) -> YAML:
    y = YAML(typ="rt", pure=False)
    y.Constructor = _Constructor if dates else _DatesAsText
    y.Composer = _Composer
    y.width = width
    y.indent(mapping=mapping, sequence=sequence, offset=offset)
    y.preserve_quotes = True
    y.representer.add_representer(
        type(None), lambda r, _d: r.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    y.representer.add_representer(
        Null, lambda r, d: r.represent_scalar("tag:yaml.org,2002:null", d.text)
    )
    y.representer.add_representer(ScalarFloat, _represent_loaded_float)
    return y


def _represent_loaded_float(r: Any, data: ScalarFloat) -> Any:
    """A number read from a file, written back as it was, or exactly when ruamel cannot.

    ruamel re-formats a loaded float from its original width and may drop a digit on the way
    (5.960464477539063e-08 comes back ...62e-08): an edit elsewhere must not change it.
    """
    node = RoundTripRepresenter.represent_scalar_float(r, data)
    try:
        exact = float(node.value.replace("_", "")) == float(data)
    except ValueError:  # .inf, .nan
        exact = True
    return node if exact else r.represent_float(float(data))


@dataclass
class Parsed:
    """A YAML text loaded in round-trip mode, with the problems found while loading it."""

    data: Any = None
    problems: list[Problem] = field(default_factory=list)
    line_offset: int = 0  # lines before the YAML text in its file (front matter: 1)
    indent: tuple[int, int, int] = (2, 4, 2)


def parse(rel: str, text: str, *, line_offset: int = 0) -> Parsed:
    """Load YAML text safely in round-trip mode; syntax errors become problems."""
    result = Parsed(line_offset=line_offset)
    gate = yaml_gate(rel, text, line_offset=line_offset)  # the limits, as writers apply them
    if gate:
        result.problems = gate
        return result
    try:
        try:
            result.data = _yaml().load(text)
        except ValueError:  # an impossible date such as 2026-13-01: load it as text instead
            result.data = _yaml(dates=False).load(text)
    except MarkedYAMLError as e:
        line, col, what = explain_syntax(e, text)
        result.problems.append(Problem(rel, line + line_offset, col, "error", what))
    except ReaderError as e:  # a control character: ruamel gives only an offset and a code
        line, col = _line_col(text, e.position)
        code = e.character if isinstance(e.character, int) else ord(e.character[:1] or "\0")
        result.problems.append(
            Problem(
                rel,
                line + line_offset,
                col,
                "error",
                f"control character U+{code:04X} is not allowed in YAML; delete it",
            )
        )
    except RecursionError:
        result.problems.append(Problem(rel, 1 + line_offset, 1, "error", DEEP))
    except (YAMLError, ValueError) as e:
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        result.problems.append(Problem(rel, 0, 0, "error", f"invalid YAML: {first}"))
    else:
        result.indent = _guess_indent(text)
    return result


# ---- the parser's words, as what to fix ----------------------------------------------------

_KEY_NO_SPACE = re.compile(r"^(\s*(?:- )?)([A-Za-z_][\w.-]*):([^\s/:])")


def explain_syntax(e: MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """ruamel's syntax error as (1-based line, column, message saying what to fix).

    The common mistakes of a person editing YAML by hand (a tab, a missing space after a
    colon, a colon or a quote inside a value, a key out of line, an unclosed quote or
    bracket, a repeated key) are named as such; anything else keeps the parser's words.
    """
    mark = e.problem_mark or e.context_mark
    start = e.context_mark or mark
    if mark is None or start is None:  # no position to reason from: the parser's words
        return 0, 0, (e.problem or "invalid YAML").strip()
    lines = text.split("\n")

    def at(m: Any) -> tuple[int, int]:
        return (m.line + 1, m.column + 1) if m is not None else (0, 0)

    def text_of(line: int) -> str:  # 1-based
        return lines[line - 1] if 0 < line <= len(lines) else ""

    problem = (e.problem or "invalid YAML").strip()
    context = (e.context or "").strip()
    line, col = at(mark)
    key_here = text_of(line)[: max(col - 1, 0)].split(":", 1)[0].strip().lstrip("- ") or "key"

    def no_space(first: int, last: int) -> tuple[int, int, str] | None:
        """A `key:value` line between `first` and `last` (1-based, inclusive), nearest last."""
        for n in range(last, max(first, 1) - 1, -1):
            m = _KEY_NO_SPACE.match(text_of(n))
            if m:
                key = m.group(2)
                return (
                    n,
                    m.end(2) + 1,
                    f"missing space after the colon of {key!r}: write '{key}: ...' "
                    "(YAML needs a space between a key's colon and its value)",
                )
        return None

    if "\\t" in problem or "\t" in problem:
        return (
            line,
            col,
            (
                "a tab character: YAML indents and separates with spaces only; "
                "replace the tab with spaces"
            ),
        )
    if problem.startswith("found character") and "cannot start any token" in problem:
        ch = problem.split("'")[1] if "'" in problem else "?"
        return (
            line,
            col,
            (
                f"a value cannot start with {ch!r}: put the whole value in quotes "
                f'({key_here}: "{ch}...")'
            ),
        )
    if problem.startswith("found duplicate key"):
        dup = re.search(r'duplicate key "(.*?)"', problem)
        name = dup.group(1) if dup else "?"
        first = f" (first on line {start.line + 1})" if e.context_mark is not None else ""
        return line, col, f"the key {name!r} appears twice{first}; keep one of them"
    if "another document" in problem:
        return (
            line,
            col,
            (
                "a second YAML document: a copkit file holds one; remove the second '---' "
                "and what follows it, or merge the two"
            ),
        )
    if "quoted scalar" in context and ("end of stream" in problem or "document" in problem):
        quote = text_of(start.line + 1)[start.column : start.column + 1] or '"'
        sl, sc = at(start)
        return sl, sc, f"the quote {quote} opened here is never closed; add the closing {quote}"
    if "quoted scalar" in context and "escape character" in problem:
        return (
            line,
            col,
            (
                f"{problem.removeprefix('found ')} in a double-quoted value: write \\\\ for a "
                "backslash, or use single quotes"
            ),
        )
    if context.startswith("while parsing a flow"):
        opener, closer = ("[", "]") if "sequence" in context else ("{", "}")
        sl, sc = at(start)
        return (
            sl,
            sc,
            (
                f"the {opener!r} opened here is not closed: add {closer!r} at the end of the "
                f"{'list' if opener == '[' else 'mapping'}, or quote the value if the {opener!r} "
                "is text"
            ),
        )
    if problem.startswith("found undefined alias"):
        name = problem.split("'")[1] if "'" in problem else ""
        return (
            line,
            col,
            (
                f"'*{name}' reads as a YAML alias: put the whole value in quotes "
                f'({key_here}: "*{name}...")'
            ),
        )
    if problem == "could not find expected ':'":
        sl = start.line + 1
        found = no_space(sl, sl)
        if found:
            return found
        return (
            sl,
            start.column + 1,
            (
                "a line with no ':' after its key: write 'key: value', or indent it "
                "under the line above if it continues that value"
            ),
        )
    if problem == "mapping values are not allowed here":
        here = text_of(line)
        before = here[: col - 1]
        indent = len(here) - len(here.lstrip(" "))
        prev = next((n for n in range(line - 1, 0, -1) if text_of(n).strip()), 0)
        found = no_space(prev, prev) if prev else None
        if found:
            return found
        if ": " in before:
            key = before.split(":", 1)[0].strip().lstrip("- ")
            return (
                line,
                col,
                (
                    f"a ': ' inside the value of {key!r}: put the whole value in quotes "
                    f'({key}: "...")'
                ),
            )
        prev_text = text_of(prev)
        prev_indent = len(prev_text) - len(prev_text.lstrip(" "))
        if prev and indent > prev_indent:
            return (
                line,
                indent + 1,
                (
                    f"this line is indented more than line {prev}: line its key up with the "
                    "keys above it (YAML reads the indentation as structure)"
                ),
            )
        if prev and ":" not in prev_text:
            return (
                prev,
                prev_indent + 1,
                (
                    f"a line with no ':' after its key: write 'key: value', or join it with line "
                    f"{line} if it is the start of that value"
                ),
            )
        return line, col, ("a ': ' inside a value: put the whole value in quotes (key: \"...\")")
    if context.startswith("while parsing a block") and problem.startswith("expected <block end>"):
        found_what = problem.split("but found", 1)[-1].strip().strip("'")
        if found_what == "-":
            return (
                line,
                col,
                (
                    "a list item '-' where a key was expected: indent the list under the key it "
                    "belongs to, with no other key in between"
                ),
            )
        if found_what == "<scalar>":
            return (
                line,
                col,
                ("text after a value's closing quote: put the whole value inside the quotes"),
            )
        return (
            line,
            col,
            (
                "this line's indentation does not match the lines above: line its key up with "
                "the keys of the same mapping (in a list item, with the key after '- ')"
            ),
        )
    what = problem
    if what.startswith("but ") and context:
        what = f"{context}, {what}"
    return line, col, what


def _line_col(text: str, position: int) -> tuple[int, int]:
    """1-based line and column of a character offset in `text`."""
    position = max(0, min(position, len(text)))
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


def _guess_indent(text: str) -> tuple[int, int, int]:
    """Indentation of a file's block sequences and mappings, so edits keep its look."""
    mapping = 2
    m = re.search(r"^[^\s#-][^\n]*:\s*\n( +)[^\s-]", text, re.MULTILINE)
    if m:
        mapping = len(m.group(1))
    seq = re.search(r"^( *)[^\s#-][^\n]*:\s*\n( *)- ", text, re.MULTILINE)
    if seq:
        offset = len(seq.group(2)) - len(seq.group(1))
        return mapping, offset + 2, offset
    return mapping, mapping + 2, mapping


class TooLarge(Exception):
    """A document copkit refuses to read: too many values, too deep, or an unsafe tag."""

    def __init__(self, message: str, at: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.at = at  # key path of the offending node, for its position


# Tags that only restate what plain YAML means; any other tag (!!python/..., !custom) is refused.
_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{t}"
    # `value`: ruamel resolves a lone `=` (`goal: =`) to it; it is the text "="
    for t in ("str", "int", "float", "bool", "null", "seq", "map", "value")
}


def _tag_of(n: Any) -> str | None:
    tag = getattr(n, "tag", None)
    value = getattr(tag, "value", tag) if tag is not None else None
    if not isinstance(value, str) or value in _PLAIN_TAGS:
        return None
    return value.replace("tag:yaml.org,2002:", "!!", 1)


def to_plain(node: Any) -> Any:
    """ruamel's round-trip nodes as plain Python values.

    Refuses alias bombs (the composer has already refused aliases whose text expands past
    MAX_TEXT), deep nesting, tags such as `!!python/object` (tagged values are never constructed as
    objects, and copkit will not guess what a custom tag meant) and text holding half of a
    character (a lone surrogate, which no file or terminal can carry).
    """
    budget = [MAX_NODES]

    def text(s: str, at: tuple[str | int, ...]) -> str:
        if _SURROGATE.search(s):
            raise TooLarge(_surrogate_refusal(s), at)
        return str(s)

    def walk(n: Any, depth: int, at: tuple[str | int, ...] = ()) -> Any:
        budget[0] -= 1
        if budget[0] < 0:
            raise TooLarge(_TOO_MANY)
        if depth > MAX_DEPTH:
            raise TooLarge(f"nested deeper than {MAX_DEPTH} levels")
        if (tag := _tag_of(n)) is not None:
            raise TooLarge(tag_refusal(tag), at)
        if isinstance(n, dict):
            return {
                k if isinstance(k, (int, bool)) else text(str(k), (*at, k)): walk(
                    v, depth + 1, (*at, k)
                )
                for k, v in n.items()
            }
        if isinstance(n, list):
            return [walk(v, depth + 1, (*at, i)) for i, v in enumerate(n)]
        if isinstance(n, bool) or n is None:
            return n
        if isinstance(n, Null):
            return None
        if isinstance(n, int):
            return int(n)
        if isinstance(n, float):
            return float(n)
        if isinstance(n, datetime):
            return datetime(n.year, n.month, n.day, n.hour, n.minute, n.second, tzinfo=n.tzinfo)
        if isinstance(n, date):
            return date(n.year, n.month, n.day)
        if isinstance(n, str):
            return text(n, at)
        return text(str(n), at)  # tagged scalars and the like: never constructed as objects

    return walk(node, 0)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _surrogate_refusal(s: str) -> str:
    m = _SURROGATE.search(s)
    code = ord(m.group()) if m else 0xD800
    return (
        f"the text holds \\u{code:04x}, half of a character (a lone surrogate, often from a "
        "byte that was not UTF-8); retype the character"
    )


def locate(data: Any, at: tuple[str | int, ...], *, key: bool = False) -> tuple[int, int]:
    """0-based (line, col) of the node at key path `at`: its value, or its key when `key`."""
    node = data
    pos = (
        getattr(getattr(node, "lc", None), "line", 0) or 0,
        getattr(getattr(node, "lc", None), "col", 0) or 0,
    )
    for i, step in enumerate(at):
        last = i == len(at) - 1
        try:
            if isinstance(node, CommentedMap) and step in node:
                pos = node.lc.key(step) if (key and last) else node.lc.value(step)
                node = node[step]
            elif isinstance(node, CommentedSeq) and isinstance(step, int) and 0 <= step < len(node):
                pos = node.lc.item(step)
                node = node[step]
            else:
                break
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    return pos


def iter_paths(node: Any, prefix: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from iter_paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from iter_paths(v, (*prefix, i))


# ---- writing -------------------------------------------------------------------------------

# Characters a `|` block or a plain scalar cannot carry as they are (control characters, and
# line breaks other than \n, which a reader would turn into \n or a space): such text is
# written double-quoted with escapes, so it reads back unchanged.
_NEEDS_ESCAPES = re.compile(
    "[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_FLOW_ITEM_MAX = 100  # a list item mapping of scalars shorter than this is written on one line


def _is_scalar(v: Any) -> bool:
    return v is None or isinstance(v, (str, int, float, bool, date))


def _short(v: Any) -> bool:
    """True for values that read back the same inside `[...]` or `{...}`.

    ruamel writes some plain strings there that it then reads differently (`[?0]` is a
    mapping, `[a, b]` two items): text other than words stays in block style.
    """
    if isinstance(v, float):
        return v == v and v not in (float("inf"), float("-inf"))
    return not isinstance(v, str) or (
        len(v) <= 60 and FLOW_SAFE.fullmatch(v) is not None and " #" not in v
    )


def to_node(value: Any, *, in_list: bool = False) -> Any:
    """Plain values as ruamel nodes in copkit's house style.

    Lists of short scalars and list items that are small mappings of scalars go on one line
    (`tags: [a, b]`, `- {member: x, hours_per_week: 3}`); multi-line text becomes a `|` block.
    """
    if isinstance(value, dict):
        m = CommentedMap()
        for k, v in value.items():
            m[k] = to_node(v)
        if (
            in_list
            and value
            and all(_is_scalar(v) and _short(v) for v in value.values())
            and len(repr(value)) <= _FLOW_ITEM_MAX
        ):
            m.fa.set_flow_style()
        return m
    if isinstance(value, (list, tuple)):
        s = CommentedSeq()
        for v in value:
            s.append(to_node(v, in_list=True))
        if all(_is_scalar(v) and _short(v) for v in value) and len(repr(value)) <= 120:
            s.fa.set_flow_style()
        return s
    if isinstance(value, str) and _NEEDS_ESCAPES.search(value):
        return DoubleQuotedScalarString(value)
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    if isinstance(value, str) and value[:1] in ("?", ":"):
        # ruamel writes `?x` and `: x` unquoted inside [..] and {..}, where they read back
        # as mapping keys
        return SingleQuotedScalarString(value)
    return value


def dump(data: Any, indent: tuple[int, int, int] = (2, 4, 2)) -> str:
    """Deterministic YAML text of `data` (plain values or ruamel nodes), `\\n` line ends."""
    buf = io.StringIO()
    if not isinstance(data, (CommentedMap, CommentedSeq)):
        data = to_node(data)
    _yaml(4096, *indent).dump(data, buf)
    return buf.getvalue()


def merge_into(
    doc: CommentedMap,
    new: dict[str, Any],
    order: list[str] | None = None,
    keep: dict[str, Any] | None = None,
) -> None:
    """Change `doc` in place to hold `new`, touching only what differs.

    Comments, key order and quoting of unchanged parts survive. A missing key is inserted
    after its predecessor in `order`; a list that grew by appending keeps its old items.
    `keep`, when given, is `new` without the values that equal the model's defaults (same
    shape, see `workspace.non_defaults`): a key the file leaves out is then added only when
    its value is not the default, so an edit does not fill a hand-written file with defaults.
    """
    order = order or list(new)
    for k, v in new.items():
        sub = keep.get(k) if keep is not None else None
        if k in doc:
            old = doc[k]
            if _same(old, v):
                continue
            if isinstance(old, CommentedMap) and isinstance(v, dict):
                merge_into(old, v, keep=sub if isinstance(sub, dict) else None)
                continue
            if isinstance(old, CommentedSeq) and isinstance(v, list) and len(old):
                _merge_list(old, v, sub if isinstance(sub, list) else None)
                continue
            doc[k] = to_node(v)
        else:
            if v is None or v == [] or v == {}:
                continue
            if keep is not None and k not in keep:
                continue
            pos = len(doc)
            if k in order:
                before = order[: order.index(k)]
                present = [i for i, key in enumerate(doc) if key in before]
                pos = (present[-1] + 1) if present else 0
            doc.insert(pos, k, to_node(v))


def _merge_list(old: CommentedSeq, new: list[Any], keep: list[Any] | None = None) -> None:
    if len(new) < len(old):
        # items taken out (a member leaves a team): delete them, so that each comment stays
        # with the item it was written beside
        gone, j = [], 0
        for i in range(len(old)):
            if j < len(new) and _same(old[i], new[j]):
                j += 1
            else:
                gone.append(i)
        if j == len(new):
            for i in reversed(gone):
                del old[i]  # CommentedSeq shifts the comments of the items after it
            return
    common = 0
    while common < min(len(old), len(new)) and _same(old[common], new[common]):
        common += 1
    for i in range(common, min(len(old), len(new))):
        if isinstance(old[i], CommentedMap) and isinstance(new[i], dict):
            sub = keep[i] if keep is not None and i < len(keep) else None
            merge_into(old[i], new[i], keep=sub if isinstance(sub, dict) else None)
        else:
            old[i] = to_node(new[i], in_list=True)
    while len(old) > len(new):
        del old[len(old) - 1]  # not .pop(): it would leave the last item's comment behind
    for v in new[len(old) :]:
        old.append(to_node(v, in_list=True))


def _same(old: Any, new: Any) -> bool:
    try:
        return bool(to_plain(old) == new)
    except TooLarge:
        return False
