"""A living circle's rhythm: its cycles, who hosts each one, when the scheduler asks, its health.

Rules:
* A circle starts on its start day (the program's local day the round was approved) and runs until
  ``ends_on`` = start + the program's circle weeks. Cycle ``k`` (k >= 0) starts on
  ``start + k * cadence days`` (weekly 7, every two weeks 14, monthly 28, as for mentorships); the
  cycles are those that start before ``ends_on``. A cycle ends when the next begins, the last one
  on ``ends_on`` (exclusive).
* Hosts: the members present (seats not left and not paused), in seat order, take turns, one
  cycle each: cycle ``k`` is hosted by ``present[(k + offset) % len(present)]``. The offset (the
  circle's ``host_position``) changes only when who is present changes, and then so that the turn
  passes on from the current cycle's host to the next person after them (``rebase_offset``): nobody
  is skipped and nobody hosts twice in a row because someone left, paused or came back.
* Cycle 0's prompt travels with the circle's introduction; the prompt of cycle ``k >= 1`` is due
  on the first weekday on or after the cycle's start, at the program's check-in hour in the host's
  time zone.
* The host of cycle ``k`` is asked "did your circle meet?" on the last weekday on or before two
  days before the cycle ends (never before the cycle starts), at the check-in hour in the host's
  zone.
* The closing (a reflection for each member, thanks to the circle) is due on ``ends_on`` (first
  weekday on or after), at the check-in hour in each member's zone.
* Health: a circle below its minimum size is "short" (regrouped at the next round); a circle that
  has not logged a meeting for two cycles (counted from its last meeting, else from its start) is
  "quiet"; otherwise "on track".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Final

from bot.domain.cadence import CADENCE_DAYS, Cadence

ASK_DAYS_BEFORE_END: Final = 2
QUIET_CYCLES: Final = 2
ON_TRACK, QUIET, SHORT = "on_track", "quiet", "short"


def cycle_days(cadence: Cadence) -> int:
    """The length of one cycle in days."""
    return CADENCE_DAYS[cadence]


def cycle_start(start: date, cadence: Cadence, cycle: int) -> date:
    """The first day of cycle ``cycle``."""
    return start + timedelta(days=cycle * cycle_days(cadence))


def cycle_count(start: date, ends_on: date, cadence: Cadence) -> int:
    """How many cycles the run has (those starting before ``ends_on``; at least one)."""
    days = (ends_on - start).days
    return max(1, -(-days // cycle_days(cadence)))


def cycle_end(start: date, ends_on: date, cadence: Cadence, cycle: int) -> date:
    """The day after cycle ``cycle``'s last day (the next cycle's start, or ``ends_on``)."""
    return min(cycle_start(start, cadence, cycle + 1), ends_on)


def cycle_of(start: date, cadence: Cadence, day: date) -> int:
    """The cycle ``day`` falls in (negative before the start; past the end it keeps counting)."""
    return (day - start).days // cycle_days(cadence)


def last_weekday_on_or_before(day: date) -> date:
    """``day`` when it is Monday to Friday, else the Friday before."""
    weekday = day.weekday()
    return day if weekday < 5 else day - timedelta(days=weekday - 4)


def ask_day(start: date, ends_on: date, cadence: Cadence, cycle: int) -> date:
    """The day the host of ``cycle`` is asked whether the circle met."""
    first = cycle_start(start, cadence, cycle)
    day = last_weekday_on_or_before(
        cycle_end(start, ends_on, cadence, cycle) - timedelta(days=ASK_DAYS_BEFORE_END)
    )
    return max(day, first)


def host_index(cycle: int, offset: int, present: int) -> int:
    """The index, among the members present, of the host of ``cycle`` (present must be > 0)."""
    return (cycle + offset) % present


def rebase_offset(before: Sequence[int], after: Sequence[int], offset: int, cycle: int) -> int:
    """The offset that passes the turn on after ``cycle`` from its host to the next person present.

    ``before`` and ``after`` are the positions of the seats present before and after the change,
    in seat order. The host of ``cycle`` is taken from ``before``; under the returned offset the
    host of ``cycle + 1`` is the first seat of ``after`` that comes after that host in seat order
    (wrapping round). Returns 0 when nobody is present after the change.
    """
    if not after:
        return 0
    if not before:
        return (-(cycle + 1)) % len(after)
    host = before[host_index(cycle, offset, len(before))]
    later = [i for i, position in enumerate(after) if position > host]
    following = later[0] if later else 0
    return (following - (cycle + 1)) % len(after)


def is_quiet(start: date, last_met_on: date | None, cadence: Cadence, today: date) -> bool:
    """Whether a circle has gone two cycles without a logged meeting."""
    since = max(start, last_met_on) if last_met_on is not None else start
    return (today - since).days >= QUIET_CYCLES * cycle_days(cadence)


def health(*, seats: int, min_size: int, quiet: bool) -> str:
    """A living circle's health from its seats not left and whether it is quiet: "short", "quiet"
    or "on_track" (the first that applies)."""
    if seats < min_size:
        return SHORT
    if quiet:
        return QUIET
    return ON_TRACK
