"""Shared by the pairing use cases: roles, the coded refusal, cards and small record helpers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.errors import MentorshipError
from bot.services.pairing.outcomes import PersonCard, RequestInfo, Withdrawn
from storage.records import MentorRequestRecord, PersonRecord
from storage.repositories.pairing import PairingRepository
from storage.uow import UnitOfWork

MENTOR_ROLES = ("mentor", "both")
MENTEE_ROLES = ("mentee", "both")


class PairingRefused(MentorshipError):
    """A pairing rule stopped the action; `code` (and `params`) say which, nothing changed."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def card(person: PersonRecord) -> PersonCard:
    """Return what is shown about a person."""
    return PersonCard(
        person_id=person.id,
        slack_user_id=person.slack_user_id,
        name=person.name or person.slack_user_id,
        role=person.role or "",
        offers=tuple(person.offers or ()),
        wants=tuple(person.wants or ()),
        reasons=tuple(person.reasons or ()),
        department=person.department,
        timezone=person.timezone or "UTC",
        cadence=person.cadence or "biweekly",
        formats=tuple(person.formats or ()),
        intro=person.intro or "",
        capacity=person.capacity or 0,
    )


def mentee_for_request(
    uow: UnitOfWork, team_id: str, slack_user_id: str, program_id: int | None = None
) -> PersonRecord:
    """The mentee asking, in the program given (the mentor's), else the request's or their only one."""
    person = uow.people.by_slack_id(team_id, slack_user_id, program_id=program_id)
    if person is not None and person.status == "opted_out":
        raise PairingRefused("left_program")
    if person is None or person.role is None:
        raise PairingRefused("not_enrolled")
    if person.role not in MENTEE_ROLES:
        raise PairingRefused("not_mentee")
    if person.status != "active":
        raise PairingRefused("you_paused")
    if uow.repo(PairingRepository).has_open_mentor(team_id, person.id):
        raise PairingRefused("has_mentor")
    return person


def request_info(record: MentorRequestRecord) -> RequestInfo:
    return RequestInfo(
        request_id=record.id,
        mentee=card(record.mentee),
        mentor=card(record.mentor),
        message=record.message,
        status=record.status,
        created_at=record.created_at,
        expires_at=record.expires_at,
        prompt_channel=record.prompt_channel,
        prompt_ts=record.prompt_ts,
    )


def withdraw_others(
    repo: PairingRepository, team_id: str, mentee_id: int, keep: int | None, now: datetime
) -> tuple[Withdrawn, ...]:
    withdrawn: list[Withdrawn] = []
    for other in repo.pending_from(team_id, mentee_id):
        if other.id == keep:
            continue
        other.status = "withdrawn"
        other.responded_at = now
        withdrawn.append(
            Withdrawn(
                request_id=other.id,
                mentor=card(other.mentor),
                mentee=card(other.mentee),
                prompt_channel=other.prompt_channel,
                prompt_ts=other.prompt_ts,
            )
        )
    return tuple(withdrawn)


def initial_cadence(mentee: PersonRecord, mentor: PersonRecord, default: str) -> str:
    return mentee.cadence if mentee.cadence == mentor.cadence and mentee.cadence else default


def local_today(person: PersonRecord, now: datetime) -> date:
    try:
        return now.astimezone(ZoneInfo(person.timezone or "UTC")).date()
    except (KeyError, ValueError):
        return now.date()
