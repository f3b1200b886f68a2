"""Rules: celebrations (first and fifth session, three months, goals, milestones) and shout-outs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain.messages import MessageKind
from bot.services.scheduling.planner.context import STALE_AFTER, ActivePair, PlanContext, base, both
from bot.services.scheduling.timing import soon, tz_of
from storage.records import MentorshipRecord

THREE_MONTHS_DAYS = 91
SESSION_EVENTS = ((1, "session1", "first_session"), (5, "session5", "fifth_session"))


def celebrate(
    ctx: PlanContext, record: MentorshipRecord, period: str, event: str, when: datetime, title: str | None
) -> None:
    """Congratulate both people (and shout out in the channel when both allow it); not when stale."""
    ctx.wake(record.id, when)
    if ctx.now - when > STALE_AFTER or when > ctx.now:
        return
    for person, partner, role in both(record):
        if person.status != "active":
            continue
        payload = dict(base(record, partner, role), event=event, title=title or "")
        ctx.add(
            MessageKind.CELEBRATE,
            period,
            person.slack_user_id,
            soon(ctx.now, tz_of(person), ctx.hour),
            payload,
            record.id,
        )
    if (
        ctx.allow_shoutouts
        and ctx.shout_channel
        and record.mentor.public_shoutouts
        and record.mentee.public_shoutouts
    ):
        ctx.add(
            MessageKind.SHOUTOUT,
            period,
            ctx.shout_channel,
            ctx.now,
            {"event": event, "mentor": record.mentor.slack_user_id, "mentee": record.mentee.slack_user_id},
            record.id,
        )


def pair_celebrations(ctx: PlanContext, pair: ActivePair) -> None:
    """Sessions, three months together and achieved goals."""
    record = pair.record
    for number, period, event in SESSION_EVENTS:
        if record.session_count >= number:
            when = pair.session_times[number - 1] if len(pair.session_times) >= number else None
            if when is None and record.last_session_on is not None:
                when = datetime.combine(record.last_session_on, datetime.min.time(), tzinfo=UTC)
            if when is not None:
                celebrate(ctx, record, period, event, when, None)
    three_months = record.started_at + timedelta(days=THREE_MONTHS_DAYS)
    ctx.wake(record.id, three_months)
    if three_months <= ctx.now:
        celebrate(ctx, record, "months3", "three_months", three_months, None)
    for goal in pair.goals:
        if goal.status == "achieved" and goal.achieved_at is not None:
            celebrate(ctx, record, f"goal-{goal.id}", "goal_achieved", goal.achieved_at, goal.title)
