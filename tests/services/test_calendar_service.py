"""The calendar invite's versions: queued with the agreement, re-issued (SEQUENCE + 1) only when
the cadence or the end date changes, never before the first issue or for an ended pair."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.config import Settings
from bot.deps import Deps, build_deps
from bot.services import scheduling
from bot.services.calendar import queue_invite
from bot.services.mentorships import conclude
from devtools.emulator.clock import Clock
from devtools.emulator.server import TEAM_ID
from storage.records import MentorshipRecord, ScheduledMessageRecord
from storage.repositories.scheduling import SchedulingRepository
from tests.support.factories import make_mentorship, make_person

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)


@pytest.fixture
def sdeps(sqlite_url: str) -> Iterator[Deps]:
    """Deps on a fresh SQLite database (no Slack)."""
    clock = Clock()
    clock.set(NOW)
    built = build_deps(Settings(_env_file=None, database_url=sqlite_url), clock=clock)
    yield built
    built.engine.dispose()


def _pair(deps: Deps, *, issued: bool = True, **fields: Any) -> int:
    ada = make_person(deps, "U0ADA", "mentor", name="Ada Lovelace", timezone="Europe/Berlin")
    bo = make_person(deps, "U0BO", "mentee", name="Bo Chen", timezone="America/New_York")
    values: dict[str, Any] = {"group_channel_id": "G0PAIR", "first_meeting_at": NOW + timedelta(days=2)}
    values.update(fields)
    record = make_mentorship(deps, ada, bo, cadence="biweekly", **values)
    if issued:
        with deps.uow() as uow:
            stored = uow.session.get(MentorshipRecord, record.id)
            assert stored is not None
            assert queue_invite(uow.repo(SchedulingRepository), stored, NOW) == 0
    return record.id


def _invites(deps: Deps) -> list[tuple[str, object, object]]:
    """(period, sequence, cadence) of the invite rows still to send or sent."""
    with deps.uow() as uow:
        rows = uow.session.scalars(
            select(ScheduledMessageRecord)
            .where(ScheduledMessageRecord.kind == "calendar_invite")
            .order_by(ScheduledMessageRecord.id)
        )
        return [
            (r.period_key, r.payload.get("sequence"), r.payload.get("cadence")) for r in rows if r.payload
        ]


def test_first_issue_is_sequence_zero_with_a_stable_uid(sdeps: Deps) -> None:
    mentorship_id = _pair(sdeps)
    assert _invites(sdeps) == [("seq:0", 0, "biweekly")]
    with sdeps.uow() as uow:
        row = uow.session.scalars(select(ScheduledMessageRecord)).one()
        assert (
            row.recipient == "G0PAIR"
            and row.payload["uid"] == f"mentorship-t0emulator-{mentorship_id}@mentorbot"
        )
        assert row.payload["summary"] == "Mentoring: Ada & Bo"


@pytest.mark.parametrize(("choice", "cadence"), [("extend", "biweekly"), ("continue", "monthly")])
def test_a_longer_end_date_reissues(sdeps: Deps, choice: str, cadence: str) -> None:
    mentorship_id = _pair(sdeps)
    scheduling.transition(sdeps, TEAM_ID, "U0BO", mentorship_id, choice)
    assert _invites(sdeps) == [("seq:0", 0, "biweekly"), ("seq:1", 1, cadence)]


def test_concluding_or_an_unchanged_cadence_issues_nothing_more(sdeps: Deps) -> None:
    mentorship_id = _pair(sdeps)
    scheduling.change_cadence(sdeps, TEAM_ID, "U0BO", mentorship_id, "biweekly")
    assert _invites(sdeps) == [("seq:0", 0, "biweekly")]
    scheduling.transition(sdeps, TEAM_ID, "U0BO", mentorship_id, "conclude")
    # "as planned" ends on the planned date: the series already runs until then, so nothing is re-issued
    assert _invites(sdeps) == [("seq:0", 0, "biweekly")]


def _mark_sent(deps: Deps) -> None:
    with deps.uow() as uow:
        for row in uow.session.scalars(select(ScheduledMessageRecord)):
            row.state = "sent"


def test_ending_early_reissues_the_series_ending_now(sdeps: Deps) -> None:
    mentorship_id = _pair(sdeps)
    _mark_sent(sdeps)  # the pair has the file
    with sdeps.uow() as uow:
        record = uow.session.get(MentorshipRecord, mentorship_id)
        assert record is not None
        conclude(record, NOW, "not_a_fit")
    with sdeps.uow() as uow:
        rows = list(
            uow.session.scalars(
                select(ScheduledMessageRecord)
                .where(ScheduledMessageRecord.kind == "calendar_invite")
                .order_by(ScheduledMessageRecord.id)
            )
        )
        last = rows[-1]
        assert (last.kind, last.period_key, last.state) == ("calendar_invite", "seq:1", "pending")
        assert last.payload["ended_at"] == NOW.isoformat()
        stored = uow.session.get(MentorshipRecord, mentorship_id)
        assert stored is not None and stored.calendar_sequence == 1


def test_ending_on_the_planned_day_issues_nothing_more(sdeps: Deps) -> None:
    mentorship_id = _pair(sdeps, end_date=NOW.date())
    _mark_sent(sdeps)
    scheduling.transition(sdeps, TEAM_ID, "U0BO", mentorship_id, "conclude")
    assert _invites(sdeps) == [("seq:0", 0, "biweekly")]


def test_the_planned_end_in_a_zone_ahead_of_the_meeting_zone_issues_nothing_more(sdeps: Deps) -> None:
    # Both people have reached the end date (Berlin, New York) while the meeting's own zone
    # (Los Angeles) is still on the day before: still the planned end, not an early one.
    end = date(2026, 4, 7)
    mentorship_id = _pair(sdeps, end_date=end, meeting_zone="America/Los_Angeles")
    _mark_sent(sdeps)
    at = datetime(2026, 4, 7, 5, 0, tzinfo=UTC)  # 01:00 in New York, 22:00 on 6 April in LA
    with sdeps.uow() as uow:
        record = uow.session.get(MentorshipRecord, mentorship_id)
        assert record is not None
        conclude(record, at, "completed")
    assert _invites(sdeps) == [("seq:0", 0, "biweekly")]


def test_no_reissue_before_the_first_issue(sdeps: Deps) -> None:
    mentorship_id = _pair(sdeps, issued=False)
    scheduling.change_cadence(sdeps, TEAM_ID, "U0BO", mentorship_id, "weekly")
    assert _invites(sdeps) == []


def test_an_agreement_from_before_times_were_asked_meets_at_ten_local(sdeps: Deps) -> None:
    _pair(sdeps, first_meeting_at=None, meeting_zone=None)
    with sdeps.uow() as uow:
        row = uow.session.scalars(select(ScheduledMessageRecord)).one()
        # make_mentorship's first meeting day is today (2 March): 10:00 in Berlin is 09:00 UTC.
        assert row.payload["start"] == "2026-03-02T09:00:00+00:00"
        assert row.payload["timezone"] == "Europe/Berlin"
