"""ORM records for every table. Every row carries its workspace (`team_id`); no query crosses it.

Times are UTC (`UTCDateTime`); calendar days (goal targets, end dates) are plain dates.
Free text a person wrote (intros, goals, session notes, feedback) lives only in these tables and
is never logged.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, synonym

from storage.types import UTCDateTime

TEAM = String(32)
USER = String(32)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base with a naming convention so Alembic names constraints the same everywhere."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
    }


Base.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class WorkspaceRecord(Base):
    """A Slack workspace the bot serves (one for a single-workspace install)."""

    __tablename__ = "workspaces"

    team_id: Mapped[str] = mapped_column(TEAM, primary_key=True)
    name: Mapped[str | None] = mapped_column(String(200))
    enterprise_id: Mapped[str | None] = mapped_column(String(32))
    bot_user_id: Mapped[str | None] = mapped_column(USER)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    uninstalled_at: Mapped[datetime | None]
    # The most mentees one mentor may have across all programs at once (None: no workspace cap).
    mentor_cap: Mapped[int | None] = mapped_column(Integer)


class InstallationRecord(Base):
    """An OAuth installation; tokens are encrypted at rest with a key id for rotation."""

    __tablename__ = "installations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str | None] = mapped_column(TEAM, index=True)
    enterprise_id: Mapped[str | None] = mapped_column(String(32))
    is_enterprise_install: Mapped[bool] = mapped_column(Boolean, default=False)
    app_id: Mapped[str | None] = mapped_column(String(32))
    bot_id: Mapped[str | None] = mapped_column(String(32))
    bot_user_id: Mapped[str | None] = mapped_column(USER)
    installer_user_id: Mapped[str | None] = mapped_column(USER)
    bot_scopes: Mapped[str | None] = mapped_column(Text)
    bot_token_enc: Mapped[str | None] = mapped_column(Text)
    bot_refresh_token_enc: Mapped[str | None] = mapped_column(Text)
    bot_token_expires_at: Mapped[datetime | None]
    key_id: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    installed_at: Mapped[datetime]


class OAuthStateRecord(Base):
    """A single-use OAuth state value."""

    __tablename__ = "oauth_states"

    state: Mapped[str] = mapped_column(String(200), primary_key=True)
    expires_at: Mapped[datetime]


class ProgramRecord(Base):
    """A program in a workspace: its name, key, format, channels, status and its own settings.

    Admins edit the settings in Slack; changes take effect without a restart. A workspace's first
    program (lowest id) falls back to the operator's MENTORBOT_ADMIN_CHANNEL and
    MENTORBOT_PROGRAM_CHANNEL when its own channels are unset; no other program does.
    """

    __tablename__ = "programs"
    __table_args__ = (UniqueConstraint("team_id", "key", name="uq_programs_team_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(TEAM, index=True)
    key: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(100), default="Mentorship Program")
    format: Mapped[str] = mapped_column(String(16), default="mentorship")  # mentorship | circles
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | running | archived
    program_channel: Mapped[str | None] = mapped_column(String(32))
    admin_channel: Mapped[str | None] = mapped_column(String(32))
    default_cadence: Mapped[str] = mapped_column(String(16), default="biweekly")
    program_length_weeks: Mapped[int] = mapped_column(Integer, default=24)
    check_in_hour: Mapped[int] = mapped_column(Integer, default=10)
    request_expiry_days: Mapped[int] = mapped_column(Integer, default=3)
    matching_weights: Mapped[dict[str, Any]] = mapped_column(default=dict)
    repeat_cooldown_days: Mapped[int | None] = mapped_column(Integer)
    celebration_channel: Mapped[str | None] = mapped_column(String(32))
    allow_shoutouts: Mapped[bool] = mapped_column(Boolean, default=True)
    # The program's own zone, for messages to channels (the weekly admin digest); IANA name.
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    # The report hides a figure computed from private answers (scores, ratings) with fewer people.
    report_threshold: Mapped[int] = mapped_column(Integer, default=5)
    # Circles programs: who may join (mentors | mentees | everyone), circle sizes, how long a circle
    # runs before re-forming, its meeting rhythm, and how many rounds before two people may share a
    # circle again (None: never, while others are available).
    circle_audience: Mapped[str] = mapped_column(String(16), default="everyone")
    circle_min_size: Mapped[int] = mapped_column(Integer, default=4)
    circle_max_size: Mapped[int] = mapped_column(Integer, default=6)
    circle_weeks: Mapped[int] = mapped_column(Integer, default=12)
    circle_cadence: Mapped[str] = mapped_column(String(16), default="biweekly")
    circle_cooldown_rounds: Mapped[int | None] = mapped_column(Integer)
    # Scheduled matching rounds: every N weeks (None: off) on a weekday (0 = Monday), from the
    # anchor date (the first round); proposed to the admin channel, or approved by itself.
    round_every_weeks: Mapped[int | None] = mapped_column(Integer)
    round_weekday: Mapped[int | None] = mapped_column(Integer)
    round_anchor: Mapped[date | None] = mapped_column(Date)
    round_auto_approve: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime]
    updated_by: Mapped[str | None] = mapped_column(USER)
    updated_at: Mapped[datetime]

    # The settings form and older code call the name `program_name`.
    program_name = synonym("name")


class IdentityRecord(Base):
    """A person's one identity in a workspace, shared by all their program memberships."""

    __tablename__ = "identities"
    __table_args__ = (UniqueConstraint("team_id", "slack_user_id", name="uq_identities_team_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(TEAM, index=True)
    slack_user_id: Mapped[str] = mapped_column(USER)
    name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(String(320))
    department: Mapped[str | None] = mapped_column(String(100))
    manager_slack_id: Mapped[str | None] = mapped_column(USER)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    public_shoutouts: Mapped[bool] = mapped_column(Boolean, default=False)
    # Slack user ids this person is never paired with, in any program (a hard constraint).
    do_not_match: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=_utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=_utcnow)


IDENTITY_FIELDS = (
    "name",
    "email",
    "department",
    "manager_slack_id",
    "timezone",
    "public_shoutouts",
    "do_not_match",
)


class _FromIdentity:
    """An attribute of the person's shared identity, read and written through the membership."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, person: Any, owner: Any = None) -> Any:
        if person is None:
            return getattr(IdentityRecord, self.name)
        return getattr(person.identity, self.name)

    def __set__(self, person: Any, value: Any) -> None:
        setattr(person.identity, self.name, value)


class PersonRecord(Base):
    """A person's membership in one program: role, topics, capacity, rhythm, status.

    Topics are stored normalised (see bot.domain.topics). The shared identity (name, time zone,
    department, manager, email, shout-out preference, never-pair list) lives in `identities` and
    reads through here (`person.timezone`); every membership of a person shares it. A membership
    built without a program joins the workspace's first program (see storage.defaults).
    """

    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("program_id", "slack_user_id", name="uq_people_program_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(TEAM, index=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), index=True)
    identity_id: Mapped[int] = mapped_column(ForeignKey("identities.id"), index=True)
    slack_user_id: Mapped[str] = mapped_column(USER)
    role: Mapped[str | None] = mapped_column(String(16))  # mentor | mentee | both | None (invited)
    offers: Mapped[list[Any]] = mapped_column(default=list)
    wants: Mapped[list[Any]] = mapped_column(default=list)
    reasons: Mapped[list[Any]] = mapped_column(default=list)
    capacity: Mapped[int] = mapped_column(Integer, default=1)
    cadence: Mapped[str] = mapped_column(String(16), default="biweekly")
    formats: Mapped[list[Any]] = mapped_column(default=list)
    intro: Mapped[str] = mapped_column(Text, default="")
    # active | paused | inactive (deactivated in Slack) | opted_out (left the program)
    status: Mapped[str] = mapped_column(String(16), default="active")
    paused_until: Mapped[date | None] = mapped_column(Date)
    invited_at: Mapped[datetime | None]
    joined_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    identity: Mapped[IdentityRecord] = relationship(lazy="joined", innerjoin=True)

    name = _FromIdentity("name")
    email = _FromIdentity("email")
    department = _FromIdentity("department")
    manager_slack_id = _FromIdentity("manager_slack_id")
    timezone = _FromIdentity("timezone")
    public_shoutouts = _FromIdentity("public_shoutouts")
    do_not_match = _FromIdentity("do_not_match")

    def __init__(self, **values: Any) -> None:
        shared = {k: values.pop(k) for k in IDENTITY_FIELDS if k in values}
        identity = values.pop("identity", None)
        super().__init__(**values)
        if identity is None:
            identity = IdentityRecord(
                team_id=values.get("team_id"),
                slack_user_id=values.get("slack_user_id"),
                created_at=values.get("created_at") or _utcnow(),
                updated_at=values.get("updated_at") or _utcnow(),
            )
            for name, default in _IDENTITY_DEFAULTS.items():
                setattr(identity, name, default() if callable(default) else default)
        self.identity = identity
        for name, value in shared.items():
            setattr(identity, name, value)
        # Which identity fields the constructor named (so a shared identity found at flush takes them).
        self._identity_given = frozenset(shared)


_IDENTITY_DEFAULTS: dict[str, Any] = {
    "name": "",
    "timezone": "UTC",
    "public_shoutouts": False,
    "do_not_match": list,
}


class AdminRecord(Base):
    """A program admin kept in the database (besides the admin channel and workspace admins).

    `program_id` None: an admin of every program in the workspace (as before programs existed).
    """

    __tablename__ = "admins"
    __table_args__ = (
        UniqueConstraint("team_id", "slack_user_id", "program_id", name="uq_admins_team_user_program"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(TEAM, index=True)
    program_id: Mapped[int | None] = mapped_column(Integer)
    slack_user_id: Mapped[str] = mapped_column(USER)
    added_by: Mapped[str | None] = mapped_column(USER)
    created_at: Mapped[datetime]


class InboxRecord(Base):
    """Event inbox: one row per delivered Slack event or interaction, so retries run once."""

    __tablename__ = "event_inbox"
    __table_args__ = (UniqueConstraint("team_id", "key", name="uq_event_inbox_team_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(TEAM)
    key: Mapped[str] = mapped_column(String(255))
    received_at: Mapped[datetime] = mapped_column(index=True)


class MentorshipRecord(Base):
    """A mentor-mentee pair, from proposal or request to its end, with the agreed terms."""

    __tablename__ = "mentorships"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(TEAM, index=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), index=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | paused | ended
    source: Mapped[str] = mapped_column(String(16), default="round")  # round | request | import
    round_id: Mapped[int | None] = mapped_column(ForeignKey("match_rounds.id"))
    match_score: Mapped[int | None] = mapped_column(Integer)
    match_reasons: Mapped[list[Any]] = mapped_column(default=list)
    group_channel_id: Mapped[str | None] = mapped_column(String(32))
    started_at: Mapped[datetime]
    paused_until: Mapped[date | None] = mapped_column(Date)
    paused_by: Mapped[int | None] = mapped_column(Integer)
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[str | None] = mapped_column(String(32))  # goals_achieved|schedule|not_a_fit|other|...
    ended_by: Mapped[int | None] = mapped_column(Integer)
    stay_in_touch: Mapped[bool] = mapped_column(Boolean, default=False)
    rematch_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    # The agreement: what the pair settled on; the scheduler uses cadence and end_date.
    agreement_status: Mapped[str] = mapped_column(String(16), default="none")  # none|proposed|agreed|changes
    agreement_proposed_by: Mapped[int | None] = mapped_column(Integer)
    # The ts of the latest proposal message in the group DM: the only agreement message rewritten.
    agreement_message_ts: Mapped[str | None] = mapped_column(String(32))
    cadence: Mapped[str] = mapped_column(String(16), default="biweekly")
    meeting_format: Mapped[str | None] = mapped_column(String(16))
    end_date: Mapped[date | None] = mapped_column(Date)
    first_meeting_on: Mapped[date | None] = mapped_column(Date)  # the proposer's local date of it
    # The agreed first meeting as an instant, and the proposer's zone it was entered in (the
    # calendar invite's TZID, so the series keeps its local time across DST).
    first_meeting_at: Mapped[datetime | None]
    meeting_zone: Mapped[str | None] = mapped_column(String(64))
    # The calendar invite's SEQUENCE last queued for the group DM; None before the first one.
    calendar_sequence: Mapped[int | None] = mapped_column(Integer)
    boundaries: Mapped[str] = mapped_column(Text, default="")
    confidentiality_ack: Mapped[bool] = mapped_column(Boolean, default=False)
    agreement_note: Mapped[str] = mapped_column(Text, default="")
    agreed_at: Mapped[datetime | None]
    check_ins_from: Mapped[date | None] = mapped_column(Date)
    last_session_on: Mapped[date | None] = mapped_column(Date)
    session_count: Mapped[int] = mapped_column(Integer, default=0)
    at_risk: Mapped[bool] = mapped_column(Boolean, default=False)
    # The earliest instant any scheduler rule could next produce work or a state change for the
    # pair (kept by the planner; see bot.services.scheduling.planner). NULL: not known, plan it on
    # the next tick. Every write the rules read clears it in the same transaction (storage.next_due).
    next_due_at: Mapped[datetime | None]

    mentor: Mapped[PersonRecord] = relationship(foreign_keys=[mentor_id], lazy="joined")
    mentee: Mapped[PersonRecord] = relationship(foreign_keys=[mentee_id], lazy="joined")


Index("ix_mentorships_team_status", MentorshipRecord.team_id, MentorshipRecord.status)
Index(
    "ix_mentorships_team_status_next_due",
    MentorshipRecord.team_id,
    MentorshipRecord.status,
    MentorshipRecord.next_due_at,
)


class MatchRoundRecord(Base):
    """An admin matching round: a proposal that is approved once or discarded."""

    __tablename__ = "match_rounds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(TEAM, index=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="proposed")  # proposed|approved|discarded
    proposal: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_by: Mapped[str | None] = mapped_column(USER)
    created_at: Mapped[datetime]
    decided_by: Mapped[str | None] = mapped_column(USER)
    decided_at: Mapped[datetime | None]
    message_channel: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    # Moves on with each admin edit (remove, swap); a button carrying an older one changes nothing.
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class MentorRequestRecord(Base):
    """A mentee's personal request to a mentor."""

    __tablename__ = "mentor_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(TEAM, index=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), index=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    message: Mapped[str] = mapped_column(Text, default="")
    # pending | accepted | declined | withdrawn | expired
    status: Mapped[str] = mapped_column(String(16), default="pending")
    decline_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    responded_at: Mapped[datetime | None]
    expires_at: Mapped[datetime]
    mentorship_id: Mapped[int | None] = mapped_column(ForeignKey("mentorships.id"))
    prompt_channel: Mapped[str | None] = mapped_column(String(32))
    prompt_ts: Mapped[str | None] = mapped_column(String(32))

    mentor: Mapped[PersonRecord] = relationship(foreign_keys=[mentor_id], lazy="joined")
    mentee: Mapped[PersonRecord] = relationship(foreign_keys=[mentee_id], lazy="joined")


Index(
    "ix_mentor_requests_team_status_expires",
    MentorRequestRecord.team_id,
    MentorRequestRecord.status,
    MentorRequestRecord.expires_at,
)


class GoalRecord(Base):
    """A SMART goal within a mentorship."""

    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(TEAM, index=True)
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorships.id"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    title: Mapped[str] = mapped_column(Text)
    measure: Mapped[str] = mapped_column(Text, default="")
    relevance: Mapped[str] = mapped_column(Text, default="")
    target_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | achieved | closed
    progress: Mapped[int] = mapped_column(Integer, default=0)  # percent
    date_changes: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime]
    achieved_at: Mapped[datetime | None]

    milestones: Mapped[list[MilestoneRecord]] = relationship(
        order_by="MilestoneRecord.position", lazy="selectin", cascade="all, delete-orphan"
    )


class MilestoneRecord(Base):
    """A first step towards a goal."""

    __tablename__ = "milestones"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(TEAM, index=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(Text)
    due_date: Mapped[date | None] = mapped_column(Date)
    completed_at: Mapped[datetime | None]


class SessionLogRecord(Base):
    """A logged meeting: takeaways seen only by the pair."""

    __tablename__ = "session_logs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(TEAM, index=True)
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorships.id"), index=True)
    logged_by: Mapped[int] = mapped_column(ForeignKey("people.id"))
    held_on: Mapped[date] = mapped_column(Date)
    takeaways: Mapped[str] = mapped_column(Text, default="")
    next_meeting_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime]


class ActionItemRecord(Base):
    """An action item from a session; open until ticked off."""

    __tablename__ = "action_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(TEAM, index=True)
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorships.id"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("session_logs.id"))
    text: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(Integer)  # a person id, or None for both
    created_at: Mapped[datetime]
    done_at: Mapped[datetime | None]


class FeedbackRecord(Base):
    """Private feedback: only its recipient ever sees the text."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(TEAM, index=True)
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorships.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    recipient_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    going_well: Mapped[str] = mapped_column(Text, default="")
    could_improve: Mapped[str] = mapped_column(Text, default="")
    suggestion: Mapped[str] = mapped_column(Text, default="")
    program_rating: Mapped[int | None] = mapped_column(Integer)  # 1-5, admins see aggregates only
    created_at: Mapped[datetime]


class ReflectionRecord(Base):
    """Midpoint and closing reflections: scores feed aggregates; comments stay private."""

    __tablename__ = "reflections"
    __table_args__ = (UniqueConstraint("mentorship_id", "person_id", "kind", name="uq_reflections_once"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(TEAM, index=True)
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorships.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    kind: Mapped[str] = mapped_column(String(16))  # midpoint | closing
    progress_score: Mapped[int | None] = mapped_column(Integer)
    relationship_score: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]


class ConcernRecord(Base):
    """A confidential note to program admins (the text goes to the admin channel only)."""

    __tablename__ = "concerns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(TEAM, index=True)
    program_id: Mapped[int | None] = mapped_column(Integer)
    author_id: Mapped[int | None] = mapped_column(Integer)
    mentorship_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime]


class ScheduledMessageRecord(Base):
    """Due work: one row per message to send, keyed for exactly-once delivery.

    The unique key (team, mentorship, kind, period, recipient) is the idempotency key. States:
    pending -> claimed -> sent | unknown (ambiguous failure, reconcile before resend) | failed
    | cancelled. A claim has a lease; an expired lease may be re-claimed by another dispatcher.
    """

    __tablename__ = "scheduled_messages"
    __table_args__ = (
        UniqueConstraint(
            "team_id",
            "mentorship_id",
            "kind",
            "period_key",
            "recipient",
            name="uq_scheduled_messages_idempotency",
        ),
        Index("ix_scheduled_messages_due", "state", "due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(TEAM)
    program_id: Mapped[int | None] = mapped_column(Integer)  # for program-level messages
    mentorship_id: Mapped[int] = mapped_column(Integer, default=0)  # 0 for program-level messages
    kind: Mapped[str] = mapped_column(String(32))
    period_key: Mapped[str] = mapped_column(String(64))
    recipient: Mapped[str] = mapped_column(String(32))  # slack user id or channel id
    due_at: Mapped[datetime]
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_until: Mapped[datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    slack_channel: Mapped[str | None] = mapped_column(String(32))
    slack_ts: Mapped[str | None] = mapped_column(String(32))
    last_error: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]


class AuditRecord(Base):
    """Append-only audit log of admin actions: who, what, when, outcome (no private text)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(TEAM, index=True)
    program_id: Mapped[int | None] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(USER)
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str | None] = mapped_column(String(200))
    outcome: Mapped[str] = mapped_column(String(32), default="ok")
    created_at: Mapped[datetime]


class DmChannelRecord(Base):
    """Cached DM channel ids so sends need no conversations.open each time."""

    __tablename__ = "dm_channels"
    __table_args__ = (UniqueConstraint("team_id", "slack_user_id", name="uq_dm_channels_team_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(TEAM)
    slack_user_id: Mapped[str] = mapped_column(USER)
    channel_id: Mapped[str] = mapped_column(String(32))


class FormTokenRecord(Base):
    """A one-time token for an opened form (modal): consumed with the save, so a form saves once.

    Submissions that carry no token (a form opened before tokens existed) are keyed on the Slack
    view id and callback id instead (`token` = "view:<view id>:<callback id>").
    """

    __tablename__ = "form_tokens"
    __table_args__ = (UniqueConstraint("token", name="uq_form_tokens_token"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token: Mapped[str] = mapped_column(String(160))
    team_id: Mapped[str] = mapped_column(TEAM)
    user_id: Mapped[str] = mapped_column(USER)
    callback_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(index=True)
    used_at: Mapped[datetime | None]


class TransitionChoiceRecord(Base):
    """The one choice a pair made at the end of a term (window = the end date when asked)."""

    __tablename__ = "transition_choices"
    __table_args__ = (
        UniqueConstraint("mentorship_id", "window", name="uq_transition_choices_mentorship_window"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(TEAM, index=True)
    mentorship_id: Mapped[int] = mapped_column(Integer)
    window: Mapped[str] = mapped_column(String(32))
    choice: Mapped[str] = mapped_column(String(16))
    chosen_by: Mapped[str] = mapped_column(USER)
    chosen_at: Mapped[datetime]


class CircleRoundRecord(Base):
    """A circles round of a circles program: a proposal approved once or discarded."""

    __tablename__ = "circle_rounds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(TEAM, index=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="proposed")  # proposed|approved|discarded
    proposal: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_by: Mapped[str | None] = mapped_column(USER)
    created_at: Mapped[datetime]
    decided_by: Mapped[str | None] = mapped_column(USER)
    decided_at: Mapped[datetime | None]
    message_channel: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))


class CircleRecord(Base):
    """A peer circle: a few members of a circles program who meet every cycle for a run of weeks.

    The host rotates through the members present in seat order, one cycle each; `host_position` is
    the rotation's offset (see bot.domain.circles.rhythm). Cycles count from the start day (the
    program's local day of `started_at`); `last_met_on` is the last day a meeting was logged.
    Status: active, short (fewer seats than the program's minimum: regrouped at the next round, and
    meeting until then) or ended.
    """

    __tablename__ = "circles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(TEAM, index=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), index=True)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("circle_rounds.id"))
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | short | ended
    score: Mapped[int | None] = mapped_column(Integer)
    reasons: Mapped[list[Any]] = mapped_column(default=list)
    group_channel_id: Mapped[str | None] = mapped_column(String(32))
    started_at: Mapped[datetime]
    ends_on: Mapped[date] = mapped_column(Date)
    cadence: Mapped[str] = mapped_column(String(16), default="biweekly")
    host_position: Mapped[int] = mapped_column(Integer, default=0)
    last_met_on: Mapped[date | None] = mapped_column(Date)
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[str | None] = mapped_column(String(32))  # run_over | merged | too_small | archived


class CircleMemberRecord(Base):
    """A membership's seat in a circle (`position` orders the host rotation)."""

    __tablename__ = "circle_members"
    __table_args__ = (UniqueConstraint("circle_id", "person_id", name="uq_circle_members_circle_person"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(TEAM, index=True)
    circle_id: Mapped[int] = mapped_column(ForeignKey("circles.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | paused | left
    joined_at: Mapped[datetime]
    left_at: Mapped[datetime | None]

    person: Mapped[PersonRecord] = relationship(lazy="joined")


class CircleLogRecord(Base):
    """The host's log of one cycle: did the circle meet, and a short summary all members see."""

    __tablename__ = "circle_logs"
    __table_args__ = (UniqueConstraint("circle_id", "cycle", name="uq_circle_logs_circle_cycle"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(TEAM, index=True)
    circle_id: Mapped[int] = mapped_column(ForeignKey("circles.id"), index=True)
    cycle: Mapped[int] = mapped_column(Integer)
    logged_by: Mapped[int] = mapped_column(ForeignKey("people.id"))
    met: Mapped[bool] = mapped_column(Boolean, default=True)
    held_on: Mapped[date | None] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]


class CircleReflectionRecord(Base):
    """A member's closing reflection on their circle: the score feeds aggregates; the comment is private."""

    __tablename__ = "circle_reflections"
    __table_args__ = (UniqueConstraint("circle_id", "person_id", name="uq_circle_reflections_once"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(TEAM, index=True)
    circle_id: Mapped[int] = mapped_column(ForeignKey("circles.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]


class CirclePromptRecord(Base):
    """A conversation prompt an admin added to a circles program's bank (beside the built-in ones)."""

    __tablename__ = "circle_prompts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(TEAM, index=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # win | challenge | resource | goal | conflict | other
    text: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str | None] = mapped_column(USER)
    created_at: Mapped[datetime]


class QuestionRecord(Base):
    """A custom profile question a program's admins wrote (at most ten open per program).

    `options` is a list of {"id", "label", "archived"} in the admin's order (lowest level first
    for the "above" rule). Answers name option ids, so renaming an option keeps them; a removed
    option is archived, never deleted, and an archived question keeps its answers.
    """

    __tablename__ = "profile_questions"
    __table_args__ = (UniqueConstraint("program_id", "key", name="uq_profile_questions_program_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(TEAM, index=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), index=True)
    key: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(150))
    kind: Mapped[str] = mapped_column(String(16), default="single")  # single | multiple
    options: Mapped[list[Any]] = mapped_column(default=list)
    rule: Mapped[str] = mapped_column(String(16), default="same")  # same | different | above | must_match
    weight: Mapped[float] = mapped_column(Float, default=0.1)
    reason: Mapped[str] = mapped_column(String(150), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    updated_by: Mapped[str | None] = mapped_column(USER)
    updated_at: Mapped[datetime]


class AnswerRecord(Base):
    """A membership's answer to one of its program's custom questions: option ids."""

    __tablename__ = "profile_answers"
    __table_args__ = (
        UniqueConstraint("person_id", "question_key", name="uq_profile_answers_person_question"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(TEAM, index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    question_key: Mapped[str] = mapped_column(String(40))
    values: Mapped[list[Any]] = mapped_column(default=list)
    updated_at: Mapped[datetime]
