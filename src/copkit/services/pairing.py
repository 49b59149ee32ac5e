"""Accountability partners: groups of two (one trio when odd) with as few repeated partners as possible.

A *repeat* is two people in one new group who were in one group in an earlier challenge. The
minimum is found exactly with maximum matchings (Edmonds' blossom algorithm) on the graph of
"fresh" pairs, people who have never been partners:

- an even roster: a maximum fresh matching, then the people it leaves over paired with each
  other. Those leftovers have no fresh pair among them (else the matching was not maximum),
  so every arrangement has at least `n/2 - matching` repeats and this one has exactly that;
- an odd roster: the same for the rest of the roster after each candidate trio, trios with
  fewer repeats inside first, stopping as soon as no remaining trio can do better (usually at
  the first trio). The search is exhaustive up to 23 people; beyond, a budget of trios caps it
  and the result says whether it is proven minimal.

Above EXACT_LIMIT people the exact search costs too much (every possible pair is a graph edge:
10,000 people took minutes and gigabytes), so a near-optimal method takes over: a seeded
greedy pass pairs each person with the first of the next few people they have never been
partnered with, then a repair pass swaps partners between groups to remove the repeats left.
When no repeat is left the result is still proven minimal (zero is the least); otherwise it
says it is not proven. Memory is linear in the roster and the history.

Pure: the seed, never a random source of the process, decides among equally good arrangements.
"""

from __future__ import annotations

import itertools
import random
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from copkit.errors import CopkitError
from copkit.plural import plural

Pair = tuple[str, str]
TRIO_BUDGET = 2_000  # candidate trios tried for an odd roster before settling for the best found
EXACT_LIMIT = 300  # people solved exactly; above, the near-optimal method (about 1 s here at 300)
GREEDY_WINDOW = 64  # candidates the greedy pass looks at for a fresh partner


@dataclass(frozen=True)
class PairingResult:
    """Groups sorted (members within a group, then groups), and how good they are."""

    groups: list[list[str]]
    repeats: list[Pair] = field(default_factory=list)  # partners who were partners before
    optimal: bool = True  # proven: no arrangement of these people has fewer repeats
    placed: list[str] = field(default_factory=list)  # --late: the people this run placed


def met_before(history: Iterable[Sequence[str]]) -> set[Pair]:
    """Every pair of people who shared a group in `history` (each pair sorted)."""
    met: set[Pair] = set()
    for group in history:
        for a, b in itertools.combinations(sorted(set(group)), 2):
            met.add((a, b))
    return met


def repeats_in(groups: Iterable[Sequence[str]], met: set[Pair]) -> list[Pair]:
    """The pairs inside `groups` that met before, sorted."""
    return sorted(p for p in met_before(groups) if p in met)


def tidy(groups: Iterable[Sequence[str]]) -> list[list[str]]:
    """Members sorted within each group, groups sorted: the order copkit writes."""
    return sorted(sorted(g) for g in groups)


def pair(participants: Sequence[str], history: Iterable[Sequence[str]], seed: int) -> PairingResult:
    """Partner groups for `participants`: pairs, one trio when odd, fewest repeats of `history`."""
    people = sorted(set(participants))
    if len(people) < 2:
        who = f" ({people[0]})" if people else ""
        raise CopkitError(
            f"cannot pair {plural(len(people), 'participant')}{who}: "
            "a partner group needs at least two people",
            hint="Members join with: copkit challenge join CHALLENGE --as MEMBER",
        )
    met = met_before(history)
    groups, optimal = _solve(people, met, random.Random(seed))
    groups = tidy(groups)
    return PairingResult(groups, repeats_in(groups, met), optimal, placed=people)


def place_late(
    existing: Sequence[Sequence[str]],
    participants: Sequence[str],
    history: Iterable[Sequence[str]],
    seed: int,
) -> PairingResult:
    """Place only the participants in no existing group; existing groups are never broken.

    Newcomers are paired with each other; when their count is odd, one of them joins an
    existing pair (making a trio) or two other newcomers, whichever repeats fewest partners.
    On a tie an existing pair wins, one whose partner has left first, so the newcomer fills
    the gap and starts next to someone already going.
    """
    grouped = {m for g in existing for m in g}
    newcomers = sorted(set(participants) - grouped)
    kept = tidy(existing)
    met = met_before(history)
    if not newcomers:
        return PairingResult(kept, repeats_in(kept, met), True, placed=[])
    rng = random.Random(seed)
    active = set(participants)
    anchors = [g for g in kept if len(g) == 2]
    if len(newcomers) % 2 == 0:
        groups, optimal = _solve(newcomers, met, rng)
        return _late_result(kept, groups, met, optimal, newcomers)
    # odd: either a trio among newcomers, or one newcomer joins an existing pair
    best: tuple[int, list[list[str]], bool] | None = None
    order = newcomers[:]
    rng.shuffle(order)
    for u in order:
        if not anchors:
            break
        joined = min(
            anchors,
            key=lambda g: (
                sum(_key(u, m) in met for m in g),
                sum(m in active for m in g),
                rng.random(),
            ),
        )
        cost = sum(_key(u, m) in met for m in joined)
        rest = [m for m in newcomers if m != u]
        groups, optimal = _solve(rest, met, rng) if rest else ([], True)
        cost += len(repeats_in(groups, met))
        if best is None or cost < best[0]:
            merged = [[*joined, u], *groups]
            best = (cost, [g for g in kept if g != joined] + merged, optimal)
    if len(newcomers) >= 3:
        groups, optimal = _solve(newcomers, met, rng)
        cost = len(repeats_in(groups, met))
        if best is None or cost < best[0]:
            best = (cost, kept + groups, optimal)
    if best is None:
        raise CopkitError(
            f"cannot place {newcomers[0]}: every partner group is already a trio, and a group "
            "has at most three people",
            hint="Redraw every group with --force instead of --late.",
        )
    groups = tidy(best[1])
    return PairingResult(groups, repeats_in(groups, met), best[2], placed=newcomers)


def _late_result(
    kept: list[list[str]],
    new: list[list[str]],
    met: set[Pair],
    optimal: bool,
    placed: list[str],
) -> PairingResult:
    groups = tidy(kept + new)
    return PairingResult(groups, repeats_in(groups, met), optimal, placed=placed)


# ---- the solver ------------------------------------------------------------------------------


def _solve(people: list[str], met: set[Pair], rng: random.Random) -> tuple[list[list[str]], bool]:
    """Fewest-repeat groups of `people` (at least two); True when proven minimal."""
    n = len(people)
    if n > EXACT_LIMIT:
        return _near_optimal(people, met, rng)
    order = people[:]
    rng.shuffle(order)  # the seed decides among equally good arrangements
    fresh = [
        [j for j in range(n) if j != i and _key(order[i], order[j]) not in met] for i in range(n)
    ]
    for adj in fresh:
        rng.shuffle(adj)
    if n % 2 == 0:
        return [[order[i] for i in g] for g in _even(list(range(n)), fresh, rng)], True
    if n == 3:
        return [order[:]], True
    bad = [[j != i and _key(order[i], order[j]) in met for j in range(n)] for i in range(n)]
    nu = len(_matching(list(range(n)), fresh)) // 2
    floor = max(0, (n - 3) // 2 - nu)  # repeats among the pairs, whatever the trio
    overall = (n - 1) // 2 - nu  # the trio's first pair counted as one more pair
    best: tuple[int, list[tuple[int, ...]]] | None = None
    tried = 0
    within_budget = True
    for level in range(4):  # repeats inside the trio: 0, 1, 2 or 3
        if best is not None and best[0] <= max(level + floor, overall):
            break
        for trio in itertools.combinations(range(n), 3):
            a, b, c = trio
            if bad[a][b] + bad[a][c] + bad[b][c] != level:
                continue
            tried += 1
            if tried > TRIO_BUDGET:
                within_budget = False
                break
            rest = [i for i in range(n) if i not in trio]
            pairs = _even(rest, fresh, rng)
            cost = level + sum(bad[x][y] for x, y in pairs)
            if best is None or cost < best[0]:
                best = (cost, [trio, *pairs])
                if cost <= max(level + floor, overall):
                    break
        if not within_budget:
            break
    assert best is not None
    proven = within_budget or best[0] <= overall
    return [[order[i] for i in g] for g in best[1]], proven


def _near_optimal(
    people: list[str], met: set[Pair], rng: random.Random
) -> tuple[list[list[str]], bool]:
    """Groups for a large roster in linear time: greedy fresh pairs, then swaps that remove
    repeats. Proven minimal only when no repeat is left."""
    partners: dict[str, set[str]] = {}
    for a, b in met:
        partners.setdefault(a, set()).add(b)
        partners.setdefault(b, set()).add(a)
    none: set[str] = set()

    def fresh(a: str, b: str) -> bool:
        return b not in partners.get(a, none)

    pool = people[:]
    rng.shuffle(pool)
    groups: list[list[str]] = []
    while len(pool) >= 2:
        u = pool.pop()
        for k in range(1, min(GREEDY_WINDOW, len(pool)) + 1):
            if fresh(u, pool[-k]):
                pool[-k], pool[-1] = pool[-1], pool[-k]
                break
        groups.append([u, pool.pop()])
    if pool:  # odd: the last person joins the pair where they repeat fewest partners
        u = pool.pop()
        best = min(
            range(len(groups)),
            key=lambda i: sum(not fresh(u, m) for m in groups[i]),
        )
        groups[best].append(u)

    def repeats(g: list[str]) -> int:
        return sum(not fresh(a, b) for a, b in itertools.combinations(g, 2))

    # repair: a pair with a repeat swaps a partner with another pair when both become fresh
    bad = [i for i, g in enumerate(groups) if len(g) == 2 and repeats(g)]
    twos = [i for i, g in enumerate(groups) if len(g) == 2]
    for i in bad:
        a, b = groups[i]
        if fresh(a, b):
            continue
        for _ in range(GREEDY_WINDOW):
            j = twos[rng.randrange(len(twos))]
            if j == i:
                continue
            c, d = groups[j]
            if fresh(a, c) and fresh(b, d):
                groups[i], groups[j] = [a, c], [b, d]
                break
            if fresh(a, d) and fresh(b, c):
                groups[i], groups[j] = [a, d], [b, c]
                break
    return groups, not any(repeats(g) for g in groups)


def _key(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


def _even(vertices: list[int], fresh: list[list[int]], rng: random.Random) -> list[tuple[int, int]]:
    """An even set split into pairs with as many fresh pairs as possible."""
    match = _matching(vertices, fresh)
    pairs = sorted({(min(v, w), max(v, w)) for v, w in match.items()})
    left = sorted(v for v in vertices if v not in match)
    rng.shuffle(left)
    pairs += [(left[i], left[i + 1]) for i in range(0, len(left), 2)]
    return pairs


def _matching(vertices: list[int], adj: list[list[int]]) -> dict[int, int]:
    """A maximum matching of the graph `adj` restricted to `vertices` (Edmonds' blossoms).

    Returns each matched vertex's mate. O(V^3); rosters stay in the hundreds.
    """
    inside = set(vertices)
    n = len(adj)
    match = [-1] * n
    for v in vertices:  # a greedy start leaves few augmenting paths to find
        if match[v] == -1:
            for w in adj[v]:
                if w in inside and match[w] == -1:
                    match[v], match[w] = w, v
                    break

    def augment(root: int) -> bool:
        parent = [-1] * n
        base = list(range(n))
        used = [False] * n
        used[root] = True
        queue = deque([root])

        def lca(a: int, b: int) -> int:
            seen = [False] * n
            while True:
                a = base[a]
                seen[a] = True
                if match[a] == -1:
                    break
                a = parent[match[a]]
            while True:
                b = base[b]
                if seen[b]:
                    return b
                b = parent[match[b]]

        def mark(v: int, b: int, child: int, blossom: list[bool]) -> None:
            while base[v] != b:
                blossom[base[v]] = blossom[base[match[v]]] = True
                parent[v] = child
                child = match[v]
                v = parent[match[v]]

        while queue:
            v = queue.popleft()
            for to in adj[v]:
                if to not in inside or base[v] == base[to] or match[v] == to:
                    continue
                if to == root or (match[to] != -1 and parent[match[to]] != -1):
                    cur = lca(v, to)
                    blossom = [False] * n
                    mark(v, cur, to, blossom)
                    mark(to, cur, v, blossom)
                    for i in vertices:
                        if blossom[base[i]]:
                            base[i] = cur
                            if not used[i]:
                                used[i] = True
                                queue.append(i)
                elif parent[to] == -1:
                    parent[to] = v
                    if match[to] == -1:
                        while to != -1:  # flip the path root .. to
                            pv = parent[to]
                            ppv = match[pv]
                            match[to], match[pv] = pv, to
                            to = ppv
                        return True
                    used[match[to]] = True
                    queue.append(match[to])
        return False

    for v in vertices:
        if match[v] == -1:
            augment(v)
    return {v: match[v] for v in vertices if match[v] != -1}
