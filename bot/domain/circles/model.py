"""The shapes of a circles round: who is waiting, what ran before, the settings and the proposal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.domain.meeting_times import Window

DEFAULT_MIN_SIZE = 4
DEFAULT_MAX_SIZE = 6


@dataclass(frozen=True)
class Member:
    """A person waiting for a circle, as the grouping engine sees them."""

    person_id: int
    slack_user_id: str
    name: str
    topics: tuple[str, ...]
    timezone: str
    department: str | None = None
    manager_slack_id: str | None = None
    blocked: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PastCircle:
    """A circle that ran in round ``round_index`` (rounds count up from 0 within a program)."""

    member_ids: frozenset[int]
    round_index: int


@dataclass(frozen=True)
class CircleSettings:
    """Program settings for forming circles; ``cooldown_rounds`` None means "never again while
    others are available" (see the package docstring)."""

    min_size: int = DEFAULT_MIN_SIZE
    max_size: int = DEFAULT_MAX_SIZE
    cooldown_rounds: int | None = None
    topic_weight: float = 0.7
    hours_weight: float = 0.15
    department_weight: float = 0.15

    def __post_init__(self) -> None:
        """Reject sizes below 2 or out of order, a negative cooldown and unusable weights."""
        if self.min_size < 2 or self.max_size < self.min_size:
            msg = "circle sizes need 2 <= min_size <= max_size"
            raise ValueError(msg)
        if self.cooldown_rounds is not None and self.cooldown_rounds < 0:
            msg = "cooldown_rounds must be None or >= 0"
            raise ValueError(msg)
        weights = (self.topic_weight, self.hours_weight, self.department_weight)
        if min(weights) < 0 or sum(weights) <= 0:
            msg = "weights must be non-negative with a positive sum"
            raise ValueError(msg)


@dataclass(frozen=True)
class Circle:
    """A proposed circle: members (by person id), a 0..1000 score, reasons and common hours (UTC)."""

    members: tuple[Member, ...]
    score: int
    reasons: tuple[str, ...]
    common_hours: tuple[Window, ...]
    topic_affinity: float
    repeated_pairs: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Unplaced:
    """A person left without a circle this round, and why in plain words."""

    member: Member
    reason: str


@dataclass(frozen=True)
class CircleProposal:
    """The outcome of a circles round; ``method`` is "exact" or "local_search"."""

    circles: tuple[Circle, ...]
    unplaced: tuple[Unplaced, ...]
    note: str | None = None
    method: str = "exact"

    @property
    def placed_count(self) -> int:
        """Return how many people are in a circle."""
        return sum(len(c.members) for c in self.circles)

    def to_json(self) -> dict[str, Any]:
        """Return the CLI's JSON shape (a "note" key only when there is a note)."""
        shape: dict[str, Any] = {
            "circles": [
                {
                    "members": [m.slack_user_id for m in circle.members],
                    "score": circle.score,
                    "reasons": list(circle.reasons),
                }
                for circle in self.circles
            ],
            "unplaced": [{"member": u.member.slack_user_id, "reason": u.reason} for u in self.unplaced],
        }
        if self.note:
            shape["note"] = self.note
        return shape
