"""copkit federation: real git clones of three communities (bare remotes on disk), one
unreachable; the report's figures against each community's own `challenge report`."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO, Run

pytestmark = pytest.mark.slow  # several real git clones and pushes

TODAY = {"COPKIT_TODAY": "2026-12-20"}
IDS = ("data-cop", "devops-cop", "sec-cop")


def git(cwd: Path, *args: str) -> str:
    r = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return r.stdout.strip()


def make_community(base: Path, cid: str, *, drop: int = 0, share: bool = True) -> Path:
    """A copy of the demo community, committed and pushed to a bare remote; returns the remote."""
    work = base / "work" / cid
    work.mkdir(parents=True)
    name = f"{cid.split('-')[0].title()} Community of Practice"
    config = f"name: {name}\ntimezone: Europe/Paris\n"
    if not share:
        config += "federation: {share_quotes: false}\n"
    (work / "copkit.yaml").write_text(config)
    (work / ".gitignore").write_text(".copkit/\n")
    for folder in ("members", "challenges", "journals"):
        shutil.copytree(REPO / folder, work / folder)
    # each community a little different: the first `drop` participants of October left early
    october = work / "journals" / "observability-october"
    for member in sorted(p.name for p in october.iterdir())[:drop]:
        for day in sorted((october / member).glob("day-*.md"))[10:]:
            day.unlink()
    remote = base / "remotes" / f"{cid}.git"
    remote.parent.mkdir(parents=True, exist_ok=True)
    git(base, "init", "--quiet", "--bare", "-b", "main", str(remote))
    git(work, "init", "--quiet", "-b", "main")
    git(work, "add", "-A")
    git(work, "commit", "--quiet", "-m", "the community")
    git(work, "remote", "add", "origin", str(remote))
    git(work, "push", "--quiet", "origin", "main")
    return remote


@pytest.fixture
def programme(tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> Path:
    remotes = {
        "data-cop": make_community(tmp_path, "data-cop", drop=2),
        "devops-cop": make_community(tmp_path, "devops-cop"),
        "sec-cop": make_community(tmp_path, "sec-cop", drop=4, share=False),
    }
    root = tmp_path / "programme"
    r = run("init", str(root), "--name", "Global challenge office")
    assert r.exit_code == 0, r.output
    lines = ["name: Global challenge office", "federation:", "  communities:"]
    lines.append(f"    - {{id: data-cop, path: {remotes['data-cop']}}}")
    lines.append(f"    - {{id: devops-cop, git: {remotes['devops-cop'].as_uri()}}}")
    lines.append(f"    - {{id: gone-cop, git: {(tmp_path / 'nowhere.git').as_uri()}}}")
    lines.append(f"    - {{id: sec-cop, git: {remotes['sec-cop']}}}")
    (root / "copkit.yaml").write_text("\n".join(lines) + "\n")
    monkeypatch.chdir(root)
    return root


def sync(run: Run) -> dict[str, dict[str, object]]:
    r = run("federation", "sync", "--json", "--jobs", "3")
    assert r.exit_code == 1, r.output  # gone-cop cannot be reached
    return {s["community"]: s for s in json.loads(r.stdout)}


def test_sync_report_and_resync(programme: Path, tmp_path: Path, run: Run) -> None:
    got = sync(run)
    assert {c: s["status"] for c, s in got.items()} == {
        "data-cop": "cloned",
        "devops-cop": "cloned",
        "gone-cop": "unreachable",
        "sec-cop": "cloned",
    }
    assert "nowhere.git" in str(got["gone-cop"]["message"])
    clones = programme / ".copkit" / "federation"
    for cid in IDS:
        assert (clones / cid / "copkit.yaml").is_file()

    # the report's figures are each community's own challenge report's
    r = run("federation", "report", "--format", "json", env=TODAY)
    assert r.exit_code == 0, r.output
    assert "gone-cop: left out: not synced yet" in r.stderr
    fed = json.loads(r.stdout)
    by_id = {c["community"]: c for c in fed["communities"]}
    assert by_id["gone-cop"]["problem"].startswith("not synced yet")
    participants = finishers = 0
    for cid in IDS:
        community = by_id[cid]
        assert community["name"] == f"{cid.split('-')[0].title()} Community of Practice"
        # every challenge of the demo community each one was made from
        assert [c["challenge"] for c in community["challenges"]] == sorted(
            p.stem for p in (REPO / "challenges").glob("*.yaml")
        )
        for ch in community["challenges"]:
            r = run(
                "--root",
                str(clones / cid),
                "challenge",
                "report",
                ch["challenge"],
                "--format",
                "json",
                env=TODAY,
            )
            own = json.loads(r.stdout)
            assert ch["participants"] == own["participants"]
            assert ch["finishers"] == len(own["finishers"])
            assert ch["entries"] == own["entries"]
            assert ch["minutes_total"] == own["minutes_total"]
            assert ch["minutes_median"] == own["minutes_median"]
            counted = own["entries"]["done"] + own["entries"]["partial"]
            assert ch["completion"] == round(counted / (own["participants"] * own["length"]), 3)
            participants += own["participants"]
            finishers += len(own["finishers"])
    assert fed["totals"]["participants"] == participants
    assert fed["totals"]["finishers"] == finishers
    assert fed["totals"]["communities"] == 4
    # October was the same calendar everywhere: its days pool the three communities
    day1 = {d["participants"] for d in fed["days"] if d["day"] == 1 and d["communities"] == 3}
    assert day1 == {
        sum(
            c["participants"]
            for cid in IDS
            for c in by_id[cid]["challenges"]
            if c["challenge"] == challenge
        )
        for challenge in sorted(p.stem for p in (REPO / "challenges").glob("*.yaml"))
    }
    assert len(fed["resonated_most"]) == len(fed["resonated_least"]) == 3
    # quotes name their community and author; sec-cop set share_quotes: false
    quoted = {h["community"] for h in fed["highlights"]}
    assert quoted == {"data-cop", "devops-cop"}
    assert all(h["member"] and h["excerpt"] for h in fed["highlights"])

    # a repeat report is read through each clone's own cache; the clones stay clean
    for cid in IDS:
        assert (clones / cid / ".copkit" / "cache.sqlite").is_file()
        assert git(clones / cid, "status", "--porcelain") == ""
    again = run("federation", "report", "--format", "json", env=TODAY)
    assert again.stdout == json.dumps(fed, indent=2, ensure_ascii=False) + "\n"

    # one community changes; only that one is fetched
    work = tmp_path / "work" / "devops-cop"
    (work / "members" / "zoe-new.yaml").write_text("name: Zoe New\n")
    git(work, "add", "-A")
    git(work, "commit", "--quiet", "-m", "a new member")
    git(work, "push", "--quiet", "origin", "main")
    got = sync(run)
    assert {c: s["status"] for c, s in got.items()} == {
        "data-cop": "up to date",
        "devops-cop": "updated",
        "gone-cop": "unreachable",
        "sec-cop": "up to date",
    }
    assert got["devops-cop"]["commit"] == git(work, "rev-parse", "HEAD")
    assert (clones / "devops-cop" / "members" / "zoe-new.yaml").is_file()
    assert [cid for cid in IDS if (clones / cid / ".git" / "FETCH_HEAD").exists()] == ["devops-cop"]

    # history rewritten upstream: reported, the copy kept, the others still sync
    git(work, "commit", "--quiet", "--amend", "-m", "rewritten")
    git(work, "push", "--quiet", "--force", "origin", "main")
    before = git(clones / "devops-cop", "rev-parse", "HEAD")
    got = sync(run)
    assert got["devops-cop"]["status"] == "diverged"
    assert "rewritten upstream" in str(got["devops-cop"]["message"])
    assert git(clones / "devops-cop", "rev-parse", "HEAD") == before
    assert got["data-cop"]["status"] == "up to date"


def test_human_forms_and_export(programme: Path, run: Run) -> None:
    sync(run)
    r = run("federation", "report", env=TODAY)
    assert r.exit_code == 0, r.output
    assert "Federation report" in r.stdout
    assert "data-cop (Data Community of Practice)" in r.stdout
    assert "Days that resonated" in r.stdout
    md = run("federation", "report", "--format", "markdown", env=TODAY).stdout
    assert md.startswith("# Federation report\n")
    assert "## sec-cop (Sec Community of Practice)" in md
    r = run("federation", "report", "--format", "html", "--output", "reports/fed.html", env=TODAY)
    assert r.exit_code == 0, r.output
    page = (programme / "reports" / "fed.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    assert not any(w in page for w in ("src=", "href=", "<link", "@import"))  # self-contained

    r = run("federation", "export", "--format", "jsonl", "--to", "out", "--with-text", env=TODAY)
    assert r.exit_code == 0, r.output
    rows = [json.loads(x) for x in (programme / "out" / "entries.jsonl").read_text().splitlines()]
    assert {e["community"] for e in rows} == set(IDS)
    # sec-cop does not share its words, even with --with-text
    assert all(e["text"] is None for e in rows if e["community"] == "sec-cop")
    assert any(e["text"] for e in rows if e["community"] == "data-cop")


def test_federation_parquet_queried_with_duckdb(programme: Path, run: Run) -> None:
    duckdb = pytest.importorskip("duckdb")
    pytest.importorskip("pyarrow")
    sync(run)
    r = run("federation", "export", "--format", "parquet", "--to", "out", env=TODAY)
    assert r.exit_code == 0, r.output
    fed = json.loads(run("federation", "report", "--format", "json", env=TODAY).stdout)
    rows = duckdb.sql(
        """
        SELECT community, count(*) AS participants, count(*) FILTER (finisher) AS finishers
        FROM 'out/participants.parquet' WHERE "left" IS NULL
        GROUP BY community ORDER BY community
        """
    ).fetchall()
    expected = [
        (c["community"], c["totals"]["participants"], c["totals"]["finishers"])
        for c in fed["communities"]
        if not c["problem"]
    ]
    assert rows == expected
