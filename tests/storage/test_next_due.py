"""The guard on `mentorships.next_due_at`: every write the scheduler's rules read clears it, in the
same transaction, whichever way the write is made (an ORM change, an UPDATE or INSERT statement)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session

from bot.deps import Deps
from devtools.emulator.server import TEAM_ID
from storage import next_due
from storage.records import (
    ActionItemRecord,
    AuditRecord,
    FeedbackRecord,
    GoalRecord,
    MentorshipRecord,
    MilestoneRecord,
    PersonRecord,
    ReflectionRecord,
    SessionLogRecord,
)
from storage.repositories.once import TransitionChoiceRepository
from storage.repositories.pairwork import PairWorkRepository
from storage.repositories.scheduling import SchedulingRepository
from tests.support.factories import make_goal, make_mentorship, make_person, utc

NOW = utc(2026, 3, 2, 9)
LATER = utc(2026, 3, 9, 10)


def test_every_table_is_either_read_by_a_rule_or_said_not_to_be() -> None:
    tables, classified = next_due.classified_tables()
    assert tables - classified == set(), (
        "classify the new table in storage/next_due.py (TOUCHES or UNRELATED)"
    )
    assert classified - tables == set(), "a classified table no longer exists"
    assert not set(next_due.TOUCHES) & set(next_due.UNRELATED)


@pytest.fixture
def ids(deps: Deps) -> dict[str, int]:
    """A pair with a goal and milestone, its instant set as the planner would set it."""
    deps.clock.set(NOW)  # type: ignore[attr-defined]
    mentor = make_person(deps, "U0ADA", "mentor")
    mentee = make_person(deps, "U0BO", "mentee")
    other = make_mentorship(deps, make_person(deps, "U0CY", "mentor"), make_person(deps, "U0DI", "mentee"))
    record = make_mentorship(deps, mentor, mentee)
    with deps.uow() as uow:
        uow.programs.settings(TEAM_ID, NOW)
    goal = make_goal(deps, record, mentee, date(2026, 4, 1), milestones=("Outline",))
    found = {
        "pair": record.id,
        "other": other.id,
        "mentor": mentor.id,
        "mentee": mentee.id,
        "goal": goal.id,
        "milestone": goal.milestones[0].id,
    }
    _store(deps, found["pair"], found["other"])
    return found


def _store(deps: Deps, *mentorship_ids: int) -> None:
    with deps.uow() as uow:
        repo = uow.repo(SchedulingRepository)
        records = [uow.session.get(MentorshipRecord, i) for i in mentorship_ids]
        repo.store_next_due((r, LATER) for r in records if r is not None)


def _due(deps: Deps, mentorship_id: int) -> object:
    with deps.uow() as uow:
        return uow.session.scalar(
            select(MentorshipRecord.next_due_at).where(MentorshipRecord.id == mentorship_id)
        )


def _delete_goals(session: Session) -> None:
    session.execute(delete(MilestoneRecord))
    session.execute(delete(GoalRecord))


Write = Callable[[Session, dict[str, int]], object]

WRITES: dict[str, Write] = {
    "a session logged": lambda s, i: s.add(
        SessionLogRecord(
            team_id=TEAM_ID,
            mentorship_id=i["pair"],
            logged_by=i["mentor"],
            held_on=date(2026, 3, 2),
            created_at=NOW,
        )
    ),
    "an action item added": lambda s, i: s.add(
        ActionItemRecord(team_id=TEAM_ID, mentorship_id=i["pair"], text="read", created_at=NOW)
    ),
    "a goal added": lambda s, i: s.add(
        GoalRecord(
            team_id=TEAM_ID,
            mentorship_id=i["pair"],
            owner_id=i["mentee"],
            title="g",
            target_date=date(2026, 5, 1),
            created_at=NOW,
        )
    ),
    "a goal's date moved": lambda s, i: setattr(
        s.get(GoalRecord, i["goal"]), "target_date", date(2026, 4, 8)
    ),
    "a goal achieved (conditional UPDATE)": lambda s, i: PairWorkRepository(s).achieve_if_active(
        TEAM_ID, i["goal"], NOW
    ),
    "a goal deleted": lambda s, i: _delete_goals(s),
    "a milestone ticked off (conditional UPDATE)": lambda s, i: PairWorkRepository(
        s
    ).complete_milestone_if_open(TEAM_ID, i["milestone"], NOW),
    "a milestone added": lambda s, i: s.add(
        MilestoneRecord(team_id=TEAM_ID, goal_id=i["goal"], title="Dry run")
    ),
    "a reflection (INSERT … ON CONFLICT)": lambda s, i: SchedulingRepository(s).add_reflection(
        ReflectionRecord(
            team_id=TEAM_ID, mentorship_id=i["pair"], person_id=i["mentor"], kind="midpoint", created_at=NOW
        )
    ),
    "a transition choice (INSERT … ON CONFLICT)": lambda s, i: TransitionChoiceRepository(s).record(
        TEAM_ID, i["pair"], "2026-05-25", "extend", "U0ADA", NOW
    ),
    "feedback given": lambda s, i: s.add(
        FeedbackRecord(
            team_id=TEAM_ID,
            mentorship_id=i["pair"],
            author_id=i["mentor"],
            recipient_id=i["mentee"],
            created_at=NOW,
        )
    ),
    "the cadence changed": lambda s, i: setattr(s.get(MentorshipRecord, i["pair"]), "cadence", "monthly"),
    "paused (conditional UPDATE)": lambda s, i: PairWorkRepository(s).set_status_if(
        TEAM_ID, i["pair"], "active", "paused"
    ),
    "an UPDATE of mentorships": lambda s, i: s.execute(
        update(MentorshipRecord).where(MentorshipRecord.id == i["pair"]).values(end_date=date(2026, 7, 1))
    ),
    "the mentee moved zone": lambda s, i: setattr(s.get(PersonRecord, i["mentee"]), "timezone", "Asia/Tokyo"),
    "the mentor left": lambda s, i: setattr(s.get(PersonRecord, i["mentor"]), "status", "inactive"),
}


@pytest.mark.parametrize("write", list(WRITES), ids=list(WRITES))
def test_a_write_the_rules_read_clears_the_pairs_next_due_instant(
    deps: Deps, ids: dict[str, int], write: str
) -> None:
    assert _due(deps, ids["pair"]) == LATER
    with deps.uow() as uow:
        WRITES[write](uow.session, ids)
    assert _due(deps, ids["pair"]) is None
    assert _due(deps, ids["other"]) == LATER  # another pair keeps its own


def test_a_program_settings_change_clears_every_pair_of_the_program(deps: Deps, ids: dict[str, int]) -> None:
    with deps.uow() as uow:
        uow.programs.settings(TEAM_ID, NOW).check_in_hour = 15
    assert (_due(deps, ids["pair"]), _due(deps, ids["other"])) == (None, None)


def test_unrelated_writes_and_the_planners_own_store_keep_the_instant(
    deps: Deps, ids: dict[str, int]
) -> None:
    with deps.uow() as uow:
        uow.session.add(AuditRecord(team_id=TEAM_ID, actor="U0SAM", action="report", created_at=NOW))
        uow.session.add(PersonRecord(team_id=TEAM_ID, slack_user_id="U0NEW", created_at=NOW, updated_at=NOW))
    assert _due(deps, ids["pair"]) == LATER
    with deps.uow() as uow:
        record = uow.session.get(MentorshipRecord, ids["pair"])
        assert record is not None
        record.next_due_at = utc(2026, 3, 16, 10)
    assert _due(deps, ids["pair"]) == utc(2026, 3, 16, 10)


def test_a_cleared_instant_is_cleared_on_the_loaded_record_too_and_a_rollback_keeps_it(
    deps: Deps, ids: dict[str, int]
) -> None:
    with deps.uow() as uow:
        record = uow.session.get(MentorshipRecord, ids["pair"])
        assert record is not None and record.next_due_at == LATER
        PairWorkRepository(uow.session).achieve_if_active(TEAM_ID, ids["goal"], NOW)
        cleared: object = record.next_due_at  # cleared in place by the guard (mypy can't know)
        assert cleared is None
        assert next_due.touched(uow.session) == {ids["pair"]}
    _store(deps, ids["pair"])

    def failing_use_case() -> None:
        with deps.uow() as uow:
            uow.session.execute(update(GoalRecord).values(progress=50))
            raise RuntimeError("the use case failed")

    with pytest.raises(RuntimeError):
        failing_use_case()
    assert _due(deps, ids["pair"]) == LATER


def test_raw_sql_is_not_seen(deps: Deps, ids: dict[str, int]) -> None:
    """The documented limit: SQL outside the Session (an operator's) must clear the instant itself."""
    with deps.uow() as uow:
        uow.session.connection().execute(text("UPDATE goals SET progress = 10"))
    assert _due(deps, ids["pair"]) == LATER
