"""CSV exports of participants, pairs, circles and outcomes (spreadsheet-safe cells); audited.

circles.csv (only when the export covers a circles program) has one row per circle: its members'
Slack ids, status, health, dates and the count of meetings logged, never a summary or a comment.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import UTC, date, datetime
from typing import Final

from bot.deps import Deps
from bot.services import criteria
from bot.services.admins import write_audit
from bot.services.circles.health import summarise
from bot.services.program_admin.report import metric_number, report_at
from storage.repositories.admin import AdminRepository
from storage.repositories.circles import CircleRepository
from storage.repositories.criteria import CriteriaRepository
from storage.scope import current_program
from storage.uow import UnitOfWork

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
CIRCLE_COLUMNS: Final = [
    "circle_id",
    "program_id",
    "round_id",
    "status",
    "health",
    "members",
    "member_slack_ids",
    "paused",
    "started_on",
    "ends_on",
    "cadence",
    "meetings_logged",
    "last_met_on",
    "end_reason_code",
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
    "health",
]


def export_csvs(deps: Deps, team_id: str, actor: str) -> dict[str, str]:
    """Return participants, pairs and aggregate outcomes as CSV texts (no private text); audited."""
    now = deps.clock()
    with deps.uow() as uow:
        report = report_at(uow.session, team_id, now, uow.programs.settings(team_id, now).report_threshold)
        repo = uow.repo(AdminRepository)
        people = repo.people(team_id)
        pairs = repo.mentorships(team_id)
        sessions = repo.session_counts(team_id)
        goals = repo.goals_by_mentorship(team_id)
        health = {i: h.state for i, h in (report.figures.health if report.figures else {}).items()}
        active: dict[int, int] = defaultdict(int)
        total: dict[int, int] = defaultdict(int)
        logged: dict[int, int] = defaultdict(int)
        for m in pairs:
            for pid in (m.mentor_id, m.mentee_id):
                total[pid] += 1
                logged[pid] += sessions.get(m.id, 0)
                if m.status in ("active", "paused"):
                    active[pid] += 1
        program_id = uow.programs.read_settings(team_id, now).id
        questions = criteria.open_questions(uow, team_id, program_id)
        question_columns = [f"q:{q.key}" for q in questions]
        answers = uow.repo(CriteriaRepository).answers(team_id, [p.id for p in people]) if questions else {}
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
                *(criteria.option_labels(q, answers.get(p.id, {}).get(q.key, [])) for q in questions),
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
                health.get(m.id, ""),
            ]
            for m in pairs
        ]
        circle_rows = _circle_rows(uow, team_id, now)
        write_audit(
            uow.session,
            team_id,
            actor,
            "admin export",
            now,
            f"participants={len(participants)} pairs={len(pair_rows)}"
            + (f" circles={len(circle_rows)}" if circle_rows is not None else ""),
        )
    outcome_rows: list[list[object]] = []
    for section, metrics in report.sections.items():
        for metric in metrics:
            if metric.value is not None:
                shown = metric_number(metric)
            elif metric.private and metric.people:
                shown = f"fewer than {report.threshold} people — hidden"
            else:
                shown = "none yet"
            outcome_rows.append([section, metric.key, metric.label, shown])
    tables = {
        "participants.csv": _csv([*PARTICIPANT_COLUMNS, *question_columns], participants),
        "pairs.csv": _csv(PAIR_COLUMNS, pair_rows),
    }
    if circle_rows is not None:
        tables["circles.csv"] = _csv(CIRCLE_COLUMNS, circle_rows)
    tables["outcomes.csv"] = _csv(["section", "metric", "label", "value"], outcome_rows)
    return tables


def _circle_rows(uow: UnitOfWork, team_id: str, now: datetime) -> list[list[object]] | None:
    """One row per circle of the circles programs covered (None: the export covers none)."""
    repo = uow.repo(CircleRepository)
    program = current_program()
    found = [p for p in repo.circle_programs(team_id) if program is None or p.id == program]
    if not found:
        return None
    out: list[list[object]] = []
    for record in found:
        health = {h.circle_id: h.health for h in summarise(uow, team_id, record, now).health}
        circles = repo.circles(team_id, record.id)
        seats = repo.seats(team_id, [c.id for c in circles])
        logs = repo.logs(team_id, [c.id for c in circles])
        for circle in circles:
            held = [s for s in seats[circle.id] if s.status != "left"]
            out.append(
                [
                    circle.id,
                    circle.program_id,
                    circle.round_id,
                    circle.status,
                    health.get(circle.id, ""),
                    len(held),
                    [s.person.slack_user_id for s in held],
                    sum(1 for s in held if s.status == "paused"),
                    circle.started_at,
                    circle.ends_on,
                    circle.cadence,
                    sum(1 for log in logs[circle.id] if log.met),
                    circle.last_met_on,
                    circle.end_reason,
                ]
            )
    return out
