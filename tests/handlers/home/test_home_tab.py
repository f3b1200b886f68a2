"""The App Home follows the person's state: what leads, the one primary button, the history after
an end, the agreed cadence (never contradicted by the profile), the folded profile, Block Kit limits."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from slack_sdk.models.views import View

from bot.deps import Deps
from bot.services.program_admin.settings import add_listed_admin
from devtools.emulator.clock import Clock
from devtools.emulator.server import TEAM_ID
from handlers.home import texts as t
from handlers.home.tab import Home
from handlers.slack import ids
from storage.records import (
    ActionItemRecord,
    GoalRecord,
    MentorRequestRecord,
    MentorshipRecord,
    MilestoneRecord,
    PersonRecord,
    ScheduledMessageRecord,
    SessionLogRecord,
    TransitionChoiceRecord,
)
from tests.support.factories import day, make_mentorship, make_person, utc

NOW = utc(2026, 12, 2, 9)  # a Wednesday


@pytest.fixture(autouse=True)
def _now(clock: Clock) -> None:
    clock.set(NOW)


def render(deps: Deps, user: str) -> dict[str, Any]:
    """The Home view as published, checked against Slack's models (limits and shapes)."""
    view = Home(deps).build(TEAM_ID, user)
    View(**view).validate_json()
    return view


def buttons(view: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for block in view["blocks"]:
        found += [e for e in block.get("elements", []) if e.get("type") == "button"]
        if block.get("accessory", {}).get("type") == "button":
            found.append(block["accessory"])
    return found


def primary(view: dict[str, Any]) -> list[str]:
    """The action ids of the primary buttons."""
    return [b["action_id"] for b in buttons(view) if b.get("style") == "primary"]


def lead(view: dict[str, Any]) -> str:
    """What the Home leads with: the state sentence and the section that follows it."""
    sections = [b["text"]["text"] for b in view["blocks"] if b["type"] == "section"]
    return "\n".join(sections[:2])


def profile_text(view: dict[str, Any]) -> str:
    return next(
        b["text"]["text"]
        for b in view["blocks"]
        if b["type"] == "section" and "*Your profile*" in b["text"]["text"]
    )


def shown(view: dict[str, Any]) -> str:
    return json.dumps(view, ensure_ascii=False)


def add(deps: Deps, *records: Any) -> None:
    with deps.uow() as uow:
        for record in records:
            uow.session.add(record)


def pair_of_people(deps: Deps, **fields: Any) -> tuple[PersonRecord, PersonRecord, MentorshipRecord]:
    mentor = make_person(deps, "U0BO", "mentor", name="Bo Jensen", capacity=3)
    mentee = make_person(
        deps, "U0KAI", "mentee", name="Kai Müller", timezone="Europe/Berlin", cadence="biweekly"
    )
    return mentor, mentee, make_mentorship(deps, mentor, mentee, **fields)


def goal(
    mentorship: MentorshipRecord, owner: PersonRecord, title: str, status: str = "active", **f: Any
) -> GoalRecord:
    return GoalRecord(
        team_id=TEAM_ID,
        mentorship_id=mentorship.id,
        owner_id=owner.id,
        title=title,
        target_date=f.pop("target_date", day(2027, 3, 1)),
        status=status,
        progress=f.pop("progress", 40),
        created_at=NOW - timedelta(days=30),
        achieved_at=(NOW - timedelta(days=10)) if status == "achieved" else None,
        **f,
    )


# -- states ---------------------------------------------------------------------------------------
def test_newcomer_is_welcomed_with_one_primary_join(deps: Deps) -> None:
    view = render(deps, "U0NEW")
    assert "Welcome to" in lead(view)
    assert primary(view) == [ids.PROFILE_OPEN]


def test_mentee_waiting_leads_with_find_and_folds_the_profile(deps: Deps) -> None:
    make_person(deps, "U0KAI", "mentee", name="Kai Müller", wants=["leadership"])
    view = render(deps, "U0KAI")
    assert "find you a mentor" in lead(view)
    assert primary(view) == [ids.HOME_FIND]
    assert "no mentorship yet" not in shown(view)
    # The profile is one summary near the bottom, with its Edit button, and no field grid.
    blocks = view["blocks"]
    index = next(
        i for i, b in enumerate(blocks) if b["type"] == "section" and "*Your profile*" in b["text"]["text"]
    )
    assert index >= len(blocks) - 3
    assert blocks[index]["accessory"]["action_id"] == ids.PROFILE_OPEN
    assert not any("fields" in b for b in blocks)
    assert len(buttons(view)) <= 3


def test_mentor_waiting_is_told_they_will_be_asked(deps: Deps) -> None:
    make_person(deps, "U0BO", "mentor", name="Bo Jensen", offers=["python", "talks"], capacity=2)
    view = render(deps, "U0BO")
    assert "not mentoring anyone right now" in lead(view) and "2 seats free" in lead(view)
    assert primary(view) == [ids.PROFILE_OPEN]
    assert [b["action_id"] for b in buttons(view)].count(ids.PROFILE_OPEN) == 1  # no second Edit


def test_request_waiting_for_the_mentors_answer_leads_with_accept(deps: Deps) -> None:
    mentor = make_person(deps, "U0BO", "mentor", name="Bo Jensen")
    mentee = make_person(deps, "U0KAI", "mentee", name="Kai Müller")
    request = MentorRequestRecord(
        team_id=TEAM_ID,
        mentee_id=mentee.id,
        mentor_id=mentor.id,
        message="I'd love help with <talks>",
        status="pending",
        created_at=NOW - timedelta(hours=2),
        expires_at=NOW + timedelta(days=3),
    )
    add(deps, request)
    view = render(deps, "U0BO")
    assert "<@U0KAI> has asked you to be their mentor; it's waiting for your answer" in lead(view)
    assert "&lt;talks&gt;" in lead(view)
    assert primary(view) == [ids.REQUEST_ACCEPT]
    assert ids.REQUEST_DECLINE in [b["action_id"] for b in buttons(view)]
    # The mentee waits on the mentor: told until when, and nothing is pressed on them.
    mine = render(deps, "U0KAI")
    assert "You asked <@U0BO>" in lead(mine) and "<!date^" in lead(mine)
    assert primary(mine) == []
    assert ids.HOME_FIND not in primary(mine)


def test_paired_without_agreement_leads_with_setting_it_up(deps: Deps) -> None:
    _, _, m = pair_of_people(deps, agreed=False)
    view = render(deps, "U0KAI")
    assert "You and <@U0BO> are paired, and your agreement isn't settled yet" in lead(view)
    assert "First step: agree with <@U0BO>" in lead(view)
    assert primary(view) == [ids.AGREEMENT_OPEN]
    assert next(b for b in buttons(view) if b.get("style") == "primary")["value"] == str(m.id)
    assert ids.HOME_FIND not in [b["action_id"] for b in buttons(view)]  # never "Find a mentor" with one


def test_agreement_proposed_by_the_partner_is_to_confirm(deps: Deps) -> None:
    mentor, _, m = pair_of_people(deps, agreed=False)
    with deps.uow() as uow:
        record = uow.session.get(MentorshipRecord, m.id)
        assert record is not None
        record.agreement_status = "proposed"
        record.agreement_proposed_by = mentor.id
        record.cadence = "weekly"
        record.meeting_format = "video"
        record.first_meeting_on = day(2026, 12, 10)
        record.end_date = day(2027, 5, 27)
    view = render(deps, "U0KAI")
    assert "<@U0BO> proposed these terms" in lead(view)
    assert "every week by video" in lead(view) and "Thu 10 Dec 2026" in lead(view)
    assert primary(view) == [ids.AGREEMENT_CONFIRM]
    waiting = render(deps, "U0BO")
    assert "You proposed these terms; waiting for <@U0KAI> to confirm them" in lead(waiting)
    assert primary(waiting) == []


def test_active_mentorship_leads_with_the_agreed_next_meeting_and_the_agreed_cadence(deps: Deps) -> None:
    mentor, mentee, m = pair_of_people(deps, cadence="weekly", started_at=NOW - timedelta(days=21))
    add(
        deps,
        SessionLogRecord(
            team_id=TEAM_ID,
            mentorship_id=m.id,
            logged_by=mentee.id,
            held_on=day(2026, 11, 30),
            takeaways="",
            next_meeting_on=day(2026, 12, 7),
            created_at=NOW - timedelta(days=2),
        ),
        ActionItemRecord(
            team_id=TEAM_ID, mentorship_id=m.id, text="Draft the outline", owner_id=mentee.id, created_at=NOW
        ),
        ActionItemRecord(
            team_id=TEAM_ID, mentorship_id=m.id, text="Send the slides", owner_id=mentor.id, created_at=NOW
        ),
        goal(m, mentee, "Give a talk at the guild"),
    )
    view = render(deps, "U0KAI")
    first = lead(view)
    assert first.startswith("*Your mentorship with <@U0BO> is active.*\n*Next meeting: <!date^")
    assert "Mon 7 Dec 2026" in first
    assert "Agreed: meeting every week" in first
    # The profile's cadence is a preference for future matches, said as such; nothing else says it.
    assert "every two weeks" in profile_text(view) and "future matches" in profile_text(view)
    assert shown(view).count("every two weeks") == 1
    assert "Agreement: agreed" not in shown(view)
    assert primary(view) == [ids.HOME_LOG]
    assert "Draft the outline" in shown(view) and "Give a talk at the guild" in shown(view)
    done = [b for b in buttons(view) if b["action_id"] == ids.HOME_ACTION_DONE]
    assert len(done) == 2
    sections = [b["text"]["text"] for b in view["blocks"] if b["type"] == "section"]
    assert sections.index(next(s for s in sections if "Draft the outline" in s)) < sections.index(
        next(s for s in sections if "Send the slides" in s)
    )  # the person's own items first
    # No "Your mentorships" heading followed by a "Your mentorship" one.
    assert "Your mentorships" not in shown(view) and "*Your mentorship*" not in shown(view)


def test_each_goal_of_the_mentorship_offers_its_one_next_step(deps: Deps) -> None:
    _, mentee, m = pair_of_people(deps)
    talk, review = goal(m, mentee, "Give a talk"), goal(m, mentee, "Lead a review")
    add(deps, talk, review)
    add(
        deps,
        MilestoneRecord(team_id=TEAM_ID, goal_id=talk.id, position=0, title="Outline", completed_at=NOW),
        MilestoneRecord(team_id=TEAM_ID, goal_id=talk.id, position=1, title="Dry run"),
        MilestoneRecord(team_id=TEAM_ID, goal_id=review.id, position=0, title="Pick a PR", completed_at=NOW),
    )
    view = render(deps, "U0KAI")
    rows = [b for b in view["blocks"] if b["type"] == "section" and b["text"]["text"].startswith(":dart:")]
    assert [r["accessory"]["text"]["text"] for r in rows] == ["Done: Dry run", "Mark achieved"]
    assert [r["accessory"]["action_id"] for r in rows] == [ids.GOAL_MILESTONE_DONE, ids.GOAL_ACHIEVED]
    assert "confirm" in rows[1]["accessory"]
    assert primary(view) == [ids.HOME_LOG]  # goal buttons never compete with the one primary


def test_a_mentee_without_a_goal_is_led_to_set_one(deps: Deps) -> None:
    pair_of_people(deps)
    view = render(deps, "U0KAI")
    assert primary(view) == [ids.HOME_GOAL]
    assert "No goal yet" in shown(view)


def test_an_open_check_in_asks_to_log_the_session(deps: Deps) -> None:
    _, _, m = pair_of_people(deps, started_at=NOW - timedelta(days=21))
    add(
        deps,
        ScheduledMessageRecord(
            team_id=TEAM_ID,
            mentorship_id=m.id,
            kind="checkin",
            period_key="p3",
            recipient="U0KAI",
            due_at=NOW - timedelta(days=1),
            payload={},
            state="sent",
            created_at=NOW - timedelta(days=1),
            sent_at=NOW - timedelta(days=1),
        ),
    )
    view = render(deps, "U0KAI")
    assert "Did you meet <@U0BO>?" in lead(view)
    assert primary(view) == [ids.HOME_LOG]
    # Answered ("skip"), it waits no more.
    with deps.uow() as uow:
        row = uow.session.query(ScheduledMessageRecord).one()
        row.payload = {"answer": "skip"}
    assert "Did you meet" not in shown(render(deps, "U0KAI"))


def test_paused_says_until_when_as_a_date_token_and_offers_resume(deps: Deps) -> None:
    pair_of_people(deps, status="paused", paused_until=day(2027, 1, 4))
    view = render(deps, "U0KAI")
    assert "paused until <!date^" in lead(view) and "Mon 4 Jan 2027" in lead(view)
    assert primary(view) == [ids.RESUME_PICK]


def test_transition_window_asks_how_to_wrap_up_once(deps: Deps, clock: Clock) -> None:
    _, _, m = pair_of_people(deps, started_at=NOW - timedelta(weeks=11), weeks=12)
    view = render(deps, "U0KAI")
    assert "is due to end on <!date^" in lead(view)
    assert primary(view) == [ids.TRANSITION_CONCLUDE]
    values = {b["value"] for b in buttons(view) if b["action_id"].startswith("transition_")}
    assert values == {f"{m.id}:{m.end_date.isoformat() if m.end_date else ''}"}


def test_once_a_wrap_up_choice_is_made_the_home_says_it_and_asks_no_more(deps: Deps) -> None:
    _, _, m = pair_of_people(deps, started_at=NOW - timedelta(weeks=11), weeks=12)
    assert m.end_date is not None
    add(
        deps,
        TransitionChoiceRecord(
            team_id=TEAM_ID,
            mentorship_id=m.id,
            window=m.end_date.isoformat(),
            choice="conclude",
            chosen_by="U0BO",
            chosen_at=NOW,
        ),
    )
    view = render(deps, "U0KAI")
    assert not [b for b in buttons(view) if b["action_id"].startswith("transition_")]
    assert "concludes as planned on <!date^" in lead(view)
    assert "concludes as planned on <!date^" in lead(render(deps, "U0BO"))  # the same for both
    assert len(primary(view)) == 1


def test_a_request_to_a_busy_mentor_shows_below_the_lead_without_a_second_primary(deps: Deps) -> None:
    mentor, _, _ = pair_of_people(deps)
    asker = make_person(deps, "U0ASK", "mentee", name="Asker")
    add(
        deps,
        MentorRequestRecord(
            team_id=TEAM_ID,
            mentee_id=asker.id,
            mentor_id=mentor.id,
            message="Hi!",
            status="pending",
            created_at=NOW,
            expires_at=NOW + timedelta(days=3),
        ),
    )
    view = render(deps, "U0BO")
    assert "Your mentorship with <@U0KAI> is active" in lead(view) and "Next meeting" in lead(view)
    assert "<@U0ASK> asked you to be their mentor" in shown(view)
    assert primary(view) == [ids.HOME_LOG]
    assert ids.REQUEST_ACCEPT in [b["action_id"] for b in buttons(view)]


def test_after_an_end_the_history_stays_and_thanks_lead(deps: Deps) -> None:
    mentor, mentee, m = pair_of_people(
        deps,
        started_at=utc(2026, 3, 2, 9),
        status="ended",
        ended_at=utc(2026, 11, 20, 9),
        end_reason="completed",
    )
    add(deps, goal(m, mentee, "Give a talk", "achieved"), goal(m, mentee, "Lead a review", "achieved"))
    view = render(deps, "U0KAI")
    assert "Your mentorship with <@U0BO> ended on <!date^" in lead(view)
    assert "2 goals achieved" in lead(view)
    history = next(b["text"]["text"] for b in view["blocks"] if "*Your mentorships so far*" in json.dumps(b))
    assert (
        "With <@U0BO> (your mentor)" in history
        and "Mon 2 Mar 2026" in history
        and "Fri 20 Nov 2026" in history
    )
    assert "2 goals achieved" in history
    assert "no mentorship yet" not in shown(view).lower()
    assert primary(view) == [ids.HOME_FEEDBACK]
    thank = next(b for b in buttons(view) if b["action_id"] == ids.HOME_FEEDBACK)
    assert thank["value"] == str(m.id) and thank["text"]["text"] == "Thank Bo"
    assert ids.HOME_FIND in [b["action_id"] for b in buttons(view)]
    # Long after the end: the history stays, the mentee is led to a new mentor.
    later = render_at(deps, "U0KAI", NOW + timedelta(days=60))
    assert "With <@U0BO> (your mentor)" in shown(later)
    assert primary(later) == [ids.HOME_FIND]
    assert mentor.id != mentee.id


def render_at(deps: Deps, user: str, when: datetime) -> dict[str, Any]:
    clock = deps.clock
    assert isinstance(clock, Clock)
    clock.set(when)
    return render(deps, user)


def test_someone_who_left_is_offered_to_join_again(deps: Deps) -> None:
    make_person(deps, "U0GONE", None, status="opted_out", name="")
    view = render(deps, "U0GONE")
    assert "not in the program any more" in lead(view)
    assert primary(view) == [ids.PROFILE_OPEN]


# -- mentors with several mentees, admins, limits ---------------------------------------------------
def test_a_mentor_with_several_mentees_gets_one_compact_card_each(deps: Deps) -> None:
    mentor = make_person(deps, "U0BO", "mentor", name="Bo Jensen", capacity=3)
    mentees = [make_person(deps, f"U0M{i}", "mentee", name=f"Mentee {i}") for i in range(3)]
    make_mentorship(deps, mentor, mentees[0], agreed=False)
    make_mentorship(deps, mentor, mentees[1])
    make_mentorship(deps, mentor, mentees[2], status="paused", paused_until=day(2027, 1, 4))
    view = render(deps, "U0BO")
    # The person's state (bot.domain.journey) is about the paused one; the others get a card each.
    assert "Your mentorship with <@U0M2> is paused" in lead(view)
    assert primary(view) == [ids.RESUME_PICK]
    cards = [b for b in view["blocks"] if b["type"] == "section" and "your mentee" in b["text"]["text"]]
    assert [c["text"]["text"].split("*")[1] for c in cards] == ["<@U0M0>", "<@U0M1>"]
    assert cards[0]["accessory"]["action_id"] == ids.AGREEMENT_OPEN and "agreement to set up" in shown(
        cards[0]
    )
    assert cards[1]["accessory"]["action_id"] == ids.HOME_LOG and "every week until" in shown(cards[1])
    assert all("style" not in c["accessory"] for c in cards)
    assert "*Your mentees*" in shown(view)


def test_someone_who_mentors_and_has_no_mentor_yet_can_still_find_one(deps: Deps) -> None:
    me = make_person(deps, "U0BOTH", "both", name="Bo Both")
    make_mentorship(deps, me, make_person(deps, "U0M0", "mentee", name="M0"))
    view = render(deps, "U0BOTH")
    assert "Your mentorship with <@U0M0> is active" in lead(view)
    assert primary(view) == [ids.HOME_LOG]
    assert ids.HOME_FIND in [b["action_id"] for b in buttons(view)]


def test_admins_get_a_small_admin_entry(deps: Deps) -> None:
    make_person(deps, "U0ADM", "mentor", name="Ada Admin")
    make_person(deps, "U0KAI", "mentee", name="Kai Müller")
    add_listed_admin(deps, TEAM_ID, "U0SAM", "U0ADM")
    assert "/mentor admin report" in shown(render(deps, "U0ADM"))
    assert "/mentor admin" not in shown(render(deps, "U0KAI"))


def test_the_worst_case_home_keeps_within_block_kit_limits(deps: Deps) -> None:
    """A mentor (and mentee) at full capacity, with many goals and items everywhere, five requests
    waiting and a long history: every block fits, and nothing at the bottom is cut off."""
    me = make_person(deps, "U0BO", "both", name="Bo Jensen", capacity=5, offers=["x" * 60] * 30)
    mentor = make_person(deps, "U0MENTOR", "mentor", name="Their Mentor")
    live = [make_mentorship(deps, me, make_person(deps, f"U0M{i}", "mentee", name=f"M{i}")) for i in range(5)]
    live.append(make_mentorship(deps, mentor, me))
    records: list[Any] = []
    for m in live:
        records += [goal(m, me, "G" * 400 + str(i)) for i in range(20)]
        records += [
            ActionItemRecord(
                team_id=TEAM_ID, mentorship_id=m.id, text="I" * 900, owner_id=None, created_at=NOW
            )
            for _ in range(30)
        ]
    for i in range(5):
        asker = make_person(deps, f"U0ASK{i}", "mentee", name=f"Asker {i}")
        records.append(
            MentorRequestRecord(
                team_id=TEAM_ID,
                mentee_id=asker.id,
                mentor_id=me.id,
                message="M" * 2000,
                status="pending",
                created_at=NOW,
                expires_at=NOW + timedelta(days=3),
            )
        )
    for i in range(12):
        old = make_person(deps, f"U0OLD{i}", "mentee", name=f"Old {i}")
        make_mentorship(deps, me, old, started_at=utc(2025, 1, 6), status="ended", ended_at=utc(2025, 6, 1))
    add(deps, *records)
    add_listed_admin(deps, TEAM_ID, "U0SAM", "U0BO")
    view = Home(deps).build(TEAM_ID, "U0BO")
    assert len(view["blocks"]) <= 100
    assert view["blocks"][-1] == {"type": "context", "elements": [{"type": "mrkdwn", "text": t.FOOTER}]}
    View(**view).validate_json()
    assert len(primary(view)) == 1
    cards = [b for b in view["blocks"] if b["type"] == "section" and "* · your mentee" in b["text"]["text"]]
    assert len(cards) == 4  # one compact card for each mentee that does not lead


def test_a_features_extra_section_comes_after_the_mentorships_and_never_adds_a_primary(deps: Deps) -> None:
    pair_of_people(deps)
    home = Home(deps)
    extra = {
        "type": "actions",
        "elements": [
            {
                "type": "button",
                "text": {"type": "plain_text", "text": "Add to calendar"},
                "action_id": "x",
                "style": "primary",
            }
        ],
    }
    home.add_section(10, lambda _deps, _team, person: [extra] if person is not None else [])
    view = home.build(TEAM_ID, "U0KAI")
    View(**view).validate_json()
    kinds = [b.get("elements", [{}])[0].get("action_id") for b in view["blocks"]]
    assert "x" in kinds
    assert kinds.index("x") < next(
        i for i, b in enumerate(view["blocks"]) if "*Your profile*" in json.dumps(b)
    )
    assert primary(view) == [ids.HOME_GOAL]
