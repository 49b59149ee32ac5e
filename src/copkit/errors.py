"""Errors as data: a Problem found in a file, and CopkitError for work that cannot go on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, at a 1-based line and column (0 when unknown)."""

    path: str
    line: int = 0
    col: int = 0
    severity: Severity = "error"
    message: str = field(default="", compare=True)

    def __str__(self) -> str:
        return f"{self.where}: {self.severity}: {self.message}"

    @property
    def where(self) -> str:
        """`path:line:col`, or the path alone when the place in the file is unknown."""
        return f"{self.path}:{self.line}:{self.col or 1}" if self.line else self.path

    def plain(self) -> str:
        """The problem inside an error message, which says `error:` once already: the
        severity is named only for a warning."""
        tag = "warning: " if self.severity == "warning" else ""
        return f"{self.where}: {tag}{self.message}"

    def as_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "message": self.message,
        }


class CopkitError(Exception):
    """A user error: the message says what is wrong, where, and how to fix it. Exit 1."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    @classmethod
    def from_problems(cls, problems: list[Problem], *, hint: str | None = None) -> CopkitError:
        """One message for the problems of a file: `path:line:col: what` when there is one,
        else a head line counting them and one indented line each."""
        if len(problems) == 1:
            return cls(problems[0].plain(), hint=hint)
        paths = sorted({p.path for p in problems})
        errors = sum(p.severity == "error" for p in problems)
        from copkit.plural import plural

        count = plural(errors, "error")
        if errors != len(problems):
            count += f" and {plural(len(problems) - errors, 'warning')}"
        head = f"{paths[0]} has {count}" if len(paths) == 1 else f"{count} in {len(paths)} files"
        return cls(f"{head}:\n" + "\n".join(f"  {p.plain()}" for p in problems), hint=hint)

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n{self.hint}"
