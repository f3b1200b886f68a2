"""The report, the weekly digest, pair health and the export, end to end through Slack: at one
instant they print the same counts (one shared function computes them); the digest says its week
in words, shows the numbers behind a swinging response rate, and opens pair health for admins only."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from bot.deps import Deps
from devtools.emulator import FakeSlack, Person, Workspace
from devtools.emulator.clock import Clock
from devtools.emulator.server import Message
from handlers.slack import ids
from storage.records import (
    AuditRecord,
    GoalRecord,
    MentorshipRecord,
    ScheduledMessageRecord,
    SessionLogRecord,
)
from tests.support.factories import make_mentorship, make_person, utc
from tests.support.scheduling import run
from tests.support.settings import ADMIN_CHANNEL

MONDAY = utc(2026, 3, 9, 10, 30)  # the digest is due at 10:00 (the program's hour, UTC)
START = utc(2026, 2, 2, 9)


def _admin(ws: Workspace, fake: FakeSlack) -> Person:
    sam = ws.person("U0SAM", "Sam Rivera")
    fake.set_members(ADMIN_CHANNEL, ["U0SAM"])
    return sam


def _reply(fake: FakeSlack, who: Person, count: int) -> dict[str, Any]:
    replies: list[dict[str, Any]] = fake.wait_for(lambda: len(who.ephemerals()) >= count and who.ephemerals())
    return replies[count - 1]


def _text(reply: dict[str, Any]) -> str:
    return Message("x", "0", str(reply.get("text") or ""), list(reply.get("blocks") or []), "U").all_text()


def _field(text: str, label: str) -> int:
    found = re.search(re.escape(f"*{label}*") + r"\n(\d+)", text)
    assert found, label
    return int(found.group(1))


def _pair(deps: Deps, n: int, **fields: Any) -> MentorshipRecord:
    mentor = make_person(deps, f"U0MR{n}", "mentor", name=f"Mentor {n}")
    mentee = make_person(deps, f"U0ME{n}", "mentee", name=f"Mentee {n}")
    return make_mentorship(deps, mentor, mentee, started_at=START, **fields)


def _session(deps: Deps, m: MentorshipRecord, held: date) -> None:
    with deps.uow() as uow:
        uow.session.add(
            SessionLogRecord(
                team_id=m.team_id,
                mentorship_id=m.id,
                logged_by=m.mentee_id,
                held_on=held,
                created_at=datetime(held.year, held.month, held.day, 15, tzinfo=MONDAY.tzinfo),
            )
        )
        record = uow.session.get(MentorshipRecord, m.id)
        assert record is not None
        record.last_session_on = max(record.last_session_on or held, held)


def _goal(deps: Deps, m: MentorshipRecord, achieved: bool) -> None:
    with deps.uow() as uow:
        uow.session.add(
            GoalRecord(
                team_id=m.team_id,
                mentorship_id=m.id,
                owner_id=m.mentee_id,
                title="Lead a design review",
                target_date=date(2026, 6, 1),
                status="achieved" if achieved else "active",
                created_at=START,
                achieved_at=utc(2026, 3, 4) if achieved else None,
            )
        )


def _program(deps: Deps, clock: Clock) -> None:
    """A program in every state: on track, at risk (flagged, quiet), needing a check-in, paused,
    concluded, and two mentees waiting."""
    clock.set(START)
    on_track = _pair(deps, 1)
    _session(deps, on_track, date(2026, 3, 6))
    _session(deps, on_track, date(2026, 2, 20))
    flagged = _pair(deps, 2, at_risk=True)  # flagged earlier, but met since
    _session(deps, flagged, date(2026, 3, 5))
    _pair(deps, 3)  # no session since 2 February: at risk
    check = _pair(deps, 4)
    _session(deps, check, date(2026, 2, 26))  # 11 days, weekly: needs a check-in
    _pair(deps, 5, status="paused")
    ended = _pair(deps, 6, status="ended", ended_at=utc(2026, 2, 20), end_reason="completed")
    _session(deps, ended, date(2026, 2, 10))
    for m, achieved in ((on_track, True), (on_track, False), (flagged, False)):
        _goal(deps, m, achieved)
    make_person(deps, "U0WAIT1", "mentee")
    make_person(deps, "U0WAIT2", "mentee")


def test_report_digest_pairs_and_export_agree_at_one_instant(
    ws: Workspace, fake_slack: FakeSlack, deps: Deps, clock: Clock
) -> None:
    _program(deps, clock)
    sam = _admin(ws, fake_slack)
    clock.set(MONDAY)
    run(deps, MONDAY)  # the digest, planned and sent at this instant
    fake_slack.wait_idle()
    digest = next(
        m for m in fake_slack.messages_in(ADMIN_CHANNEL) if "Weekly mentorship digest" in m.all_text()
    )
    digest_text = digest.all_text()
    sam.command("admin report", channel=ADMIN_CHANNEL)
    report = _text(_reply(fake_slack, sam, 1))
    sam.command("admin pairs", channel=ADMIN_CHANNEL)
    pairs = _text(_reply(fake_slack, sam, 2))
    sam.command("admin export", channel=ADMIN_CHANNEL)

    def csvs() -> dict[str, str]:
        found = fake_slack.files_in(ADMIN_CHANNEL)
        return {f["filename"]: f["content"].decode() for f in found if f["filename"].endswith(".csv")}

    files = fake_slack.wait_for(lambda: len(csvs()) == 3 and csvs())
    pair_rows = list(csv.DictReader(io.StringIO(files["pairs.csv"])))
    people_rows = list(csv.DictReader(io.StringIO(files["participants.csv"])))
    outcomes = {r["metric"]: r["value"] for r in csv.DictReader(io.StringIO(files["outcomes.csv"]))}

    summary = re.search(
        r"\*(\d+)\* at risk · \*(\d+)\* needs? a check-in · \*(\d+)\* on track · \*(\d+)\* paused", pairs
    )
    assert summary, pairs
    current = [r for r in pair_rows if r["status"] in ("active", "paused")]
    health = Counter(r["health"] for r in current)
    # Pair 2's flag was cleared by the planner at this instant (it met on 5 March), so it is on
    # track everywhere; pair 3 (no session since the start) is the one at risk.
    expected = {"active": 4, "paused": 1, "at_risk": 1, "needs_check_in": 1, "on_track": 2}
    views: dict[str, dict[str, int]] = {
        "report": {
            "active": _field(report, "Active pairs"),
            "paused": _field(report, "Paused pairs"),
            "at_risk": _field(report, "Pairs at risk"),
            "needs_check_in": _field(report, "Pairs that need a check-in"),
            "on_track": _field(report, "Pairs on track"),
        },
        "digest": {
            "active": _field(digest_text, "Active pairs"),
            "paused": _field(digest_text, "Paused pairs"),
            "at_risk": _field(digest_text, "Pairs at risk"),
            "needs_check_in": _field(digest_text, "Pairs that need a check-in"),
        },
        "pairs view": {
            "at_risk": int(summary.group(1)),
            "needs_check_in": int(summary.group(2)),
            "on_track": int(summary.group(3)),
            "paused": int(summary.group(4)),
            "active": sum(int(summary.group(i)) for i in (1, 2, 3)),
        },
        "export": {
            "active": sum(1 for r in current if r["status"] == "active"),
            "paused": sum(1 for r in current if r["status"] == "paused"),
            "at_risk": health["at_risk"],
            "needs_check_in": health["needs_check_in"],
            "on_track": health["on_track"],
        },
        "export outcomes": {
            "active": int(outcomes["pairs_active"]),
            "paused": int(outcomes["pairs_paused"]),
            "at_risk": int(outcomes["pairs_at_risk"]),
            "needs_check_in": int(outcomes["pairs_needs_check_in"]),
            "on_track": int(outcomes["pairs_on_track"]),
        },
    }
    for name, figures in views.items():
        assert figures == {k: v for k, v in expected.items() if k in figures}, name
    # Every pair the pairs view names is a current pair of the export, each with one health line.
    for row in current:
        assert f"<@{row['mentor_slack_id']}> → <@{row['mentee_slack_id']}>" in pairs
    assert len(current) == 5 and "U0MR6" not in pairs  # the concluded pair is in the export only
    # People, sessions and goals: the report, its CSV and the export's rows say the same.
    active_people = sum(1 for r in people_rows if r["status"] == "active")
    assert _field(report, "People taking part") == int(outcomes["people"]) == active_people == 14
    assert (
        _field(report, "Mentees waiting for a mentor") == int(outcomes["waiting"]) == 3
    )  # and the concluded pair's mentee
    assert _field(report, "Sessions logged") == int(outcomes["sessions_logged"]) == 5
    assert sum(int(r["session_count"]) for r in pair_rows) == 5
    assert _field(report, "Goals set") == sum(int(r["goals_set"]) for r in pair_rows) == 3
    assert _field(report, "Goals achieved") == sum(int(r["goals_achieved"]) for r in pair_rows) == 1
    # And nothing shared reads "hidden": counts are never suppressed.
    assert "hidden" not in report.split("Satisfaction")[0]


def _check_in(deps: Deps, m: MentorshipRecord, sent: datetime, answered: bool) -> None:
    with deps.uow() as uow:
        uow.session.add(
            ScheduledMessageRecord(
                team_id=m.team_id,
                mentorship_id=m.id,
                kind="checkin",
                period_key=f"test:{sent.isoformat()}:{m.id}",
                recipient="U0ME1",
                due_at=sent,
                payload={"answer": "met"} if answered else {},
                state="sent",
                attempts=1,
                created_at=sent,
                sent_at=sent,
            )
        )


def test_digest_week_in_words_swinging_rate_and_pair_health_button(
    ws: Workspace, fake_slack: FakeSlack, deps: Deps, clock: Clock
) -> None:
    clock.set(START)
    pairs = [_pair(deps, n, cadence="monthly") for n in range(1, 4)]
    for m in pairs:
        _session(deps, m, date(2026, 2, 20))
    # The week before last (23 Feb – 1 Mar): 2 of 3 answered; last week (2–8 March): 0 of 2.
    for m, answered in zip(pairs, (True, True, False), strict=True):
        _check_in(deps, m, utc(2026, 2, 24, 10), answered)
    for m in pairs[:2]:
        _check_in(deps, m, utc(2026, 3, 3, 10), False)
    sam = _admin(ws, fake_slack)
    bo = ws.person("U0BO", "Bo Chen")
    clock.set(MONDAY)
    run(deps, MONDAY)
    fake_slack.wait_idle()
    digest = next(
        m for m in fake_slack.messages_in(ADMIN_CHANNEL) if "Weekly mentorship digest" in m.all_text()
    )
    text = digest.all_text()
    assert "The week of 2–8 March" in text
    assert "Check-in response rate: *0%* — 0 of 2 check-ins answered" in text
    assert "the week before, 67% (2 of 3)" in text
    assert "one answer moves the rate a lot" in text
    assert "2026-W11" not in text  # period keys never reach people
    # The button opens pair health, for an admin of the program only (checked on the click).
    bo.click(ids.DIGEST_OPEN_PAIRS, message=digest)
    assert "only program admins" in _reply(fake_slack, bo, 1)["text"]
    sam.click(ids.DIGEST_OPEN_PAIRS, message=digest)
    opened = _reply(fake_slack, sam, 1)
    assert "on track" in _text(opened) and "<@U0MR1>" in _text(opened)
    assert len(fake_slack.messages_in(ADMIN_CHANNEL)) >= 1  # the digest itself stays as it was
    assert "Weekly mentorship digest" in fake_slack.messages_in(ADMIN_CHANNEL)[0].all_text()
    with deps.uow() as uow:
        audit = [
            (a.actor, a.outcome)
            for a in uow.session.scalars(select(AuditRecord).order_by(AuditRecord.id))
            if a.action == "admin digest pairs"
        ]
    assert audit == [("U0BO", "denied"), ("U0SAM", "ok")]


def test_digest_button_for_a_program_that_is_not_there_is_stale_for_admins_and_refused_to_others(
    ws: Workspace, fake_slack: FakeSlack, deps: Deps
) -> None:
    sam = _admin(ws, fake_slack)
    bo = ws.person("U0BO", "Bo Chen")
    button = {"type": "button", "action_id": ids.DIGEST_OPEN_PAIRS, "value": "999999", "text": {}}
    forged = Message(ADMIN_CHANNEL, "1.000009", "digest", [{"type": "actions", "elements": [button]}], "UBOT")
    sam.click(ids.DIGEST_OPEN_PAIRS, message=forged, value="999999")
    assert "out of date" in _reply(fake_slack, sam, 1)["text"]
    bo.click(ids.DIGEST_OPEN_PAIRS, message=forged, value="999999")
    assert "only program admins" in _reply(fake_slack, bo, 1)["text"]
    with deps.uow() as uow:
        outcomes = [
            (a.actor, a.outcome)
            for a in uow.session.scalars(select(AuditRecord).order_by(AuditRecord.id))
            if a.action == "admin digest pairs"
        ]
    assert outcomes == [("U0SAM", "ok"), ("U0BO", "denied")]
