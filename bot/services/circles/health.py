"""Circles for admins: each living circle's health, and the program in numbers.

Admins see counts, dates and flags only: who is in which circle (they approved it), how many
meetings were logged, when the circle last met, whether it is quiet or short. Never a summary, a
reflection comment or anything else a member wrote. The average reflection score is shown only
when at least MIN_GROUP different people gave one (bot.domain.program_health.suppress).
"""

from __future__ import annotations

from datetime import datetime

from bot.deps import Deps
from bot.domain.circles import rhythm
from bot.domain.program_health import suppress
from bot.services.circles.outcomes import CircleHealth, CirclesSummary
from bot.services.circles.pool import circles_program
from bot.services.circles.state import cadence_of, current_cycle, held, local_day, start_day
from storage.records import CircleRecord, ProgramRecord
from storage.repositories.circles import LIVING, CircleRepository
from storage.uow import UnitOfWork

SEVERITY = {rhythm.SHORT: 0, rhythm.QUIET: 1, rhythm.ON_TRACK: 2}


def _health(
    uow: UnitOfWork, team_id: str, program: ProgramRecord, circles: list[CircleRecord], now: datetime
) -> list[CircleHealth]:
    repo = uow.repo(CircleRepository)
    seats = repo.seats(team_id, [c.id for c in circles])
    logs = repo.logs(team_id, [c.id for c in circles])
    today = local_day(now, program.time_zone)
    rows: list[CircleHealth] = []
    for circle in circles:
        here = held(seats[circle.id])
        start = start_day(circle, program)
        quiet = rhythm.is_quiet(start, circle.last_met_on, cadence_of(circle.cadence), today)
        rows.append(
            CircleHealth(
                circle_id=circle.id,
                members=tuple(s.person.slack_user_id for s in here),
                paused=sum(1 for s in here if s.status == "paused"),
                status=circle.status,
                health=rhythm.health(seats=len(here), min_size=program.circle_min_size, quiet=quiet)
                if circle.status != "short"
                else rhythm.SHORT,
                started_on=start,
                ends_on=circle.ends_on,
                cycle=current_cycle(circle, program, now),
                meetings=sum(1 for log in logs[circle.id] if log.met),
                last_met_on=circle.last_met_on,
            )
        )
    return sorted(rows, key=lambda r: (SEVERITY[r.health], r.circle_id))


def circle_health(deps: Deps, team_id: str, program_id: int) -> list[CircleHealth]:
    """The health of each living circle of a circles program, the most worrying first."""
    now = deps.clock()
    with deps.uow(read_only=True) as uow:
        program = circles_program(uow, team_id, program_id)
        living = uow.repo(CircleRepository).circles(team_id, program.id, LIVING)
        return _health(uow, team_id, program, living, now)


def summarise(uow: UnitOfWork, team_id: str, program: ProgramRecord, now: datetime) -> CirclesSummary:
    """A program's circles in numbers, inside the caller's unit of work (any program format)."""
    repo = uow.repo(CircleRepository)
    circles = repo.circles(team_id, program.id)
    living = [c for c in circles if c.status in LIVING]
    health = _health(uow, team_id, program, living, now)
    seated = repo.seated_person_ids(team_id, program.id)
    enrolled = [p for p in uow.people.enrolled(team_id, program.id) if p.status == "active"]
    met, _ = repo.count_logs(team_id, program.id)
    ever = {s.person_id for seats in repo.seats(team_id, [c.id for c in circles]).values() for s in seats}
    scores = repo.reflection_scores(team_id, program.id)
    people = len({p for p, _ in scores})
    average = sum(s for _, s in scores) / len(scores) if scores else None
    return CirclesSummary(
        program_id=program.id,
        living=len(living),
        members_seated=len(seated),
        waiting=len([p for p in enrolled if p.id not in seated]) if program.format == "circles" else 0,
        short=sum(1 for h in health if h.health == rhythm.SHORT),
        quiet=sum(1 for h in health if h.health == rhythm.QUIET),
        ended=sum(1 for c in circles if c.status == "ended"),
        meetings_logged=met,
        reflections=len(scores),
        reflection_people=people,
        reflection_average=suppress(average, people, private=True, threshold=program.report_threshold),
        health=tuple(health),
        people_ever=len(ever),
    )


def circles_summary(deps: Deps, team_id: str, program_id: int) -> CirclesSummary:
    """A circles program in numbers (see the module docstring for what admins may see)."""
    now = deps.clock()
    with deps.uow(read_only=True) as uow:
        program = circles_program(uow, team_id, program_id)
        return summarise(uow, team_id, program, now)
