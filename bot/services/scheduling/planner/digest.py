"""Rule: the admins' weekly digest, on Monday at the program's hour (counts only, no content).

The pair counts (active, paused, at risk, need a check-in) are the program's shared figures
(bot.services.figures), the same the report, pair health and the export show. The check-in
response is given with the numbers behind it, this week's and the week before's, so a rate that
swings on a handful of check-ins ("67% → 0%") explains itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain import cadence as cad
from bot.domain.messages import MessageKind
from bot.services.figures import program_figures
from bot.services.scheduling.planner.context import PlanContext
from storage.repositories.scheduling import SchedulingRepository
from storage.scope import current_program


def _responses(
    repo: SchedulingRepository, team_id: str, start: datetime, end: datetime, planned: Sequence[str]
) -> tuple[int, int]:
    """(check-ins sent, answered) in [start, end): answered, or the pair met since."""
    checkins = repo.sent_with_last_session(team_id, MessageKind.CHECKIN.value, start, end, planned)
    answered = 0
    for payload, sent_at, last_session_on in checkins:
        met = last_session_on is not None and sent_at is not None and last_session_on >= sent_at.date()
        if payload.get("answer") or met:
            answered += 1
    return len(checkins), answered


def weekly_digest(ctx: PlanContext, repo: SchedulingRepository, planned: Sequence[str]) -> None:
    """Queue last week's figures for the admin channel, once per ISO week.

    Cheap on every other tick: the figures are read only in the week's window and only while
    this week's digest is not recorded yet. `planned`: the states of the mentorships the planner
    reads (a check-in counts as answered when its pair met since, only for those).
    """
    if not ctx.admin_channel:
        return
    zone = ZoneInfo(ctx.zone)
    today = ctx.now.astimezone(zone).date()
    monday = today - timedelta(days=today.weekday())
    due_at = cad.local_send_at(monday, ctx.zone, ctx.hour)
    if due_at > ctx.now or ctx.now - due_at > timedelta(days=6):
        return
    week = monday.isocalendar()
    period = f"{week.year}-W{week.week:02d}"
    if repo.recorded(ctx.team_id, 0, MessageKind.DIGEST.value, period, ctx.admin_channel):
        return
    start, end = due_at - timedelta(days=7), due_at
    sent, answered = _responses(repo, ctx.team_id, start, end, planned)
    before_sent, before_answered = _responses(repo, ctx.team_id, start - timedelta(days=7), start, planned)
    figures = program_figures(repo.session, ctx.team_id, ctx.now)
    stats = {
        "week": period,
        "from": (monday - timedelta(days=7)).isoformat(),
        "to": (monday - timedelta(days=1)).isoformat(),
        "program": current_program(),
        "active_pairs": figures.active_pairs,
        "paused_pairs": figures.paused_pairs,
        "sessions_logged": repo.sessions_logged_between(ctx.team_id, start, end),
        "checkins_sent": sent,
        "checkins_answered": answered,
        "checkins_sent_before": before_sent,
        "checkins_answered_before": before_answered,
        "goals_achieved": repo.goals_achieved_between(ctx.team_id, start, end),
        "at_risk": figures.at_risk,
        "needs_check_in": figures.needs_check_in,
        "requests_waiting": repo.pending_requests(ctx.team_id),
    }
    ctx.add(MessageKind.DIGEST, period, ctx.admin_channel, max(due_at, ctx.now - timedelta(minutes=1)), stats)
