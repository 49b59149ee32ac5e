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
        where = self.path
        if self.line:
            where += f":{self.line}:{self.col or 1}"
        return f"{where}: {self.severity}: {self.message}"

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
        return cls("\n".join(str(p) for p in problems), hint=hint)

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n{self.hint}"
