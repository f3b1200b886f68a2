"""Rule: the admins' weekly digest, on Monday at the program's hour (counts only, no content)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.domain import cadence as cad
from bot.domain.messages import MessageKind
from bot.services.scheduling.planner.context import PlanContext
from storage.repositories.scheduling import SchedulingRepository


def weekly_digest(ctx: PlanContext, repo: SchedulingRepository, planned: Sequence[str]) -> None:
    """Queue last week's figures for the admin channel, once per ISO week.

    Cheap on every other tick: the figures are read only in the week's window and only while
    this week's digest is not recorded yet. `planned`: the states of the mentorships the planner
    reads (a check-in counts as answered when its pair met since, only for those).
    """
    if not ctx.admin_channel:
        return
    today = ctx.now.astimezone(ZoneInfo(ctx.zone)).date()
    monday = today - timedelta(days=today.weekday())
    due_at = cad.local_send_at(monday, ctx.zone, ctx.hour)
    if due_at > ctx.now or ctx.now - due_at > timedelta(days=6):
        return
    week = monday.isocalendar()
    period = f"{week.year}-W{week.week:02d}"
    if repo.recorded(ctx.team_id, 0, MessageKind.DIGEST.value, period, ctx.admin_channel):
        return
    start, end = due_at - timedelta(days=7), due_at
    checkins = repo.sent_with_last_session(ctx.team_id, MessageKind.CHECKIN.value, start, end, planned)
    answered = 0
    for payload, sent_at, last_session_on in checkins:
        met = last_session_on is not None and sent_at is not None and last_session_on >= sent_at.date()
        if payload.get("answer") or met:
            answered += 1
    counts = repo.pair_counts(ctx.team_id)
    stats = {
        "week": period,
        "active_pairs": counts["active"],
        "paused_pairs": counts["paused"],
        "sessions_logged": repo.sessions_logged_between(ctx.team_id, start, end),
        "checkins_sent": len(checkins),
        "checkins_answered": answered,
        "goals_achieved": repo.goals_achieved_between(ctx.team_id, start, end),
        "at_risk": counts["at_risk"],
        "requests_waiting": repo.pending_requests(ctx.team_id),
    }
    ctx.add(MessageKind.DIGEST, period, ctx.admin_channel, max(due_at, ctx.now - timedelta(minutes=1)), stats)
