"""Nothing escapes: no identifier, path or symlinked folder makes a command write outside the root.

Every command that writes is run with hostile values in each of its identifier and path slots:
a table of known tricks, then hypothesis over arbitrary strings. After each run, nothing outside
the workspace root has changed (a snapshot of the folder around it, and the absolute targets).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from copkit.errors import CopkitError
from copkit.storage.workspace import Workspace
from tests.conftest import Run
from tests.test_hostile_inputs import build_community, registered

PROBE = f"/tmp/copkit-escape-probe-{os.getpid()}"  # an absolute target outside every tmp folder

Args = Callable[[str], tuple[str, ...]]

CHARTER_FLAGS = (
    "--title", "T", "--issue", "I", "--goal", "G", "--lead", "alice-martin:2",
    "--start", "2027-01-01", "--every-days", "14", "--no-input",
)  # fmt: skip

# (id, args with X in one slot, a value for X that must work: proves the slot is really reached)
WRITERS: list[tuple[str, Args, str]] = [
    ("member-add-id", lambda x: ("member", "add", x, "--name", "N"), "zed-zo"),
    ("member-add-name", lambda x: ("member", "add", "zed-zo", "--name", x, "--force"), "Zed"),
    ("charter-new-id", lambda x: ("charter", "new", x, *CHARTER_FLAGS), "new-one"),
    (
        "charter-join-id",
        lambda x: ("charter", "join", x, "--as", "dan-wu", "--hours", "1"),
        "playbook",
    ),
    (
        "charter-join-as",
        lambda x: ("charter", "join", "playbook", "--as", x, "--hours", "1"),
        "dan-wu",
    ),
    (
        "charter-report-id",
        lambda x: ("charter", "report", x, "--summary", "S", "--by", "bob-lee"),
        "mentoring",
    ),
    (
        "charter-report-by",
        lambda x: ("charter", "report", "mentoring", "--summary", "S", "--by", x),
        "bob-lee",
    ),
    ("charter-propose-id", lambda x: ("charter", "propose", x), "playbook"),
    ("charter-propose-by", lambda x: ("charter", "propose", "playbook", "--by", x), "alice-martin"),
    ("charter-cancel-id", lambda x: ("charter", "cancel", x), "playbook"),
    (
        "challenge-new-id",
        lambda x: ("challenge", "new", x, "--start", "2027-01-01", "--days", "3"),
        "jan",
    ),
    (
        "challenge-new-template",
        lambda x: ("challenge", "new", "feb", "--start", "2027-02-01", "--template", x, "--force"),
        "devops",
    ),
    ("challenge-join-id", lambda x: ("challenge", "join", x, "--as", "dan-wu"), "dec"),
    ("challenge-join-as", lambda x: ("challenge", "join", "dec", "--as", x), "dan-wu"),
    ("challenge-leave-as", lambda x: ("challenge", "leave", "dec", "--as", x), "carol-diaz"),
    ("challenge-pair-id", lambda x: ("challenge", "pair", x, "--seed", "1", "--force"), "dec"),
    (
        "journal-add-id",
        lambda x: ("journal", "add", x, "--as", "alice-martin", "--day", "4", "-m", "m"),
        "dec",
    ),
    (
        "journal-add-as",
        lambda x: ("journal", "add", "dec", "--as", x, "--day", "4", "-m", "m"),
        "bob-lee",
    ),
]

EVIL = [
    "..",
    ".",
    "../x",
    "../../x",
    "../escaped.md",
    "a/../../x",
    "members/../../x",
    "/",
    PROBE,
    PROBE + "/x.md",
    "~",
    "~/x",
    "%2e%2e%2fx",
    "..%2fx",
    "%2e%2e",
    "..%5cx",
    "..\\x",
    "a\\..\\..\\x",
    "\uff0e\uff0e\uff0fx",  # fullwidth ../
    "..\u2215x",  # division slash
    "\u2025/x",  # two-dot leader
    "x\x00y",
    "x" * 65,
    "",
    " ",
    "a\nb",
    "\udcff",
    "file:///tmp/x",
    "\\\\server\\share\\x",
    "C:\\x",
    "copkit.yaml",
    ".git/config",
    ".copkit",
    "-",
]

TRIED = {"table": 0, "hypothesis": 0}


def outside_state(tmp_path: Path, root: Path) -> dict[str, bytes | str]:
    """Every path under tmp_path but outside the root (files with bytes, folders, links)."""
    state: dict[str, bytes | str] = {}
    for dirpath, dirnames, filenames in os.walk(tmp_path, followlinks=False):
        d = Path(dirpath)
        if d == root or root in d.parents:
            dirnames[:] = []
            continue
        for name in dirnames:
            state[str(d / name)] = "dir"
        for name in filenames:
            p = d / name
            state[str(p)] = f"link:{os.readlink(p)}" if p.is_symlink() else p.read_bytes()
    for extra in (PROBE, "/tmp/x", "/x", "/escaped.md"):
        if os.path.lexists(extra):
            state[extra] = "exists"
    return state


@pytest.fixture
def community(ws: Path, run: Run) -> Path:
    build_community(ws)
    assert run("member", "add", "dan-wu", "--name", "Dan Wu").exit_code == 0
    return ws


def attempt(run: Run, tmp_path: Path, root: Path, args: tuple[str, ...]) -> int:
    before = outside_state(tmp_path, root)
    r = run(*args)
    assert r.exit_code in (0, 1, 2), f"{args}: exit {r.exit_code}\n{r.output}"
    assert "Traceback" not in r.output, args
    assert outside_state(tmp_path, root) == before, f"{args} wrote outside the root"
    return r.exit_code


# One slot of each command group and kind (an id, a member, a template, a --by) in the default
# run; every slot in the slow run (each takes about 1-2 s: the whole EVIL table, command by
# command).
REPRESENTATIVE = {"member-add-id", "charter-report-by", "challenge-new-template", "journal-add-as"}


def _writer_params(every: bool = True) -> list[object]:
    return [
        pytest.param(
            make, good, id=name, marks=() if every or name in REPRESENTATIVE else pytest.mark.slow
        )
        for name, make, good in WRITERS
    ]


@pytest.mark.parametrize(("make", "good"), _writer_params(every=False))
def test_known_escape_tricks_write_nothing_outside(
    community: Path, run: Run, tmp_path: Path, make: Args, good: str
) -> None:
    if not registered(make(good)[:2]):
        pytest.skip("this command has not landed on this branch yet")
    assert attempt(run, tmp_path, community, make(good)) == 0, "the slot is not reached"
    for value in EVIL:
        TRIED["table"] += 1
        attempt(run, tmp_path, community, make(value))


def _segments() -> st.SearchStrategy[str]:
    part = st.sampled_from(["..", ".", "", "a", "x.md", "%2e%2e", "%2f", "\\", "~", "\x00", "…"])
    return st.lists(part, min_size=1, max_size=6).map("/".join)


HOSTILE = st.one_of(
    st.sampled_from(EVIL),
    st.text(max_size=30),
    _segments(),
    _segments().map(lambda s: "/" + s),
    st.text(alphabet="./\\%2efx~", max_size=20),
)


@pytest.mark.slow
@pytest.mark.parametrize(("make", "good"), _writer_params())
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(value=HOSTILE)
@example(value="../../../../../../tmp/x")
def test_no_string_makes_a_command_write_outside(
    community: Path, run: Run, tmp_path: Path, make: Args, good: str, value: str
) -> None:
    if not registered(make(good)[:2]):
        pytest.skip("this command has not landed on this branch yet")
    TRIED["hypothesis"] += 1
    attempt(run, tmp_path, community, make(value))


def test_workspace_paths_never_leave_the_root_for_any_identifier(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    w = Workspace(root)

    @settings(max_examples=300)
    @given(a=HOSTILE, b=HOSTILE)
    def check(a: str, b: str) -> None:
        TRIED["hypothesis"] += 1
        for make in (
            lambda: w.member_path(a),
            lambda: w.charter_path(a),
            lambda: w.challenge_path(a),
            lambda: w.plan_path(a, b),
            lambda: w.entry_path(a, b, 1, 30),
            lambda: w.path("reports", a),
        ):
            try:
                p = make()
            except CopkitError:
                continue
            real = p.resolve()
            assert real == root.resolve() or root.resolve() in real.parents, (a, b, p)

    check()


# ---- symlinked folders inside the workspace that lead outside ---------------------------------

LINKED = [
    pytest.param("members", ("member", "add", "zed-zo", "--name", "Z"), id="members"),
    pytest.param("charters", ("charter", "new", "x", *CHARTER_FLAGS), id="charters"),
    pytest.param(
        "challenges",
        ("challenge", "new", "jan", "--start", "2027-01-01", "--days", "3"),
        id="challenges",
    ),
    pytest.param(
        "journals/dec/dan-wu", ("challenge", "join", "dec", "--as", "dan-wu"), id="member-journal"
    ),
    pytest.param(
        "journals/dec/alice-martin",
        ("journal", "add", "dec", "--as", "alice-martin", "--day", "4", "-m", "m"),
        id="journal-folder",
    ),
]


@pytest.mark.parametrize(("folder", "args"), LINKED)
def test_symlinked_folder_leading_outside_is_refused_for_writes(
    community: Path, run: Run, tmp_path: Path, folder: str, args: tuple[str, ...]
) -> None:
    if not registered(args[:2]):
        pytest.skip("this command has not landed on this branch yet")
    outside = tmp_path / "elsewhere"
    link = community / folder
    if link.exists():
        link.rename(outside)  # the folder's files now live outside, reached through the link
    else:
        outside.mkdir()
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(outside, target_is_directory=True)
    TRIED["table"] += 1
    before = outside_state(tmp_path, community)
    r = run(*args)
    assert r.exit_code == 1, r.output
    assert "outside the workspace" in r.stderr, r.stderr
    assert outside_state(tmp_path, community) == before


def test_member_add_through_a_linked_members_folder_names_the_link(
    community: Path, run: Run, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"
    (community / "members").rename(outside)
    (community / "members").symlink_to(outside, target_is_directory=True)
    r = run("member", "add", "zed-zo", "--name", "Z")
    assert r.exit_code == 1
    assert r.stderr.startswith(
        f"error: members/zed-zo.yaml leads outside the workspace ({outside.resolve()}"
    ), r.stderr
    assert not (outside / "zed-zo.yaml").exists()


ODD_OUTPUT_PATHS = [
    pytest.param(("challenge", "calendar", "dec", "--ics", "x\x00y"), id="ics-nul-byte"),
    pytest.param(("challenge", "calendar", "dec", "--ics", "~0"), id="ics-tilde-user"),
    pytest.param(
        ("challenge", "report", "dec", "--format", "markdown", "--output", "~0"),
        id="challenge-report-output-tilde-user",
    ),
    pytest.param(
        ("report", "--format", "markdown", "--output", "~0/x.md"),
        id="report-output-tilde-user",
    ),
]


@pytest.mark.parametrize("args", ODD_OUTPUT_PATHS)
def test_odd_output_paths_are_refused_with_a_message(
    community: Path, run: Run, args: tuple[str, ...]
) -> None:
    if not registered(args[:2]):
        pytest.skip("this command has not landed on this branch yet")
    r = run(*args)
    assert r.exit_code == 1, r.output
    assert r.stderr.startswith("error: --"), r.stderr  # names the option, one clear message


@pytest.mark.parametrize("force", [False, True])
def test_a_file_linked_outside_is_replaced_or_refused_never_written_through(
    community: Path, tmp_path: Path, force: bool
) -> None:
    from datetime import date

    from copkit.model import JournalEntry

    w = Workspace(community)
    target = tmp_path / "elsewhere.md"
    target.write_text("someone else's file\n")
    p = w.entry_path("dec", "alice-martin", 4, 5)
    p.symlink_to(target)
    entry = JournalEntry(date=date(2026, 11, 28), status="done")
    if force:
        w.write_markdown(p, entry, "mine\n", force=True)
        assert not p.is_symlink() and p.read_text().endswith("mine\n")
    else:
        with pytest.raises(CopkitError, match="already exists"):
            w.write_markdown(p, entry, "mine\n")
    assert target.read_text() == "someone else's file\n"
    loaded = w.load_entry(p)
    assert (loaded.value is None) != force
    if not force:
        assert "outside the workspace" in loaded.problems[0].message


def test_report_figures() -> None:
    print(f"hostile arguments: table {TRIED['table']}, hypothesis {TRIED['hypothesis']}")


def test_a_member_file_linked_outside_is_never_read(
    community: Path, run: Run, tmp_path: Path
) -> None:
    """Reading stays inside too: a link to a valid member file elsewhere is not a member."""
    import json

    target = tmp_path / "outsider.yaml"
    target.write_text("name: Outsider\nemail: o@example.org\n")
    (community / "members" / "zed-zo.yaml").symlink_to(target)
    listed = json.loads(run("member", "list", "--json").stdout)
    assert "zed-zo" not in {m["member"] for m in listed}
    r = run("check")
    assert r.exit_code == 1
    assert "members/zed-zo.yaml: error: is a link to" in r.stdout
