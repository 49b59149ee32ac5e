"""Issue 20, values and resources: an infinite budget (F18), one tag in two Unicode forms
(F33), and an --ics target read in full to compare 15 bytes (F19)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import Run

OCT = "observability-october"


def test_an_infinite_budget_is_refused_by_check(demo: Path, run: Run) -> None:
    path = demo / "charters" / "food-bank-pipeline.yaml"
    text = path.read_text()
    assert "amount:" in text
    lines = [
        line.replace(line.split("amount:")[1].split(",")[0], " .inf") if "amount:" in line else line
        for line in text.splitlines(keepends=True)
    ]
    path.write_text("".join(lines))
    r = run("check")
    assert r.exit_code == 1
    assert "charters/food-bank-pipeline.yaml" in r.stdout and "amount" in r.stdout


def test_a_tag_in_two_unicode_forms_counts_once(demo: Path, run: Run) -> None:
    folder = demo / "journals" / OCT
    nfc, nfd = unicodedata.normalize("NFC", "café"), unicodedata.normalize("NFD", "café")
    assert nfc != nfd
    for member, tag in (("mei-chen", nfc), ("priya-raman", nfd)):
        entry = folder / member / "day-03.md"
        text = entry.read_text(encoding="utf-8")
        head, body = text.split("\n---\n", 1)
        head = "\n".join(line for line in head.splitlines() if not line.startswith("tags:"))
        entry.write_text(f"{head}\ntags: [{tag}]\n---\n{body}", encoding="utf-8")
    r = run("challenge", "report", OCT, "--format", "json", env={"COPKIT_TODAY": "2026-11-20"})
    assert r.exit_code == 0, r.output
    tags = {t["tag"]: t["count"] for t in json.loads(r.stdout)["tags"]}
    assert tags.get(nfc) == 2 and nfd not in tags


def test_ics_target_is_judged_by_its_first_bytes_only(
    demo: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = demo / "october.ics"
    target.write_bytes(b"BEGIN:VCALENDAR\r\n" + b"X" * 1_000_000)
    reads: list[int] = []
    real = Path.read_bytes

    def spy(self: Path) -> bytes:
        data = real(self)
        if self.name == "october.ics":
            reads.append(len(data))
        return data

    monkeypatch.setattr(Path, "read_bytes", spy)
    r = run("challenge", "calendar", OCT, "--ics", "october.ics")
    assert r.exit_code == 0, r.output
    assert reads == []  # never read whole
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR") and target.stat().st_size < 100_000
