"""Usage errors (a bad option value, a missing argument, an unknown option) in copkit's own
style: `error: what` and `hint: how`, on stderr, exit 2 (SPEC section 5)."""

from __future__ import annotations

import re
from enum import Enum
from typing import IO, Any

from typer._click import exceptions as click_errors

_NOT_ONE_OF = re.compile(r"^'(?P<given>.*?)' is not one of (?P<choices>.*)$", re.S)
_BRACED = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")  # Typer shows a required argument as {NAME}
# Typer's wording for a value that is not of the option's type, and copkit's
_TYPE_WORDS = {
    "Input should be a valid integer": "expected a whole number",
    "Input should be a valid number": "expected a number",
    "Input should be a valid boolean": "expected yes or no",
}


class CopkitUsageError(click_errors.UsageError):
    """A usage error that Click reports through `show`, which here prints copkit's style."""

    def __init__(self, original: click_errors.UsageError) -> None:
        super().__init__(original.message, original.ctx)
        self.text, self.hint = describe(original)

    def format_message(self) -> str:
        return self.text

    def show(self, file: IO[Any] | None = None) -> None:
        from copkit.render.console import error

        error(self.text, self.hint)


def wrap(e: click_errors.UsageError) -> click_errors.UsageError:
    """The usage error to raise instead of `e`: copkit's style; help asked by giving no
    arguments (and an error already wrapped) stay as they are."""
    if isinstance(e, (CopkitUsageError, click_errors.NoArgsIsHelpError)):
        return e
    return CopkitUsageError(e)


def _hint_names(e: click_errors.BadParameter) -> str:
    hint: Any = e.param_hint
    if hint is None and e.param is not None:
        hint = e.param.get_error_hint()
    if hint is None:
        return ""
    first = hint if isinstance(hint, str) else next(iter(hint), "")
    return str(first).split(" / ")[0].strip("'\"")  # `--format`, not `'--format' / '-f'`


def _choices(e: click_errors.BadParameter) -> list[str]:
    descriptor = getattr(e.param, "type_descriptor", None)
    kind = getattr(descriptor, "annotation", None)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return [str(m.value) for m in kind]
    return []


def describe(e: click_errors.UsageError) -> tuple[str, str | None]:
    """What went wrong in one line, and a hint: the command's usage and where its help is."""
    ctx = e.ctx
    path = ctx.command_path if ctx is not None else "copkit"
    usage = _BRACED.sub(r"\1", ctx.get_usage().removeprefix("Usage: ")) if ctx else None
    hint = f"Usage: {usage}; see {path} -h" if usage else f"See {path} -h"
    if isinstance(e, click_errors.MissingParameter):
        kind = e.param_type or (e.param.param_type_name if e.param is not None else "parameter")
        return f"missing {kind} {_hint_names(e)}".rstrip(), hint
    if isinstance(e, click_errors.BadParameter):
        message = e.message.removeprefix("Value error, ").rstrip(".")
        for typer_words, ours in _TYPE_WORDS.items():
            if message.startswith(typer_words):
                message = ours
        names = _hint_names(e)
        found = _NOT_ONE_OF.match(message)
        choices = _choices(e)
        if found and choices:
            from copkit.model.ids import did_you_mean

            given = found.group("given")
            message = f"{given!r} is not one of {', '.join(choices)}"
            close = did_you_mean(given, choices)
            if close:
                message += f"; {close}"
        return (f"{names}: {message}" if names else message), hint
    if isinstance(e, click_errors.NoSuchOption):
        message = f"no such option: {e.option_name}"
        if e.possibilities:
            from copkit.model.ids import did_you_mean

            # compared without the dashes, which every option shares
            bare = {p.lstrip("-"): p for p in e.possibilities}
            close = did_you_mean(e.option_name.lstrip("-"), bare)
            if close:
                for word, option in bare.items():
                    close = close.replace(repr(word), option)
                message += f"; {close}"
        return message, hint
    message = e.message.rstrip(".")
    message = message[:1].lower() + message[1:] if message[:2] != message[:2].upper() else message
    return message, hint
