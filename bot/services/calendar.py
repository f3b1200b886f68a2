"""The pair's calendar invite: queue the .ics for the group DM when the agreement holds, and again
(same UID, SEQUENCE + 1) when the cadence or the end date changes.

Queued through the scheduled-message outbox in the same transaction as the change itself, so it
is sent exactly once even if Slack retries the click or the process dies right after: the row's
idempotency key is (mentorship, kind, "seq:N", group DM), and the dispatcher reconciles an
ambiguous upload against the conversation before trying again.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import select

from bot.domain.calendar_invite import Invite, invite_summary, invite_uid
from bot.domain.meeting_times import zone
from bot.domain.messages import MessageKind
from storage.records import MentorshipRecord, ScheduledMessageRecord
from storage.repositories.scheduling import SchedulingRepository

logger = logging.getLogger(__name__)

LEGACY_MEETING_TIME = time(10)  # agreements from before the time was asked: 10:00 local


def first_name(name: str) -> str:
    """Return the first word of a display name ("Ada Lovelace" -> "Ada")."""
    return (name or "").split(" ")[0] or name


def meeting_start(record: MentorshipRecord) -> datetime | None:
    """Return the agreed first meeting as an instant (UTC), or None when there is none."""
    if record.first_meeting_at is not None:
        return record.first_meeting_at
    if record.first_meeting_on is None:
        return None
    tz = zone(record.meeting_zone or record.mentor.timezone or "UTC")
    return datetime.combine(record.first_meeting_on, LEGACY_MEETING_TIME, tzinfo=tz).astimezone(UTC)


def invite_payload(record: MentorshipRecord, sequence: int) -> dict[str, Any] | None:
    """Return the outbox payload for the invite's version ``sequence``; None when there is no meeting."""
    start = meeting_start(record)
    if start is None or record.end_date is None:
        return None
    return {
        "uid": invite_uid(record.team_id, record.id),
        "sequence": sequence,
        "summary": invite_summary(first_name(record.mentor.name), first_name(record.mentee.name)),
        "start": start.astimezone(UTC).isoformat(),
        "cadence": record.cadence,
        "until": record.end_date.isoformat(),
        "timezone": record.meeting_zone or record.mentor.timezone or "UTC",
        "mentor": record.mentor.slack_user_id,
        "mentee": record.mentee.slack_user_id,
    }


def invite_from_payload(payload: dict[str, Any], stamp: datetime) -> Invite:
    """Rebuild the invite a queued row describes (the dispatcher renders the file from it)."""
    ended = payload.get("ended_at")
    return Invite(
        until_at=datetime.fromisoformat(str(ended)) if ended else None,
        uid=str(payload["uid"]),
        sequence=int(payload["sequence"]),
        summary=str(payload["summary"]),
        start=datetime.fromisoformat(str(payload["start"])),
        cadence=str(payload["cadence"]),
        until=date.fromisoformat(str(payload["until"])),
        timezone=str(payload["timezone"]),
        stamp=stamp,
    )


def _insert(
    repo: SchedulingRepository, record: MentorshipRecord, payload: dict[str, Any], now: datetime
) -> None:
    repo.insert_ignore(
        [
            {
                "team_id": record.team_id,
                "mentorship_id": record.id,
                "kind": MessageKind.CALENDAR_INVITE.value,
                "period_key": f"seq:{payload['sequence']}",
                "recipient": record.group_channel_id,
                "due_at": now,
                "payload": payload,
                "state": "pending",
                "attempts": 0,
                "created_at": now,
            }
        ]
    )


def _delivered(repo: SchedulingRepository, record: MentorshipRecord) -> bool:
    """Whether a version of the pair's invite reached (or may have reached) their group DM."""
    found = repo.session.scalar(
        select(ScheduledMessageRecord.id).where(
            ScheduledMessageRecord.team_id == record.team_id,
            ScheduledMessageRecord.mentorship_id == record.id,
            ScheduledMessageRecord.kind == MessageKind.CALENDAR_INVITE.value,
            ScheduledMessageRecord.state.in_(("sent", "unknown")),
        )
    )
    return found is not None


def end_series(repo: SchedulingRepository, record: MentorshipRecord, now: datetime) -> int | None:
    """A mentorship ended before its end date: re-issue the invite so the meetings ahead go away.

    Only when a version already reached the pair; never for an end on (or after) the planned day.
    """
    if record.calendar_sequence is None or not record.group_channel_id or record.end_date is None:
        return None
    zones = {record.meeting_zone or record.mentor.timezone or "UTC", record.mentor.timezone or "UTC"}
    zones.add(record.mentee.timezone or "UTC")
    if any(now.astimezone(zone(name)).date() >= record.end_date for name in zones):
        return None  # the planned end, in someone's zone: the series already stops there
    if not _delivered(repo, record):
        return None
    sequence = record.calendar_sequence + 1
    payload = invite_payload(record, sequence)
    if payload is None:
        return None
    payload["ended_at"] = now.astimezone(UTC).isoformat()
    record.calendar_sequence = sequence
    _insert(repo, record, payload, now)
    logger.info(
        "calendar series ended team=%s mentorship=%s sequence=%s", record.team_id, record.id, sequence
    )
    return sequence


def queue_invite(repo: SchedulingRepository, record: MentorshipRecord, now: datetime) -> int | None:
    """Queue the next version of the pair's invite (inside the caller's transaction).

    Only for an agreed, open mentorship with a group DM, a first meeting and an end date; a
    first issue has SEQUENCE 0, each re-issue one more. Returns the queued sequence, or None.
    """
    if record.agreement_status != "agreed" or record.status == "ended" or not record.group_channel_id:
        return None
    sequence = 0 if record.calendar_sequence is None else record.calendar_sequence + 1
    payload = invite_payload(record, sequence)
    if payload is None:
        return None
    record.calendar_sequence = sequence
    _insert(repo, record, payload, now)
    logger.info(
        "calendar invite queued team=%s mentorship=%s sequence=%s", record.team_id, record.id, sequence
    )
    return sequence


def reissue_if_changed(
    repo: SchedulingRepository, record: MentorshipRecord, before: tuple[str, date | None], now: datetime
) -> int | None:
    """Re-issue the invite when (cadence, end date) differ from ``before`` and one was issued."""
    if record.calendar_sequence is None or (record.cadence, record.end_date) == before:
        return None
    return queue_invite(repo, record, now)
