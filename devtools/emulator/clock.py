"""A clock that can be set and moved (tests and the demo fast-forward time with it)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class Clock:
    """Real time until set; then frozen where it was set, and moved with `advance`."""

    def __init__(self) -> None:
        self.fixed: datetime | None = None

    def __call__(self) -> datetime:
        return self.fixed or datetime.now(UTC)

    def set(self, value: datetime) -> None:
        """Freeze the clock at an instant (aware)."""
        if value.tzinfo is None:
            raise ValueError("the clock needs an aware datetime")
        self.fixed = value.astimezone(UTC)

    def advance(self, delta: timedelta) -> datetime:
        """Move the clock forward and return the new time."""
        self.set(self() + delta)
        return self()
