"""Rules about the end: the transition nudge, the closing on the end date, stay in touch after it."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.domain.cadence import local_send_at
from bot.domain.messages import MessageKind
from bot.services.mentorships import conclude
from bot.services.scheduling.planner.context import STALE_AFTER, ActivePair, PlanContext, base, both
from bot.services.scheduling.timing import (
    at_local,
    day_begins,
    local_day,
    not_at_night,
    send_hour,
    soon,
    tz_of,
)
from storage.records import MentorshipRecord, PersonRecord

STAY_IN_TOUCH_DAYS = 90


def transition_nudge(
    ctx: PlanContext, pair: ActivePair, person: PersonRecord, partner: PersonRecord, role: str
) -> None:
    """Two weeks before an agreed end date: conclude, extend or continue informally?

    Not once either person chose for this end date: the partner was told what was chosen, and a
    prompt with live buttons for a decided window would only lead to "already decided".
    """
    record = pair.record
    if record.end_date is None or (record.id, record.end_date.isoformat()) in ctx.decided:
        return
    tz = tz_of(person)
    trans_at = at_local(record.end_date - timedelta(days=14), tz, ctx.hour)
    ctx.wake(record.id, trans_at)
    if trans_at <= ctx.now:
        ctx.add(
            MessageKind.TRANSITION,
            record.end_date.isoformat(),
            person.slack_user_id,
            not_at_night(trans_at, ctx.now, tz, ctx.hour),
            dict(base(record, partner, role), end_date=record.end_date.isoformat(), cadence=pair.cadence),
            record.id,
        )


def add_closing(
    ctx: PlanContext, record: MentorshipRecord, active_only: bool = False, on_end_date: bool = False
) -> None:
    """Queue the closing message to both people (to active ones only when asked).

    `on_end_date`: each person hears it at the program's hour on the end date in their own zone
    (at once when that has passed, but never in their night).
    """
    for person, partner, role in both(record):
        if active_only and person.status != "active":
            continue
        tz = tz_of(person)
        due = soon(ctx.now, tz, ctx.hour)
        if on_end_date and record.end_date is not None:
            due = not_at_night(local_send_at(record.end_date, tz, send_hour(ctx.hour)), ctx.now, tz, ctx.hour)
        ctx.add(MessageKind.CLOSING, "end", person.slack_user_id, due, base(record, partner, role), record.id)


def end_date_begun(record: MentorshipRecord, now: datetime) -> bool:
    """Whether the end date has begun for both people, each in their own zone."""
    if record.end_date is None:
        return False
    return all(local_day(now, tz_of(person)) >= record.end_date for person, _, _ in both(record))


def end_date_reached(ctx: PlanContext, record: MentorshipRecord) -> bool:
    """On its end date the mentorship concludes with a closing message; True when it did.

    It concludes once the end date has begun in both people's zones (never on the evening before
    for someone behind UTC), and each hears the closing note at the program's hour that day.
    """
    if record.end_date is not None:
        for person, _, _ in both(record):
            ctx.wake(record.id, day_begins(record.end_date, tz_of(person)))
    if not end_date_begun(record, ctx.now):
        return False
    conclude(record, ctx.now, record.end_reason or "completed")
    add_closing(ctx, record, on_end_date=True)
    return True


def stay_in_touch(ctx: PlanContext, record: MentorshipRecord) -> None:
    """An ended pair that opted in hears from the bot ninety days after the end."""
    if not record.stay_in_touch or record.ended_at is None:
        return
    ping_day = record.ended_at.date() + timedelta(days=STAY_IN_TOUCH_DAYS)
    for person, partner, role in both(record):
        if person.status != "active":
            continue
        tz = tz_of(person)
        ping_at = at_local(ping_day, tz, ctx.hour)
        ctx.wake(record.id, ping_at)
        if ping_at <= ctx.now < ping_at + STALE_AFTER:
            ctx.add(
                MessageKind.STAY_IN_TOUCH,
                f"ended-{record.ended_at.date().isoformat()}",
                person.slack_user_id,
                not_at_night(ping_at, ctx.now, tz, ctx.hour),
                base(record, partner, role),
                record.id,
            )
