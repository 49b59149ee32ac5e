"""Consoles for data (stdout) and diagnostics (stderr); plain output when piped or NO_COLOR."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console
from rich.segment import Segment
from rich.table import Table

from copkit.plural import plural
from copkit.render.text import visible

_TRAILING = re.compile(r"[ \t]+(?=\n|\Z)")

if TYPE_CHECKING:
    from copkit.errors import Problem


class SafeConsole(Console):
    """A Console for user text: markup is read only where copkit asks for it (markup=True,
    with the user's words escaped), and every character of text that reaches the terminal
    passes `visible`, so escape sequences in a name or a body are shown, never obeyed. Rich's
    own control codes (colours, cursor moves) are segments of their own and stay intact."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)
        super().__init__(**kwargs)

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        text = super()._render_buffer(
            seg if seg.control else Segment(visible(seg.text), seg.style, seg.control)
            for seg in buffer
        )
        if self.color_system is None and not self.is_terminal:
            # piped or redirected: Rich pads table rows and titles to the full width with
            # spaces; a file or the next program gets each line as long as its words
            text = _TRAILING.sub("", text)
        return text


@cache
def out() -> Console:
    return SafeConsole(highlight=False, soft_wrap=False)


@cache
def err() -> Console:
    return SafeConsole(stderr=True, highlight=False, soft_wrap=True)


def fancy() -> bool:
    """True when stdout is a terminal that takes colour and box art."""
    c = out()
    return c.is_terminal and not os.environ.get("NO_COLOR")


def table(*columns: str, title: str | None = None, **kwargs: Any) -> Table:
    """A table in house style: rounded boxes in a terminal, plain columns when piped."""
    t = Table(
        title=title,
        box=box.ROUNDED if fancy() else box.SIMPLE,
        header_style="bold" if fancy() else "",
        title_justify="left",
        title_style="bold" if fancy() else "",
        **kwargs,
    )
    for c in columns:
        t.add_column(c)
    return t


def print_json(data: Any) -> None:
    """One JSON document on stdout, nothing else."""
    from copkit.render.jsonout import json_text

    print_json_text(json_text(data))


def print_json_text(text: str) -> None:
    """A JSON document already written as text (`jsonout.json_text`, or one kept in the
    cache) on stdout, as print_json writes it."""
    sys.stdout.write(text)
    sys.stdout.flush()


def error(message: str, hint: str | None = None) -> None:
    e = err()
    e.print(f"[bold red]error:[/] {_escape(message)}", markup=True)
    if hint:
        e.print(f"[dim]hint:[/] {_escape(hint)}", markup=True)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def note_skipped(paths: Iterable[str]) -> None:
    """One line on stderr naming the files left out because they cannot be read."""
    names = sorted(set(paths))
    if not names:
        return
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    err().print(
        f"warning: left out {plural(len(names), 'file')} that cannot be read: {shown}; "
        "run `copkit check` to see why",
        markup=False,
    )


def error_paths(problems: Iterable[Problem]) -> list[str]:
    """The files with at least one error among `problems`."""
    return sorted({p.path for p in problems if p.severity == "error"})
