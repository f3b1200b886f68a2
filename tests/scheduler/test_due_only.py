"""Due-only planning on both backends: an idle tick reads no mentorship, a busy one records each
message once, and a pair a writer holds (PostgreSQL row lock) waits for the next tick."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Table, update

from bot.deps import Deps
from bot.services import scheduling
from devtools.emulator import FakeSlack
from devtools.emulator.server import TEAM_ID
from storage.records import MentorshipRecord
from tests.support.factories import mentorship, utc
from tests.support.scheduling import pair

START = utc(2026, 3, 2, 8)  # a Monday


def test_an_idle_tick_reads_no_mentorship_and_a_busy_one_records_each_message_once(
    deps: Deps, fake_slack: FakeSlack
) -> None:
    deps.clock.set(START)  # type: ignore[attr-defined]
    _, _, record = pair(deps, fake_slack, cadence="weekly", weeks=12)
    first = scheduling.plan(deps.at(START), TEAM_ID, START)
    assert first.planned == 1 and first.inserted == 0
    # The next thing due is Ada's first check-in: Monday 9 March, 10:00 in London.
    assert mentorship(deps, record.id).next_due_at == utc(2026, 3, 9, 10)
    for minutes in (1, 60, 24 * 60):  # (the program's weekly digest falls due on Monday at 10:00)
        at = START + timedelta(minutes=minutes)
        idle = scheduling.plan(deps.at(at), TEAM_ID, at)
        assert idle.planned == 0 and set(idle.by_kind) <= {"digest"}
    busy = utc(2026, 3, 9, 10)
    report = scheduling.plan(deps.at(busy), TEAM_ID, busy)
    assert report.planned == 1 and report.by_kind["checkin"] == 1
    again = scheduling.plan(deps.at(busy), TEAM_ID, busy)
    assert (again.planned, again.inserted) == (0, 0)
    # Bo's check-in is next: 10:00 in New York.
    assert mentorship(deps, record.id).next_due_at == utc(2026, 3, 9, 14)
    full = scheduling.plan(deps.at(busy), TEAM_ID, busy, everything=True)
    assert (full.planned, full.inserted) == (1, 0)  # nothing the due-only plan left out


def test_a_pair_a_writer_holds_is_planned_on_the_next_tick_not_from_what_it_may_change(
    deps: Deps, fake_slack: FakeSlack
) -> None:
    if deps.engine.dialect.name != "postgresql":
        pytest.skip("row locks: on SQLite a writer holds the whole database")
    deps.clock.set(START)  # type: ignore[attr-defined]
    _, _, record = pair(deps, fake_slack, cadence="weekly", weeks=12)
    scheduling.plan(deps.at(START), TEAM_ID, START)
    due = utc(2026, 3, 9, 10)
    table = MentorshipRecord.__table__
    assert isinstance(table, Table)
    with deps.engine.connect() as writer:
        transaction = writer.begin()  # a user's action, half done: the pair's row is locked
        writer.execute(update(table).where(table.c.id == record.id).values(next_due_at=None))
        skipped = scheduling.plan(deps.at(due), TEAM_ID, due)
        assert skipped.planned == 0 and "checkin" not in skipped.by_kind
        transaction.commit()
    later = due + timedelta(minutes=1)
    report = scheduling.plan(deps.at(later), TEAM_ID, later)
    assert report.planned == 1 and report.by_kind["checkin"] == 1
