"""Program admins through the real HTTP endpoint: authorisation (replays included), settings,
report suppression and charts, pair health and actions, announcements, export, the admin list."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.deps import Deps
from bot.services.program_admin import list_admins
from devtools.emulator import FakeSlack, Person, Workspace
from devtools.emulator.clock import Clock
from devtools.emulator.server import BOT_USER_ID, Message
from handlers.admin import texts as t
from handlers.slack import ids
from handlers.slack.envelope import seal
from storage.records import (
    AuditRecord,
    FeedbackRecord,
    GoalRecord,
    MentorshipRecord,
    MilestoneRecord,
    ProgramRecord,
    ReflectionRecord,
    ScheduledMessageRecord,
    SessionLogRecord,
)
from tests.support.factories import make_mentorship, make_person, utc
from tests.support.settings import ADMIN_CHANNEL, CELEBRATION_CHANNEL

SECRET_INTRO = "SECRET-INTRO-my-manager-is-difficult"
SECRET_NOTES = "SECRET-NOTES-we-talked-about-burnout"
SECRET_FEEDBACK = "SECRET-FEEDBACK-you-interrupt-a-lot"
SECRET_GOAL = "SECRET-GOAL-get-promoted-before-bob"
SECRET_COMMENT = "SECRET-COMMENT-considering-leaving"


# -- helpers ----------------------------------------------------------------------------------------
def _admin(ws: Workspace, fake: FakeSlack) -> Person:
    sam = ws.person("U0SAM", "Sam Rivera")
    fake.set_members(ADMIN_CHANNEL, ["U0SAM"])
    return sam


def _audits(deps: Deps, action: str | None = None) -> list[AuditRecord]:
    with deps.uow() as uow:
        query = select(AuditRecord).order_by(AuditRecord.id)
        if action is not None:
            query = query.where(AuditRecord.action == action)
        return list(uow.session.scalars(query))


def _settings(deps: Deps, team_id: str) -> ProgramRecord:
    with deps.uow() as uow:
        return uow.programs.settings(team_id, deps.clock())


def _wait_reply(fake: FakeSlack, who: Person, count: int = 1) -> dict[str, Any]:
    replies: list[dict[str, Any]] = fake.wait_for(lambda: len(who.ephemerals()) >= count and who.ephemerals())
    return replies[count - 1]


def _reply_text(reply: dict[str, Any]) -> str:
    return Message("x", "0", str(reply.get("text") or ""), list(reply.get("blocks") or []), "U").all_text()


def _as_message(reply: dict[str, Any]) -> Message:
    """The ephemeral message an admin saw, as a clickable message (in the admin channel)."""
    return Message(
        ADMIN_CHANNEL, "1.000001", str(reply.get("text") or ""), list(reply["blocks"]), BOT_USER_ID
    )


def _pair(deps: Deps, mentor_id: str, mentee_id: str, **fields: Any) -> MentorshipRecord:
    mentor = make_person(deps, mentor_id, "mentor", name=f"Mentor {mentor_id}", intro=SECRET_INTRO)
    mentee = make_person(deps, mentee_id, "mentee", name=f"Mentee {mentee_id}", intro=SECRET_INTRO)
    return make_mentorship(deps, mentor, mentee, **fields)


def _mentorship(deps: Deps, mentorship_id: int) -> MentorshipRecord:
    with deps.uow() as uow:
        record = uow.session.get(MentorshipRecord, mentorship_id)
        assert record is not None
        return record


# -- authorisation ----------------------------------------------------------------------------------
@pytest.mark.parametrize("sub", ["settings", "report", "pairs", "announce", "export", "add <@U0BO>", "list"])
def test_non_admin_is_refused_every_admin_command_and_audited(
    ws: Workspace, fake_slack: FakeSlack, deps: Deps, sub: str
) -> None:
    _admin(ws, fake_slack)
    bo = ws.person("U0BO", "Bo Chen")
    bo.command(f"admin {sub}")
    reply = _wait_reply(fake_slack, bo)
    assert "only program admins" in reply["text"]
    fake_slack.wait_idle()
    assert fake_slack.open_modal("U0BO") is None
    assert fake_slack.calls_to("files.completeUploadExternal") == []
    denied = [a for a in _audits(deps) if a.outcome == "denied"]
    assert [(a.actor, a.action) for a in denied] == [("U0BO", f"admin {sub.split()[0]}")]
    assert list_admins(deps, ws.team_id) == []


def test_guests_are_never_admins_even_in_the_admin_channel(
    ws: Workspace, fake_slack: FakeSlack, deps: Deps
) -> None:
    guest = ws.person("U0GUEST", "Gus Guest")
    with fake_slack.lock:
        fake_slack.state.users["U0GUEST"]["is_restricted"] = True
    fake_slack.set_members(ADMIN_CHANNEL, ["U0GUEST"])
    guest.command("admin settings")
    assert "only program admins" in _wait_reply(fake_slack, guest)["text"]
    assert _audits(deps)[-1].outcome == "denied"


def test_workspace_admins_and_listed_admins_are_admins(
    ws: Workspace, fake_slack: FakeSlack, deps: Deps
) -> None:
    owner = ws.person("U0OWNER", "Olive Owner", is_admin=True)
    owner.command("admin settings")
    assert owner.modal()["callback_id"] == ids.ADMIN_SETTINGS_MODAL
    kai = ws.person("U0KAI", "Kai Muller")
    kai.command("admin settings")
    assert "only program admins" in _wait_reply(fake_slack, kai)["text"]
    owner.command("admin add <@U0KAI|kai>")
    assert "is now a program admin" in _wait_reply(fake_slack, owner)["text"]
    kai.command("admin settings")
    assert kai.modal()["callback_id"] == ids.ADMIN_SETTINGS_MODAL
    owner.command("admin remove <@U0KAI>")
    assert "no longer on the admin list" in _wait_reply(fake_slack, owner, 2)["text"]
    kai.close_modal()
    kai.command("admin settings")
    assert "only program admins" in _wait_reply(fake_slack, kai, 2)["text"]
    actions = [(a.action, a.target, a.outcome) for a in _audits(deps) if a.action.startswith("admin list")]
    assert actions == [("admin list add", "user:U0KAI", "ok"), ("admin list remove", "user:U0KAI", "ok")]


def test_admin_channel_membership_is_rechecked_after_leaving(
    ws: Workspace, fake_slack: FakeSlack, deps: Deps
) -> None:
    sam = _admin(ws, fake_slack)
    sam.command("admin list")
    assert "Program admins" in _wait_reply(fake_slack, sam)["text"]
    fake_slack.set_members(ADMIN_CHANNEL, [])
    ws.post_event({"type": "member_left_channel", "user": "U0SAM", "channel": ADMIN_CHANNEL})
    sam.command("admin list")
    assert "only program admins" in _wait_reply(fake_slack, sam, 2)["text"]


def test_replayed_pair_action_from_a_non_admin_changes_nothing(
    ws: Workspace, fake_slack: FakeSlack, deps: Deps
) -> None:
    sam = _admin(ws, fake_slack)
    pair = _pair(deps, "U0ADA", "U0MAYA")
    ws.person("U0ADA", "Ada")
    ws.person("U0MAYA", "Maya")
    bo = ws.person("U0BO", "Bo Chen")
    sam.command("admin pairs")
    listing = _as_message(_wait_reply(fake_slack, sam))
    for action in ("end", "pause", "rematch", "nudge"):
        bo.click(ids.ADMIN_PAIR_ACTION, message=listing, selected=f"{action}:{pair.id}")
    fake_slack.wait_for(lambda: len(bo.ephemerals()) >= 4)
    assert all("only program admins" in r["text"] for r in bo.ephemerals())
    fake_slack.wait_idle()
    assert _mentorship(deps, pair.id).status == "active"
    assert fake_slack.dms_to("U0ADA") == [] and fake_slack.dms_to("U0MAYA") == []
    denied = sorted((a.actor, a.action, a.target) for a in _audits(deps) if a.outcome == "denied")
    assert denied == sorted(
        ("U0BO", f"admin pair {action}", f"mentorship:{pair.id}")
        for action in ("end", "pause", "rematch", "nudge")
    )


def test_replayed_settings_and_announce_submissions_from_a_non_admin_change_nothing(
    ws: Workspace, fake_slack: FakeSlack, deps: Deps
) -> None:
    sam = _admin(ws, fake_slack)
    make_person(deps, "U0MAYA", "mentee")
    bo = ws.person("U0BO", "Bo Chen")
    sam.command("admin settings")
    # A form the bot signed for Bo (as if he had been an admin when it opened): still refused.
    settings_view = seal(deps, sam.modal(), "U0BO")
    reply = bo.submit({ids.ADMIN_SETTINGS_NAME: "Hijacked", ids.ADMIN_SETTINGS_HOUR: "8"}, view=settings_view)
    assert reply.status == 200
    bo.last_dm(containing="only program admins")
    assert _settings(deps, ws.team_id).program_name == "Mentorship Program"
    assert _settings(deps, ws.team_id).check_in_hour == 10
    sam.close_modal()
    sam.command("admin announce")
    announce_view = seal(deps, sam.modal(), "U0BO")
    bo.submit({ids.ADMIN_ANNOUNCE_TEXT: "Free pizza <!channel>"}, view=announce_view)
    fake_slack.wait_for(lambda: len(bo.dms()) >= 2)
    with deps.uow() as uow:
        assert list(uow.session.scalars(select(ScheduledMessageRecord))) == []
    denied = [(a.actor, a.action, a.outcome) for a in _audits(deps) if a.actor == "U0BO"]
    assert denied == [
        ("U0BO", "admin settings save", "denied"),
        ("U0BO", "admin announce send", "denied"),
    ]


# -- settings -------------------------------------------------------------------------------------
INVALID_SETTINGS: list[tuple[dict[str, Any], str]] = [
    ({ids.ADMIN_SETTINGS_NAME: "   "}, ids.ADMIN_SETTINGS_NAME),
    ({ids.ADMIN_SETTINGS_NAME: "x" * 101}, ids.ADMIN_SETTINGS_NAME),
    ({ids.ADMIN_SETTINGS_LENGTH: "0"}, ids.ADMIN_SETTINGS_LENGTH),
    ({ids.ADMIN_SETTINGS_LENGTH: "ten"}, ids.ADMIN_SETTINGS_LENGTH),
    ({ids.ADMIN_SETTINGS_HOUR: "6"}, ids.ADMIN_SETTINGS_HOUR),
    ({ids.ADMIN_SETTINGS_HOUR: "21"}, ids.ADMIN_SETTINGS_HOUR),
    ({ids.ADMIN_SETTINGS_EXPIRY: "0"}, ids.ADMIN_SETTINGS_EXPIRY),
    ({ids.ADMIN_SETTINGS_EXPIRY: "31"}, ids.ADMIN_SETTINGS_EXPIRY),
    ({ids.ADMIN_SETTINGS_WEIGHT + "hours": "-1"}, ids.ADMIN_SETTINGS_WEIGHT + "hours"),
    ({ids.ADMIN_SETTINGS_WEIGHT + "format": "nan"}, ids.ADMIN_SETTINGS_WEIGHT + "format"),
    ({ids.ADMIN_SETTINGS_WEIGHT + "cadence": "lots"}, ids.ADMIN_SETTINGS_WEIGHT + "cadence"),
    (
        {
            ids.ADMIN_SETTINGS_WEIGHT + n: "0"
            for n in ("topic", "hours", "cadence", "format", "cross_department")
        },
        ids.ADMIN_SETTINGS_WEIGHT + "topic",
    ),
    ({ids.ADMIN_SETTINGS_COOLDOWN: "soon"}, ids.ADMIN_SETTINGS_COOLDOWN),
    ({ids.ADMIN_SETTINGS_COOLDOWN: "-3"}, ids.ADMIN_SETTINGS_COOLDOWN),
    ({ids.ADMIN_SETTINGS_CHANNEL: "#general"}, ids.ADMIN_SETTINGS_CHANNEL),
    ({ids.ADMIN_SETTINGS_ZONE: "Europe/Berln"}, ids.ADMIN_SETTINGS_ZONE),
    ({ids.ADMIN_SETTINGS_THRESHOLD: "2"}, ids.ADMIN_SETTINGS_THRESHOLD),
    ({ids.ADMIN_SETTINGS_THRESHOLD: "51"}, ids.ADMIN_SETTINGS_THRESHOLD),
]


def test_each_invalid_setting_gets_an_inline_error_and_nothing_is_saved(
    ws: Workspace, fake_slack: FakeSlack, deps: Deps
) -> None:
    sam = _admin(ws, fake_slack)
    before = _settings(deps, ws.team_id)
    sam.command("admin settings")
    view = sam.modal()
    for values, block in INVALID_SETTINGS:
        # A valid change alongside the invalid one must not be saved either.
        reply = sam.submit(
            {ids.ADMIN_SETTINGS_HOUR: "9", **values} if block != ids.ADMIN_SETTINGS_HOUR else values,
            view=view,
        )
        body = reply.json
        assert body.get("response_action") == "errors", values
        assert list(body["errors"]) == [block], values
    after = _settings(deps, ws.team_id)
    assert (after.program_name, after.check_in_hour, after.updated_at) == (
        before.program_name,
        before.check_in_hour,
        before.updated_at,
    )
    assert _audits(deps, "admin settings saved") == []


def test_valid_settings_are_saved_audited_and_used_without_a_restart(
    ws: Workspace, fake_slack: FakeSlack, deps: Deps
) -> None:
    sam = _admin(ws, fake_slack)
    ada = ws.person("U0ADA", "Ada Lovelace")
    ada.command("join")
    assert ada.modal()["blocks"][6]["element"]["initial_option"]["value"] == "biweekly"
    ada.close_modal()
    sam.command("admin settings")
    view = sam.modal()
    assert view["callback_id"] == ids.ADMIN_SETTINGS_MODAL
    reply = sam.submit(
        {
            ids.ADMIN_SETTINGS_NAME: "  Platform   Mentoring ",
            ids.ADMIN_SETTINGS_CADENCE: "weekly",
            ids.ADMIN_SETTINGS_LENGTH: "12",
            ids.ADMIN_SETTINGS_HOUR: "8",
            ids.ADMIN_SETTINGS_EXPIRY: "5",
            ids.ADMIN_SETTINGS_WEIGHT + "topic": "0,7",
            ids.ADMIN_SETTINGS_WEIGHT + "cross_department": "0",
            ids.ADMIN_SETTINGS_COOLDOWN: "180 days",
            ids.ADMIN_SETTINGS_CHANNEL: CELEBRATION_CHANNEL,
            ids.ADMIN_SETTINGS_SHOUTOUTS: [],
            ids.ADMIN_SETTINGS_ZONE: " america/new york",
        },
        view=view,
    )
    assert reply.status == 200 and reply.body == ""
    sam.last_dm(containing="Settings saved")
    saved = _settings(deps, ws.team_id)
    assert saved.program_name == "Platform Mentoring"
    assert saved.time_zone == "America/New_York"
    assert (saved.default_cadence, saved.program_length_weeks, saved.check_in_hour) == ("weekly", 12, 8)
    assert (saved.request_expiry_days, saved.repeat_cooldown_days) == (5, 180)
    assert saved.matching_weights["topic"] == 0.7 and saved.matching_weights["cross_department"] == 0.0
    assert saved.matching_weights["hours"] == 0.2
    assert (saved.celebration_channel, saved.allow_shoutouts, saved.updated_by) == (
        CELEBRATION_CHANNEL,
        False,
        "U0SAM",
    )
    audit = _audits(deps, "admin settings saved")
    assert len(audit) == 1 and audit[0].actor == "U0SAM"
    assert audit[0].target is not None and "request_expiry_days" in audit[0].target
    assert "Platform" not in audit[0].target
    # No restart: the same running bot uses the new settings on the next use.
    ada.command("join")
    assert ada.modal()["blocks"][6]["element"]["initial_option"]["value"] == "weekly"
    ada.open_home()
    fake_slack.wait_for(lambda: "Platform Mentoring" in str(fake_slack.home_of("U0ADA")))
    # The form reopens with what was saved; "never" clears the cooldown.
    sam.command("admin settings")
    reopened = sam.modal()
    sam.submit({ids.ADMIN_SETTINGS_COOLDOWN: "never"}, view=reopened)
    fake_slack.wait_for(lambda: len(_audits(deps, "admin settings saved")) == 2)
    assert _settings(deps, ws.team_id).repeat_cooldown_days is None
    assert _settings(deps, ws.team_id).request_expiry_days == 5


# -- report ---------------------------------------------------------------------------------------
def _report_text(ws: Workspace, fake: FakeSlack, sam: Person, nth: int) -> str:
    sam.command("admin report")
    return _reply_text(_wait_reply(fake, sam, nth))


def test_report_shows_every_count_and_hides_only_small_private_averages(
    ws: Workspace, fake_slack: FakeSlack, deps: Deps, clock: Clock
) -> None:
    clock.set(utc(2025, 3, 20, 12))
    sam = _admin(ws, fake_slack)
    pairs = [_pair(deps, f"U0M{i}", f"U0E{i}", started_at=utc(2025, 3, 3)) for i in range(3)]
    make_person(deps, "U0WAIT", "mentee")
    with deps.uow() as uow:
        for pair in pairs:  # three people rated the program, four scored a reflection
            uow.session.add(
                FeedbackRecord(
                    team_id=ws.team_id,
                    mentorship_id=pair.id,
                    author_id=pair.mentee_id,
                    recipient_id=pair.mentor_id,
                    program_rating=2,
                    created_at=utc(2025, 3, 10),
                )
            )
            for who in (pair.mentee_id, pair.mentor_id) if pair is pairs[0] else (pair.mentee_id,):
                uow.session.add(
                    ReflectionRecord(
                        team_id=ws.team_id,
                        mentorship_id=pair.id,
                        person_id=who,
                        kind="midpoint",
                        progress_score=4,
                        relationship_score=4,
                        created_at=utc(2025, 3, 10),
                    )
                )
    text = _report_text(ws, fake_slack, sam, 1)
    # Counts of people and pairs are shown however few: admins see every pair by name anyway.
    for shown in ("*People taking part*\n7", "*Mentors*\n3", "*Mentees*\n4", "*Active pairs*\n3"):
        assert shown in text
    assert "*Mentees waiting for a mentor*\n1" in text
    assert "*Pairs at risk*\n3" in text and "*Pairs on track*\n0" in text  # weekly, no session in 17 days
    # Averages of private answers hide below the threshold (5 by default).
    assert "*Program rating in feedback (1–5)*\nfewer than 5 people — hidden" in text
    assert "*Midpoint reflection: progress (1–5)*\nfewer than 5 people — hidden" in text
    assert "2.0" not in text and "4.0" not in text
    # Blocks and fallback: the two midpoint averages and the rating (twice), and the intro once.
    assert text.count("hidden") == 7
    assert "*Closing reflection: progress (1–5)*\nnone yet" in text  # nobody answered: nothing to hide
    # The threshold is the program's setting (3 at least): at 4, the four reflections show.
    sam.command("admin settings")
    reply = sam.submit({ids.ADMIN_SETTINGS_THRESHOLD: "4"}, view=sam.modal())
    assert reply.json.get("response_action") != "errors"
    fake_slack.wait_for(lambda: _settings(deps, ws.team_id).report_threshold == 4)
    text = _report_text(ws, fake_slack, sam, 2)
    assert "*Midpoint reflection: progress (1–5)*\n4.0" in text
    assert "*Program rating in feedback (1–5)*\nfewer than 4 people — hidden" in text
    sam.command("admin settings")
    view = sam.modal()
    assert (
        view["blocks"][[b.get("block_id") for b in view["blocks"]].index(ids.ADMIN_SETTINGS_THRESHOLD)][
            "element"
        ]["initial_value"]
        == "4"
    )
    reply = sam.submit({ids.ADMIN_SETTINGS_THRESHOLD: "3"}, view=view)
    fake_slack.wait_for(lambda: _settings(deps, ws.team_id).report_threshold == 3)
    text = _report_text(ws, fake_slack, sam, 3)
    assert "*Program rating in feedback (1–5)*\n2.0" in text
    audit = _audits(deps, "admin settings saved")
    assert [a.target for a in audit] == ["fields=report_threshold", "fields=report_threshold"]


def test_report_scores_and_charts_with_enough_people(
    ws: Workspace, fake_slack: FakeSlack, deps: Deps, clock: Clock
) -> None:
    clock.set(utc(2025, 3, 20, 12))
    sam = _admin(ws, fake_slack)
    start = utc(2025, 1, 6, 9)
    pairs = [_pair(deps, f"U0M{i}", f"U0E{i}", started_at=start) for i in range(5)]
    with deps.uow() as uow:
        for n, pair in enumerate(pairs):
            for held in (utc(2025, 2, 3), utc(2025, 3, 3)):
                uow.session.add(
                    SessionLogRecord(
                        team_id=ws.team_id,
                        mentorship_id=pair.id,
                        logged_by=pair.mentee_id,
                        held_on=held.date(),
                        takeaways=SECRET_NOTES,
                        created_at=held,
                    )
                )
            uow.session.add(
                GoalRecord(
                    team_id=ws.team_id,
                    mentorship_id=pair.id,
                    owner_id=pair.mentee_id,
                    title=SECRET_GOAL,
                    target_date=utc(2025, 6, 1).date(),
                    status="achieved" if n < 3 else "active",
                    created_at=utc(2025, 2, 1),
                    achieved_at=utc(2025, 3, 1) if n < 3 else None,
                )
            )
            uow.session.add(
                ReflectionRecord(
                    team_id=ws.team_id,
                    mentorship_id=pair.id,
                    person_id=pair.mentee_id,
                    kind="midpoint",
                    progress_score=4,
                    relationship_score=5,
                    comment=SECRET_COMMENT,
                    created_at=utc(2025, 3, 1),
                )
            )
            if n < 4:  # only four people rated the program: hidden
                uow.session.add(
                    FeedbackRecord(
                        team_id=ws.team_id,
                        mentorship_id=pair.id,
                        author_id=pair.mentee_id,
                        recipient_id=pair.mentor_id,
                        going_well=SECRET_FEEDBACK,
                        program_rating=5,
                        created_at=utc(2025, 3, 1),
                    )
                )
    text = _report_text(ws, fake_slack, sam, 1)
    assert "*Active pairs*\n5" in text
    assert "*Goals set*\n5" in text
    assert "*Goals achieved*\n3" in text  # a count: shown however few own them
    assert "*Midpoint reflection: progress (1–5)*\n4.0" in text
    assert "*Program rating in feedback (1–5)*\nfewer than 5 people — hidden" in text  # four rated
    for secret in (SECRET_NOTES, SECRET_GOAL, SECRET_COMMENT, SECRET_FEEDBACK, SECRET_INTRO):
        assert secret not in text
    files = fake_slack.wait_for(lambda: fake_slack.state.files)
    assert {f["filename"] for f in files} == {"sessions-per-month.png", "goals-set-vs-achieved.png"}
    assert all(f["content"].startswith(b"\x89PNG") and f["channel"] == ADMIN_CHANNEL for f in files)


def test_check_in_response_rate_counts_check_ins_followed_by_a_session(
    ws: Workspace, fake_slack: FakeSlack, deps: Deps, clock: Clock
) -> None:
    clock.set(utc(2025, 3, 20, 12))
    sam = _admin(ws, fake_slack)
    pairs = [_pair(deps, f"U0M{i}", f"U0E{i}", started_at=utc(2025, 1, 6)) for i in range(4)]
    with deps.uow() as uow:
        for n, pair in enumerate(pairs):
            sent = utc(2025, 3, 3, 9)
            for who in (pair.mentor_id, pair.mentee_id):
                uow.session.add(
                    ScheduledMessageRecord(
                        team_id=ws.team_id,
                        mentorship_id=pair.id,
                        kind="checkin",
                        period_key="p5",
                        recipient=f"U{who}",
                        due_at=sent,
                        state="sent",
                        created_at=sent,
                        sent_at=sent,
                    )
                )
            if n < 3:
                uow.session.add(
                    SessionLogRecord(
                        team_id=ws.team_id,
                        mentorship_id=pair.id,
                        logged_by=pair.mentee_id,
                        held_on=utc(2025, 3, 4).date(),
                        created_at=sent + timedelta(days=2),
                    )
                )
    text = _report_text(ws, fake_slack, sam, 1)
    assert "Check-ins followed by a logged session within 7 days*\n75%" in text


# -- pairs ----------------------------------------------------------------------------------------
def test_pairs_show_health_with_reasons_and_admin_actions_work(
    ws: Workspace, fake_slack: FakeSlack, deps: Deps, clock: Clock
) -> None:
    clock.set(utc(2025, 3, 20, 12))
    sam = _admin(ws, fake_slack)
    for uid in ("U0A", "U0B", "U0C", "U0D", "U0E", "U0F", "U0G", "U0H"):
        ws.person(uid, uid)
    start = utc(2025, 2, 3, 9)
    healthy = _pair(deps, "U0A", "U0B", started_at=start, last_session_on=utc(2025, 3, 17).date())
    quiet = _pair(
        deps, "U0C", "U0D", started_at=start, cadence="biweekly", last_session_on=utc(2025, 3, 1).date()
    )
    flagged = _pair(
        deps,
        "U0E",
        "U0F",
        started_at=start,
        last_session_on=utc(2025, 3, 17).date(),
        at_risk=True,
        agreement_note=SECRET_NOTES,
        boundaries=SECRET_COMMENT,
    )
    rematch = _pair(deps, "U0G", "U0H", started_at=start, rematch_requested=True)
    sam.command("admin pairs")
    reply = _wait_reply(fake_slack, sam)
    text = _reply_text(reply)
    assert "*2* at risk · *1* needs a check-in · *1* on track · *0* paused" in text
    assert "check-ins flagged missed meetings" in text
    assert "a rematch was requested" in text
    assert "19 days since the last session; they agreed to meet every two weeks" in text
    assert SECRET_NOTES not in text and SECRET_COMMENT not in text and SECRET_INTRO not in text
    listing = _as_message(reply)

    sam.click(ids.ADMIN_PAIR_ACTION, message=listing, selected=f"nudge:{quiet.id}")
    assert "friendly note" in ws.people["U0C"].last_dm().text
    assert "friendly note" in ws.people["U0D"].last_dm().text
    # Greeted by first name: "Hi Mentee!", never the full "Hi Mentee U0D!".
    assert "Hi Mentor! A friendly note" in ws.people["U0C"].last_dm().text
    assert "Hi Mentee! A friendly note" in ws.people["U0D"].last_dm().text

    sam.click(ids.ADMIN_PAIR_ACTION, message=listing, selected=f"pause:{flagged.id}")
    ws.people["U0E"].last_dm(containing="paused")
    assert _mentorship(deps, flagged.id).status == "paused"
    refreshed = _wait_reply(fake_slack, sam, 3)
    assert "Paused" in _reply_text(refreshed)
    sam.click(ids.ADMIN_PAIR_ACTION, message=_as_message(refreshed), selected=f"resume:{flagged.id}")
    ws.people["U0F"].last_dm(containing="active again")
    assert _mentorship(deps, flagged.id).status == "active"

    sam.click(ids.ADMIN_PAIR_ACTION, message=listing, selected=f"rematch:{rematch.id}")
    assert "/mentor find" in ws.people["U0H"].last_dm(containing="concluded").text
    ws.people["U0G"].last_dm(containing="Thank you for your time")
    ended = _mentorship(deps, rematch.id)
    assert (ended.status, ended.end_reason) == ("ended", "admin_rematch")

    sam.click(ids.ADMIN_PAIR_ACTION, message=listing, selected=f"end:{healthy.id}")
    ws.people["U0A"].last_dm(containing="Thank you")
    assert _mentorship(deps, healthy.id).status == "ended"
    # A second click on a concluded pair changes nothing and says so.
    sam.click(ids.ADMIN_PAIR_ACTION, message=listing, selected=f"end:{healthy.id}")
    fake_slack.wait_for(lambda: any("already concluded" in r["text"] for r in sam.ephemerals()))

    done = [
        (a.action, a.outcome)
        for a in _audits(deps, None)
        if a.action.startswith("admin pair ") and a.outcome == "ok"
    ]
    assert [d[0] for d in done] == [
        "admin pair nudge",  # gate decision
        "admin pair nudge",  # the action itself
        "admin pair pause",
        "admin pair pause",
        "admin pair resume",
        "admin pair resume",
        "admin pair rematch",
        "admin pair rematch",
        "admin pair end",
        "admin pair end",
        "admin pair end",  # the gate allowed the second click; the action found nothing to do
    ]


# -- announce -------------------------------------------------------------------------------------
def test_announcement_queues_one_row_per_recipient_in_the_audience(
    ws: Workspace, fake_slack: FakeSlack, deps: Deps
) -> None:
    sam = _admin(ws, fake_slack)
    for uid in ("U0M1", "U0M2"):
        make_person(deps, uid, "mentor")
    for uid in ("U0E1", "U0E2", "U0E3"):
        make_person(deps, uid, "mentee")
    make_person(deps, "U0BOTH", "both")
    make_person(deps, "U0GONE", "mentee", status="inactive")
    sam.command("admin announce")
    view = sam.modal()
    assert "Mentors only (3)" in str(view)
    reply = sam.submit({ids.ADMIN_ANNOUNCE_TEXT: "  "}, view=view)
    assert reply.json["errors"] == {ids.ADMIN_ANNOUNCE_TEXT: t.ANNOUNCE_EMPTY}
    reply = sam.submit(
        {
            ids.ADMIN_ANNOUNCE_TEXT: "Kick-off <!channel> on Friday & bring questions",
            ids.ADMIN_ANNOUNCE_AUDIENCE: "mentors",
        },
        view=view,
    )
    assert reply.status == 200 and reply.body == ""
    assert "queued for 3 people (mentors only)" in sam.last_dm(containing="queued").text
    with deps.uow() as uow:
        rows = list(uow.session.scalars(select(ScheduledMessageRecord).order_by(ScheduledMessageRecord.id)))
    assert sorted(r.recipient for r in rows) == ["U0BOTH", "U0M1", "U0M2"]
    assert {r.kind for r in rows} == {"announcement"}
    assert len({r.period_key for r in rows}) == 1 and rows[0].period_key.startswith("announce-")
    assert {r.state for r in rows} == {"pending"} and {r.mentorship_id for r in rows} == {0}
    assert rows[0].payload["text"] == "Kick-off &lt;!channel&gt; on Friday &amp; bring questions"
    assert "<!channel>" not in str(rows[0].payload["blocks"])
    assert all(r.due_at <= deps.clock() for r in rows)
    # A second announcement to everyone gets its own id, so both are delivered.
    sam.command("admin announce")
    sam.submit({ids.ADMIN_ANNOUNCE_TEXT: "Second note"}, view=sam.modal())
    fake_slack.wait_for(lambda: len(_audits(deps, "admin announce queued")) == 2)
    with deps.uow() as uow:
        total = list(uow.session.scalars(select(ScheduledMessageRecord)))
    assert len(total) == 3 + 6
    audit = _audits(deps, "admin announce queued")
    assert "audience=mentors recipients=3" in (audit[0].target or "")
    assert "Kick-off" not in (audit[0].target or "")


# -- export ---------------------------------------------------------------------------------------
def test_export_has_participants_pairs_and_outcomes_without_private_text(
    ws: Workspace, fake_slack: FakeSlack, deps: Deps, clock: Clock
) -> None:
    clock.set(utc(2025, 3, 20, 12))
    sam = _admin(ws, fake_slack)
    live = _pair(deps, "U0ADA", "U0BO", started_at=utc(2025, 2, 3), agreement_note=SECRET_NOTES)
    make_person(deps, "U0EVIL", "mentee", name='=HYPERLINK("http://x")', department="+cmd")
    done = _pair(deps, "U0GRACE", "U0MAYA", started_at=utc(2025, 1, 6))
    with deps.uow() as uow:
        record = uow.session.get(MentorshipRecord, done.id)
        assert record is not None
        record.status, record.ended_at, record.end_reason = "ended", utc(2025, 3, 1), "not_a_fit"
        uow.session.add(
            SessionLogRecord(
                team_id=ws.team_id,
                mentorship_id=live.id,
                logged_by=live.mentee_id,
                held_on=utc(2025, 3, 3).date(),
                takeaways=SECRET_NOTES,
                created_at=utc(2025, 3, 3),
            )
        )
        goal = GoalRecord(
            team_id=ws.team_id,
            mentorship_id=live.id,
            owner_id=live.mentee_id,
            title=SECRET_GOAL,
            measure=SECRET_GOAL,
            target_date=utc(2025, 6, 1).date(),
            created_at=utc(2025, 2, 10),
        )
        uow.session.add(goal)
        uow.flush()
        uow.session.add(MilestoneRecord(team_id=ws.team_id, goal_id=goal.id, title=SECRET_GOAL))
        uow.session.add(
            FeedbackRecord(
                team_id=ws.team_id,
                mentorship_id=live.id,
                author_id=live.mentee_id,
                recipient_id=live.mentor_id,
                going_well=SECRET_FEEDBACK,
                could_improve=SECRET_FEEDBACK,
                program_rating=4,
                created_at=utc(2025, 3, 5),
            )
        )
    sam.command("admin export")
    assert "participants.csv, pairs.csv and outcomes.csv" in _wait_reply(fake_slack, sam)["text"]
    files = {f["filename"]: f["content"].decode() for f in fake_slack.state.files}
    assert set(files) == {"participants.csv", "pairs.csv", "outcomes.csv"}
    everything = "\n".join(files.values())
    for secret in (SECRET_INTRO, SECRET_NOTES, SECRET_FEEDBACK, SECRET_GOAL, "@example.com"):
        assert secret not in everything
    people = {row["slack_user_id"]: row for row in csv.DictReader(io.StringIO(files["participants.csv"]))}
    assert people["U0BO"]["role"] == "mentee" and people["U0BO"]["sessions_logged"] == "1"
    assert people["U0EVIL"]["name"].startswith("'=") and people["U0EVIL"]["department"] == "'+cmd"
    pairs = {row["mentorship_id"]: row for row in csv.DictReader(io.StringIO(files["pairs.csv"]))}
    assert pairs[str(done.id)]["end_reason_code"] == "not_a_fit"
    assert pairs[str(live.id)]["goals_set"] == "1" and pairs[str(live.id)]["session_count"] == "1"
    assert "fewer than 5 people — hidden" in files["outcomes.csv"]
    assert all(f["channel"] == ADMIN_CHANNEL for f in fake_slack.state.files)
    assert [a.action for a in _audits(deps)] == ["admin export", "admin export"]


def test_export_goes_to_the_admins_dm_when_the_bot_is_not_in_the_admin_channel(
    ws: Workspace, fake_slack: FakeSlack, deps: Deps
) -> None:
    sam = _admin(ws, fake_slack)
    make_person(deps, "U0ADA", "mentor")
    fake_slack.fail("files.completeUploadExternal", error="not_in_channel")
    sam.command("admin export")
    assert "your DM with me" in _wait_reply(fake_slack, sam)["text"]
    assert {f["channel"] for f in fake_slack.state.files} == {"DU0SAM"}


def test_an_admin_ending_a_pair_closes_its_goals_and_cancels_its_messages(
    ws: Workspace, fake_slack: FakeSlack, deps: Deps, clock: Clock
) -> None:
    from storage.records import GoalRecord

    clock.set(utc(2025, 3, 20, 12))
    sam = _admin(ws, fake_slack)
    for uid in ("U0A", "U0B"):
        ws.person(uid, uid)
    pair = _pair(deps, "U0A", "U0B", started_at=utc(2025, 2, 3, 9))
    now = clock()
    with deps.uow() as uow:
        uow.session.add(
            GoalRecord(
                team_id=ws.team_id,
                mentorship_id=pair.id,
                owner_id=pair.mentee_id,
                title="Ship it",
                target_date=utc(2025, 5, 1).date(),
                created_at=now,
            )
        )
        uow.session.add(
            ScheduledMessageRecord(
                team_id=ws.team_id,
                mentorship_id=pair.id,
                kind="checkin",
                period_key="p9",
                recipient="U0A",
                due_at=now,
                created_at=now,
            )
        )
    sam.command("admin pairs")
    listing = _as_message(_wait_reply(fake_slack, sam))
    sam.click(ids.ADMIN_PAIR_ACTION, message=listing, selected=f"end:{pair.id}")
    ws.people["U0A"].last_dm(containing="Thank you")
    with deps.uow() as uow:
        assert uow.session.scalars(select(GoalRecord.status)).all() == ["closed"]
        assert uow.session.scalars(select(ScheduledMessageRecord.state)).all() == ["cancelled"]
