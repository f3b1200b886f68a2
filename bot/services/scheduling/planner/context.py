"""What every planning rule shares: the run's context (it collects rows) and the pair's facts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from bot.domain import cadence as cad
from bot.domain.messages import MessageKind
from bot.services.scheduling.outbox import outbox_row
from storage.records import MentorshipRecord, PersonRecord

STALE_AFTER = timedelta(days=14)  # a one-off message this late is no longer worth sending


@dataclass
class PlanContext:
    """One planner run for one workspace: the program's settings and the rows found due."""

    team_id: str
    now: datetime
    hour: int
    admin_channel: str | None
    shout_channel: str | None
    allow_shoutouts: bool
    program_weeks: int
    rows: list[dict[str, Any]] = field(default_factory=list)
    zone: str = "UTC"  # the program's time zone, for messages to channels
    decided: set[tuple[int, str]] = field(default_factory=set)  # (mentorship, window) with a choice
    wakes: dict[int, datetime] = field(default_factory=dict)  # mentorship -> its next due instant

    def add(
        self,
        kind: MessageKind,
        period: str,
        recipient: str | None,
        due_at: datetime,
        payload: dict[str, Any],
        mentorship_id: int = 0,
    ) -> None:
        """Queue one row (none without a recipient, e.g. no admin channel configured)."""
        if not recipient:
            return
        self.rows.append(
            outbox_row(self.team_id, kind, period, recipient, due_at, payload, self.now, mentorship_id)
        )

    def wake(self, mentorship_id: int, at: datetime) -> None:
        """Plan this pair again by `at`: a rule's answer may change then (past instants are ignored).

        Every rule calls this for each instant at which one of its conditions on the time can turn
        true; the earliest one ahead is stored as the pair's `next_due_at`. Too early costs a
        wasted look; too late loses a message, so when unsure, wake earlier.
        """
        if at > self.now:
            current = self.wakes.get(mentorship_id)
            if current is None or at < current:
                self.wakes[mentorship_id] = at

    def day_begins(self, day: date) -> datetime:
        """When `day` begins in the calendar the rules' `today` counts in (the UTC day of `now`)."""
        return datetime.combine(day, time(0), tzinfo=self.now.tzinfo)


@dataclass(frozen=True)
class ActivePair:
    """What the rules for an active mentorship read, computed once per pair."""

    record: MentorshipRecord
    cadence: cad.Cadence
    days: int  # the cadence's period in days
    start: date  # check-ins count from here
    end: date  # the agreed end date, or the program's length from the start
    today: date
    last_session: date | None
    items: list[str]  # open action items
    session_times: list[datetime]
    goals: list[Any]


def both(record: MentorshipRecord) -> list[tuple[PersonRecord, PersonRecord, str]]:
    """(person, partner, role) for the mentor first, then the mentee."""
    return [(record.mentor, record.mentee, "mentor"), (record.mentee, record.mentor, "mentee")]


def base(record: MentorshipRecord, partner: PersonRecord, role: str) -> dict[str, Any]:
    """The payload every message to one person of a pair carries."""
    return {
        "mentorship_id": record.id,
        "role": role,
        "partner": partner.slack_user_id,
        "partner_name": partner.name or "",
    }
