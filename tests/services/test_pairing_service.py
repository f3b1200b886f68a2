"""Records become matching Participants and History: every constraint reaches the engine."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from bot.config import Settings
from bot.deps import Deps, build_deps
from bot.domain.matching.rules import MatchWeights, Violation, constraint_violation
from bot.services import pairing
from bot.services.pairing import PairingRefused, load_pool, to_participant, weights_from
from devtools.emulator.clock import Clock
from devtools.emulator.server import TEAM_ID
from handlers.pairing.blocks import find_none_reason
from storage.records import MentorRequestRecord, PersonRecord
from tests.support.factories import make_mentorship, make_person


@pytest.fixture
def sdeps(sqlite_url: str) -> Iterator[Deps]:
    """Deps on a fresh SQLite database (no Slack)."""
    clock = Clock()
    clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
    built = build_deps(Settings(_env_file=None, database_url=sqlite_url), clock=clock)
    yield built
    built.engine.dispose()


def _suggested(deps: Deps, mentee: str) -> list[str]:
    found = pairing.find_suggestions(deps, TEAM_ID, mentee)
    return [s.mentor.slack_user_id for s in found.items]


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        ({}, MatchWeights()),
        ({"topic": 1.0, "cross_department": 0.0}, MatchWeights(topic=1.0, cross_department=0.0)),
        ({"hours": 0.5, "unknown": 3, "format": "lots"}, MatchWeights(hours=0.5)),
        ({"topic": -1.0}, MatchWeights()),
        ({"topic": 0, "hours": 0, "cadence": 0, "format": 0, "cross_department": 0}, MatchWeights()),
        ({"min_topic_fit": 0.5, "cadence": True}, MatchWeights(min_topic_fit=0.5)),
    ],
)
def test_weights_from_program_settings(weights: dict[str, Any], expected: MatchWeights) -> None:
    assert weights_from(weights) == expected


@pytest.mark.parametrize(
    ("status", "available"), [("active", True), ("paused", False), ("inactive", False), ("opted_out", False)]
)
def test_status_reaches_the_engine(sdeps: Deps, status: str, available: bool) -> None:
    make_person(sdeps, "U0KAI", "mentee", wants=["python"])
    make_person(sdeps, "U0ADA", "mentor", offers=["python"], status=status)
    with sdeps.uow() as uow:
        pool = load_pool(uow, TEAM_ID, sdeps.clock())
    [mentor] = pool.mentors
    assert mentor.available is available
    assert (_suggested(sdeps, "U0KAI") == ["U0ADA"]) is available


def test_capacity_minus_open_mentorships(sdeps: Deps) -> None:
    ada = make_person(sdeps, "U0ADA", "mentor", offers=["python"], capacity=2)
    for user in ("U0A", "U0B"):
        make_mentorship(sdeps, ada, make_person(sdeps, user, "mentee", wants=["go"]))
    make_person(sdeps, "U0KAI", "mentee", wants=["python"])
    with sdeps.uow() as uow:
        pool = load_pool(uow, TEAM_ID, sdeps.clock())
    mentor = pool.participants[ada.id]
    assert mentor.capacity == 2 and mentor.active_mentees == 2 and mentor.free_capacity == 0
    found = pairing.find_suggestions(sdeps, TEAM_ID, "U0KAI")
    assert found.items == () and "capacity" in (found.why_none or "")


@pytest.mark.parametrize("direction", ["mentee_reports_to_mentor", "mentor_reports_to_mentee", "skip_level"])
def test_reporting_line_reaches_the_engine(sdeps: Deps, direction: str) -> None:
    if direction == "mentee_reports_to_mentor":
        make_person(sdeps, "U0KAI", "mentee", manager_slack_id="U0ADA")
        make_person(sdeps, "U0ADA", "mentor")
    elif direction == "mentor_reports_to_mentee":
        make_person(sdeps, "U0KAI", "mentee")
        make_person(sdeps, "U0ADA", "mentor", manager_slack_id="U0KAI")
    else:
        make_person(sdeps, "U0KAI", "mentee", manager_slack_id="U0MID")
        make_person(sdeps, "U0MID", "mentee", wants=["go"], manager_slack_id="U0ADA")
        make_person(sdeps, "U0ADA", "mentor")
    make_person(sdeps, "U0OTHER", "mentor")
    with sdeps.uow() as uow:
        pool = load_pool(uow, TEAM_ID, sdeps.clock())
        kai = next(p for p in pool.participants.values() if p.slack_user_id == "U0KAI")
        ada = next(p for p in pool.mentors if p.slack_user_id == "U0ADA")
        assert (
            constraint_violation(kai, ada, pool.history, pool.managers, sdeps.clock())
            is Violation.REPORTING_LINE
        )
    assert _suggested(sdeps, "U0KAI") == ["U0OTHER"]


@pytest.mark.parametrize(("cooldown", "allowed"), [(None, False), (30, False), (10, True)])
def test_previous_pair_and_cooldown_reach_the_engine(
    sdeps: Deps, cooldown: int | None, allowed: bool
) -> None:
    now = sdeps.clock()
    kai = make_person(sdeps, "U0KAI", "mentee")
    ada = make_person(sdeps, "U0ADA", "mentor")
    make_mentorship(sdeps, ada, kai, status="ended", ended_at=now - timedelta(days=20))
    with sdeps.uow() as uow:
        uow.programs.settings(TEAM_ID, now).repeat_cooldown_days = cooldown
    with sdeps.uow() as uow:
        pool = load_pool(uow, TEAM_ID, now)
    assert [p.ended_at for p in pool.history.pairs] == [now - timedelta(days=20)]
    assert pool.history.repeat_cooldown_days == cooldown
    assert (_suggested(sdeps, "U0KAI") == ["U0ADA"]) is allowed


@pytest.mark.parametrize("who_blocks", ["mentee", "mentor"])
def test_do_not_match_reaches_the_engine(sdeps: Deps, who_blocks: str) -> None:
    make_person(sdeps, "U0KAI", "mentee", do_not_match=["U0ADA"] if who_blocks == "mentee" else [])
    make_person(sdeps, "U0ADA", "mentor", do_not_match=["U0KAI"] if who_blocks == "mentor" else [])
    with sdeps.uow() as uow:
        pool = load_pool(uow, TEAM_ID, sdeps.clock())
    blocked = [p.blocked for p in pool.participants.values()]
    assert frozenset({"U0ADA"}) in blocked or frozenset({"U0KAI"}) in blocked
    assert _suggested(sdeps, "U0KAI") == []
    with pytest.raises(PairingRefused) as refused:
        pairing.create_request(sdeps, TEAM_ID, "U0KAI", pool.mentors[0].person_id, "x" * 40)
    assert refused.value.code == "violation_blocked"


def test_round_places_only_active_unpaired_mentees(sdeps: Deps) -> None:
    ada = make_person(sdeps, "U0ADA", "mentor", capacity=5)
    make_person(sdeps, "U0ACTIVE", "mentee")
    make_person(sdeps, "U0PAUSED", "mentee", status="paused")
    paired = make_person(sdeps, "U0PAIRED", "mentee")
    make_mentorship(sdeps, ada, paired)
    plan = pairing.run_round(sdeps, TEAM_ID, None, dry_run=True)
    assert [p["mentee"] for p in plan.proposal["pairs"]] == ["U0ACTIVE"]
    assert plan.proposal["unmatched"] == [] and plan.round_id is None


def test_participant_roles() -> None:
    person = SimpleNamespace(
        id=1,
        slack_user_id="U1",
        name="One",
        role="mentee",
        offers=["python"],
        wants=["go"],
        formats=[],
        do_not_match=[],
        department=None,
        timezone="Nowhere/Zone",
        cadence="weekly",
        capacity=3,
        manager_slack_id=None,
        status="active",
    )
    participant = to_participant(person)  # type: ignore[arg-type]
    assert participant.offers == () and participant.wants == ("go",) and participant.capacity == 0


def test_request_rules(sdeps: Deps) -> None:
    make_person(sdeps, "U0KAI", "mentee")
    mentors = [make_person(sdeps, f"U0M{i}", "mentor") for i in range(4)]
    with pytest.raises(PairingRefused) as refused:
        pairing.create_request(sdeps, TEAM_ID, "U0KAI", mentors[0].id, "  too short  ")
    assert refused.value.code == "message_short"
    created = pairing.create_request(sdeps, TEAM_ID, "U0KAI", mentors[0].id, "m" * 30)
    # Three days on, rounded up to the end of the mentor's working day (17:00 in their zone).
    assert created.expires_at == (sdeps.clock() + timedelta(days=3)).replace(hour=17, minute=0)
    with pytest.raises(PairingRefused) as refused:
        pairing.create_request(sdeps, TEAM_ID, "U0KAI", mentors[0].id, "m" * 30)
    assert refused.value.code == "duplicate"
    for mentor in mentors[1:3]:
        pairing.create_request(sdeps, TEAM_ID, "U0KAI", mentor.id, "m" * 30)
    with pytest.raises(PairingRefused) as refused:
        pairing.create_request(sdeps, TEAM_ID, "U0KAI", mentors[3].id, "m" * 30)
    assert refused.value.code == "limit"
    # An expired request frees its place.
    sdeps.clock.advance(timedelta(days=3, hours=8, seconds=1))  # type: ignore[attr-defined]
    pairing.create_request(sdeps, TEAM_ID, "U0KAI", mentors[3].id, "m" * 30)
    now = sdeps.clock()
    with sdeps.uow() as uow:
        live = [r.expires_at > now for r in uow.session.query(MentorRequestRecord)]
    # The overdue three stay pending until the scheduler expires them and tells the mentee.
    assert sorted(live) == [False, False, False, True]


def _ended_pair(deps: Deps, kai_id: int, *, declined_other: bool, cooldown: int | None) -> None:
    now = deps.clock()
    ada = make_person(deps, "U0ADA", "mentor", offers=["python"])
    with deps.uow() as uow:
        uow.programs.settings(TEAM_ID, now).repeat_cooldown_days = cooldown
        # Kai's first request to Ada ran out; later the two were paired, and it has ended.
        uow.session.add(
            MentorRequestRecord(
                team_id=TEAM_ID,
                mentee_id=kai_id,
                mentor_id=ada.id,
                status="expired",
                created_at=now - timedelta(days=130),
                expires_at=now - timedelta(days=125),
            )
        )
    with deps.uow() as uow:
        mentee = uow.session.get(PersonRecord, kai_id)
        assert mentee is not None
    make_mentorship(
        deps,
        ada,
        mentee,
        started_at=now - timedelta(days=120),
        status="ended",
        ended_at=now - timedelta(days=10),
    )
    if declined_other:
        bea = make_person(deps, "U0BEA", "mentor", offers=["python"])
        with deps.uow() as uow:
            uow.session.add(
                MentorRequestRecord(
                    team_id=TEAM_ID,
                    mentee_id=kai_id,
                    mentor_id=bea.id,
                    status="declined",
                    created_at=now - timedelta(days=2),
                    expires_at=now + timedelta(days=3),
                )
            )


def test_a_former_mentor_is_named_as_such_not_as_an_answered_request(sdeps: Deps) -> None:
    kai = make_person(sdeps, "U0KAI", "mentee", wants=["python"])
    _ended_pair(sdeps, kai.id, declined_other=False, cooldown=90)
    found = pairing.find_suggestions(sdeps, TEAM_ID, "U0KAI")
    assert found.items == () and not found.answered_all
    assert found.past_partners == ("U0ADA",)
    assert found.again_on == (sdeps.clock() - timedelta(days=10) + timedelta(days=90)).date()
    text = find_none_reason(found)
    assert "<@U0ADA>, who was already your mentor" in text and "suggested again from <!date^" in text
    assert "answered an earlier request" not in text


def test_a_former_mentor_among_mentors_who_answered_is_named_apart(sdeps: Deps) -> None:
    kai = make_person(sdeps, "U0KAI", "mentee", wants=["python"])
    _ended_pair(sdeps, kai.id, declined_other=True, cooldown=None)
    found = pairing.find_suggestions(sdeps, TEAM_ID, "U0KAI")
    assert found.answered_all and found.past_partners == ("U0ADA",) and found.again_on is None
    text = find_none_reason(found)
    assert "<@U0ADA> already mentored you" in text and "the others have already answered" in text
