"""Every message kind over weeks of simulated time, with the pair's buttons through the real bot."""

from __future__ import annotations

import copy
import dataclasses
from datetime import date, timedelta

from sqlalchemy import select, update

from bot.deps import Deps
from bot.services import program_admin, scheduling
from devtools.emulator import FakeSlack, Workspace
from devtools.emulator.server import Message
from handlers.slack import ids
from storage.records import (
    GoalRecord,
    MentorRequestRecord,
    MentorshipRecord,
    MilestoneRecord,
    ReflectionRecord,
    ScheduledMessageRecord,
    SessionLogRecord,
)
from tests.support.factories import utc
from tests.support.scheduling import dms, pair, run
from tests.support.settings import ADMIN_CHANNEL, CELEBRATION_CHANNEL


def _log_session(deps: Deps, mentorship_id: int, person_id: int, day: date) -> None:
    now = deps.clock()
    with deps.uow() as uow:
        uow.session.add(
            SessionLogRecord(
                team_id="T0EMULATOR",
                mentorship_id=mentorship_id,
                logged_by=person_id,
                held_on=day,
                takeaways="secret notes",
                created_at=now,
            )
        )
        record = uow.session.get(MentorshipRecord, mentorship_id)
        assert record is not None
        record.session_count += 1
        record.last_session_on = day


def _mentorship(deps: Deps, mentorship_id: int) -> MentorshipRecord:
    with deps.uow() as uow:
        record = uow.session.get(MentorshipRecord, mentorship_id)
        assert record is not None
        return record


def test_sessions_celebrations_and_shoutouts(deps: Deps, fake_slack: FakeSlack) -> None:
    start = utc(2026, 1, 5, 9)
    deps.clock.set(start)  # type: ignore[attr-defined]
    mentor, _mentee, m = pair(
        deps,
        fake_slack,
        started_at=start,
        cadence="weekly",
        weeks=24,
        mentor_public_shoutouts=True,
        mentee_public_shoutouts=True,
    )
    for week in range(1, 6):
        deps.clock.set(start + timedelta(weeks=week, hours=6))  # type: ignore[attr-defined]
        _log_session(deps, m.id, mentor.id, (start + timedelta(weeks=week)).date())
        run(deps, deps.clock())
        run(deps, deps.clock())
    assert len(dms(fake_slack, "U0BO", "first session")) == 1
    assert len(dms(fake_slack, "U0ADA", "Five sessions")) == 1
    wins = [msg.all_text() for msg in fake_slack.messages_in(CELEBRATION_CHANNEL)]
    assert sum("first mentoring session" in w for w in wins) == 1
    assert sum("five times" in w for w in wins) == 1
    assert not any("secret" in w for w in wins)
    # Three months together (91 days): one warm message each.
    run(deps, start + timedelta(days=91, hours=8))
    run(deps, start + timedelta(days=92, hours=8))
    assert len(dms(fake_slack, "U0ADA", "Three months")) == 1


def test_no_shoutout_without_both_opting_in(deps: Deps, fake_slack: FakeSlack) -> None:
    start = utc(2026, 1, 5, 9)
    deps.clock.set(start)  # type: ignore[attr-defined]
    mentor, _, m = pair(deps, fake_slack, started_at=start, mentor_public_shoutouts=True)
    deps.clock.set(start + timedelta(days=3))  # type: ignore[attr-defined]
    _log_session(deps, m.id, mentor.id, (start + timedelta(days=3)).date())
    run(deps, start + timedelta(days=3, hours=1))
    assert len(dms(fake_slack, "U0ADA", "first session")) == 1
    assert fake_slack.messages_in(CELEBRATION_CHANNEL) == []


def test_missed_meetings_nudge_then_flag_at_risk_without_private_content(
    deps: Deps, fake_slack: FakeSlack, ws: Workspace
) -> None:
    start = utc(2026, 2, 2, 8)  # Monday
    deps.clock.set(start)  # type: ignore[attr-defined]
    _, _, m = pair(deps, fake_slack, started_at=start, cadence="weekly", weeks=20)
    day = start
    while day < start + timedelta(weeks=3, days=2):
        run(deps, day)
        day += timedelta(hours=6)
    nudges = dms(fake_slack, "U0BO", "haven't logged a session")
    assert len(nudges) == 1 and len(dms(fake_slack, "U0ADA", "haven't logged a session")) == 1
    flags = [x.all_text() for x in fake_slack.messages_in(ADMIN_CHANNEL) if "Pair at risk" in x.all_text()]
    assert len(flags) == 1 and "<@U0ADA>" in flags[0] and "<@U0BO>" in flags[0]
    assert _mentorship(deps, m.id).at_risk
    # The nudge offers a new rhythm: Bo picks monthly through the modal.
    bo = ws.people.get("U0BO") or ws.person("U0BO", "Bo")
    deps.clock.set(start + timedelta(weeks=3, days=2))  # type: ignore[attr-defined]
    bo.click(ids.CADENCE_ADJUST, message=nudges[0])
    bo.submit({ids.CADENCE_CHOICE: "monthly"})
    fake_slack.wait_for(lambda: dms(fake_slack, "U0ADA", "changed your meeting rhythm"))
    record = _mentorship(deps, m.id)
    assert record.cadence == "monthly"
    assert record.check_ins_from == (start + timedelta(weeks=3, days=2)).date()


def test_checkin_buttons_remind_in_two_local_days_and_skip(
    deps: Deps, fake_slack: FakeSlack, ws: Workspace
) -> None:
    start = utc(2026, 3, 2, 8)
    deps.clock.set(start)  # type: ignore[attr-defined]
    pair(deps, fake_slack, started_at=start, cadence="weekly")
    bo = ws.person("U0BO", "Bo", tz="America/New_York")
    ada = ws.person("U0ADA", "Ada", tz="Europe/London")
    run(deps, utc(2026, 3, 9, 14))
    checkin = bo.last_dm(containing="Time for a check-in")
    deps.clock.set(utc(2026, 3, 9, 15))  # type: ignore[attr-defined]
    bo.click(ids.CHECKIN_REMIND, message=checkin)
    fake_slack.wait_for(lambda: any(m.edits for m in dms(fake_slack, "U0BO")))
    assert "I'll check in with you again" in dms(fake_slack, "U0BO")[0].all_text()
    run(deps, utc(2026, 3, 11, 13, 59))
    assert dms(fake_slack, "U0BO", "friendly reminder") == []
    run(deps, utc(2026, 3, 11, 14, 0))  # Wednesday 10:00 in New York
    assert len(dms(fake_slack, "U0BO", "friendly reminder")) == 1
    ada_checkin = copy.deepcopy(ada.last_dm(containing="Time for a check-in"))
    ada.click(ids.CHECKIN_SKIP, message=ada_checkin)
    fake_slack.wait_for(lambda: "skipped" in dms(fake_slack, "U0ADA")[0].all_text())
    # Nobody can answer someone else's check-in.
    reply_count = len(bo.ephemerals())
    bo.click(ids.CHECKIN_SKIP, message=ada_checkin)
    fake_slack.wait_for(lambda: len(bo.ephemerals()) > reply_count)
    assert "meant for someone else" in str(bo.ephemerals()[-1])


def test_goal_reminder_overdue_and_milestone_celebration(deps: Deps, fake_slack: FakeSlack) -> None:
    start = utc(2026, 4, 6, 8)
    deps.clock.set(start)  # type: ignore[attr-defined]
    _mentor, mentee, m = pair(deps, fake_slack, started_at=start)
    with deps.uow() as uow:
        goal = GoalRecord(
            team_id="T0EMULATOR",
            mentorship_id=m.id,
            owner_id=mentee.id,
            title="Ship <b>design</b> & review",
            target_date=date(2026, 5, 15),
            created_at=start,
        )
        uow.session.add(goal)
        uow.flush()
        uow.session.add(
            MilestoneRecord(
                team_id="T0EMULATOR",
                goal_id=goal.id,
                position=0,
                title="Draft",
                completed_at=start + timedelta(days=2),
            )
        )
        goal_id = goal.id
    run(deps, start + timedelta(days=2, hours=1))  # 05:00 in New York: Bo's waits for the morning
    assert len(dms(fake_slack, "U0ADA", "completed a milestone")) == 1
    assert dms(fake_slack, "U0BO", "completed a milestone") == []
    run(deps, start + timedelta(days=2, hours=6))
    assert len(dms(fake_slack, "U0BO", "completed a milestone")) == 1
    run(deps, utc(2026, 5, 8, 9, 0))  # a week before, 10:00 in London (BST) is 09:00Z
    assert dms(fake_slack, "U0ADA", "due on <!date^") and not dms(fake_slack, "U0BO", "due on <!date^")
    run(deps, utc(2026, 5, 8, 14, 0))
    reminder = dms(fake_slack, "U0BO", "due on <!date^")
    assert len(reminder) == 1 and "&lt;b&gt;design&lt;/b&gt; &amp; review" in reminder[0].all_text()
    run(deps, utc(2026, 5, 18, 15))  # Friday 15 passed; Monday 18 in both zones
    overdue = dms(fake_slack, "U0BO", "was due on")
    assert len(overdue) == 1
    values = [e.get("value") for b in overdue[0].blocks if b["type"] == "actions" for e in b["elements"]]
    assert values == [str(goal_id), str(goal_id)]
    with deps.uow() as uow:
        uow.session.execute(update(GoalRecord).values(status="achieved", achieved_at=utc(2026, 5, 19, 12)))
    run(deps, utc(2026, 5, 19, 13))
    assert len(dms(fake_slack, "U0ADA", "achieved a goal")) == 1


def test_a_goal_dm_button_once_used_gives_way_to_what_was_done(
    deps: Deps, fake_slack: FakeSlack, ws: Workspace
) -> None:
    start = utc(2026, 4, 6, 8)
    deps.clock.set(start)  # type: ignore[attr-defined]
    _mentor, mentee, m = pair(deps, fake_slack, started_at=start)
    with deps.uow() as uow:
        goal = GoalRecord(
            team_id="T0EMULATOR",
            mentorship_id=m.id,
            owner_id=mentee.id,
            title="Ship the design review",
            target_date=date(2026, 5, 15),
            created_at=start,
        )
        uow.session.add(goal)
        uow.flush()
        goal_id = goal.id
    bo = ws.person("U0BO", "Bo", tz="America/New_York")
    run(deps, utc(2026, 5, 18, 15))
    overdue = bo.last_dm(containing="was due on")
    stale = copy.deepcopy(overdue)
    deps.clock.set(utc(2026, 5, 18, 15, 5))  # type: ignore[attr-defined]
    bo.click(ids.GOAL_ACHIEVED, message=overdue, value=str(goal_id))
    updated = fake_slack.wait_for(
        lambda: [
            x for x in dms(fake_slack, "U0BO") if x.ts == overdue.ts and "Marked achieved" in x.all_text()
        ]
    )[-1]
    assert not _actions(updated) and "was due on" in updated.all_text()
    # A second click on a copy of the old message: the same message says it is already achieved.
    bo.click(ids.GOAL_ACHIEVED, message=stale, value=str(goal_id))
    fake_slack.wait_for(
        lambda: [
            x for x in dms(fake_slack, "U0BO") if x.ts == overdue.ts and "already achieved" in x.all_text()
        ]
    )


def test_midpoint_reflection_low_score_flags_admins_without_text(
    deps: Deps, fake_slack: FakeSlack, ws: Workspace
) -> None:
    start = utc(2026, 1, 5, 8)
    deps.clock.set(start)  # type: ignore[attr-defined]
    _, _, m = pair(deps, fake_slack, started_at=start, weeks=12, cadence="biweekly")
    bo = ws.person("U0BO", "Bo", tz="America/New_York")
    run(deps, utc(2026, 2, 16, 15))  # midpoint: 6 weeks in, a Monday
    msg = bo.last_dm(containing="halfway")
    bo.click(ids.REFLECTION_OPEN, message=msg)
    bo.modal()
    reply = bo.submit({ids.REFLECTION_COMMENT: "hmm"})
    assert reply.json.get("response_action") == "errors"
    bo.submit(
        {
            ids.REFLECTION_PROGRESS: "2",
            ids.REFLECTION_RELATIONSHIP: "4",
            ids.REFLECTION_COMMENT: "we drift <!here>",
        }
    )
    bo.last_dm(containing="Thank you for being honest")
    with deps.uow() as uow:
        saved = uow.session.scalars(select(ReflectionRecord)).all()
    assert [(r.kind, r.progress_score, r.relationship_score) for r in saved] == [("midpoint", 2, 4)]
    run(deps, utc(2026, 2, 16, 16))
    flags = [x.all_text() for x in fake_slack.messages_in(ADMIN_CHANNEL) if "scored low" in x.all_text()]
    assert len(flags) == 1 and "drift" not in flags[0]
    run(deps, utc(2026, 2, 20, 16))
    assert len(dms(fake_slack, "U0BO", "halfway")) == 1
    assert m.id


def test_transition_choices_and_closing_survey(deps: Deps, fake_slack: FakeSlack, ws: Workspace) -> None:
    start = utc(2026, 1, 5, 8)
    deps.clock.set(start)  # type: ignore[attr-defined]
    _, _, m = pair(deps, fake_slack, started_at=start, weeks=12, cadence="biweekly")
    bo = ws.person("U0BO", "Bo", tz="America/New_York")
    ada = ws.person("U0ADA", "Ada", tz="Europe/London")
    end = date(2026, 3, 30)
    run(deps, utc(2026, 3, 16, 15))  # two weeks before the end date
    nudge = bo.last_dm(containing="|Mon 30 Mar 2026>")
    deps.clock.set(utc(2026, 3, 16, 16))  # type: ignore[attr-defined]
    bo.click(ids.TRANSITION_EXTEND, message=nudge)
    ada.last_dm(containing="chose to extend your mentorship")
    assert _mentorship(deps, m.id).end_date == end + timedelta(weeks=8)
    run(deps, utc(2026, 5, 11, 15))  # two weeks before the new end
    nudge = ada.last_dm(containing="|Mon 25 May 2026>")
    ada.click(ids.TRANSITION_CONTINUE, message=nudge)
    bo.last_dm(containing="chose to continue informally")
    record = _mentorship(deps, m.id)
    assert record.cadence == "monthly" and record.end_date == date(2026, 5, 25) + timedelta(weeks=12)
    # At the end date the mentorship closes with gratitude and a survey.
    run(deps, utc(2026, 8, 17, 15))
    closing = bo.last_dm(containing="has concluded")
    assert _mentorship(deps, m.id).status == "ended"
    bo.click(ids.CLOSING_SURVEY_OPEN, message=closing)
    assert bo.modal()["title"]["text"] == "Closing survey"
    bo.submit({ids.REFLECTION_PROGRESS: "5", ids.REFLECTION_RELATIONSHIP: "5"})
    bo.last_dm(containing="Thank you for reflecting")
    bo.click(ids.CLOSING_STAY_IN_TOUCH, message=closing)
    fake_slack.wait_for(lambda: any("three months" in str(e) for e in bo.ephemerals()))
    run(deps, utc(2026, 11, 16, 15))  # about 90 days later
    assert len(dms(fake_slack, "U0BO", "How about a quick catch-up")) == 1


def _actions(message: Message) -> list[dict[str, object]]:
    return [b for b in message.blocks if b.get("type") == "actions"]


def test_conclude_as_planned_ends_on_the_planned_date_and_tells_both(
    deps: Deps, fake_slack: FakeSlack, ws: Workspace
) -> None:
    start = utc(2026, 1, 5, 8)
    deps.clock.set(start)  # type: ignore[attr-defined]
    _, _, m = pair(deps, fake_slack, started_at=start, weeks=12)
    ada = ws.person("U0ADA", "Ada", tz="Europe/London")
    bo = ws.person("U0BO", "Bo", tz="America/New_York")
    run(deps, utc(2026, 3, 16, 15))  # two weeks before 30 March
    run(deps, utc(2026, 3, 16, 16))
    ada_prompt = ada.last_dm(containing="due to end")
    bo_prompt = copy.deepcopy(bo.last_dm(containing="due to end"))
    deps.clock.set(utc(2026, 3, 16, 16, 5))  # type: ignore[attr-defined]
    ada.click(ids.TRANSITION_CONCLUDE, message=ada_prompt)
    told = bo.last_dm(containing="chose to conclude your mentorship as planned")
    assert "Until then everything carries on" in told.all_text()
    # Not at once: it stays active until the planned date.
    assert _mentorship(deps, m.id).status == "active"
    assert _mentorship(deps, m.id).end_date == date(2026, 3, 30)
    # Both people's prompts lose their buttons and say what was chosen.
    mine = next(x for x in dms(fake_slack, "U0ADA") if x.ts == ada_prompt.ts)
    theirs = next(x for x in dms(fake_slack, "U0BO") if x.ts == bo_prompt.ts)
    assert "You chose to conclude as planned" in mine.all_text() and not _actions(mine)
    assert "<@U0ADA> chose to conclude as planned" in theirs.all_text() and not _actions(theirs)
    # The partner's stale Extend hears what was chosen and what still works; nothing changes.
    bo.click(ids.TRANSITION_EXTEND, message=bo_prompt)
    stale = fake_slack.wait_for(
        lambda: [x.all_text() for x in dms(fake_slack, "U0BO", "already decided") if x.ts == bo_prompt.ts]
    )[-1]
    assert "<@U0ADA> chose to conclude as planned" in stale and "/mentor log" in stale
    assert "already concluded" not in stale
    assert _mentorship(deps, m.id).end_date == date(2026, 3, 30)
    assert dms(fake_slack, "U0BO", "has concluded") == []
    # On the planned date it concludes, with the closing note to both.
    run(deps, utc(2026, 3, 30, 15))
    run(deps, utc(2026, 3, 30, 16))
    assert _mentorship(deps, m.id).status == "ended"
    assert len(dms(fake_slack, "U0BO", "has concluded")) == 1
    assert len(dms(fake_slack, "U0ADA", "has concluded")) == 1
    # Still a stale button after the end: the state, and the thanks that still work.
    deps.clock.set(utc(2026, 4, 2, 12))  # type: ignore[attr-defined]
    bo.click(ids.TRANSITION_CONTINUE, message=bo_prompt)
    after = fake_slack.wait_for(
        lambda: [x.all_text() for x in dms(fake_slack, "U0BO", "ended on") if x.ts == bo_prompt.ts]
    )[-1]
    assert "/mentor feedback" in after


def test_no_live_transition_prompt_after_the_partner_chose(
    deps: Deps, fake_slack: FakeSlack, ws: Workspace
) -> None:
    start = utc(2026, 1, 5, 8)
    deps.clock.set(start)  # type: ignore[attr-defined]
    pair(deps, fake_slack, started_at=start, weeks=12)
    ada = ws.person("U0ADA", "Ada", tz="Europe/London")
    # 10:30 in London, 06:30 in New York: only Ada's "two weeks to go" is due.
    run(deps, utc(2026, 3, 16, 10, 30))
    prompt = ada.last_dm(containing="due to end")
    assert dms(fake_slack, "U0BO", "due to end") == []
    deps.clock.set(utc(2026, 3, 16, 10, 35))  # type: ignore[attr-defined]
    ada.click(ids.TRANSITION_CONCLUDE, message=prompt)
    fake_slack.wait_for(lambda: dms(fake_slack, "U0BO", "chose to conclude your mentorship as planned"))
    # Bo's own hour comes: no prompt with live buttons for a window already decided.
    for hour in (15, 16, 20):
        run(deps, utc(2026, 3, 16, hour))
    assert dms(fake_slack, "U0BO", "due to end") == []


def test_a_queued_transition_prompt_is_dropped_once_the_partner_chose(
    deps: Deps, fake_slack: FakeSlack, ws: Workspace
) -> None:
    start = utc(2026, 1, 5, 8)
    deps.clock.set(start)  # type: ignore[attr-defined]
    pair(deps, fake_slack, started_at=start, weeks=12)
    ada = ws.person("U0ADA", "Ada", tz="Europe/London")
    # Planned in both people's night: both prompts wait for their morning.
    run(deps, utc(2026, 3, 17, 2))
    assert dms(fake_slack, "U0ADA", "due to end") == dms(fake_slack, "U0BO", "due to end") == []
    run(deps, utc(2026, 3, 17, 10, 5))  # Ada's morning; Bo's is still hours away
    prompt = ada.last_dm(containing="due to end")
    deps.clock.set(utc(2026, 3, 17, 10, 10))  # type: ignore[attr-defined]
    ada.click(ids.TRANSITION_EXTEND, message=prompt)
    fake_slack.wait_for(lambda: dms(fake_slack, "U0BO", "chose to extend"))
    for hour in (15, 16, 20):
        run(deps, utc(2026, 3, 17, hour))
    assert dms(fake_slack, "U0BO", "due to end") == []


def test_the_planned_end_happens_on_the_end_date_in_each_zone_across_dst(
    deps: Deps, fake_slack: FakeSlack
) -> None:
    # The end date is the Monday after New York moved to summer time (8 March 2026): midnight
    # there is 04:00 UTC, and 00:02 UTC is still Sunday evening.
    start = utc(2025, 12, 15, 8)
    deps.clock.set(start)  # type: ignore[attr-defined]
    _, _, m = pair(
        deps,
        fake_slack,
        started_at=start,
        end_date=date(2026, 3, 9),
        group_channel_id="C0PAIR",
        calendar_sequence=0,
        meeting_zone="America/New_York",
    )
    fake_slack.add_channel("C0PAIR", "mpdm-pair", members=["U0ADA", "U0BO"])
    with deps.uow() as uow:
        uow.session.add(
            ScheduledMessageRecord(
                team_id="T0EMULATOR",
                mentorship_id=m.id,
                kind="calendar_invite",
                period_key="seq:0",
                recipient="C0PAIR",
                due_at=start,
                payload={},
                state="sent",
                attempts=1,
                created_at=start,
            )
        )
    run(deps, utc(2026, 3, 9, 0, 2))  # 20:02 on Sunday in New York
    run(deps, utc(2026, 3, 9, 3, 30))  # 23:30 on Sunday in New York (EDT)
    assert _mentorship(deps, m.id).status == "active"
    assert dms(fake_slack, "U0BO", "has concluded") == []
    run(deps, utc(2026, 3, 9, 4, 30))  # past midnight in both zones: it concludes, quietly
    assert _mentorship(deps, m.id).status == "ended"
    assert dms(fake_slack, "U0ADA", "has concluded") == dms(fake_slack, "U0BO", "has concluded") == []
    run(deps, utc(2026, 3, 9, 10, 5))  # 10:05 in London
    assert len(dms(fake_slack, "U0ADA", "has concluded")) == 1
    assert dms(fake_slack, "U0BO", "has concluded") == []
    run(deps, utc(2026, 3, 9, 14, 5))  # 10:05 in New York, on the end date
    assert len(dms(fake_slack, "U0BO", "has concluded")) == 1
    # A planned end re-issues no calendar file: the series already stops at the end of the end date.
    with deps.uow() as uow:
        invites = uow.session.scalars(
            select(ScheduledMessageRecord).where(ScheduledMessageRecord.kind == "calendar_invite")
        ).all()
    assert [i.period_key for i in invites] == ["seq:0"]


def test_a_transition_button_after_an_early_end_names_the_end(
    deps: Deps, fake_slack: FakeSlack, ws: Workspace
) -> None:
    start = utc(2026, 1, 5, 8)
    deps.clock.set(start)  # type: ignore[attr-defined]
    _, _, m = pair(deps, fake_slack, started_at=start, weeks=12)
    ada = ws.person("U0ADA", "Ada", tz="Europe/London")
    run(deps, utc(2026, 3, 16, 15))
    prompt = ada.last_dm(containing="due to end")
    with deps.uow() as uow:
        uow.session.execute(
            update(MentorshipRecord)
            .where(MentorshipRecord.id == m.id)
            .values(status="ended", ended_at=utc(2026, 3, 17, 9))
        )
    deps.clock.set(utc(2026, 3, 18, 9))  # type: ignore[attr-defined]
    ada.click(ids.TRANSITION_EXTEND, message=prompt)
    text = fake_slack.wait_for(lambda: [e for e in ada.ephemerals() if "ended on" in str(e.get("text", ""))])[
        -1
    ]["text"]
    assert "<@U0BO>" in text and "/mentor feedback" in text
    assert "Thank you both" not in text
    assert _mentorship(deps, m.id).end_date == date(2026, 3, 30)


def test_paused_pairs_get_nothing_and_resume_automatically(deps: Deps, fake_slack: FakeSlack) -> None:
    start = utc(2026, 3, 2, 8)
    deps.clock.set(start)  # type: ignore[attr-defined]
    _, _, m = pair(
        deps, fake_slack, started_at=start, cadence="weekly", status="paused", paused_until=date(2026, 3, 20)
    )
    for d in range(0, 18):
        run(deps, start + timedelta(days=d, hours=7))
    assert dms(fake_slack, "U0ADA") == [] and dms(fake_slack, "U0BO") == []
    run(deps, utc(2026, 3, 20, 12))
    assert _mentorship(deps, m.id).status == "active"
    assert len(dms(fake_slack, "U0BO", "Welcome back")) == 1
    run(deps, utc(2026, 3, 23, 15))
    assert dms(fake_slack, "U0BO", "Time for a check-in") == []
    run(deps, utc(2026, 3, 27, 15))  # one period after the resume
    assert len(dms(fake_slack, "U0BO", "Time for a check-in")) == 1


def test_expired_request_tells_mentee_and_updates_mentor_prompt(deps: Deps, fake_slack: FakeSlack) -> None:
    now = utc(2026, 3, 2, 12)
    deps.clock.set(now)  # type: ignore[attr-defined]
    mentor, mentee, m = pair(deps, fake_slack, started_at=now)
    prompt = fake_slack.handle(
        "chat.postMessage", {"channel": "U0ADA", "text": "Bo asks you to mentor them"}, "xoxb-emulator-token"
    )[2]
    assert prompt is not None
    with deps.uow() as uow:
        uow.session.execute(update(MentorshipRecord).values(status="ended", ended_at=now))
        uow.session.add(
            MentorRequestRecord(
                team_id="T0EMULATOR",
                mentee_id=mentee.id,
                mentor_id=mentor.id,
                message="hi",
                created_at=now,
                expires_at=now + timedelta(days=3),
                prompt_channel=prompt["channel"],
                prompt_ts=prompt["ts"],
            )
        )
    run(deps, now + timedelta(days=2))
    assert dms(fake_slack, "U0BO", "expired") == []
    run(deps, now + timedelta(days=3, minutes=1))
    run(deps, now + timedelta(days=3, minutes=2))
    assert len(dms(fake_slack, "U0BO", "/mentor find")) == 1
    edited = fake_slack.dms_to("U0ADA")[0]
    assert edited.edits == 1 and "expired without an answer" in edited.all_text()
    with deps.uow() as uow:
        assert uow.session.scalars(select(MentorRequestRecord.status)).all() == ["expired"]
    assert m.id


def test_weekly_admin_digest_and_announcement(deps: Deps, fake_slack: FakeSlack) -> None:
    start = utc(2026, 3, 2, 8)
    deps.clock.set(start)  # type: ignore[attr-defined]
    pair(deps, fake_slack, started_at=start, cadence="weekly")
    scheduling.enqueue(
        deps,
        [
            {
                "team_id": "T0EMULATOR",
                "kind": "announcement",
                "period_key": "a1",
                "recipient": "U0BO",
                "due_at": start,
                "payload": {
                    "text": "Hello all",
                    "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Hello all"}}],
                },
            }
        ],
    )
    at = start
    while at < utc(2026, 3, 17):
        run(deps, at)
        at += timedelta(hours=4)
    digests = [x for x in fake_slack.messages_in(ADMIN_CHANNEL) if "Weekly mentorship digest" in x.all_text()]
    assert len(digests) == 3  # Mondays 2, 9 and 16 March
    assert "Active pairs" in digests[-1].all_text() and "response rate" in digests[-1].all_text()
    assert len(dms(fake_slack, "U0BO", "Hello all")) == 1


def test_the_digest_follows_the_program_time_zone_across_its_dst_change(
    deps: Deps, fake_slack: FakeSlack
) -> None:
    start = utc(2026, 3, 2, 8)  # Monday; New York moves to daylight time on Sunday 8 March
    deps.clock.set(start)  # type: ignore[attr-defined]
    pair(deps, fake_slack, started_at=start, cadence="weekly")
    current = program_admin.current_settings(deps, "T0EMULATOR")
    program_admin.save_settings(
        deps, "T0EMULATOR", "U0SAM", dataclasses.replace(current, time_zone="America/New_York")
    )

    def digests() -> int:
        return len(
            [x for x in fake_slack.messages_in(ADMIN_CHANNEL) if "Weekly mentorship digest" in x.all_text()]
        )

    # 10:00 in New York: 15:00 UTC on 2 March (EST), 14:00 UTC on 9 March (EDT); never 10:00 UTC.
    for before, after, expected in (
        (utc(2026, 3, 2, 14, 55), utc(2026, 3, 2, 15, 5), 1),
        (utc(2026, 3, 9, 13, 55), utc(2026, 3, 9, 14, 5), 2),
    ):
        run(deps, before)
        assert digests() == expected - 1
        run(deps, after)
        run(deps, after + timedelta(hours=1))
        assert digests() == expected
