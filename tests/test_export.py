"""copkit export: tidy tables in CSV, JSON Lines and Parquet, checked against the reports."""

from __future__ import annotations

import csv
import json
import os
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copkit.model.tables import SCHEMA, TABLES, Column, columns
from copkit.storage.tables import csv_text, jsonl_text
from tests.conftest import Run, snapshot

TODAY = {"COPKIT_TODAY": "2026-12-20"}


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_csv_tables_follow_the_schema_and_hold_no_words(demo: Path, run: Run) -> None:
    before = snapshot(demo)
    r = run("export", "--to", "out", env=TODAY)
    assert r.exit_code == 0, r.output
    assert "Wrote 5 tables to out" in r.stderr
    for table in TABLES:
        with (demo / "out" / f"{table}.csv").open(encoding="utf-8") as f:
            header = f.readline().strip().split(",")
        assert header == [c.name for c in columns(table, with_text=False)]
    assert snapshot(demo) == {
        **before,
        **{f"out/{t}.csv": (demo / "out" / f"{t}.csv").read_bytes() for t in TABLES},
    }
    # no journal body and no goal leaves the community without --with-text
    text = "".join((demo / "out" / f"{t}.csv").read_text() for t in TABLES)
    body = (demo / "journals/observability-october/yusuf-demir/day-13.md").read_text()
    words = body.split("---", 2)[2].strip()
    assert words[:40] not in text
    entries = _csv(demo / "out" / "entries.csv")
    assert {e["community"] for e in entries} == {"devops-community-of-practice"}
    files = list((demo / "journals").glob("*/*/day-*.md"))
    assert len(entries) == len(files)


def test_participants_equal_challenge_progress(demo: Path, run: Run) -> None:
    r = run("export", "--format", "jsonl", "--to", "out", "--community", "devops", env=TODAY)
    assert r.exit_code == 0, r.output
    rows = _jsonl(demo / "out" / "participants.jsonl")
    for challenge in ("devops-december", "observability-october"):
        progress = json.loads(run("challenge", "progress", challenge, "--json", env=TODAY).stdout)
        mine = {p["member"]: p for p in rows if p["challenge"] == challenge and p["left"] is None}
        assert sorted(mine) == [p["member"] for p in progress["participants"]]
        for p in progress["participants"]:
            row = mine[p["member"]]
            for key, value in p.items():
                assert row[key] == value, (challenge, p["member"], key)
    entries = _jsonl(demo / "out" / "entries.jsonl")
    assert entries[0]["community"] == "devops"
    assert isinstance(entries[0]["tags"], list)
    assert list(entries[0]) == [c.name for c in columns("entries", with_text=False)]


def test_report_totals_equal_the_entries_table(demo: Path, run: Run) -> None:
    run("export", "--format", "jsonl", "--to", "out", env=TODAY)
    entries = _jsonl(demo / "out" / "entries.jsonl")
    parts = _jsonl(demo / "out" / "participants.jsonl")
    report = json.loads(
        run("challenge", "report", "observability-october", "--format", "json", env=TODAY).stdout
    )
    active = {
        p["member"] for p in parts if p["challenge"] == "observability-october" and not p["left"]
    }
    mine = [
        e for e in entries if e["challenge"] == "observability-october" and e["member"] in active
    ]
    for status in ("done", "partial", "skipped"):
        assert report["entries"][status] == sum(e["status"] == status for e in mine)
    assert report["minutes_total"] == sum(e["minutes"] or 0 for e in mine)
    finishers = sorted(
        p["member"]
        for p in parts
        if p["challenge"] == "observability-october" and p["finisher"] and not p["left"]
    )
    assert finishers == sorted(report["finishers"])


def test_with_text_exports_the_words(demo: Path, run: Run) -> None:
    r = run("export", "--format", "jsonl", "--to", "out", "--with-text", env=TODAY)
    assert r.exit_code == 0, r.output
    entries = _jsonl(demo / "out" / "entries.jsonl")
    row = next(
        e
        for e in entries
        if (e["challenge"], e["member"], e["day"]) == ("observability-october", "yusuf-demir", 13)
    )
    body = (demo / "journals/observability-october/yusuf-demir/day-13.md").read_text()
    assert row["text"] == body.split("---\n", 2)[2]
    assert "goal" in _jsonl(demo / "out" / "participants.jsonl")[0]


def test_with_text_is_what_the_resolving_reader_reads(demo: Path, run: Run) -> None:
    # the words are read where the walk listed each file (29,013 entries: 14.3 s before,
    # when each path was resolved again, 2.2 s after): the same words as read_body gives
    from copkit.model.journal import shareable_words
    from copkit.storage.journals import load_journals, read_body
    from copkit.storage.workspace import Workspace

    r = run("export", "--format", "jsonl", "--to", "out", "--with-text", env=TODAY)
    assert r.exit_code == 0, r.output
    ws = Workspace(demo)
    rows = _jsonl(demo / "out" / "entries.jsonl")
    assert len(rows) > 100
    for cid in {row["challenge"] for row in rows}:
        ch = ws.challenge(str(cid))
        entries = load_journals(ws, str(cid), ch).entries
        for row in (x for x in rows if x["challenge"] == cid):
            member, day = str(row["member"]), int(row["day"])  # type: ignore[call-overload]
            slow = read_body(ws, str(cid), member, day, ch.length)
            assert row["text"] == shareable_words(entries[member][day], slow), (cid, member, day)


def test_an_entry_replaced_by_a_link_after_the_walk_is_not_read(demo: Path, tmp_path: Path) -> None:
    from copkit.storage.journals import load_journals, quoted_bodies
    from copkit.storage.workspace import Workspace

    ws = Workspace(demo)
    cid = "observability-october"
    ch = ws.challenge(cid)
    data = load_journals(ws, cid, ch)
    member, day = "yusuf-demir", 12
    assert not data.entries[member][day].highlight  # not remembered by the walk: read again
    outside = tmp_path / "outside.md"
    outside.write_text("---\nstatus: done\n---\nWords from outside the community.\n")
    entry = demo / "journals" / cid / member / "day-12.md"
    assert quoted_bodies(ws, cid, [(member, day)], ch.length)[0]  # read while it is a file
    entry.unlink()
    entry.symlink_to(outside)
    bodies, sources = quoted_bodies(ws, cid, [(member, day)], ch.length)
    assert bodies == {} and sources == {}


def test_one_challenge(demo: Path, run: Run) -> None:
    r = run("export", "-c", "devops-december", "--to", "out", env=TODAY)
    assert r.exit_code == 0, r.output
    assert "Wrote 5 tables to out: " in r.stderr and ", 1 challenge, " in r.stderr
    for table in ("challenges", "days", "participants"):
        assert {e["challenge"] for e in _csv(demo / "out" / f"{table}.csv")} == {"devops-december"}
    assert _csv(demo / "out" / "entries.csv") == []
    assert len(_csv(demo / "out" / "members.csv")) == len(list((demo / "members").iterdir()))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["-c", "devops-decmber"], "did you mean 'devops-december'", id="typo"),
        pytest.param(["-c", "Dev Ops"], "not a valid challenge id", id="not-a-slug"),
        pytest.param(["--community", "My CoP"], "not a valid community id", id="community"),
    ],
)
def test_bad_arguments(demo: Path, run: Run, args: list[str], message: str) -> None:
    r = run("export", "--to", "out", *args, env=TODAY)
    assert r.exit_code == 1
    assert message in r.stderr
    assert not (demo / "out").exists()


def test_existing_tables_are_kept_without_force(demo: Path, run: Run) -> None:
    (demo / "out").mkdir()
    (demo / "out" / "entries.csv").write_text("mine\n")
    r = run("export", "--to", "out", env=TODAY)
    assert r.exit_code == 1
    assert "out already holds entries.csv; nothing was written" in r.stderr
    assert (demo / "out" / "entries.csv").read_text() == "mine\n"
    assert not (demo / "out" / "members.csv").exists()
    r = run("export", "--to", "out", "--force", env=TODAY)
    assert r.exit_code == 0, r.output
    assert (demo / "out" / "entries.csv").read_text().startswith("community,challenge,")


def test_to_a_file_is_refused(demo: Path, run: Run) -> None:
    (demo / "out").write_text("x")
    r = run("export", "--to", "out", env=TODAY)
    assert r.exit_code == 1
    assert "is a file, not a folder" in r.stderr


def test_parquet_without_pyarrow(demo: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises ImportError
    r = run("export", "--format", "parquet", "--to", "out", env=TODAY)
    assert r.exit_code == 1
    assert "needs pyarrow" in r.stderr
    assert "pip install 'copkit[parquet]'" in r.stderr
    assert not (demo / "out").exists()


def test_parquet_read_back_and_queried_with_duckdb(demo: Path, run: Run) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    duckdb = pytest.importorskip("duckdb")
    r = run("export", "--format", "parquet", "--to", "out", env=TODAY)
    assert r.exit_code == 0, r.output
    entries = pq.read_table(demo / "out" / "entries.parquet")
    assert entries.schema.names == [c.name for c in columns("entries", with_text=False)]
    assert str(entries.schema.field("date").type) == "date32[day]"
    assert str(entries.schema.field("tags").type) == "list<element: string>"
    assert entries.schema.field("mood").metadata == {b"doc": b"1..5"}
    assert entries.num_rows == len(list((demo / "journals").glob("*/*/day-*.md")))

    report = json.loads(
        run("challenge", "report", "observability-october", "--format", "json", env=TODAY).stdout
    )
    out = (demo / "out").as_posix()
    con = duckdb.connect()
    done, partial, skipped, minutes = con.execute(
        f"""
        SELECT count(*) FILTER (status = 'done'), count(*) FILTER (status = 'partial'),
               count(*) FILTER (status = 'skipped'), coalesce(sum(e.minutes), 0)
        FROM '{out}/entries.parquet' e
        JOIN '{out}/participants.parquet' p USING (community, challenge, member)
        WHERE challenge = 'observability-october' AND p."left" IS NULL
        """
    ).fetchone()
    assert report["entries"] == {"done": done, "partial": partial, "skipped": skipped}
    assert report["minutes_total"] == minutes
    by_day = con.execute(
        f"""
        SELECT d.day, count(e.status) FILTER (e.status = 'done')
        FROM '{out}/days.parquet' d
        LEFT JOIN '{out}/entries.parquet' e USING (community, challenge, day)
        LEFT JOIN '{out}/participants.parquet' p USING (community, challenge, member)
        WHERE d.challenge = 'observability-october' AND p."left" IS NULL
        GROUP BY d.day ORDER BY d.day
        """
    ).fetchall()
    assert [(d["day"], d["done"]) for d in report["days"] if d["done"]] == [
        (day, n) for day, n in by_day if n
    ]
    tag = con.execute(
        f"SELECT t, count(*) FROM (SELECT unnest(e.tags) AS t FROM '{out}/entries.parquet' e "
        f"JOIN '{out}/participants.parquet' p USING (community, challenge, member) "
        """WHERE challenge = 'observability-october' AND p."left" IS NULL) """
        "GROUP BY t ORDER BY 2 DESC, t LIMIT 1"
    ).fetchone()
    assert (report["tags"][0]["tag"], report["tags"][0]["count"]) == tag


# ---- the writers, for any text ----------------------------------------------------------

TEXT_COLUMNS = (
    Column("name", "string", ""),
    Column("tags", "list<string>", ""),
    Column("n", "int", ""),
    Column("on", "bool", ""),
    Column("when", "date", ""),
)
texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
rows = st.lists(
    st.fixed_dictionaries(
        {
            "name": st.one_of(st.none(), texts),
            "tags": st.lists(texts.filter(lambda t: ";" not in t and t), max_size=3),
            "n": st.one_of(st.none(), st.integers(-(10**6), 10**6)),
            "on": st.booleans(),
            "when": st.dates(date(2000, 1, 1), date(2100, 1, 1)),
        }
    ),
    max_size=5,
)


@settings(deadline=None, max_examples=int(os.environ.get("COPKIT_HYPOTHESIS", "30")))
@given(rows)
def test_jsonl_round_trips_any_text(data: list[dict[str, object]]) -> None:
    back = [json.loads(line) for line in jsonl_text(TEXT_COLUMNS, data).split("\n") if line]
    assert back == [{**r, "when": r["when"].isoformat()} for r in data]  # type: ignore[attr-defined]


@settings(deadline=None, max_examples=int(os.environ.get("COPKIT_HYPOTHESIS", "30")))
@given(rows)
def test_csv_round_trips_any_text(data: list[dict[str, object]]) -> None:
    import io

    back = list(csv.DictReader(io.StringIO(csv_text(TEXT_COLUMNS, data), newline="")))
    assert len(back) == len(data)
    for got, want in zip(back, data, strict=True):
        assert got["name"] == (want["name"] or "")
        assert got["tags"] == ";".join(want["tags"])  # type: ignore[arg-type]
        assert got["n"] == ("" if want["n"] is None else str(want["n"]))
        assert got["on"] == ("true" if want["on"] else "false")


def test_every_column_is_documented() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "federation.md").read_text()
    for table, cols in SCHEMA.items():
        assert f"`{table}`" in doc
        for c in cols:
            assert f"| `{c.name}` | {c.type} |" in doc, (table, c.name)


def test_the_docs_queries_run_over_two_communities(
    demo: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    duckdb = pytest.importorskip("duckdb")
    pytest.importorskip("pyarrow")
    for community in ("devops", "data"):
        r = run(
            "export",
            "-f",
            "parquet",
            "--to",
            f"exports/{community}",
            "--community",
            community,
            env=TODAY,
        )
        assert r.exit_code == 0, r.output
    doc = (Path(__file__).resolve().parents[1] / "docs" / "federation.md").read_text()
    queries = [
        q.strip()
        for block in doc.split("```sql")[1:]
        for q in block.split("```")[0].split(";")
        if q.strip() and "exports/*" in q
    ]
    assert len(queries) >= 4
    con = duckdb.connect()
    monkeypatch.chdir(demo)
    results = [con.execute(q).fetchall() for q in queries]
    assert all(results)
    per_community = results[0]
    assert {row[0] for row in per_community} == {"data", "devops"}
    report = json.loads(
        run("challenge", "report", "observability-october", "--format", "json", env=TODAY).stdout
    )
    row = next(r for r in per_community if r[:2] == ("devops", "observability-october"))
    assert row[2] == report["participants"]
    assert row[4] == len(report["finishers"])


def test_parquet_tables_are_written_through_random_temporary_files(
    demo: Path, run: Run, tmp_path: Path
) -> None:
    """A link planted at the name the parquet writer once used (`.<table>.<pid>.tmp`) is never
    followed: the temporary file is random and exclusive, as every other write's."""
    pytest.importorskip("pyarrow.parquet")
    outside = tmp_path / "outside.txt"
    outside.write_text("not copkit's\n")
    (demo / "out").mkdir()
    for pid in range(os.getpid() - 5, os.getpid() + 50):
        (demo / "out" / f".entries.parquet.{pid}.tmp").symlink_to(outside)
    r = run("export", "--format", "parquet", "--to", "out", env=TODAY)
    assert r.exit_code == 0, r.output
    assert outside.read_text() == "not copkit's\n"
    assert (demo / "out" / "entries.parquet").is_file()
    assert not [p for p in (demo / "out").iterdir() if p.name.endswith(".copkit-tmp")]
