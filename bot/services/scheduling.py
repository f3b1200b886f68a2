"""Scheduling use cases: plan what is due, hand rows to the dispatcher, and the pair's answers.

The planner is a pure function of the database and `now`: it reads mentorships, goals,
milestones, sessions and requests, applies the time rules of `bot.domain.cadence`, and records
each due message once (INSERT ... ON CONFLICT DO NOTHING on the idempotency key). Running it k
times at one instant records what one run records. A few facts change as time passes and are
applied here too: paused mentorships resume when their pause ends, unanswered requests expire,
a mentorship ends on its end date, and a pair that missed three periods is flagged at risk.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.deps import Deps
from bot.domain import cadence as cad
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.zones import valid_timezone
from bot.logs import frames_only
from bot.services.mentorships import conclude
from bot.services.once import FormKey, use_once
from storage.records import (
    MentorshipRecord,
    PersonRecord,
    ReflectionRecord,
    ScheduledMessageRecord,
)
from storage.repositories.once import TransitionChoiceRepository
from storage.repositories.scheduling import SchedulingRepository

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(days=14)  # a one-off message this late is no longer worth sending
KEYS_WINDOW = timedelta(days=60)  # existing keys older than this cannot collide with new work
REMIND_DAYS = 2
MAX_REMINDERS = 3
EXTEND_WEEKS = 8
INFORMAL_WEEKS = 12
STAY_IN_TOUCH_DAYS = 90
THREE_MONTHS_DAYS = 91
LOW_SCORE = 2
MAX_ITEMS = 10
MAX_COMMENT = 2000
CHECKIN_KIND = "checkin"  # cadence check-ins (the admin report counts these)
ANNOUNCEMENT_KIND = "announcement"  # queued by admins, posted as given
LOWER_CADENCE: dict[str, str] = {"weekly": "biweekly", "biweekly": "monthly", "monthly": "monthly"}
ADMIN = "admin"  # recipient placeholder resolved to the admin channel at plan time


@dataclass
class PlanReport:
    """What one planner run did."""

    inserted: int = 0
    resumed: int = 0
    expired: int = 0
    ended: int = 0
    flagged: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


@dataclass
class _Ctx:
    team_id: str
    now: datetime
    hour: int
    admin_channel: str | None
    shout_channel: str | None
    allow_shoutouts: bool
    program_weeks: int
    rows: list[dict[str, Any]] = field(default_factory=list)
    zone: str = "UTC"  # the program's time zone, for messages to channels

    def add(
        self,
        kind: str,
        period: str,
        recipient: str | None,
        due_at: datetime,
        payload: dict[str, Any],
        mentorship_id: int = 0,
    ) -> None:
        if not recipient:
            return
        self.rows.append(
            {
                "team_id": self.team_id,
                "mentorship_id": mentorship_id,
                "kind": kind,
                "period_key": period[:64],
                "recipient": recipient,
                "due_at": due_at,
                "payload": payload,
                "state": "pending",
                "attempts": 0,
                "created_at": self.now,
            }
        )


# -- time helpers ------------------------------------------------------------------------------
def _zone_or_utc(name: str | None) -> str:
    return name if name and valid_timezone(name) else "UTC"


def _tz(person: PersonRecord) -> str:
    return _zone_or_utc(person.timezone)


def _hour(hour: int) -> int:
    return min(max(hour, cad.EARLIEST_SEND_HOUR), cad.LATEST_SEND_HOUR)


def local_day(now: datetime, tz: str) -> date:
    """The calendar day it is for someone in `tz`."""
    return now.astimezone(ZoneInfo(tz)).date()


def at_local(day: date, tz: str, hour: int) -> datetime:
    """When a message about `day` reaches someone: their check-in hour, first weekday on or after."""
    return cad.send_at_on_or_after(day, tz, _hour(hour))


def soon(now: datetime, tz: str, hour: int) -> datetime:
    """Now, unless it is the middle of the night for them: then their next check-in hour."""
    if not cad.is_quiet_hours(now, tz):
        return now
    today = local_day(now, tz)
    morning = cad.local_send_at(today, tz, _hour(hour))
    return morning if morning > now else cad.local_send_at(today + timedelta(days=1), tz, _hour(hour))


def _not_at_night(due: datetime, now: datetime, tz: str, hour: int) -> datetime:
    """A row already late (due in the past) is sent now, but not in someone's night."""
    return due if due > now else soon(now, tz, hour)


def _cadence(value: str | None) -> cad.Cadence:
    for known in cad.CADENCES:
        if value == known:
            return known
    return "biweekly"


# -- the planner -------------------------------------------------------------------------------
def plan(deps: Deps, team_id: str, now: datetime) -> PlanReport:
    """Record every message due for a workspace as of `now`; apply time-driven state changes."""
    report = PlanReport()
    with deps.uow() as uow:
        repo = uow.repo(SchedulingRepository)
        program = uow.programs.settings(team_id, now)
        ctx = _Ctx(
            team_id=team_id,
            now=now,
            hour=_hour(program.check_in_hour),
            admin_channel=deps.settings.mentorbot_admin_channel,
            shout_channel=program.celebration_channel or deps.settings.mentorbot_celebration_channel,
            allow_shoutouts=bool(program.allow_shoutouts),
            program_weeks=program.program_length_weeks or 24,
            zone=_zone_or_utc(program.time_zone),
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
                    report.resumed += _plan_paused(ctx, record)
                if record.status == "active":
                    report.ended += _plan_active(
                        ctx,
                        record,
                        items.get(record.id, []),
                        sessions.get(record.id, []),
                        goals_by_pair.get(record.id, []),
                        report,
                    )
                elif record.status == "ended":
                    _plan_ended(ctx, record)
            except Exception as err:  # noqa: BLE001 - one pair must not stop the rest
                logger.error(
                    "planning failed team=%s mentorship=%s\n%s", team_id, record.id, frames_only(err)
                )
        pairs = {m.id: m for m in mentorships}
        for milestone, mentorship_id in repo.completed_milestones_since(team_id, now - STALE_AFTER):
            pair = pairs.get(mentorship_id)
            if pair is not None and pair.status == "active" and milestone.completed_at is not None:
                _celebrate(
                    ctx,
                    pair,
                    f"milestone-{milestone.id}",
                    "milestone",
                    milestone.completed_at,
                    milestone.title,
                )
        report.expired += _plan_requests(ctx, repo)
        _plan_digest(ctx, repo, mentorships)
        existing = repo.keys(team_id, now - KEYS_WINDOW)
        fresh = [
            r
            for r in ctx.rows
            if (r["mentorship_id"], r["kind"], r["period_key"], r["recipient"]) not in existing
        ]
        report.inserted = repo.insert_ignore(fresh)
        report.flagged = sum(1 for r in fresh if r["kind"] == "at_risk")
        for row in fresh:
            report.by_kind[row["kind"]] = report.by_kind.get(row["kind"], 0) + 1
    return report


def _both(record: MentorshipRecord) -> list[tuple[PersonRecord, PersonRecord, str]]:
    """(person, partner, role) for the mentor first, then the mentee."""
    return [(record.mentor, record.mentee, "mentor"), (record.mentee, record.mentor, "mentee")]


def _base(record: MentorshipRecord, partner: PersonRecord, role: str) -> dict[str, Any]:
    return {
        "mentorship_id": record.id,
        "role": role,
        "partner": partner.slack_user_id,
        "partner_name": partner.name or "",
    }


def _plan_paused(ctx: _Ctx, record: MentorshipRecord) -> int:
    gone = [p for p in (record.mentor, record.mentee) if p.status == "inactive"]
    if gone:
        for person in gone:
            partner = record.mentee if person.id == record.mentor_id else record.mentor
            if partner.status == "active":
                ctx.add(
                    "partner_gone",
                    f"gone-{person.id}",
                    partner.slack_user_id,
                    soon(ctx.now, _tz(partner), ctx.hour),
                    {
                        "mentorship_id": record.id,
                        "gone": person.slack_user_id,
                        "gone_name": person.name or "",
                    },
                    record.id,
                )
            ctx.add(
                "person_gone",
                f"gone-{person.id}",
                ctx.admin_channel,
                ctx.now,
                {"person": person.slack_user_id},
                0,
            )
        return 0
    if record.paused_until is None or record.paused_until > ctx.now.date():
        return 0
    if record.mentor.status != "active" or record.mentee.status != "active":
        return 0
    period = f"resume-{record.paused_until.isoformat()}"
    record.status = "active"
    record.paused_until = None
    record.paused_by = None
    record.check_ins_from = ctx.now.date()  # the rhythm restarts: no check-in for a paused period
    for person, partner, role in _both(record):
        ctx.add(
            "resumed",
            period,
            person.slack_user_id,
            soon(ctx.now, _tz(person), ctx.hour),
            _base(record, partner, role),
            record.id,
        )
    return 1


def _plan_active(
    ctx: _Ctx,
    record: MentorshipRecord,
    items: list[str],
    session_times: list[datetime],
    goals: list[Any],
    report: PlanReport,
) -> int:
    cadence = _cadence(record.cadence)
    days = cad.cadence_days(cadence)
    start = record.check_ins_from or record.started_at.date()
    end = record.end_date or (start + timedelta(weeks=ctx.program_weeks))
    today = ctx.now.date()
    people = _both(record)
    if any(p.status not in ("active",) for p, _, _ in people):
        return 0
    # The end date: the mentorship concludes with a closing message.
    if record.end_date is not None and today >= record.end_date:
        conclude(record, ctx.now, record.end_reason or "completed")
        for person, partner, role in people:
            ctx.add(
                "closing",
                "end",
                person.slack_user_id,
                soon(ctx.now, _tz(person), ctx.hour),
                _base(record, partner, role),
                record.id,
            )
        return 1
    last_session = record.last_session_on
    for person, partner, role in people:
        tz = _tz(person)
        base = _base(record, partner, role)
        # Check-in: the latest due period only (a backlog is never replayed).
        latest = cad.latest_due_check_in(start, end, cadence, tz, ctx.hour, ctx.now)
        if latest is not None:
            index, due_at = latest
            met = last_session is not None and last_session >= cad.period_start(start, cadence, index)
            if not met and ctx.now - due_at < timedelta(days=days):
                payload = dict(
                    base, cadence=cadence, items=items[:MAX_ITEMS], more=max(0, len(items) - MAX_ITEMS)
                )
                ctx.add(
                    CHECKIN_KIND,
                    f"{start.isoformat()}:{cad.period_key(cadence, index)}",
                    person.slack_user_id,
                    _not_at_night(due_at, ctx.now, tz, ctx.hour),
                    payload,
                    record.id,
                )
        # Missed meetings: two periods without a session → nudge; three → at risk (once per gap).
        since = max(last_session or start, start)
        if (today - start).days >= 2 * days:
            missed = (today - since).days // days
            if missed >= 2:
                nudge_at = at_local(since + timedelta(days=2 * days), tz, ctx.hour)
                if nudge_at <= ctx.now:
                    ctx.add(
                        "missed_nudge",
                        f"{since.isoformat()}:2",
                        person.slack_user_id,
                        _not_at_night(nudge_at, ctx.now, tz, ctx.hour),
                        dict(base, cadence=cadence),
                        record.id,
                    )
        # Goals: a week before the target date, and once it has passed.
        for goal in goals:
            if goal.status != "active" or goal.target_date is None:
                continue
            goal_info = dict(
                base, goal_id=goal.id, title=goal.title, target_date=goal.target_date.isoformat()
            )
            remind_at = at_local(goal.target_date - timedelta(days=7), tz, ctx.hour)
            if remind_at <= ctx.now < remind_at + STALE_AFTER and local_day(ctx.now, tz) < goal.target_date:
                ctx.add(
                    "goal_reminder",
                    f"goal-{goal.id}:{goal.target_date.isoformat()}",
                    person.slack_user_id,
                    _not_at_night(remind_at, ctx.now, tz, ctx.hour),
                    goal_info,
                    record.id,
                )
            overdue_at = at_local(goal.target_date + timedelta(days=1), tz, ctx.hour)
            if overdue_at <= ctx.now:
                ctx.add(
                    "goal_overdue",
                    f"goal-{goal.id}:{goal.target_date.isoformat()}",
                    person.slack_user_id,
                    _not_at_night(overdue_at, ctx.now, tz, ctx.hour),
                    goal_info,
                    record.id,
                )
        # Midpoint reflection and the transition nudge (only with an agreed end date).
        if record.end_date is not None:
            mid_at = at_local(cad.midpoint(start, record.end_date), tz, ctx.hour)
            if mid_at <= ctx.now < mid_at + STALE_AFTER:
                ctx.add(
                    "reflection",
                    "midpoint",
                    person.slack_user_id,
                    _not_at_night(mid_at, ctx.now, tz, ctx.hour),
                    base,
                    record.id,
                )
            trans_at = at_local(record.end_date - timedelta(days=14), tz, ctx.hour)
            if trans_at <= ctx.now:
                ctx.add(
                    "transition",
                    record.end_date.isoformat(),
                    person.slack_user_id,
                    _not_at_night(trans_at, ctx.now, tz, ctx.hour),
                    dict(base, end_date=record.end_date.isoformat(), cadence=cadence),
                    record.id,
                )
    # At risk after three missed periods: the admins see the pair, never private content.
    since = max(last_session or start, start)
    missed = (today - since).days // days if (today - start).days >= 3 * days else 0
    if missed >= 3:
        if not record.at_risk:
            record.at_risk = True
        ctx.add(
            "at_risk",
            f"{since.isoformat()}:3",
            ctx.admin_channel,
            ctx.now,
            {
                "mentorship_id": record.id,
                "mentor": record.mentor.slack_user_id,
                "mentee": record.mentee.slack_user_id,
                "periods": missed,
                "cadence": cadence,
            },
            record.id,
        )
    elif record.at_risk and missed < 2 and last_session is not None:
        record.at_risk = False
    # Celebrations: sessions and three months together.
    counts = [(1, "session1", "first_session"), (5, "session5", "fifth_session")]
    for number, period, event in counts:
        if record.session_count >= number:
            when = session_times[number - 1] if len(session_times) >= number else None
            if when is None and record.last_session_on is not None:
                when = datetime.combine(record.last_session_on, datetime.min.time(), tzinfo=UTC)
            if when is not None:
                _celebrate(ctx, record, period, event, when, None)
    three_months = record.started_at + timedelta(days=THREE_MONTHS_DAYS)
    if three_months <= ctx.now:
        _celebrate(ctx, record, "months3", "three_months", three_months, None)
    for goal in goals:
        if goal.status == "achieved" and goal.achieved_at is not None:
            _celebrate(ctx, record, f"goal-{goal.id}", "goal_achieved", goal.achieved_at, goal.title)
    del report
    return 0


def _celebrate(
    ctx: _Ctx, record: MentorshipRecord, period: str, event: str, when: datetime, title: str | None
) -> None:
    if ctx.now - when > STALE_AFTER or when > ctx.now:
        return
    for person, partner, role in _both(record):
        if person.status != "active":
            continue
        payload = dict(_base(record, partner, role), event=event, title=title or "")
        ctx.add(
            "celebrate",
            period,
            person.slack_user_id,
            soon(ctx.now, _tz(person), ctx.hour),
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
            "shoutout",
            period,
            ctx.shout_channel,
            ctx.now,
            {"event": event, "mentor": record.mentor.slack_user_id, "mentee": record.mentee.slack_user_id},
            record.id,
        )


def _plan_ended(ctx: _Ctx, record: MentorshipRecord) -> None:
    if not record.stay_in_touch or record.ended_at is None:
        return
    ping_day = record.ended_at.date() + timedelta(days=STAY_IN_TOUCH_DAYS)
    for person, partner, role in _both(record):
        if person.status != "active":
            continue
        tz = _tz(person)
        ping_at = at_local(ping_day, tz, ctx.hour)
        if ping_at <= ctx.now < ping_at + STALE_AFTER:
            ctx.add(
                "stay_in_touch",
                f"ended-{record.ended_at.date().isoformat()}",
                person.slack_user_id,
                _not_at_night(ping_at, ctx.now, tz, ctx.hour),
                _base(record, partner, role),
                record.id,
            )


def _plan_requests(ctx: _Ctx, repo: SchedulingRepository) -> int:
    expired = 0
    for request in repo.expired_requests(ctx.team_id, ctx.now):
        request.status = "expired"
        request.responded_at = ctx.now
        expired += 1
        mentee, mentor = request.mentee, request.mentor
        ctx.add(
            "request_expired",
            f"request-{request.id}",
            mentee.slack_user_id,
            soon(ctx.now, _tz(mentee), ctx.hour),
            {"request_id": request.id, "mentor": mentor.slack_user_id, "mentor_name": mentor.name or ""},
        )
        if request.prompt_channel and request.prompt_ts:
            ctx.add(
                "request_prompt",
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


def _plan_digest(ctx: _Ctx, repo: SchedulingRepository, mentorships: list[MentorshipRecord]) -> None:
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
    checkins = repo.sent_between(ctx.team_id, CHECKIN_KIND, start, end)
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
    ctx.add("digest", period, ctx.admin_channel, max(due_at, ctx.now - timedelta(minutes=1)), stats)


# -- the dispatcher's side ---------------------------------------------------------------------
@dataclass(frozen=True)
class Claimed:
    """A claimed row, as the dispatcher needs it (detached from the session)."""

    id: int
    team_id: str
    mentorship_id: int
    kind: str
    period_key: str
    recipient: str
    payload: dict[str, Any]
    attempts: int
    last_error: str | None
    slack_channel: str | None
    created_at: datetime

    @property
    def key(self) -> str:
        """The idempotency key, carried in the message metadata for reconciliation."""
        return f"{self.team_id}:{self.mentorship_id}:{self.kind}:{self.period_key}:{self.recipient}"


def claim(deps: Deps, me: str, now: datetime, batch: int, lease: timedelta) -> list[Claimed]:
    """Claim due rows in one committed transaction; rows to people who left are cancelled."""
    with deps.uow() as uow:
        repo = uow.repo(SchedulingRepository)
        rows = repo.rows(repo.claim(me, now, batch, lease))
        out: list[Claimed] = []
        by_team: dict[str, list[str]] = {}
        for row in rows:
            by_team.setdefault(row.team_id, []).append(row.recipient)
        gone: set[tuple[str, str]] = set()
        for team, recipients in by_team.items():
            for slack_id, person in repo.people_by_slack(team, recipients).items():
                if person.status in ("inactive", "opted_out"):
                    gone.add((team, slack_id))
        for row in rows:
            if (row.team_id, row.recipient) in gone:
                row.state, row.last_error = "cancelled", "recipient_inactive"
                continue
            out.append(
                Claimed(
                    id=row.id,
                    team_id=row.team_id,
                    mentorship_id=row.mentorship_id,
                    kind=row.kind,
                    period_key=row.period_key,
                    recipient=row.recipient,
                    payload=dict(row.payload or {}),
                    attempts=row.attempts,
                    last_error=row.last_error,
                    slack_channel=row.slack_channel,
                    created_at=row.created_at,
                )
            )
        return out


def mark_sent(deps: Deps, row_id: int, me: str, channel: str, ts: str, now: datetime) -> bool:
    """Record a delivered row (only while this worker holds it)."""
    with deps.uow() as uow:
        return uow.repo(SchedulingRepository).finish(
            row_id,
            me,
            state="sent",
            slack_channel=channel,
            slack_ts=ts,
            sent_at=now,
            lease_until=None,
            last_error=None,
        )


def mark(deps: Deps, row_id: int, me: str, state: str, error: str, due_at: datetime | None = None) -> bool:
    """Move a held row to `unknown` (retry at due_at after reconciling), `failed` or `cancelled`."""
    values: dict[str, Any] = {"state": state, "last_error": error[:200], "lease_until": None}
    if due_at is not None:
        values["due_at"] = due_at
    with deps.uow() as uow:
        return uow.repo(SchedulingRepository).finish(row_id, me, **values)


def release(deps: Deps, ids: list[int], me: str, due_at: datetime, error: str) -> None:
    """Give held rows back unattempted (a rate limit): pending again at `due_at`."""
    with deps.uow() as uow:
        uow.repo(SchedulingRepository).release(ids, me, due_at, error)


def dm_channel(deps: Deps, team_id: str, user_id: str) -> str | None:
    """Return the cached DM channel with a person."""
    with deps.uow() as uow:
        return uow.repo(SchedulingRepository).dm_channel(team_id, user_id)


def remember_dm_channel(deps: Deps, team_id: str, user_id: str, channel: str) -> None:
    """Cache the DM channel with a person."""
    with deps.uow() as uow:
        uow.repo(SchedulingRepository).remember_dm_channel(team_id, user_id, channel)


def queue_depth(deps: Deps) -> int:
    """How many rows wait to be sent."""
    with deps.uow() as uow:
        return uow.repo(SchedulingRepository).waiting()


def person_gone(deps: Deps, team_id: str, slack_user_id: str) -> bool:
    """Slack says a person is gone: mark them inactive, pause their pairs, tell partner and admins once."""
    now = deps.clock()
    with deps.uow() as uow:
        repo = uow.repo(SchedulingRepository)
        person = uow.people.by_slack_id(team_id, slack_user_id)
        repo.cancel_for_recipient(team_id, slack_user_id, "recipient_gone")
        if person is None:
            return False
        changed = person.status != "inactive"
        person.status = "inactive"
        person.updated_at = now
        hour = _hour(uow.programs.settings(team_id, now).check_in_hour)
        ctx = _Ctx(team_id, now, hour, deps.settings.mentorbot_admin_channel, None, False, 24)
        for record in repo.mentorships(team_id, ("active", "paused")):
            if person.id not in (record.mentor_id, record.mentee_id):
                continue
            record.status = "paused"
            partner = record.mentee if person.id == record.mentor_id else record.mentor
            if partner.status == "active":
                ctx.add(
                    "partner_gone",
                    f"gone-{person.id}",
                    partner.slack_user_id,
                    soon(now, _tz(partner), hour),
                    {"mentorship_id": record.id, "gone": slack_user_id, "gone_name": person.name or ""},
                    record.id,
                )
        ctx.add("person_gone", f"gone-{person.id}", ctx.admin_channel, now, {"person": slack_user_id}, 0)
        repo.insert_ignore(ctx.rows)
        logger.info("person gone team=%s person=%s", team_id, person.id)
        return changed


def delivery_failed(deps: Deps, row: Claimed, error: str) -> None:
    """Tell the admins once that a message could not be delivered to a channel."""
    admin = deps.settings.mentorbot_admin_channel
    if not admin or row.recipient == admin:
        return
    now = deps.clock()
    with deps.uow() as uow:
        uow.repo(SchedulingRepository).insert_ignore(
            [
                {
                    "team_id": row.team_id,
                    "mentorship_id": 0,
                    "kind": "delivery_failed",
                    "period_key": f"{row.recipient}:{error}"[:64],
                    "recipient": admin,
                    "due_at": now,
                    "payload": {"target": row.recipient, "error": error, "kind": row.kind},
                    "state": "pending",
                    "attempts": 0,
                    "created_at": now,
                }
            ]
        )


# -- the pair's answers (buttons on scheduled messages) -----------------------------------------
def _member(uow: Any, team_id: str, record: MentorshipRecord | None, slack_user_id: str) -> PersonRecord:
    if record is None:
        raise NotFound("I can't find that mentorship any more. Type `/mentor status` to see yours.")
    person: PersonRecord | None = uow.people.by_slack_id(team_id, slack_user_id)
    if person is None or person.id not in (record.mentor_id, record.mentee_id):
        raise NotAllowed("Only the two people in this mentorship can do that.")
    return person


def _own_row(
    repo: SchedulingRepository, team_id: str, row_id: int, slack_user_id: str
) -> ScheduledMessageRecord:
    row = repo.get(row_id)
    if row is None or row.team_id != team_id:
        raise NotFound("I can't find that check-in any more. Type `/mentor status` to see your mentorships.")
    if row.recipient != slack_user_id:
        raise NotAllowed("That check-in was meant for someone else.")
    return row


def recorded_message(
    deps: Deps,
    team_id: str,
    slack_user_id: str,
    where: tuple[str, str],
    *,
    row_id: int | None = None,
    mentorship_id: int | None = None,
) -> bool:
    """Whether `where` (channel, ts) is a message the bot sent this person: that queue row's own
    message, or one sent to them for that mentorship. Only such messages are rewritten on a click."""
    with deps.uow() as uow:
        repo = uow.repo(SchedulingRepository)
        if row_id is not None:
            row = repo.get(row_id)
            return (
                row is not None
                and row.team_id == team_id
                and row.recipient == slack_user_id
                and (row.slack_channel, row.slack_ts) == where
            )
        if mentorship_id is not None:
            return repo.sent_to(team_id, mentorship_id, slack_user_id, where[0], where[1])
        return False


def remind_later(deps: Deps, team_id: str, slack_user_id: str, row_id: int) -> datetime:
    """Not yet: record the answer and schedule the same check-in again in two days (local hours)."""
    now = deps.clock()
    with deps.uow() as uow:
        repo = uow.repo(SchedulingRepository)
        row = _own_row(repo, team_id, row_id, slack_user_id)
        if row.kind not in ("checkin", "checkin_reminder"):
            raise InvalidInput("Only check-ins can be snoozed.")
        record = repo.mentorship(team_id, row.mentorship_id)
        person = _member(uow, team_id, record, slack_user_id)
        if record is None or record.status != "active":
            raise InvalidInput("This mentorship isn't active any more, so there is nothing to remind you of.")
        payload = dict(row.payload or {})
        count = int(payload.get("reminder", 0)) + 1
        if count > MAX_REMINDERS:
            raise InvalidInput(
                "I've already reminded you a few times. Log your session with `/mentor log` when you meet."
            )
        row.payload = dict(payload, answer="remind")
        tz = _tz(person)
        hour = _hour(uow.programs.settings(team_id, now).check_in_hour)
        due = at_local(local_day(now, tz) + timedelta(days=REMIND_DAYS), tz, hour)
        base_period = row.period_key.split("/r")[0]
        repo.insert_ignore(
            [
                {
                    "team_id": team_id,
                    "mentorship_id": row.mentorship_id,
                    "kind": "checkin_reminder",
                    "period_key": f"{base_period}/r{count}"[:64],
                    "recipient": slack_user_id,
                    "due_at": due,
                    "payload": {k: v for k, v in dict(payload, reminder=count).items() if k != "answer"},
                    "state": "pending",
                    "attempts": 0,
                    "created_at": now,
                }
            ]
        )
        return due


def skip_checkin(deps: Deps, team_id: str, slack_user_id: str, row_id: int) -> None:
    """Skip this time: record the answer; the next check-in comes at the usual cadence."""
    with deps.uow() as uow:
        repo = uow.repo(SchedulingRepository)
        row = _own_row(repo, team_id, row_id, slack_user_id)
        row.payload = dict(row.payload or {}, answer="skip")


def change_cadence(
    deps: Deps,
    team_id: str,
    slack_user_id: str,
    mentorship_id: int,
    cadence: str,
    once: FormKey | None = None,
) -> str:
    """Change the pair's cadence; check-ins restart from today at the new rhythm."""
    try:
        chosen = cad.parse_cadence(cadence)
    except ValueError as err:
        raise InvalidInput(str(err)) from None
    with deps.uow() as uow:
        use_once(uow, once, deps.clock())
        repo = uow.repo(SchedulingRepository)
        record = repo.mentorship(team_id, mentorship_id)
        _member(uow, team_id, record, slack_user_id)
        assert record is not None  # noqa: S101 - _member raised otherwise
        if record.status == "ended":
            raise InvalidInput("This mentorship has ended, so its cadence can't change.")
        record.cadence = chosen
        record.check_ins_from = deps.clock().date()
        return chosen


def mentorship_for(deps: Deps, team_id: str, slack_user_id: str, mentorship_id: int) -> MentorshipRecord:
    """Return a mentorship the person belongs to."""
    with deps.uow() as uow:
        record = uow.repo(SchedulingRepository).mentorship(team_id, mentorship_id)
        _member(uow, team_id, record, slack_user_id)
        assert record is not None  # noqa: S101
        return record


@dataclass(frozen=True)
class ReflectionResult:
    """A stored reflection: whether it is new and whether it raises a flag."""

    created: bool
    low: bool
    mentorship_id: int


def save_reflection(
    deps: Deps,
    team_id: str,
    slack_user_id: str,
    mentorship_id: int,
    kind: str,
    progress: int | None,
    relationship: int | None,
    comment: str,
) -> ReflectionResult:
    """Store a midpoint or closing reflection once; low scores queue an admin flag without text."""
    if kind not in ("midpoint", "closing"):
        raise InvalidInput("Unknown reflection.")
    fields: dict[str, str] = {}
    for name, score in (("progress", progress), ("relationship", relationship)):
        if score is None or not 1 <= score <= 5:
            fields[name] = "Pick a score from 1 to 5."
    if len(comment) > MAX_COMMENT:
        fields["comment"] = f"Keep it under {MAX_COMMENT} characters."
    if fields:
        raise InvalidInput("Some answers need another look.", fields)
    assert progress is not None  # noqa: S101 - validated above
    assert relationship is not None  # noqa: S101 - validated above
    now = deps.clock()
    with deps.uow() as uow:
        repo = uow.repo(SchedulingRepository)
        record = repo.mentorship(team_id, mentorship_id)
        person = _member(uow, team_id, record, slack_user_id)
        created = repo.add_reflection(
            ReflectionRecord(
                team_id=team_id,
                mentorship_id=mentorship_id,
                person_id=person.id,
                kind=kind,
                progress_score=progress,
                relationship_score=relationship,
                comment=comment.strip(),
                created_at=now,
            )
        )
        low = created and min(progress, relationship) <= LOW_SCORE
        admin = deps.settings.mentorbot_admin_channel
        if low and admin and record is not None:
            repo.insert_ignore(
                [
                    {
                        "team_id": team_id,
                        "mentorship_id": mentorship_id,
                        "kind": "reflection_flag",
                        "period_key": f"{kind}-{person.id}",
                        "recipient": admin,
                        "due_at": now,
                        "payload": {
                            "mentorship_id": mentorship_id,
                            "mentor": record.mentor.slack_user_id,
                            "mentee": record.mentee.slack_user_id,
                            "reflection": kind,
                        },
                        "state": "pending",
                        "attempts": 0,
                        "created_at": now,
                    }
                ]
            )
        return ReflectionResult(created=created, low=low, mentorship_id=mentorship_id)


@dataclass(frozen=True)
class TransitionResult:
    """What a transition choice did."""

    choice: str
    end_date: date | None
    cadence: str
    partner: str
    already: bool = False  # the choice was made before (by `chosen_by`); nothing changed now
    chosen_by: str | None = None


def transition(
    deps: Deps,
    team_id: str,
    slack_user_id: str,
    mentorship_id: int,
    choice: str,
    window: str | None = None,
) -> TransitionResult:
    """Conclude now, extend by EXTEND_WEEKS, or continue informally at a lower cadence.

    One choice per transition `window` (the end date the prompt was about; the current end date
    when not given): the first press records it, in the same transaction as the change, and any
    later press, by either person, gets the earlier choice back with `already` set.
    """
    if choice not in ("conclude", "extend", "continue"):
        raise InvalidInput("Unknown choice.")
    now = deps.clock()
    with deps.uow() as uow:
        repo = uow.repo(SchedulingRepository)
        record = repo.mentorship(team_id, mentorship_id)
        person = _member(uow, team_id, record, slack_user_id)
        assert record is not None  # noqa: S101
        partner = record.mentee if person.id == record.mentor_id else record.mentor
        key = window or (record.end_date.isoformat() if record.end_date else "open")
        choices = uow.repo(TransitionChoiceRepository)
        if not choices.record(team_id, record.id, key, choice, slack_user_id, now):
            earlier = choices.get(team_id, record.id, key)
            assert earlier is not None  # noqa: S101 - recorded by the first press
            return TransitionResult(
                earlier.choice,
                record.end_date,
                record.cadence,
                partner.slack_user_id,
                already=True,
                chosen_by=earlier.chosen_by,
            )
        if record.status == "ended":
            raise InvalidInput("This mentorship has already concluded. Thank you both!")
        hour = _hour(uow.programs.settings(team_id, now).check_in_hour)
        if choice == "conclude":
            conclude(record, now, "completed", ended_by=person.id, stay_in_touch=record.stay_in_touch)
            ctx = _Ctx(team_id, now, hour, None, None, False, 24)
            for who, other, role in _both(record):
                if who.status == "active":
                    ctx.add(
                        "closing",
                        "end",
                        who.slack_user_id,
                        soon(now, _tz(who), hour),
                        _base(record, other, role),
                        record.id,
                    )
            repo.insert_ignore(ctx.rows)
        elif choice == "extend":
            base = max(record.end_date or now.date(), now.date())
            record.end_date = base + timedelta(weeks=EXTEND_WEEKS)
        elif choice == "continue":
            base = max(record.end_date or now.date(), now.date())
            record.end_date = base + timedelta(weeks=INFORMAL_WEEKS)
            record.cadence = LOWER_CADENCE.get(record.cadence, "monthly")
            record.check_ins_from = now.date()
            record.agreement_note = (record.agreement_note or "") + "\nContinuing informally."
        return TransitionResult(choice, record.end_date, record.cadence, partner.slack_user_id)


def set_stay_in_touch(deps: Deps, team_id: str, slack_user_id: str, mentorship_id: int) -> None:
    """Opt the pair into a stay-in-touch ping ninety days after the end."""
    with deps.uow() as uow:
        record = uow.repo(SchedulingRepository).mentorship(team_id, mentorship_id)
        _member(uow, team_id, record, slack_user_id)
        assert record is not None  # noqa: S101
        record.stay_in_touch = True


def enqueue(deps: Deps, rows: list[dict[str, Any]]) -> int:
    """Insert queue rows (e.g. announcements from the admin feature); duplicates are ignored."""
    now = deps.clock()
    full = [
        dict({"state": "pending", "attempts": 0, "created_at": now, "mentorship_id": 0, "payload": {}}, **r)
        for r in rows
    ]
    with deps.uow() as uow:
        return uow.repo(SchedulingRepository).insert_ignore(full)


def workspaces(deps: Deps) -> list[str]:
    """The active workspaces' team ids."""
    with deps.uow() as uow:
        return [w.team_id for w in uow.programs.workspaces()]


def queue_rows(deps: Deps, team_id: str) -> list[ScheduledMessageRecord]:
    """Every queue row of a workspace, oldest first (tests and the demo)."""
    from sqlalchemy import select

    with deps.uow() as uow:
        return list(
            uow.session.scalars(
                select(ScheduledMessageRecord)
                .where(ScheduledMessageRecord.team_id == team_id)
                .order_by(ScheduledMessageRecord.id)
            )
        )


def today_utc(now: datetime) -> date:
    """The UTC calendar day of an instant."""
    return now.astimezone(UTC).date()
