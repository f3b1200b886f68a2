"""The pair's answers to scheduled messages: check-in replies, cadence, reflections, transitions.

Each answer is one transaction; the person must be one of the pair (and the row's recipient).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from bot.deps import Deps
from bot.domain import cadence as cad
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.messages import MessageKind
from bot.services import programs
from bot.services.calendar import reissue_if_changed
from bot.services.journey import refuse_in
from bot.services.mentorships import conclude
from bot.services.once import FormKey, use_once
from bot.services.scheduling.outbox import outbox_row
from bot.services.scheduling.planner.context import PlanContext
from bot.services.scheduling.planner.transitions import add_closing, end_date_begun
from bot.services.scheduling.timing import at_local, local_day, send_hour, tz_of
from storage.records import MentorshipRecord, PersonRecord, ReflectionRecord, ScheduledMessageRecord
from storage.repositories.once import TransitionChoiceRepository
from storage.repositories.scheduling import SchedulingRepository

REMIND_DAYS = 2
MAX_REMINDERS = 3
EXTEND_WEEKS = 8
INFORMAL_WEEKS = 12
LOW_SCORE = 2
MAX_COMMENT = 2000
LOWER_CADENCE: dict[str, str] = {"weekly": "biweekly", "biweekly": "monthly", "monthly": "monthly"}


def _member(uow: Any, team_id: str, record: MentorshipRecord | None, slack_user_id: str) -> PersonRecord:
    if record is None:
        raise NotFound(
            "I can't find that mentorship any more. Type `/mentor status` to see yours.",
            code="mentorship_gone",
        )
    person: PersonRecord | None = uow.people.by_slack_id(team_id, slack_user_id, program_id=record.program_id)
    if person is None or person.id not in (record.mentor_id, record.mentee_id):
        raise NotAllowed("Only the two people in this mentorship can do that.", code="not_member")
    return person


def _own_row(
    repo: SchedulingRepository, team_id: str, row_id: int, slack_user_id: str
) -> ScheduledMessageRecord:
    row = repo.get(row_id)
    if row is None or row.team_id != team_id:
        raise NotFound(
            "I can't find that check-in any more. Type `/mentor status` to see your mentorships.",
            code="checkin_gone",
        )
    if row.recipient != slack_user_id:
        raise NotAllowed("That check-in was meant for someone else.", code="not_recipient")
    return row


def recorded_message(
    deps: Deps,
    team_id: str,
    slack_user_id: str,
    where: tuple[str, str],
    *,
    row_id: int | None = None,
    mentorship_id: int | None = None,
) -> tuple[str, SentMessage] | None:
    """The message at `where` (channel, ts) if the bot sent it to this person: that queue row's own
    message, or one sent to them for that mentorship; with its kind and payload, so a rewrite is
    rendered from what the bot sent (never from the copy the click carries). None otherwise."""
    with deps.uow() as uow:
        repo = uow.repo(SchedulingRepository)
        row: ScheduledMessageRecord | None = None
        if row_id is not None:
            row = repo.get(row_id)
        elif mentorship_id is not None:
            row = repo.sent_row(team_id, mentorship_id, slack_user_id, where[0], where[1])
        if (
            row is None
            or row.team_id != team_id
            or row.recipient != slack_user_id
            or (row.slack_channel, row.slack_ts) != where
        ):
            return None
        return row.kind, SentMessage(row.id, row.recipient, where[0], where[1], dict(row.payload or {}))


def remind_later(deps: Deps, team_id: str, slack_user_id: str, row_id: int) -> datetime:
    """Not yet: record the answer and schedule the same check-in again in two days (local hours)."""
    now = deps.clock()
    with deps.uow() as uow:
        repo = uow.repo(SchedulingRepository)
        row = _own_row(repo, team_id, row_id, slack_user_id)
        if row.kind not in (MessageKind.CHECKIN, MessageKind.CHECKIN_REMINDER):
            raise InvalidInput("Only check-ins can be snoozed.", code="not_a_checkin")
        record = repo.mentorship(team_id, row.mentorship_id)
        person = _member(uow, team_id, record, slack_user_id)
        if record is None or record.status != "active":
            raise refuse_in(uow, team_id, slack_user_id, now, "remind_not_live")
        payload = dict(row.payload or {})
        count = int(payload.get("reminder", 0)) + 1
        if count > MAX_REMINDERS:
            raise InvalidInput(
                "I've already reminded you a few times. Log your session with `/mentor log` when you meet.",
                code="reminders_used",
            )
        row.payload = dict(payload, answer="remind")
        tz = tz_of(person)
        hour = send_hour(uow.programs.settings(team_id, now).check_in_hour)
        due = at_local(local_day(now, tz) + timedelta(days=REMIND_DAYS), tz, hour)
        base_period = row.period_key.split("/r")[0]
        reminder = {k: v for k, v in dict(payload, reminder=count).items() if k != "answer"}
        repo.insert_ignore(
            [
                outbox_row(
                    team_id,
                    MessageKind.CHECKIN_REMINDER,
                    f"{base_period}/r{count}",
                    slack_user_id,
                    due,
                    reminder,
                    now,
                    row.mentorship_id,
                )
            ]
        )
        return due


def skip_checkin(deps: Deps, team_id: str, slack_user_id: str, row_id: int) -> None:
    """Skip this time: record the answer; the next check-in comes at the usual cadence."""
    with deps.uow() as uow:
        repo = uow.repo(SchedulingRepository)
        row = _own_row(repo, team_id, row_id, slack_user_id)
        record = repo.mentorship(team_id, row.mentorship_id)
        if record is None or record.status != "active":
            raise refuse_in(uow, team_id, slack_user_id, deps.clock(), "skip_not_live")
        row.payload = dict(row.payload or {}, answer="skip")
        # A 'remind me later' pressed before (say, on another device) is taken back with the skip.
        repo.cancel_reminders(team_id, record.id, slack_user_id, row.period_key.split("/r")[0])


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
        raise InvalidInput(str(err), code="invalid_cadence") from None
    with deps.uow() as uow:
        use_once(uow, once, deps.clock())
        repo = uow.repo(SchedulingRepository)
        record = repo.mentorship(team_id, mentorship_id)
        _member(uow, team_id, record, slack_user_id)
        assert record is not None  # noqa: S101 - _member raised otherwise
        if record.status == "ended":
            raise refuse_in(uow, team_id, slack_user_id, deps.clock(), "pair_ended")
        before = (record.cadence, record.end_date)
        record.cadence = chosen
        record.check_ins_from = deps.clock().date()
        reissue_if_changed(repo, record, before, deps.clock())
        return chosen


def mentorship_for(
    deps: Deps, team_id: str, slack_user_id: str, mentorship_id: int, *, live: bool = False
) -> MentorshipRecord:
    """Return a mentorship the person belongs to (with `live`: only an active or paused one; an
    ended one raises the OutOfState refusal for the person's state, code "pair_ended")."""
    with deps.uow() as uow:
        record = uow.repo(SchedulingRepository).mentorship(team_id, mentorship_id)
        _member(uow, team_id, record, slack_user_id)
        assert record is not None  # noqa: S101
        if live and record.status == "ended":
            raise refuse_in(uow, team_id, slack_user_id, deps.clock(), "pair_ended")
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
        raise InvalidInput("Unknown reflection.", code="unknown_reflection")
    fields: dict[str, str] = {}
    for name, score in (("progress", progress), ("relationship", relationship)):
        if score is None or not 1 <= score <= 5:
            fields[name] = "Pick a score from 1 to 5."
    if len(comment) > MAX_COMMENT:
        fields["comment"] = f"Keep it under {MAX_COMMENT} characters."
    if fields:
        raise InvalidInput("Some answers need another look.", fields, code="answers_invalid")
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
        admin = (
            programs.admin_channel_for(deps, uow, team_id, record.program_id) if record is not None else None
        )
        if low and admin and record is not None:
            flag = {
                "mentorship_id": mentorship_id,
                "mentor": record.mentor.slack_user_id,
                "mentee": record.mentee.slack_user_id,
                "reflection": kind,
            }
            repo.insert_ignore(
                [
                    outbox_row(
                        team_id,
                        MessageKind.REFLECTION_FLAG,
                        f"{kind}-{person.id}",
                        admin,
                        now,
                        flag,
                        now,
                        mentorship_id,
                    )
                ]
            )
        return ReflectionResult(created=created, low=low, mentorship_id=mentorship_id)


@dataclass(frozen=True)
class SentMessage:
    """A message the bot sent and recorded (to rewrite it when its question is answered)."""

    row_id: int
    recipient: str
    channel: str
    ts: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class TransitionResult:
    """What a transition choice did, or (with `already`) what was chosen before and stands now."""

    choice: str
    end_date: date | None
    cadence: str
    partner: str
    already: bool = False  # the choice was made before (by `chosen_by`); nothing changed now
    chosen_by: str | None = None
    status: str = "active"  # the mentorship's status now
    ended_on: date | None = None  # when it ended, if it has
    messages: tuple[SentMessage, ...] = ()  # both people's transition messages for this window


def _sent(
    repo: SchedulingRepository, team_id: str, mentorship_id: int, window: str
) -> tuple[SentMessage, ...]:
    return tuple(
        SentMessage(r.id, r.recipient, str(r.slack_channel), str(r.slack_ts), dict(r.payload or {}))
        for r in repo.sent_messages(team_id, mentorship_id, MessageKind.TRANSITION, window)
    )


def transition(
    deps: Deps,
    team_id: str,
    slack_user_id: str,
    mentorship_id: int,
    choice: str,
    window: str | None = None,
) -> TransitionResult:
    """Conclude as planned (on the end date), extend by EXTEND_WEEKS, or continue informally at a
    lower cadence.

    One choice per transition `window` (the end date the prompt was about; the current end date
    when not given), for the pair together: the first press records it, in the same transaction as
    the change, and any later press, by either person, gets the earlier choice back with `already`
    set. "Conclude" changes nothing now: the mentorship ends on its end date with the closing note
    (bot.services.scheduling.planner.transitions.end_date_reached); only a pair with no end date
    still ahead concludes at once. The result carries both people's prompts, to rewrite them.

    Raises:
        OutOfState: the mentorship ended before any choice was made here (code "pair_ended").
    """
    if choice not in ("conclude", "extend", "continue"):
        raise InvalidInput("Unknown choice.", code="unknown_choice")
    now = deps.clock()
    with deps.uow() as uow:
        repo = uow.repo(SchedulingRepository)
        record = repo.mentorship(team_id, mentorship_id)
        person = _member(uow, team_id, record, slack_user_id)
        assert record is not None  # noqa: S101
        partner = record.mentee if person.id == record.mentor_id else record.mentor
        current = record.end_date.isoformat() if record.end_date else "open"
        choices = uow.repo(TransitionChoiceRepository)
        # A new choice is only ever made for the current end date's window. A button naming another
        # window (an older prompt, or a made-up date) or none at all (a forged or pre-window value)
        # answers with the choice already made there, else the latest one; it never opens a window.
        key = window or current
        earlier = choices.get(team_id, record.id, key)
        if earlier is None and (window is None or window != current):
            earlier = choices.latest(team_id, record.id)
            if earlier is not None:
                key = earlier.window
            elif window is not None:
                raise NotAllowed(
                    "That choice was about an end date that has changed since. Type `/mentor status` "
                    "to see when your mentorship ends now.",
                    code="transition_window_gone",
                )
        ended_on = record.ended_at.date() if record.ended_at is not None else None
        if earlier is None and record.status == "ended":
            raise refuse_in(uow, team_id, slack_user_id, now, "pair_ended")
        if earlier is None and not choices.record(team_id, record.id, key, choice, slack_user_id, now):
            earlier = choices.get(team_id, record.id, key)  # the partner chose at the same moment
            # Their change committed after this transaction read the mentorship: answer with it as
            # it is now (the new end date), not as it was a moment ago.
            uow.session.refresh(record)
            ended_on = record.ended_at.date() if record.ended_at is not None else None
        if earlier is not None:
            return TransitionResult(
                earlier.choice,
                record.end_date,
                record.cadence,
                partner.slack_user_id,
                already=True,
                chosen_by=earlier.chosen_by,
                status=record.status,
                ended_on=ended_on,
                messages=_sent(repo, team_id, record.id, key),
            )
        hour = send_hour(uow.programs.settings(team_id, now).check_in_hour)
        before = (record.cadence, record.end_date)
        if choice == "conclude":
            if record.end_date is None or end_date_begun(record, now):
                conclude(record, now, "completed", ended_by=person.id, stay_in_touch=record.stay_in_touch)
                ctx = PlanContext(team_id, now, hour, None, None, False, 24)
                add_closing(ctx, record, active_only=True)
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
        reissue_if_changed(repo, record, before, now)
        return TransitionResult(
            choice,
            record.end_date,
            record.cadence,
            partner.slack_user_id,
            status=record.status,
            ended_on=record.ended_at.date() if record.ended_at is not None else None,
            messages=_sent(repo, team_id, record.id, key),
        )


def set_stay_in_touch(deps: Deps, team_id: str, slack_user_id: str, mentorship_id: int) -> None:
    """Opt the pair into a stay-in-touch ping ninety days after the end."""
    with deps.uow() as uow:
        record = uow.repo(SchedulingRepository).mentorship(team_id, mentorship_id)
        _member(uow, team_id, record, slack_user_id)
        assert record is not None  # noqa: S101
        record.stay_in_touch = True
