"""Fast reads of challenge files for the commands run every day (`challenge today`).

Parsing a 30-day calendar with ruamel's round-trip loader costs more than the rest of the
command. A valid challenge is therefore also kept as msgspec JSON in .copkit/challenges/,
keyed by the file's size and modification time: a disposable copy, never the source of truth,
rebuilt whenever it is missing, stale or unreadable.
"""

from __future__ import annotations

import contextlib
import os
import time
from typing import TYPE_CHECKING

import msgspec

from copkit import __version__
from copkit.errors import CopkitError
from copkit.model import Challenge

if TYPE_CHECKING:
    from copkit.storage.workspace import Workspace

CACHE_DIR = (".copkit", "challenges")
RACY_NS = 3_000_000_000  # as in storage/cache.py: files younger than this are not copied


class _Entry(msgspec.Struct, kw_only=True):
    version: str
    size: int
    mtime_ns: int
    challenge: Challenge


_decoder = msgspec.json.Decoder(_Entry)


def challenge(ws: Workspace, challenge_id: str) -> Challenge:
    """The challenge `challenge_id`, from the .copkit/ copy when the file has not changed.

    The full loader (and its error messages) runs when the copy cannot answer; a file that
    loads without errors is copied for next time.
    """
    path = ws.challenge_path(challenge_id)
    try:
        st = os.stat(path)
        cached = ws.path(*CACHE_DIR, f"{challenge_id}.json")  # refuses a link out of the root
    except (OSError, CopkitError):
        return ws.challenge(challenge_id)  # the full loader says what is wrong
    try:
        entry = _decoder.decode(cached.read_bytes())
        if (entry.version, entry.size, entry.mtime_ns) == (__version__, st.st_size, st.st_mtime_ns):
            return entry.challenge
    except (OSError, msgspec.DecodeError, msgspec.ValidationError):
        pass
    value = ws.challenge(challenge_id)
    if st.st_mtime_ns > time.time_ns() - RACY_NS:
        return value  # just saved: a same-size edit within this mtime tick would go unseen
    with contextlib.suppress(OSError):
        cached.parent.mkdir(parents=True, exist_ok=True)
        data = msgspec.json.encode(
            _Entry(version=__version__, size=st.st_size, mtime_ns=st.st_mtime_ns, challenge=value)
        )
        tmp = cached.with_name(f".{cached.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, cached)
    return value


def challenges(ws: Workspace) -> dict[str, Challenge]:
    """Every challenge that loads without errors, by id (broken ones are left to `check`)."""
    out = {}
    for cid in ws.ids("challenges"):
        with contextlib.suppress(CopkitError):
            out[cid] = challenge(ws, cid)
    return out
