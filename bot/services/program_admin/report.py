"""The program report: aggregate metrics and monthly bars; nothing private leaves it.

Counts (people, pairs, pair health, sessions, goals) come from the shared figures
(bot.services.figures), so they match the digest, pair health and the export. Only figures
computed from private answers (reflection scores, the program rating) are hidden, below the
program's threshold of people (`suppress`).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Final

from sqlalchemy.orm import Session

from bot.deps import Deps
from bot.domain.messages import MessageKind
from bot.domain.program_health import DEFAULT_THRESHOLD, is_private, rate, suppress
from bot.services.circles.health import summarise
from bot.services.circles.outcomes import CirclesSummary
from bot.services.figures import ProgramFigures, program_figures
from storage.records import MentorshipRecord, PersonRecord, ProgramRecord
from storage.repositories.admin import AdminRepository
from storage.repositories.circles import CircleRepository
from storage.scope import current_program
from storage.uow import UnitOfWork

WINDOW_DAYS: Final = 90
RESPONSE_DAYS: Final = 7
CHART_MONTHS: Final = 6
CHECK_IN_KIND: Final = MessageKind.CHECKIN


@dataclass(frozen=True)
class Metric:
    """One number in the report; `value` is None when hidden (a private figure with fewer people
    behind it than the program's threshold), or when there is nothing to show."""

    key: str
    label: str
    value: float | None
    kind: str  # count | percent | score | days | ratio
    people: int

    @property
    def hidden(self) -> bool:
        """Whether the number is not shown (too few people behind it, or nothing to show)."""
        return self.value is None

    @property
    def private(self) -> bool:
        """Whether the number is computed from private answers (so a small group hides it)."""
        return is_private(self.kind)


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
    threshold: int = DEFAULT_THRESHOLD
    figures: ProgramFigures | None = None
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
    """Compute the program report; a private figure with too few people behind it is hidden."""
    now = deps.clock()
    with deps.uow() as uow:
        return report_at(uow.session, team_id, now, uow.programs.settings(team_id, now).report_threshold)


def report_at(session: Session, team_id: str, now: datetime, threshold: int) -> Report:
    """The report of the program in scope at `now`, in an open transaction."""
    today = now.date()
    since = now - timedelta(days=WINDOW_DAYS)
    report = Report(generated_at=now, window_days=WINDOW_DAYS, threshold=threshold)

    def _metric(key: str, label: str, value: float | None, kind: str, people: int) -> Metric:
        return Metric(
            key, label, suppress(value, people, private=is_private(kind), threshold=threshold), kind, people
        )

    repo = AdminRepository(session)
    figures = report.figures = program_figures(session, team_id, now)
    people = repo.people(team_id)
    pairs = repo.mentorships(team_id)
    sessions = repo.sessions(team_id, (now - timedelta(days=31 * CHART_MONTHS)).date())
    check_ins = repo.sent_messages(team_id, CHECK_IN_KIND, since)
    goals = repo.goals(team_id)
    milestones = repo.milestones(team_id)
    midpoint = repo.reflection_scores(team_id, "midpoint")
    closing = repo.reflection_scores(team_id, "closing")
    ratings = repo.program_ratings(team_id)
    uow = UnitOfWork(session)
    circle_scores: list[tuple[int, int]] = []
    summaries: list[CirclesSummary] = []
    for program in _circle_programs(uow, team_id):
        summaries.append(summarise(uow, team_id, program, now))
        circle_scores.extend(uow.repo(CircleRepository).reflection_scores(team_id, program.id))

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
        _metric("people", "People taking part", figures.people, "count", figures.people),
        _metric("role_mentor", "Mentors", figures.mentors, "count", by_role["mentor"]),
        _metric("role_mentee", "Mentees", figures.mentees, "count", by_role["mentee"]),
        _metric("role_both", "Mentors who are also mentees", figures.both, "count", by_role["both"]),
        _metric("pairs_active", "Active pairs", figures.active_pairs, "count", len(_people_of(active))),
        _metric("pairs_paused", "Paused pairs", figures.paused_pairs, "count", len(_people_of(paused))),
        _metric("pairs_at_risk", "Pairs at risk", figures.at_risk, "count", 2 * figures.at_risk),
        _metric(
            "pairs_needs_check_in",
            "Pairs that need a check-in",
            figures.needs_check_in,
            "count",
            2 * figures.needs_check_in,
        ),
        _metric("pairs_on_track", "Pairs on track", figures.on_track, "count", 2 * figures.on_track),
        _metric("waiting", "Mentees waiting for a mentor", figures.waiting, "count", len(waiting)),
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
        _metric("sessions_logged", "Sessions logged", figures.sessions_logged, "count", 0),
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
        _metric("goals_set", "Goals set", figures.goals_set, "count", len(owners)),
        _metric("goals_achieved", "Goals achieved", figures.goals_achieved, "count", len(achieved_owners)),
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

    if summaries:
        report.sections["circles"] = _circles_section(summaries, circle_scores, _metric)

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
        MonthBar(month, {"sessions": float(session_count[month]) if session_people[month] else None})
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
                "set": float(set_count[month]) if set_people[month] else None,
                "achieved": float(done_count[month]) if done_people[month] else None,
            },
        )
        for month in months
    ]
    return report


def _circle_programs(uow: UnitOfWork, team_id: str) -> list[ProgramRecord]:
    """The circles programs the report covers: the request's program when it is one, else (no
    program chosen) every circles program of the workspace."""
    program = current_program()
    found = uow.repo(CircleRepository).circle_programs(team_id)
    return [p for p in found if program is None or p.id == program]


def _circles_section(
    summaries: list[CirclesSummary], scores: list[tuple[int, int]], _metric: Callable[..., Metric]
) -> list[Metric]:
    """Peer circles in numbers: counts and health, never what anyone wrote.

    Counts of living circles stand on everyone seated in them; meetings logged and circles that
    finished on everyone who ever had a seat; the reflection average on the people who gave one
    (hidden below the program's threshold, like every rating).
    """

    def total(name: str) -> int:
        return sum(int(getattr(s, name)) for s in summaries)

    seated = total("members_seated")
    ever = total("people_ever")
    reflectors = len({person for person, _ in scores})
    average = sum(score for _, score in scores) / len(scores) if scores else None
    return [
        _metric("circles_living", "Circles meeting", total("living"), "count", seated),
        _metric("circles_members", "Members in a circle", seated, "count", seated),
        _metric(
            "circles_waiting", "Members waiting for a circle", total("waiting"), "count", total("waiting")
        ),
        _metric("circles_meetings", "Circle meetings logged", total("meetings_logged"), "count", ever),
        _metric(
            "circles_quiet", "Quiet circles (no meeting for two cycles)", total("quiet"), "count", seated
        ),
        _metric("circles_short", "Circles below their minimum size", total("short"), "count", seated),
        _metric("circles_ended", "Circles that finished", total("ended"), "count", ever),
        _metric("circles_reflection", "Closing reflection (1–5)", average, "score", reflectors),
    ]


def metric_number(metric: Metric) -> str:
    """The metric's value as text (percent, score or count)."""
    value = metric.value or 0.0
    if metric.kind == "percent":
        return f"{value * 100:.0f}%"
    if metric.kind in ("score", "ratio"):
        return f"{value:.1f}"
    return f"{value:.0f}"


def format_metric(metric: Metric) -> str | None:
    """Return the metric's value as text, or None when it is hidden."""
    return None if metric.value is None else metric_number(metric)
