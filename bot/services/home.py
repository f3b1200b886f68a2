"""The App Home read model: everything a person's Home tab shows, read in one unit of work.

`home_of` gathers, for one person: their journey (bot.services.journey: the one true state, the
history and the next step), their profile, their live mentorships with what is next in each
(the agreed next meeting, an open check-in, open action items, goals, an agreement to confirm, a
transition choice to make), the requests waiting both ways, and their past mentorships. The edge
(`handlers/home`) decides what leads and renders it; nothing here knows Slack.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from bot.deps import Deps
from bot.domain.journey import PairFacts, Stage, in_transition
from bot.domain.lifecycle import due_check_in
from bot.domain.messages import MessageKind
from bot.services import admins, programs
from bot.services.goals import GoalView, goal_view
from bot.services.journey import HistoryEntry, Journey, journey_of
from bot.services.pairing import RequestInfo, home_summary
from bot.services.pairs import Member, Pair, pair_of
from bot.services.sessions import ActionItemView, item_view
from storage.records import MentorshipRecord, PersonRecord
from storage.repositories.home import HomeRepository
from storage.repositories.once import TransitionChoiceRepository
from storage.repositories.pairwork import PairWorkRepository
from storage.scope import program_scope

OPEN_CHECK_IN_DAYS = 14  # a check-in older than this no longer waits for an answer


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
    transition_choice: str | None  # the wrap-up choice made for the current end date, if any
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


@dataclass(frozen=True)
class HomeView:
    """Everything one person's Home tab shows: their journey (state, history, next step) and details."""

    program: str
    journey: Journey
    profile: ProfileSummary | None  # None: not in the program (a newcomer, or someone who left)
    listed_admin: bool
    pairs: tuple[PairHome, ...] = ()  # live mentorships, the one the state is about first
    received: tuple[RequestInfo, ...] = ()  # requests waiting for this person's answer
    sent: tuple[RequestInfo, ...] = ()  # this person's requests waiting for a mentor's answer
    free_seats: int = 0  # how many more mentees a mentor can take
    program_key: str = ""  # the program's key (to name it in a command)

    @property
    def stage(self) -> Stage:
        """The person's one true state."""
        return self.journey.stage

    @property
    def past(self) -> tuple[HistoryEntry, ...]:
        """Mentorships that ended, most recent first."""
        return tuple(h for h in self.journey.history if h.status == "ended")

    @property
    def is_mentee(self) -> bool:
        """Whether the person takes part as a mentee."""
        return self.journey.is_mentee

    @property
    def is_mentor(self) -> bool:
        """Whether the person takes part as a mentor."""
        return self.journey.is_mentor

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


def _transition_end(record: MentorshipRecord, today: date, choice: str | None) -> date | None:
    """The agreed end date while the wrap-up choice is open (in the window, none made yet)."""
    facts = PairFacts(
        mentorship_id=record.id,
        status=record.status,
        agreement_status=record.agreement_status,
        started_on=record.started_at.date(),
        end_date=record.end_date,
    )
    return record.end_date if choice is None and in_transition(facts, today) else None


def home_of(deps: Deps, team_id: str, slack_user_id: str) -> HomeView:
    """Read everything the person's Home tab shows."""
    now = deps.clock()
    listed = admins.is_listed_admin(deps, team_id, slack_user_id)
    with deps.uow(read_only=True) as uow:  # a pure read: never queues behind a writer
        settings = uow.programs.read_settings(team_id, now)
        program = settings.program_name
        key = settings.key or ""
        journey = journey_of(uow, team_id, slack_user_id, now)
        person = uow.people.by_slack_id(team_id, slack_user_id)
        if person is None or journey.stage in (Stage.NEWCOMER, Stage.LEFT):
            return HomeView(program, journey, None, listed, program_key=key)
        today = journey.today
        work = uow.repo(PairWorkRepository)
        extra = uow.repo(HomeRepository)
        choices = uow.repo(TransitionChoiceRepository)
        live = work.mentorships_of(team_id, person.id, ("active", "paused"))
        live_ids = [m.id for m in live]
        goals = work.goals_in(team_id, live_ids)
        items = work.action_items_in(team_id, live_ids, open_only=True)
        logs = work.sessions_in(team_id, live_ids)
        checkins = extra.open_check_ins(
            team_id,
            slack_user_id,
            live_ids,
            (MessageKind.CHECKIN, MessageKind.CHECKIN_REMINDER),
            now - timedelta(days=OPEN_CHECK_IN_DAYS),
        )
        hour = settings.check_in_hour
        pairs: list[PairHome] = []
        for record in live:
            chosen = choices.get(team_id, record.id, record.end_date.isoformat()) if record.end_date else None
            pair_logs = [s for s in logs if s.mentorship_id == record.id]
            last_logged = max((_aware(s.created_at) for s in pair_logs), default=None)
            sent_at = checkins.get(record.id)
            due = due_check_in(
                record.status,
                record.check_ins_from,
                record.end_date,
                record.cadence,
                person.timezone or "UTC",
                hour,
                now,
            )
            pair_items = [i for i in items if i.mentorship_id == record.id]
            pair_items.sort(key=lambda i: (i.owner_id not in (None, person.id), i.id))
            mine = [g for g in goals if g.mentorship_id == record.id]
            pairs.append(
                PairHome(
                    pair=pair_of(record),
                    me=person.id,
                    proposed_by_me=record.agreement_proposed_by == person.id,
                    first_meeting_on=record.first_meeting_on,
                    next_meeting_on=_next_meeting(record, [s.next_meeting_on for s in pair_logs], today),
                    next_check_in=due,
                    open_check_in=sent_at is not None
                    and (last_logged is None or last_logged < _aware(sent_at)),
                    transition_end=_transition_end(record, today, chosen.choice if chosen else None),
                    transition_choice=chosen.choice if chosen else None,
                    items=tuple(item_view(i) for i in pair_items),
                    goals=tuple(goal_view(g) for g in mine if g.status == "active"),
                    goals_achieved=sum(1 for g in mine if g.status == "achieved"),
                )
            )
        focus = journey.pair.id if journey.pair is not None else None
        pairs.sort(key=lambda p: p.pair.id != focus)  # the mentorship the state is about leads
        as_mentor = sum(1 for m in live if m.mentor_id == person.id)
        free = max(0, person.capacity - as_mentor) if journey.is_mentor else 0
        profile = _profile(person)
    summary = home_summary(deps, team_id, person.id)
    return HomeView(
        program=program,
        journey=journey,
        profile=profile,
        listed_admin=listed,
        pairs=tuple(pairs),
        received=summary.received,
        sent=summary.sent,
        free_seats=free,
        program_key=key,
    )


def _aware(at: datetime) -> datetime:
    """Read a stored instant as UTC (SQLite gives naive datetimes back)."""
    return at if at.tzinfo else at.replace(tzinfo=UTC)


@dataclass(frozen=True)
class MentorLoad:
    """A mentor's open mentees across programs, and the workspace's cap (None: no cap)."""

    mentees: int
    programs: int
    cap: int | None


@dataclass(frozen=True)
class ProgramHomes:
    """A person's Home across programs: one HomeView per membership (program id, view), in program
    order, and their load as a mentor across programs."""

    homes: tuple[tuple[int | None, HomeView], ...]
    load: MentorLoad | None


def mentor_load_of(deps: Deps, team_id: str, slack_user_id: str) -> MentorLoad | None:
    """The person's open mentees across programs (None when they mentor nobody)."""
    with deps.uow(read_only=True) as uow:
        identity = uow.people.identity(team_id, slack_user_id)
        if identity is None:
            return None
        mentees, spread = programs.identity_load(uow, team_id, identity.id)
        return MentorLoad(mentees, spread, programs.workspace_cap(uow, team_id)) if mentees else None


def homes_of(deps: Deps, team_id: str, slack_user_id: str) -> ProgramHomes:
    """Read the person's Home in each program they belong to (archived programs left out); with
    one membership or none, the one Home as before."""
    with deps.uow(read_only=True) as uow:
        live = {p.id for p in uow.programs.programs(team_id)}
        members = [m for m in uow.people.memberships(team_id, slack_user_id) if m.program_id in live]
    load = mentor_load_of(deps, team_id, slack_user_id)
    if len(members) <= 1:
        only = members[0].program_id if members else None
        with program_scope(only):
            return ProgramHomes(((only, home_of(deps, team_id, slack_user_id)),), load)
    homes: list[tuple[int | None, HomeView]] = []
    for member in members:
        with program_scope(member.program_id):
            homes.append((member.program_id, home_of(deps, team_id, slack_user_id)))
    return ProgramHomes(tuple(homes), load)
