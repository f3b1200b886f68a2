"""Scheduler test fixtures: deps paced fast enough for tests, and helpers to tick and look."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.deps import Deps, build_deps
from devtools.emulator import FakeSlack
from devtools.emulator.clock import Clock
from tests.support.settings import make_settings


@pytest.fixture
def deps(db_url: str, fake_slack: FakeSlack, clock: Clock) -> Iterator[Deps]:
    """Deps whose dispatcher is not slowed down by production pacing."""
    built = build_deps(
        make_settings(db_url, fake_slack, mentorbot_send_rate=5000, mentorbot_channel_send_rate=5000),
        clock=clock,
    )
    yield built
    built.engine.dispose()
