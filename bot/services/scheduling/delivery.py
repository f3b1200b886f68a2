"""What delivery tells the bot: a person gone from Slack, a channel the bot cannot post to."""

from __future__ import annotations

import logging
from datetime import datetime

from bot.deps import Deps
from bot.domain.messages import MessageKind
from bot.services import programs
from bot.services.circles.seats import move_seat
from bot.services.scheduling.outbox import Claimed, outbox_row
from bot.services.scheduling.planner.context import PlanContext
from bot.services.scheduling.planner.pauses import add_gone, add_person_gone
from bot.services.scheduling.timing import send_hour
from storage.records import MentorshipRecord, PersonRecord
from storage.repositories.circles import LIVING, CircleRepository
from storage.repositories.scheduling import SchedulingRepository
from storage.uow import UnitOfWork

logger = logging.getLogger(__name__)


def person_gone(deps: Deps, team_id: str, slack_user_id: str) -> bool:
    """Slack says a person is gone: mark them inactive, pause their pairs and their circle seats
    (skipped as host from now on), tell partner and admins once."""
    now = deps.clock()
    with deps.uow() as uow:
        repo = uow.repo(SchedulingRepository)
        people = uow.people.memberships(team_id, slack_user_id)  # gone from every program
        repo.cancel_for_recipient(team_id, slack_user_id, "recipient_gone")
        if not people:
            return False
        changed = False
        for person in people:
            changed = changed or person.status != "inactive"
            person.status = "inactive"
            person.updated_at = now
            hour = send_hour(uow.programs.settings(team_id, now, person.program_id).check_in_hour)
            admin = programs.admin_channel_for(deps, uow, team_id, person.program_id)
            ctx = PlanContext(team_id, now, hour, admin, None, False, 24)
            for record in repo.mentorships(team_id, ("active", "paused")):
                if person.id not in (record.mentor_id, record.mentee_id):
                    continue
                record.status = "paused"
                partner = record.mentee if person.id == record.mentor_id else record.mentor
                add_gone(ctx, record, person, partner)
            add_person_gone(ctx, person)
            repo.insert_ignore(ctx.rows)
            _pause_seats(uow, team_id, person, now)
            logger.info("person gone team=%s person=%s", team_id, person.id)
        return changed


def _pause_seats(uow: UnitOfWork, team_id: str, person: PersonRecord, now: datetime) -> None:
    """Pause a gone person's seats in living circles (the hosting turn passes on)."""
    repo = uow.repo(CircleRepository)
    for seat in repo.seats_of_people(team_id, [person.id]):
        if seat.status != "active":
            continue
        circle = repo.circle(team_id, seat.circle_id, lock=True)
        if circle is None or circle.status not in LIVING:
            continue
        seats = repo.seats(team_id, [circle.id])[circle.id]
        move_seat(uow, team_id, circle, seats, next(s for s in seats if s.id == seat.id), "paused", now)


def delivery_failed(deps: Deps, row: Claimed, error: str) -> None:
    """Tell the admins once that a message could not be delivered to a channel."""
    now = deps.clock()
    with deps.uow() as uow:
        pair = uow.session.get(MentorshipRecord, row.mentorship_id) if row.mentorship_id else None
        program = pair.program_id if pair is not None and pair.team_id == row.team_id else None
        admin = programs.admin_channel_for(deps, uow, row.team_id, program)
        if not admin or row.recipient == admin:
            return
        uow.repo(SchedulingRepository).insert_ignore(
            [
                outbox_row(
                    row.team_id,
                    MessageKind.DELIVERY_FAILED,
                    f"{row.recipient}:{error}",
                    admin,
                    now,
                    {"target": row.recipient, "error": error, "kind": row.kind.value},
                    now,
                )
            ]
        )
