"""Benchmark the matcher on a generated pool: ours vs naive greedy vs the exact all-pairs optimum.

Usage: python benchmarks/bench_matching.py [--mentees 10000 --mentors 2000 --seed 1] [--no-exact]
Prints figures only; it asserts nothing about timings.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.domain.matching.rules import (
    History,
    MatchProposal,
    MatchWeights,
    Participant,
    PastPair,
    assemble_proposal,
)
from bot.domain.matching.solver import propose_matches, score_candidates
from tests.support.matching_oracles import greedy_assign

NOW = datetime(2025, 3, 18, 9, 0, tzinfo=UTC)
TOPICS = (
    "python",
    "leadership",
    "public speaking",
    "career growth",
    "system design",
    "javascript",
    "product management",
    "machine learning",
    "data engineering",
    "management",
    "sql",
    "api design",
    "cloud architecture",
    "kubernetes",
    "team leadership",
    "negotiation",
    "user experience",
    "testing",
    "security",
    "devops",
    "react",
    "data science",
    "go",
    "typescript",
    "writing",
    "frontend",
    "backend engineering",
    "mobile development",
    "java",
    "feedback",
    "hiring",
    "interviewing",
    "speaking",
    "strategy",
    "marketing",
    "sales",
    "finance",
    "design systems",
    "accessibility",
    "rust",
    "data visualisation",
    "statistics",
    "observability",
    "incident management",
    "agile",
    "stakeholder management",
    "conflict",
    "time management",
    "remote work",
    "mentoring",
    "code review",
    "open source",
    "performance",
    "databases",
    "distributed systems",
    "architecture",
    "technical writing",
    "storytelling",
    "pricing",
    "customer success",
    "analytics",
    "experimentation",
    "product strategy",
    "people management",
    "coaching",
    "career change",
    "promotion",
    "work life balance",
    "apis",
    "software engineering",
    "deep learning",
    "nlp",
    "computer vision",
    "ios",
    "android",
    "c++",
    "embedded systems",
    "networking",
    "compliance",
    "legal",
)
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
CADENCES = (("weekly", 3), ("biweekly", 5), ("monthly", 2))
FORMAT_SETS = (
    (("video",), 5),
    (("video", "chat"), 4),
    (("video", "in_person"), 3),
    (("in_person",), 1),
    (("chat",), 1),
    (("video", "in_person", "chat"), 2),
)
T = TypeVar("T")


@dataclass(frozen=True)
class Pool:
    """A generated matching round."""

    mentees: list[Participant]
    mentors: list[Participant]
    history: History
    managers: dict[str, str | None]


class _Random:
    """A seeded source of choices (numpy's generator, wrapped to return plain Python values)."""

    def __init__(self, seed: int) -> None:
        self._rng = np.random.default_rng(seed)

    def random(self) -> float:
        return float(self._rng.random())

    def randint(self, low: int, high: int) -> int:
        return int(self._rng.integers(low, high + 1))

    def choice(self, options: Sequence[T]) -> T:
        return options[int(self._rng.integers(len(options)))]

    def weighted(self, options: Sequence[T], weights: Sequence[float]) -> T:
        total = sum(weights)
        return options[int(self._rng.choice(len(options), p=[w / total for w in weights]))]


ZIPF = [1.0 / rank for rank in range(1, len(TOPICS) + 1)]


def _weighted(rng: _Random, options: tuple[tuple[T, int], ...]) -> T:
    return rng.weighted([value for value, _ in options], [weight for _, weight in options])


def _topics(rng: _Random, low: int, high: int) -> tuple[str, ...]:
    wanted = rng.randint(low, high)
    chosen: list[str] = []
    while len(chosen) < wanted:
        topic = rng.weighted(TOPICS, ZIPF)
        if topic not in chosen:
            chosen.append(topic)
    return tuple(chosen)


def generate_pool(n_mentees: int, n_mentors: int, seed: int) -> Pool:
    """Generate a realistic pool: Zipf topics, real time zones, an org chart and some history."""
    rng = _Random(seed)
    mentors: list[Participant] = []
    leads = [f"U{n_mentees + j + 1:07d}" for j in range(min(n_mentors, 40))]
    managers_pool = [f"U{n_mentees + j + 1:07d}" for j in range(min(n_mentors, 400))]
    managers: dict[str, str | None] = {}
    for j in range(n_mentors):
        person_id = n_mentees + j + 1
        slack = f"U{person_id:07d}"
        manager = rng.choice(leads) if j >= len(leads) else None
        if manager == slack:
            manager = None
        managers[slack] = manager
        capacity = rng.randint(1, 5)
        mentors.append(
            Participant(
                person_id=person_id,
                slack_user_id=slack,
                name=f"Mentor {j + 1}",
                offers=_topics(rng, 2, 6),
                wants=(),
                department=rng.choice(DEPARTMENTS),
                timezone=_weighted(rng, TIMEZONES),
                cadence=_weighted(rng, CADENCES),
                formats=_weighted(rng, FORMAT_SETS),
                capacity=capacity,
                active_mentees=rng.randint(0, capacity - 1) if rng.random() < 0.2 else 0,
                manager_slack_id=manager,
                available=rng.random() > 0.03,
            )
        )
    mentees: list[Participant] = []
    past: list[PastPair] = []
    for i in range(n_mentees):
        person_id = i + 1
        slack = f"U{person_id:07d}"
        manager = rng.choice(managers_pool) if managers_pool else None
        managers[slack] = manager
        blocked = frozenset({rng.choice(mentors).slack_user_id}) if rng.random() < 0.01 else None
        mentees.append(
            Participant(
                person_id=person_id,
                slack_user_id=slack,
                name=f"Mentee {i + 1}",
                offers=(),
                wants=_topics(rng, 1, 4),
                department=rng.choice(DEPARTMENTS),
                timezone=_weighted(rng, TIMEZONES),
                cadence=_weighted(rng, CADENCES),
                formats=_weighted(rng, FORMAT_SETS),
                manager_slack_id=manager,
                available=rng.random() > 0.02,
                blocked=blocked or frozenset(),
            )
        )
        if mentors and rng.random() < 0.05:
            ended = NOW - timedelta(days=rng.randint(30, 700))
            past.append(PastPair(rng.choice(mentors).person_id, person_id, ended))
    history = History(pairs=tuple(past), repeat_cooldown_days=365)
    return Pool(mentees=mentees, mentors=mentors, history=history, managers=managers)


def _timed(run: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = run()
    return result, time.perf_counter() - started


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _greedy(pool: Pool, weights: MatchWeights) -> MatchProposal:
    """Run the naive best-pair-first baseline over every allowed pair."""
    found = score_candidates(
        pool.mentees, pool.mentors, pool.history, weights, NOW, pool.managers, limit=None
    )
    mentee_ids = np.array([p.person_id for p in found.mentees])[found.mentee_index]
    mentor_ids = np.array([p.person_id for p in found.mentors])[found.mentor_index]
    order = np.lexsort((mentor_ids, mentee_ids, -found.score))

    def arcs() -> Iterator[tuple[int, int, int]]:
        for start in range(0, len(order), 100_000):
            part = order[start : start + 100_000]
            yield from zip(
                found.score[part].tolist(),
                mentee_ids[part].tolist(),
                mentor_ids[part].tolist(),
                strict=True,
            )

    free = {p.person_id: p.free_capacity if p.available else 0 for p in found.mentors}
    assignment = greedy_assign(arcs(), free)
    summaries = dict(zip((p.person_id for p in found.mentees), found.summaries, strict=True))
    return assemble_proposal(
        found.mentees, found.mentors, assignment, lambda p: summaries[p.person_id], weights, NOW
    )


def _line(label: str, proposal: MatchProposal, seconds: float) -> str:
    return (
        f"{label:<8} matched {proposal.matched_count:>6}  total score {proposal.total_score:>9}  "
        f"time {seconds:6.2f} s"
    )


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mentees", type=int, default=10_000)
    parser.add_argument("--mentors", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--candidates", type=int, default=None, help="candidates per mentee")
    parser.add_argument("--no-exact", action="store_true", help="skip the exact all-pairs run")
    args = parser.parse_args(argv)
    weights = MatchWeights()
    pool, generated = _timed(lambda: generate_pool(args.mentees, args.mentors, args.seed))
    slots = sum(p.free_capacity for p in pool.mentors if p.available)
    print(
        f"pool: {args.mentees} mentees, {args.mentors} mentors, {slots} free places "
        f"(generated in {generated:.1f} s)"
    )
    rss_before = _maxrss_mb()

    def ours() -> MatchProposal:
        return propose_matches(
            pool.mentees, pool.mentors, pool.history, weights, NOW, pool.managers, args.candidates
        )

    proposal, seconds = _timed(ours)
    rss_after = _maxrss_mb()
    tracemalloc.start()
    _, traced_seconds = _timed(ours)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(_line("ours", proposal, seconds))
    print(
        f"         peak RSS {rss_after:.0f} MB (pool alone {rss_before:.0f} MB); "
        f"tracemalloc peak {traced_peak / 2**20:.0f} MB (traced run {traced_seconds:.2f} s; "
        "excludes OR-Tools' C++ memory)"
    )
    greedy, greedy_seconds = _timed(lambda: _greedy(pool, weights))
    print(_line("greedy", greedy, greedy_seconds))
    if args.no_exact:
        return
    exact, exact_seconds = _timed(
        lambda: propose_matches(
            pool.mentees,
            pool.mentors,
            pool.history,
            weights,
            NOW,
            pool.managers,
            candidates_per_mentee=max(1, len(pool.mentors)),
        )
    )
    print(_line("exact", exact, exact_seconds))
    print(f"         peak RSS after exact run {_maxrss_mb():.0f} MB")
    for label, other in (("ours", proposal), ("greedy", greedy)):
        print(
            f"{label}/exact: matched {other.matched_count / max(1, exact.matched_count):.4f}, "
            f"total score {other.total_score / max(1, exact.total_score):.4f}"
        )


if __name__ == "__main__":
    main()
