"""Rule: the admins' weekly digest, on Monday at the program's hour (counts only, no content)."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.domain import cadence as cad
from bot.domain.messages import MessageKind
from bot.services.scheduling.planner.context import PlanContext
from storage.records import MentorshipRecord
from storage.repositories.scheduling import SchedulingRepository


def weekly_digest(ctx: PlanContext, repo: SchedulingRepository, mentorships: list[MentorshipRecord]) -> None:
    """Queue last week's figures for the admin channel, once per ISO week."""
    if not ctx.admin_channel:
        return
    today = ctx.now.astimezone(ZoneInfo(ctx.zone)).date()
    monday = today - timedelta(days=today.weekday())
    due_at = cad.local_send_at(monday, ctx.zone, ctx.hour)
    if due_at > ctx.now or ctx.now - due_at > timedelta(days=6):
        return
    week = monday.isocalendar()
    period = f"{week.year}-W{week.week:02d}"
    start, end = due_at - timedelta(days=7), due_at
    checkins = repo.sent_between(ctx.team_id, MessageKind.CHECKIN.value, start, end)
    pairs = {m.id: m for m in mentorships}
    answered = 0
    for row in checkins:
        pair = pairs.get(row.mentorship_id)
        met = (
            pair is not None
            and pair.last_session_on is not None
            and row.sent_at is not None
            and (pair.last_session_on >= row.sent_at.date())
        )
        if (row.payload or {}).get("answer") or met:
            answered += 1
    stats = {
        "week": period,
        "active_pairs": sum(1 for m in mentorships if m.status == "active"),
        "paused_pairs": sum(1 for m in mentorships if m.status == "paused"),
        "sessions_logged": repo.sessions_logged_between(ctx.team_id, start, end),
        "checkins_sent": len(checkins),
        "checkins_answered": answered,
        "goals_achieved": repo.goals_achieved_between(ctx.team_id, start, end),
        "at_risk": sum(1 for m in mentorships if m.status == "active" and m.at_risk),
        "requests_waiting": repo.pending_requests(ctx.team_id),
    }
    ctx.add(MessageKind.DIGEST, period, ctx.admin_channel, max(due_at, ctx.now - timedelta(minutes=1)), stats)
