"""A living circle's state from its records: start day, current cycle, who is present, the host.

The rules are bot.domain.circles.rhythm's; this module only reads them off records. A circle's
calendar is its program's zone: the start day is the program's local day of `started_at`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from bot.domain import cadence as cad
from bot.domain.circles import rhythm
from bot.domain.meeting_times import zone
from storage.records import CircleMemberRecord, CircleRecord, ProgramRecord


def cadence_of(value: str | None) -> cad.Cadence:
    """A stored cadence as a known one (every two weeks when unknown)."""
    for known in cad.CADENCES:
        if value == known:
            return known
    return "biweekly"


def local_day(instant: datetime, zone_name: str | None) -> date:
    """The calendar day of an instant in a zone (UTC when unknown)."""
    return instant.astimezone(zone(zone_name or "UTC")).date()


def start_day(circle: CircleRecord, program: ProgramRecord) -> date:
    """The circle's first day, in its program's calendar."""
    return local_day(circle.started_at, program.time_zone)


def current_cycle(circle: CircleRecord, program: ProgramRecord, now: datetime) -> int:
    """The cycle the program's today falls in (0 before the start; the last one after the end)."""
    start = start_day(circle, program)
    cadence = cadence_of(circle.cadence)
    last = rhythm.cycle_count(start, circle.ends_on, cadence) - 1
    return min(max(0, rhythm.cycle_of(start, cadence, local_day(now, program.time_zone))), last)


def held(seats: Sequence[CircleMemberRecord]) -> list[CircleMemberRecord]:
    """Seats not left (present or paused), in seat order."""
    return sorted((s for s in seats if s.status in ("active", "paused")), key=lambda s: (s.position, s.id))


def present(seats: Sequence[CircleMemberRecord]) -> list[CircleMemberRecord]:
    """Seats present (not left, not paused), in seat order: the hosting rotation."""
    return [s for s in held(seats) if s.status == "active"]


def host_of(
    circle: CircleRecord, seats: Sequence[CircleMemberRecord], cycle: int
) -> CircleMemberRecord | None:
    """The seat hosting `cycle` (None when nobody is present)."""
    here = present(seats)
    if not here:
        return None
    return here[rhythm.host_index(cycle, circle.host_position, len(here))]


def rebase(circle: CircleRecord, before: Sequence[int], after: Sequence[int], cycle: int) -> None:
    """Pass the hosting turn on from `cycle`'s host after who is present changed (positions)."""
    circle.host_position = rhythm.rebase_offset(before, after, circle.host_position, cycle)


def positions(seats: Sequence[CircleMemberRecord]) -> list[int]:
    """The positions of the seats present, in order."""
    return [s.position for s in present(seats)]
