"""After a mentorship ends nothing dead-ends: feedback and thanks reach the former partner for 30
days, status and goals keep a history, and `/mentor find` tells the true reason it has no one."""

from __future__ import annotations

import json
from datetime import timedelta

from bot.deps import Deps
from devtools.emulator import FakeSlack, Workspace
from devtools.emulator.clock import Clock
from devtools.emulator.server import TEAM_ID
from handlers.slack import ids
from storage.records import FeedbackRecord, GoalRecord, MentorRequestRecord, PersonRecord
from tests.support.factories import day, make_mentorship, make_person, utc

ENDED = utc(2026, 9, 1, 9)
NOW = utc(2026, 9, 4, 9)


def ended_pair(
    deps: Deps, *, goals: tuple[str, ...] = ("achieved", "achieved", "closed")
) -> tuple[PersonRecord, PersonRecord]:
    """Bo mentored Ada from March to 1 September 2026; the goals ended with these statuses."""
    bo = make_person(deps, "U0BO", "mentor", name="Bo Chen")
    ada = make_person(deps, "U0ADA", "mentee", name="Ada Lovelace")
    record = make_mentorship(
        deps, bo, ada, started_at=utc(2026, 3, 2, 9), status="ended", ended_at=ENDED, end_reason="completed"
    )
    with deps.uow() as uow:
        for number, status in enumerate(goals, start=1):
            uow.session.add(
                GoalRecord(
                    team_id=TEAM_ID,
                    mentorship_id=record.id,
                    owner_id=ada.id,
                    title=f"Goal number {number}",
                    target_date=day(2026, 8, 1),
                    status=status,
                    progress=100 if status == "achieved" else 40,
                    created_at=utc(2026, 3, 9),
                    achieved_at=utc(2026, 7, 1) if status == "achieved" else None,
                )
            )
    return bo, ada


def test_feedback_reaches_a_former_partner_within_30_days(
    ws: Workspace, deps: Deps, clock: Clock, fake_slack: FakeSlack
) -> None:
    clock.set(NOW)
    ended_pair(deps)
    ada = ws.person("U0ADA", "Ada Lovelace")
    bo = ws.person("U0BO", "Bo Chen")
    ada.command("feedback")
    modal = ada.modal()
    assert modal["callback_id"] == ids.FEEDBACK_MODAL
    assert "former mentor" in json.dumps(modal)
    ada.submit(
        {
            ids.FEEDBACK_WELL: "When you reviewed my first talk line by line, I knew what to fix.",
            ids.FEEDBACK_SUGGESTION: "Keep sending the reading list before each session.",
        }
    )
    fake_slack.wait_for(lambda: bo.dms())
    assert "reviewed my first talk" in bo.last_dm().all_text()
    with deps.uow() as uow:
        assert len(list(uow.session.query(FeedbackRecord))) == 1


def test_feedback_after_the_grace_names_the_end_and_a_next_step(
    ws: Workspace, deps: Deps, clock: Clock, fake_slack: FakeSlack
) -> None:
    clock.set(ENDED + timedelta(days=31))
    ended_pair(deps)
    ada = ws.person("U0ADA", "Ada Lovelace")
    ada.command("feedback")
    text = json.dumps(fake_slack.wait_for(ada.ephemerals)[-1], ensure_ascii=False)
    assert "ended on" in text and "<@U0BO>" in text
    assert "/mentor find" in text
    assert " yet" not in text


def test_status_and_goals_keep_the_history(
    ws: Workspace, deps: Deps, clock: Clock, fake_slack: FakeSlack
) -> None:
    clock.set(NOW)
    ended_pair(deps)
    ada = ws.person("U0ADA", "Ada Lovelace")
    status = json.dumps(ada.command("status").json, ensure_ascii=False)
    assert "Your mentorship with <@U0BO> ended on" in status
    assert "2 goals achieved" in status
    assert "/mentor feedback" in status
    assert " yet" not in status
    ada.command("goals")
    goals = json.dumps(fake_slack.wait_for(ada.ephemerals)[-1], ensure_ascii=False)
    assert "Goal number 1 · achieved" in goals and "Goal number 2 · achieved" in goals
    assert "Goal number 3" in goals and "closed when the mentorship ended" in goals
    assert "no goals yet" not in goals.lower() and " yet" not in goals


def test_status_shows_an_achieved_goal_while_live(ws: Workspace, deps: Deps, clock: Clock) -> None:
    clock.set(NOW)
    bo = make_person(deps, "U0BO", "mentor", name="Bo Chen")
    ada_p = make_person(deps, "U0ADA", "mentee", name="Ada Lovelace")
    record = make_mentorship(deps, bo, ada_p)
    with deps.uow() as uow:
        uow.session.add(
            GoalRecord(
                team_id=TEAM_ID,
                mentorship_id=record.id,
                owner_id=ada_p.id,
                title="Ship the talk",
                target_date=day(2026, 10, 1),
                status="achieved",
                progress=100,
                created_at=NOW,
                achieved_at=NOW,
            )
        )
    text = json.dumps(ws.person("U0ADA", "Ada").command("status").json, ensure_ascii=False)
    assert "Ship the talk · achieved" in text
    assert "none yet" not in text


def test_find_after_an_end_with_only_the_past_partner_says_so(
    ws: Workspace, deps: Deps, clock: Clock, fake_slack: FakeSlack
) -> None:
    clock.set(NOW)
    ended_pair(deps)
    ada = ws.person("U0ADA", "Ada Lovelace")
    ada.command("find")
    text = json.dumps(fake_slack.wait_for(ada.ephemerals)[-1], ensure_ascii=False)
    assert "<@U0BO>, who was already your mentor" in text
    assert "asked every mentor" not in text


def test_find_when_every_fitting_mentor_already_answered(
    ws: Workspace, deps: Deps, clock: Clock, fake_slack: FakeSlack
) -> None:
    clock.set(NOW)
    _, ada_p = ended_pair(deps)
    cy = make_person(deps, "U0CY", "mentor", name="Cy")
    with deps.uow() as uow:
        uow.session.add(
            MentorRequestRecord(
                team_id=TEAM_ID,
                mentee_id=ada_p.id,
                mentor_id=cy.id,
                message="please",
                status="declined",
                created_at=NOW - timedelta(days=2),
                expires_at=NOW + timedelta(days=1),
            )
        )
    ada = ws.person("U0ADA", "Ada Lovelace")
    ada.command("find")
    text = json.dumps(fake_slack.wait_for(ada.ephemerals)[-1], ensure_ascii=False)
    assert "already answered an earlier request" in text
    assert "asked every mentor" not in text and "time to answer" not in text


def test_find_while_a_request_waits_says_how_many(
    ws: Workspace, deps: Deps, clock: Clock, fake_slack: FakeSlack
) -> None:
    clock.set(NOW)
    _, ada_p = ended_pair(deps)
    cy = make_person(deps, "U0CY", "mentor", name="Cy")
    with deps.uow() as uow:
        uow.session.add(
            MentorRequestRecord(
                team_id=TEAM_ID,
                mentee_id=ada_p.id,
                mentor_id=cy.id,
                message="please",
                created_at=NOW,
                expires_at=NOW + timedelta(days=3),
            )
        )
    ada = ws.person("U0ADA", "Ada Lovelace")
    ada.command("find")
    text = json.dumps(fake_slack.wait_for(ada.ephemerals)[-1], ensure_ascii=False)
    assert "asked every mentor who fits you right now, and 1 request still waiting" in text


def test_ending_early_says_plainly_it_ends_today(ws: Workspace, deps: Deps, clock: Clock) -> None:
    clock.set(NOW)
    bo = make_person(deps, "U0BO", "mentor", name="Bo Chen")
    ada_p = make_person(deps, "U0ADA", "mentee", name="Ada Lovelace")
    make_mentorship(deps, bo, ada_p, weeks=4)
    ada = ws.person("U0ADA", "Ada Lovelace")
    ada.command("end")
    shown = json.dumps(ada.modal(), ensure_ascii=False)
    assert "This ends the mentorship today" in shown and "before its planned end on" in shown
