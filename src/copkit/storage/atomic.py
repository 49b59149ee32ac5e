"""Atomic writes: a temporary file in the same folder, then os.replace."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from copkit.errors import CopkitError


def write_atomic(
    path: Path, text: str, *, overwrite: bool = False, display: str | None = None
) -> None:
    """Write `text` to `path` so readers see the old file or the new one, never a mix.

    Refuses to replace an existing file unless `overwrite`; creates missing parent folders.
    """
    shown = display or str(path)
    if path.is_dir():
        raise CopkitError(
            f"{shown}: a folder stands where copkit writes a file; move it away first"
        )
    if not overwrite and path.exists():
        raise CopkitError(f"{shown} already exists; use --force to replace it")
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if not overwrite and path.exists():  # someone created it meanwhile
            raise CopkitError(f"{shown} already exists; use --force to replace it")
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
