"""Manual pairing by an admin: `/mentor admin pair @mentee @mentor`.

The preview shows the pair's fit, reasons and cautions, or refuses a hard-constraint violation
with its reason (a private "don't pair me with" is only ever "not possible for a private reason",
so neither person's list is revealed). Confirming re-checks everything under row locks and
creates the mentorship like a round does (source "admin"); the edge introduces the pair with the
same intro as rounds and requests.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.deps import Deps
from bot.domain.matching.rules import Violation, constraint_violation, score_pair
from bot.services import programs
from bot.services.admins import write_audit
from bot.services.pairing.common import (
    MENTEE_ROLES,
    MENTOR_ROLES,
    PairingRefused,
    card,
    initial_cadence,
    withdraw_others,
)
from bot.services.pairing.outcomes import NewPair, PersonCard, Withdrawn
from bot.services.pairing.pool import load_pool
from storage.records import MentorshipRecord, PersonRecord
from storage.repositories.pairing import PairingRepository
from storage.scope import current_program
from storage.uow import UnitOfWork

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ManualPreview:
    """What pairing these two would be: fit, reasons and cautions (with a caution when the mentor
    declined this mentee recently)."""

    mentee: PersonCard
    mentor: PersonCard
    score: int
    reasons: tuple[str, ...]
    cautions: tuple[str, ...]
    turned_down: bool = False


@dataclass(frozen=True)
class ManualPair:
    """A mentorship an admin created, with the requests it withdrew."""

    pair: NewPair
    withdrawn: tuple[Withdrawn, ...] = ()


def _people(
    uow: UnitOfWork, team_id: str, mentee_ref: str | int, mentor_ref: str | int, program_id: int | None
) -> tuple[PersonRecord, PersonRecord]:
    """The two memberships (by Slack id in the program, or by person id), checked for their roles."""
    repo = uow.repo(PairingRepository)
    if isinstance(mentee_ref, int) and isinstance(mentor_ref, int):
        locked = repo.lock_people(team_id, [mentee_ref, mentor_ref])
        mentee, mentor = locked.get(mentee_ref), locked.get(mentor_ref)
    else:
        mentee = uow.people.by_slack_id(team_id, str(mentee_ref), program_id=program_id)
        mentor = uow.people.by_slack_id(team_id, str(mentor_ref), program_id=program_id)
    if mentee is None or mentee.role not in MENTEE_ROLES:
        raise PairingRefused("manual_not_mentee")
    if mentor is None or mentor.role not in MENTOR_ROLES:
        raise PairingRefused("manual_not_mentor")
    if mentee.program_id != mentor.program_id:
        raise PairingRefused("manual_not_mentor")
    if mentee.status != "active" or mentor.status != "active":
        raise PairingRefused("manual_unavailable")
    if repo.has_open_mentor(team_id, mentee.id):
        raise PairingRefused("manual_has_mentor")
    return mentee, mentor


def _check(
    uow: UnitOfWork, team_id: str, mentee: PersonRecord, mentor: PersonRecord, now: datetime
) -> ManualPreview:
    """Refuse a hard-constraint violation (a private one without saying whose), else score the pair."""
    pool = load_pool(uow, team_id, now, mentee.program_id)
    mentee_p, mentor_p = pool.participants[mentee.id], pool.participants[mentor.id]
    violation = constraint_violation(mentee_p, mentor_p, pool.history, pool.managers, now)
    if violation is Violation.BLOCKED:
        raise PairingRefused("manual_private")
    if violation is Violation.MENTOR_FULL or (
        violation is None and programs.at_cap(uow, team_id, mentor.identity_id)
    ):
        raise PairingRefused("manual_mentor_full")
    if violation is not None:
        raise PairingRefused("manual_violation", rule=violation.value)
    cooldown = pool.settings.repeat_cooldown_days
    since = now - timedelta(days=cooldown) if cooldown is not None else None
    refused = uow.repo(PairingRepository).turned_down(team_id, pool.program_id, now, since)
    scored = score_pair(mentee_p, mentor_p, pool.weights, now)
    return ManualPreview(
        mentee=card(mentee),
        mentor=card(mentor),
        score=scored.score,
        reasons=scored.reasons,
        cautions=scored.cautions,
        turned_down=(mentee.id, mentor.id) in refused,
    )


def preview_manual_pair(
    deps: Deps, team_id: str, mentee_slack_id: str, mentor_slack_id: str
) -> ManualPreview:
    """What pairing these two (in the request's program) would be, or a refusal with the reason."""
    now = deps.clock()
    with deps.uow(read_only=True) as uow:
        mentee, mentor = _people(uow, team_id, mentee_slack_id, mentor_slack_id, current_program())
        return _check(uow, team_id, mentee, mentor, now)


def create_manual_pair(deps: Deps, team_id: str, mentee_id: int, mentor_id: int, admin: str) -> ManualPair:
    """Pair the two now (everything re-checked under locks) and audit it; a repeat is refused."""
    now = deps.clock()
    with deps.uow() as uow:
        mentee, mentor = _people(uow, team_id, mentee_id, mentor_id, None)
        checked = _check(uow, team_id, mentee, mentor, now)
        settings = uow.programs.settings(team_id, now, mentee.program_id)
        repo = uow.repo(PairingRepository)
        mentorship = MentorshipRecord(
            team_id=team_id,
            program_id=mentee.program_id,
            mentor_id=mentor.id,
            mentee_id=mentee.id,
            status="active",
            source="admin",
            match_score=checked.score,
            match_reasons=list(checked.reasons),
            started_at=now,
            cadence=initial_cadence(mentee, mentor, settings.default_cadence),
            agreement_status="none",
        )
        repo.add(mentorship)
        withdrawn = withdraw_others(repo, team_id, mentee.id, None, now)
        write_audit(
            uow.session,
            team_id,
            admin,
            "manual pair created",
            now,
            f"mentee {mentee.id} mentor {mentor.id}",
            program_id=mentee.program_id,
        )
        logger.info("manual pair team=%s mentorship=%s", team_id, mentorship.id)
        pair = NewPair(mentorship.id, card(mentor), card(mentee), checked.score, checked.reasons, "admin")
        return ManualPair(pair=pair, withdrawn=withdrawn)


def program_of_person(deps: Deps, team_id: str, person_id: int) -> int | None:
    """The program a membership of this workspace belongs to (None: no such membership)."""
    with deps.uow(read_only=True) as uow:
        person = uow.session.get(PersonRecord, person_id)
        return int(person.program_id) if person is not None and person.team_id == team_id else None
