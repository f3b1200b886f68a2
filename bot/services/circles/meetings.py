"""What a circle records: the host's log of each cycle, and each member's closing reflection.

* A cycle is logged once (one row per circle and cycle, inserted if absent): did the circle meet,
  on which day, and a short summary. The host is asked; any member holding a seat may answer.
  The summary is shared with the circle only (the edge posts it in the group DM); admins see
  counts, never the text. A meeting moves the circle's `last_met_on` (its health).
* A closing reflection is given once per member and circle: a score from 1 to 5 (admins see the
  average, and only when enough people stand behind it) and a private comment nobody else sees.
* Both accept the form's one-time key (bot.services.once), consumed in the same transaction.
"""

from __future__ import annotations

import logging
from datetime import date

from bot.deps import Deps
from bot.domain.circles import rhythm
from bot.services.circles.outcomes import CircleRefused, MeetingLog, ReflectionSaved
from bot.services.circles.pool import card
from bot.services.circles.state import cadence_of, current_cycle, local_day, start_day
from bot.services.once import FormKey, use_once
from storage.records import CircleMemberRecord
from storage.repositories.circles import CircleRepository

logger = logging.getLogger(__name__)

MAX_SUMMARY = 1000
MAX_COMMENT = 2000


def held_seat(seats: list[CircleMemberRecord], slack_user_id: str) -> CircleMemberRecord | None:
    """The seat this person holds (not left) among a circle's seats, if any."""
    return next((s for s in seats if s.person.slack_user_id == slack_user_id and s.status != "left"), None)


def log_meeting(
    deps: Deps,
    team_id: str,
    slack_user_id: str,
    circle_id: int,
    cycle: int,
    met: bool,
    summary: str = "",
    held_on: date | None = None,
    *,
    once: FormKey | None = None,
) -> MeetingLog:
    """Log whether the circle met in `cycle` (once per cycle; see the module docstring).

    `held_on` defaults to the person's today; it must lie between the circle's start and today.
    A cycle already logged is not changed: `created` is False and the first log is returned.
    """
    now = deps.clock()
    text = (summary or "").strip()
    if len(text) > MAX_SUMMARY:
        raise CircleRefused("too_long", limit=MAX_SUMMARY)
    with deps.uow() as uow:
        repo = uow.repo(CircleRepository)
        circle = repo.circle(team_id, circle_id, lock=True)
        if circle is None:
            raise CircleRefused("circle_gone")
        seats = repo.seats(team_id, [circle.id])[circle.id]
        seat = held_seat(seats, slack_user_id)
        if seat is None:
            raise CircleRefused("not_in_circle")
        program = uow.programs.program(team_id, circle.program_id)
        assert program is not None  # noqa: S101 - programs are archived, never deleted
        start = start_day(circle, program)
        cadence = cadence_of(circle.cadence)
        if not 0 <= cycle <= current_cycle(circle, program, now) or cycle >= rhythm.cycle_count(
            start, circle.ends_on, cadence
        ):
            raise CircleRefused("bad_cycle")
        today = local_day(now, seat.person.timezone)
        day = held_on or today
        if met and not start <= day <= max(today, start):
            raise CircleRefused("bad_day")
        existing = repo.log(circle.id, cycle)
        if existing is None:
            use_once(uow, once, now)
            new_id = repo.add_log(
                {
                    "team_id": team_id,
                    "circle_id": circle.id,
                    "cycle": cycle,
                    "logged_by": seat.person_id,
                    "met": bool(met),
                    "held_on": day if met else None,
                    "summary": text,
                    "created_at": now,
                }
            )
            if new_id is not None:
                if met and (circle.last_met_on is None or day > circle.last_met_on):
                    circle.last_met_on = day
                logger.info("circle logged team=%s circle=%s cycle=%s met=%s", team_id, circle.id, cycle, met)
                return MeetingLog(
                    circle.id,
                    cycle,
                    bool(met),
                    day if met else None,
                    text,
                    card(seat.person),
                    circle.group_channel_id,
                    True,
                )
            existing = repo.log(circle.id, cycle)
        assert existing is not None  # noqa: S101 - the insert found it there
        author = next((s for s in seats if s.person_id == existing.logged_by), seat)
        return MeetingLog(
            circle.id,
            existing.cycle,
            existing.met,
            existing.held_on,
            existing.summary,
            card(author.person),
            circle.group_channel_id,
            False,
        )


def reflect(
    deps: Deps,
    team_id: str,
    slack_user_id: str,
    circle_id: int,
    score: int,
    comment: str = "",
    *,
    once: FormKey | None = None,
) -> ReflectionSaved:
    """Give the closing reflection on a circle, once: a 1-5 score and a private comment."""
    if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 5:
        raise CircleRefused("bad_score")
    text = (comment or "").strip()
    if len(text) > MAX_COMMENT:
        raise CircleRefused("too_long", limit=MAX_COMMENT)
    now = deps.clock()
    with deps.uow() as uow:
        repo = uow.repo(CircleRepository)
        circle = repo.circle(team_id, circle_id)
        if circle is None:
            raise CircleRefused("circle_gone")
        seat = held_seat(repo.seats(team_id, [circle.id])[circle.id], slack_user_id)
        if seat is None:
            raise CircleRefused("not_in_circle")
        use_once(uow, once, now)
        new_id = repo.add_reflection(
            {
                "team_id": team_id,
                "circle_id": circle.id,
                "person_id": seat.person_id,
                "score": score,
                "comment": text,
                "created_at": now,
            }
        )
        logger.info("circle reflection team=%s circle=%s new=%s", team_id, circle.id, new_id is not None)
        return ReflectionSaved(circle.id, score, new_id is not None)
