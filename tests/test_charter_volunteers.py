"""Community-requested charters and volunteers' sign-ups: one file per volunteer, folded into
the team by the organiser; real git proves that volunteers in three clones never conflict."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.conftest import Run, snapshot


def load(root: Path, cid: str = "req") -> dict[str, object]:
    data = YAML(typ="safe").load((root / "charters" / f"{cid}.yaml").read_text())
    assert isinstance(data, dict)
    return data


def requested(run: Run, cid: str = "req", seats: int = 2) -> None:
    """A community-requested charter, proposed with no team and open seats."""
    r = run(
        "charter",
        "new",
        cid,
        "--title",
        "Incident runbooks",
        "--origin",
        "community-requested",
        "--issue",
        "Nobody knows what to do at 3 a.m.",
        "--goal",
        "A runbook for each of our ten alerts.",
        "--volunteers-wanted",
        str(seats),
        "--no-input",
    )
    assert r.exit_code == 0, r.output
    r = run("charter", "propose", cid, "--by", "alice-martin")
    assert r.exit_code == 0, r.output


def test_a_requested_charter_goes_from_proposal_to_team(ws: Path, run: Run) -> None:
    requested(run)
    assert load(ws)["team"] == []
    assert load(ws)["status"] == "proposed"
    listed = run("charter", "list")
    assert "looking for volunteers (2 seats)" in " ".join(listed.stdout.split())
    dash = run("report")
    assert "looking for volunteers (2 seats)" in " ".join(dash.stdout.split())
    dash_json = json.loads(run("report", "--format", "json").stdout)
    assert dash_json["charters"][0]["open_seats"] == 2

    # approval needs a lead: refused with the rule and the command that fixes it
    files = snapshot(ws)
    r = run("charter", "approve", "req")
    assert r.exit_code == 1
    assert "cannot approve req (rule: a chartered charter needs a lead, a start date and a " in (
        r.stderr
    )
    assert "copkit charter join req --as MEMBER --role lead --hours H" in r.stderr
    assert snapshot(ws) == files

    assert run("charter", "join", "req", "--as", "bob-lee", "--role", "lead", "--hours", "3").exit_code == 0  # fmt: skip
    assert run("charter", "join", "req", "--as", "carol-diaz", "--hours", "2").exit_code == 0
    shown = " ".join(run("charter", "show", "req").stdout.split())
    assert "Signed up, waiting to join the team: 2" in shown
    assert "2 sign-ups waiting (Bob Lee and Carol Diaz): copkit charter approve req" in shown
    assert json.loads(run("charter", "list", "--json").stdout)[0]["open_seats"] == 0
    assert "looking for volunteers" not in run("report").stdout

    r = run("charter", "set", "req", "--start", "2026-12-07", "--every-days", "14")
    assert r.exit_code == 0, r.output  # set folds the sign-ups too
    r = run("charter", "approve", "req", "--by", "alice-martin")
    assert r.exit_code == 0, r.output
    data = load(ws)
    assert data["status"] == "chartered"
    assert data["team"] == [
        {"member": "bob-lee", "role": "lead", "hours_per_week": 3},
        {"member": "carol-diaz", "role": "member", "hours_per_week": 2},
    ]
    assert data["volunteers_wanted"] == 0
    assert not (ws / "charters" / "req").exists()
    assert run("check").exit_code == 0


def test_approve_folds_the_sign_ups_it_needs_for_a_lead(ws: Path, run: Run) -> None:
    requested(run)
    assert run("charter", "set", "req", "--start", "2026-12-07", "--every-days", "7").exit_code == 0  # fmt: skip
    assert run("charter", "join", "req", "--as", "bob-lee", "--role", "lead", "--hours", "3").exit_code == 0  # fmt: skip
    r = run("charter", "approve", "req")
    assert r.exit_code == 0, r.output
    assert "req: Bob Lee joined as lead, 3 h a week (sign-up folded into the team)" in r.stderr
    assert load(ws)["team"] == [{"member": "bob-lee", "role": "lead", "hours_per_week": 3}]
    assert load(ws)["volunteers_wanted"] == 1


def test_two_would_be_leads_are_refused_at_the_fold(ws: Path, run: Run) -> None:
    requested(run)
    # two clones: each saw no lead when signing up; git merged both files
    folder = ws / "charters" / "req" / "volunteers"
    folder.mkdir(parents=True)
    (folder / "bob-lee.yaml").write_text("role: lead\nhours_per_week: 3\n")
    (folder / "carol-diaz.yaml").write_text("role: lead\nhours_per_week: 2\n")
    check = run("check")
    assert check.exit_code == 0  # warnings: the organiser decides
    assert (
        "charters/req/volunteers/bob-lee.yaml:1:7: warning: bob-lee signs up to lead req, as "
        "carol-diaz (a charter has one lead); to fix: copkit charter join req --as bob-lee "
        "--role member --hours H"
    ) in check.stdout
    files = snapshot(ws)
    r = run("charter", "set", "req", "--every-days", "7")
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        "error: cannot add the sign-ups to req (rule: a charter has one lead): Bob Lee and "
        "Carol Diaz would lead it",
        "hint: To fix: all but one join as member: copkit charter join req --as carol-diaz "
        "--role member --hours 2",
    ]
    assert snapshot(ws) == files
    # the fix the refusal names: carol-diaz changes her own sign-up
    r = run("charter", "join", "req", "--as", "carol-diaz", "--role", "member", "--hours", "2")
    assert r.exit_code == 0, r.output
    assert run("check").stdout == ""
    r = run("charter", "set", "req", "--every-days", "7")
    assert r.exit_code == 0, r.output
    assert load(ws)["team"] == [
        {"member": "bob-lee", "role": "lead", "hours_per_week": 3},
        {"member": "carol-diaz", "role": "member", "hours_per_week": 2},
    ]


SIGNUP_PROBLEMS = [
    pytest.param(
        "bob-lee.yaml",
        "role: member\nhours_per_week: 0\n",
        "charters/req/volunteers/bob-lee.yaml:2:17: error: a member signs up with 0 hours a "
        "week; only an observer gives none; to fix: copkit charter join req --as bob-lee "
        "--role member --hours H (or copkit charter join req --as bob-lee --role observer)",
        id="zero-hours",
    ),
    pytest.param(
        "bob-lee.yaml",
        "role: boss\nhours_per_week: 2\n",
        "charters/req/volunteers/bob-lee.yaml:1:7: error: role: 'boss' is not one of lead, "
        "member, observer",
        id="role",
    ),
    pytest.param(
        "bob-lee.yaml",
        "role: member\nhours: 2\n",
        "charters/req/volunteers/bob-lee.yaml:2:1: error: unknown key 'hours'",
        id="unknown-key",
    ),
    pytest.param(
        "zed.yaml",
        "role: member\nhours_per_week: 2\n",
        "charters/req/volunteers/zed.yaml: error: sign-up of unknown member 'zed'; add them "
        "with `copkit member add zed --name NAME`, or `git rm charters/req/volunteers/zed.yaml`",
        id="unknown-member",
    ),
    pytest.param(
        "Bob.yaml",
        "role: member\nhours_per_week: 2\n",
        "charters/req/volunteers/Bob.yaml: error: 'Bob' is not a valid id; rename the file to "
        "bob.yaml",
        id="not-a-slug",
    ),
    pytest.param(
        "bob-lee.yml",
        "role: member\nhours_per_week: 2\n",
        "charters/req/volunteers/bob-lee.yml: error: copkit reads .yaml files; rename it to "
        "bob-lee.yaml",
        id="yml",
    ),
]


@pytest.mark.parametrize(("name", "text", "problem"), SIGNUP_PROBLEMS)
def test_check_validates_sign_up_files(
    ws: Path, run: Run, name: str, text: str, problem: str
) -> None:
    requested(run)
    folder = ws / "charters" / "req" / "volunteers"
    folder.mkdir(parents=True)
    (folder / name).write_text(text)
    r = run("check")
    assert r.exit_code == 1
    assert problem in r.stdout, r.stdout


def test_check_flags_sign_ups_for_a_missing_charter_and_stray_files(ws: Path, run: Run) -> None:
    requested(run)
    (ws / "charters" / "gone" / "volunteers").mkdir(parents=True)
    (ws / "charters" / "gone" / "volunteers" / "bob-lee.yaml").write_text("role: observer\n")
    (ws / "charters" / "req").mkdir()
    (ws / "charters" / "req" / "notes.txt").write_text("x")
    r = run("check")
    assert r.exit_code == 1
    assert (
        "charters/gone: error: sign-ups for an unknown charter: there is no "
        "charters/gone.yaml; to fix: git rm -r charters/gone"
    ) in r.stdout
    assert (
        "charters/req/notes.txt: warning: unexpected file in charters/req/; it holds only "
        "volunteers/<member>.yaml sign-ups"
    ) in r.stdout
    # the charter list still reads charters/<id>.yaml only
    assert [c["charter"] for c in json.loads(run("charter", "list", "--json").stdout)] == ["req"]


def test_a_sign_up_can_be_changed_by_its_volunteer(ws: Path, run: Run) -> None:
    requested(run)
    assert run("charter", "join", "req", "--as", "bob-lee", "--hours", "1").exit_code == 0
    r = run("charter", "join", "req", "--as", "bob-lee", "--hours", "2")
    assert r.exit_code == 0, r.output
    assert r.stderr.startswith("Bob Lee changed their sign-up for req as member, 2 h a week")
    path = ws / "charters" / "req" / "volunteers" / "bob-lee.yaml"
    assert path.read_text() == "role: member\nhours_per_week: 2\ndate: 2026-11-28\n"
    files = snapshot(ws)
    r = run("charter", "join", "req", "--as", "bob-lee", "--hours", "2")
    assert r.exit_code == 0
    assert r.stderr == "Bob Lee already signed up for req as member, 2 h a week\n"
    assert snapshot(ws) == files


# ---- real git: three volunteers in three clones ---------------------------------------------------


def git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_MERGE_AUTOEDIT": "no", "GIT_EDITOR": "true"}
    r = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, env=env, check=False
    )
    assert r.returncode == 0, f"git {' '.join(args)}:\n{r.stdout}\n{r.stderr}"
    return r


VOLUNTEERS = {
    "bob-lee": ("lead", "3"),
    "carol-diaz": ("member", "2"),
    "dan-wu": ("observer", None),
}


@pytest.mark.slow
def test_three_volunteers_in_three_clones_never_conflict(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-28")
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    seed = tmp_path / "organiser"
    git(tmp_path, "clone", "-q", str(origin), str(seed))
    git(seed, "checkout", "-q", "-b", "main")
    git(seed, "config", "user.email", "alice@example.org")
    git(seed, "config", "user.name", "Alice")
    assert run("init", str(seed), "--name", "Git CoP").exit_code == 0
    for m in ("alice-martin", *VOLUNTEERS):
        r = run("--root", str(seed), "member", "add", m, "--name", m.title())
        assert r.exit_code == 0, r.output
    monkeypatch.chdir(seed)
    requested(run, seats=2)
    git(seed, "add", "-A")
    git(seed, "commit", "-q", "-m", "Requested charter: incident runbooks")
    git(seed, "push", "-q", "origin", "main")

    # every volunteer clones before anyone pushes: they sign up at the same time
    clones = {}
    for m in VOLUNTEERS:
        clone = tmp_path / m
        git(tmp_path, "clone", "-q", str(origin), str(clone))
        git(clone, "config", "user.email", f"{m}@example.org")
        git(clone, "config", "user.name", m)
        clones[m] = clone
    for m, (role, hours) in VOLUNTEERS.items():
        args = ["--root", str(clones[m]), "charter", "join", "req", "--as", m, "--role", role]
        r = run(*args, *(["--hours", hours] if hours else []))
        assert r.exit_code == 0, r.output
        changed = git(clones[m], "status", "--porcelain").stdout.split()
        assert changed == ["??", "charters/req/"]  # only their own new file
        git(clones[m], "add", "-A")
        git(clones[m], "commit", "-q", "-m", f"{m} volunteers")
    for clone in clones.values():  # push in turn: pull (a plain merge), then push
        pulled = git(clone, "pull", "-q", "--no-rebase", "origin", "main")
        assert "CONFLICT" not in pulled.stdout + pulled.stderr
        git(clone, "push", "-q", "origin", "main")

    git(seed, "pull", "-q", "--no-rebase", "origin", "main")
    signed = sorted(p.name for p in (seed / "charters" / "req" / "volunteers").iterdir())
    assert signed == ["bob-lee.yaml", "carol-diaz.yaml", "dan-wu.yaml"]
    assert run("check").exit_code == 0
    r = run("charter", "set", "req", "--start", "2026-12-07", "--every-days", "14")
    assert r.exit_code == 0, r.output
    r = run("charter", "approve", "req", "--by", "alice-martin")
    assert r.exit_code == 0, r.output
    data = load(seed)
    assert data["team"] == [
        {"member": "bob-lee", "role": "lead", "hours_per_week": 3},
        {"member": "carol-diaz", "role": "member", "hours_per_week": 2},
        {"member": "dan-wu", "role": "observer", "hours_per_week": 0},
    ]
    assert data["volunteers_wanted"] == 0
    git(seed, "add", "-A")
    git(seed, "commit", "-q", "-m", "Approved, with its volunteers")
    git(seed, "push", "-q", "origin", "main")
    assert run("check").exit_code == 0
    assert not git(seed, "ls-files", "charters/req").stdout  # the sign-ups are folded away
