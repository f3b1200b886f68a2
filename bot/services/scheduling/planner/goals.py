"""Rule: goal dates. A reminder a week before a goal's target date, and a note once it has passed."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.messages import MessageKind
from bot.services.scheduling.planner.context import STALE_AFTER, ActivePair, PlanContext, base
from bot.services.scheduling.timing import at_local, local_day, not_at_night, tz_of
from storage.records import PersonRecord


def goal_dates(
    ctx: PlanContext, pair: ActivePair, person: PersonRecord, partner: PersonRecord, role: str
) -> None:
    """Remind each person of active goals with a target date: soon due, then overdue."""
    tz = tz_of(person)
    for goal in pair.goals:
        if goal.status != "active" or goal.target_date is None:
            continue
        goal_info = dict(
            base(pair.record, partner, role),
            goal_id=goal.id,
            title=goal.title,
            target_date=goal.target_date.isoformat(),
        )
        period = f"goal-{goal.id}:{goal.target_date.isoformat()}"
        remind_at = at_local(goal.target_date - timedelta(days=7), tz, ctx.hour)
        overdue_at = at_local(goal.target_date + timedelta(days=1), tz, ctx.hour)
        ctx.wake(pair.record.id, remind_at)
        ctx.wake(pair.record.id, overdue_at)
        if remind_at <= ctx.now < remind_at + STALE_AFTER and local_day(ctx.now, tz) < goal.target_date:
            ctx.add(
                MessageKind.GOAL_REMINDER,
                period,
                person.slack_user_id,
                not_at_night(remind_at, ctx.now, tz, ctx.hour),
                goal_info,
                pair.record.id,
            )
        if overdue_at <= ctx.now:
            ctx.add(
                MessageKind.GOAL_OVERDUE,
                period,
                person.slack_user_id,
                not_at_night(overdue_at, ctx.now, tz, ctx.hour),
                goal_info,
                pair.record.id,
            )
