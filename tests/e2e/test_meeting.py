"""Help with actually meeting, through the real HTTP endpoint: the intro shows shared working hours
in each person's local time and cautions apart from the reasons; the agreement takes a date and a
time; once both confirm, one calendar file reaches the pair's group DM, and a cadence change
re-issues it (same UID, SEQUENCE + 1), exactly once even when Slack drops the connection."""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

from icalendar import Calendar, Event
from sqlalchemy import select

from bot.deps import Deps
from bot.wiring import tick
from devtools.emulator import FakeSlack, Person, Workspace
from devtools.emulator.clock import Clock
from devtools.emulator.server import BOT_USER_ID, Message
from handlers.slack import ids
from storage.records import MentorshipRecord, ScheduledMessageRecord
from tests.support.factories import make_mentorship, make_person

NOW = datetime(2026, 12, 2, 10, tzinfo=UTC)  # Wednesday, 11:00 in Berlin, 05:00 in New York
MESSAGE = "I'd love help writing cleaner Python and reviewing code with more confidence."


# -- helpers ----------------------------------------------------------------------------------
def _section_with(message: Message, heading: str) -> str:
    for block in message.blocks:
        text = (block.get("text") or {}).get("text", "")
        if isinstance(text, str) and text.startswith(heading):
            return text
    return ""


def _pair_by_request(mentee: Person, mentor: Person, mentor_id: int) -> tuple[Message, Message, Message]:
    """Mentee asks the mentor from `/mentor find`, the mentor accepts: return the suggestions, the
    mentor's prompt and the group DM intro."""
    before = len(mentee.ephemerals())
    mentee.command("find")
    mentee.fake.wait_for(lambda: len(mentee.ephemerals()) > before)
    found = mentee.ephemerals()[-1]
    via = Message(
        str(found.get("channel") or "C0GENERAL"), "0.000001", "", list(found["blocks"]), BOT_USER_ID
    )
    mentee.click(ids.FIND_REQUEST, message=via, value=str(mentor_id))
    mentee.modal()
    mentee.submit({ids.REQUEST_MESSAGE: MESSAGE})
    prompt = copy.deepcopy(mentor.last_dm(containing="would like you to be their mentor"))
    mentor.click(ids.REQUEST_ACCEPT, message=prompt)
    intro: list[Message] = mentee.fake.wait_for(lambda: mentee.fake.group_dms_with(mentee.id, mentor.id))
    return via, prompt, intro[0]


def _mentorship(deps: Deps, mentorship_id: int) -> MentorshipRecord:
    with deps.uow() as uow:
        record = uow.session.get(MentorshipRecord, mentorship_id)
        assert record is not None
        return record


def _event(content: bytes) -> Event:
    events = Calendar.from_ical(content).walk("VEVENT")
    assert len(events) == 1 and isinstance(events[0], Event)
    return events[0]


def _rule(event: Event) -> dict[str, Any]:
    rule: Any = event["RRULE"]
    return {str(k): v[0] for k, v in rule.items()}


def _agree(ws: Workspace, deps: Deps, fake: FakeSlack) -> tuple[Person, Person, MentorshipRecord, Message]:
    """Ada (Berlin) proposes with the modal's defaults, Bo (New York) confirms: return the proposal."""
    ada = ws.person("U0ADA", "Ada Lovelace", tz="Europe/Berlin")
    bo = ws.person("U0BO", "Bo Chen", tz="America/New_York")
    mentor = make_person(deps, "U0ADA", "mentor", name="Ada Lovelace", timezone="Europe/Berlin")
    mentee = make_person(deps, "U0BO", "mentee", name="Bo Chen", timezone="America/New_York")
    pair = make_mentorship(deps, mentor, mentee, agreed=False, cadence="biweekly")
    ada.open_home()
    fake.wait_for(lambda: "Set up our agreement" in json.dumps(fake.home_of("U0ADA") or {}))
    ada.click(ids.AGREEMENT_OPEN, in_home=True, value=str(pair.id))
    ada.modal()
    reply = ada.submit({ids.AGREEMENT_CONFIDENTIAL: ["yes"]})
    assert reply.body == "", reply.body
    proposal: list[Message] = fake.wait_for(lambda: fake.group_dms_with("U0ADA", "U0BO"))
    snapshot = copy.deepcopy(proposal[-1])  # as a client still showing it would (before the update)
    bo.click(ids.AGREEMENT_CONFIRM, message=snapshot)
    fake.wait_for(lambda: _mentorship(deps, pair.id).agreement_status == "agreed")
    fake.wait_idle()
    return ada, bo, _mentorship(deps, pair.id), snapshot


def _group(record: MentorshipRecord) -> str:
    assert record.group_channel_id is not None
    return record.group_channel_id


# -- the intro ----------------------------------------------------------------------------------
def test_intro_shows_shared_hours_in_local_time_and_cautions_apart(
    ws: Workspace, deps: Deps, clock: Clock, fake_slack: FakeSlack
) -> None:
    clock.set(NOW)
    ada = ws.person("U0ADA", "Ada Lovelace", tz="Europe/Berlin")
    bo = ws.person("U0BO", "Bo Chen", tz="America/New_York")
    cy = ws.person("U0CY", "Cy Twombly", tz="Europe/Berlin")
    dee = ws.person("U0DEE", "Dee Dee Ramone", tz="America/Los_Angeles")
    mentor_ada = make_person(deps, "U0ADA", "mentor", name="Ada Lovelace", timezone="Europe/Berlin")
    make_person(deps, "U0BO", "mentee", name="Bo Chen", timezone="America/New_York")
    mentor_cy = make_person(
        deps,
        "U0CY",
        "mentor",
        name="Cy Twombly",
        timezone="Europe/Berlin",
        offers=["drawing"],
        formats=["in_person"],
    )
    make_person(
        deps,
        "U0DEE",
        "mentee",
        name="Dee Dee Ramone",
        timezone="America/Los_Angeles",
        wants=["drawing"],
        formats=["chat"],
    )

    # Berlin and New York share two hours: shown in each person's own time; nothing to warn about.
    found, prompt, intro = _pair_by_request(bo, ada, mentor_ada.id)
    hours = _section_with(intro, "*When you can meet*")
    assert "You share 2 working hours on weekdays: 15:00–17:00 for Ada, 09:00–11:00 for Bo" in hours
    for shown in (found, prompt, intro):
        assert "No shared" not in shown.all_text() and ":warning:" not in shown.all_text()

    # Berlin and Los Angeles share none, and no format: cautions with suggestions, never reasons.
    found, prompt, intro = _pair_by_request(dee, cy, mentor_cy.id)
    # The suggestion and the mentor's prompt mark the cautions as warnings, after the reasons.
    suggestion = found.all_text()
    assert ":warning: No shared working hours: try an early or late slot" in suggestion
    assert suggestion.index(":warning:") > suggestion.index("<@U0CY>")
    assert "*Worth knowing*\n:warning: No shared working hours" in prompt.all_text()
    why = _section_with(intro, "*Why you were matched*")
    assert why and "No shared" not in why and "No meeting format" not in why
    assert not _section_with(intro, "*When you can meet*")
    cautions = _section_with(intro, "*Worth knowing*")
    assert "No shared working hours" in cautions
    assert "e.g. 17:00–18:00 for Cy (08:00–09:00 for Dee)" in cautions and "async updates" in cautions
    assert "No meeting format in common (in person for Cy; chat for Dee)" in cautions


# -- the agreement's date and time --------------------------------------------------------------
def test_agreement_takes_a_date_and_time_checked_inline(
    ws: Workspace, deps: Deps, clock: Clock, fake_slack: FakeSlack
) -> None:
    clock.set(NOW)
    ada = ws.person("U0ADA", "Ada Lovelace", tz="Europe/Berlin")
    ws.person("U0BO", "Bo Chen", tz="America/New_York")
    mentor = make_person(deps, "U0ADA", "mentor", name="Ada Lovelace", timezone="Europe/Berlin")
    mentee = make_person(deps, "U0BO", "mentee", name="Bo Chen", timezone="America/New_York")
    pair = make_mentorship(deps, mentor, mentee, agreed=False)
    ada.open_home()
    fake_slack.wait_for(lambda: "Set up our agreement" in json.dumps(fake_slack.home_of("U0ADA") or {}))
    ada.click(ids.AGREEMENT_OPEN, in_home=True, value=str(pair.id))
    modal = ada.modal()
    blocks = {b.get("block_id"): b for b in modal["blocks"]}
    # The default is the next working day's shared slot, not today: Thu 3 Dec, 15:00 Berlin.
    assert blocks[ids.AGREEMENT_FIRST]["element"]["initial_date"] == "2026-12-03"
    time_element = blocks[ids.AGREEMENT_TIME]["element"]
    assert time_element["type"] == "timepicker" and time_element["initial_time"] == "15:00"
    assert time_element["timezone"] == "Europe/Berlin"
    base = {ids.AGREEMENT_CONFIDENTIAL: ["yes"]}
    # 10:30 today in Berlin has passed (it is 11:00): the time is the problem, said inline.
    reply = ada.submit({**base, ids.AGREEMENT_FIRST: "2026-12-02", ids.AGREEMENT_TIME: "10:30"})
    assert set(reply.json["errors"]) == {ids.AGREEMENT_TIME}
    reply = ada.submit({**base, ids.AGREEMENT_FIRST: "2026-12-01"})
    assert ids.AGREEMENT_FIRST in reply.json["errors"]
    reply = ada.submit({**base, ids.AGREEMENT_END: "2026-12-03"})
    assert ids.AGREEMENT_END in reply.json["errors"]
    # Later today is fine; the instant is stored in UTC with the zone it was entered in.
    ada.submit({**base, ids.AGREEMENT_FIRST: "2026-12-02", ids.AGREEMENT_TIME: "16:30"})
    fake_slack.wait_for(lambda: _mentorship(deps, pair.id).agreement_status == "proposed")
    record = _mentorship(deps, pair.id)
    assert record.first_meeting_at == datetime(2026, 12, 2, 15, 30, tzinfo=UTC)
    assert record.first_meeting_on == date(2026, 12, 2) and record.meeting_zone == "Europe/Berlin"
    proposal = fake_slack.group_dms_with("U0ADA", "U0BO")[-1]
    assert f"<!date^{int(datetime(2026, 12, 2, 15, 30, tzinfo=UTC).timestamp())}^" in proposal.all_text()


# -- the calendar file ---------------------------------------------------------------------------
def test_both_confirm_then_one_calendar_file_reaches_the_group_dm(
    ws: Workspace, deps: Deps, clock: Clock, fake_slack: FakeSlack
) -> None:
    clock.set(NOW)
    _, bo, record, proposal = _agree(ws, deps, fake_slack)
    group = _group(record)
    tick(deps, deps.clock())
    [shared] = fake_slack.wait_for(lambda: fake_slack.files_in(group))
    assert shared["filename"] == "mentoring.ics" and shared["title"] == "Mentoring: Ada & Bo"
    assert [c.params.get("channel_id") for c in fake_slack.calls_to("files.completeUploadExternal")] == [
        group
    ]
    assert (
        len(fake_slack.calls_to("files.getUploadURLExternal")) == 1
        and len(fake_slack.calls_to("upload")) == 1
    )
    event = _event(shared["content"])
    assert str(event["SUMMARY"]) == "Mentoring: Ada & Bo"
    assert int(event.decoded("SEQUENCE")) == 0
    start = event.decoded("DTSTART")
    assert str(start.tzinfo) == "Europe/Berlin" and start == datetime(2026, 12, 3, 14, tzinfo=UTC)
    rule = _rule(event)
    assert rule["FREQ"] == "WEEKLY" and int(rule["INTERVAL"]) == 2
    assert record.end_date is not None and rule["UNTIL"].astimezone(UTC).date() == record.end_date
    comment = fake_slack.messages_in(group)[-1]
    assert comment.files and "every two weeks" in comment.text
    # A second confirmation (a retried click) and more ticks post nothing more.
    bo.click(ids.AGREEMENT_CONFIRM, message=proposal)
    fake_slack.wait_for(lambda: any("already confirmed" in e.get("text", "") for e in bo.ephemerals()))
    tick(deps, deps.clock() + timedelta(minutes=5))
    assert len(fake_slack.files_in(group)) == 1
    assert _mentorship(deps, record.id).calendar_sequence == 0


def test_a_cadence_change_reissues_the_file_with_the_same_uid_and_a_higher_sequence(
    ws: Workspace, deps: Deps, clock: Clock, fake_slack: FakeSlack
) -> None:
    clock.set(NOW)
    _, bo, record, _ = _agree(ws, deps, fake_slack)
    group = _group(record)
    tick(deps, deps.clock())
    first = _event(fake_slack.wait_for(lambda: fake_slack.files_in(group))[0]["content"])
    adjust = {
        "type": "actions",
        "elements": [
            {"type": "button", "action_id": ids.CADENCE_ADJUST, "value": str(record.id), "text": {}}
        ],
    }
    bo.click(ids.CADENCE_ADJUST, message=Message("DU0BO", "1.1", "", [adjust], BOT_USER_ID))
    bo.modal()
    bo.submit({ids.CADENCE_CHOICE: "weekly"})
    fake_slack.wait_for(lambda: _mentorship(deps, record.id).cadence == "weekly")
    # Saving the same rhythm again changes nothing, so nothing is re-issued.
    bo.click(ids.CADENCE_ADJUST, message=Message("DU0BO", "1.2", "", [adjust], BOT_USER_ID))
    bo.modal()
    bo.submit({ids.CADENCE_CHOICE: "weekly"})
    fake_slack.wait_idle()
    tick(deps, deps.clock())
    files = fake_slack.wait_for(lambda: len(fake_slack.files_in(group)) == 2 and fake_slack.files_in(group))
    second = _event(files[1]["content"])
    assert str(second["UID"]) == str(first["UID"])
    assert int(second.decoded("SEQUENCE")) == int(first.decoded("SEQUENCE")) + 1 == 1
    assert "INTERVAL" not in _rule(second) or int(_rule(second)["INTERVAL"]) == 1
    assert files[1]["title"] == "Mentoring: Ada & Bo (update 1)"
    assert "Updated calendar file: now every week" in fake_slack.messages_in(group)[-1].text
    tick(deps, deps.clock() + timedelta(minutes=5))
    assert len(fake_slack.files_in(group)) == 2
    assert _mentorship(deps, record.id).calendar_sequence == 1


def test_an_upload_slack_dropped_after_sharing_is_not_shared_twice(
    ws: Workspace, deps: Deps, clock: Clock, fake_slack: FakeSlack
) -> None:
    clock.set(NOW)
    _, _, record, _ = _agree(ws, deps, fake_slack)
    group = _group(record)
    fake_slack.fail("files.completeUploadExternal", drop="after")
    tick(deps, deps.clock())
    assert len(fake_slack.files_in(group)) == 1  # Slack shared it, but the bot never heard back
    with deps.uow() as uow:
        row = uow.session.scalars(
            select(ScheduledMessageRecord).where(ScheduledMessageRecord.kind == "calendar_invite")
        ).one()
        assert row.state == "unknown"
    tick(deps, deps.clock() + timedelta(minutes=5))
    assert len(fake_slack.files_in(group)) == 1
    with deps.uow() as uow:
        row = uow.session.scalars(
            select(ScheduledMessageRecord).where(ScheduledMessageRecord.kind == "calendar_invite")
        ).one()
        assert row.state == "sent"
