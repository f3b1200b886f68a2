"""Benchmark the matcher on a generated pool: ours (certified exact) vs greedy vs the all-arcs solve.

Usage: python benchmarks/bench_matching.py [--mentees 10000 --mentors 2000 --seed 1] [--no-exact]
Prints figures only; it asserts nothing about timings.

    python benchmarks/bench_matching.py --programs 10 [--people 10000]

runs the stored round instead (bot.services.pairing.run_round, dry run, on a fresh SQLite file):
one workspace with --programs programs and --people memberships spread unevenly over them (the
largest holds about a quarter), some ended pairs in every program, the round in the largest
program. It prints the pool the round read against the workspace's size, and the time against the
baseline: the same program alone in a workspace of its own (ratio ~1 = the other programs cost
the round nothing).
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
from bot.domain.matching.solver import Certificate, propose_certified, propose_matches, score_candidates
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
        f"{label:<9} matched {proposal.matched_count:>6}  total score {proposal.total_score:>9}  "
        f"time {seconds:6.2f} s"
    )


def _seed_programs(url: str, team: str, sizes: list[int], seed: int) -> list[int]:
    """Seed one workspace with a program per size (people: 1 mentor in 5); return program ids."""
    from sqlalchemy import create_engine, insert, select

    from storage.defaults import default_program_values
    from storage.records import (
        IdentityRecord,
        MentorshipRecord,
        PersonRecord,
        ProgramRecord,
        WorkspaceRecord,
    )

    rng = _Random(seed)
    engine = create_engine(url)
    ids: list[int] = []
    with engine.begin() as conn:
        conn.execute(insert(WorkspaceRecord).values(team_id=team, created_at=NOW, active=True))
        user = 0
        for n, size in enumerate(sizes):
            program = conn.execute(
                insert(ProgramRecord)
                .values(**default_program_values(team, NOW, key=f"p{n:02d}", name=f"Program {n}"))
                .returning(ProgramRecord.id)
            ).scalar_one()
            ids.append(int(program))
            first_user = user
            identities: list[dict[str, object]] = []
            for _ in range(size):
                user += 1
                identities.append(
                    {
                        "team_id": team,
                        "slack_user_id": f"U{user:07d}",
                        "name": f"Person {user}",
                        "department": rng.choice(DEPARTMENTS),
                        "manager_slack_id": f"U{rng.randint(1, 400):07d}" if rng.random() < 0.8 else None,
                        "timezone": _weighted(rng, TIMEZONES),
                        "public_shoutouts": False,
                        "do_not_match": [],
                        "created_at": NOW,
                        "updated_at": NOW,
                    }
                )
            conn.execute(insert(IdentityRecord), identities)
            known = dict(
                conn.execute(
                    select(IdentityRecord.slack_user_id, IdentityRecord.id).where(
                        IdentityRecord.team_id == team,
                        IdentityRecord.slack_user_id.in_([i["slack_user_id"] for i in identities]),
                    )
                ).all()
            )
            people = []
            for k, identity in enumerate(identities):
                mentor = k % 5 == 0
                people.append(
                    {
                        "team_id": team,
                        "program_id": program,
                        "identity_id": known[str(identity["slack_user_id"])],
                        "slack_user_id": identity["slack_user_id"],
                        "role": "mentor" if mentor else "mentee",
                        "offers": list(_topics(rng, 2, 6)) if mentor else [],
                        "wants": [] if mentor else list(_topics(rng, 1, 4)),
                        "reasons": [],
                        "capacity": rng.randint(1, 5) if mentor else 1,
                        "cadence": _weighted(rng, CADENCES),
                        "formats": list(_weighted(rng, FORMAT_SETS)),
                        "intro": "",
                        "status": "active",
                        "created_at": NOW,
                        "updated_at": NOW,
                        "joined_at": NOW,
                    }
                )
            conn.execute(insert(PersonRecord), people)
            members = list(
                conn.execute(
                    select(PersonRecord.id, PersonRecord.role).where(PersonRecord.program_id == program)
                ).all()
            )
            mentors = [i for i, role in members if role == "mentor"]
            mentees = [i for i, role in members if role == "mentee"]
            ended = [
                {
                    "team_id": team,
                    "program_id": program,
                    "mentor_id": rng.choice(mentors),
                    "mentee_id": mentee,
                    "status": "ended",
                    "source": "round",
                    "match_reasons": [],
                    "started_at": NOW - timedelta(days=400),
                    "ended_at": NOW - timedelta(days=rng.randint(30, 300)),
                }
                for mentee in mentees
                if rng.random() < 0.05
            ]
            if ended:
                conn.execute(insert(MentorshipRecord), ended)
            assert user - first_user == size
    engine.dispose()
    return ids


def _stored_round(url: str, team: str, program: int) -> tuple[float, int, int, int]:
    """Run a dry-run round in one program; return seconds, pool people, history pairs, pairs."""
    from bot.config import Settings
    from bot.deps import build_deps
    from bot.services import pairing

    deps = build_deps(Settings(_env_file=None, database_url=url), clock=lambda: NOW)
    try:
        with deps.uow(read_only=True) as uow:
            pool = pairing.load_pool(uow, team, NOW, program)
            read, history = len(pool.people), len(pool.history.pairs)
        plan, seconds = _timed(lambda: pairing.run_round(deps, team, None, dry_run=True, program_id=program))
        return seconds, read, history, len(plan.proposal["pairs"])
    finally:
        deps.engine.dispose()


def programs_main(n_programs: int, people: int, seed: int) -> None:
    """One workspace, several programs: a stored round in the largest reads only its own pool."""
    import tempfile

    from storage.migrate import upgrade

    weights = [2.5] + [1.0] * (n_programs - 1) if n_programs > 1 else [1.0]
    sizes = [int(people * w / sum(weights)) for w in weights]
    sizes[0] += people - sum(sizes)
    with tempfile.TemporaryDirectory() as tmp:
        url, alone = f"sqlite:///{tmp}/programs.db", f"sqlite:///{tmp}/alone.db"
        for target in (url, alone):
            upgrade(target)
        ids, seeded = _timed(lambda: _seed_programs(url, "T0BENCH", sizes, seed))
        [alone_id] = _seed_programs(alone, "T0ALONE", sizes[:1], seed)
        print(
            f"workspace: {n_programs} programs, {people} memberships (sizes {sizes}); "
            f"seeded in {seeded:.1f} s"
        )
        runs = [_stored_round(url, "T0BENCH", ids[0]) for _ in range(3)]
        base = [_stored_round(alone, "T0ALONE", alone_id) for _ in range(3)]
    best, baseline = min(r[0] for r in runs), min(r[0] for r in base)
    _, read, history, pairs = runs[0]
    print(
        f"round in the largest program: read {read} of {people} memberships "
        f"({read / people:.0%} of the workspace), {history} past pairs of its own; {pairs} pairs proposed"
    )
    print(
        f"time (best of 3): {best:.2f} s with {n_programs} programs; {baseline:.2f} s baseline "
        f"(the same program alone); ratio {best / baseline:.2f}"
    )


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--programs", type=int, default=0, help="stored round in the largest of N programs")
    parser.add_argument("--people", type=int, default=10_000, help="memberships over the programs")
    parser.add_argument("--mentees", type=int, default=10_000)
    parser.add_argument("--mentors", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--candidates", type=int, default=None, help="candidates per mentee")
    parser.add_argument("--no-exact", action="store_true", help="skip the exact all-pairs run")
    args = parser.parse_args(argv)
    if args.programs:
        programs_main(args.programs, args.people, args.seed)
        return
    weights = MatchWeights()
    pool, generated = _timed(lambda: generate_pool(args.mentees, args.mentors, args.seed))
    slots = sum(p.free_capacity for p in pool.mentors if p.available)
    print(
        f"pool: {args.mentees} mentees, {args.mentors} mentors, {slots} free places "
        f"(generated in {generated:.1f} s)"
    )
    rss_before = _maxrss_mb()

    def ours() -> tuple[MatchProposal, Certificate]:
        return propose_certified(
            pool.mentees, pool.mentors, pool.history, weights, NOW, pool.managers, args.candidates
        )

    (proposal, certificate), seconds = _timed(ours)
    rss_after = _maxrss_mb()
    tracemalloc.start()
    _, traced_seconds = _timed(ours)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(_line("ours", proposal, seconds))
    print(
        f"          {'certified optimal' if certificate.optimal else 'NOT certified'} after "
        f"{certificate.pricing_rounds} pricing rounds, {certificate.arcs_added} arcs added "
        f"({certificate.arcs} arcs in the last solve)"
    )
    print(
        f"          peak RSS {rss_after:.0f} MB (pool alone {rss_before:.0f} MB); "
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
    print(_line("all arcs", exact, exact_seconds))
    print(f"          peak RSS after the all-arcs run {_maxrss_mb():.0f} MB")
    same = (proposal.matched_count, proposal.total_score) == (exact.matched_count, exact.total_score)
    print(f"ours == all arcs (matched, total score): {same}")
    for label, other in (("ours", proposal), ("greedy", greedy)):
        print(
            f"{label}/all arcs: matched {other.matched_count / max(1, exact.matched_count):.4f}, "
            f"total score {other.total_score / max(1, exact.total_score):.4f}"
        )


if __name__ == "__main__":
    main()
