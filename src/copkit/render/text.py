"""User text on its way out of copkit: control characters made visible.

A name, a title, a mantra or a journal body can hold escape sequences (an OSC 52 clipboard
write, an OSC 8 link, text hidden by cursor moves), bidirectional overrides that reorder what
a reader sees, or lone surrogates that no encoder can write. Every piece of user text that
reaches a terminal, a Markdown or HTML file goes through `visible` once: each such character
becomes its `\\x1b` / `\\u202e` spelling, so it is shown, never obeyed, and never crashes.

Pure Python, no Rich: `challenge today` writes through it and its start-up is a target.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, bidirectional embeddings, overrides and
# isolates, and lone surrogates.
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_HIDDEN_OR_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _spell(m: re.Match[str]) -> str:
    c = ord(m.group())
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def visible(text: str, *, lines: bool = True) -> str:
    """`text` with every control, bidi and surrogate character spelt out (`\\x1b`).

    Tabs and newlines stay when `lines`; a one-line field (a path, a name in a message)
    passes `lines=False` and gets them spelt out too.
    """
    pattern = _HIDDEN if lines else _HIDDEN_OR_LINE
    return pattern.sub(_spell, text) if pattern.search(text) else text


def write_out(text: str) -> None:
    """Writes text for people to stdout, every control character made visible."""
    import sys

    sys.stdout.write(visible(text))
