"""Storage on both backends: migrations match the records, UTC round-trips, one transaction per use case."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from bot.deps import Deps
from storage.records import Base, PersonRecord
from tests.support.factories import make_person


def test_migrations_match_the_records(deps: Deps) -> None:
    with deps.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_datetimes_round_trip_as_aware_utc(deps: Deps) -> None:
    berlin = timezone(timedelta(hours=2))
    stamp = datetime(2026, 3, 29, 3, 30, tzinfo=berlin)
    person = make_person(deps, "U0TZ", created_at=stamp, updated_at=stamp)
    with deps.uow() as uow:
        loaded = uow.people.get(person.team_id, person.id)
        assert loaded is not None
        assert loaded.created_at == stamp
        assert loaded.created_at.tzinfo is not None
        assert loaded.created_at.utcoffset() == timedelta(0)


def test_naive_datetimes_are_refused(deps: Deps) -> None:
    with pytest.raises(Exception, match="naive"):
        make_person(deps, "U0NAIVE", created_at=datetime(2026, 1, 1))  # noqa: DTZ001 - on purpose


def test_a_failed_use_case_saves_nothing(deps: Deps) -> None:
    def half_done() -> None:
        with deps.uow() as uow:
            now = datetime.now(UTC)
            uow.people.add(PersonRecord(team_id="T1", slack_user_id="U0HALF", created_at=now, updated_at=now))
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        half_done()
    with deps.uow() as uow:
        assert uow.session.scalars(select(PersonRecord)).all() == []


def test_inbox_records_a_key_once_per_workspace(deps: Deps) -> None:
    now = datetime.now(UTC)
    with deps.uow() as uow:
        assert uow.inbox.record_once("T1", "event:Ev1", now)
        assert not uow.inbox.record_once("T1", "event:Ev1", now)
        assert uow.inbox.record_once("T2", "event:Ev1", now)
    with deps.uow() as uow:
        assert not uow.inbox.record_once("T1", "event:Ev1", now)
        assert uow.inbox.purge_before(now + timedelta(seconds=1)) == 2


def test_people_are_scoped_to_their_workspace(deps: Deps) -> None:
    make_person(deps, "U0SAME", team_id="T1", name="In T1")
    make_person(deps, "U0SAME", team_id="T2", name="In T2")
    with deps.uow() as uow:
        one = uow.people.by_slack_id("T1", "U0SAME")
        assert one is not None and one.name == "In T1"
        assert uow.people.get("T2", one.id) is None
        assert [p.name for p in uow.people.enrolled("T2")] == ["In T2"]


def test_program_settings_default_on_first_use(deps: Deps) -> None:
    with deps.uow() as uow:
        settings = uow.programs.settings("T9", datetime.now(UTC))
        assert settings.check_in_hour == 10
        assert settings.request_expiry_days == 3
        assert uow.programs.workspace("T9") is not None
