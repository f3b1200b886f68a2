"""Demo scene: fast-forward a whole program with the scheduler's tick.

Bo and Ada meet regularly (check-ins, logged sessions, first and fifth session celebrations, a
midpoint reflection, the transition nudge and the close); Maya and Grace drift apart (a gentle
nudge, then an at-risk flag in the admin channel).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from bot.wiring import tick
from devtools.demoscenes._setup import ensure_joined, find_pair
from handlers.slack import ids
from storage.records import MentorshipRecord, SessionLogRecord

if TYPE_CHECKING:
    from devtools.demo import Demo
    from devtools.emulator import Person

START = datetime(2026, 3, 2, 6, tzinfo=UTC)  # a Monday morning
WEEKS = 12


def _pair(demo: Demo, mentor: Person, mentee: Person, topics: tuple[str, ...]) -> int:
    """The pair an earlier scene made, or a fresh agreed one starting now."""
    found = find_pair(demo, mentor, mentee)
    m = ensure_joined(demo, mentor, "mentor", topics)
    e = ensure_joined(demo, mentee, "mentee", topics)
    with demo.deps.uow() as uow:
        record = uow.session.get(MentorshipRecord, found.id) if found is not None else None
        if record is None:
            record = MentorshipRecord(
                team_id=demo.ws.team_id,
                mentor_id=m.id,
                mentee_id=e.id,
                status="active",
                source="round",
                match_reasons=[],
                started_at=START,
            )
            uow.session.add(record)
        record.status, record.started_at, record.cadence = "active", START, "biweekly"
        record.agreement_status, record.check_ins_from = "agreed", START.date()
        record.end_date = START.date() + timedelta(weeks=WEEKS)
        uow.flush()
        return record.id


def _log(demo: Demo, mentorship_id: int, who: Person) -> None:
    """Log a session straight into the store (the session-log form belongs to the workflows scene)."""
    now = demo.clock()
    with demo.deps.uow() as uow:
        person = uow.people.by_slack_id(demo.ws.team_id, who.id)
        record = uow.session.get(MentorshipRecord, mentorship_id)
        assert person is not None  # noqa: S101 - created above
        assert record is not None  # noqa: S101 - created above
        uow.session.add(
            SessionLogRecord(
                team_id=demo.ws.team_id,
                mentorship_id=mentorship_id,
                logged_by=person.id,
                held_on=now.date(),
                takeaways="",
                created_at=now,
            )
        )
        record.session_count += 1
        record.last_session_on = now.date()


def _tick(demo: Demo, at: datetime) -> None:
    demo.flush()
    demo.clock.set(at)
    report = tick(demo.deps, at)
    demo.out(f"\n  ⏱ {at:%a %d %b %H:%M} UTC, the scheduler ticks: {report.summary()}")
    demo.flush()


def run(demo: Demo) -> None:
    """Weeks of a program in a minute."""
    demo.title("4. The scheduler keeps mentorships alive (fast-forwarding twelve weeks)")
    ada, bo, grace, maya = demo.person("Ada"), demo.person("Bo"), demo.person("Grace"), demo.person("Maya")
    demo.clock.set(START)
    bo_ada = _pair(demo, ada, bo, ("system design", "python"))
    maya_grace = _pair(demo, grace, maya, ("leadership", "public speaking"))
    demo.narrate(
        "Two pairs meet every two weeks. Each person hears from the bot at 10:00 in their own time zone."
    )
    sessions = 0
    at = START
    while at < START + timedelta(weeks=WEEKS, days=1):
        at += timedelta(hours=4)
        demo.clock.set(at)
        # Bo and Ada meet every other Tuesday (and a bonus session in week 5).
        if (
            (at.weekday() == 1 and at.hour == 14 and ((at - START).days // 7) % 2 == 0)
            or ((at - START).days == 36 and at.hour == 14)
        ) and sessions < 6:
            demo.say(bo, "logs a session with Ada")
            _log(demo, bo_ada, bo)
            sessions += 1
        demo.flush()
        report = tick(demo.deps, at)
        if report.dispatch.sent or report.dispatch.reconciled:
            demo.out(f"\n  ⏱ {at:%a %d %b %H:%M} UTC, the scheduler ticks: {report.summary()}")
            demo.flush()
            _react(demo, at, bo, ada, maya)
    with demo.deps.uow() as uow:
        ended = [uow.session.get(MentorshipRecord, i) for i in (bo_ada, maya_grace)]
    demo.narrate(
        "Where things stand: " + "; ".join(f"pair {m.id}: {m.status}" for m in ended if m is not None)
    )


def _react(demo: Demo, at: datetime, bo: Person, ada: Person, maya: Person) -> None:
    """People answer what they just got, as they would in Slack."""
    for person in (bo, maya):
        for msg in person.dms()[-3:]:
            text = msg.all_text()
            if "halfway through" in text and not msg.edits and person is bo:
                demo.say(bo, "clicks [Reflect now] and scores 4 and 5")
                bo.click(ids.REFLECTION_OPEN, message=msg)
                bo.submit(
                    {
                        ids.REFLECTION_PROGRESS: "4",
                        ids.REFLECTION_RELATIONSHIP: "5",
                        ids.REFLECTION_COMMENT: "Great progress on design reviews.",
                    }
                )
                msg.edits += 1
                demo.flush()
            if "halfway through" in text and not msg.edits and person is maya:
                demo.say(maya, "reflects honestly: 2 and 2")
                maya.click(ids.REFLECTION_OPEN, message=msg)
                maya.submit({ids.REFLECTION_PROGRESS: "2", ids.REFLECTION_RELATIONSHIP: "2"})
                msg.edits += 1
                demo.flush()
            if "due to end on" in text and not msg.edits and person is bo:
                demo.say(bo, "clicks [Conclude as planned]")
                bo.click(ids.TRANSITION_CONCLUDE, message=msg)
                demo.flush()
                _tick(demo, at + timedelta(minutes=5))
    del ada
