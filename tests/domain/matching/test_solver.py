"""Tests for the global matcher: constraints, optimality against an independent solver, scale."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from bot.domain.matching.rules import (
    MAX_SCORE,
    History,
    MatchProposal,
    MatchWeights,
    Participant,
    PastPair,
    constraint_violation,
    manager_map,
    score_pair,
    summarise_candidates,
    topic_fit,
)
from bot.domain.matching.solver import Candidates, propose_matches, score_candidates, suggest_mentors
from tests.support.matching_oracles import candidate_pairs, greedy_matches

NOW = datetime(2024, 1, 15, 12, 0, tzinfo=UTC)
WEIGHTS = MatchWeights()
TOPICS = ("python", "go", "public speaking", "speaking", "leadership", "team leadership", "sql")
ZONES = ("Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC")
POOL_TOPICS = (
    *TOPICS,
    "api design",
    "apis",
    "system design",
    "data engineering",
    "software engineering",
    "testing",
    "tests",
    "management",
    "product management",
    "career growth",
)
POOL_ZONES = (*ZONES, "Asia/Kolkata", "America/Los_Angeles", "Australia/Sydney", "Europe/London")
FORMAT_CHOICES = ((), ("video",), ("chat",), ("in_person",), ("video", "chat"))


def person(pid: int, /, **overrides: Any) -> Participant:
    """Build a participant who would pair with anyone, changed by ``overrides``."""
    values: dict[str, Any] = {
        "person_id": pid,
        "slack_user_id": f"U{pid}",
        "name": f"Person {pid}",
        "offers": ("python",),
        "wants": ("python",),
        "department": None,
        "timezone": "Europe/Berlin",
        "cadence": "biweekly",
        "formats": ("video",),
        "capacity": 1,
    }
    values.update(overrides)
    return Participant(**values)


def mentee(pid: int, /, **overrides: Any) -> Participant:
    """Build a mentee."""
    return person(pid, **{"offers": (), **overrides})


def mentor(pid: int, /, **overrides: Any) -> Participant:
    """Build a mentor."""
    return person(pid, **{"wants": (), **overrides})


def pairs_of(proposal: MatchProposal) -> list[tuple[int, int]]:
    """Return (mentee id, mentor id) for each proposed pair."""
    return [(p.mentee.person_id, p.mentor.person_id) for p in proposal.pairs]


# --- small fixed instances ------------------------------------------------------------------


def test_optimum_matches_everyone_where_greedy_leaves_a_mentee_out() -> None:
    mentors = [mentor(10, offers=("python", "go")), mentor(11, offers=("python",))]
    mentees = [
        mentee(1, wants=("python", "go")),
        mentee(2, wants=("go",), timezone="Asia/Tokyo"),
    ]
    greedy = greedy_matches(mentees, mentors, History(), WEIGHTS, NOW)
    optimum = propose_matches(mentees, mentors, History(), WEIGHTS, NOW)
    assert greedy.matched_count == 1
    assert pairs_of(optimum) == [(1, 11), (2, 10)]
    assert optimum.unmatched == ()


def test_among_equal_counts_the_higher_total_wins() -> None:
    mentors = [mentor(10, offers=("python",)), mentor(11, offers=("go", "python"))]
    mentees = [mentee(1, wants=("python",)), mentee(2, wants=("go", "python"))]
    proposal = propose_matches(mentees, mentors, History(), WEIGHTS, NOW)
    swapped = (
        score_pair(mentees[0], mentors[1], WEIGHTS, NOW).score
        + score_pair(mentees[1], mentors[0], WEIGHTS, NOW).score
    )
    assert pairs_of(proposal) == [(1, 10), (2, 11)]
    assert proposal.total_score == sum(p.score for p in proposal.pairs) > swapped


def test_matching_more_mentees_beats_a_higher_total() -> None:
    near = {"timezone": "Europe/Berlin", "cadence": "weekly", "formats": ("video",)}
    far = {"timezone": "Pacific/Auckland", "cadence": "monthly", "formats": ("in_person",)}
    mentors = [
        mentor(10, offers=("python", "public speaking", "leadership"), department="Eng", **near),
        mentor(11, offers=("speaking",), department="Sales", **far),
    ]
    mentees = [
        mentee(1, wants=("python", "public speaking"), department="Sales", **near),
        mentee(2, wants=("leadership",), department="Eng", **far),
    ]
    greedy = greedy_matches(mentees, mentors, History(), WEIGHTS, NOW)
    optimum = propose_matches(mentees, mentors, History(), WEIGHTS, NOW)
    assert (greedy.matched_count, greedy.total_score) == (1, 1000)
    assert pairs_of(optimum) == [(1, 11), (2, 10)]
    assert optimum.total_score == 147 + 550


@pytest.mark.parametrize(
    ("mentee_changes", "mentor_changes", "history", "managers"),
    [
        pytest.param({}, {"person_id": 1}, History(), None, id="same-person"),
        pytest.param({}, {"slack_user_id": "U1"}, History(), None, id="same-slack-user"),
        pytest.param({"available": False}, {}, History(), None, id="mentee-paused"),
        pytest.param({}, {"available": False}, History(), None, id="mentor-paused"),
        pytest.param({}, {"capacity": 2, "active_mentees": 2}, History(), None, id="mentor-full"),
        pytest.param({}, {"offers": ()}, History(), None, id="not-a-mentor"),
        pytest.param({"blocked": frozenset({"U10"})}, {}, History(), None, id="mentee-blocked"),
        pytest.param({}, {"blocked": frozenset({"U1"})}, History(), None, id="mentor-blocked"),
        pytest.param({"manager_slack_id": "U10"}, {}, History(), None, id="manager-own-record"),
        pytest.param({}, {}, History(), {"U1": "U7", "U7": "U10"}, id="managers-manager"),
        pytest.param({}, {}, History(), {"U10": "U7", "U7": "U1"}, id="mentee-above-mentor"),
        pytest.param({}, {}, History((PastPair(10, 1, None),)), None, id="active-pair"),
        pytest.param(
            {},
            {},
            History((PastPair(1, 10, NOW - timedelta(days=900)),)),
            None,
            id="past-pair",
        ),
        pytest.param(
            {},
            {},
            History((PastPair(10, 1, NOW - timedelta(days=30)),), repeat_cooldown_days=90),
            None,
            id="inside-cooldown",
        ),
        pytest.param({"wants": ("rust",)}, {}, History(), None, id="no-topic-fit"),
    ],
)
def test_each_hard_constraint_removes_the_pair(
    mentee_changes: dict[str, Any],
    mentor_changes: dict[str, Any],
    history: History,
    managers: dict[str, str | None] | None,
) -> None:
    mentees = [mentee(1, **mentee_changes)]
    mentors = [mentor(10, **mentor_changes)]
    allowed = propose_matches([mentee(1)], [mentor(10)], History(), WEIGHTS, NOW)
    ruled_out = propose_matches(mentees, mentors, history, WEIGHTS, NOW, managers)
    assert pairs_of(allowed) == [(1, 10)]
    assert ruled_out.pairs == ()
    assert suggest_mentors(mentees[0], mentors, history, WEIGHTS, NOW, managers) == ()


def test_history_after_cooldown_allows_the_pair_again() -> None:
    history = History((PastPair(10, 1, NOW - timedelta(days=120)),), repeat_cooldown_days=90)
    proposal = propose_matches([mentee(1)], [mentor(10)], history, WEIGHTS, NOW)
    assert pairs_of(proposal) == [(1, 10)]


def test_min_topic_fit_removes_weak_pairs() -> None:
    mentees = [mentee(1, wants=("python", "go", "sql"))]
    weights = MatchWeights(min_topic_fit=0.5)
    assert propose_matches(mentees, [mentor(10)], History(), WEIGHTS, NOW).matched_count == 1
    assert propose_matches(mentees, [mentor(10)], History(), weights, NOW).matched_count == 0


@pytest.mark.parametrize(
    ("mentees", "mentors", "managers", "reason"),
    [
        ([mentee(1, wants=("rust",))], [mentor(10)], None, "No mentor offers rust yet"),
        (
            [mentee(1)],
            [mentor(10, capacity=1, active_mentees=1)],
            None,
            "Every mentor who fits is at capacity",
        ),
        (
            [mentee(1)],
            [mentor(10), mentor(11, capacity=0)],
            {"U1": "U10"},
            "Only candidates ruled out by constraints (reporting line); the others are at capacity",
        ),
        (
            [mentee(1), mentee(2)],
            [mentor(10)],
            None,
            "Lost out to other mentees for the same mentors; widen your topics",
        ),
        ([mentee(1, available=False)], [mentor(10)], None, "You are paused or opted out"),
    ],
)
def test_unmatched_mentees_get_a_plain_reason(
    mentees: list[Participant],
    mentors: list[Participant],
    managers: dict[str, str | None] | None,
    reason: str,
) -> None:
    proposal = propose_matches(mentees, mentors, History(), WEIGHTS, NOW, managers)
    assert proposal.unmatched[-1].reason.startswith(reason)


def test_pairs_carry_domain_scores_and_reasons() -> None:
    mentees = [mentee(1, wants=("python", "public speaking"), department="Sales")]
    mentors = [mentor(10, offers=("speaking", "python"), department="Engineering")]
    proposal = propose_matches(mentees, mentors, History(), WEIGHTS, NOW)
    expected = score_pair(mentees[0], mentors[0], WEIGHTS, NOW)
    assert proposal.pairs[0].score == expected.score
    assert proposal.pairs[0].reasons == expected.reasons
    assert "Different departments (Sales, Engineering): a wider view" in expected.reasons


def test_free_capacity_counts_current_mentees() -> None:
    mentors = [mentor(10, capacity=3, active_mentees=1)]
    mentees = [mentee(i) for i in range(1, 5)]
    proposal = propose_matches(mentees, mentors, History(), WEIGHTS, NOW)
    assert proposal.matched_count == 2


def test_duplicate_ids_and_bad_limits_are_rejected() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        propose_matches([mentee(1), mentee(1)], [mentor(10)], History(), WEIGHTS, NOW)
    with pytest.raises(ValueError, match="at least 1"):
        propose_matches([mentee(1)], [mentor(10)], History(), WEIGHTS, NOW, None, 0)


def test_empty_inputs_give_an_empty_proposal() -> None:
    assert propose_matches([], [mentor(10)], History(), WEIGHTS, NOW) == MatchProposal((), (), 0)
    proposal = propose_matches([mentee(1)], [], History(), WEIGHTS, NOW)
    assert proposal.unmatched[0].reason == "No mentor offers python yet"


def test_pruned_mentees_left_waiting_get_a_mentor_with_room() -> None:
    # Both mentees rank mentor 10 first; with one candidate each, one would wait.
    mentors = [mentor(10), mentor(11, timezone="Asia/Tokyo")]
    mentees = [mentee(1), mentee(2)]
    proposal = propose_matches(mentees, mentors, History(), WEIGHTS, NOW, candidates_per_mentee=1)
    assert sorted(p.mentor.person_id for p in proposal.pairs) == [10, 11]


# --- suggestions ----------------------------------------------------------------------------


def test_suggest_mentors_ranks_by_score_and_applies_limit_and_exclusions() -> None:
    seeker = mentee(1, wants=("python", "go"))
    mentors = [
        mentor(10, offers=("python",)),
        mentor(11, offers=("go", "python")),
        mentor(12, offers=("go", "python"), timezone="Asia/Tokyo"),
        mentor(13, offers=("go", "python"), capacity=0),
        mentor(14, offers=("rust",)),
        mentor(15, offers=("python",)),
    ]
    found = suggest_mentors(seeker, mentors, History(), WEIGHTS, NOW)
    assert [p.mentor.person_id for p in found] == [11, 12, 10]
    assert [p.score for p in found] == sorted((p.score for p in found), reverse=True)
    assert all(p.reasons for p in found)
    skip = frozenset({11})
    fewer = suggest_mentors(seeker, mentors, History(), WEIGHTS, NOW, limit=2, exclude_ids=skip)
    assert [p.mentor.person_id for p in fewer] == [12, 10]
    everyone = suggest_mentors(seeker, mentors, History(), WEIGHTS, NOW, limit=10)
    assert [p.mentor.person_id for p in everyone] == [11, 12, 10, 15]


# --- random instances -----------------------------------------------------------------------


Instance = tuple[list[Participant], list[Participant], History, dict[str, str | None]]


@st.composite
def instances(draw: st.DrawFn) -> Instance:
    """Draw a small matching round; ids overlap so people can be on both sides."""
    ids = st.integers(min_value=1, max_value=12)
    mentee_ids = draw(st.lists(ids, max_size=8, unique=True))
    mentor_ids = draw(st.lists(ids, min_size=1, max_size=5, unique=True))
    slacks = [f"U{i}" for i in range(1, 13)]
    topics = st.lists(st.sampled_from(TOPICS), max_size=3, unique=True).map(tuple)

    def common() -> dict[str, Any]:
        return {
            "timezone": draw(st.sampled_from(ZONES)),
            "cadence": draw(st.sampled_from(("weekly", "biweekly", "monthly"))),
            "formats": draw(st.sampled_from(((), ("video",), ("chat",), ("video", "chat")))),
            "department": draw(st.sampled_from((None, "Sales", "Engineering"))),
            "available": draw(st.sampled_from((True, True, True, False))),
            "blocked": frozenset(draw(st.lists(st.sampled_from(slacks), max_size=1))),
        }

    mentees = [person(i, offers=(), wants=draw(topics), **common()) for i in mentee_ids]
    mentors = [
        person(
            i,
            wants=(),
            offers=draw(topics),
            capacity=draw(st.integers(0, 3)),
            active_mentees=draw(st.integers(0, 1)),
            **common(),
        )
        for i in mentor_ids
    ]
    managers: dict[str, str | None] = {
        slack: draw(st.sampled_from(slacks))
        for slack in draw(st.lists(st.sampled_from(slacks), max_size=4, unique=True))
    }
    ended = st.one_of(st.none(), st.integers(1, 400).map(lambda d: NOW - timedelta(days=d)))
    past = draw(st.lists(st.tuples(ids, ids, ended), max_size=4))
    history = History(
        pairs=tuple(PastPair(a, b, end) for a, b, end in past),
        repeat_cooldown_days=draw(st.sampled_from((None, 100))),
    )
    return mentees, mentors, history, managers


RANDOM_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def arcs_of(found: Candidates) -> set[tuple[int, int, int]]:
    """Return (score, mentee id, mentor id) for each candidate arc."""
    rows, columns = found.mentee_index.tolist(), found.mentor_index.tolist()
    return {
        (score, found.mentees[i].person_id, found.mentors[j].person_id)
        for i, j, score in zip(rows, columns, found.score.tolist(), strict=True)
    }


def check_valid(proposal: MatchProposal, instance: Instance) -> None:
    """Assert capacities, constraints, topic fit and single assignment for a proposal."""
    mentees, mentors, history, managers = instance
    matched = Counter(p.mentee.person_id for p in proposal.pairs)
    load = Counter(p.mentor.person_id for p in proposal.pairs)
    assert all(count == 1 for count in matched.values())
    assert len(proposal.pairs) + len(proposal.unmatched) == len(mentees)
    assert {u.mentee.person_id for u in proposal.unmatched}.isdisjoint(matched)
    for mentor_ in mentors:
        assert load[mentor_.person_id] <= mentor_.free_capacity
    for pair in proposal.pairs:
        assert constraint_violation(pair.mentee, pair.mentor, history, managers, NOW) is None
        assert topic_fit(pair.mentee.wants, pair.mentor.offers)[0] > 0
    assert proposal.total_score == sum(p.score for p in proposal.pairs)


def exact_objective(instance: Instance) -> int:
    """Return BIG x matched + total score of the optimum, by assignment with replicated mentors."""
    mentees, mentors, history, managers = instance
    big = MAX_SCORE * len(mentees) + 1
    scores = {
        (mentee_id, mentor_id): score
        for score, mentee_id, mentor_id in candidate_pairs(
            mentees,
            mentors,
            history,
            managers,
            WEIGHTS,
            NOW,
        )
    }
    slots = [m.person_id for m in mentors for _ in range(m.free_capacity)]
    cost = np.zeros((len(mentees), len(slots) + len(mentees)))
    for row, mentee_ in enumerate(mentees):
        for column, mentor_id in enumerate(slots):
            score = scores.get((mentee_.person_id, mentor_id))
            if score is not None:
                cost[row, column] = -(big + score)
    rows, columns = linear_sum_assignment(cost)
    return -int(cost[rows, columns].sum())


def objective(proposal: MatchProposal, n_mentees: int) -> int:
    """Return BIG x matched + total score."""
    return (MAX_SCORE * n_mentees + 1) * proposal.matched_count + proposal.total_score


@RANDOM_SETTINGS
@given(instances())
def test_random_proposals_are_valid_and_exactly_optimal(instance: Instance) -> None:
    mentees, mentors, history, managers = instance
    proposal = propose_matches(mentees, mentors, history, WEIGHTS, NOW, managers)
    check_valid(proposal, instance)
    assert objective(proposal, len(mentees)) == exact_objective(instance)


@RANDOM_SETTINGS
@given(instances())
def test_random_proposals_beat_or_equal_greedy(instance: Instance) -> None:
    mentees, mentors, history, managers = instance
    ours = propose_matches(mentees, mentors, history, WEIGHTS, NOW, managers)
    greedy = greedy_matches(mentees, mentors, history, WEIGHTS, NOW, managers)
    check_valid(greedy, instance)
    assert ours.matched_count >= greedy.matched_count
    if ours.matched_count == greedy.matched_count:
        assert ours.total_score >= greedy.total_score


@RANDOM_SETTINGS
@given(instances(), st.integers(1, 3))
def test_pruned_proposals_stay_valid(instance: Instance, limit: int) -> None:
    mentees, mentors, history, managers = instance
    proposal = propose_matches(mentees, mentors, history, WEIGHTS, NOW, managers, limit)
    check_valid(proposal, instance)


@RANDOM_SETTINGS
@given(instances())
def test_vectorised_candidates_agree_with_the_domain(instance: Instance) -> None:
    mentees, mentors, history, managers = instance
    found = score_candidates(mentees, mentors, history, WEIGHTS, NOW, managers)
    assert arcs_of(found) == set(candidate_pairs(mentees, mentors, history, managers, WEIGHTS, NOW))
    for mentee_, summary in zip(found.mentees, found.summaries, strict=True):
        assert summary == summarise_candidates(mentee_, mentors, history, managers, WEIGHTS, NOW)


@RANDOM_SETTINGS
@given(instances(), st.randoms(use_true_random=False))
def test_proposals_do_not_depend_on_input_order(instance: Instance, rng: random.Random) -> None:
    mentees, mentors, history, managers = instance
    first = propose_matches(mentees, mentors, history, WEIGHTS, NOW, managers)
    shuffled_mentees, shuffled_mentors = list(mentees), list(mentors)
    rng.shuffle(shuffled_mentees)
    rng.shuffle(shuffled_mentors)
    second = propose_matches(shuffled_mentees, shuffled_mentors, history, WEIGHTS, NOW, managers)
    assert second == first


def random_pool(seed: int, n_mentees: int, n_mentors: int) -> Instance:
    """Build a seeded random pool of the given size."""
    rng = np.random.default_rng(seed)

    def pick(options: Sequence[Any]) -> Any:
        return options[int(rng.integers(len(options)))]

    def sample(high: int) -> tuple[str, ...]:
        count = int(rng.integers(1, high + 1))
        chosen = rng.choice(len(POOL_TOPICS), count, replace=False)
        return tuple(POOL_TOPICS[int(k)] for k in chosen)

    def common() -> dict[str, Any]:
        return {
            "timezone": pick(POOL_ZONES),
            "cadence": pick(("weekly", "biweekly", "monthly")),
            "formats": pick(FORMAT_CHOICES),
            "department": pick(("Sales", "Engineering", "Legal", None)),
        }

    mentees = [mentee(i, wants=sample(4), **common()) for i in range(1, n_mentees + 1)]
    mentors = [
        mentor(1000 + j, offers=sample(5), capacity=int(rng.integers(1, 4)), **common())
        for j in range(n_mentors)
    ]
    managers: dict[str, str | None] = {
        f"U{i}": f"U{rng.integers(1000, 1000 + n_mentors)}" for i in range(1, n_mentees, 7)
    }
    return mentees, mentors, History(), managers


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_medium_random_pools_are_exactly_optimal(seed: int) -> None:
    instance = random_pool(seed, 60, 25)
    mentees, mentors, history, managers = instance
    proposal = propose_matches(mentees, mentors, history, WEIGHTS, NOW, managers)
    check_valid(proposal, instance)
    assert objective(proposal, len(mentees)) == exact_objective(instance)
    found = score_candidates(mentees, mentors, history, WEIGHTS, NOW, managers)
    assert arcs_of(found) == set(candidate_pairs(mentees, mentors, history, managers, WEIGHTS, NOW))


def test_default_pruning_on_larger_pools_still_reaches_the_exact_optimum() -> None:
    instance = random_pool(7, 400, 250)
    mentees, mentors, history, managers = instance
    pruned = propose_matches(mentees, mentors, history, WEIGHTS, NOW, managers)
    exact = propose_matches(mentees, mentors, history, WEIGHTS, NOW, managers, len(mentors))
    assert score_candidates(mentees, mentors, history, WEIGHTS, NOW, managers, 100).pruned.any()
    check_valid(pruned, instance)
    assert pruned.matched_count == exact.matched_count
    assert pruned.total_score == exact.total_score
    backwards = list(reversed(mentees))
    assert pruned == propose_matches(backwards, mentors, history, WEIGHTS, NOW, managers)


def test_manager_map_reads_participant_records() -> None:
    people = [mentee(1, manager_slack_id="U10"), mentor(10)]
    assert manager_map(people) == {"U1": "U10"}
