"""Pair health for admins, and the small-group rule for every aggregate they see.

Pair health (`pair_health`), checked in this order, the first match wins:
- paused: the pair paused its mentorship (not judged while paused).
- at risk: a rematch was requested; or check-ins flagged the pair (missed meetings); or a
  reflection scored 1 or 2 (out of 5) on progress or relationship; or no session for more than
  twice the agreed cadence (counted from the last session, else from the start).
- needs a check-in: no session for more than the cadence plus a 3-day grace; or no agreement
  7 days after the start.
- on track: otherwise.
Reasons never contain anything a person wrote; only dates, counts and flags.

Small groups (`suppress`): only a figure that could reveal one person's private answer is ever
hidden — a reflection score, a program rating, or anything computed from them (`private=True`).
It is shown when at least the program's threshold of different people stand behind it (default
DEFAULT_THRESHOLD, never below MIN_THRESHOLD), otherwise hidden, so nobody's answer can be read
off an average. Counts of people, pairs, sessions and goals are never hidden: admins see every
pair by name in pair health and every person in the export anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final, TypeVar

from bot.domain.dates import days_ago, plain_day

DEFAULT_THRESHOLD: Final = 5
MIN_THRESHOLD: Final = 3
MAX_THRESHOLD: Final = 50
PRIVATE_KINDS: Final = frozenset({"score"})  # averages of 1..5 answers people gave privately
LOW_SCORE: Final = 2
GRACE_DAYS: Final = 3
AGREEMENT_DAYS: Final = 7
CADENCE_DAYS: Final = {"weekly": 7, "biweekly": 14, "monthly": 28}
CADENCE_WORDS: Final = {"weekly": "every week", "biweekly": "every two weeks", "monthly": "every month"}

ON_TRACK, NEEDS_CHECK_IN, AT_RISK, PAUSED = "on_track", "needs_check_in", "at_risk", "paused"
SEVERITY: Final = {AT_RISK: 0, NEEDS_CHECK_IN: 1, PAUSED: 2, ON_TRACK: 3}

T = TypeVar("T", int, float)


@dataclass(frozen=True)
class PairFacts:
    """What health is judged from (no private text)."""

    status: str
    cadence: str
    started_on: date
    last_session_on: date | None
    agreement_status: str
    at_risk: bool
    rematch_requested: bool
    lowest_reflection_score: int | None
    paused_until: date | None = None


@dataclass(frozen=True)
class Health:
    """A pair's health and the reason, in words fit for an admin."""

    state: str
    reason: str


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def pair_health(facts: PairFacts, today: date) -> Health:
    """Judge one pair's health on a given day."""
    if facts.status == "paused":
        until = f" until {plain_day(facts.paused_until)}" if facts.paused_until else ""
        return Health(PAUSED, f"paused{until}")
    cadence_days = CADENCE_DAYS.get(facts.cadence, 14)
    words = CADENCE_WORDS.get(facts.cadence, facts.cadence)
    since = facts.last_session_on or facts.started_on
    quiet = max(0, (today - since).days)
    what = "since the last session" if facts.last_session_on else "since the start, no session logged"
    if facts.rematch_requested:
        return Health(AT_RISK, "a rematch was requested")
    if facts.at_risk:
        return Health(AT_RISK, "check-ins flagged missed meetings")
    if facts.lowest_reflection_score is not None and facts.lowest_reflection_score <= LOW_SCORE:
        return Health(AT_RISK, f"a reflection scored {facts.lowest_reflection_score} out of 5")
    if quiet > 2 * cadence_days:
        return Health(AT_RISK, f"{_days(quiet)} {what}; they agreed to meet {words}")
    if quiet > cadence_days + GRACE_DAYS:
        return Health(NEEDS_CHECK_IN, f"{_days(quiet)} {what}; they agreed to meet {words}")
    age = max(0, (today - facts.started_on).days)
    if facts.agreement_status != "agreed" and age > AGREEMENT_DAYS:
        return Health(NEEDS_CHECK_IN, f"no agreement yet, {_days(age)} after the start")
    if facts.last_session_on:
        return Health(ON_TRACK, f"last session {days_ago(quiet)}; meeting {words}")
    return Health(ON_TRACK, f"started {days_ago(age)}; meeting {words}")


def suppress(value: T | None, people: int, *, private: bool, threshold: int = DEFAULT_THRESHOLD) -> T | None:
    """Return the value, or None (hidden) when it is private and fewer than `threshold` people
    stand behind it. A threshold below MIN_THRESHOLD counts as MIN_THRESHOLD."""
    if value is None:
        return None
    if private and people < max(threshold, MIN_THRESHOLD):
        return None
    return value


def is_private(kind: str) -> bool:
    """Whether a figure of this kind is computed from private answers (scores, ratings)."""
    return kind in PRIVATE_KINDS


def rate(part: int, whole: int) -> float | None:
    """Return part/whole as a fraction, or None when there is nothing to divide by."""
    return part / whole if whole > 0 else None
