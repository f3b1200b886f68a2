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


class ClockWentBackwards(RuntimeError):
    """The demo's story moves forward only: one program on one calendar."""


class ForwardClock(Clock):
    """A clock that starts frozen at an instant and only ever moves forward (the demo's calendar)."""

    def __init__(self, start: datetime) -> None:
        super().__init__()
        super().set(start)

    def set(self, value: datetime) -> None:
        """Move the clock to a later (or the same) instant; moving it back raises."""
        if self.fixed is not None and value.astimezone(UTC) < self.fixed:
            raise ClockWentBackwards(
                f"the demo clock is at {self.fixed:%Y-%m-%d %H:%M} UTC; {value} is earlier"
            )
        super().set(value)
