"""Shell completion of the ids a command takes: challenges, members, charters, templates.

Each callback lists file names (no file is parsed), so a TAB answers at once, and never
raises: outside a workspace, or on any error, it offers nothing rather than a traceback in
the middle of the user's command line.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any


def _workspace(ctx: Any) -> Any:
    """The workspace of the command line being completed: its --root, else COPKIT_ROOT, else
    the nearest folder above holding copkit.yaml."""
    from copkit.storage.workspace import Workspace, find_root

    root = None
    with contextlib.suppress(AttributeError):  # no context: called outside Click
        root = ctx.find_root().params.get("root")
    return Workspace(find_root(root or os.environ.get("COPKIT_ROOT") or None))


def ids(ctx: Any, kind: str, incomplete: str) -> list[str]:
    """The ids of `kind` that start with what the user typed so far; [] on any problem."""
    try:
        ws = _workspace(ctx)
        if kind == "template":
            from copkit.storage.templates import catalog

            known = sorted(catalog(ws).sets)
        else:
            from copkit.storage.workspace import ID_FOLDERS

            known = ws.ids(ID_FOLDERS[kind])
    except Exception:  # completion never fails the shell: nothing to offer instead
        return []
    return [i for i in known if i.startswith(incomplete)]


def members(ctx: Any, incomplete: str) -> list[str]:
    """Member ids (after `MEMBER:`, in an option that takes hours, nothing: the hours are
    the user's to type)."""
    return [] if ":" in incomplete else ids(ctx, "member", incomplete)


def challenges(ctx: Any, incomplete: str) -> list[str]:
    return ids(ctx, "challenge", incomplete)


def charters(ctx: Any, incomplete: str) -> list[str]:
    return ids(ctx, "charter", incomplete)


def templates(ctx: Any, incomplete: str) -> list[str]:
    return ids(ctx, "template", incomplete)
