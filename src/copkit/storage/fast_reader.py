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

from copkit.model import JournalEntry, Member, Plan
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
    if not isinstance(data, dict):
        return False
    dates = _DATES[model]
    for key, value in data.items():
        if not isinstance(key, str):
            return False
        if isinstance(value, str):
            if key in dates:
                if not _iso_date(value):
                    return False
            elif not _surely_text(value):
                return False
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, str):
                    if not _surely_text(item):
                        return False
                elif isinstance(item, (dict, list)):
                    return False
        elif isinstance(value, dict):
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
    if _conflicted(text) or text.startswith("\ufeff"):
        return None
    parts = frontmatter.split(text)
    if parts.front is None or not parts.closed:
        return None
    value = parse(parts.front, model)
    if value is None:
        return None
    return value, len(text) - len(parts.body)


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
    if not enabled():
        return None
    from copkit.storage.documents import MAX_FILE_BYTES

    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_FILE_BYTES:
            return None
        raw = read_bytes(path, st.st_size)
        return None if raw is None else member(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError):
        return None


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
