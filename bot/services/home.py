"""The App Home read model: everything a person's Home tab shows, read in one unit of work.

`home_of` gathers, for one person: their profile, their live mentorships with what is next in each
(the agreed next meeting, an open check-in, open action items, goals, an agreement to confirm, a
transition choice to make), the requests waiting both ways, and their past mentorships. The edge
(`handlers/home`) decides what leads and renders it; nothing here knows Slack.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from bot.deps import Deps
from bot.domain.cadence import EARLIEST_SEND_HOUR, LATEST_SEND_HOUR
from bot.domain.lifecycle import next_check_in
from bot.domain.messages import MessageKind
from bot.services import admins
from bot.services.goals import GoalView, goal_view
from bot.services.pairing import RequestInfo, home_summary
from bot.services.pairs import Member, Pair, local_today, pair_of
from bot.services.sessions import ActionItemView, item_view
from storage.records import MentorshipRecord, PersonRecord
from storage.repositories.home import HomeRepository
from storage.repositories.pairwork import PairWorkRepository

TRANSITION_DAYS = 14  # the transition prompt comes two weeks before the agreed end date
OPEN_CHECK_IN_DAYS = 14  # a check-in older than this no longer waits for an answer
THANKS_DAYS = 30  # feedback and thanks to a former partner stay open this long after the end


@dataclass(frozen=True)
class ProfileSummary:
    """The person's own profile, as the folded summary at the bottom of Home shows it."""

    name: str
    role: str | None
    status: str
    offers: tuple[str, ...]
    wants: tuple[str, ...]
    cadence: str  # a preference for future matches; a mentorship's agreed cadence is its own
    formats: tuple[str, ...]
    timezone: str
    capacity: int
    paused_until: date | None


@dataclass(frozen=True)
class PairHome:
    """One live mentorship from the person's side, with what is next in it."""

    pair: Pair
    me: int
    proposed_by_me: bool
    first_meeting_on: date | None
    next_meeting_on: date | None  # the agreed next meeting (a session log's, else the first one)
    next_check_in: datetime | None
    open_check_in: bool  # a check-in was sent to this person and waits for an answer
    transition_end: date | None  # the end date a wrap-up choice is open for (two weeks before it)
    items: tuple[ActionItemView, ...]  # open action items, this person's first
    goals: tuple[GoalView, ...]  # active goals
    goals_achieved: int

    @property
    def partner(self) -> Member:
        """The other member of the pair."""
        return self.pair.partner_of(self.me)

    @property
    def my_role(self) -> str:
        """ "mentor" or "mentee"."""
        return self.pair.role_of(self.me)

    @property
    def my_items(self) -> tuple[ActionItemView, ...]:
        """Open items this person owns (alone or together with their partner)."""
        return tuple(i for i in self.items if i.owner_id in (None, self.me))


@dataclass(frozen=True)
class PastPair:
    """A mentorship that ended, for the history ("with Bo, Mar–Sep 2026, 2 goals achieved")."""

    mentorship_id: int
    partner: Member
    my_role: str
    started_on: date
    ended_on: date
    goals_achieved: int
    can_thank: bool  # feedback to the former partner is still open


@dataclass(frozen=True)
class HomeView:
    """Everything one person's Home tab shows."""

    program: str
    today: date
    profile: ProfileSummary | None  # None: not in the program (a newcomer, or only invited)
    listed_admin: bool
    pairs: tuple[PairHome, ...] = ()
    received: tuple[RequestInfo, ...] = ()  # requests waiting for this person's answer
    sent: tuple[RequestInfo, ...] = ()  # this person's requests waiting for a mentor's answer
    past: tuple[PastPair, ...] = ()  # newest first
    free_seats: int = 0  # how many more mentees a mentor can take

    @property
    def joined(self) -> bool:
        """Whether the person is in the program (has a role and has not left)."""
        return (
            self.profile is not None and self.profile.role is not None and self.profile.status != "opted_out"
        )

    @property
    def left(self) -> bool:
        """Whether the person left the program."""
        return self.profile is not None and self.profile.status == "opted_out"

    @property
    def is_mentee(self) -> bool:
        """Whether the person takes part as a mentee."""
        return self.profile is not None and self.profile.role in ("mentee", "both")

    @property
    def is_mentor(self) -> bool:
        """Whether the person takes part as a mentor."""
        return self.profile is not None and self.profile.role in ("mentor", "both")

    @property
    def has_mentor(self) -> bool:
        """Whether the person is a mentee in a live mentorship."""
        return any(p.my_role == "mentee" for p in self.pairs)


def _profile(person: PersonRecord) -> ProfileSummary:
    return ProfileSummary(
        name=person.name or "",
        role=person.role,
        status=person.status,
        offers=tuple(person.offers or ()),
        wants=tuple(person.wants or ()),
        cadence=person.cadence,
        formats=tuple(person.formats or ()),
        timezone=person.timezone or "UTC",
        capacity=person.capacity,
        paused_until=person.paused_until,
    )


def _next_meeting(record: MentorshipRecord, logged: list[date | None], today: date) -> date | None:
    """The next meeting the pair agreed: the latest session log's, else the agreement's first one."""
    for planned in reversed(logged):
        if planned is not None:
            return planned if planned >= today else None
    first = record.first_meeting_on
    return first if first is not None and first >= today and record.agreement_status == "agreed" else None


def _transition_end(record: MentorshipRecord, today: date, chosen: set[tuple[int, str]]) -> date | None:
    """The agreed end date when the wrap-up choice is open: two weeks before it, none made yet."""
    end = record.end_date
    if record.status != "active" or record.agreement_status != "agreed" or end is None:
        return None
    if not end - timedelta(days=TRANSITION_DAYS) <= today < end:
        return None
    return None if (record.id, end.isoformat()) in chosen else end


def home_of(deps: Deps, team_id: str, slack_user_id: str) -> HomeView:
    """Read everything the person's Home tab shows."""
    now = deps.clock()
    listed = admins.is_listed_admin(deps, team_id, slack_user_id)
    with deps.uow() as uow:
        settings = uow.programs.settings(team_id, now)
        program = settings.program_name
        person = uow.people.by_slack_id(team_id, slack_user_id)
        if person is None or person.role is None:
            return HomeView(program, now.date(), None, listed)
        today = local_today(person.timezone, now)
        profile = _profile(person)
        if person.status == "opted_out":
            return HomeView(program, today, profile, listed)
        work = uow.repo(PairWorkRepository)
        extra = uow.repo(HomeRepository)
        live = work.mentorships_of(team_id, person.id, ("active", "paused"))
        ended = work.mentorships_of(team_id, person.id, ("ended",))
        ids = [m.id for m in live + ended]
        goals = work.goals_in(team_id, ids)
        items = work.action_items_in(team_id, [m.id for m in live], open_only=True)
        logs = work.sessions_in(team_id, [m.id for m in live])
        checkins = extra.open_check_ins(
            team_id,
            slack_user_id,
            [m.id for m in live],
            (MessageKind.CHECKIN, MessageKind.CHECKIN_REMINDER),
            now - timedelta(days=OPEN_CHECK_IN_DAYS),
        )
        chosen = extra.transition_choices(team_id, [m.id for m in live])
        hour = max(EARLIEST_SEND_HOUR, min(LATEST_SEND_HOUR, settings.check_in_hour))
        pairs: list[PairHome] = []
        for record in live:
            mine = [g for g in goals if g.mentorship_id == record.id]
            pair_logs = [s for s in logs if s.mentorship_id == record.id]
            last_logged = max((s.created_at for s in pair_logs), default=None)
            sent = checkins.get(record.id)
            open_check_in = sent is not None and (last_logged is None or _aware(last_logged) < _aware(sent))
            due = None
            if record.status == "active" and record.check_ins_from is not None:
                due = next_check_in(
                    record.check_ins_from,
                    record.end_date,
                    record.cadence,
                    person.timezone or "UTC",
                    hour,
                    now,
                )
            pair_items = [i for i in items if i.mentorship_id == record.id]
            pair_items.sort(key=lambda i: (i.owner_id not in (None, person.id), i.id))
            pairs.append(
                PairHome(
                    pair=pair_of(record),
                    me=person.id,
                    proposed_by_me=record.agreement_proposed_by == person.id,
                    first_meeting_on=record.first_meeting_on,
                    next_meeting_on=_next_meeting(record, [s.next_meeting_on for s in pair_logs], today),
                    next_check_in=due,
                    open_check_in=open_check_in,
                    transition_end=_transition_end(record, today, chosen),
                    items=tuple(item_view(i) for i in pair_items),
                    goals=tuple(goal_view(g) for g in mine if g.status == "active"),
                    goals_achieved=sum(1 for g in mine if g.status == "achieved"),
                )
            )
        past = [
            PastPair(
                mentorship_id=record.id,
                partner=pair_of(record).partner_of(person.id),
                my_role=pair_of(record).role_of(person.id),
                started_on=record.started_at.date(),
                ended_on=(record.ended_at or now).date(),
                goals_achieved=sum(
                    1 for g in goals if g.mentorship_id == record.id and g.status == "achieved"
                ),
                can_thank=record.ended_at is not None
                and now - _aware(record.ended_at) <= timedelta(days=THANKS_DAYS),
            )
            for record in ended
        ]
        past.sort(key=lambda p: (p.ended_on, p.mentorship_id), reverse=True)
        as_mentor = sum(1 for m in live if m.mentor_id == person.id)
        free = max(0, person.capacity - as_mentor) if person.role in ("mentor", "both") else 0
    summary = home_summary(deps, team_id, person.id)
    return HomeView(
        program=program,
        today=today,
        profile=profile,
        listed_admin=listed,
        pairs=tuple(pairs),
        received=summary.received,
        sent=summary.sent,
        past=tuple(past),
        free_seats=free,
    )


def _aware(at: datetime) -> datetime:
    """Read a stored instant as UTC (SQLite gives naive datetimes back)."""
    return at if at.tzinfo else at.replace(tzinfo=UTC)
