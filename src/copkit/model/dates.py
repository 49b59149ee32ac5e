"""The dates copkit handles: one range for every date in every file and on the command line.

Python's dates run from year 1 to 9999, and copkit counts days from them: a challenge's last
day, the next report of a charter, a week before a meetup. A date near either end made those
sums overflow (issue 20, F01: `challenge new --start 9999-12-20` wrote the file and then every
command that read it exited 3). Real communities keep records from this century and plan a
few years ahead; the range below leaves centuries of room on both sides of every sum copkit
makes.
"""

from __future__ import annotations

import typing
from datetime import date
from functools import cache

import msgspec

from copkit.model.challenge import Challenge

DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2999, 12, 31)


RANGE = f"the dates copkit handles ({DATE_MIN.isoformat()} to {DATE_MAX.isoformat()})"


def out_of_range(value: date) -> str | None:
    """Why `value` is not a date copkit handles, or None when it is."""
    if DATE_MIN <= value <= DATE_MAX:
        return None
    return f"{value.isoformat()} is outside {RANGE}; check the year"


KeyPath = tuple[str | int, ...]


def dates_out_of_range(value: object) -> list[tuple[KeyPath, str]]:
    """Every date of a model, at any depth, outside the range, as (key path, message); for a
    challenge, its last day too (it follows from start, length and schedule, and every
    command counts to it)."""
    flat = _flat_dates(type(value)) if isinstance(value, msgspec.Struct) else None
    if flat is not None:  # a model whose dates are its own fields: the common case
        for attr in flat:
            v = getattr(value, attr)
            if v is not None and not DATE_MIN <= v <= DATE_MAX:
                break
        else:
            return []
    found: list[tuple[KeyPath, str]] = []
    _walk(value, (), found)
    if not found and isinstance(value, Challenge):
        try:
            end = value.end
        except OverflowError:
            end = date.max
        if out_of_range(end) is not None:
            found.append(
                (
                    ("start",),
                    f"start: the last day would fall on {end.isoformat()}, outside {RANGE}; "
                    "choose an earlier start",
                )
            )
    return found


def _walk(value: object, at: KeyPath, found: list[tuple[KeyPath, str]]) -> None:
    if isinstance(value, date):
        why = out_of_range(value)
        if why is not None:
            found.append((at, f"{_dotted(at)}: {why}" if at else why))
    elif isinstance(value, msgspec.Struct):
        for attr, key in _dated_fields(type(value)):
            _walk(getattr(value, attr), (*at, key), found)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _walk(item, (*at, i), found)


@cache
def _dated_fields(model: type[msgspec.Struct]) -> tuple[tuple[str, str], ...]:
    """(attribute, key in the file) of the fields of `model` that may hold a date."""
    return tuple(
        (f.name, f.encode_name) for f in msgspec.structs.fields(model) if _may_hold_dates(f.type)
    )


@cache
def _flat_dates(model: type[msgspec.Struct]) -> tuple[str, ...] | None:
    """The attributes of a struct whose every date is a field of its own (`date` or
    `date | None`), None for any other model (dates in lists or nested structs)."""
    if model is Challenge:  # and its last day
        return None
    fields = _dated_fields(model)
    types = {f.name: f.type for f in msgspec.structs.fields(model)}
    if all(set(typing.get_args(types[a]) or (types[a],)) <= {date, type(None)} for a, _ in fields):
        return tuple(attr for attr, _ in fields)
    return None


def _may_hold_dates(tp: object) -> bool:
    if tp is date:
        return True
    if isinstance(tp, type) and issubclass(tp, msgspec.Struct):
        return bool(_dated_fields(tp))
    return any(_may_hold_dates(arg) for arg in typing.get_args(tp))


def _dotted(at: KeyPath) -> str:
    out = ""
    for step in at:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out
