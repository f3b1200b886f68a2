"""Benchmark forming peer circles: ours vs a random grouping vs an upper bound on topic affinity.

Usage: python benchmarks/bench_circles.py [--people 5000 --seed 1] [--min 4 --max 6]
Prints figures only; it asserts nothing about timings.

The quality figure is the average within-circle topic affinity: for each placed person, the mean
topic affinity (0..1) with their circle-mates, averaged over people. The baseline groups the same
people at random into the same sizes (seeded). The upper bound gives each person their best
conceivable circle, ignoring everyone else: the mean of their top (s - 1) affinities, s the
smallest circle size used, which no grouping can beat; once ignoring every rule, once over the
partners the hard rules allow (shared hours, reporting lines, blocks, cooldown).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.domain.circles.model import CircleSettings, Member, PastCircle
from bot.domain.circles.pool import HARD, build_pool
from bot.domain.circles.propose import propose_circles

NOW = datetime(2025, 3, 18, 9, 0, tzinfo=UTC)
CLUSTERS: dict[str, tuple[str, ...]] = {
    "Engineering": (
        "python",
        "system design",
        "distributed systems",
        "code review",
        "testing",
        "api design",
        "kubernetes",
        "observability",
        "backend engineering",
        "frontend",
        "react",
        "databases",
    ),
    "Data": (
        "machine learning",
        "data science",
        "statistics",
        "sql",
        "data engineering",
        "experimentation",
        "data visualisation",
        "deep learning",
        "analytics",
    ),
    "Product": (
        "product management",
        "product strategy",
        "user research",
        "roadmaps",
        "prioritisation",
        "stakeholder management",
        "experimentation",
    ),
    "Design": (
        "user experience",
        "design systems",
        "accessibility",
        "visual design",
        "user research",
        "prototyping",
    ),
    "Sales": ("negotiation", "sales", "customer success", "pricing", "storytelling", "public speaking"),
    "Marketing": ("marketing", "writing", "storytelling", "brand", "public speaking", "analytics"),
    "People": (
        "people management",
        "hiring",
        "interviewing",
        "coaching",
        "feedback",
        "conflict",
        "mentoring",
    ),
    "Leadership": (
        "leadership",
        "team leadership",
        "management",
        "strategy",
        "delegation",
        "feedback",
        "public speaking",
        "career growth",
    ),
    "Growth": (
        "career growth",
        "promotion",
        "career change",
        "time management",
        "work life balance",
        "remote work",
        "writing",
        "public speaking",
    ),
}
TIMEZONES = (
    ("America/Los_Angeles", 10),
    ("America/Denver", 3),
    ("America/Chicago", 6),
    ("America/New_York", 14),
    ("America/Sao_Paulo", 4),
    ("Europe/London", 12),
    ("Europe/Dublin", 3),
    ("Europe/Berlin", 10),
    ("Europe/Paris", 6),
    ("Europe/Warsaw", 5),
    ("Europe/Madrid", 3),
    ("Africa/Lagos", 2),
    ("Asia/Dubai", 2),
    ("Asia/Kolkata", 8),
    ("Asia/Singapore", 4),
    ("Asia/Tokyo", 3),
    ("Australia/Sydney", 4),
    ("Pacific/Auckland", 1),
)
DEPARTMENTS = (
    "Engineering",
    "Product",
    "Design",
    "Sales",
    "Marketing",
    "Finance",
    "People",
    "Support",
    "Data",
    "Legal",
    "Operations",
)
T = TypeVar("T")


def generate_people(count: int, seed: int) -> tuple[list[Member], list[PastCircle]]:
    """Generate members with clustered topics, real zones, departments, an org chart and history."""
    rng = np.random.default_rng(seed)
    names = sorted(CLUSTERS)
    cluster_weights = np.array([1.0 / (rank + 1) ** 0.5 for rank in range(len(names))])
    cluster_weights /= cluster_weights.sum()
    zone_names = [z for z, _ in TIMEZONES]
    zone_weights = np.array([w for _, w in TIMEZONES], dtype=np.float64)
    zone_weights /= zone_weights.sum()
    everything = sorted({t for topics in CLUSTERS.values() for t in topics})
    managers = [f"U{i + 1:07d}" for i in range(max(1, count // 8))]
    members: list[Member] = []
    for i in range(count):
        cluster = CLUSTERS[names[int(rng.choice(len(names), p=cluster_weights))]]
        wanted = int(rng.integers(2, 5))
        chosen: list[str] = []
        while len(chosen) < wanted:
            pool = cluster if rng.random() < 0.8 else everything
            topic = pool[int(rng.integers(len(pool)))]
            if topic not in chosen:
                chosen.append(topic)
        slack = f"U{i + 1:07d}"
        manager = None if i < len(managers) // 10 else managers[int(rng.integers(min(i, len(managers))))]
        blocked = frozenset({f"U{int(rng.integers(count)) + 1:07d}"}) if rng.random() < 0.01 else frozenset()
        members.append(
            Member(
                person_id=i + 1,
                slack_user_id=slack,
                name=f"Person {i + 1}",
                topics=tuple(chosen),
                timezone=zone_names[int(rng.choice(len(zone_names), p=zone_weights))],
                department=DEPARTMENTS[int(rng.integers(len(DEPARTMENTS)))],
                manager_slack_id=manager if manager != slack else None,
                blocked=blocked,
            )
        )
    order = rng.permutation(count)
    history = [
        PastCircle(frozenset(int(p) + 1 for p in order[start : start + 5]), 0)
        for start in range(0, count // 2, 5)
    ]
    return members, history


def _timed(run: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = run()
    return result, time.perf_counter() - started


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def mean_affinity(topic: np.ndarray, circles: Sequence[Sequence[int]]) -> float:
    """Return the mean over people of their mean topic affinity (0..1) with their circle-mates."""
    total, people = 0.0, 0
    for circle in circles:
        idx = np.array(circle)
        block = topic[np.ix_(idx, idx)].astype(np.float64) / 1000
        total += float((block.sum(axis=1) / (len(idx) - 1)).sum())
        people += len(idx)
    return total / max(1, people)


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--min", type=int, default=4)
    parser.add_argument("--max", type=int, default=6)
    args = parser.parse_args(argv)
    settings = CircleSettings(min_size=args.min, max_size=args.max, cooldown_rounds=None)
    (members, history), generated = _timed(lambda: generate_people(args.people, args.seed))
    print(f"pool: {len(members)} people, {len(history)} past circles (generated in {generated:.1f} s)")
    rss_before = _maxrss_mb()
    proposal, seconds = _timed(lambda: propose_circles(members, NOW, settings, history, round_index=1))
    rss_after = _maxrss_mb()
    sizes = sorted({len(c.members) for c in proposal.circles})
    print(
        f"ours     {len(proposal.circles)} circles (sizes {sizes}), {proposal.placed_count} placed, "
        f"{len(proposal.unplaced)} unplaced, method {proposal.method}; time {seconds:.2f} s; "
        f"peak RSS {rss_after:.0f} MB (pool alone {rss_before:.0f} MB)"
    )
    if proposal.note:
        print(f"         note: {proposal.note}")
    pool = build_pool(members, settings, history, NOW, round_index=1)
    index = {m.person_id: i for i, m in enumerate(pool.members)}
    ours = [[index[m.person_id] for m in c.members] for c in proposal.circles]
    placed = np.array(sorted(i for c in ours for i in c))
    shuffled = np.random.default_rng(args.seed).permutation(placed)
    random_circles, start = [], 0
    for circle in ours:
        random_circles.append(shuffled[start : start + len(circle)].tolist())
        start += len(circle)
    smallest = min(len(c) for c in ours)
    rows = pool.topic[placed].astype(np.float64) / 1000
    rows[np.arange(len(placed)), placed] = -1.0
    top = -np.sort(-rows, axis=1)[:, : smallest - 1]
    bound = float(top.mean(axis=1).mean())
    rows[pool.value[placed] == HARD] = -1.0  # only partners the hard rules allow
    top_allowed = -np.sort(-rows, axis=1)[:, : smallest - 1]
    bound_allowed = float(top_allowed.mean(axis=1).mean())
    score_ours, score_random = mean_affinity(pool.topic, ours), mean_affinity(pool.topic, random_circles)
    print("topic affinity (mean over people of mean with circle-mates, 0..1):")
    print(f"  ours {score_ours:.4f}   random {score_random:.4f}")
    print(f"  upper bound {bound:.4f} (ignoring every rule), {bound_allowed:.4f} (allowed partners only)")
    print(
        f"  ours/random {score_ours / score_random:.2f}   ours/upper bound {score_ours / bound:.4f} "
        f"and {score_ours / bound_allowed:.4f}"
    )
    print(f"peak RSS after metrics {_maxrss_mb():.0f} MB")


if __name__ == "__main__":
    main()
