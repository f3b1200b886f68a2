"""The planner: a pure function of the database and `now` that records each due message once.

It reads mentorships, goals, milestones, sessions and requests, applies the time rules of
`bot.domain.cadence`, and records each due message once (INSERT ... ON CONFLICT DO NOTHING on the
idempotency key). Running it k times at one instant records what one run records. A few facts
change as time passes and are applied here too: paused mentorships resume when their pause ends,
unanswered requests expire, a mentorship ends on its end date, and a pair that missed three
periods is flagged at risk.

Each kind of message has its rule in its own module; an active pair runs the two tables below,
in order (the order rows are recorded in is the order they are sent in when due together).

A tick reads only the mentorships that are due: each keeps `next_due_at`, the earliest instant at
which any rule could next record a row or change its state. Every rule names, with `ctx.wake`, the
instants at which its answer can change (when in doubt, earlier: a pair woken too soon costs one
look, a pair woken too late loses a message); the planner stores the earliest one ahead. Writes
that move a pair's work clear its instant (storage.next_due), so it is planned on the next tick.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import SelectBase
from sqlalchemy.orm import Session

from bot.deps import Deps
from bot.domain import cadence as cad
from bot.domain.messages import MessageKind
from bot.logs import frames_only
from bot.services import programs
from bot.services.scheduling.planner.celebrations import celebrate, pair_celebrations
from bot.services.scheduling.planner.checkins import check_in
from bot.services.scheduling.planner.context import STALE_AFTER, ActivePair, PlanContext, both
from bot.services.scheduling.planner.digest import weekly_digest
from bot.services.scheduling.planner.goals import goal_dates
from bot.services.scheduling.planner.nudges import at_risk, missed_nudge
from bot.services.scheduling.planner.pauses import paused_pair
from bot.services.scheduling.planner.reflections import midpoint_reflection
from bot.services.scheduling.planner.requests import expired_requests
from bot.services.scheduling.planner.rounds import scheduled_rounds
from bot.services.scheduling.planner.together import fold_into_checkins
from bot.services.scheduling.planner.transitions import end_date_reached, stay_in_touch, transition_nudge
from bot.services.scheduling.timing import cadence_of, send_hour, zone_or_utc
from storage.next_due import changed, forget_touched, touched
from storage.records import MentorshipRecord, PersonRecord
from storage.repositories.once import TransitionChoiceRepository
from storage.repositories.scheduling import SchedulingRepository
from storage.scope import program_scope
from storage.uow import UnitOfWork

logger = logging.getLogger(__name__)

KEYS_WINDOW = timedelta(days=60)  # existing keys older than this cannot collide with new work
PLANNED = ("active", "paused", "ended")  # the mentorships the rules read
# Every pair is planned at least this often, whatever its rules say: a write the app did not make
# (SQL typed by an operator) is picked up within four weeks (clear next_due_at for at once).
LONGEST_SLEEP = timedelta(days=28)

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

    planned: int = 0  # mentorships read (due, or all in a full re-plan)
    inserted: int = 0
    resumed: int = 0
    expired: int = 0
    ended: int = 0
    flagged: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)

    def add(self, other: PlanReport) -> None:
        """Add another run's figures (a program's) to these."""
        for name in ("planned", "inserted", "resumed", "expired", "ended", "flagged"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for kind, count in other.by_kind.items():
            self.by_kind[kind] = self.by_kind.get(kind, 0) + count


def plan(deps: Deps, team_id: str, now: datetime, *, everything: bool = False) -> PlanReport:
    """Record every message due for a workspace as of `now`, program by program; apply
    time-driven state changes.

    Each mentorship program (not archived) is planned in its own transaction with its own
    settings and admin channel (`_plan_program`); circles programs are planned apart
    (bot.services.scheduling.circles). Reads only the mentorships due by `now` (their
    `next_due_at` NULL or passed) and stores each one's next due instant. `everything=True` is the
    full re-plan the planner did before it kept that instant: every mentorship, `next_due_at` left
    alone (a baseline for benchmarks and tests, which check that it records nothing the due-only
    plan would not).
    """
    report = PlanReport()
    with deps.uow() as uow:  # one transaction for the workspace, as before programs
        program_ids = [p.id for p in uow.programs.programs(team_id) if p.format == "mentorship"]
        if not program_ids and uow.programs.first_id(team_id) is None:
            program_ids = [uow.programs.settings(team_id, now).id]  # a workspace's first program
        for program_id in program_ids:
            with program_scope(program_id):
                report.add(_plan_program(deps, uow, team_id, now, program_id, everything=everything))
    return report


def _plan_program(
    deps: Deps, uow: UnitOfWork, team_id: str, now: datetime, program_id: int, *, everything: bool
) -> PlanReport:
    """Plan one program (inside its scope: every read below keeps to it)."""
    report = PlanReport()
    repo = uow.repo(SchedulingRepository)
    program = uow.programs.settings(team_id, now, program_id)
    due_by = None if everything else now
    mentorships = repo.due_mentorships(team_id, PLANNED, due_by)
    forget_touched(uow.session)  # what cleared an instant before this read is in what was read
    report.planned = len(mentorships)
    among = repo.due_ids(team_id, PLANNED, due_by) if mentorships else None
    ctx = PlanContext(
        team_id=team_id,
        now=now,
        hour=send_hour(program.check_in_hour),
        admin_channel=programs.admin_channel(deps, uow, team_id, program_id),
        shout_channel=program.celebration_channel or deps.settings.mentorbot_celebration_channel,
        allow_shoutouts=bool(program.allow_shoutouts),
        program_weeks=program.program_length_weeks or 24,
        zone=zone_or_utc(program.time_zone),
        decided=uow.repo(TransitionChoiceRepository).decided(team_id, among) if mentorships else set(),
    )
    if mentorships:
        report.resumed, report.ended = _plan_pairs(
            ctx, repo, uow.session, mentorships, among, store=not everything
        )
    report.expired += expired_requests(ctx, repo)
    weekly_digest(ctx, repo, PLANNED)
    scheduled_rounds(ctx, repo, program)
    if ctx.rows:
        existing = repo.keys(team_id, now - KEYS_WINDOW, {r["mentorship_id"] for r in ctx.rows})
    else:
        existing = set()
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


def _plan_pairs(
    ctx: PlanContext,
    repo: SchedulingRepository,
    session: Session,
    mentorships: list[MentorshipRecord],
    among: SelectBase | None,
    *,
    store: bool,
) -> tuple[int, int]:
    """Run the rules for each pair, then (if `store`) store when each is next due; return
    (resumed, ended)."""
    resumed = ended = 0
    items = repo.open_action_items(ctx.team_id, among)
    sessions = repo.session_times(ctx.team_id, among)
    goals_by_pair: dict[int, list[Any]] = {}
    for goal in repo.goals(ctx.team_id, among):
        goals_by_pair.setdefault(goal.mentorship_id, []).append(goal)
    milestones = repo.completed_milestones_since(ctx.team_id, ctx.now - STALE_AFTER, among)
    planned: list[MentorshipRecord] = []
    with session.no_autoflush:  # the rules' changes to a pair stay visible to `changed` below
        for record in mentorships:
            try:
                if record.status == "paused":
                    resumed += paused_pair(ctx, record)
                if record.status == "active":
                    ended += _plan_active(
                        ctx,
                        record,
                        items.get(record.id, []),
                        sessions.get(record.id, []),
                        goals_by_pair.get(record.id, []),
                    )
                elif record.status == "ended":
                    stay_in_touch(ctx, record)
                planned.append(record)
            except Exception as err:  # noqa: BLE001 - one pair must not stop the rest
                logger.error(
                    "planning failed team=%s mentorship=%s\n%s", ctx.team_id, record.id, frames_only(err)
                )
        pairs = {m.id: m for m in mentorships}
        for milestone, mentorship_id in milestones:
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
        if store:
            # A pair the rules changed (resumed, ended, at-risk mark) or a write in this
            # transaction touched is planned again on the next tick (next_due_at stays NULL).
            cleared = touched(session)
            repo.store_next_due(
                (record, _next_due(ctx, record))
                for record in planned
                if record.id not in cleared and not changed(record)
            )
    return resumed, ended


def _next_due(ctx: PlanContext, record: MentorshipRecord) -> datetime:
    """The earliest instant a rule named for the pair, and never later than LONGEST_SLEEP ahead
    (spread over a day by id, so pairs planned together don't all wake together)."""
    latest = ctx.now + LONGEST_SLEEP - timedelta(minutes=record.id % (24 * 60))
    return min(ctx.wakes.get(record.id, latest), latest)


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
