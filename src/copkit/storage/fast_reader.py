"""The fast reader: journal front matter and member files through a compiled YAML 1.2 parser.

Reading 150,000 journal files through ruamel's pure-Python round-trip loader costs minutes.
yaml-rs (a Rust YAML 1.2 parser, core schema) reads a front matter in microseconds, in any
form a person or a tool writes it: keys in any order, optional keys left out, quoted
strings, flow or block lists, comments. Its output is validated by msgspec exactly as the
full loader validates ruamel's (`msgspec.convert` into the same model).

The contract, pinned by property tests against the full loader (tests/test_fast_reader.py):
each function returns None unless it is sure, and when it returns a value, the full loader
reads the same text as the same value with no problem at all. So a caller may use the fast
result as is and must fall back to the full loader on None, which then says what is wrong
and where (path:line:col). The fast reader steps aside for:

* anything that does not validate (the full loader words the problem and finds its place);
* what ruamel may read otherwise: YAML 1.1 words (`yes`, `off`, `y`), numbers with leading
  zeros or underscores, timestamps outside date fields, text that starts like a number;
* tags, anchors, aliases, directives, complex keys, tabs, control and odd line-break
  characters, git conflict markers anywhere in the file, a byte-order mark;
* front matter over FRONT_MAX characters (yaml-rs recurses without a limit on deep nesting).

A challenge file is read a top-level key at a time (`challenge`): the pairs of thousands of
members by yaml-rs, the calendar's prose (which the guard above is not sure of) by ruamel, then
validated as one with the challenge's rules.

Without yaml-rs installed (a platform without its wheel) every read goes to the full loader.
"""

from __future__ import annotations

import functools
import os
import re
import stat
import typing
from datetime import date
from typing import Any, TypeVar

import msgspec

from copkit.model import Challenge, JournalEntry, Member, Plan
from copkit.model.dates import dates_out_of_range
from copkit.storage import frontmatter

try:
    import yaml_rs
except ImportError:  # pragma: no cover - a platform without the wheel: the full loader only
    yaml_rs = None  # type: ignore[assignment]  # checked before every use

T = TypeVar("T")
FRONT_MAX = 4096  # characters of YAML handed to yaml-rs; bigger files go to ruamel
_READ = os.O_RDONLY | getattr(os, "O_BINARY", 0)

# Text on which yaml-rs and ruamel may part: a tab (ruamel refuses some), characters ruamel
# refuses or reads as line breaks, indicators of tags, anchors, aliases, directives and
# complex keys, numbers with leading zeros or underscores (YAML 1.1 octal in ruamel), merge
# keys, and escaped surrogates. Written as two searches that the regular-expression engine
# runs fast: one set of characters, and alternatives that each begin with one literal
# character (the engine then skips to those characters), the context before it checked by a
# lookbehind. Together they find exactly what one search of the plain alternatives would
# (tests/test_fast_reader.py keeps that form as the reference), at a sixth of its cost: it
# tried six alternatives at every character, 2 s of a 150,000-file first report.
_ODD_TEXT = re.compile(
    r"[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]"
)
_RISKY_SYNTAX = re.compile(
    "|".join(
        [
            # an indicator at the start of a line or after a space, bracket, brace or comma
            *(rf"{re.escape(c)}(?<![^\s\[\]{{}},]{re.escape(c)})" for c in "!&*?%@`"),
            # 0 then a digit, _, o, b or x, at the start of a number (maybe signed) after the
            # start of a line, a space, [, {, comma or colon
            r"0[0-9_oObBxX](?:(?<![^\s\[{,:]..)|(?<=[-+]..)(?<![^\s\[{,:]...))",
            r"_(?<=[0-9]_)",  # a digit then an underscore
            r"<<",  # a merge key
            r"\\[uU]0*[dD][89a-fA-F]",  # an escaped surrogate: yaml-rs pairs them, ruamel does not
        ]
    ),
    re.MULTILINE,
)


def risky(yaml: str) -> bool:
    """True when yaml-rs and ruamel may read `yaml` differently (see above)."""
    return _ODD_TEXT.search(yaml) is not None or _RISKY_SYNTAX.search(yaml) is not None


# A text value that ruamel might read as something else: a number, a date, a YAML 1.1 word.
_NOT_SURELY_TEXT = re.compile(r"[-+.~0-9]|(?i:y|n|yes|no|on|off|true|false|null)\Z")
# Characters in a text value that the two parsers may carry differently.
_ODD_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")  # ASCII digits only


def enabled() -> bool:
    """False when COPKIT_NO_CACHE asks for the full loader on every file (--no-cache)."""
    return yaml_rs is not None and not os.environ.get("COPKIT_NO_CACHE")


def _date_fields(model: type[Any]) -> frozenset[str]:
    return frozenset(
        f.encode_name
        for f in msgspec.structs.fields(model)
        if date in (f.type, *typing.get_args(f.type))
    )


_DATES = {model: _date_fields(model) for model in (JournalEntry, Plan, Member)}


@functools.lru_cache(maxsize=4096)  # statuses, tags and dates repeat across thousands of files
def _surely_text(value: str) -> bool:
    return not (_NOT_SURELY_TEXT.match(value) or _ODD_CHARS.search(value))


@functools.lru_cache(maxsize=4096)
def _iso_date(value: str) -> bool:
    return _ISO_DATE.match(value) is not None


def _plain(data: Any, model: type[Any]) -> bool:
    """True when every value of a parsed mapping reads the same in ruamel."""
    if type(data) is not dict:
        return False
    dates = _DATES[model]
    for key, value in data.items():
        kind = type(value)
        if kind is str:
            if key in dates:
                if not _iso_date(value):
                    return False
            elif not _surely_text(value):
                return False
        elif kind is list:
            for item in value:
                kind = type(item)
                if kind is str:
                    if not _surely_text(item):
                        return False
                elif kind is dict or kind is list:
                    return False
        elif kind is dict:
            return False
        if type(key) is not str:
            return False
    return True


def parse(yaml: str, model: type[T]) -> T | None:
    """`yaml` (a whole file or a front matter) as `model`, or None: ask the full loader."""
    if len(yaml) > FRONT_MAX or yaml_rs is None or risky(yaml):
        return None
    try:
        data = yaml_rs.loads(yaml, parse_datetime=False)
    except Exception:  # yaml-rs raises its own errors and ValueError: all mean "not sure"
        return None
    if data is None:
        data = {}
    if not _plain(data, model):
        return None
    try:
        value = msgspec.convert(data, model)
    except msgspec.ValidationError:
        return None
    return None if dates_out_of_range(value) else value


def _conflicted(text: str) -> bool:
    """Maybe a git merge conflict, which the full loader reports even in the body."""
    return "<<<<<<<" in text and ">>>>>>>" in text


def _markdown(text: str, model: type[T]) -> tuple[T, int] | None:
    if ("<<<<<<<" in text and ">>>>>>>" in text) or text.startswith("\ufeff"):  # _conflicted
        return None
    found = frontmatter.closed(text)
    if found is None:
        return None
    value = parse(found[0], model)
    return None if value is None else (value, found[1])


def entry(text: str) -> tuple[JournalEntry, int] | None:
    """A day-NN.md in any form the fast reader is sure of: (the entry, offset of its body)."""
    return _markdown(text, JournalEntry)


def plan(text: str) -> tuple[Plan, int] | None:
    """A plan.md in any form the fast reader is sure of: (the plan, offset of its body)."""
    return _markdown(text, Plan)


def member(text: str) -> Member | None:
    """A members/<member>.yaml the fast reader is sure of, or None."""
    if _conflicted(text) or text.startswith("\ufeff"):
        return None
    return parse(text, Member)


def read_member(path: str) -> Member | None:
    """A member file read without ruamel; None for anything the fast reader is not sure of.

    Links, special files, big files and every other form are left to the full loader.
    """
    text = _plain_file_text(path)
    return None if text is None else member(text)


def _plain_file_text(path: str) -> str | None:
    """The UTF-8 text of a regular file within the size limit, or None (a link, a special or
    big file, bytes that are not UTF-8, a file that changed while read, --no-cache): the full
    loader then reads it and says what is wrong."""
    if not enabled():
        return None
    from copkit.storage.documents import MAX_FILE_BYTES

    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_FILE_BYTES:
            return None
        raw = read_bytes(path, st.st_size)
        return None if raw is None else raw.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


# ---- challenge files, a top-level key at a time --------------------------------------------

# A line of a challenge file at the left margin: a top-level key (plain, then `:` and a space
# or the end of the line), a list item, a comment or a blank line; anything else (a document
# marker, a directive, a quoted or complex key) sends the whole file to the full loader.
_TOP_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?:[ ]|\r?\Z)")
_FLUSH_ITEM = re.compile(r"-(?: |\r?\Z)")  # a list item at the margin, under the key above
_ANCHOR_OR_ALIAS = re.compile(r"[&*](?<![^\s\[\]{},][&*])")


def challenge(text: str) -> Challenge | None:
    """A challenge file as the full loader reads it, or None: ask the full loader.

    The pairs of 5,000 members take ruamel most of a second, and the calendar's prose (with
    its backticks) is never sure for yaml-rs. So the file is read a top-level key at a time:
    each section that the fast reader is sure of (the pairs, as copkit writes them) by
    yaml-rs, any other by ruamel on its own lines; then validated as one, with the
    challenge's rules. A section can only be read alone when every line at the left margin
    starts a top-level key, a list item (of the key above), a comment or a blank line: a
    quoted or bracketed value carried across such a line leaves its section unclosed, which
    then fails to parse (and the whole file goes to the full loader, which says where).
    """
    from copkit.model.rules import challenge_rules
    from copkit.storage.limits import yaml_gate

    if (
        yaml_rs is None
        or _ODD_TEXT.search(text)  # a tab, a byte-order mark, a line break other than \n, \r\n
        or text.count("\r") != text.count("\r\n")
        or _conflicted(text)
        or yaml_gate("", text)
    ):
        return None
    sections: dict[str, str] = {}
    key, start, at = None, 0, 0
    for line in text.split("\n"):
        if line and line[0] not in " #\r" and not _FLUSH_ITEM.match(line):
            found = _TOP_KEY.match(line)
            if found is None or found[1] in sections:
                return None  # not a plain top-level key, or a key given twice
            if key is not None:
                sections[key] = text[start:at]
            elif text[:at].strip(" \t\r\n") and not _comments_only(text[:at]):
                return None
            key, start = found[1], at
        at += len(line) + 1
    if key is None:
        return None
    sections[key] = text[start:]
    data: dict[str, Any] = {}
    for key, yaml in sections.items():
        section = _section(yaml, key)
        if section is None:
            return None
        data[key] = section[0]
    try:
        value = msgspec.convert(data, Challenge)
    except msgspec.ValidationError:
        return None
    if dates_out_of_range(value) or challenge_rules(value):
        return None
    return value


def _comments_only(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def _section(yaml: str, key: str) -> tuple[Any] | None:
    """(the value) of one top-level section, read by yaml-rs when sure, else by ruamel; None
    when it does not read as one key."""
    if not risky(yaml):
        try:
            data = yaml_rs.loads(yaml, parse_datetime=False)
        except Exception:  # yaml-rs's errors and ValueError: not sure
            data = None
        field = _CHALLENGE_FIELDS.get(key)
        if type(data) is dict and list(data) == [key] and field and _sure(data[key], field):
            return (data[key],)
    if _ANCHOR_OR_ALIAS.search(yaml):
        return None  # aliases expand against limits counted on the whole file: ruamel's
    from copkit.storage import yamlio

    parsed = yamlio.parse("", yaml)
    if parsed.problems or not isinstance(parsed.data, dict) or list(parsed.data) != [key]:
        return None
    try:
        return (yamlio.to_plain(parsed.data)[key],)
    except yamlio.TooLarge:
        return None


def _sure(data: Any, tp: Any) -> bool:
    """True when yaml-rs's `data`, for a field of type `tp`, reads the same in ruamel: text
    that is surely text, ISO dates where a date belongs, whole numbers, booleans and nulls, in
    lists and in mappings of the model's own keys. A float is never sure (`1e3`)."""
    kind = type(data)
    if kind is str:
        return _iso_date(data) if date in _shape(tp)[0] else _surely_text(data)
    if kind is dict:
        fields = _shape(tp)[1]
        return fields is not None and all(
            type(k) is str and k in fields and _sure(v, fields[k]) for k, v in data.items()
        )
    if kind is list:
        item = _shape(tp)[2]
        return item is not None and all(_sure(v, item) for v in data)
    return data is None or kind is int or kind is bool


@functools.cache
def _shape(tp: Any) -> tuple[frozenset[Any], dict[str, Any] | None, Any]:
    """(the plain types `tp` allows, the fields of the Struct it allows, the type of its
    list items), Annotated and unions of None unwrapped."""
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    options = [a for a in typing.get_args(tp) if a is not type(None)] if _is_union(tp) else [tp]
    plain: set[Any] = set()
    fields, item = None, None
    for option in options:
        while typing.get_origin(option) is typing.Annotated:
            option = typing.get_args(option)[0]
        if isinstance(option, type) and issubclass(option, msgspec.Struct):
            fields = {f.encode_name: f.type for f in msgspec.structs.fields(option)}
        elif typing.get_origin(option) is list:
            item = typing.get_args(option)[0]
        else:
            plain.add(option)
    return frozenset(plain), fields, item


def _is_union(tp: Any) -> bool:
    import types

    return typing.get_origin(tp) in (typing.Union, types.UnionType)


_CHALLENGE_FIELDS = _shape(Challenge)[1] or {}


def read_challenge(path: str) -> Challenge | None:
    """A challenge file read through `challenge`; None for anything it is not sure of (links,
    special files, big files, any other form): the full loader then reads it."""
    text = _plain_file_text(path)
    return None if text is None else challenge(text)


def read_bytes(path: str, size: int) -> bytes | None:
    """A regular file's bytes when it still has the `size` its stat gave, else None.

    os.read sized by the stat costs half of open().read(), and far less than reading with a
    megabyte-sized bound, which allocates that much for every small file.
    """
    fd = os.open(path, _READ)
    try:
        raw = os.read(fd, size + 1)
    finally:
        os.close(fd)
    return raw if len(raw) == size else None
