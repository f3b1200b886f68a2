"""Rule: scheduled matching rounds. The day before a round, at the program's hour, each waiting
mentee gets a heads-up (once: the key is the round's date); on the day, one row asks the
dispatcher to run the round and post it to the admin channel (or approve it by itself).

Both are outbox rows, so each happens exactly once per due date however often the planner ticks.
A row is only queued inside its day: a planner that was down for longer skips a missed heads-up
or round rather than sending it late (the next one follows the schedule).
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.domain import cadence as cad
from bot.domain.messages import MessageKind
from bot.domain.round_schedule import next_round
from bot.services.scheduling.planner.context import PlanContext
from storage.records import ProgramRecord
from storage.repositories.scheduling import SchedulingRepository

WINDOW = timedelta(days=1)


def scheduled_rounds(ctx: PlanContext, repo: SchedulingRepository, program: ProgramRecord) -> None:
    """Queue the heads-up and the round of the program's next scheduled round when they are due."""
    every, anchor = program.round_every_weeks, program.round_anchor
    if not every or anchor is None or not ctx.admin_channel:
        return
    today = ctx.now.astimezone(ZoneInfo(ctx.zone)).date()
    due = next_round(anchor, every, today)
    period = due.isoformat()
    run_at = cad.local_send_at(due, ctx.zone, ctx.hour)
    if run_at <= ctx.now < run_at + WINDOW:
        payload = {"program_id": program.id, "due": period, "auto": bool(program.round_auto_approve)}
        ctx.add(MessageKind.ROUND_RUN, period, ctx.admin_channel, run_at, payload)
        return
    heads_up_at = cad.local_send_at(due - timedelta(days=1), ctx.zone, ctx.hour)
    if heads_up_at <= ctx.now < run_at:
        payload = {"due": period, "program_name": program.name}
        for mentee in repo.waiting_mentees(ctx.team_id, program.id):
            ctx.add(MessageKind.ROUND_HEADSUP, period, mentee, heads_up_at, payload)
