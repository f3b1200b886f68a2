"""`/mentor ask`: a plain question to the program team; `/mentor help` shows admin commands to admins only."""

from __future__ import annotations

from devtools.emulator import FakeSlack, Workspace
from handlers.slack import ids
from tests.support.settings import ADMIN_CHANNEL

ADMIN_COMMANDS = (
    "admin match",
    "admin report",
    "admin pairs",
    "admin settings",
    "admin announce",
    "admin export",
)


def _questions(fake: FakeSlack) -> list[str]:
    return [m.all_text() for m in fake.messages_in(ADMIN_CHANNEL) if "*Question*" in m.all_text()]


def test_help_shows_the_admin_commands_to_admins_only(ws: Workspace, fake_slack: FakeSlack) -> None:
    fake_slack.set_members(ADMIN_CHANNEL, ["U0SAM"])
    bo = ws.person("U0BO", "Bo Chen")
    reply = bo.command("help")
    assert "/mentor ask" in reply.text and "/mentor concern" in reply.text
    assert not any(f"/mentor {sub}" in reply.text for sub in ADMIN_COMMANDS)
    assert "For program admins" not in reply.text
    sam = ws.person("U0SAM", "Sam Admin")
    assert all(f"/mentor {sub}" in sam.command("help").text for sub in ADMIN_COMMANDS)
    owner = ws.person("U0OWN", "Olive Owner", is_admin=True)
    shown = owner.command("").text
    assert all(f"/mentor {sub}" in shown for sub in ADMIN_COMMANDS), shown


def test_a_typed_question_reaches_the_admin_channel_once_escaped_with_the_asker(
    ws: Workspace, fake_slack: FakeSlack
) -> None:
    bo = ws.person("U0BO", "Bo Chen")
    form = {
        "token": "legacy",
        "team_id": ws.team_id,
        "channel_id": "C0GENERAL",
        "user_id": "U0BO",
        "user_name": "Bo Chen",
        "command": "/mentor",
        "text": "ask Can I change mentors <!channel> & keep my goals?",
        "api_app_id": "AEMULATOR",
        "response_url": bo._response_url(),
        "trigger_id": fake_slack.new_trigger("U0BO"),
    }
    assert ws.post_form(form).status == 200
    fake_slack.wait_for(lambda: any("with the program team" in str(e.get("text")) for e in bo.ephemerals()))
    told = next(str(e["text"]) for e in bo.ephemerals() if "with the program team" in str(e.get("text")))
    assert "in a DM" in told and "/mentor concern" in told and "aren't confidential" in told
    [question] = fake_slack.wait_for(lambda: _questions(fake_slack))
    assert "<@U0BO>" in question and "Bo Chen" not in question
    assert "&lt;!channel&gt; &amp; keep my goals?" in question and "<!channel>" not in question
    # The same command delivered again (same trigger id) asks nothing more.
    assert ws.post_form(form).status == 200
    fake_slack.wait_for(lambda: any("already sent" in str(e.get("text")) for e in bo.ephemerals()))
    fake_slack.wait_idle()
    assert len(_questions(fake_slack)) == 1


def test_ask_alone_opens_a_form_that_sends_the_question_once(ws: Workspace, fake_slack: FakeSlack) -> None:
    ada = ws.person("U0ADA", "Ada Lovelace")
    ada.command("ask")
    modal = ada.modal()
    assert modal["callback_id"] == ids.ASK_MODAL
    assert "isn't confidential" in str(modal["blocks"])
    reply = ada.submit({ids.ASK_TEXT: "   "})
    assert ids.ASK_TEXT in reply.json["errors"]
    payload = ada.submission({ids.ASK_TEXT: "How long does the program run?"})
    assert ws.post_payload(payload).status == 200
    [question] = fake_slack.wait_for(lambda: _questions(fake_slack))
    assert "<@U0ADA>" in question and "How long does the program run?" in question
    fake_slack.wait_for(lambda: any("with the program team" in str(e.get("text")) for e in ada.ephemerals()))
    # Submitting the same form again sends nothing more.
    ws.post_payload(payload)
    fake_slack.wait_idle()
    assert len(_questions(fake_slack)) == 1
