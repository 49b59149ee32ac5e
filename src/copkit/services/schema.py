"""JSON Schemas (draft 2020-12) of the file kinds, generated from the models."""

from __future__ import annotations

from typing import Any

import msgspec

from copkit.model import Challenge, Charter, Config, JournalEntry, Member, Plan, Template

KINDS: dict[str, tuple[type[msgspec.Struct], str]] = {
    "charter": (Charter, "A practice development project: charters/<charter>.yaml"),
    "challenge": (Challenge, "A thirty-day challenge: challenges/<challenge>.yaml"),
    "template": (Template, "A challenge set: templates/<template>.yaml"),
    "journal": (
        JournalEntry,
        "Front matter of a journal entry: journals/<challenge>/<member>/day-NN.md",
    ),
    "plan": (Plan, "Front matter of a sign-up: journals/<challenge>/<member>/plan.md"),
    "member": (Member, "A member of the community: members/<member>.yaml"),
    "config": (Config, "The community settings: copkit.yaml"),
}


def json_schema(kind: str) -> dict[str, Any]:
    model, title = KINDS[kind]
    body = msgspec.json.schema(model)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://copkit.dev/schema/{kind}.json",
        "title": title,
        **body,
    }
