"""Issue 20, writes (F21, F07, F23, F30): the person's words are kept until they are safely
saved; copkit never writes a file its own readers refuse; `init` is all-or-nothing and never
copies outside content into the repository."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copkit.errors import CopkitError
from copkit.storage import limits
from copkit.storage.documents import parse_markdown, parse_yaml
from copkit.storage.workspace import Workspace
from tests.conftest import Run, snapshot
from tests.test_journal import editor_env, fake_editor, join, write_challenge

DEPTH = int(os.environ.get("COPKIT_HYPOTHESIS", "25"))


@pytest.fixture
def dec(ws: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A ten-day challenge `dec` from 2026-12-01 that alice joined; today 2026-12-07."""
    write_challenge(ws)
    join(ws, "dec", "alice-martin")
    monkeypatch.setenv("COPKIT_TODAY", "2026-12-07")
    return ws


# ---- F21: the editor -----------------------------------------------------------------------


def test_an_editor_saving_latin1_is_refused_and_the_text_kept(
    dec: Path, run: Run, tmp_path: Path
) -> None:
    code = (
        "text = text.replace('### What did I do?\\n\\n', '### What did I do?\\n\\nCaf\\u00e9 "
        "cr\\u00e8me: na\\u00efve.\\n')\n"
        "text = text.replace('mood:  ', 'mood: 4')\n"
        "path.write_bytes(text.encode('latin-1'))\n"
    )
    before = snapshot(dec)
    r = run("journal", "add", "dec", "--as", "alice-martin", env=editor_env(fake_editor(tmp_path, code)))  # fmt: skip
    assert r.exit_code == 1, r.output
    assert "Traceback" not in r.output
    assert "saved the entry in another encoding than UTF-8 (byte 0xe9 at " in r.stderr
    kept = Path(r.stderr.split("Your text is kept, byte for byte, in ")[1].split(". Set")[0])
    assert "Café crème: naïve.".encode("latin-1") in kept.read_bytes()
    assert "\ufffd" not in kept.read_bytes().decode("latin-1")
    assert snapshot(dec) == before  # nothing written, nothing lost


def test_an_editor_deleting_the_file_is_a_message_and_nothing_is_lost(
    dec: Path, run: Run, tmp_path: Path
) -> None:
    assert run("journal", "add", "dec", "--as", "alice-martin", "-m", "My words.").exit_code == 0
    before = snapshot(dec)
    cmd = fake_editor(tmp_path, "path.unlink()\n")
    r = run("journal", "add", "dec", "--as", "alice-martin", "--force", env=editor_env(cmd))
    assert r.exit_code == 1, r.output
    assert "Traceback" not in r.output
    assert "deleted the file it was given" in r.stderr
    assert "nothing was saved" in r.stderr
    assert snapshot(dec) == before  # the entry still holds "My words."


def test_an_editor_saving_utf8_with_a_bom_is_read_as_utf8(
    dec: Path, run: Run, tmp_path: Path
) -> None:
    code = (
        "text = text.replace('### What did I do?\\n\\n', '### What did I do?\\n\\nCaf\\u00e9.\\n')\n"
        "path.write_bytes(text.encode('utf-8-sig'))\n"
    )
    r = run("journal", "add", "dec", "--as", "alice-martin", env=editor_env(fake_editor(tmp_path, code)))  # fmt: skip
    assert r.exit_code == 0, r.output
    entry = next((dec / "journals" / "dec" / "alice-martin").glob("day-*.md"))
    assert "Café." in entry.read_text(encoding="utf-8")
    assert not entry.read_bytes().startswith(b"\xef\xbb\xbf")


# ---- F07: the read limits apply on write ---------------------------------------------------


def test_a_journal_body_over_the_size_limit_is_refused_before_writing(dec: Path, run: Run) -> None:
    before = snapshot(dec)
    r = run("journal", "add", "dec", "--as", "alice-martin", "-m", "-", input="a" * 3_000_000)
    assert r.exit_code == 1, r.output
    assert r.stderr.startswith(
        "error: journals/dec/alice-martin/day-07.md was not written: copkit's own readers would "
        "refuse it: file is 3,000,0"
    ), r.stderr
    assert f"over copkit's limit of {limits.MAX_FILE_BYTES:,}" in r.stderr
    assert snapshot(dec) == before
    assert run("check").exit_code == 0


def test_a_comma_heavy_text_is_refused_before_it_makes_a_charter_unreadable(
    ws: Path, run: Run
) -> None:
    before = snapshot(ws)
    issue = "a," * 30_000 + "," * 15_000  # 75 KB: under the size limit, over the piece one
    r = run("charter", "new", "guild", "--title", "Guild", "--issue", issue, "--goal", "G")
    assert r.exit_code == 1, r.output
    assert "charters/guild.yaml was not written: copkit's own readers would refuse it: " in r.stderr
    assert f"over copkit's limit of {limits.MAX_PIECES:,}" in r.stderr
    assert snapshot(ws) == before


def test_an_update_past_the_piece_limit_is_refused_and_the_file_kept(ws: Path, run: Run) -> None:
    assert run("charter", "new", "guild", "--title", "Guild", "--goal", "G").exit_code == 0
    before = snapshot(ws)
    r = run("charter", "set", "guild", "--goal", "b," * 45_000)
    assert r.exit_code == 1, r.output
    assert "charters/guild.yaml was not written" in r.stderr
    assert snapshot(ws) == before
    assert run("charter", "show", "guild").exit_code == 0


def test_conflict_markers_in_a_text_are_refused_before_writing(dec: Path, run: Run) -> None:
    body = "<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> main\n"
    r = run("journal", "add", "dec", "--as", "alice-martin", "-m", body)
    assert r.exit_code == 1, r.output
    assert "git conflict marker '<<<<<<<'" in r.stderr
    heading = "A heading\n=======\n\nWords."  # a lone ======= is Markdown, not a conflict
    assert run("journal", "add", "dec", "--as", "alice-martin", "-m", heading).exit_code == 0


@settings(max_examples=DEPTH, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(st.sampled_from("ab,\n[]{}'\"#:-<=>|"), max_size=300),
    repeat=st.sampled_from([1, 50, 400, 4_000, 20_000]),
)
def test_what_a_writer_accepts_the_reader_accepts(text: str, repeat: int) -> None:
    """The class: for any text put into a field, copkit refuses the write exactly when its
    own reader's gate would refuse the file, so it never writes a file it cannot read."""
    from copkit.model import Charter
    from copkit.storage.workspace import yaml_text

    value = Charter(title="Guild", issue=text * repeat)
    yaml = yaml_text(value)
    try:
        limits.require_readable("charters/guild.yaml", yaml, "yaml")
    except CopkitError:
        refused = True
    else:
        refused = False
        loaded = parse_yaml(yaml, [], "charters/guild.yaml", Charter)
        assert not [p for p in loaded.problems if "limit" in p.message or "refused" in p.message]
    gate = limits.yaml_gate("x", yaml) or limits.too_big("x", len(yaml.encode()))
    assert refused == bool(gate)
    front = "date: 2026-12-01\nstatus: done\n"
    md = f"---\n{front}---\n{text * repeat}\n"
    try:
        limits.require_readable("day-01.md", md, "markdown")
    except CopkitError:
        md_refused = True
    else:
        md_refused = False
        from copkit.model import JournalEntry

        loaded_md = parse_markdown(md, "day-01.md", JournalEntry)
        assert not [p for p in loaded_md.problems if "conflict" in p.message]
    assert md_refused == bool(
        limits.markdown_conflicts("x", md) or limits.too_big("x", len(md.encode()))
    )


# ---- F23, F30: init is all-or-nothing, and never reads through a link -------------------------


def _init(run: Run, root: Path) -> object:
    return run("init", str(root), "--name", "Test CoP")


@pytest.mark.parametrize(
    ("plant", "message"),
    [
        pytest.param(
            lambda r: (r / ".gitignore").write_bytes("node_modules/\r\n".encode("utf-16")),
            ".gitignore is saved as UTF-16 (as PowerShell's `>` and Out-File write it)",
            id="utf16-gitignore",
        ),
        pytest.param(
            lambda r: (r / ".gitignore").write_bytes(b"n\x00o\x00d\x00e\x00\n\x00"),
            ".gitignore is saved as UTF-16",
            id="utf16-without-bom",
        ),
        pytest.param(
            lambda r: (r / ".gitignore").write_bytes(b"caf\xe9/\n"),
            ".gitignore is not UTF-8 (byte 0xe9)",
            id="latin1-gitignore",
        ),
        pytest.param(
            lambda r: (r / ".gitignore").mkdir(),
            ".gitignore is a folder",
            id="gitignore-folder",
        ),
        pytest.param(
            lambda r: (r / "members").write_text("a file\n"),
            "members is a file, where the workspace needs its members/ folder",
            id="members-file",
        ),
        pytest.param(
            lambda r: (r / "journals").symlink_to(r.parent, target_is_directory=True),
            "journals is a symbolic link, where the workspace needs its journals/ folder",
            id="journals-link",
        ),
    ],
)
def test_init_refuses_before_writing_anything(
    tmp_path: Path, run: Run, plant: object, message: str
) -> None:
    root = tmp_path / "community"
    root.mkdir()
    plant(root)  # type: ignore[operator]
    before = snapshot(root), sorted(p.name for p in root.iterdir())
    r = _init(run, root)
    assert r.exit_code == 1, r.output  # type: ignore[attr-defined]
    assert message in r.stderr  # type: ignore[attr-defined]
    assert "Nothing was written" in r.stderr  # type: ignore[attr-defined]
    assert (snapshot(root), sorted(p.name for p in root.iterdir())) == before
    assert not (root / "copkit.yaml").exists()


def test_init_never_follows_a_gitignore_link(tmp_path: Path, run: Run) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("OUTSIDE-SECRET\n")
    root = tmp_path / "community"
    root.mkdir()
    (root / ".gitignore").symlink_to(secret)
    r = _init(run, root)
    assert r.exit_code == 1
    assert ".gitignore is a symbolic link" in r.stderr
    assert secret.read_text() == "OUTSIDE-SECRET\n"
    assert (root / ".gitignore").is_symlink()
    assert not (root / "copkit.yaml").exists()
    assert "OUTSIDE-SECRET" not in "".join(
        p.read_text(errors="replace") for p in root.rglob("*") if p.is_file() and not p.is_symlink()
    )


def test_after_a_refusal_and_its_fix_init_succeeds(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "community"
    root.mkdir()
    (root / ".gitignore").write_bytes("node_modules/\n".encode("utf-16"))
    assert _init(run, root).exit_code == 1  # type: ignore[attr-defined]
    (root / ".gitignore").write_text("node_modules/\n", encoding="utf-8")
    r = _init(run, root)
    assert r.exit_code == 0, r.output  # type: ignore[attr-defined]
    lines = (root / ".gitignore").read_text().splitlines()
    assert lines[0] == "node_modules/" and ".copkit/" in lines and "*.copkit-tmp" in lines


def test_init_keeps_a_bom_and_crlf_gitignore_as_it_is_saved(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "community"
    root.mkdir()
    (root / ".gitignore").write_bytes(b"\xef\xbb\xbf# ours\r\nbin/\r\n")
    assert _init(run, root).exit_code == 0  # type: ignore[attr-defined]
    raw = (root / ".gitignore").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf# ours\r\nbin/\r\n.copkit/\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")


def test_init_takes_back_what_it_wrote_when_a_later_write_fails(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from copkit.storage import workspace

    real = workspace.write_atomic

    def failing(path: Path, text: str, **kw: object) -> None:
        if path.name == ".gitignore":
            raise CopkitError(".gitignore could not be written (disk full); nothing was changed")
        real(path, text, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(workspace, "write_atomic", failing)
    root = tmp_path / "new" / "community"
    r = _init(run, root)
    assert r.exit_code == 1  # type: ignore[attr-defined]
    assert not (tmp_path / "new").exists()  # every folder it made is gone again
    monkeypatch.setattr(workspace, "write_atomic", real)
    assert _init(run, root).exit_code == 0  # type: ignore[attr-defined]


def test_check_fix_refuses_a_gitignore_link_too(ws: Path, run: Run, tmp_path: Path) -> None:
    outside = tmp_path / "outside-ignore"
    outside.write_text("OUTSIDE\n")
    (ws / ".gitignore").unlink()
    (ws / ".gitignore").symlink_to(outside)
    r = run("check", "--fix")
    assert r.exit_code == 1
    assert ".gitignore is a symbolic link" in r.stderr
    assert outside.read_text() == "OUTSIDE\n"
    assert (ws / ".gitignore").is_symlink()


def test_workspace_module_is_not_needed_to_read_limits() -> None:
    """The gate is light: a daily `journal add` checks what it writes without ruamel."""
    import subprocess
    import sys

    code = (
        "import sys; import copkit.storage.limits as l; "
        "l.require_readable('x.md', '---\\ndate: 2026-12-01\\n---\\nhi\\n', 'markdown'); "
        "print('ruamel' in ' '.join(sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    assert Workspace  # imported above for its writers
