"""One message per person per moment: a nudge or reflection due with a check-in comes inside it."""

from __future__ import annotations

import copy
from datetime import date, timedelta

from sqlalchemy import select

from bot.deps import Deps
from devtools.emulator import FakeSlack, Workspace
from devtools.emulator.server import Message
from handlers.slack import ids
from storage.records import MentorshipRecord, ScheduledMessageRecord
from tests.support.factories import utc
from tests.support.scheduling import dms, pair, run


def _rows(deps: Deps, kind: str) -> list[tuple[str, str]]:
    with deps.uow() as uow:
        found = uow.session.scalars(select(ScheduledMessageRecord).where(ScheduledMessageRecord.kind == kind))
        return sorted((r.recipient, r.state) for r in found)


def _actions(message: Message) -> list[str]:
    return [e["action_id"] for b in message.blocks if b["type"] == "actions" for e in b["elements"]]


def _log(deps: Deps, mentorship_id: int, day: date) -> None:
    with deps.uow() as uow:
        record = uow.session.get(MentorshipRecord, mentorship_id)
        assert record is not None
        record.session_count += 1
        record.last_session_on = day


def test_the_missed_meeting_nudge_comes_inside_the_check_in_due_the_same_moment(
    deps: Deps, fake_slack: FakeSlack
) -> None:
    start = utc(2026, 2, 2, 8)  # Monday; weekly: the third check-in and the nudge fall due together
    deps.clock.set(start)  # type: ignore[attr-defined]
    pair(deps, fake_slack, started_at=start, cadence="weekly", weeks=20)
    at = start
    while at < start + timedelta(weeks=3, days=2):
        run(deps, at)
        at += timedelta(hours=6)
    for user in ("U0ADA", "U0BO"):
        nudged = dms(fake_slack, user, "haven't logged a session")
        assert len(nudged) == 1
        # Not a second DM in the same minute: the nudge is a section of that check-in.
        assert "Time for a check-in" in nudged[0].all_text()
        assert "It's been a while" in nudged[0].all_text()
        assert _actions(nudged[0]) == [
            ids.SESSION_LOG_OPEN,
            ids.CHECKIN_REMIND,
            ids.CHECKIN_SKIP,
            ids.CADENCE_ADJUST,
        ]
        assert "haven't logged a session" in nudged[0].text  # the notification preview says it too
    # The nudge keeps its exactly-once key, recorded as delivered inside the check-in.
    assert _rows(deps, "missed_nudge") == [("U0ADA", "merged"), ("U0BO", "merged")]


def test_the_midpoint_reflection_comes_inside_the_check_in_and_never_again_alone(
    deps: Deps, fake_slack: FakeSlack, ws: Workspace
) -> None:
    start = utc(2026, 1, 5, 8)  # biweekly for 12 weeks: the midpoint (16 Feb) is a check-in day
    deps.clock.set(start)  # type: ignore[attr-defined]
    _, _, m = pair(deps, fake_slack, started_at=start, weeks=12, cadence="biweekly")
    _log(deps, m.id, date(2026, 2, 4))  # met in the period before: no nudge in the way
    run(deps, utc(2026, 2, 16, 15))  # 10:00 in New York
    on_the_day = [
        x for x in dms(fake_slack, "U0BO") if "halfway" in x.all_text() or "check-in" in x.all_text()
    ]
    assert len(on_the_day) == 1
    message = on_the_day[0]
    assert "Time for a check-in" in message.all_text() and "halfway" in message.all_text()
    assert ids.REFLECTION_OPEN in _actions(message)
    # Answering the check-in leaves the reflection's button in place.
    bo = ws.person("U0BO", "Bo", tz="America/New_York")
    deps.clock.set(utc(2026, 2, 16, 16))  # type: ignore[attr-defined]
    bo.click(ids.CHECKIN_SKIP, message=copy.deepcopy(message))
    fake_slack.wait_for(lambda: "skipped" in dms(fake_slack, "U0BO", "halfway")[0].all_text())
    assert _actions(dms(fake_slack, "U0BO", "halfway")[0]) == [ids.REFLECTION_OPEN]
    # A session logged the next day ends the check-in; the reflection still never comes alone.
    _log(deps, m.id, date(2026, 2, 17))
    for day in (17, 18, 20, 23):
        run(deps, utc(2026, 2, day, 15))
    assert len(dms(fake_slack, "U0BO", "halfway")) == 1
    assert ("U0BO", "merged") in _rows(deps, "reflection")
