"""Rule: unanswered requests expire; the mentee hears, the mentor's prompt is rewritten."""

from __future__ import annotations

from bot.domain.messages import MessageKind
from bot.services.scheduling.planner.context import PlanContext
from bot.services.scheduling.timing import soon, tz_of
from storage.repositories.scheduling import SchedulingRepository


def expired_requests(ctx: PlanContext, repo: SchedulingRepository) -> int:
    """Expire overdue requests; return how many."""
    expired = 0
    for request in repo.expired_requests(ctx.team_id, ctx.now):
        request.status = "expired"
        request.responded_at = ctx.now
        expired += 1
        mentee, mentor = request.mentee, request.mentor
        ctx.add(
            MessageKind.REQUEST_EXPIRED,
            f"request-{request.id}",
            mentee.slack_user_id,
            soon(ctx.now, tz_of(mentee), ctx.hour),
            {"request_id": request.id, "mentor": mentor.slack_user_id, "mentor_name": mentor.name or ""},
        )
        if request.prompt_channel and request.prompt_ts:
            ctx.add(
                MessageKind.REQUEST_PROMPT,
                f"request-{request.id}",
                mentor.slack_user_id,
                ctx.now,
                {
                    "request_id": request.id,
                    "channel": request.prompt_channel,
                    "ts": request.prompt_ts,
                    "mentee": mentee.slack_user_id,
                    "mentee_name": mentee.name or "",
                },
            )
    return expired
