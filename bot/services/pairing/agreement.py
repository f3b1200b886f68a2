"""The pair's agreement: propose, confirm or change it; where its messages are; the App Home."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.deps import Deps
from bot.domain.meeting_times import default_first_meeting
from bot.domain.pairing_rules import Agreement, AgreementInput, default_end_date, validate_agreement
from bot.services.calendar import queue_invite
from bot.services.pairing.common import PairingRefused, card, local_today, request_info
from bot.services.pairing.outcomes import HomeSummary, MentorshipView
from storage.records import MentorshipRecord, PersonRecord
from storage.repositories.pairing import PairingRepository
from storage.repositories.scheduling import SchedulingRepository
from storage.uow import UnitOfWork

logger = logging.getLogger(__name__)


def set_group_channel(deps: Deps, team_id: str, mentorship_id: int, channel: str) -> None:
    """Remember the pair's group DM."""
    with deps.uow() as uow:
        record = uow.repo(PairingRepository).mentorship(team_id, mentorship_id)
        if record is not None:
            record.group_channel_id = channel


def set_agreement_message(deps: Deps, team_id: str, mentorship_id: int, ts: str) -> None:
    """Remember the newest proposal message the bot posted in the pair's group DM."""
    with deps.uow() as uow:
        record = uow.repo(PairingRepository).mentorship(team_id, mentorship_id)
        if record is not None:
            record.agreement_message_ts = ts


def view_of(record: MentorshipRecord, me: PersonRecord, program_weeks: int, now: datetime) -> MentorshipView:
    mine = "mentor" if record.mentor_id == me.id else "mentee"
    partner = record.mentee if mine == "mentor" else record.mentor
    today = local_today(me, now)
    first = record.first_meeting_on or today + timedelta(days=7)
    return MentorshipView(
        mentorship_id=record.id,
        my_role=mine,
        me=card(me),
        partner=card(partner),
        status=record.status,
        started_at=record.started_at,
        agreement_status=record.agreement_status,
        proposed_by_me=record.agreement_proposed_by == me.id,
        cadence=record.cadence,
        meeting_format=record.meeting_format,
        first_meeting_on=record.first_meeting_on,
        end_date=record.end_date,
        boundaries=record.boundaries or "",
        notes=record.agreement_note or "",
        confidentiality_ack=record.confidentiality_ack,
        group_channel_id=record.group_channel_id,
        default_end=default_end_date(record.started_at.date(), first, program_weeks),
        today=today,
        agreement_message_ts=record.agreement_message_ts,
        first_meeting_at=record.first_meeting_at,
        suggested_first_at=default_first_meeting(me.timezone or "UTC", partner.timezone or "UTC", now),
    )


def _member_mentorship(
    uow: UnitOfWork, team_id: str, mentorship_id: int, slack_user_id: str
) -> tuple[MentorshipRecord, PersonRecord]:
    record = uow.repo(PairingRepository).mentorship(team_id, mentorship_id)
    if record is None or slack_user_id not in (record.mentor.slack_user_id, record.mentee.slack_user_id):
        raise PairingRefused("mentorship_gone")
    me = record.mentor if record.mentor.slack_user_id == slack_user_id else record.mentee
    return record, me


def mentorship_view(deps: Deps, team_id: str, mentorship_id: int, slack_user_id: str) -> MentorshipView:
    """Return a mentorship from one member's side (refused for anyone else)."""
    now = deps.clock()
    with deps.uow() as uow:
        record, me = _member_mentorship(uow, team_id, mentorship_id, slack_user_id)
        weeks = uow.programs.settings(team_id, now).program_length_weeks
        return view_of(record, me, weeks, now)


def check_agreement(
    deps: Deps, team_id: str, slack_user_id: str, data: AgreementInput
) -> Agreement | dict[str, str]:
    """Validate an agreement as of now, its time read in the person's zone (no changes made)."""
    now = deps.clock()
    with deps.uow() as uow:
        person = uow.people.identity(team_id, slack_user_id)  # the zone is shared by all programs
        zone = (person.timezone if person is not None else None) or "UTC"
    return validate_agreement(data, now, zone)


def propose_agreement(
    deps: Deps, team_id: str, mentorship_id: int, slack_user_id: str, agreement: Agreement
) -> MentorshipView:
    """Propose (or counter-propose) the pair's agreement; the other person confirms it."""
    now = deps.clock()
    with deps.uow() as uow:
        record, me = _member_mentorship(uow, team_id, mentorship_id, slack_user_id)
        if record.status == "ended":
            raise PairingRefused("mentorship_ended")
        if record.agreement_status == "agreed":
            raise PairingRefused("already_agreed")
        record.cadence = agreement.cadence
        record.meeting_format = agreement.meeting_format
        record.first_meeting_on = agreement.first_meeting
        record.first_meeting_at = agreement.first_meeting_at
        record.meeting_zone = agreement.meeting_zone
        record.end_date = agreement.end_date
        record.boundaries = agreement.boundaries
        record.agreement_note = agreement.notes
        record.confidentiality_ack = True
        record.agreement_status = "proposed"
        record.agreement_proposed_by = me.id
        record.agreed_at = None
        logger.info("agreement proposed team=%s mentorship=%s", team_id, record.id)
        weeks = uow.programs.settings(team_id, now).program_length_weeks
        return view_of(record, me, weeks, now)


def confirmable(deps: Deps, team_id: str, mentorship_id: int, slack_user_id: str) -> MentorshipView:
    """Return the proposal the person may confirm or change (refused if there is none for them)."""
    view = mentorship_view(deps, team_id, mentorship_id, slack_user_id)
    if view.agreement_status == "agreed":
        raise PairingRefused("already_agreed")
    if view.agreement_status != "proposed":
        raise PairingRefused("nothing_to_confirm")
    if view.proposed_by_me:
        raise PairingRefused("own_proposal", partner=view.partner.slack_user_id)
    return view


def confirm_agreement(
    deps: Deps,
    team_id: str,
    mentorship_id: int,
    slack_user_id: str,
    clicked: tuple[str, str] | None = None,
) -> MentorshipView:
    """Confirm the partner's proposal: agreed from now, check-ins from the first meeting, and the
    calendar invite queued for the pair's group DM.

    ``clicked`` is the (channel, ts) of the proposal message whose Confirm was pressed: a proposal
    in the pair's conversation that a newer one replaced is refused ("proposal_replaced"), so no
    one agrees to terms they were never shown."""
    now = deps.clock()
    with deps.uow() as uow:
        record, me = _member_mentorship(uow, team_id, mentorship_id, slack_user_id)
        uow.repo(PairingRepository).lock_people(team_id, [record.mentor_id])
        uow.session.refresh(record)
        if record.agreement_status == "agreed":
            raise PairingRefused("already_agreed")
        if record.agreement_status != "proposed":
            raise PairingRefused("nothing_to_confirm")
        if record.agreement_proposed_by == me.id:
            partner = record.mentee if record.mentor_id == me.id else record.mentor
            raise PairingRefused("own_proposal", partner=partner.slack_user_id)
        if (
            clicked is not None
            and record.agreement_message_ts
            and clicked[0] == record.group_channel_id
            and clicked[1] != record.agreement_message_ts
        ):
            raise PairingRefused("proposal_replaced")
        record.agreement_status = "agreed"
        record.agreed_at = now
        record.check_ins_from = record.first_meeting_on
        logger.info("agreement confirmed team=%s mentorship=%s", team_id, record.id)
        # In the same transaction: the calendar invite is queued exactly once with the agreement.
        queue_invite(uow.repo(SchedulingRepository), record, now)
        weeks = uow.programs.settings(team_id, now).program_length_weeks
        return view_of(record, me, weeks, now)


def home_summary(deps: Deps, team_id: str, person_id: int) -> HomeSummary:
    """Return the person's open mentorships and pending requests, sent and received."""
    now = deps.clock()
    with deps.uow(read_only=True) as uow:
        repo = uow.repo(PairingRepository)
        me = uow.people.get(team_id, person_id)
        if me is None:
            return HomeSummary()
        weeks = uow.programs.read_settings(team_id, now).program_length_weeks
        mentorships = tuple(view_of(m, me, weeks, now) for m in repo.open_mentorships_of(team_id, me.id))
        sent = tuple(request_info(r) for r in repo.pending_from(team_id, me.id, now))
        received = tuple(request_info(r) for r in repo.pending_to(team_id, me.id, now))
        return HomeSummary(mentorships=mentorships, sent=sent, received=received)
