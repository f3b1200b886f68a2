"""Deps: what every use case needs, built once at start-up and passed down (no globals)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine

from bot.config import Settings
from bot.ports import SlackPort
from storage.db import make_engine, make_session_factory, read_only_engine
from storage.uow import UowFactory, make_uow_factory


def utc_now() -> datetime:
    """The real clock, in UTC."""
    return datetime.now(UTC)


@dataclass
class Deps:
    """Settings, the unit-of-work factory, the clock and the way to Slack."""

    settings: Settings
    engine: Engine
    uow: UowFactory
    clock: Callable[[], datetime] = utc_now
    slack: SlackPort | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    def at(self, now: datetime) -> Deps:
        """Return a copy whose clock is frozen at `now` (for `tick --at` and tests)."""
        return replace(self, clock=lambda: now)

    def require_slack(self) -> SlackPort:
        """Return the Slack gateway (set by the wiring)."""
        if self.slack is None:
            raise RuntimeError("Slack gateway not configured")
        return self.slack


def build_deps(settings: Settings, clock: Callable[[], datetime] = utc_now) -> Deps:
    """Create the engine, sessions and unit-of-work factory from settings."""
    engine = make_engine(settings.database_url)
    uow = make_uow_factory(make_session_factory(engine), read_only_engine(engine))
    return Deps(settings=settings, engine=engine, uow=uow, clock=clock)
