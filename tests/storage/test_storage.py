"""Storage on both backends: migrations match the records, UTC round-trips, one transaction per use case."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import insert, select
from sqlalchemy.exc import DBAPIError

from bot.deps import Deps
from devtools.emulator.server import TEAM_ID
from storage.records import Base, IdentityRecord, PersonRecord
from tests.support.factories import make_person
from tests.support.locks import writer_holding_the_lock


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


def test_a_read_only_unit_reads_beside_a_writer_and_sees_only_committed_rows(deps: Deps) -> None:
    make_person(deps, "U0SEEN", name="Committed")
    with writer_holding_the_lock(deps) as writer:
        now = datetime.now(UTC)
        writer.execute(
            insert(IdentityRecord).values(
                team_id=TEAM_ID,
                slack_user_id="U0UNSEEN",
                name="",
                timezone="UTC",
                public_shoutouts=False,
                do_not_match=[],
                created_at=now,
                updated_at=now,
            )
        )
        # Before read-only units, this waited for the write lock (SQLite's busy timeout, 15 s)
        # and then failed with "database is locked".
        with deps.uow(read_only=True) as uow:
            names = [p.slack_user_id for p in uow.session.scalars(select(IdentityRecord))]
            settings = uow.programs.read_settings(TEAM_ID, now)
    assert names == ["U0SEEN"]
    assert settings.check_in_hour == 10  # the defaults, not saved


def test_a_read_only_unit_refuses_to_write_and_leaves_the_next_unit_writable(deps: Deps) -> None:
    now = datetime.now(UTC)

    def write_in_a_read() -> None:
        with deps.uow(read_only=True) as uow:
            uow.people.add(PersonRecord(team_id="T1", slack_user_id="U0RO", created_at=now, updated_at=now))

    for _ in range(2):  # the same pooled connection goes read-only and back
        with pytest.raises(DBAPIError):
            write_in_a_read()
        with deps.uow() as uow:
            uow.programs.settings("T1", now)
    with deps.uow(read_only=True) as uow:
        assert uow.people.by_slack_id("T1", "U0RO") is None
        assert uow.programs.workspace("T1") is not None


def test_read_settings_never_saves_the_defaults(deps: Deps) -> None:
    with deps.uow(read_only=True) as uow:
        assert uow.programs.read_settings("T8", datetime.now(UTC)).program_name == "Mentorship Program"
    with deps.uow(read_only=True) as uow:
        assert uow.programs.workspace("T8") is None
