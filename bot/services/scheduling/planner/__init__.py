"""The planner: a pure function of the database and `now` that records each due message once.

It reads mentorships, goals, milestones, sessions and requests, applies the time rules of
`bot.domain.cadence`, and records each due message once (INSERT ... ON CONFLICT DO NOTHING on the
idempotency key). Running it k times at one instant records what one run records. A few facts
change as time passes and are applied here too: paused mentorships resume when their pause ends,
unanswered requests expire, a mentorship ends on its end date, and a pair that missed three
periods is flagged at risk.

Each kind of message has its rule in its own module; an active pair runs the two tables below,
in order (the order rows are recorded in is the order they are sent in when due together).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.deps import Deps
from bot.domain import cadence as cad
from bot.domain.messages import MessageKind
from bot.logs import frames_only
from bot.services.scheduling.planner.celebrations import celebrate, pair_celebrations
from bot.services.scheduling.planner.checkins import check_in
from bot.services.scheduling.planner.context import STALE_AFTER, ActivePair, PlanContext, both
from bot.services.scheduling.planner.digest import weekly_digest
from bot.services.scheduling.planner.goals import goal_dates
from bot.services.scheduling.planner.nudges import at_risk, missed_nudge
from bot.services.scheduling.planner.pauses import paused_pair
from bot.services.scheduling.planner.reflections import midpoint_reflection
from bot.services.scheduling.planner.requests import expired_requests
from bot.services.scheduling.planner.together import fold_into_checkins
from bot.services.scheduling.planner.transitions import end_date_reached, stay_in_touch, transition_nudge
from bot.services.scheduling.timing import cadence_of, send_hour, zone_or_utc
from storage.records import MentorshipRecord, PersonRecord
from storage.repositories.once import TransitionChoiceRepository
from storage.repositories.scheduling import SchedulingRepository

logger = logging.getLogger(__name__)

KEYS_WINDOW = timedelta(days=60)  # existing keys older than this cannot collide with new work

PersonRule = Callable[[PlanContext, ActivePair, PersonRecord, PersonRecord, str], None]
PairRule = Callable[[PlanContext, ActivePair], None]

# For each person of an active pair (mentor first), in this order.
PERSON_RULES: tuple[PersonRule, ...] = (
    check_in,  # checkin
    missed_nudge,  # missed_nudge
    goal_dates,  # goal_reminder, goal_overdue
    midpoint_reflection,  # reflection
    transition_nudge,  # transition
)
# Then once for the pair.
PAIR_RULES: tuple[PairRule, ...] = (
    at_risk,  # at_risk (to the admins)
    pair_celebrations,  # celebrate, shoutout
)


@dataclass
class PlanReport:
    """What one planner run did."""

    inserted: int = 0
    resumed: int = 0
    expired: int = 0
    ended: int = 0
    flagged: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


def plan(deps: Deps, team_id: str, now: datetime) -> PlanReport:
    """Record every message due for a workspace as of `now`; apply time-driven state changes."""
    report = PlanReport()
    with deps.uow() as uow:
        repo = uow.repo(SchedulingRepository)
        program = uow.programs.settings(team_id, now)
        ctx = PlanContext(
            team_id=team_id,
            now=now,
            hour=send_hour(program.check_in_hour),
            admin_channel=deps.settings.mentorbot_admin_channel,
            shout_channel=program.celebration_channel or deps.settings.mentorbot_celebration_channel,
            allow_shoutouts=bool(program.allow_shoutouts),
            program_weeks=program.program_length_weeks or 24,
            zone=zone_or_utc(program.time_zone),
            decided=uow.repo(TransitionChoiceRepository).decided(team_id),
        )
        mentorships = repo.mentorships(team_id, ("active", "paused", "ended"))
        items = repo.open_action_items(team_id)
        sessions = repo.session_times(team_id)
        goals_by_pair: dict[int, list[Any]] = {}
        for goal in repo.goals(team_id):
            goals_by_pair.setdefault(goal.mentorship_id, []).append(goal)
        for record in mentorships:
            try:
                if record.status == "paused":
                    report.resumed += paused_pair(ctx, record)
                if record.status == "active":
                    report.ended += _plan_active(
                        ctx,
                        record,
                        items.get(record.id, []),
                        sessions.get(record.id, []),
                        goals_by_pair.get(record.id, []),
                    )
                elif record.status == "ended":
                    stay_in_touch(ctx, record)
            except Exception as err:  # noqa: BLE001 - one pair must not stop the rest
                logger.error(
                    "planning failed team=%s mentorship=%s\n%s", team_id, record.id, frames_only(err)
                )
        pairs = {m.id: m for m in mentorships}
        for milestone, mentorship_id in repo.completed_milestones_since(team_id, now - STALE_AFTER):
            pair = pairs.get(mentorship_id)
            if pair is not None and pair.status == "active" and milestone.completed_at is not None:
                celebrate(
                    ctx,
                    pair,
                    f"milestone-{milestone.id}",
                    "milestone",
                    milestone.completed_at,
                    milestone.title,
                )
        report.expired += expired_requests(ctx, repo)
        weekly_digest(ctx, repo, mentorships)
        existing = repo.keys(team_id, now - KEYS_WINDOW)
        fresh = [
            r
            for r in ctx.rows
            if (r["mentorship_id"], r["kind"], r["period_key"], r["recipient"]) not in existing
        ]
        fold_into_checkins(fresh)  # one message per person per moment
        report.inserted = repo.insert_ignore(fresh)
        report.flagged = sum(1 for r in fresh if r["kind"] == MessageKind.AT_RISK)
        for row in fresh:
            report.by_kind[row["kind"]] = report.by_kind.get(row["kind"], 0) + 1
    return report


def _plan_active(
    ctx: PlanContext,
    record: MentorshipRecord,
    items: list[str],
    session_times: list[datetime],
    goals: list[Any],
) -> int:
    """Run the rules for an active pair; return 1 when it ended today (its end date came)."""
    people = both(record)
    if any(p.status not in ("active",) for p, _, _ in people):
        return 0
    if end_date_reached(ctx, record):
        return 1
    cadence = cadence_of(record.cadence)
    start = record.check_ins_from or record.started_at.date()
    pair = ActivePair(
        record=record,
        cadence=cadence,
        days=cad.cadence_days(cadence),
        start=start,
        end=record.end_date or (start + timedelta(weeks=ctx.program_weeks)),
        today=ctx.now.date(),
        last_session=record.last_session_on,
        items=items,
        session_times=session_times,
        goals=goals,
    )
    for person, partner, role in people:
        for person_rule in PERSON_RULES:
            person_rule(ctx, pair, person, partner, role)
    for pair_rule in PAIR_RULES:
        pair_rule(ctx, pair)
    return 0
