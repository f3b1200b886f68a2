"""A person's own data: export everything stored about them, or erase it.

Erasure keeps only what anonymous aggregates need: the person row (blanked, no role, marked
opted_out, its Slack id kept so the bot never invites or matches them again), row counts,
dates, statuses and ratings. Every piece of text they wrote or that is about them is blanked:
profile, intro, topics, email, name; their goals and milestones; session notes and action
items of their mentorships; feedback they wrote or received; reflections; request messages;
the summaries of circle meetings they logged and their circle reflections' comments.
Their live mentorships end ("left_program") and the partners are told by the caller; they leave
every circle they sit in (a circle may become short or end), and the caller tells the circle.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete

from bot.deps import Deps
from bot.services.circles.seats import move_seat
from bot.services.criteria import option_labels
from bot.services.mentorships import conclude
from bot.services.pairs import Member, member_of
from storage.records import DmChannelRecord, PersonRecord
from storage.repositories.circles import LIVING, CircleRepository
from storage.repositories.criteria import CriteriaRepository
from storage.repositories.pairwork import PairWorkRepository
from storage.uow import UnitOfWork

logger = logging.getLogger(__name__)

ERASED = "(erased)"


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _name(person: PersonRecord | None) -> str | None:
    return (person.name or person.slack_user_id) if person is not None else None


def export(deps: Deps, team_id: str, slack_user_id: str) -> dict[str, Any] | None:
    """Return everything stored about a person as JSON-ready data, or None if nothing is."""
    with deps.uow() as uow:
        memberships = uow.people.memberships(team_id, slack_user_id)
        if not memberships:
            return None
        if len(memberships) == 1:
            return _export_membership(uow, team_id, memberships[0])
        # Several programs: everything from each, under its program's name.
        names = {p.id: p.name for p in uow.programs.programs(team_id, include_archived=True)}
        return {
            "programs": [
                {"program": names.get(m.program_id, ""), **_export_membership(uow, team_id, m)}
                for m in memberships
            ]
        }


def _answers(uow: UnitOfWork, team_id: str, person: PersonRecord) -> dict[str, list[str]]:
    """The membership's answers to its program's custom questions, as option labels."""
    questions = {
        q.key: q
        for q in uow.repo(CriteriaRepository).questions(team_id, person.program_id, include_archived=True)
    }
    stored = uow.repo(CriteriaRepository).answers(team_id, [person.id]).get(person.id, {})
    return {
        key: option_labels(questions[key], values) if key in questions else [str(v) for v in values]
        for key, values in stored.items()
    }


def _export_membership(uow: UnitOfWork, team_id: str, person: PersonRecord) -> dict[str, Any]:
    """Everything stored about one membership (and the identity it shares)."""
    repo = uow.repo(PairWorkRepository)
    mentorships = repo.mentorships_of(team_id, person.id, ())
    ids = [m.id for m in mentorships]
    people = {m.mentor_id: m.mentor for m in mentorships} | {m.mentee_id: m.mentee for m in mentorships}

    def who(person_id: int | None) -> str | None:
        if person_id is None:
            return "both"
        if person_id == person.id:
            return "you"
        return _name(people.get(person_id))

    data: dict[str, Any] = {
        "profile": {
            "slack_user_id": person.slack_user_id,
            "name": person.name,
            "email": person.email,
            "role": person.role,
            "topics_offered": list(person.offers or []),
            "topics_wanted": list(person.wants or []),
            "reasons": list(person.reasons or []),
            "department": person.department,
            "manager_slack_id": person.manager_slack_id,
            "timezone": person.timezone,
            "capacity": person.capacity,
            "cadence": person.cadence,
            "formats": list(person.formats or []),
            "intro": person.intro,
            "status": person.status,
            "paused_until": _iso(person.paused_until),
            "public_shoutouts": person.public_shoutouts,
            "do_not_match": list(person.do_not_match or []),
            "custom_answers": _answers(uow, team_id, person),
            "invited_at": _iso(person.invited_at),
            "joined_at": _iso(person.joined_at),
            "created_at": _iso(person.created_at),
            "updated_at": _iso(person.updated_at),
        },
        "mentorships": [
            {
                "id": m.id,
                "your_role": "mentor" if m.mentor_id == person.id else "mentee",
                "partner": who(m.mentee_id if m.mentor_id == person.id else m.mentor_id),
                "status": m.status,
                "started_at": _iso(m.started_at),
                "ended_at": _iso(m.ended_at),
                "end_reason": m.end_reason,
                "ended_by": who(m.ended_by) if m.ended_by else None,
                "stay_in_touch": m.stay_in_touch,
                "cadence": m.cadence,
                "meeting_format": m.meeting_format,
                "end_date": _iso(m.end_date),
                "boundaries": m.boundaries,
                "agreement_note": m.agreement_note,
                "match_reasons": list(m.match_reasons or []),
                "session_count": m.session_count,
                "last_session_on": _iso(m.last_session_on),
                "paused_until": _iso(m.paused_until),
            }
            for m in mentorships
        ],
        "goals": [
            {
                "id": g.id,
                "mentorship_id": g.mentorship_id,
                "set_by": who(g.owner_id),
                "goal": g.title,
                "measure": g.measure,
                "why_it_matters": g.relevance,
                "target_date": _iso(g.target_date),
                "status": g.status,
                "progress": g.progress,
                "date_changes": list(g.date_changes or []),
                "created_at": _iso(g.created_at),
                "achieved_at": _iso(g.achieved_at),
                "milestones": [
                    {
                        "title": ms.title,
                        "due_date": _iso(ms.due_date),
                        "completed_at": _iso(ms.completed_at),
                    }
                    for ms in g.milestones
                ],
            }
            for g in repo.goals_in(team_id, ids)
        ],
        "session_logs": [
            {
                "id": s.id,
                "mentorship_id": s.mentorship_id,
                "logged_by": who(s.logged_by),
                "held_on": _iso(s.held_on),
                "takeaways": s.takeaways,
                "next_meeting_on": _iso(s.next_meeting_on),
            }
            for s in repo.sessions_in(team_id, ids)
        ],
        "action_items": [
            {
                "id": a.id,
                "mentorship_id": a.mentorship_id,
                "text": a.text,
                "owner": who(a.owner_id),
                "created_at": _iso(a.created_at),
                "done_at": _iso(a.done_at),
            }
            for a in repo.action_items_in(team_id, ids)
        ],
        "feedback_written": [],
        "feedback_received": [],
        "reflections": [
            {
                "mentorship_id": r.mentorship_id,
                "kind": r.kind,
                "progress_score": r.progress_score,
                "relationship_score": r.relationship_score,
                "comment": r.comment,
                "created_at": _iso(r.created_at),
            }
            for r in repo.reflections_of(team_id, person.id)
        ],
        "mentor_requests": [
            {
                "id": q.id,
                "direction": "sent" if q.mentee_id == person.id else "received",
                "other_person": _name(q.mentor if q.mentee_id == person.id else q.mentee),
                "message": q.message,
                "status": q.status,
                "decline_note": q.decline_note,
                "created_at": _iso(q.created_at),
                "responded_at": _iso(q.responded_at),
            }
            for q in repo.requests_of(team_id, person.id)
        ],
        "concerns_raised": [
            {"created_at": _iso(c.created_at), "note": "the text went to the admins and is not stored"}
            for c in repo.concerns_of(team_id, person.id)
        ],
        **_circles_data(uow, team_id, person),
    }
    for f in repo.feedback_of(team_id, person.id):
        item = {
            "mentorship_id": f.mentorship_id,
            "going_well": f.going_well,
            "could_be_better": f.could_improve,
            "suggestion": f.suggestion,
            "created_at": _iso(f.created_at),
        }
        if f.author_id == person.id:
            data["feedback_written"].append(
                {**item, "to": who(f.recipient_id), "program_rating": f.program_rating}
            )
        else:
            data["feedback_received"].append({**item, "from": who(f.author_id)})
    return data


def _circles_data(uow: UnitOfWork, team_id: str, person: PersonRecord) -> dict[str, Any]:
    """A membership's circles (each seat it held), the meeting logs it wrote and its reflections."""
    repo = uow.repo(CircleRepository)
    seats = repo.seats_of_people(team_id, [person.id])
    circles = repo.circles_by_id(team_id, [s.circle_id for s in seats])
    everyone = repo.seats(team_id, circles)
    return {
        "circles": [
            {
                "circle_id": seat.circle_id,
                "your_seat": seat.status,
                "joined_at": _iso(seat.joined_at),
                "left_at": _iso(seat.left_at),
                "members": [
                    _name(s.person)
                    for s in everyone[seat.circle_id]
                    if s.person_id != person.id and s.status != "left"
                ],
                "status": circles[seat.circle_id].status,
                "reasons": list(circles[seat.circle_id].reasons or []),
                "started_at": _iso(circles[seat.circle_id].started_at),
                "ends_on": _iso(circles[seat.circle_id].ends_on),
                "cadence": circles[seat.circle_id].cadence,
                "end_reason": circles[seat.circle_id].end_reason,
            }
            for seat in seats
        ],
        "circle_logs_written": [
            {
                "circle_id": log.circle_id,
                "cycle": log.cycle,
                "met": log.met,
                "held_on": _iso(log.held_on),
                "summary": log.summary,
                "created_at": _iso(log.created_at),
            }
            for log in repo.logs_by(team_id, [person.id])
        ],
        "circle_reflections": [
            {
                "circle_id": r.circle_id,
                "score": r.score,
                "comment": r.comment,
                "created_at": _iso(r.created_at),
            }
            for r in repo.reflections_by(team_id, [person.id])
        ],
    }


@dataclass(frozen=True)
class Erased:
    """What erasure did: the partners whose mentorship ended, to be told kindly; the circles they
    left (circle id, its group DM, what became of it: active, short or ended), to be told too."""

    partners: tuple[tuple[Member, str], ...]  # (partner, the partner's role)
    mentorships_ended: int
    public_posts: tuple[tuple[str, str], ...] = ()  # (channel, ts) of shout-outs naming them, to delete
    circles_left: tuple[tuple[int, str | None, str], ...] = ()


def erase(deps: Deps, team_id: str, slack_user_id: str) -> Erased | None:
    """Erase a person's personal content and end their mentorships; None if nothing is stored."""
    now = deps.clock()
    with deps.uow() as uow:
        people = uow.people.memberships(team_id, slack_user_id)  # erased from every program
        if not people:
            return None
        done = [_erase_membership(uow, team_id, person, now) for person in people]
        partners = [p for one in done for p in one.partners]
        posts = [p for one in done for p in one.public_posts]
        left = [c for one in done for c in one.circles_left]
        return Erased(tuple(partners), len(partners), tuple(posts), tuple(left))


def _erase_membership(uow: UnitOfWork, team_id: str, person: PersonRecord, now: datetime) -> Erased:
    """Erase one membership's content and end its mentorships."""
    repo = uow.repo(PairWorkRepository)
    mentorships = repo.mentorships_of(team_id, person.id, ())
    ids = [m.id for m in mentorships]
    partners: list[tuple[Member, str]] = []
    for m in mentorships:
        if m.status in ("active", "paused"):
            partner = m.mentee if m.mentor_id == person.id else m.mentor
            partners.append((member_of(partner), "mentee" if m.mentor_id == person.id else "mentor"))
            conclude(m, now, "left_program", ended_by=person.id)
        m.boundaries = ""
        m.agreement_note = ""
        m.match_reasons = []
    for goal in repo.goals_in(team_id, ids):
        if goal.owner_id == person.id:
            goal.title, goal.measure, goal.relevance = ERASED, "", ""
            goal.date_changes = []
            for milestone in goal.milestones:
                milestone.title = ERASED
            if goal.status == "active":
                goal.status = "closed"
    for log in repo.sessions_in(team_id, ids):
        log.takeaways = ""
    for item in repo.action_items_in(team_id, ids):
        item.text = ERASED
    for feedback in repo.feedback_of(team_id, person.id):
        feedback.going_well = feedback.could_improve = feedback.suggestion = ""
    for reflection in repo.reflections_of(team_id, person.id):
        reflection.comment = ""
    for request in repo.requests_of(team_id, person.id):
        request.message = ""
        request.decline_note = ""
        if request.status == "pending":
            request.status = "withdrawn"
            request.responded_at = now
    for concern in repo.concerns_of(team_id, person.id):
        concern.author_id = None
    circles_left = _erase_circles(uow, team_id, person, now)
    repo.cancel_messages_to(team_id, person.slack_user_id)
    public_posts = repo.take_back_shoutouts(team_id, ids)
    uow.session.execute(
        delete(DmChannelRecord).where(
            DmChannelRecord.team_id == team_id, DmChannelRecord.slack_user_id == person.slack_user_id
        )
    )
    uow.repo(CriteriaRepository).erase_answers(team_id, person.id)
    _blank_person(person, now)
    logger.info("personal data erased team=%s person=%s ended=%d", team_id, person.id, len(partners))
    return Erased(tuple(partners), len(partners), tuple(public_posts), circles_left)


def _erase_circles(
    uow: UnitOfWork, team_id: str, person: PersonRecord, now: datetime
) -> tuple[tuple[int, str | None, str], ...]:
    """Leave every living circle, blank the summaries of logs written and reflection comments."""
    repo = uow.repo(CircleRepository)
    left: list[tuple[int, str | None, str]] = []
    for seat in repo.seats_of_people(team_id, [person.id]):
        circle = repo.circle(team_id, seat.circle_id, lock=True)
        if circle is None or circle.status not in LIVING or seat.status == "left":
            continue
        seats = repo.seats(team_id, [circle.id])[circle.id]
        mine = next(s for s in seats if s.id == seat.id)
        change = move_seat(uow, team_id, circle, seats, mine, "left", now)
        left.append((circle.id, circle.group_channel_id, change.circle_status))
    for log in repo.logs_by(team_id, [person.id]):
        log.summary = ""
    for reflection in repo.reflections_by(team_id, [person.id]):
        reflection.comment = ""
    return tuple(left)


def _blank_person(person: PersonRecord, now: datetime) -> None:
    person.name = ""
    person.email = None
    person.offers = []
    person.wants = []
    person.reasons = []
    person.department = None
    person.manager_slack_id = None
    person.timezone = "UTC"
    person.formats = []
    person.intro = ""
    person.do_not_match = []
    person.public_shoutouts = False
    person.paused_until = None
    person.status = "opted_out"
    person.role = None
    # Keeping an invitation date means they are never invited again unless they `/mentor join`.
    person.invited_at = person.invited_at or person.joined_at or now
    person.updated_at = now
