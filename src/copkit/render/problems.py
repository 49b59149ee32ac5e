"""The problem printer of `copkit check`: one line per problem, editors jump straight there."""

from __future__ import annotations

from copkit.errors import Problem
from copkit.plural import plural
from copkit.render import console
from copkit.render.text import visible


def print_problems(problems: list[Problem]) -> None:
    c = console.out()
    colour = console.fancy()
    for p in problems:
        line = str(p)
        if "\n" in line or "\r" in line:  # a file name with a line break stays one line
            line = visible(line, lines=False)
        if colour:
            style = "red" if p.severity == "error" else "yellow"
            head, _, rest = line.partition(f": {p.severity}: ")
            c.print(
                f"[bold]{_e(head)}[/]: [{style}]{p.severity}[/]: {_e(rest)}",
                soft_wrap=True,
                markup=True,
            )
        else:
            c.print(line, markup=False, highlight=False, soft_wrap=True)


def summary(problems: list[Problem], files: int, noun: str = "file") -> str:
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    checked = f"{plural(files, noun)} checked"
    if not problems:
        return f"{checked}: no problems."
    return f"{checked}: {plural(errors, 'error')}, {plural(warnings, 'warning')}."


def _e(text: str) -> str:
    from rich.markup import escape

    return escape(text)
