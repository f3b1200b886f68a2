"""A member's seat in a circle: the group DM, leaving, pausing and coming back; what they see.

* Leaving is final for that circle: the seat is marked left. A circle left with fewer seats than
  the program's minimum becomes "short" (it keeps meeting, and the next round regroups its
  members: merged into other circles or topped up); with fewer than two it ends ("too_small")
  and its last member waits for the next round.
* Pausing keeps the seat (the person stays in the group DM) but skips them as host until they
  come back. Leaving, pausing and coming back pass the hosting turn on from the current host
  (bot.domain.circles.rhythm).
* Messages the scheduler queued for this circle and not yet sent to someone who left are
  cancelled.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import update

from bot.deps import Deps
from bot.domain.circles.prompts import prompt_for
from bot.services.circles.outcomes import (
    CircleRefused,
    CircleView,
    LogView,
    MemberCard,
    NewCircle,
    SeatChange,
)
from bot.services.circles.pool import card
from bot.services.circles.prompts import program_prompts
from bot.services.circles.state import current_cycle, held, host_of, positions, rebase, start_day
from storage.records import CircleMemberRecord, CircleRecord, ScheduledMessageRecord
from storage.repositories.circles import LIVING, CircleRepository
from storage.uow import UnitOfWork

logger = logging.getLogger(__name__)

MIN_TO_CONTINUE = 2


def period_prefix(circle_id: int) -> str:
    """The start of every scheduled-message period key about this circle."""
    return f"circle-{circle_id}:"


def _circle(uow: UnitOfWork, team_id: str, circle_id: int, *, lock: bool = False) -> CircleRecord:
    found = uow.repo(CircleRepository).circle(team_id, circle_id, lock=lock)
    if found is None:
        raise CircleRefused("circle_gone")
    return found


def _seat_of(seats: list[CircleMemberRecord], slack_user_id: str) -> CircleMemberRecord | None:
    for seat in seats:
        if seat.person.slack_user_id == slack_user_id:
            return seat
    return None


def set_group_channel(deps: Deps, team_id: str, circle_id: int, channel_id: str) -> bool:
    """Remember the circle's group DM (opened by the edge); False when it was already that one."""
    with deps.uow() as uow:
        circle = _circle(uow, team_id, circle_id)
        if circle.group_channel_id == channel_id:
            return False
        circle.group_channel_id = channel_id
        return True


def _cancel_pending(uow: UnitOfWork, team_id: str, circle_id: int, recipient: str) -> None:
    uow.session.execute(
        update(ScheduledMessageRecord)
        .where(
            ScheduledMessageRecord.team_id == team_id,
            ScheduledMessageRecord.recipient == recipient,
            ScheduledMessageRecord.period_key.startswith(period_prefix(circle_id), autoescape=True),
            ScheduledMessageRecord.state.in_(("pending", "unknown")),
        )
        .values(state="cancelled", last_error="left_circle")
        .execution_options(synchronize_session=False)
    )


def _change(
    deps: Deps,
    team_id: str,
    slack_user_id: str,
    circle_id: int,
    to: str,
    allowed: tuple[str, ...],
    refusal: str,
) -> SeatChange:
    now = deps.clock()
    with deps.uow() as uow:
        repo = uow.repo(CircleRepository)
        circle = _circle(uow, team_id, circle_id, lock=True)
        seats = repo.seats(team_id, [circle.id])[circle.id]
        seat = _seat_of(seats, slack_user_id)
        if seat is None or seat.status == "left":
            raise CircleRefused("not_in_circle")
        if circle.status not in LIVING:
            raise CircleRefused("circle_ended")
        if seat.status not in allowed:
            raise CircleRefused(refusal)
        return move_seat(uow, team_id, circle, seats, seat, to, now)


def move_seat(
    uow: UnitOfWork,
    team_id: str,
    circle: CircleRecord,
    seats: list[CircleMemberRecord],
    seat: CircleMemberRecord,
    to: str,
    now: datetime,
) -> SeatChange:
    """Move a seat of a living circle to `to` (left, paused, active) inside the caller's unit of
    work: pass the hosting turn on, mark the circle short or end it, cancel what was queued for a
    leaver. The caller has checked that the move is allowed."""
    program = uow.programs.program(team_id, circle.program_id)
    assert program is not None  # noqa: S101 - programs are archived, never deleted
    cycle = current_cycle(circle, program, now)
    before = positions(seats)
    seat.status = to
    if to == "left":
        seat.left_at = now
        _cancel_pending(uow, team_id, circle.id, seat.person.slack_user_id)
    rebase(circle, before, positions(seats), cycle)
    still = held(seats)
    if len(still) < MIN_TO_CONTINUE:
        circle.status, circle.end_reason, circle.ended_at = "ended", "too_small", now
    elif len(still) < program.circle_min_size:
        circle.status = "short"
    host = host_of(circle, seats, cycle + 1) if circle.status in LIVING else None
    logger.info(
        "circle seat team=%s circle=%s seat=%s to=%s circle_status=%s",
        team_id,
        circle.id,
        seat.id,
        to,
        circle.status,
    )
    return SeatChange(
        circle_id=circle.id,
        program_id=circle.program_id,
        person=card(seat.person),
        seat_status=to,
        circle_status=circle.status,
        group_channel_id=circle.group_channel_id,
        remaining=tuple(card(s.person) for s in still),
        host=card(host.person) if host is not None else None,
    )


def leave(deps: Deps, team_id: str, slack_user_id: str, circle_id: int) -> SeatChange:
    """Leave a circle for good (see the module docstring for what happens to the circle)."""
    return _change(deps, team_id, slack_user_id, circle_id, "left", ("active", "paused"), "not_in_circle")


def pause_seat(deps: Deps, team_id: str, slack_user_id: str, circle_id: int) -> SeatChange:
    """Pause one's seat: still in the circle, skipped as host until back."""
    return _change(deps, team_id, slack_user_id, circle_id, "paused", ("active",), "already_paused")


def resume_seat(deps: Deps, team_id: str, slack_user_id: str, circle_id: int) -> SeatChange:
    """Come back to a paused seat."""
    return _change(deps, team_id, slack_user_id, circle_id, "active", ("paused",), "not_paused")


def _view(
    uow: UnitOfWork,
    team_id: str,
    circle: CircleRecord,
    seats: list[CircleMemberRecord],
    mine: CircleMemberRecord,
    now: datetime,
) -> CircleView:
    program = uow.programs.program(team_id, circle.program_id)
    assert program is not None  # noqa: S101 - programs are archived, never deleted
    cycle = current_cycle(circle, program, now)
    host = host_of(circle, seats, cycle) if circle.status in LIVING else None
    logs = uow.repo(CircleRepository).logs(team_id, [circle.id])[circle.id]
    return CircleView(
        circle_id=circle.id,
        program_id=program.id,
        program_name=program.name,
        status=circle.status,
        your_seat=mine.status,
        members=tuple(card(s.person) for s in held(seats)),
        paused=tuple(s.person.slack_user_id for s in seats if s.status == "paused"),
        reasons=tuple(str(r) for r in circle.reasons or ()),
        cycle=cycle,
        host=card(host.person) if host is not None else None,
        started_on=start_day(circle, program),
        ends_on=circle.ends_on,
        cadence=circle.cadence,
        group_channel_id=circle.group_channel_id,
        logs=tuple(
            LogView(log.cycle, log.met, log.held_on, log.summary, _slack_of(seats, log.logged_by))
            for log in logs
        ),
    )


def _slack_of(seats: list[CircleMemberRecord], person_id: int) -> str:
    return next((s.person.slack_user_id for s in seats if s.person_id == person_id), "")


def circles_of(
    deps: Deps, team_id: str, slack_user_id: str, program_id: int | None = None, *, living_only: bool = True
) -> list[CircleView]:
    """The circles this person has a seat in (not left), newest first; one program if given."""
    now = deps.clock()
    with deps.uow(read_only=True) as uow:
        repo = uow.repo(CircleRepository)
        mine = [
            m
            for m in uow.people.memberships(team_id, slack_user_id)
            if program_id is None or m.program_id == program_id
        ]
        seats = [s for s in repo.seats_of_people(team_id, [m.id for m in mine]) if s.status != "left"]
        circles = repo.circles_by_id(team_id, [s.circle_id for s in seats])
        all_seats = repo.seats(team_id, circles)
        views = [
            _view(uow, team_id, circles[s.circle_id], all_seats[s.circle_id], s, now)
            for s in seats
            if not living_only or circles[s.circle_id].status in LIVING
        ]
        return sorted(views, key=lambda v: -v.circle_id)


def circle_view(deps: Deps, team_id: str, slack_user_id: str, circle_id: int) -> CircleView:
    """One circle as a member sees it; CircleRefused("not_in_circle") for anyone else."""
    now = deps.clock()
    with deps.uow(read_only=True) as uow:
        circle = _circle(uow, team_id, circle_id)
        seats = uow.repo(CircleRepository).seats(team_id, [circle.id])[circle.id]
        mine = _seat_of(seats, slack_user_id)
        if mine is None or mine.status == "left":
            raise CircleRefused("not_in_circle")
        return _view(uow, team_id, circle, seats, mine, now)


def circle_intro(deps: Deps, team_id: str, circle_id: int) -> NewCircle:
    """What a circle's introduction says (members in seat order, first host, reasons, first prompt)."""
    with deps.uow(read_only=True) as uow:
        circle = _circle(uow, team_id, circle_id)
        seats = uow.repo(CircleRepository).seats(team_id, [circle.id])[circle.id]
        here = held(seats)
        host = host_of(circle, seats, 0) or (here[0] if here else None)
        if host is None:
            raise CircleRefused("circle_ended")
        cards: tuple[MemberCard, ...] = tuple(card(s.person) for s in here)
        return NewCircle(
            circle_id=circle.id,
            program_id=circle.program_id,
            members=cards,
            host=card(host.person),
            score=circle.score or 0,
            reasons=tuple(str(r) for r in circle.reasons or ()),
            first_prompt=prompt_for(circle.id, 0, program_prompts(uow, team_id, circle.program_id)),
            ends_on=circle.ends_on,
            cadence=circle.cadence,
            group_channel_id=circle.group_channel_id,
        )
