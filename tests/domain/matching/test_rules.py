"""Tests for the matching rules: topics, working hours, scores, constraints and explanations."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.matching.rules import (
    FORMAT_CAUTION,
    HOURS_CAUTION,
    CandidateSummary,
    History,
    MatchWeights,
    Participant,
    PastPair,
    Violation,
    combine_components,
    constraint_violation,
    explain_unmatched,
    history_conflicts,
    management_chain,
    score_pair,
    summarise_candidates,
    topic_fit,
    topic_similarity,
    working_hours_overlap,
)
from tests.support.matching_oracles import greedy_assign, greedy_matches

NOW = datetime(2024, 1, 15, 12, 0, tzinfo=UTC)
WEIGHTS = MatchWeights()


def person(person_id: int, **overrides: Any) -> Participant:
    """Build a participant who would pair with anyone, changed by ``overrides``."""
    values: dict[str, Any] = {
        "person_id": person_id,
        "slack_user_id": f"U{person_id}",
        "name": f"Person {person_id}",
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


MENTEE = person(1, offers=())
MENTOR = person(2, wants=())


# --- topics ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("python", "python", 1.0),
        ("public speaking", "speaking", 0.533),
        ("leadership", "team leadership", 0.533),
        ("api design", "apis", 0.533),
        ("testing", "tests", 0.9),
        ("management", "manager", 0.9),
        ("data engineering", "software engineering", 0.4),
        ("python", "public speaking", 0.0),
        ("go", "golang", 0.0),
        ("machine learning", "the", 0.0),
    ],
)
def test_topic_similarity_table(a: str, b: str, expected: float) -> None:
    assert topic_similarity(a, b) == expected
    assert topic_similarity(b, a) == expected


@given(st.text(max_size=30), st.text(max_size=30))
def test_topic_similarity_is_bounded_symmetric_and_one_only_for_equal(a: str, b: str) -> None:
    similarity = topic_similarity(a, b)
    assert 0.0 <= similarity <= 1.0
    assert similarity == topic_similarity(b, a)
    assert (similarity == 1.0) == (a == b)


@pytest.mark.parametrize(
    ("wants", "offers", "fit", "covered"),
    [
        (("python", "rust"), ("python", "go"), 0.5, ("python",)),
        (("python", "go"), ("go", "python"), 1.0, ("python", "go")),
        (("public speaking",), ("speaking", "python"), 0.533, ("public speaking",)),
        (("python", "public speaking"), ("speaking",), 0.2665, ("public speaking",)),
        (("rust",), ("python",), 0.0, ()),
        ((), ("python",), 0.0, ()),
        (("python",), (), 0.0, ()),
    ],
)
def test_topic_fit_averages_best_similarity_per_wanted_topic(
    wants: tuple[str, ...], offers: tuple[str, ...], fit: float, covered: tuple[str, ...]
) -> None:
    value, names = topic_fit(wants, offers)
    assert value == pytest.approx(fit)
    assert names == covered


# --- working hours --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tz_a", "tz_b", "on", "hours"),
    [
        ("Europe/Berlin", "Europe/Berlin", date(2024, 1, 15), 8.0),
        ("Europe/London", "Europe/Berlin", date(2024, 1, 15), 7.0),
        ("Europe/Berlin", "America/New_York", date(2024, 1, 15), 2.0),
        # The US moves its clocks three weeks before Europe: five hours apart, not six.
        ("Europe/Berlin", "America/New_York", date(2024, 3, 15), 3.0),
        ("Europe/Berlin", "America/New_York", date(2024, 4, 15), 2.0),
        # Berlin switches to summer time on 2024-03-31.
        ("Europe/Berlin", "UTC", date(2024, 3, 30), 7.0),
        ("Europe/Berlin", "UTC", date(2024, 3, 31), 6.0),
        ("Asia/Kolkata", "Europe/Berlin", date(2024, 1, 15), 3.5),
        ("Asia/Kolkata", "Europe/Berlin", date(2024, 7, 15), 4.5),
        # Los Angeles' late afternoon is Tokyo's next morning, in winter only.
        ("America/Los_Angeles", "Asia/Tokyo", date(2024, 1, 15), 1.0),
        ("Asia/Tokyo", "America/Los_Angeles", date(2024, 1, 15), 1.0),
        ("America/Los_Angeles", "Asia/Tokyo", date(2024, 7, 15), 0.0),
        ("Europe/Berlin", "Pacific/Auckland", date(2024, 1, 15), 0.0),
        ("Nowhere/Unknown", "UTC", date(2024, 1, 15), 8.0),
    ],
)
def test_working_hours_overlap_is_dst_aware(tz_a: str, tz_b: str, on: date, hours: float) -> None:
    assert working_hours_overlap(tz_a, tz_b, on) == hours


# --- scoring --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mentee_changes", "mentor_changes", "component", "value", "reason"),
    [
        (
            {"wants": ("python", "public speaking")},
            {"offers": ("public speaking", "python")},
            "topic",
            1.0,
            "You both care about python and public speaking",
        ),
        (
            {"wants": ("public speaking",)},
            {"offers": ("speaking",)},
            "topic",
            0.533,
            "Related topics: public speaking is close to speaking",
        ),
        (
            {"timezone": "Europe/Berlin"},
            {"timezone": "Europe/London"},
            "hours",
            1.0,
            "7 hours of shared working time",
        ),
        (
            {"timezone": "Europe/Berlin"},
            {"timezone": "America/New_York"},
            "hours",
            0.5,
            "2 hours of shared working time",
        ),
        (
            {"timezone": "Asia/Kolkata"},
            {"timezone": "Europe/Berlin"},
            "hours",
            0.875,
            "3.5 hours of shared working time",
        ),
        (
            {"timezone": "Europe/Berlin"},
            {"timezone": "Pacific/Auckland"},
            "hours",
            0.0,
            None,
        ),
        (
            {"cadence": "biweekly"},
            {"cadence": "biweekly"},
            "cadence",
            1.0,
            "Both prefer meeting every two weeks",
        ),
        (
            {"cadence": "weekly"},
            {"cadence": "biweekly"},
            "cadence",
            0.5,
            "Close meeting rhythms: every week and every two weeks",
        ),
        ({"cadence": "weekly"}, {"cadence": "monthly"}, "cadence", 0.0, None),
        (
            {"formats": ("video", "chat")},
            {"formats": ("chat", "video")},
            "format",
            1.0,
            "You can both meet by video or chat",
        ),
        (
            {"formats": ("in_person",)},
            {"formats": ("chat",)},
            "format",
            0.0,
            None,
        ),
        ({"formats": ()}, {"formats": ("chat",)}, "format", 1.0, "You can both meet by chat"),
        (
            {"department": "Sales"},
            {"department": "Engineering"},
            "cross_department",
            1.0,
            "Different departments (Sales, Engineering): a wider view",
        ),
        (
            {"department": "Sales"},
            {"department": " sales "},
            "cross_department",
            0.0,
            "Same department (sales): shared context",
        ),
        ({"department": None}, {"department": "Sales"}, "cross_department", 0.5, None),
    ],
)
def test_score_pair_components_and_reasons(
    mentee_changes: dict[str, Any],
    mentor_changes: dict[str, Any],
    component: str,
    value: float,
    reason: str | None,
) -> None:
    mentee, mentor = replace(MENTEE, **mentee_changes), replace(MENTOR, **mentor_changes)
    scored = score_pair(mentee, mentor, WEIGHTS, NOW)
    assert scored.components[component] == pytest.approx(value)
    if reason is not None:
        assert reason in scored.reasons


@pytest.mark.parametrize(
    ("mentee_changes", "mentor_changes", "cautions"),
    [
        ({"timezone": "Europe/Berlin"}, {"timezone": "Pacific/Auckland"}, (HOURS_CAUTION,)),
        ({"formats": ("in_person",)}, {"formats": ("chat",)}, (FORMAT_CAUTION,)),
        (
            {"timezone": "Europe/Berlin", "formats": ("in_person",)},
            {"timezone": "Pacific/Auckland", "formats": ("chat",)},
            (HOURS_CAUTION, FORMAT_CAUTION),
        ),
        ({"timezone": "Europe/Berlin"}, {"timezone": "America/New_York"}, ()),
    ],
)
def test_warnings_are_cautions_with_a_suggestion_never_reasons(
    mentee_changes: dict[str, Any], mentor_changes: dict[str, Any], cautions: tuple[str, ...]
) -> None:
    scored = score_pair(replace(MENTEE, **mentee_changes), replace(MENTOR, **mentor_changes), WEIGHTS, NOW)
    assert scored.cautions == cautions
    assert not any(r.startswith("No ") for r in scored.reasons)
    assert all(":" in c for c in scored.cautions)  # each caution carries its suggestion


def test_score_is_weighted_mean_scaled_to_1000() -> None:
    mentee = replace(MENTEE, wants=("python", "rust"), timezone="Europe/Berlin", department="Sales")
    mentor = replace(MENTOR, offers=("python",), timezone="America/New_York", department="Sales")
    scored = score_pair(mentee, mentor, WEIGHTS, NOW)
    # topic 0.5, hours 0.5, cadence 1, format 1, department 0:
    # 0.55*0.5 + 0.2*0.5 + 0.1 + 0.05 + 0 = 0.525
    assert scored.score == 525
    assert scored.components == {
        "topic": 0.5,
        "hours": 0.5,
        "cadence": 1.0,
        "format": 1.0,
        "cross_department": 0.0,
    }


@pytest.mark.parametrize(
    ("weights", "score"),
    [
        (MatchWeights(), 525),
        (MatchWeights(topic=1, hours=0, cadence=0, format=0, cross_department=0), 500),
        (MatchWeights(topic=0, hours=0, cadence=1, format=0, cross_department=0), 1000),
        (MatchWeights(topic=1, hours=0, cadence=0, format=0, cross_department=1), 250),
    ],
)
def test_weights_change_the_score(weights: MatchWeights, score: int) -> None:
    assert combine_components(0.5, 0.5, 1.0, 1.0, 0.0, weights) == score


def test_better_topic_cover_scores_higher() -> None:
    half = score_pair(replace(MENTEE, wants=("python", "go")), MENTOR, WEIGHTS, NOW)
    full = score_pair(
        replace(MENTEE, wants=("python", "go")),
        replace(MENTOR, offers=("go", "python")),
        WEIGHTS,
        NOW,
    )
    assert full.score > half.score


@pytest.mark.parametrize(
    "changes",
    [
        {"topic": -0.1},
        {"topic": 0, "hours": 0, "cadence": 0, "format": 0, "cross_department": 0},
        {"min_topic_fit": 1.5},
    ],
)
def test_invalid_weights_are_rejected(changes: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="must"):
        MatchWeights(**changes)  # type: ignore[arg-type]  # only the float weights vary here


# --- hard constraints -----------------------------------------------------------------------

ENDED_100_DAYS_AGO = NOW - timedelta(days=100)
ENDED_200_DAYS_AGO = NOW - timedelta(days=200)


@pytest.mark.parametrize(
    ("mentee_changes", "mentor_changes", "history", "managers", "expected"),
    [
        pytest.param({}, {}, History(), {}, None, id="allowed"),
        pytest.param({}, {"person_id": 1}, History(), {}, Violation.SAME_PERSON, id="same-id"),
        pytest.param(
            {},
            {"slack_user_id": "U1"},
            History(),
            {},
            Violation.SAME_PERSON,
            id="same-slack",
        ),
        pytest.param(
            {"available": False},
            {},
            History(),
            {},
            Violation.UNAVAILABLE,
            id="mentee-paused",
        ),
        pytest.param(
            {},
            {"available": False},
            History(),
            {},
            Violation.UNAVAILABLE,
            id="mentor-paused",
        ),
        pytest.param({}, {"offers": ()}, History(), {}, Violation.NOT_A_MENTOR, id="not-a-mentor"),
        pytest.param(
            {},
            {"capacity": 2, "active_mentees": 2},
            History(),
            {},
            Violation.MENTOR_FULL,
            id="mentor-full",
        ),
        pytest.param({}, {"capacity": 0}, History(), {}, Violation.MENTOR_FULL, id="capacity-zero"),
        pytest.param(
            {"blocked": frozenset({"U2"})},
            {},
            History(),
            {},
            Violation.BLOCKED,
            id="mentee-blocked-mentor",
        ),
        pytest.param(
            {},
            {"blocked": frozenset({"U1"})},
            History(),
            {},
            Violation.BLOCKED,
            id="mentor-blocked-mentee",
        ),
        pytest.param(
            {},
            {},
            History(),
            {"U1": "U2"},
            Violation.REPORTING_LINE,
            id="mentor-is-manager",
        ),
        pytest.param(
            {},
            {},
            History(),
            {"U1": "U9", "U9": "U2"},
            Violation.REPORTING_LINE,
            id="mentor-is-managers-manager",
        ),
        pytest.param(
            {},
            {},
            History(),
            {"U2": "U1"},
            Violation.REPORTING_LINE,
            id="mentee-is-manager",
        ),
        pytest.param(
            {},
            {},
            History(),
            {"U2": "U9", "U9": "U1"},
            Violation.REPORTING_LINE,
            id="mentee-is-mentors-managers-manager",
        ),
        pytest.param(
            {"manager_slack_id": "U2"},
            {},
            History(),
            {},
            Violation.REPORTING_LINE,
            id="manager-from-participant-record",
        ),
        pytest.param(
            {},
            {},
            History(),
            {"U1": "U8", "U8": "U9", "U9": "U2"},
            None,
            id="three-levels-up-is-allowed",
        ),
        pytest.param(
            {},
            {},
            History((PastPair(2, 1, None),)),
            {},
            Violation.ACTIVE_PAIR,
            id="active-pair",
        ),
        pytest.param(
            {},
            {},
            History((PastPair(2, 1, ENDED_200_DAYS_AGO),)),
            {},
            Violation.PREVIOUS_PAIR,
            id="previous-pair-never-repeat",
        ),
        pytest.param(
            {},
            {},
            History((PastPair(1, 2, ENDED_200_DAYS_AGO),)),
            {},
            Violation.PREVIOUS_PAIR,
            id="previous-pair-roles-swapped",
        ),
        pytest.param(
            {},
            {},
            History((PastPair(2, 1, ENDED_100_DAYS_AGO),), 180),
            {},
            Violation.PREVIOUS_PAIR,
            id="previous-pair-inside-cooldown",
        ),
        pytest.param(
            {},
            {},
            History((PastPair(2, 1, ENDED_200_DAYS_AGO),), 180),
            {},
            None,
            id="previous-pair-after-cooldown",
        ),
        pytest.param(
            {},
            {},
            History((PastPair(2, 3, None), PastPair(4, 1, None))),
            {},
            None,
            id="other-peoples-pairs",
        ),
    ],
)
def test_constraint_violation_table(
    mentee_changes: dict[str, Any],
    mentor_changes: dict[str, Any],
    history: History,
    managers: dict[str, str | None],
    expected: Violation | None,
) -> None:
    mentee, mentor = replace(MENTEE, **mentee_changes), replace(MENTOR, **mentor_changes)
    assert constraint_violation(mentee, mentor, history, managers, NOW) == expected


def test_constraints_are_checked_in_order() -> None:
    mentor = replace(MENTOR, person_id=1, available=False, capacity=0)
    assert constraint_violation(MENTEE, mentor, History(), {}, NOW) == Violation.SAME_PERSON
    mentor = replace(MENTOR, available=False, capacity=0)
    assert constraint_violation(MENTEE, mentor, History(), {}, NOW) == Violation.UNAVAILABLE


def test_history_conflicts_prefer_the_active_pair() -> None:
    history = History((PastPair(2, 1, ENDED_200_DAYS_AGO), PastPair(1, 2, None)))
    assert history_conflicts(history, NOW) == {(1, 2): Violation.ACTIVE_PAIR}


@pytest.mark.parametrize(
    ("managers", "direct", "chain"),
    [
        ({}, None, ()),
        ({}, "U2", ("U2",)),
        ({"U1": "U2", "U2": "U3", "U3": "U4"}, None, ("U2", "U3")),
        ({"U1": None}, "U2", ()),
        ({"U1": "U2", "U2": "U1"}, None, ("U2",)),
    ],
)
def test_management_chain_stops_at_two_levels_and_cycles(
    managers: dict[str, str | None], direct: str | None, chain: tuple[str, ...]
) -> None:
    assert management_chain("U1", managers, direct) == chain


# --- explanations and the greedy baseline ---------------------------------------------------


@pytest.mark.parametrize(
    ("mentee_changes", "summary", "expected"),
    [
        ({"available": False}, CandidateSummary(3), "You are paused or opted out"),
        ({"wants": ()}, CandidateSummary(0), "Add the topics you want to learn"),
        ({"wants": ("rust", "go")}, CandidateSummary(0), "No mentor offers rust or go yet"),
        (
            {},
            CandidateSummary(2, ((Violation.MENTOR_FULL, 2),)),
            "Every mentor who fits is at capacity",
        ),
        (
            {},
            CandidateSummary(2, ((Violation.REPORTING_LINE, 1), (Violation.PREVIOUS_PAIR, 1))),
            "Only candidates ruled out by constraints (reporting line / previous pair)",
        ),
        (
            {},
            CandidateSummary(3, ((Violation.MENTOR_FULL, 2), (Violation.BLOCKED, 1))),
            "Only candidates ruled out by constraints (not possible for a private reason); the others",
        ),
        (
            {},
            CandidateSummary(3, ((Violation.MENTOR_FULL, 2),)),
            "Lost out to other mentees for the same mentors; widen your topics",
        ),
    ],
)
def test_explain_unmatched_in_plain_words(
    mentee_changes: dict[str, Any], summary: CandidateSummary, expected: str
) -> None:
    assert explain_unmatched(replace(MENTEE, **mentee_changes), summary).startswith(expected)


def test_summarise_candidates_counts_fitting_mentors_and_their_constraints() -> None:
    mentors = [
        replace(MENTOR, person_id=10, slack_user_id="U10"),
        replace(MENTOR, person_id=11, slack_user_id="U11", active_mentees=1),
        replace(MENTOR, person_id=12, slack_user_id="U12"),
        replace(MENTOR, person_id=13, slack_user_id="U13", offers=("rust",)),
    ]
    summary = summarise_candidates(MENTEE, mentors, History(), {"U1": "U12"}, WEIGHTS, NOW)
    ruled_out = ((Violation.MENTOR_FULL, 1), (Violation.REPORTING_LINE, 1))
    assert summary == CandidateSummary(3, ruled_out)
    assert summary.allowed == 1


def test_greedy_assign_takes_arcs_in_the_given_order_within_capacity() -> None:
    arcs = [(900, 1, 10), (800, 2, 10), (700, 2, 11), (600, 3, 11), (500, 3, 12)]
    assert greedy_assign(arcs, {10: 1, 11: 1, 12: 0}) == {1: 10, 2: 11}


def test_greedy_leaves_a_mentee_out_where_a_swap_would_match_both() -> None:
    both = replace(MENTOR, person_id=10, slack_user_id="U10", offers=("python", "go"))
    python_only = replace(MENTOR, person_id=11, slack_user_id="U11", offers=("python",))
    wide = replace(MENTEE, person_id=1, wants=("python", "go"))
    narrow = replace(MENTEE, person_id=2, slack_user_id="U2b", wants=("go",), timezone="Asia/Tokyo")
    proposal = greedy_matches([wide, narrow], [both, python_only], History(), WEIGHTS, NOW)
    assert [(p.mentee.person_id, p.mentor.person_id) for p in proposal.pairs] == [(1, 10)]
    assert [u.mentee.person_id for u in proposal.unmatched] == [2]
    assert proposal.unmatched[0].reason.startswith("Lost out to other mentees for the same mentors")
