"""Pairs: who the acting person is (`me`), their mentorships, and a pair as data.

The use cases on a pair live beside this module: goals.py, sessions.py, feedback.py,
lifecycle.py and privacy.py. Each use case runs in one unit of work and returns plain data; the
handlers render it and talk to Slack.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.deps import Deps
from bot.domain.errors import NotEnrolled, NotFound
from bot.domain.journey import within_grace
from storage.records import MentorshipRecord, PersonRecord
from storage.repositories.pairwork import PairWorkRepository
from storage.uow import UnitOfWork

LEFT_PROGRAM = (
    "You've left the program, so there's nothing here for you now. To come back, type `/mentor join`."
)
NOT_YOURS = "I couldn't find that mentorship among yours. Type `/mentor status` to see your mentorships."


@dataclass(frozen=True)
class Member:
    """One side of a pair."""

    person_id: int
    slack_id: str
    name: str
    timezone: str


@dataclass(frozen=True)
class Pair:
    """A mentorship as the pair use cases need it (no ORM objects leave the services)."""

    id: int
    team_id: str
    mentor: Member
    mentee: Member
    status: str
    group_channel_id: str | None
    cadence: str
    meeting_format: str | None
    agreement_status: str
    started_on: date
    end_date: date | None
    check_ins_from: date | None
    paused_until: date | None
    session_count: int
    last_session_on: date | None

    def member(self, person_id: int) -> Member:
        """Return the member with this person id."""
        return self.mentor if person_id == self.mentor.person_id else self.mentee

    def partner_of(self, person_id: int) -> Member:
        """Return the other member of the pair."""
        return self.mentee if person_id == self.mentor.person_id else self.mentor

    def role_of(self, person_id: int) -> str:
        """Return "mentor" or "mentee" for a member."""
        return "mentor" if person_id == self.mentor.person_id else "mentee"

    def includes(self, person_id: int) -> bool:
        """Whether the person is one of the pair."""
        return person_id in (self.mentor.person_id, self.mentee.person_id)


def member_of(person: PersonRecord) -> Member:
    """Return a person as a pair member."""
    return Member(person.id, person.slack_user_id, person.name or "", person.timezone or "UTC")


def pair_of(record: MentorshipRecord) -> Pair:
    """Return a mentorship record as data."""
    return Pair(
        id=record.id,
        team_id=record.team_id,
        mentor=member_of(record.mentor),
        mentee=member_of(record.mentee),
        status=record.status,
        group_channel_id=record.group_channel_id,
        cadence=record.cadence,
        meeting_format=record.meeting_format,
        agreement_status=record.agreement_status,
        started_on=record.started_at.date(),
        end_date=record.end_date,
        check_ins_from=record.check_ins_from,
        paused_until=record.paused_until,
        session_count=record.session_count,
        last_session_on=record.last_session_on,
    )


def local_today(timezone: str, now: datetime) -> date:
    """Return the calendar day it is for someone in this time zone."""
    try:
        zone = ZoneInfo(timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return now.astimezone(zone).date()


def program_of(uow: UnitOfWork, team_id: str, mentorship_id: int | None) -> int | None:
    """The program of a mentorship of this workspace (None: no id, or no such mentorship)."""
    if mentorship_id is None:
        return None
    record = uow.repo(PairWorkRepository).mentorship(team_id, mentorship_id)
    return record.program_id if record is not None else None


def require_person(
    uow: UnitOfWork, team_id: str, slack_user_id: str, mentorship_id: int | None = None
) -> PersonRecord:
    """Return the enrolled person (their membership in the mentorship's program when one is named,
    else in the request's program or their only one), or raise NotEnrolled."""
    person = uow.people.by_slack_id(team_id, slack_user_id, program_of(uow, team_id, mentorship_id))
    if person is not None and person.status == "opted_out":
        raise NotEnrolled(LEFT_PROGRAM, code="left_program")
    if person is None or person.role is None:
        raise NotEnrolled()
    return person


def own_mentorship(
    uow: UnitOfWork,
    team_id: str,
    person: PersonRecord,
    mentorship_id: int,
    statuses: tuple[str, ...],
    now: datetime | None = None,
) -> MentorshipRecord:
    """Return one of the person's mentorships with an allowed status, or raise NotFound; with `now`,
    one of theirs in another status (ended, paused) raises the OutOfState refusal for their state."""
    record = uow.repo(PairWorkRepository).mentorship(team_id, mentorship_id)
    if record is None or person.id not in (record.mentor_id, record.mentee_id):
        raise NotFound(NOT_YOURS)
    if record.status not in statuses:
        if now is None:
            raise NotFound(NOT_YOURS)
        from bot.services.journey import refuse_in

        code = "pair_ended" if record.status == "ended" else "pair_not_live"
        raise refuse_in(uow, team_id, person.slack_user_id, now, code)
    return record


@dataclass(frozen=True)
class Me:
    """The person acting, with their live mentorships."""

    person_id: int
    slack_id: str
    name: str
    timezone: str
    today: date
    pairs: tuple[Pair, ...]

    def pair(self, mentorship_id: int | None) -> Pair | None:
        """Return the pair with this id among theirs (or the only one when id is None)."""
        if mentorship_id is None:
            return self.pairs[0] if len(self.pairs) == 1 else None
        return next((p for p in self.pairs if p.id == mentorship_id), None)


def recent_or_live(
    uow: UnitOfWork, team_id: str, person: PersonRecord, now: datetime
) -> list[MentorshipRecord]:
    """The person's live mentorships and those ended within the grace (feedback and thanks to a
    former partner still work then), oldest first."""
    today = local_today(person.timezone, now)
    records = uow.repo(PairWorkRepository).mentorships_of(team_id, person.id, ("active", "paused", "ended"))
    return [
        r
        for r in records
        if r.status != "ended"
        or (
            within_grace(r.ended_at.date() if r.ended_at is not None else None, today)
            # A former partner who has since left the program (deleted their data, or was
            # deactivated) gets nothing more: no new feedback about them, no DM to them.
            and (r.mentee if r.mentor_id == person.id else r.mentor).status not in ("inactive", "opted_out")
        )
    ]


def me(
    deps: Deps,
    team_id: str,
    slack_user_id: str,
    statuses: tuple[str, ...] = ("active", "paused"),
    *,
    recent_ended: bool = False,
    mentorship_id: int | None = None,
) -> Me:
    """Return the acting person and their mentorships with these statuses (with `recent_ended`:
    live ones and those ended within the grace, see `recent_or_live`); with `mentorship_id`, as the
    member of that mentorship's program (else the request's program, or their only one).

    Raises:
        NotEnrolled: when the person has no profile.
    """
    now = deps.clock()
    with deps.uow() as uow:
        person = require_person(uow, team_id, slack_user_id, mentorship_id)
        if recent_ended:
            records = recent_or_live(uow, team_id, person, now)
        else:
            records = uow.repo(PairWorkRepository).mentorships_of(team_id, person.id, statuses)
        return Me(
            person_id=person.id,
            slack_id=person.slack_user_id,
            name=person.name or "",
            timezone=person.timezone or "UTC",
            today=local_today(person.timezone, now),
            pairs=tuple(pair_of(r) for r in records),
        )


def set_group_channel(deps: Deps, team_id: str, mentorship_id: int, channel_id: str) -> None:
    """Remember the pair's group DM so later summaries go to the same place."""
    with deps.uow() as uow:
        record = uow.repo(PairWorkRepository).mentorship(team_id, mentorship_id)
        if record is not None and not record.group_channel_id:
            record.group_channel_id = channel_id[:32]
