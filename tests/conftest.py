"""Shared fixtures: databases on SQLite and PostgreSQL, the fake Slack server, a running bot.

PostgreSQL tests use MENTORBOT_TEST_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/test).
When it cannot be reached they are skipped, unless MENTORBOT_REQUIRE_POSTGRES=1 (as in CI), where
that is an error: the production database path is never skipped silently there.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from bot.deps import Deps, build_deps
from bot.server import RunningBot, start_in_thread
from devtools.emulator import FakeSlack, Workspace
from devtools.emulator.clock import Clock
from storage.migrate import upgrade
from storage.records import Base
from tests.support.settings import (
    ADMIN_CHANNEL,
    CELEBRATION_CHANNEL,
    PROGRAM_CHANNEL,
    SIGNING_SECRET,
    make_settings,
)

PG_URL = os.environ.get("MENTORBOT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REQUIRE_PG = os.environ.get("MENTORBOT_REQUIRE_POSTGRES") == "1"


def _pg_url() -> str:
    return "postgresql+psycopg://" + PG_URL.split("://", 1)[1]


_pg_state: dict[str, Any] = {}


def _pg_ready() -> str | None:
    """Migrate the PostgreSQL test database once; return why it is unusable, or None."""
    if "error" not in _pg_state:
        try:
            engine = create_engine(_pg_url())
            with engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
            engine.dispose()
            upgrade(_pg_url())
            _pg_state["error"] = None
        except Exception as err:
            _pg_state["error"] = f"{type(err).__name__}: {err}"
    error: str | None = _pg_state["error"]
    return error


def _truncate_pg() -> None:
    engine = create_engine(_pg_url())
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite database file, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, sqlite_template: Path, tmp_path: Path) -> str:
    """A fresh, migrated database on each backend."""
    if request.param == "sqlite":
        target = tmp_path / "mentorbot.db"
        shutil.copy(sqlite_template, target)
        return f"sqlite:///{target}"
    error = _pg_ready()
    if error is not None:
        if REQUIRE_PG:
            pytest.fail(f"PostgreSQL is required (MENTORBOT_REQUIRE_POSTGRES=1) but unusable: {error}")
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}: {error}")
    _truncate_pg()
    return _pg_url()


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    """A fresh, migrated SQLite database (for tests that need only one backend)."""
    target = tmp_path / "mentorbot.db"
    shutil.copy(sqlite_template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def clock() -> Clock:
    """A settable clock for the bot under test."""
    return Clock()


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    """The fake Slack Web API on loopback."""
    fake = FakeSlack().start()
    fake.add_channel(ADMIN_CHANNEL, "mentorship-admins", [])
    fake.add_channel(PROGRAM_CHANNEL, "mentorship", [])
    fake.add_channel(CELEBRATION_CHANNEL, "mentorship-wins", [])
    fake.add_channel("C0GENERAL", "general", [])
    yield fake
    fake.stop()


@pytest.fixture
def deps(db_url: str, fake_slack: FakeSlack, clock: Clock) -> Iterator[Deps]:
    """Deps for the bot under test, on each database backend."""
    built = build_deps(make_settings(db_url, fake_slack), clock=clock)
    yield built
    built.engine.dispose()


@pytest.fixture
def bot(deps: Deps) -> Iterator[RunningBot]:
    """The real bot serving HTTP on loopback, its Web API calls going to the fake Slack."""
    running = start_in_thread(deps)
    yield running
    running.stop()


@pytest.fixture
def ws(bot: RunningBot, fake_slack: FakeSlack) -> Workspace:
    """The workspace: people who send signed requests to the bot."""
    return Workspace(fake_slack, bot.url, SIGNING_SECRET, settle=bot.settle)
