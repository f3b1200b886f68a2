"""Tests for forming circles: sizes, hard rules, cooldown, reasons, unplaced people and the JSON."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.circles.model import CircleSettings, Member, PastCircle
from bot.domain.circles.pool import build_pool, largest_plan, plan_sizes
from bot.domain.circles.propose import hours_reason, propose_circles
from bot.domain.meeting_times import Window

NOW = datetime(2025, 3, 18, 9, 0, tzinfo=UTC)  # a Tuesday; the compared week is Wed 19 - Tue 25


def person(person_id: int, **overrides: Any) -> Member:
    """Build a member in Berlin who wants to talk about public speaking, changed by ``overrides``."""
    values: dict[str, Any] = {
        "person_id": person_id,
        "slack_user_id": f"U{person_id}",
        "name": f"Person {person_id}",
        "topics": ("public speaking",),
        "timezone": "Europe/Berlin",
        "department": None,
    }
    values.update(overrides)
    return Member(**values)


def ids(proposal: Any) -> list[list[int]]:
    return [[m.person_id for m in c.members] for c in proposal.circles]


@pytest.mark.parametrize(
    ("count", "low", "high", "expected"),
    [
        (3, 4, 6, None),
        (4, 4, 6, (4,)),
        (6, 4, 6, (6,)),
        (7, 4, 6, None),
        (8, 4, 6, (4, 4)),
        (10, 4, 6, (5, 5)),
        (11, 4, 6, (6, 5)),
        (12, 4, 6, (6, 6)),
        (13, 4, 6, (5, 4, 4)),
        (16, 4, 6, (6, 5, 5)),
        (12, 5, 5, None),
        (9, 3, 3, (3, 3, 3)),
        (5000, 4, 6, (5,) * 1000),
    ],
)
def test_plan_sizes_are_balanced_within_bounds(count, low, high, expected):
    assert plan_sizes(count, low, high) == expected


@given(count=st.integers(0, 400), low=st.integers(2, 8), extra=st.integers(0, 4))
def test_property_plans_are_within_bounds_balanced_and_exist_when_possible(count, low, extra):
    high = low + extra
    plan = plan_sizes(count, low, high)
    possible = any(low <= count / k <= high for k in range(1, count + 1))
    assert (plan is not None) == possible
    if plan is not None:
        assert sum(plan) == count
        assert all(low <= s <= high for s in plan)
        assert max(plan) - min(plan) <= 1


def test_hours_across_utc_midnight_are_named_per_utc_day():
    # Los Angeles (16:00-24:00 UTC in March) and Auckland (20:00-04:00 UTC): 20:00-24:00 UTC.
    people = [person(i, timezone="America/Los_Angeles" if i % 2 else "Pacific/Auckland") for i in range(1, 5)]
    (circle,) = propose_circles(people, NOW).circles
    assert circle.reasons[1] == "Mon–Thu 20:00–24:00 UTC works for all of you"
    assert all(w.end - w.start >= timedelta(hours=1) for w in circle.common_hours)


@pytest.mark.parametrize(
    ("count", "low", "high", "placed"), [(7, 4, 6, 6), (12, 5, 5, 10), (3, 4, 6, None), (14, 5, 5, 10)]
)
def test_largest_plan_places_the_most_people_that_split(count, low, high, placed):
    plan = largest_plan(count, low, high)
    assert (None if plan is None else sum(plan)) == placed


def test_never_a_two_beside_sixes():
    people = [person(i) for i in range(1, 15)]
    proposal = propose_circles(people, NOW)
    sizes = sorted(len(c.members) for c in proposal.circles)
    assert sizes == [4, 5, 5]
    assert not proposal.unplaced


def test_too_few_people_each_get_a_reason():
    proposal = propose_circles([person(i) for i in range(1, 4)], NOW)
    assert not proposal.circles
    assert [u.reason for u in proposal.unplaced] == [
        "Only 3 people are waiting for a circle; a circle needs at least 4"
    ] * 3


def test_seven_people_cannot_split_into_four_to_six_so_one_waits():
    proposal = propose_circles([person(i) for i in range(1, 8)], NOW)
    assert [len(c.members) for c in proposal.circles] == [6]
    assert len(proposal.unplaced) == 1
    assert proposal.unplaced[0].reason == (
        "The 7 people waiting can't all be split into balanced circles of 4–6, so you wait for the next round"
    )


@pytest.mark.parametrize(
    ("name", "changes"),
    [
        ("direct manager", {2: {"manager_slack_id": "U1"}}),
        ("manager's manager", {2: {"manager_slack_id": "U9"}, 3: {"manager_slack_id": "U1"}}),
        ("blocked one way", {1: {"blocked": frozenset({"U2"})}}),
    ],
)
def test_hard_pairs_never_share_a_circle(name, changes):
    # Eight people: two circles of four; person 1 and person 2 must be apart.
    people = [person(i, **changes.get(i, {})) for i in range(1, 9)]
    managers = {"U9": "U1"} if name == "manager's manager" else None
    for limit in (24, 0):  # exact and local search
        proposal = propose_circles(people, NOW, managers=managers, exact_limit=limit)
        assert len(proposal.circles) == 2, name
        for circle in ids(proposal):
            assert not {1, 2} <= set(circle), (name, limit)


def test_the_chain_counts_through_people_outside_the_pool():
    # U3's manager U9 (not waiting) reports to U1: U1 is up U3's chain.
    people = [person(i, manager_slack_id="U9" if i == 3 else None) for i in range(1, 9)]
    proposal = propose_circles(people, NOW, managers={"U9": "U1"})
    assert all(not {1, 3} <= set(c) for c in ids(proposal))


def test_no_common_working_hours_keeps_people_apart_and_explains():
    # Tokyo works 00:00-08:00 UTC, London 09:00-17:00 UTC (GMT in March): nothing shared.
    tokyo = [person(i, timezone="Asia/Tokyo") for i in range(1, 5)]
    london = person(5, timezone="Europe/London")
    proposal = propose_circles([*tokyo, london], NOW)
    assert ids(proposal) == [[1, 2, 3, 4]]
    assert [u.member.person_id for u in proposal.unplaced] == [5]
    assert proposal.unplaced[0].reason == (
        "Too few people you could share a circle with (a circle needs 3 others): "
        "of 4 others waiting, 4 share no working hour with you this week"
    )


def test_isolation_reason_counts_each_cause():
    people = [
        person(1, blocked=frozenset({"U2"})),
        person(2),
        person(3, manager_slack_id="U1"),
        person(4, timezone="Asia/Tokyo"),
    ]
    proposal = propose_circles(people, NOW)
    reasons = {u.member.person_id: u.reason for u in proposal.unplaced}
    assert reasons[1] == (
        "Too few people you could share a circle with (a circle needs 3 others): of 3 others waiting, "
        "1 asked not to be grouped with you (or you with them), 1 in your reporting line and "
        "1 share no working hour with you this week"
    )


def test_cooldown_rounds_forbid_recent_circle_mates_only():
    people = [person(i) for i in range(1, 9)]
    history = [PastCircle(frozenset({1, 2, 3, 4}), round_index=2)]
    settings = CircleSettings(cooldown_rounds=1)
    # Round 3 is within the cooldown: at most one of 1-4 per circle, so only one circle of five.
    within = propose_circles(people, NOW, settings, history, round_index=3)
    (circle,) = ids(within)
    assert set(circle) >= {5, 6, 7, 8}
    assert len(set(circle) & {1, 2, 3, 4}) == 1
    assert len(within.unplaced) == 3
    # Round 4 is past it: everyone is placed again.
    expired = propose_circles(people, NOW, settings, history, round_index=4)
    assert expired.placed_count == 8


def test_cooldown_none_allows_repeats_only_to_place_everyone():
    people = [person(i) for i in range(1, 9)]
    # Round 0: {1,2,3,4} and {5,6,7,8}. Round 1 can mix them with no repeat at all... not in
    # circles of four: each new circle of 4 takes 2 from each old circle, so 2 repeated pairs.
    history = [PastCircle(frozenset({1, 2, 3, 4}), 0), PastCircle(frozenset({5, 6, 7, 8}), 0)]
    proposal = propose_circles(people, NOW, CircleSettings(cooldown_rounds=None), history)
    assert proposal.placed_count == 8
    assert sum(len(c.repeated_pairs) for c in proposal.circles) == 4
    assert proposal.note is not None
    assert "4 pairs share a circle again" in proposal.note
    # With a strict cooldown instead, nobody can be placed with those numbers.
    strict = propose_circles(people, NOW, CircleSettings(cooldown_rounds=5), history)
    assert strict.placed_count == 0
    assert len(strict.unplaced) == 8


def test_cooldown_none_means_no_repeat_while_others_are_available():
    people = [person(i) for i in range(1, 17)]
    history = [PastCircle(frozenset(range(s, s + 4)), 0) for s in (1, 5, 9, 13)]
    proposal = propose_circles(people, NOW, CircleSettings(min_size=4, max_size=4), history)
    assert proposal.placed_count == 16
    assert all(not c.repeated_pairs for c in proposal.circles)
    assert proposal.note is None


def test_reasons_name_topics_hours_and_departments():
    people = [
        person(1, department="Engineering", timezone="Europe/London"),
        person(2, department="Sales", timezone="America/New_York"),
        person(3, department="Design", timezone="Europe/London"),
        person(4, department="Engineering", timezone="America/New_York", topics=("public speaking", "go")),
    ]
    (circle,) = propose_circles(people, NOW).circles
    assert circle.reasons == (
        "You all want to talk about public speaking",
        "Mon–Fri 13:00–17:00 UTC works for all of you",
        "Mixes Engineering, Sales and Design",
    )
    assert 0 <= circle.score <= 1000


def test_partial_topic_reason_counts_who_shares_it():
    people = [person(i, topics=("leadership",) if i <= 3 else ("python",)) for i in range(1, 5)]
    (circle,) = propose_circles(people, NOW).circles
    assert circle.reasons[0] == "3 of you want to talk about leadership"


def test_hours_reason_merges_weekdays():
    day = datetime(2025, 3, 18, 14, 0, tzinfo=UTC)  # Tuesday
    windows = [Window(day.replace(day=d), day.replace(day=d, hour=16)) for d in (18, 19, 20)]
    assert hours_reason(windows) == "Tue–Thu 14:00–16:00 UTC works for all of you"


def test_to_json_has_the_cli_shape():
    people = [person(i) for i in range(1, 8)]
    shape = propose_circles(people, NOW).to_json()
    assert set(shape) == {"circles", "unplaced"}
    (circle,) = shape["circles"]
    assert set(circle) == {"members", "score", "reasons"}
    assert len(circle["members"]) == 6
    assert isinstance(circle["score"], int)
    assert isinstance(circle["reasons"], list)
    (left,) = shape["unplaced"]
    assert set(left) == {"member", "reason"}
    assert {left["member"], *circle["members"]} == {f"U{i}" for i in range(1, 8)}
    json.dumps(shape)


def test_pool_rows_follow_person_ids_whatever_the_input_order():
    people = [person(i) for i in (5, 3, 1, 4, 2)]
    pool = build_pool(people, CircleSettings(), (), NOW)
    assert [m.person_id for m in pool.members] == [1, 2, 3, 4, 5]
