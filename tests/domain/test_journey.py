"""The journey's states: one true state for every combination of facts, and a next step in each."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.domain.journey import (
    GRACE_DAYS,
    TRANSITION_DAYS,
    PairFacts,
    Stage,
    focus_pair,
    next_step_for,
    stage_of,
    within_grace,
)

TODAY = date(2026, 12, 2)


def pair(
    status: str = "active",
    agreement: str = "agreed",
    end_in: int | None = 60,
    ended_ago: int | None = None,
    mentorship_id: int = 1,
) -> PairFacts:
    return PairFacts(
        mentorship_id=mentorship_id,
        status=status,
        agreement_status=agreement,
        started_on=TODAY - timedelta(days=100),
        end_date=TODAY + timedelta(days=end_in) if end_in is not None else None,
        paused_until=None,
        ended_on=TODAY - timedelta(days=ended_ago) if ended_ago is not None else None,
    )


CASES = [
    # (name, enrolled, person status, pairs, sent, received, expected)
    ("never joined", False, None, (), 0, 0, Stage.NEWCOMER),
    ("invited, no role", False, "active", (), 0, 0, Stage.NEWCOMER),
    ("left the program", True, "opted_out", (pair(),), 0, 0, Stage.LEFT),
    ("deactivated in Slack", True, "inactive", (), 0, 0, Stage.LEFT),
    ("joined, nothing yet", True, "active", (), 0, 0, Stage.WAITING),
    ("asked a mentor", True, "active", (), 1, 0, Stage.REQUEST_PENDING),
    ("was asked", True, "active", (), 0, 1, Stage.REQUEST_PENDING),
    ("paired, no agreement", True, "active", (pair(agreement="none", end_in=None),), 0, 0, Stage.PAIRED),
    ("agreement proposed", True, "active", (pair(agreement="proposed", end_in=None),), 0, 0, Stage.PAIRED),
    ("active", True, "active", (pair(),), 0, 0, Stage.ACTIVE),
    ("active, no end date", True, "active", (pair(end_in=None),), 0, 0, Stage.ACTIVE),
    ("paused", True, "active", (pair(status="paused"),), 0, 0, Stage.PAUSED),
    ("window opens", True, "active", (pair(end_in=TRANSITION_DAYS),), 0, 0, Stage.TRANSITION),
    ("day before window", True, "active", (pair(end_in=TRANSITION_DAYS + 1),), 0, 0, Stage.ACTIVE),
    ("end date today", True, "active", (pair(end_in=0),), 0, 0, Stage.TRANSITION),
    ("paused in window", True, "active", (pair(status="paused", end_in=3),), 0, 0, Stage.PAUSED),
    ("ended today", True, "active", (pair(status="ended", ended_ago=0),), 0, 0, Stage.RECENTLY_ENDED),
    (
        "ended at grace",
        True,
        "active",
        (pair(status="ended", ended_ago=GRACE_DAYS),),
        0,
        0,
        Stage.RECENTLY_ENDED,
    ),
    (
        "ended past grace",
        True,
        "active",
        (pair(status="ended", ended_ago=GRACE_DAYS + 1),),
        0,
        0,
        Stage.ENDED,
    ),
    ("ended, asked again", True, "active", (pair(status="ended", ended_ago=2),), 1, 0, Stage.REQUEST_PENDING),
    ("active beats pending", True, "active", (pair(),), 0, 1, Stage.ACTIVE),
    (
        "new pair after an end",
        True,
        "active",
        (pair(status="ended", ended_ago=5), pair(agreement="none", end_in=None, mentorship_id=2)),
        0,
        0,
        Stage.PAIRED,
    ),
    (
        "transition comes first",
        True,
        "active",
        (pair(), pair(end_in=5, mentorship_id=2)),
        0,
        0,
        Stage.TRANSITION,
    ),
]


@pytest.mark.parametrize(
    ("enrolled", "status", "pairs", "sent", "received", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_the_state_is_the_first_that_holds(
    enrolled: bool,
    status: str | None,
    pairs: tuple[PairFacts, ...],
    sent: int,
    received: int,
    expected: Stage,
) -> None:
    got = stage_of(
        enrolled=enrolled,
        person_status=status,
        pairs=pairs,
        requests_sent=sent,
        requests_received=received,
        today=TODAY,
    )
    assert got is expected


STEPS = [
    (Stage.NEWCOMER, True, 0, None, "/mentor join"),
    (Stage.LEFT, True, 0, None, "/mentor join"),
    (Stage.WAITING, True, 0, None, "/mentor find"),
    (Stage.WAITING, False, 0, None, "/mentor profile"),
    (Stage.ENDED, True, 0, None, "/mentor find"),
    (Stage.RECENTLY_ENDED, True, 0, None, "/mentor feedback"),
    (Stage.REQUEST_PENDING, True, 0, None, "/mentor status"),
    (Stage.REQUEST_PENDING, False, 1, None, None),
    (Stage.PAIRED, True, 0, None, "/mentor status"),
    (Stage.ACTIVE, True, 0, None, "/mentor log"),
    (Stage.PAUSED, True, 0, None, "/mentor resume"),
    (Stage.TRANSITION, True, 0, None, "/mentor status"),
    (Stage.TRANSITION, True, 0, "conclude", "/mentor log"),
]


@pytest.mark.parametrize(("stage", "mentee", "received", "choice", "command"), STEPS)
def test_every_state_has_a_next_step(
    stage: Stage, mentee: bool, received: int, choice: str | None, command: str | None
) -> None:
    step = next_step_for(stage, is_mentee=mentee, requests_received=received, transition_choice=choice)
    assert step.command == command
    assert step.action


def test_the_focus_is_the_live_pair_needing_attention_or_the_last_ended() -> None:
    old = pair(status="ended", ended_ago=90, mentorship_id=1)
    recent = pair(status="ended", ended_ago=3, mentorship_id=2)
    assert focus_pair((old, recent), TODAY) == recent
    live = pair(status="paused", mentorship_id=3)
    assert focus_pair((old, recent, live), TODAY) == live
    assert focus_pair((), TODAY) is None


def test_grace_counts_calendar_days() -> None:
    assert within_grace(TODAY - timedelta(days=GRACE_DAYS), TODAY)
    assert not within_grace(TODAY - timedelta(days=GRACE_DAYS + 1), TODAY)
    assert not within_grace(None, TODAY)


@pytest.mark.parametrize(("mentee", "action"), [(True, "find"), (False, "wait_to_be_asked")])
def test_after_thanking_the_former_partner_the_next_step_moves_on(mentee: bool, action: str) -> None:
    assert next_step_for(Stage.RECENTLY_ENDED, is_mentee=mentee).action == "thank_partner"
    assert next_step_for(Stage.RECENTLY_ENDED, is_mentee=mentee, thanked=True).action == action
