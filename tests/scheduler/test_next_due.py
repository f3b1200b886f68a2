"""The planner reads only what is due, and records exactly what a full re-plan would.

Each mentorship keeps its next due instant (`next_due_at`); an idle tick reads only the mentorships
due by now. The journey test below drives three pairs' months through the real bot, as Slack does
(goals, sessions, milestones, skips, settings, a move to another time zone, a new cadence, achieved
goals, pause and resume, a person leaving, a reflection, an extension, feedback, the end), and at
hundreds of instants along the way plans twice from the same database: the due-only plan on the
bot's database, the full re-plan (every mentorship, as before the instant existed) on a copy of it.
Both must leave every table the same. A write path that forgot to clear a mentorship's instant, or
a rule that wakes too late, shows up as a row the full re-plan recorded and the due-only one did not.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.deps import Deps, build_deps
from bot.services import scheduling
from bot.wiring import make_dispatcher
from devtools.emulator import FakeSlack, Workspace
from devtools.emulator.server import TEAM_ID, Message
from handlers.slack import ids
from storage.records import Base, GoalRecord, ScheduledMessageRecord
from tests.support.factories import make_goal, make_mentorship, make_person, mentorship, rows, utc
from tests.support.scheduling import pair
from tests.support.settings import ADMIN_CHANNEL, make_settings

START = utc(2026, 3, 2, 8)  # a Monday
STEP = timedelta(hours=5, minutes=13)  # checkpoints drift across the hours of the day
IGNORED = {("mentorships", "next_due_at")}  # the due-only plan's own bookkeeping


@pytest.fixture
def db_url(sqlite_url: str) -> str:
    """SQLite only: the full re-plan runs on a byte copy of the bot's database."""
    return sqlite_url


# -- the oracle -------------------------------------------------------------------------------------
def snapshot(deps: Deps) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (queue rows by their idempotency key, not their id)."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    with deps.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if (table.name, c.name) not in IGNORED]
            if table.name == "scheduled_messages":
                columns = [c for c in columns if c.name != "id"]
            found[table.name] = sorted((tuple(r) for r in conn.execute(select(*columns))), key=repr)
    return found


@dataclass
class Twin:
    """Plans each instant twice from the same state and insists both plans did the same."""

    deps: Deps
    fake: FakeSlack
    workdir: Path
    checks: int = 0
    planned: list[int] = field(default_factory=list)  # mentorships read by each due-only plan

    def __post_init__(self) -> None:
        self.source = Path(self.deps.settings.database_url.removeprefix("sqlite:///"))
        self.copy = self.workdir / "full-replan.db"
        self.full = build_deps(make_settings(f"sqlite:///{self.copy}", self.fake))
        self.last = START

    def check(self, at: datetime) -> None:
        """Plan `at` both ways and compare; then deliver what is due (buttons people click later)."""
        self.full.engine.dispose()
        src, dst = sqlite3.connect(self.source), sqlite3.connect(self.copy)
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
        full = scheduling.plan(self.full.at(at), TEAM_ID, at, everything=True)
        due = scheduling.plan(self.deps.at(at), TEAM_ID, at)
        expected, actual = snapshot(self.full), snapshot(self.deps)
        for name, want in expected.items():
            got = actual[name]
            assert got == want, f"{name} differs at {at.isoformat()}:\n{_difference(want, got)}"
        assert due.inserted == full.inserted
        self.planned.append(due.planned)
        make_dispatcher(self.deps.at(at), rate=1e6, channel_rate=1e6).run(at)
        self.checks += 1
        self.last = at

    def until(self, end: datetime) -> None:
        """Check at every step up to `end` (and at `end`, so what is due by then has been sent)."""
        at = self.last + STEP
        while at < end:
            self.check(at)
            at += STEP
        self.check(end)

    def close(self) -> None:
        self.full.engine.dispose()


def _difference(want: list[tuple[Any, ...]], got: list[tuple[Any, ...]]) -> str:
    missing = [r for r in want if r not in got]
    extra = [r for r in got if r not in want]
    return f"only in the full re-plan: {missing}\nonly in the due-only plan: {extra}"


@pytest.fixture
def twin(deps: Deps, fake_slack: FakeSlack, tmp_path: Path) -> Iterator[Twin]:
    built = Twin(deps, fake_slack, tmp_path)
    yield built
    built.close()


# -- the journey ------------------------------------------------------------------------------------
def _button(action_id: str, value: int) -> Message:
    """A message with one button (a list the person saw earlier, say)."""
    blocks = [
        {"type": "actions", "elements": [{"type": "button", "action_id": action_id, "value": str(value)}]}
    ]
    return Message(channel="C0GENERAL", ts="1.1", text="", blocks=blocks, user="bot")


def _goal(deps: Deps, mentorship_id: int) -> GoalRecord:
    return next(g for g in rows(deps, GoalRecord) if g.mentorship_id == mentorship_id)


def test_every_tick_records_what_a_full_re_plan_would_through_a_journey_of_user_actions(
    deps: Deps, fake_slack: FakeSlack, ws: Workspace, twin: Twin
) -> None:
    deps.clock.set(START)  # type: ignore[attr-defined]
    fake_slack.set_members(ADMIN_CHANNEL, ["U0SAM"])
    sam = ws.person("U0SAM", "Sam Rivera")
    _, _, journey = pair(
        deps,
        fake_slack,
        ("U0ADA", "Ada", "Europe/London"),
        ("U0BO", "Bo", "America/New_York"),
        cadence="weekly",
        weeks=12,
        mentor_public_shoutouts=True,
        mentee_public_shoutouts=True,
    )
    # Cy is far ahead of UTC: her 10:00 comes before the UTC day her nudge is counted in begins.
    cy_rec, _, leaving = pair(
        deps,
        fake_slack,
        ("U0CY", "Cy", "Pacific/Auckland"),
        ("U0DI", "Di", "America/Los_Angeles"),
        cadence="weekly",
        weeks=8,
    )
    # A goal nobody achieves: a reminder, then overdue.
    make_goal(deps, leaving, cy_rec, date(2026, 3, 25), title="Run one team retro on my own")
    pair(
        deps,
        fake_slack,
        ("U0ED", "Ed", "Australia/Sydney"),
        ("U0FLO", "Flo", "Europe/Berlin"),
        started_at=utc(2026, 2, 2, 8),
        weeks=16,
        status="paused",
        paused_until=date(2026, 3, 20),
    )
    gus = make_person(deps, "U0GUS", "mentor", name="Gus")
    hal = make_person(deps, "U0HAL", "mentee", name="Hal", timezone="Pacific/Auckland")
    for uid, name in (("U0GUS", "Gus"), ("U0HAL", "Hal")):
        fake_slack.add_user(uid, name)
    make_mentorship(
        deps,
        gus,
        hal,
        started_at=utc(2025, 10, 6, 8),
        status="ended",
        ended_at=utc(2026, 1, 12, 9),
        stay_in_touch=True,
    )
    ada = ws.person("U0ADA", "Ada", tz="Europe/London")
    bo = ws.person("U0BO", "Bo", tz="America/New_York")

    def set_goal() -> None:
        bo.command("goal")
        bo.submit(
            {
                ids.GOAL_TITLE: "Give a 20-minute talk on our data pipeline at the analytics guild",
                ids.GOAL_MEASURE: "Talk delivered and feedback from 3 colleagues",
                ids.GOAL_RELEVANCE: "I want to grow into a lead role",
                ids.GOAL_TARGET: "2026-04-10",
                ids.GOAL_MILESTONES: "Draft the outline - 2026-03-20\nDry run with Ada (2026-04-01)",
            }
        )
        fake_slack.wait_for(lambda: rows(deps, GoalRecord))

    def log_session() -> None:
        ada.command("log")
        ada.submit(
            {ids.SESSION_TAKEAWAYS: "Stakeholder maps", ids.SESSION_ACTIONS: "partner: draft the outline"}
        )
        fake_slack.wait_for(lambda: mentorship(deps, journey.id).session_count == 1)

    def tick_off_milestone() -> None:
        first = _goal(deps, journey.id).milestones[0]
        ada.click(ids.GOAL_MILESTONE_DONE, message=_button(ids.GOAL_MILESTONE_DONE, first.id))
        fake_slack.wait_for(lambda: _goal(deps, journey.id).milestones[0].completed_at is not None)

    def skip_check_in() -> None:
        bo.click(ids.CHECKIN_SKIP, message=bo.last_dm(containing="Time for a check-in"))
        fake_slack.wait_for(lambda: "skipped" in bo.last_dm(containing="check-in").all_text())

    def later_check_in_hour() -> None:
        sam.command("admin settings")
        sam.submit({ids.ADMIN_SETTINGS_HOUR: "15"})

    def move_to_tokyo() -> None:
        with fake_slack.lock:
            fake_slack.state.users["U0BO"]["tz"] = "Asia/Tokyo"
        bo.command("profile")
        bo.submit()
        fake_slack.wait_for(lambda: _person_zone(deps, "U0BO") == "Asia/Tokyo")

    def new_cadence() -> None:
        ada.click(ids.CADENCE_ADJUST, message=ada.last_dm(containing="haven't logged a session"))
        ada.submit({ids.CADENCE_CHOICE: "biweekly"})
        fake_slack.wait_for(lambda: mentorship(deps, journey.id).cadence == "biweekly")

    def achieve_goal() -> None:
        goal = _goal(deps, journey.id)
        bo.click(ids.GOAL_ACHIEVED, message=_button(ids.GOAL_ACHIEVED, goal.id))
        fake_slack.wait_for(lambda: _goal(deps, journey.id).status == "achieved")

    def pause() -> None:
        bo.command("pause until 2026-04-20")
        fake_slack.wait_for(lambda: mentorship(deps, journey.id).status == "paused")

    def resume() -> None:
        ada.command("resume")
        fake_slack.wait_for(lambda: mentorship(deps, journey.id).status == "active")

    def someone_leaves() -> None:
        ws.user_deactivated("U0DI")
        fake_slack.wait_for(lambda: mentorship(deps, leaving.id).status == "paused")

    def reflect() -> None:
        ada.click(ids.REFLECTION_OPEN, message=ada.last_dm(containing="halfway"))
        ada.submit({ids.REFLECTION_PROGRESS: "4", ids.REFLECTION_RELATIONSHIP: "5"})
        ada.last_dm(containing="Thank you")

    def extend() -> None:
        bo.click(ids.TRANSITION_EXTEND, message=bo.last_dm(containing="due to end"))
        fake_slack.wait_for(lambda: mentorship(deps, journey.id).end_date == date(2026, 7, 20))

    def feedback() -> None:
        bo.command("feedback")
        bo.submit(
            {
                ids.FEEDBACK_WELL: "When you drew the pipeline on the whiteboard it clicked for me",
                ids.FEEDBACK_BETTER: "Our last two sessions started 10 minutes late",
                ids.FEEDBACK_SUGGESTION: "Send a calendar invite with an agenda the day before",
                ids.FEEDBACK_RATING: "4",
            }
        )
        ada.last_dm(containing="private feedback")

    def end() -> None:
        ada.command("end")
        ada.submit({ids.END_REASON: "goals_achieved", ids.END_STAY: "yes"})
        fake_slack.wait_for(lambda: mentorship(deps, journey.id).status == "ended")

    actions: list[tuple[datetime, Callable[[], None]]] = [
        (utc(2026, 3, 3, 14), set_goal),
        (utc(2026, 3, 10, 13), log_session),
        (utc(2026, 3, 12, 15), tick_off_milestone),
        (utc(2026, 3, 16, 16), skip_check_in),
        (utc(2026, 3, 18, 10), later_check_in_hour),
        (utc(2026, 3, 24, 12), move_to_tokyo),
        (utc(2026, 4, 1, 9), new_cadence),
        (utc(2026, 4, 6, 12), achieve_goal),
        (utc(2026, 4, 8, 12), pause),
        (utc(2026, 4, 13, 12), resume),
        (utc(2026, 4, 20, 12), someone_leaves),
        (utc(2026, 5, 5, 16), reflect),
        (utc(2026, 5, 12, 17), extend),
        (utc(2026, 5, 13, 12), feedback),
        (utc(2026, 6, 1, 12), end),
    ]
    twin.check(START)
    for when, act in actions:
        twin.until(when)
        deps.clock.set(when)  # type: ignore[attr-defined]
        act()
        twin.check(when + timedelta(minutes=1))  # the next tick after it
    twin.until(utc(2026, 9, 7, 8))  # past the stay-in-touch note, 90 days after the end

    # The journey reached every kind of message, and most ticks read (almost) nothing.
    kinds = _kinds(deps)
    assert {
        "checkin",
        "celebrate",
        "shoutout",
        "goal_reminder",
        "goal_overdue",
        "missed_nudge",
        "at_risk",
        "resumed",
        "partner_gone",
        "person_gone",
        "reflection",
        "transition",
        "closing",
        "stay_in_touch",
        "digest",
    } <= kinds, kinds
    assert twin.checks > 800
    idle = sum(1 for n in twin.planned if n == 0)
    assert idle > twin.checks / 2, twin.planned


def _kinds(deps: Deps) -> set[str]:
    with deps.uow() as uow:
        return set(uow.session.scalars(select(ScheduledMessageRecord.kind).distinct()))


def _person_zone(deps: Deps, slack_user_id: str) -> str:
    with deps.uow() as uow:
        person = uow.people.by_slack_id(TEAM_ID, slack_user_id)
        return person.timezone if person is not None else ""


def test_a_tick_as_of_an_earlier_instant_wakes_the_pair_when_its_news_comes_due(
    deps: Deps, fake_slack: FakeSlack, ws: Workspace, twin: Twin
) -> None:
    """`mentorbot tick --at` an instant before a milestone was ticked off: no celebration yet (it
    lies ahead), and the pair is planned again at that moment, not at its next check-in."""
    deps.clock.set(START)  # type: ignore[attr-defined]
    _, bo_rec, record = pair(deps, fake_slack, cadence="weekly", weeks=12)
    goal = make_goal(deps, record, bo_rec, date(2026, 4, 24), milestones=("Outline",))
    milestone_id = goal.milestones[0].id
    twin.check(START)
    ticked = utc(2026, 3, 5, 12)
    deps.clock.set(ticked)  # type: ignore[attr-defined]
    ada = ws.person("U0ADA", "Ada", tz="Europe/London")
    ada.click(ids.GOAL_MILESTONE_DONE, message=_button(ids.GOAL_MILESTONE_DONE, milestone_id))
    fake_slack.wait_for(lambda: _goal(deps, record.id).milestones[0].completed_at is not None)
    twin.check(ticked - timedelta(hours=1))
    assert mentorship(deps, record.id).next_due_at == ticked
    twin.check(ticked + timedelta(minutes=1))
    assert ada.last_dm(containing="milestone") is not None
