"""Oversized, empty, malformed and hostile requests get a clear answer and change nothing."""

from __future__ import annotations

import json

from devtools.emulator import FakeSlack, Workspace


def test_url_verification_challenge(ws: Workspace) -> None:
    reply = ws.post(
        json.dumps({"type": "url_verification", "challenge": "abc123", "token": "t"}).encode(),
        "application/json",
    )
    assert reply.status == 200
    assert reply.json == {"challenge": "abc123"}


def test_oversized_command_text_is_refused_politely(ws: Workspace, fake_slack: FakeSlack) -> None:
    reply = ws.person("U0ADA", "Ada").command("join " + "x" * 5000)
    assert reply.status == 200
    assert "too long" in reply.text
    assert fake_slack.calls_to("views.open") == []


def test_malformed_bodies_never_crash_the_server(ws: Workspace, fake_slack: FakeSlack) -> None:
    for body, ctype in (
        (b"", "application/x-www-form-urlencoded"),
        (b"payload=%7Bnot-json", "application/x-www-form-urlencoded"),
        (b"{not json", "application/json"),
        (
            b"payload=" + json.dumps({"type": "block_actions", "actions": []}).encode(),
            "application/x-www-form-urlencoded",
        ),
    ):
        reply = ws.post(body, ctype)
        assert reply.status in (200, 400, 404), (body, reply.status)
    too_big = ws.post(b"x" * 1_100_000, "application/x-www-form-urlencoded")
    assert too_big.status == 413
    fake_slack.wait_idle()
    assert fake_slack.calls_to("chat.postMessage") == []


def test_unknown_modal_submission_is_unhandled_not_an_error(ws: Workspace) -> None:
    payload = {
        "type": "view_submission",
        "team": {"id": ws.team_id},
        "user": {"id": "U0X"},
        "view": {"id": "V1", "type": "modal", "callback_id": "forged_modal", "state": {"values": {}}},
    }
    reply = ws.post_payload(payload)
    assert reply.status == 404
    del payload["view"]["type"]  # type: ignore[attr-defined]
    assert ws.post_payload(payload).status == 400


def test_unsigned_requests_are_rejected(ws: Workspace) -> None:
    body = b"command=%2Fmentor&text=join&user_id=U0X&team_id=T0EMULATOR&trigger_id=1"
    reply = ws.post(body, "application/x-www-form-urlencoded", signature="v0=forged")
    assert reply.status == 401


def test_channel_named_payload_does_not_break_commands(ws: Workspace) -> None:
    reply = ws.person("U0ADA", "Ada").command("help", channel="C0PAYLOAD", channel_name="payload-team")
    assert reply.status == 200
    assert "/mentor join" in reply.text
