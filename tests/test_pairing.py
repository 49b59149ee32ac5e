"""Accountability partners: the pairing service against brute force, and `challenge pair`."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copkit.errors import CopkitError
from copkit.services.pairing import (
    EXACT_LIMIT,
    _matching,
    met_before,
    pair,
    place_late,
    repeats_in,
)
from tests.conftest import MadeOnce, Place, Run, snapshot

# ---- brute force, written independently of the service -------------------------------------


def _pairings(people: list[str]) -> Iterator[list[list[str]]]:
    if not people:
        yield []
        return
    first = people[0]
    for i in range(1, len(people)):
        rest = people[1:i] + people[i + 1 :]
        for more in _pairings(rest):
            yield [[first, people[i]], *more]


def arrangements(people: list[str]) -> Iterator[list[list[str]]]:
    """Every split into pairs, with one trio when the count is odd."""
    if len(people) % 2 == 0:
        yield from _pairings(people)
        return
    for trio in itertools.combinations(people, 3):
        rest = [p for p in people if p not in trio]
        for more in _pairings(rest):
            yield [list(trio), *more]


def fewest_repeats(people: list[str], history: list[list[str]]) -> int:
    met = met_before(history)
    return min(len(repeats_in(a, met)) for a in arrangements(people))


def late_options(kept: list[list[str]], newcomers: list[str]) -> Iterator[list[list[str]]]:
    """What --late may do: newcomers with each other, or one of them next to an existing pair."""
    if len(newcomers) >= 2:
        for a in arrangements(newcomers):
            yield kept + a
    if len(newcomers) % 2 == 1:
        for u in newcomers:
            rest = [m for m in newcomers if m != u]
            for anchor in (g for g in kept if len(g) == 2):
                others = [g for g in kept if g is not anchor]
                for a in _pairings(rest):
                    yield [*others, [*anchor, u], *a]


def check_shape(groups: list[list[str]], people: list[str]) -> None:
    placed = [m for g in groups for m in g]
    assert sorted(placed) == sorted(people), "everyone exactly once"
    assert all(len(g) in (2, 3) for g in groups)
    assert groups == sorted(sorted(g) for g in groups), "written sorted"


people_st = st.integers(2, 9).map(lambda n: [f"m{i}" for i in range(n)])


@st.composite
def roster_and_history(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    people = draw(people_st)
    pool = [*people, "old-1", "old-2"]  # history also holds people who are not here now
    history = draw(
        st.lists(st.lists(st.sampled_from(pool), min_size=2, max_size=3, unique=True), max_size=12)
    )
    return people, history


# ---- the service -----------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(roster_and_history(), st.integers(0, 10**6))
def test_pairing_has_no_avoidable_repeat(
    case: tuple[list[str], list[list[str]]], seed: int
) -> None:
    people, history = case
    result = pair(people, history, seed)
    check_shape(result.groups, people)
    assert sum(len(g) == 3 for g in result.groups) == len(people) % 2, "one trio when odd"
    assert len(result.repeats) == fewest_repeats(people, history)
    assert result.optimal
    assert result.repeats == repeats_in(result.groups, met_before(history))
    assert pair(list(reversed(people)), history, seed) == result, "same seed, same result"


@settings(max_examples=200, deadline=None)
@given(roster_and_history(), st.integers(0, 6), st.integers(0, 10**6))
def test_late_places_only_newcomers_with_fewest_repeats(
    case: tuple[list[str], list[list[str]]], grouped: int, seed: int
) -> None:
    people, history = case
    grouped = min(grouped, len(people)) // 2 * 2
    kept = [people[i : i + 2] for i in range(0, grouped, 2)]
    newcomers = people[grouped:]
    if len(newcomers) == 1 and not kept:
        return
    result = place_late(kept, people, history, seed)
    check_shape(result.groups, people)
    assert result.placed == sorted(newcomers)
    for group in kept:  # never broken: each old group sits whole inside one new group
        home = [g for g in result.groups if set(group) <= set(g)]
        assert len(home) == 1 and set(home[0]) - set(group) <= set(newcomers)
    met = met_before(history)
    if newcomers:
        best = min(len(repeats_in(o, met)) for o in late_options(kept, newcomers))
        assert len(result.repeats) == best
    assert place_late(kept, people, history, seed) == result


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 10).flatmap(
        lambda n: st.tuples(
            st.just(n), st.sets(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)))
        )
    )
)
def test_blossom_matching_is_maximum(graph: tuple[int, set[tuple[int, int]]]) -> None:
    n, raw = graph
    edges = {(min(a, b), max(a, b)) for a, b in raw if a != b}
    adj: list[list[int]] = [[] for _ in range(n)]
    for a, b in sorted(edges):
        adj[a].append(b)
        adj[b].append(a)
    mate = _matching(list(range(n)), adj)
    assert all(mate[mate[v]] == v and (min(v, mate[v]), max(v, mate[v])) in edges for v in mate)

    def best(free: frozenset[int]) -> int:
        if not free:
            return 0
        v = min(free)
        rest = free - {v}
        return max([best(rest)] + [1 + best(rest - {w}) for w in adj[v] if w in rest])

    assert len(mate) // 2 == best(frozenset(range(n)))


def test_a_large_roster_avoids_every_earlier_partner() -> None:
    people = [f"m{i:03d}" for i in range(121)]
    history = [people[i : i + 2] for i in range(0, 120, 2)]  # last month's pairs
    history += [people[i : i + 3] for i in range(1, 118, 3)]  # and an older month's
    result = pair(people, history, seed=11)
    check_shape(result.groups, people)
    assert result.repeats == [] and result.optimal


def test_a_roster_where_everyone_met_everyone_repeats_only_what_it_must() -> None:
    people = [f"m{i}" for i in range(7)]
    history = [list(g) for g in itertools.combinations(people, 2)]
    result = pair(people, history, seed=1)
    assert len(result.repeats) == 2 + 3 and result.optimal  # two pairs and a trio, all known


# ---- large rosters: the near-optimal method above EXACT_LIMIT ---------------------------------


def _months(people: list[str], months: int, seed: int) -> list[list[str]]:
    import random

    rng = random.Random(seed)
    history: list[list[str]] = []
    for _ in range(months):
        order = people[:]
        rng.shuffle(order)
        history += [order[i : i + 2] for i in range(0, len(order) - 1, 2)]
    return history


@pytest.mark.parametrize("n", [EXACT_LIMIT + 1, EXACT_LIMIT + 2, 2_001])
def test_a_very_large_roster_avoids_earlier_partners_in_linear_time(n: int) -> None:
    people = [f"m{i:05d}" for i in range(n)]
    result = pair(people, _months(people, 6, seed=n), seed=3)
    check_shape(result.groups, people)
    assert sum(len(g) == 3 for g in result.groups) == n % 2
    assert result.repeats == [] and result.optimal  # zero repeats is proven minimal
    assert pair(people, _months(people, 6, seed=n), seed=3) == result  # the seed decides


def test_a_very_large_roster_that_must_repeat_says_it_is_not_proven() -> None:
    people = [f"m{i:03d}" for i in range(EXACT_LIMIT + 20)]
    # everyone in the first half met everyone else in it: repeats cannot all be avoided
    half = people[: len(people) // 2 + 40]
    history = [list(g) for g in itertools.combinations(half, 2)]
    result = pair(people, history, seed=5)
    check_shape(result.groups, people)
    assert result.repeats and not result.optimal


@pytest.mark.slow
def test_ten_thousand_people_are_paired_with_bounded_memory() -> None:
    """F08: every possible pair was materialised (4 GB for 10,000); now linear."""
    import tracemalloc

    people = [f"member-{i:05d}" for i in range(10_000)]
    history = _months(people, 3, seed=1)
    tracemalloc.start()
    try:
        result = pair(people, history, seed=9)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    check_shape(result.groups, people)
    assert result.repeats == []
    assert peak < 100_000_000, f"{peak / 1e6:.0f} MB"


def test_different_seeds_draw_different_groups() -> None:
    people = [f"m{i}" for i in range(10)]
    draws = {tuple(map(tuple, pair(people, [], seed).groups)) for seed in range(20)}
    assert len(draws) > 10


def test_same_seed_same_pairs_in_other_processes() -> None:
    code = (
        "from copkit.services.pairing import pair;"
        "print(pair([f'p{i}' for i in range(15)], [['p1', 'p2'], ['p3', 'p4', 'p5']], 42).groups)"
    )
    outs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(h)},
        ).stdout
        for h in (1, 2, 3)
    }
    assert len(outs) == 1


@pytest.mark.parametrize(
    ("people", "message"),
    [
        pytest.param(
            [],
            "cannot pair 0 participants: a partner group needs at least two people",
            id="nobody",
        ),
        pytest.param(
            ["ann"],
            "cannot pair 1 participant (ann): a partner group needs at least two people",
            id="one",
        ),
    ],
)
def test_too_few_participants(people: list[str], message: str) -> None:
    with pytest.raises(CopkitError) as e:
        pair(people, [], 1)
    assert e.value.message == message


def test_late_newcomer_fills_the_gap_a_leaver_left() -> None:
    kept = [["a", "b"], ["c", "d"], ["e", "f"]]
    result = place_late(kept, ["a", "b", "c", "e", "f", "g"], [], seed=3)  # d left
    assert result.groups == [["a", "b"], ["c", "d", "g"], ["e", "f"]]


def test_late_refuses_when_every_group_is_a_trio() -> None:
    with pytest.raises(CopkitError) as e:
        place_late([["a", "b", "c"]], ["a", "b", "c", "d"], [], seed=1)
    assert e.value.message == (
        "cannot place d: every partner group is already a trio, and a group has at most three people"
    )


# ---- the command -----------------------------------------------------------------------------

MEMBERS = ["dan-wu", "erin-kim", "fay-ng"]
EVERYONE = ["alice-martin", "bob-lee", "carol-diaz", *MEMBERS]


def _winter(root: Path, run: Run) -> None:
    for m in MEMBERS:
        assert run("member", "add", m, "--name", m).exit_code == 0
    r = run("challenge", "new", "winter", "--start", "2026-12-01", "--template", "devops")
    assert r.exit_code == 0, r.output
    for m in EVERYONE:
        assert run("challenge", "join", "winter", "--as", m).exit_code == 0


@pytest.fixture
def winter(made_once: MadeOnce, place: Place) -> Path:
    """Six members joined to `winter` (devops template, from 2026-12-01), not paired yet."""
    return place(made_once("winter", _winter))


def _pairs(root: Path, challenge: str = "winter") -> list[list[str]]:
    from copkit.storage.workspace import Workspace

    return Workspace(root).challenge(challenge).pairs


def test_pair_appends_sorted_pairs_and_the_seed_keeping_the_rest(winter: Path, run: Run) -> None:
    path = winter / "challenges" / "winter.yaml"
    text = path.read_text().replace("days:\n", "days:  # edited by hand\n", 1)
    path.write_text(text)
    r = run("challenge", "pair", "winter", "--seed", "7")
    assert r.exit_code == 0, r.output
    groups = _pairs(winter)
    check_shape(groups, EVERYONE)
    written = "pairs:\n" + "".join(f"  - [{', '.join(g)}]\n" for g in groups)
    assert path.read_text() == text + written + "pairing: {seed: 7, date: 2026-11-28}\n"
    assert "Wrote 3 partner groups to challenges/winter.yaml (seed 7)" in r.stderr
    assert "nobody is paired with a partner from an earlier challenge" in r.stdout


def test_pair_same_seed_same_groups_and_a_drawn_seed_is_recorded(winter: Path, run: Run) -> None:
    first = json.loads(
        run("challenge", "pair", "winter", "--seed", "99", "--dry-run", "--json").stdout
    )
    again = json.loads(
        run("challenge", "pair", "winter", "--seed", "99", "--dry-run", "--json").stdout
    )
    assert first == again and first["written"] is False
    assert list(first) == ["challenge", "pairs", "pairing", "repeats", "placed", "written"]
    assert run("challenge", "pair", "winter").exit_code == 0
    from copkit.storage.workspace import Workspace

    drawn = Workspace(winter).challenge("winter")
    assert drawn.pairing is not None
    replay = run(
        "challenge",
        "pair",
        "winter",
        "--force",
        "--seed",
        str(drawn.pairing.seed),
        "--dry-run",
        "--json",
    )
    assert json.loads(replay.stdout)["pairs"] == drawn.pairs


def test_pair_dry_run_writes_nothing(winter: Path, run: Run) -> None:
    before = snapshot(winter)
    r = run("challenge", "pair", "winter", "--seed", "3", "--dry-run")
    assert r.exit_code == 0
    assert "Partner groups (seed 3)" in r.stdout
    assert "Dry run: challenges/winter.yaml is unchanged." in r.stderr
    assert snapshot(winter) == before


def test_pair_dry_run_says_the_seed_that_writes_the_same_groups(winter: Path, run: Run) -> None:
    import re

    preview = run("challenge", "pair", "winter", "--dry-run")  # no --seed: one is drawn
    assert preview.exit_code == 0
    found = re.search(
        r"To write exactly these groups: (copkit challenge pair winter --seed \d+)", preview.stderr
    )
    assert found, preview.stderr
    args = found.group(1).split()[1:]
    written = run(*args)
    assert written.exit_code == 0, written.output
    assert written.stdout == preview.stdout  # the very groups previewed


def test_pair_refuses_to_redraw_without_force(winter: Path, run: Run) -> None:
    assert run("challenge", "pair", "winter", "--seed", "1").exit_code == 0
    before = snapshot(winter)
    r = run("challenge", "pair", "winter", "--seed", "2")
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        "error: challenges/winter.yaml already has 3 partner groups (drawn 2026-11-28 with seed 1)",
        "hint: Place newcomers with --late, or redraw every group with --force.",
    ]
    assert snapshot(winter) == before
    assert run("challenge", "pair", "winter", "--seed", "2", "--force").exit_code == 0
    assert "seed: 2" in (winter / "challenges" / "winter.yaml").read_text()


def test_pair_late_places_only_newcomers(winter: Path, run: Run) -> None:
    assert run("challenge", "pair", "winter", "--seed", "5").exit_code == 0
    before = _pairs(winter)
    assert run("member", "add", "gus-o", "--name", "Gus").exit_code == 0
    assert run("challenge", "join", "winter", "--as", "gus-o").exit_code == 0
    r = run("challenge", "pair", "winter", "--late")
    assert r.exit_code == 0, r.output
    after = _pairs(winter)
    check_shape(after, [*EVERYONE, "gus-o"])
    for group in before:
        home = [g for g in after if set(group) <= set(g)]
        assert len(home) == 1 and set(home[0]) - set(group) <= {"gus-o"}
    assert "placed now: Gus" in r.stdout  # by name, as a person reads it
    assert "Placed gus-o in challenges/winter.yaml; the other groups are unchanged." in r.stderr
    assert "seed: 5" in (winter / "challenges" / "winter.yaml").read_text(), "first draw kept"
    again = run("challenge", "pair", "winter", "--late")
    assert again.exit_code == 0
    assert "Everyone who joined already has a partner group; nothing to place." in again.stderr


def test_pair_avoids_partners_from_earlier_challenges(winter: Path, run: Run) -> None:
    r = run("challenge", "new", "autumn", "--start", "2026-09-01", "--template", "devops")
    assert r.exit_code == 0
    path = winter / "challenges" / "autumn.yaml"
    earlier = [["alice-martin", "bob-lee"], ["carol-diaz", "dan-wu"], ["erin-kim", "fay-ng"]]
    with path.open("a") as f:
        f.write("pairs:\n" + "".join(f"  - [{', '.join(g)}]\n" for g in earlier))
    for seed in range(4):
        r = run("challenge", "pair", "winter", "--seed", str(seed), "--dry-run", "--json")
        data = json.loads(r.stdout)
        assert data["repeats"] == []
        assert not any(g in data["pairs"] for g in earlier)


def test_pair_leaves_out_who_left_and_late_and_force_conflict(winter: Path, run: Run) -> None:
    assert run("challenge", "leave", "winter", "--as", "fay-ng").exit_code == 0
    r = run("challenge", "pair", "winter", "--seed", "4", "--json", "--dry-run")
    data = json.loads(r.stdout)
    assert sorted(m for g in data["pairs"] for m in g) == EVERYONE[:-1]
    assert [len(g) for g in data["pairs"]].count(3) == 1
    r = run("challenge", "pair", "winter", "--late", "--force")
    assert r.exit_code == 2
    assert "--late keeps the existing groups and --force redraws them; choose one" in r.output


def test_pair_with_one_participant_says_why(ws: Path, run: Run) -> None:
    run("challenge", "new", "solo", "--start", "2026-12-01", "--days", "5")
    run("challenge", "join", "solo", "--as", "bob-lee")
    r = run("challenge", "pair", "solo")
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        "error: cannot pair 1 participant (bob-lee): a partner group needs at least two people",
        "hint: Members join with: copkit challenge join CHALLENGE --as MEMBER",
    ]


def test_pair_late_on_the_demo_fills_the_gap_of_who_left(demo: Path, run: Run) -> None:
    env = {"COPKIT_TODAY": "2026-10-16"}
    assert (
        run("challenge", "join", "observability-october", "--as", "ines-laurent", env=env).exit_code
        == 0
    )
    r = run("challenge", "pair", "observability-october", "--late", env=env)
    assert r.exit_code == 0, r.output
    groups = _pairs(demo, "observability-october")
    # hannah-schmidt left on 2026-10-12: the newcomer joins her partner
    assert ["hannah-schmidt", "ines-laurent", "tomasz-nowak"] in groups
    assert "left the challenge: Hannah Schmidt" in r.stdout
    assert (
        "pairing: {seed: 7, date: 2026-09-30}"
        in (demo / "challenges" / "observability-october.yaml").read_text()
    )
