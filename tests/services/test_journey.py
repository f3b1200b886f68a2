"""The journey read model over the database: state, partner, pending requests, history."""

from __future__ import annotations

from datetime import timedelta

from bot.deps import Deps
from bot.domain.journey import Stage
from bot.services.journey import read_journey
from devtools.emulator.clock import Clock
from devtools.emulator.server import TEAM_ID
from storage.records import GoalRecord, MentorRequestRecord
from storage.repositories.once import TransitionChoiceRepository
from tests.support.factories import day, make_mentorship, make_person, utc

NOW = utc(2026, 12, 2, 10)


def test_a_stranger_is_a_newcomer(deps: Deps, clock: Clock) -> None:
    clock.set(NOW)
    journey = read_journey(deps, TEAM_ID, "U0NOBODY")
    assert journey.stage is Stage.NEWCOMER
    assert journey.next_step.command == "/mentor join"


def test_a_recent_end_keeps_partner_dates_and_goals(deps: Deps, clock: Clock) -> None:
    clock.set(utc(2026, 3, 2, 10))
    bo = make_person(deps, "U0BO", "mentor", name="Bo Chen")
    ada = make_person(deps, "U0ADA", "mentee", name="Ada")
    record = make_mentorship(
        deps, bo, ada, status="ended", ended_at=utc(2026, 9, 1, 9), end_reason="completed"
    )
    with deps.uow() as uow:
        for title, status in (("Speak", "achieved"), ("Write", "achieved"), ("Lead", "closed")):
            uow.session.add(
                GoalRecord(
                    team_id=TEAM_ID,
                    mentorship_id=record.id,
                    owner_id=ada.id,
                    title=title,
                    target_date=day(2026, 8, 1),
                    status=status,
                    created_at=utc(2026, 3, 2),
                )
            )
    clock.set(utc(2026, 9, 20, 10))
    journey = read_journey(deps, TEAM_ID, "U0ADA")
    assert journey.stage is Stage.RECENTLY_ENDED
    assert journey.partner is not None and journey.partner.slack_id == "U0BO"
    (entry,) = journey.history
    assert (entry.started_on, entry.ended_on) == (day(2026, 3, 2), day(2026, 9, 1))
    assert (entry.goals_achieved, entry.goals_total) == (2, 3)
    assert entry.within_grace and journey.recent_partners == (entry,)
    assert journey.next_step.command == "/mentor feedback"

    clock.set(utc(2026, 10, 5, 10))
    later = read_journey(deps, TEAM_ID, "U0ADA")
    assert later.stage is Stage.ENDED
    assert later.recent_partners == ()
    assert later.next_step.command == "/mentor find"


def test_a_pending_request_shows_on_both_sides(deps: Deps, clock: Clock) -> None:
    clock.set(NOW)
    bo = make_person(deps, "U0BO", "mentor", name="Bo")
    ada = make_person(deps, "U0ADA", "mentee", name="Ada")
    with deps.uow() as uow:
        uow.session.add(
            MentorRequestRecord(
                team_id=TEAM_ID,
                mentee_id=ada.id,
                mentor_id=bo.id,
                message="hello",
                created_at=NOW,
                expires_at=NOW + timedelta(days=3),
            )
        )
    mentee = read_journey(deps, TEAM_ID, "U0ADA")
    mentor = read_journey(deps, TEAM_ID, "U0BO")
    assert mentee.stage is mentor.stage is Stage.REQUEST_PENDING
    assert [r.other.slack_id for r in mentee.sent()] == ["U0BO"]
    assert [r.other.slack_id for r in mentor.received()] == ["U0ADA"]
    clock.set(NOW + timedelta(days=4))  # overdue: no longer waiting on anyone
    assert read_journey(deps, TEAM_ID, "U0ADA").stage is Stage.WAITING


def test_the_transition_window_carries_the_choice(deps: Deps, clock: Clock) -> None:
    clock.set(NOW)
    bo = make_person(deps, "U0BO", "mentor")
    ada = make_person(deps, "U0ADA", "mentee")
    record = make_mentorship(deps, bo, ada, started_at=NOW - timedelta(weeks=11), weeks=12)
    journey = read_journey(deps, TEAM_ID, "U0ADA")
    assert journey.stage is Stage.TRANSITION
    assert journey.transition_choice is None
    assert record.end_date is not None
    with deps.uow() as uow:
        uow.repo(TransitionChoiceRepository).record(
            TEAM_ID, record.id, record.end_date.isoformat(), "conclude", "U0BO", NOW
        )
    chosen = read_journey(deps, TEAM_ID, "U0ADA")
    assert (chosen.transition_choice, chosen.transition_chosen_by) == ("conclude", "U0BO")


def test_paused_and_left(deps: Deps, clock: Clock) -> None:
    clock.set(NOW)
    bo = make_person(deps, "U0BO", "mentor")
    ada = make_person(deps, "U0ADA", "mentee")
    make_mentorship(deps, bo, ada, status="paused", paused_until=day(2026, 12, 20))
    journey = read_journey(deps, TEAM_ID, "U0ADA")
    assert journey.stage is Stage.PAUSED
    assert journey.paused_until == day(2026, 12, 20)
    make_person(deps, "U0GONE", "mentee", status="opted_out")
    assert read_journey(deps, TEAM_ID, "U0GONE").stage is Stage.LEFT
