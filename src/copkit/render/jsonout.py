"""JSON documents for --json and --format json: two-space indent, UTF-8, a final newline."""

from __future__ import annotations

from typing import Any

import msgspec

_encoder = msgspec.json.Encoder(enc_hook=str)


def json_text(data: Any) -> str:
    """`data` as indented JSON text; dates become ISO strings, anything else unknown str()."""
    return msgspec.json.format(_encoder.encode(data), indent=2).decode("utf-8") + "\n"
