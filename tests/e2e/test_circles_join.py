"""Joining a circles program through signed Slack requests: the short form (topics, department,
time zone from Slack), inline errors, the audience rule (a mentors-only circle refuses mentees
with the reason), editing one's topics, and member commands keeping to the right format."""

from __future__ import annotations

from bot.deps import Deps
from devtools.emulator import FakeSlack, Workspace
from handlers.slack import ids
from tests.support.circle_edge import circles_program, join, membership
from tests.support.factories import make_person


def test_join_a_circles_program_with_the_short_form(ws: Workspace, deps: Deps, fake_slack: FakeSlack) -> None:
    peers = circles_program(deps, fake_slack, circle_min_size=3, circle_max_size=5, circle_weeks=8)
    kai = ws.person("U0KAI", "Kai Tanaka", tz="Asia/Tokyo")
    kai.command("join peers")
    view = kai.modal()
    assert view["callback_id"] == ids.CIRCLE_JOIN_MODAL
    shown = str(view)
    assert "circles of 3–5 people" in shown and "8 weeks" in shown and "every two weeks" in shown
    assert ids.PROFILE_ROLE not in shown  # no role, capacity or cadence: a short form
    empty = kai.submit({ids.CIRCLE_JOIN_TOPICS: " , ;"}, view=view)
    assert "at least one topic" in empty.json["errors"][ids.CIRCLE_JOIN_TOPICS]
    long = kai.submit({ids.CIRCLE_JOIN_TOPICS: "x" * 70}, view=view)
    assert "under 60 characters" in long.json["errors"][ids.CIRCLE_JOIN_TOPICS]
    assert membership(deps, peers, "U0KAI") is None  # refusals save nothing
    ok = kai.submit(
        {
            ids.CIRCLE_JOIN_TOPICS: "Public speaking, giving feedback, <!channel>",
            ids.CIRCLE_JOIN_DEPARTMENT: "Data",
        },
        view=view,
    )
    assert ok.status == 200 and ok.body == ""
    dm = kai.last_dm(containing="You're in")
    assert "Peer circles" in dm.all_text() and "public speaking" in dm.all_text()
    assert "<!channel>" not in dm.all_text()  # what people type is escaped
    seat = membership(deps, peers, "U0KAI")
    assert seat is not None and seat.role == "member" and seat.status == "active"
    assert seat.wants[:2] == ["public speaking", "giving feedback"] and seat.department == "Data"
    assert seat.timezone == "Asia/Tokyo"  # from Slack
    home = kai.home()
    assert "Peer circles" in str(home)

    # Again: the form edits the topics.
    kai.command("join peers")
    again = kai.modal()
    assert "Your circle topics" in str(again["title"]) and "public speaking" in str(again)
    kai.submit({ids.CIRCLE_JOIN_TOPICS: "negotiation"}, view=again)
    kai.last_dm(containing="Saved")
    seat = membership(deps, peers, "U0KAI")
    assert seat is not None and seat.wants == ["negotiation"]


def test_a_mentors_only_circle_refuses_mentees(ws: Workspace, deps: Deps, fake_slack: FakeSlack) -> None:
    circle = circles_program(deps, fake_slack, "mentor-circle", "Mentor community", circle_audience="mentors")
    make_person(deps, "U0BO", "mentee", name="Bo")
    make_person(deps, "U0ADA", "mentor", name="Ada")
    bo = ws.person("U0BO", "Bo")
    ada = ws.person("U0ADA", "Ada")
    zed = ws.person("U0ZED", "Zed New")
    bo.command("join mentor-circle")
    refusal = bo.last_ephemeral()
    assert "circle for mentors" in refusal["text"] and "you take part as a mentee" in refusal["text"]
    assert fake_slack.open_modal("U0BO") is None and membership(deps, circle, "U0BO") is None

    join(ada, "mentor-circle", "delegation, feedback")  # a mentor elsewhere: no role asked
    seat = membership(deps, circle, "U0ADA")
    assert seat is not None and seat.role == "member"

    zed.command("join mentor-circle")  # in no mentorship program: not known as a mentor
    assert "aren't a mentor in any mentorship program" in zed.last_ephemeral()["text"]
    assert membership(deps, circle, "U0ZED") is None


def test_a_forged_or_closed_join_changes_nothing(ws: Workspace, deps: Deps, fake_slack: FakeSlack) -> None:
    peers = circles_program(deps, fake_slack)
    kai = ws.person("U0KAI", "Kai")
    kai.command("join peers")
    view = kai.modal()
    forged = dict(view, private_metadata=view["private_metadata"] + "x")
    refused = kai.submit({ids.CIRCLE_JOIN_TOPICS: "feedback"}, view=forged)
    assert "errors" in refused.json
    with deps.uow() as uow:
        record = uow.programs.program(ws.team_id, peers)
        assert record is not None
        record.status = "running"  # closed to new members while the form was open
    closed = kai.submit({ids.CIRCLE_JOIN_TOPICS: "feedback"}, view=view)
    assert "isn't open for joining" in closed.json["errors"][ids.CIRCLE_JOIN_TOPICS]
    assert membership(deps, peers, "U0KAI") is None


def test_pair_commands_never_act_in_a_circles_program(
    ws: Workspace, deps: Deps, fake_slack: FakeSlack
) -> None:
    circles_program(deps, fake_slack)
    make_person(deps, "U0KAI", "mentee", name="Kai")
    kai = ws.person("U0KAI", "Kai")
    join(kai, "peers", "feedback")
    kai.command("find")  # a mentee in the mentorship program, a member of the circles program
    reply = kai.last_ephemeral()
    assert "Which program" not in str(reply)
