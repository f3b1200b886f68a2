"""Test-only circles oracles: brute-force enumeration of every grouping, and the plain pair value.

Simple enough to trust on pools of 8-10 people, so the tests compare the solvers with them.
Not used by the bot.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import combinations

from bot.domain.circles.model import CircleSettings, Member
from bot.domain.circles.pool import HARD, REPEAT, Pool, largest_plan, size_weights
from bot.domain.matching.rules import topic_fit


def groupings(people: Sequence[int], sizes: Sequence[int]) -> Iterator[list[list[int]]]:
    """Yield every way to form circles of the given sizes (the rest wait), each grouping once."""
    waiting = len(people) - sum(sizes)

    def build(rest: list[int], sizes_left: list[int], wait_left: int) -> Iterator[list[list[int]]]:
        if not rest:
            if not sizes_left:
                yield []
            return
        first, others = rest[0], rest[1:]
        if wait_left:
            yield from build(others, sizes_left, wait_left - 1)
        for size in sorted(set(sizes_left)):
            left = list(sizes_left)
            left.remove(size)
            for mates in combinations(others, size - 1):
                remaining = [p for p in others if p not in mates]
                for tail in build(remaining, left, wait_left):
                    yield [[first, *mates], *tail]

    yield from build(sorted(people), sorted(sizes), waiting)


def brute_force(pool: Pool, people: Sequence[int]) -> tuple[int, int, int] | None:
    """Return (placed, repeated pairs, objective) of the best grouping, lexicographically:
    the most placed, then the fewest repeats, then the highest objective; None if nobody fits."""
    settings = pool.settings
    placed = len(people)
    while placed >= settings.min_size:
        plan = largest_plan(placed, settings.min_size, settings.max_size)
        if plan is None:
            return None
        best: tuple[int, int] | None = None
        for grouping in groupings(people, plan):
            pairs = [(a, b) for c in grouping for n, a in enumerate(c) for b in c[n + 1 :]]
            if any(pool.value[a, b] == HARD for a, b in pairs):
                continue
            repeats = sum(1 for a, b in pairs if pool.value[a, b] == REPEAT)
            gain = _gain(pool, grouping)
            key = (-repeats, gain)
            if best is None or key > best:
                best = key
        if best is not None:
            return sum(plan), -best[0], best[1]
        placed = sum(plan) - 1
    return None


def _gain(pool: Pool, grouping: Sequence[Sequence[int]]) -> int:
    """The objective without penalties (repeats count 0), as the exact solver maximises it."""
    weights = size_weights([len(c) for c in grouping])
    total = 0
    for circle in grouping:
        for n, a in enumerate(circle):
            for b in circle[n + 1 :]:
                total += weights[len(circle)] * max(0, int(pool.value[a, b]))
    return total


def plain_pair_value(a: Member, b: Member, hours: float, settings: CircleSettings) -> int:
    """Return the pair value from ``topic_fit`` with plain Python (no matrices)."""
    affinity = (topic_fit(a.topics, b.topics)[0] + topic_fit(b.topics, a.topics)[0]) / 2
    daily = min(hours / 5, 4.0) / 4.0
    da = (a.department or "").strip().casefold()
    db = (b.department or "").strip().casefold()
    cross = 0.5 if not da or not db else float(da != db)
    raw = (
        settings.topic_weight * affinity + settings.hours_weight * daily + settings.department_weight * cross
    )
    total = settings.topic_weight + settings.hours_weight + settings.department_weight
    return round(1000.0 * raw / total)
