"""Identifiers: what is a slug, what copkit suggests instead, and no path out of the root."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copkit.errors import CopkitError
from copkit.model.ids import MAX_LEN, SLUG_RE, is_slug, suggest_slug
from copkit.storage.workspace import Workspace, require_slug
from tests.conftest import Run, snapshot

# Text a user might type, plus the shapes that attack paths.
nasty = st.sampled_from(
    ["..", ".", "../x", "/abs", "a/b", "a\\b", "~", "~/x", "\0", "a\0b", "-a", "a-", "a--b", " "]
)
identifiers = st.text(max_size=80) | nasty | st.from_regex(r"\A[a-z0-9-]{0,70}\Z")


@settings(max_examples=300)
@given(identifiers)
def test_accepted_identifiers_are_slugs(value: str) -> None:
    if is_slug(value):
        assert SLUG_RE.fullmatch(value)
        assert 1 <= len(value) <= MAX_LEN
        assert require_slug(value, "member") == value


@settings(max_examples=300)
@given(identifiers, st.sampled_from(["member", "charter", "challenge"]))
def test_refused_identifiers_get_a_valid_suggestion(value: str, what: str) -> None:
    suggestion = suggest_slug(value)
    assert is_slug(suggestion)
    if not is_slug(value):
        with pytest.raises(CopkitError) as e:
            require_slug(value, what)
        assert f"is not a valid {what} id" in e.value.message
        assert f"try {suggest_slug(value, what)!r}" in e.value.message
        assert is_slug(suggest_slug(value, what))


@settings(max_examples=200)
@given(st.text(max_size=80))
def test_suggestion_of_a_slug_is_itself(value: str) -> None:
    if is_slug(value):
        assert suggest_slug(value) == value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("Alice Martin", "alice-martin", id="name"),
        pytest.param("../x", "x", id="parent"),
        pytest.param("/abs", "abs", id="absolute"),
        pytest.param("Alice", "alice", id="capital"),
        pytest.param("  a  b  ", "a-b", id="spaces"),
        pytest.param("a--b", "a-b", id="double-hyphen"),
        pytest.param("-a-", "a", id="edge-hyphens"),
        pytest.param("Émile Zola", "emile-zola", id="accents"),
        pytest.param("DevOps: December '26", "devops-december-26", id="punctuation"),
        pytest.param("", "untitled", id="empty"),
        pytest.param("日本語", "untitled", id="nothing-left"),
        pytest.param("word " * 30, "-".join(["word"] * 13), id="long-cut-at-a-word"),
        pytest.param("x" * 100, "x" * 64, id="one-long-word"),
    ],
)
def test_suggest_slug(value: str, expected: str) -> None:
    assert suggest_slug(value) == expected


def test_require_slug_message_is_pinned() -> None:
    with pytest.raises(CopkitError) as e:
        require_slug("Alice Martin", "member")
    assert e.value.message == (
        "'Alice Martin' is not a valid member id: use lowercase letters, digits and single "
        "hyphens (at most 64 characters); try 'alice-martin'"
    )


def test_empty_id_suggests_the_kind() -> None:
    with pytest.raises(CopkitError, match="try 'charter'"):
        require_slug("", "charter")


def test_65_characters_is_too_long() -> None:
    assert is_slug("a" * 64)
    assert not is_slug("a" * 65)


# ---- through the CLI -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("member", "suggestion"),
    [
        pytest.param("../evil", "evil", id="parent"),
        pytest.param("/etc/passwd", "etc-passwd", id="absolute"),
        pytest.param("Alice", "alice", id="capital"),
        pytest.param("dan wu", "dan-wu", id="space"),
        pytest.param("", "member", id="empty"),
        pytest.param("a" * 65, "a" * 64, id="too-long"),
    ],
)
def test_member_add_refuses_non_slug(ws: Path, run: Run, member: str, suggestion: str) -> None:
    before = snapshot(ws)
    r = run("member", "add", member, "--name", "X")
    assert r.exit_code == 1
    assert r.stderr.startswith(f"error: {member!r} is not a valid member id")
    assert f"try {suggestion!r}" in r.stderr
    assert snapshot(ws) == before


# ---- paths never leave the root --------------------------------------------------------------


def _inside(root: Path, p: Path) -> bool:
    real = p.resolve()
    return real == root.resolve() or root.resolve() in real.parents


@pytest.fixture(scope="module")
def scratch() -> Workspace:
    d = tempfile.mkdtemp(prefix="copkit-slugs-")
    (Path(d) / "copkit.yaml").write_text("name: T\n")
    return Workspace(Path(d))


PATHS: dict[str, Callable[[Workspace, str], Path]] = {
    "path": lambda ws, v: ws.path("members", v),
    "path-parts": lambda ws, v: ws.path(v, v),
    "member": lambda ws, v: ws.member_path(v),
    "charter": lambda ws, v: ws.charter_path(v),
    "challenge": lambda ws, v: ws.challenge_path(v),
    "journal-dir": lambda ws, v: ws.journal_dir(v, v),
    "plan": lambda ws, v: ws.plan_path("dec", v),
    "entry": lambda ws, v: ws.entry_path(v, "alice", 1, 30),
}


@pytest.mark.parametrize("kind", PATHS)
@settings(max_examples=150, deadline=None)
@given(value=identifiers)
def test_no_identifier_makes_a_path_outside_the_root(
    scratch: Workspace, kind: str, value: str
) -> None:
    try:
        p = PATHS[kind](scratch, value)
    except CopkitError:
        return
    assert _inside(scratch.root, p)


@pytest.mark.parametrize("part", ["", ".", "..", "a/b", "/abs", "a\\b", "a\0b"])
def test_path_refuses_parts_that_move(scratch: Workspace, part: str) -> None:
    with pytest.raises(CopkitError, match="is not a valid path part inside the workspace"):
        scratch.path("members", part)


def test_symlinked_folder_out_of_the_root_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, root / "members")
    ws = Workspace(root)
    with pytest.raises(CopkitError, match="leads outside the workspace"):
        ws.member_path("alice")


def test_symlinked_file_out_of_the_root_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "members").mkdir(parents=True)
    target = tmp_path / "secret.yaml"
    target.write_text("name: x\n")
    os.symlink(target, root / "members" / "alice.yaml")
    with pytest.raises(CopkitError, match="outside the workspace"):
        Workspace(root).member_path("alice")


def test_member_add_never_writes_through_a_link_out(ws: Path, run: Run, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (ws / "members" / "alice-martin.yaml").unlink()
    os.symlink(outside / "alice-martin.yaml", ws / "members" / "alice-martin.yaml")
    r = run("member", "add", "alice-martin", "--name", "A", "--force")
    assert r.exit_code == 1
    assert "outside the workspace" in r.stderr
    assert list(outside.iterdir()) == []
