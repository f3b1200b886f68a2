"""The App Home through the real HTTP endpoint: opening the tab publishes the state-led view, and its
primary button moves the person on (the Home is published again with the next step)."""

from __future__ import annotations

import json
from datetime import timedelta
from functools import partial
from typing import Any

from bot.deps import Deps
from devtools.emulator import FakeSlack, Workspace
from devtools.emulator.clock import Clock
from handlers.slack import ids
from storage.records import MentorshipRecord, SessionLogRecord
from tests.support.factories import day, make_mentorship, make_person, utc

NOW = utc(2026, 12, 2, 9)


def _primary(view: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for block in view.get("blocks", []):
        elements = block.get("elements", []) + ([block["accessory"]] if "accessory" in block else [])
        found += [e for e in elements if e.get("type") == "button" and e.get("style") == "primary"]
    return found


def _lead(view: dict[str, Any]) -> str:
    """The state sentence and the section that follows it."""
    sections = [str(b["text"]["text"]) for b in view.get("blocks", []) if b["type"] == "section"]
    return "\n".join(sections[:2])


def test_opening_the_home_tab_publishes_the_next_meeting_first(
    ws: Workspace, deps: Deps, clock: Clock, fake_slack: FakeSlack
) -> None:
    clock.set(NOW)
    kai = ws.person("U0KAI", "Kai Müller", tz="Europe/Berlin")
    ws.person("U0BO", "Bo Jensen")
    mentor = make_person(deps, "U0BO", "mentor", name="Bo Jensen")
    mentee = make_person(deps, "U0KAI", "mentee", name="Kai Müller", timezone="Europe/Berlin")
    m = make_mentorship(deps, mentor, mentee, cadence="weekly", started_at=NOW - timedelta(days=14))
    with deps.uow() as uow:
        uow.session.add(
            SessionLogRecord(
                team_id=m.team_id,
                mentorship_id=m.id,
                logged_by=mentee.id,
                held_on=day(2026, 12, 1),
                takeaways="",
                next_meeting_on=day(2026, 12, 8),
                created_at=NOW - timedelta(days=1),
            )
        )
    assert kai.open_home().status == 200
    home = kai.home()
    assert fake_slack.calls_to("views.publish")
    assert _lead(home).startswith("*Your mentorship with <@U0BO> is active.*\n*Next meeting: <!date^")
    assert "Tue 8 Dec 2026" in _lead(home)
    assert [b["action_id"] for b in _primary(home)] == [ids.HOME_GOAL]  # no goal yet: set one
    assert "Find a mentor" not in json.dumps(home)


def test_confirming_the_agreement_from_home_publishes_the_next_step(
    ws: Workspace, deps: Deps, clock: Clock, fake_slack: FakeSlack
) -> None:
    clock.set(NOW)
    kai = ws.person("U0KAI", "Kai Müller")
    ws.person("U0BO", "Bo Jensen")
    mentor = make_person(deps, "U0BO", "mentor", name="Bo Jensen")
    mentee = make_person(deps, "U0KAI", "mentee", name="Kai Müller")
    m = make_mentorship(deps, mentor, mentee, agreed=False)
    with deps.uow() as uow:
        record = uow.session.get(MentorshipRecord, m.id)
        assert record is not None
        record.agreement_status = "proposed"
        record.agreement_proposed_by = mentor.id
        record.cadence = "weekly"
        record.meeting_format = "video"
        record.first_meeting_on = day(2026, 12, 9)
        record.end_date = day(2027, 5, 26)
    kai.open_home()
    home = kai.home()
    assert "<@U0BO> proposed these terms" in _lead(home)
    [button] = _primary(home)
    assert button["action_id"] == ids.AGREEMENT_CONFIRM
    kai.click(ids.AGREEMENT_CONFIRM, in_home=True, value=button["value"])
    fake_slack.wait_for(lambda: "is active" in json.dumps(fake_slack.home_of("U0KAI") or {}))
    with deps.uow() as uow:
        confirmed = uow.session.get(MentorshipRecord, m.id)
        assert confirmed is not None and confirmed.agreement_status == "agreed"
    assert "Wed 9 Dec 2026" in _lead(fake_slack.home_of("U0KAI") or {})


def test_after_an_end_home_keeps_the_history_and_its_thanks_button_opens_feedback(
    ws: Workspace, deps: Deps, clock: Clock, fake_slack: FakeSlack
) -> None:
    clock.set(NOW)
    kai = ws.person("U0KAI", "Kai Müller")
    ws.person("U0BO", "Bo Jensen")
    mentor = make_person(deps, "U0BO", "mentor", name="Bo Jensen")
    mentee = make_person(deps, "U0KAI", "mentee", name="Kai Müller")
    m = make_mentorship(
        deps,
        mentor,
        mentee,
        started_at=utc(2026, 6, 1, 9),
        status="ended",
        ended_at=NOW - timedelta(days=5),
        end_reason="completed",
    )
    kai.open_home()
    home = kai.home()
    assert "ended on" in _lead(home) and "no mentorship yet" not in json.dumps(home)
    assert "Your mentorships so far" in json.dumps(home)
    [thank] = _primary(home)
    assert thank["action_id"] == ids.HOME_FEEDBACK and thank["value"] == str(m.id)
    kai.click(ids.HOME_FEEDBACK, in_home=True, value=thank["value"])
    assert kai.modal()["callback_id"] == ids.FEEDBACK_MODAL
    kai.submit(
        {
            ids.FEEDBACK_WELL: "When you drew the pipeline on the whiteboard it clicked for me",
            ids.FEEDBACK_BETTER: "Our last two sessions started 10 minutes late",
            ids.FEEDBACK_SUGGESTION: "Send an agenda the day before",
            ids.FEEDBACK_RATING: "5",
        }
    )
    # Thanked: Home moves on to what comes next, and no longer leads with the thanks.
    after = fake_slack.wait_for(
        lambda: [h for h in [fake_slack.home_of("U0KAI") or {}] if "sent <@U0BO> your thanks" in _lead(h)]
    )[-1]
    assert [b["action_id"] for b in _primary(after)] == [ids.HOME_FIND]
    assert ids.HOME_FEEDBACK not in json.dumps(after)


def test_resuming_a_paused_mentorship_from_home_publishes_it_active_again(
    ws: Workspace, deps: Deps, clock: Clock, fake_slack: FakeSlack
) -> None:
    clock.set(NOW)
    kai = ws.person("U0KAI", "Kai Müller")
    ws.person("U0BO", "Bo Jensen")
    mentor = make_person(deps, "U0BO", "mentor", name="Bo Jensen")
    mentee = make_person(deps, "U0KAI", "mentee", name="Kai Müller")
    m = make_mentorship(deps, mentor, mentee, status="paused", paused_until=day(2027, 1, 4))
    kai.open_home()
    home = kai.home()
    assert "is paused until <!date^" in _lead(home)
    [resume] = _primary(home)
    assert (resume["action_id"], resume["value"]) == (ids.RESUME_PICK, str(m.id))
    kai.click(ids.RESUME_PICK, in_home=True, value=resume["value"])
    fake_slack.wait_for(lambda: "paused" not in _lead(fake_slack.home_of("U0KAI") or {"blocks": []}))
    with deps.uow() as uow:
        resumed = uow.session.get(MentorshipRecord, m.id)
        assert resumed is not None and resumed.status == "active"
    assert "<@U0BO>" in _lead(fake_slack.home_of("U0KAI") or {})


def test_a_wrap_up_choice_made_on_home_refreshes_both_homes(
    ws: Workspace, deps: Deps, clock: Clock, fake_slack: FakeSlack
) -> None:
    clock.set(NOW)
    kai = ws.person("U0KAI", "Kai Müller")
    bo = ws.person("U0BO", "Bo Jensen")
    mentor = make_person(deps, "U0BO", "mentor", name="Bo Jensen")
    mentee = make_person(deps, "U0KAI", "mentee", name="Kai Müller")
    make_mentorship(deps, mentor, mentee, started_at=NOW - timedelta(weeks=11), weeks=12)
    bo.open_home()
    kai.open_home()
    home = kai.home()
    assert "is due to end on" in _lead(home)
    [conclude] = _primary(home)
    assert conclude["action_id"] == ids.TRANSITION_CONCLUDE
    assert "is due to end on" in _lead(bo.home())
    kai.click(ids.TRANSITION_CONCLUDE, in_home=True, value=conclude["value"])

    def chosen(user: str) -> bool:
        return "concludes as planned on" in json.dumps(fake_slack.home_of(user) or {})

    for user in ("U0KAI", "U0BO"):
        fake_slack.wait_for(partial(chosen, user))
        assert ids.TRANSITION_EXTEND not in json.dumps(fake_slack.home_of(user))
