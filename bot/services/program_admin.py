"""Use cases for program admins: settings, the report, pair health and actions, announcements,
exports and the admin list. Each runs in one transaction and writes its own audit entry.

Admins see aggregates and flags only: no intro, goal title, session note, feedback, reflection
comment, concern or end-reason text ever leaves this module.
"""

from __future__ import annotations

import csv
import io
import logging
import statistics
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final

from bot.deps import Deps
from bot.domain.errors import InvalidInput, NotFound
from bot.domain.program_health import (
    MIN_GROUP,
    SEVERITY,
    Health,
    PairFacts,
    pair_health,
    rate,
    suppress,
)
from bot.domain.program_settings import ProgramSettings, changed_fields, effective_weights
from bot.services import scheduling
from bot.services.admins import write_audit
from bot.services.mentorships import conclude
from storage.records import AdminRecord, MentorshipRecord, PersonRecord, ProgramSettingsRecord
from storage.repositories.admin import AdminRepository

logger = logging.getLogger(__name__)

WINDOW_DAYS: Final = 90
RESPONSE_DAYS: Final = 7
CHART_MONTHS: Final = 6
CHECK_IN_KIND: Final = scheduling.CHECKIN_KIND
ANNOUNCEMENT_KIND: Final = scheduling.ANNOUNCEMENT_KIND
AUDIENCES: Final = ("everyone", "mentors", "mentees")
PAIR_ACTIONS: Final = ("nudge", "pause", "resume", "end", "rematch")


# -- settings -------------------------------------------------------------------------------------
def _settings_of(record: ProgramSettingsRecord) -> ProgramSettings:
    return ProgramSettings(
        program_name=record.program_name,
        default_cadence=record.default_cadence,
        program_length_weeks=record.program_length_weeks,
        check_in_hour=record.check_in_hour,
        request_expiry_days=record.request_expiry_days,
        weights=effective_weights(record.matching_weights),
        repeat_cooldown_days=record.repeat_cooldown_days,
        celebration_channel=record.celebration_channel,
        allow_shoutouts=record.allow_shoutouts,
        time_zone=record.time_zone or "UTC",
    )


def current_settings(deps: Deps, team_id: str) -> ProgramSettings:
    """Return the program settings as they are now (defaults on first use)."""
    with deps.uow() as uow:
        return _settings_of(uow.programs.settings(team_id, deps.clock()))


def save_settings(deps: Deps, team_id: str, actor: str, new: ProgramSettings) -> list[str]:
    """Save valid settings and audit which fields changed; return those field names."""
    now = deps.clock()
    with deps.uow() as uow:
        record = uow.programs.settings(team_id, now)
        changed = changed_fields(_settings_of(record), new)
        record.program_name = new.program_name
        record.default_cadence = new.default_cadence
        record.program_length_weeks = new.program_length_weeks
        record.check_in_hour = new.check_in_hour
        record.request_expiry_days = new.request_expiry_days
        record.matching_weights = {**(record.matching_weights or {}), **new.weights}
        record.repeat_cooldown_days = new.repeat_cooldown_days
        record.celebration_channel = new.celebration_channel
        record.allow_shoutouts = new.allow_shoutouts
        record.time_zone = new.time_zone
        record.updated_by = actor
        record.updated_at = now
        target = "fields=" + (",".join(changed) or "none")
        write_audit(uow.session, team_id, actor, "admin settings saved", now, target)
    logger.info("settings saved team=%s actor=%s fields=%s", team_id, actor, ",".join(changed))
    return changed


# -- the report -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Metric:
    """One number in the report; `value` is None when hidden (fewer than MIN_GROUP people)."""

    key: str
    label: str
    value: float | None
    kind: str  # count | percent | score | days | ratio
    people: int

    @property
    def hidden(self) -> bool:
        """Whether the number is not shown (too few people behind it, or nothing to show)."""
        return self.value is None


@dataclass(frozen=True)
class MonthBar:
    """One month of a chart: values per series (None when hidden)."""

    month: str
    values: dict[str, float | None]


@dataclass
class Report:
    """The program report: sections of metrics and chart series, aggregates only."""

    generated_at: datetime
    window_days: int
    sections: dict[str, list[Metric]] = field(default_factory=dict)
    sessions_by_month: list[MonthBar] = field(default_factory=list)
    goals_by_month: list[MonthBar] = field(default_factory=list)

    def metric(self, key: str) -> Metric:
        """Return a metric by key."""
        for metrics in self.sections.values():
            for m in metrics:
                if m.key == key:
                    return m
        raise KeyError(key)


def _metric(key: str, label: str, value: float | None, kind: str, people: int) -> Metric:
    return Metric(key, label, suppress(value, people), kind, people)


def _people_of(pairs: list[MentorshipRecord]) -> set[int]:
    return {p.mentor_id for p in pairs} | {p.mentee_id for p in pairs}


def _months_back(today: date, count: int) -> list[str]:
    months: list[str] = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(months))


def _waiting_since(person: PersonRecord, ended: dict[int, datetime]) -> datetime:
    joined = person.joined_at or person.created_at
    last = ended.get(person.id)
    return max(joined, last) if last else joined


def program_report(deps: Deps, team_id: str) -> Report:
    """Compute the program report; every cell with fewer than five people behind it is hidden."""
    now = deps.clock()
    today = now.date()
    since = now - timedelta(days=WINDOW_DAYS)
    report = Report(generated_at=now, window_days=WINDOW_DAYS)
    with deps.uow() as uow:
        repo = uow.repo(AdminRepository)
        people = repo.people(team_id)
        pairs = repo.mentorships(team_id)
        sessions = repo.sessions(team_id, (now - timedelta(days=31 * CHART_MONTHS)).date())
        check_ins = repo.sent_messages(team_id, CHECK_IN_KIND, since)
        goals = repo.goals(team_id)
        milestones = repo.milestones(team_id)
        midpoint = repo.reflection_scores(team_id, "midpoint")
        closing = repo.reflection_scores(team_id, "closing")
        ratings = repo.program_ratings(team_id)

    # Participation
    active_people = [p for p in people if p.status == "active"]
    by_role: dict[str, int] = defaultdict(int)
    for p in active_people:
        by_role[str(p.role)] += 1
    active = [m for m in pairs if m.status == "active"]
    paused = [m for m in pairs if m.status == "paused"]
    current_mentees = {m.mentee_id for m in pairs if m.status in ("active", "paused")}
    ended_at: dict[int, datetime] = {}
    for m in pairs:
        if m.ended_at is not None:
            ended_at[m.mentee_id] = max(ended_at.get(m.mentee_id, m.ended_at), m.ended_at)
    waiting = [p for p in active_people if p.role in ("mentee", "both") and p.id not in current_mentees]
    waits = [max(0, (now - _waiting_since(p, ended_at)).days) for p in waiting]
    report.sections["participation"] = [
        _metric("role_mentor", "Mentors", by_role["mentor"], "count", by_role["mentor"]),
        _metric("role_mentee", "Mentees", by_role["mentee"], "count", by_role["mentee"]),
        _metric("role_both", "Mentors who are also mentees", by_role["both"], "count", by_role["both"]),
        _metric("pairs_active", "Active pairs", len(active), "count", len(_people_of(active))),
        _metric("pairs_paused", "Paused pairs", len(paused), "count", len(_people_of(paused))),
        _metric("waiting", "Mentees waiting for a mentor", len(waiting), "count", len(waiting)),
        _metric(
            "waiting_median",
            "Median wait (days)",
            statistics.median(waits) if waits else None,
            "days",
            len(waiting),
        ),
        _metric(
            "waiting_longest", "Longest wait (days)", max(waits) if waits else None, "days", len(waiting)
        ),
    ]

    # Engagement: sessions per pair per month over the window; check-in response rate.
    window_start = since.date()
    pair_months = 0.0
    engaged: list[MentorshipRecord] = []
    for m in pairs:
        start = max(m.started_at.date(), window_start)
        end = m.ended_at.date() if m.ended_at else today
        days = (end - start).days
        if days > 0:
            pair_months += days / 30.0
            engaged.append(m)
    engaged_ids = {m.id for m in engaged}
    in_window = [s for s in sessions if s[1] >= window_start and s[0] in engaged_ids]
    per_pair_month = len(in_window) / pair_months if pair_months > 0 else None
    cutoff = now - timedelta(days=RESPONSE_DAYS)
    logged: dict[int, list[datetime]] = defaultdict(list)
    for mentorship_id, _held, created in sessions:
        logged[mentorship_id].append(created)
    closed = [c for c in check_ins if c.sent_at is not None and c.sent_at <= cutoff]
    answered = 0
    for c in closed:
        sent = c.sent_at or now
        if any(sent <= t <= sent + timedelta(days=RESPONSE_DAYS) for t in logged[c.mentorship_id]):
            answered += 1
    by_id = {m.id: m for m in pairs}
    check_in_people = _people_of([by_id[c.mentorship_id] for c in closed if c.mentorship_id in by_id])
    response = rate(answered, len(closed))
    report.sections["engagement"] = [
        _metric(
            "sessions_per_pair_month",
            "Sessions per pair per month",
            per_pair_month,
            "ratio",
            len(_people_of(engaged)),
        ),
        _metric(
            "check_in_response",
            "Check-ins followed by a logged session within 7 days",
            response,
            "percent",
            len(check_in_people),
        ),
    ]

    # Outcomes
    owners = {owner for _, owner, _, _, _ in goals}
    achieved = [g for g in goals if g[2] == "achieved"]
    achieved_owners = {owner for _, owner, _, _, _ in achieved}
    milestone_owners = {owner for owner, _ in milestones}
    done_milestones = [1 for _, done in milestones if done]
    ended = [m for m in pairs if m.status == "ended"]
    by_reason: dict[str, list[MentorshipRecord]] = defaultdict(list)
    for m in ended:
        by_reason[m.end_reason or "other"].append(m)
    outcomes = [
        _metric("goals_set", "Goals set", len(goals), "count", len(owners)),
        _metric("goals_achieved", "Goals achieved", len(achieved), "count", len(achieved_owners)),
        _metric(
            "goals_rate", "Share of goals achieved", rate(len(achieved), len(goals)), "percent", len(owners)
        ),
        _metric("milestones", "Milestones set", len(milestones), "count", len(milestone_owners)),
        _metric(
            "milestones_done", "Milestones completed", len(done_milestones), "count", len(milestone_owners)
        ),
        _metric("concluded", "Mentorships concluded", len(ended), "count", len(_people_of(ended))),
    ]
    for reason in sorted(by_reason):
        group = by_reason[reason]
        outcomes.append(
            _metric(f"ended_{reason}", f"Concluded: {reason}", len(group), "count", len(_people_of(group)))
        )
    report.sections["outcomes"] = outcomes

    # Satisfaction (scores 1..5)
    def average(values: list[int]) -> float | None:
        return sum(values) / len(values) if values else None

    satisfaction: list[Metric] = []
    for kind, rows in (("midpoint", midpoint), ("closing", closing)):
        for column, name in ((1, "progress"), (2, "relationship")):
            scored = [(row[0], row[column]) for row in rows if row[column] is not None]
            values = [int(v) for _, v in scored if v is not None]
            satisfaction.append(
                _metric(
                    f"{kind}_{name}",
                    f"{kind.capitalize()} reflection: {name} (1–5)",
                    average(values),
                    "score",
                    len({p for p, _ in scored}),
                )
            )
    satisfaction.append(
        _metric(
            "program_rating",
            "Program rating in feedback (1–5)",
            average([r for _, r in ratings]),
            "score",
            len({a for a, _ in ratings}),
        )
    )
    report.sections["satisfaction"] = satisfaction

    # Charts: sessions per month; goals set vs achieved per month.
    months = _months_back(today, CHART_MONTHS)
    session_people: dict[str, set[int]] = defaultdict(set)
    session_count: dict[str, int] = defaultdict(int)
    for mentorship_id, held, _ in sessions:
        key = f"{held.year:04d}-{held.month:02d}"
        session_count[key] += 1
        if mentorship_id in by_id:
            session_people[key] |= _people_of([by_id[mentorship_id]])
    report.sessions_by_month = [
        MonthBar(month, {"sessions": suppress(float(session_count[month]), len(session_people[month]))})
        for month in months
    ]
    set_people: dict[str, set[int]] = defaultdict(set)
    done_people: dict[str, set[int]] = defaultdict(set)
    set_count: dict[str, int] = defaultdict(int)
    done_count: dict[str, int] = defaultdict(int)
    for _, owner, status, created, achieved_at in goals:
        key = f"{created.year:04d}-{created.month:02d}"
        set_count[key] += 1
        set_people[key].add(owner)
        if status == "achieved" and achieved_at is not None:
            done_key = f"{achieved_at.year:04d}-{achieved_at.month:02d}"
            done_count[done_key] += 1
            done_people[done_key].add(owner)
    report.goals_by_month = [
        MonthBar(
            month,
            {
                "set": suppress(float(set_count[month]), len(set_people[month])),
                "achieved": suppress(float(done_count[month]), len(done_people[month])),
            },
        )
        for month in months
    ]
    return report


# -- pair health and actions ------------------------------------------------------------------
@dataclass(frozen=True)
class PairRow:
    """One pair as admins see it: who, status and health (no private text)."""

    mentorship_id: int
    mentor_slack_id: str
    mentor_name: str
    mentee_slack_id: str
    mentee_name: str
    status: str
    health: Health
    session_count: int


def pairs_overview(deps: Deps, team_id: str) -> list[PairRow]:
    """Return every active or paused pair with its health, the most worrying first."""
    today = deps.clock().date()
    with deps.uow() as uow:
        repo = uow.repo(AdminRepository)
        lowest = repo.lowest_reflection_scores(team_id)
        rows = []
        for m in repo.mentorships(team_id, ("active", "paused")):
            facts = PairFacts(
                status=m.status,
                cadence=m.cadence,
                started_on=m.check_ins_from or m.started_at.date(),
                last_session_on=m.last_session_on,
                agreement_status=m.agreement_status,
                at_risk=m.at_risk,
                rematch_requested=m.rematch_requested,
                lowest_reflection_score=lowest.get(m.id),
                paused_until=m.paused_until,
            )
            rows.append(
                PairRow(
                    mentorship_id=m.id,
                    mentor_slack_id=m.mentor.slack_user_id,
                    mentor_name=m.mentor.name or m.mentor.slack_user_id,
                    mentee_slack_id=m.mentee.slack_user_id,
                    mentee_name=m.mentee.name or m.mentee.slack_user_id,
                    status=m.status,
                    health=pair_health(facts, today),
                    session_count=m.session_count,
                )
            )
    rows.sort(key=lambda r: (SEVERITY[r.health.state], r.mentorship_id))
    return rows


@dataclass(frozen=True)
class PairActionResult:
    """What an admin's pair action did, so the edge can tell the people involved."""

    action: str
    mentorship_id: int
    mentor_slack_id: str
    mentor_name: str
    mentee_slack_id: str
    mentee_name: str
    program_name: str


def apply_pair_action(
    deps: Deps, team_id: str, actor: str, action: str, mentorship_id: int
) -> PairActionResult:
    """Nudge, pause, resume, end or rematch a pair, audited; raise when it cannot be done."""
    if action not in PAIR_ACTIONS:
        raise InvalidInput("That action isn't available. Type `/mentor admin pairs` to see the pairs again.")
    now = deps.clock()
    with deps.uow() as uow:
        repo = uow.repo(AdminRepository)
        m = repo.mentorship(team_id, mentorship_id)
        if m is None or m.status == "ended":
            raise NotFound(
                "That pair has already concluded or no longer exists, so nothing was changed. "
                "Type `/mentor admin pairs` for the current list."
            )
        if action == "pause":
            if m.status == "paused":
                raise InvalidInput("That pair is already paused. Use Resume to restart their check-ins.")
            m.status = "paused"
            m.paused_until = None
            repo.cancel_pending(team_id, m.id)
        elif action == "resume":
            if m.status != "paused":
                raise InvalidInput("That pair isn't paused, so there is nothing to resume.")
            m.status = "active"
            m.paused_until = None
            m.paused_by = None
        elif action in ("end", "rematch"):
            conclude(m, now, "admin_rematch" if action == "rematch" else "admin_ended")
        write_audit(uow.session, team_id, actor, f"admin pair {action}", now, f"mentorship:{m.id}")
        program = uow.programs.settings(team_id, now).program_name
        result = PairActionResult(
            action=action,
            mentorship_id=m.id,
            mentor_slack_id=m.mentor.slack_user_id,
            mentor_name=m.mentor.name or m.mentor.slack_user_id,
            mentee_slack_id=m.mentee.slack_user_id,
            mentee_name=m.mentee.name or m.mentee.slack_user_id,
            program_name=program,
        )
    logger.info("pair action team=%s actor=%s action=%s mentorship=%s", team_id, actor, action, mentorship_id)
    return result


# -- announcements --------------------------------------------------------------------------------
def _in_audience(person: PersonRecord, audience: str) -> bool:
    if audience == "mentors":
        return person.role in ("mentor", "both")
    if audience == "mentees":
        return person.role in ("mentee", "both")
    return person.role is not None


def audience_counts(deps: Deps, team_id: str) -> dict[str, int]:
    """Return how many active participants each audience reaches."""
    with deps.uow() as uow:
        people = [p for p in uow.repo(AdminRepository).people(team_id) if p.status == "active"]
    return {a: sum(1 for p in people if _in_audience(p, a)) for a in AUDIENCES}


def queue_announcement(
    deps: Deps, team_id: str, actor: str, audience: str, payload: dict[str, Any]
) -> tuple[str, int]:
    """Queue one announcement message per active participant in the audience; audited.

    The scheduler's paced dispatcher sends rows of kind "announcement" by posting the payload.
    Returns (announcement id, number of recipients).
    """
    if audience not in AUDIENCES:
        raise InvalidInput("Choose who should get the announcement: everyone, mentors or mentees.")
    now = deps.clock()
    announcement_id = f"announce-{now.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:12]}"
    with deps.uow() as uow:
        repo = uow.repo(AdminRepository)
        people = [p for p in repo.people(team_id) if p.status == "active" and _in_audience(p, audience)]
        rows = [
            scheduling.outbox_row(
                team_id, ANNOUNCEMENT_KIND, announcement_id, p.slack_user_id, now, payload, now
            )
            for p in people
        ]
        count = repo.add_messages(rows)
        write_audit(
            uow.session,
            team_id,
            actor,
            "admin announce queued",
            now,
            f"{announcement_id} audience={audience} recipients={count}",
        )
    logger.info("announcement queued team=%s id=%s recipients=%d", team_id, announcement_id, count)
    return announcement_id, count


# -- export ---------------------------------------------------------------------------------------
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    """Return a CSV cell that a spreadsheet will not run as a formula."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(UTC).date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    text = str(value).replace("\r", " ").replace("\n", " ")
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv(header: list[str], rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return buffer.getvalue()


PARTICIPANT_COLUMNS: Final = [
    "person_id",
    "slack_user_id",
    "name",
    "role",
    "department",
    "topics_offered",
    "topics_wanted",
    "status",
    "joined_on",
    "active_mentorships",
    "total_mentorships",
    "sessions_logged",
]
PAIR_COLUMNS: Final = [
    "mentorship_id",
    "mentor_person_id",
    "mentor_slack_id",
    "mentee_person_id",
    "mentee_slack_id",
    "status",
    "source",
    "match_score",
    "cadence",
    "started_on",
    "ended_on",
    "end_reason_code",
    "session_count",
    "last_session_on",
    "goals_set",
    "goals_achieved",
    "at_risk",
]


def export_csvs(deps: Deps, team_id: str, actor: str) -> dict[str, str]:
    """Return participants, pairs and aggregate outcomes as CSV texts (no private text); audited."""
    report = program_report(deps, team_id)
    now = deps.clock()
    with deps.uow() as uow:
        repo = uow.repo(AdminRepository)
        people = repo.people(team_id)
        pairs = repo.mentorships(team_id)
        sessions = repo.session_counts(team_id)
        goals = repo.goals_by_mentorship(team_id)
        active: dict[int, int] = defaultdict(int)
        total: dict[int, int] = defaultdict(int)
        logged: dict[int, int] = defaultdict(int)
        for m in pairs:
            for pid in (m.mentor_id, m.mentee_id):
                total[pid] += 1
                logged[pid] += sessions.get(m.id, 0)
                if m.status in ("active", "paused"):
                    active[pid] += 1
        participants: list[list[object]] = [
            [
                p.id,
                p.slack_user_id,
                p.name,
                p.role,
                p.department,
                p.offers,
                p.wants,
                p.status,
                p.joined_at,
                active[p.id],
                total[p.id],
                logged[p.id],
            ]
            for p in people
        ]
        pair_rows: list[list[object]] = [
            [
                m.id,
                m.mentor_id,
                m.mentor.slack_user_id,
                m.mentee_id,
                m.mentee.slack_user_id,
                m.status,
                m.source,
                m.match_score,
                m.cadence,
                m.started_at,
                m.ended_at,
                m.end_reason,
                sessions.get(m.id, m.session_count),
                m.last_session_on,
                goals.get(m.id, (0, 0))[0],
                goals.get(m.id, (0, 0))[1],
                m.at_risk,
            ]
            for m in pairs
        ]
        write_audit(
            uow.session,
            team_id,
            actor,
            "admin export",
            now,
            f"participants={len(participants)} pairs={len(pair_rows)}",
        )
    outcome_rows: list[list[object]] = []
    for section, metrics in report.sections.items():
        for metric in metrics:
            shown = f"fewer than {MIN_GROUP} — hidden" if metric.value is None else _number(metric)
            outcome_rows.append([section, metric.key, metric.label, shown])
    return {
        "participants.csv": _csv(PARTICIPANT_COLUMNS, participants),
        "pairs.csv": _csv(PAIR_COLUMNS, pair_rows),
        "outcomes.csv": _csv(["section", "metric", "label", "value"], outcome_rows),
    }


def _number(metric: Metric) -> str:
    value = metric.value or 0.0
    if metric.kind == "percent":
        return f"{value * 100:.0f}%"
    if metric.kind in ("score", "ratio"):
        return f"{value:.1f}"
    return f"{value:.0f}"


def format_metric(metric: Metric) -> str | None:
    """Return the metric's value as text, or None when it is hidden."""
    return None if metric.value is None else _number(metric)


# -- the admin list -------------------------------------------------------------------------------
def list_admins(deps: Deps, team_id: str) -> list[str]:
    """Return the Slack ids on the database admin list."""
    with deps.uow() as uow:
        return [a.slack_user_id for a in uow.repo(AdminRepository).admins(team_id)]


def add_listed_admin(deps: Deps, team_id: str, actor: str, slack_user_id: str) -> bool:
    """Put someone on the database admin list (audited); False if already there."""
    now = deps.clock()
    with deps.uow() as uow:
        existing = {a.slack_user_id for a in uow.repo(AdminRepository).admins(team_id)}
        added = slack_user_id not in existing
        if added:
            uow.programs.ensure_workspace(team_id, now)
            uow.session.add(
                AdminRecord(team_id=team_id, slack_user_id=slack_user_id, added_by=actor, created_at=now)
            )
        write_audit(
            uow.session,
            team_id,
            actor,
            "admin list add",
            now,
            f"user:{slack_user_id}",
            "ok" if added else "unchanged",
        )
    return added


def remove_listed_admin(deps: Deps, team_id: str, actor: str, slack_user_id: str) -> bool:
    """Take someone off the database admin list (audited); False if they were not on it."""
    now = deps.clock()
    with deps.uow() as uow:
        removed = uow.repo(AdminRepository).remove_admin(team_id, slack_user_id)
        write_audit(
            uow.session,
            team_id,
            actor,
            "admin list remove",
            now,
            f"user:{slack_user_id}",
            "ok" if removed else "unchanged",
        )
    return removed
