"""Checking one circle an admin edited: the same hard rules a round applies, and fresh reasons.

An admin may move a person between the circles of a pending proposal, take someone out, or put a
waiting person in. Each changed circle is judged here as the engine would judge it: its size must
stay within the program's sizes; no two members blocked either way, in a reporting line, without
``MIN_COMMON_HOURS`` of shared working time, or sharing a circle inside the cooldown; and the whole
circle needs a common hour. Soft repeats (cooldown "never while others are available") are allowed
in an edit and counted on the circle. The score and reasons are computed afresh.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.domain.circles.model import Circle, CircleSettings, Member, PastCircle
from bot.domain.circles.pool import MIN_COMMON_HOURS, Conflict, build_pool, mask_hours
from bot.domain.circles.propose import describe_circle

TOO_SMALL, TOO_LARGE, NO_SHARED_HOUR = "too_small", "too_large", "no_shared_hour"


@dataclass(frozen=True)
class Problem:
    """A rule an edited circle breaks: `code` (a Conflict value, or TOO_SMALL, TOO_LARGE,
    NO_SHARED_HOUR) and the two people involved (Slack user ids) when it is about a pair."""

    code: str
    first: str | None = None
    second: str | None = None


@dataclass(frozen=True)
class Assessment:
    """An edited circle described afresh, and what it breaks (empty when it may stand)."""

    circle: Circle
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """Whether the circle may stand."""
        return not self.problems


def assess_circle(
    members: Sequence[Member],
    now: datetime,
    settings: CircleSettings,
    history: Sequence[PastCircle] = (),
    managers: Mapping[str, str | None] | None = None,
    round_index: int | None = None,
) -> Assessment:
    """Judge one circle by the round's hard rules and sizes; describe it (score, reasons, hours)."""
    pool = build_pool(members, settings, history, now, managers, round_index)
    problems: list[Problem] = []
    size = len(pool.members)
    if size < settings.min_size:
        problems.append(Problem(TOO_SMALL))
    if size > settings.max_size:
        problems.append(Problem(TOO_LARGE))
    for i in range(size):
        for j in range(i + 1, size):
            conflict = pool.conflicts.get((i, j))
            if conflict is None and not pool.hours_ok(i, j):
                conflict = Conflict.NO_COMMON_HOURS
            if conflict is not None:
                problems.append(
                    Problem(str(conflict), pool.members[i].slack_user_id, pool.members[j].slack_user_id)
                )
    pairs_ok = not any(p.code == Conflict.NO_COMMON_HOURS for p in problems)
    if size and pairs_ok and mask_hours(pool.common_mask(range(size))) < MIN_COMMON_HOURS:
        problems.append(Problem(NO_SHARED_HOUR))
    return Assessment(describe_circle(pool, range(size)), tuple(problems))
