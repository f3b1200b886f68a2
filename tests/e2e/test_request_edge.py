"""The request edge: nothing unsigned or malformed reaches a listener, the error handler or the log.

Every refused request here names a `response_url` on a loopback listener of the test's own: a bot
that followed it (to apologise, say) would be making a request an attacker chose (SSRF). Each case
asserts a 4xx, no Web API call and no request to that listener, and a log without tracebacks and
without the text the request carried.
"""

from __future__ import annotations

import http.client
import json
import logging
import threading
import time
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from bot.deps import build_deps
from bot.edge import EDGE_VERIFIED, parse_body, shape_problem, verify_signature
from bot.server import RunningBot, start_in_thread
from bot.services import pairs as pairs_service
from devtools.emulator import FakeSlack, Workspace
from devtools.emulator.clock import Clock
from devtools.emulator.driver import Reply
from handlers.slack import texts
from handlers.slack.errors import make_error_handler, slack_origins
from tests.support.oauth import get, oauth_settings, start_install

MARKER = "MARKER-7f3a-do-not-log"


class Sink:
    """A loopback HTTP listener that records every request it gets (it must get none)."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: Any) -> None:
                return

            def do_POST(self) -> None:
                sink.hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()
        host, port = self.server.server_address[:2]
        self.url = f"http://{host!s}:{port}/internal/admin"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def sink() -> Iterator[Sink]:
    listener = Sink()
    yield listener
    listener.stop()


@pytest.fixture
def edge_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    return caplog


def _assert_refused(
    reply: Reply,
    status: int,
    fake_slack: FakeSlack,
    sink: Sink,
    caplog: pytest.LogCaptureFixture,
    calls_before: int,
) -> None:
    assert reply.status == status, reply.body
    fake_slack.wait_idle()
    with fake_slack.lock:
        assert len(fake_slack.calls) == calls_before
        assert fake_slack.state.responses == []
    assert sink.hits == []
    assert [r.getMessage() for r in caplog.records if r.exc_info] == []
    assert MARKER not in caplog.text
    assert "Traceback" not in caplog.text


def _command_body(sink: Sink) -> bytes:
    return urllib.parse.urlencode(
        {
            "command": "/mentor",
            "text": f"join {MARKER}",
            "user_id": "U0MALLORY",
            "team_id": "T0EMULATOR",
            "trigger_id": "1.2.3",
            "response_url": sink.url,
        }
    ).encode()


def _form(payload: Any) -> bytes:
    return urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()


FORM = "application/x-www-form-urlencoded"


# -- 1. unsigned requests --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "timestamp",
    ["abc", "", " ", "-5", "1e9", "0x10", "99999999999999999999", str(int(time.time()) - 301)],
)
def test_a_bad_or_stale_timestamp_is_refused_before_anything_reads_the_body(
    ws: Workspace, fake_slack: FakeSlack, sink: Sink, edge_log: pytest.LogCaptureFixture, timestamp: str
) -> None:
    before = len(fake_slack.calls)
    body = _command_body(sink)
    reply = ws.post(body, FORM, timestamp=timestamp)  # signed correctly over that timestamp
    _assert_refused(reply, 401, fake_slack, sink, edge_log, before)
    assert "unsigned Slack request rejected" in edge_log.text


def test_a_request_without_signature_headers_is_refused(
    ws: Workspace, fake_slack: FakeSlack, sink: Sink, edge_log: pytest.LogCaptureFixture
) -> None:
    before = len(fake_slack.calls)
    conn = http.client.HTTPConnection(ws.bot_url.removeprefix("http://"), timeout=10)
    conn.request("POST", "/slack/events", body=_command_body(sink), headers={"Content-Type": FORM})
    response = conn.getresponse()
    reply = Reply(response.status, response.read().decode(), {}, 0.0)
    conn.close()
    _assert_refused(reply, 401, fake_slack, sink, edge_log, before)


@pytest.mark.parametrize(
    ("body", "ctype"),
    [
        (b"payload=" + urllib.parse.quote(json.dumps([1, MARKER])).encode(), FORM),
        (b"payload=null", FORM),
        (json.dumps([MARKER]).encode(), "application/json"),
        (
            json.dumps({"type": "event_callback", "authorizations": MARKER, "event": {}}).encode(),
            "application/json",
        ),
    ],
    ids=["payload-list", "payload-null", "json-list", "authorizations-string"],
)
def test_unsigned_malformed_bodies_are_refused_without_being_parsed(
    ws: Workspace,
    fake_slack: FakeSlack,
    sink: Sink,
    edge_log: pytest.LogCaptureFixture,
    body: bytes,
    ctype: str,
) -> None:
    before = len(fake_slack.calls)
    reply = ws.post(body, ctype, signature="v0=" + "0" * 64)
    _assert_refused(reply, 401, fake_slack, sink, edge_log, before)


# -- 2. signed but malformed payloads --------------------------------------------------------------
def _user(ws: Workspace) -> dict[str, str]:
    return {"id": "U0MALLORY", "name": MARKER, "team_id": ws.team_id}


def _block_actions(ws: Workspace, sink: Sink, **overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": ws.team_id},
        "user": _user(ws),
        "trigger_id": "1.2.3",
        "container": {"type": "message"},
        "actions": [{"action_id": "goal_open", "value": MARKER, "type": "button"}],
        "response_url": sink.url,
    }
    payload.update(overrides)
    return {k: v for k, v in payload.items() if v is not _DROP}


def _view_submission(ws: Workspace, sink: Sink, **overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "type": "view_submission",
        "team": {"id": ws.team_id},
        "user": _user(ws),
        "view": {"id": "V1", "type": "modal", "callback_id": "x", "private_metadata": sink.url},
        "response_urls": [{"response_url": sink.url}],
    }
    payload.update(overrides)
    return payload


_DROP: Any = object()


def _event(ws: Workspace, event: Any, **overrides: Any) -> bytes:
    envelope = ws.event_envelope({})
    envelope["event"] = event
    envelope.update(overrides)
    return json.dumps(envelope).encode()


def _signed_cases(ws: Workspace, sink: Sink) -> dict[str, tuple[bytes, str]]:
    return {
        "block_actions-without-user": (_form(_block_actions(ws, sink, user=_DROP)), FORM),
        "block_actions-team-string": (_form(_block_actions(ws, sink, team=MARKER)), FORM),
        "block_actions-actions-strings": (_form(_block_actions(ws, sink, actions=[MARKER])), FORM),
        "block_actions-actions-object": (_form(_block_actions(ws, sink, actions={"a": MARKER})), FORM),
        "block_actions-actions-empty": (_form(_block_actions(ws, sink, actions=[])), FORM),
        "block_actions-action-id-number": (
            _form(_block_actions(ws, sink, actions=[{"action_id": 5, "value": MARKER}])),
            FORM,
        ),
        "block_actions-authorizations-string": (_form(_block_actions(ws, sink, authorizations=MARKER)), FORM),
        "block_actions-view-string": (_form(_block_actions(ws, sink, view=MARKER)), FORM),
        "view_submission-view-string": (_form(_view_submission(ws, sink, view=MARKER)), FORM),
        "view_submission-state-string": (
            _form(
                _view_submission(
                    ws, sink, view={"id": "V1", "type": "modal", "callback_id": "x", "state": MARKER}
                )
            ),
            FORM,
        ),
        "view_closed-without-user": (
            _form({**_view_submission(ws, sink), "type": "view_closed", "user": None}),
            FORM,
        ),
        "shortcut-user-string": (
            _form({"type": "shortcut", "callback_id": "x", "user": MARKER, "response_url": sink.url}),
            FORM,
        ),
        "payload-list": (_form([1, MARKER]), FORM),
        "payload-null": (b"payload=null", FORM),
        "payload-number": (b"payload=42", FORM),
        "json-list": (json.dumps([MARKER]).encode(), "application/json"),
        "json-deeply-nested": (b"payload=" + b"%5B" * 100_000, FORM),
        "bad-utf8": (b"payload=%7B%22a%22%3A1%7D\xff\xfe", FORM),
        "event-string": (_event(ws, MARKER), "application/json"),
        "event-without-type": (_event(ws, {"user": "U0MALLORY", "text": MARKER}), "application/json"),
        "app_home_opened-without-user": (
            _event(ws, {"type": "app_home_opened", "tab": MARKER}),
            "application/json",
        ),
        "user_change-user-string": (_event(ws, {"type": "user_change", "user": MARKER}), "application/json"),
        "member_joined-user-object": (
            _event(ws, {"type": "member_joined_channel", "user": {"id": MARKER}, "channel": "C0PROGRAM"}),
            "application/json",
        ),
        "event-authorizations-string": (
            _event(ws, {"type": "app_home_opened", "user": "U0X"}, authorizations=MARKER),
            "application/json",
        ),
        "event-authorizations-list-of-strings": (
            _event(ws, {"type": "app_home_opened", "user": "U0X"}, authorizations=[MARKER]),
            "application/json",
        ),
        "tokens_revoked-tokens-string": (
            _event(ws, {"type": "tokens_revoked", "tokens": MARKER}),
            "application/json",
        ),
        "url_verification-without-challenge": (
            json.dumps({"type": "url_verification", "token": MARKER}).encode(),
            "application/json",
        ),
        "command-without-user": (
            urllib.parse.urlencode({"command": "/mentor", "text": MARKER, "response_url": sink.url}).encode(),
            FORM,
        ),
        "command-json-text-object": (
            json.dumps({"command": "/mentor", "user_id": "U0X", "text": {"t": MARKER}}).encode(),
            "application/json",
        ),
    }


SIGNED_CASES = [
    "block_actions-without-user",
    "block_actions-team-string",
    "block_actions-actions-strings",
    "block_actions-actions-object",
    "block_actions-actions-empty",
    "block_actions-action-id-number",
    "block_actions-authorizations-string",
    "block_actions-view-string",
    "view_submission-view-string",
    "view_submission-state-string",
    "view_closed-without-user",
    "shortcut-user-string",
    "payload-list",
    "payload-null",
    "payload-number",
    "json-list",
    "json-deeply-nested",
    "bad-utf8",
    "event-string",
    "event-without-type",
    "app_home_opened-without-user",
    "user_change-user-string",
    "member_joined-user-object",
    "event-authorizations-string",
    "event-authorizations-list-of-strings",
    "tokens_revoked-tokens-string",
    "url_verification-without-challenge",
    "command-without-user",
    "command-json-text-object",
]


@pytest.mark.parametrize("case", SIGNED_CASES)
def test_signed_but_malformed_payloads_get_400_and_one_quiet_log_line(
    ws: Workspace, fake_slack: FakeSlack, sink: Sink, edge_log: pytest.LogCaptureFixture, case: str
) -> None:
    body, ctype = _signed_cases(ws, sink)[case]
    before = len(fake_slack.calls)
    edge_log.clear()
    reply = ws.post(body, ctype)
    _assert_refused(reply, 400, fake_slack, sink, edge_log, before)
    rejected = [r for r in edge_log.records if "malformed Slack request rejected" in r.getMessage()]
    assert len(rejected) == 1
    assert rejected[0].levelno == logging.WARNING


def test_well_formed_requests_still_pass_the_edge(ws: Workspace, fake_slack: FakeSlack) -> None:
    challenge = ws.post(
        json.dumps({"type": "url_verification", "challenge": "c-1", "token": "t"}).encode(),
        "application/json",
    )
    assert challenge.status == 200
    assert challenge.json == {"challenge": "c-1"}
    ada = ws.person("U0ADA", "Ada")
    assert ada.open_home().status == 200
    assert ada.home()["type"] == "home"
    assert ada.command("help").status == 200
    assert ws.user_deactivated("U0ADA").status == 200
    unknown = ws.post(
        json.dumps(ws.event_envelope({"type": "reaction_added", "user": "U0ADA"})).encode(),
        "application/json",
    )
    assert unknown.status in (200, 404)
    assert fake_slack.calls_to("views.publish")


# -- 3. the error handler answers only Slack, and only verified requests ---------------------------
def _failing_request(ws: Workspace, response_url: str) -> dict[str, Any]:
    """A signed `goal_open` click; the test makes its listener fail (a bug, not a refusal)."""
    return {
        "type": "block_actions",
        "team": {"id": ws.team_id},
        "user": {"id": "U0ADA", "team_id": ws.team_id},
        "container": {"type": "message"},
        "actions": [{"action_id": "goal_open", "value": "1", "type": "button"}],
        "response_url": response_url,
    }


def test_the_apology_goes_only_to_a_slack_response_url(
    ws: Workspace,
    fake_slack: FakeSlack,
    sink: Sink,
    edge_log: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("a bug in the listener")

    monkeypatch.setattr(pairs_service, "me", broken)
    ws.post_payload(_failing_request(ws, sink.url))
    fake_slack.wait_idle()
    assert "listener failed" in edge_log.text
    assert sink.hits == []
    ws.post_payload(_failing_request(ws, fake_slack.base_url + "response/U0ADA-1"))
    fake_slack.wait_for(lambda: fake_slack.ephemerals_for("U0ADA"))
    assert fake_slack.ephemerals_for("U0ADA")[-1]["text"] == texts.ERROR_APOLOGY


def test_the_error_handler_ignores_unverified_requests_and_foreign_urls(
    bot: RunningBot, fake_slack: FakeSlack, sink: Sink
) -> None:
    from bot.app import SlackRequest

    handle = make_error_handler(slack_origins(bot.deps.settings.slack_api_url))
    slack_url = fake_slack.base_url + "response/U0ADA-9"
    unverified = SlackRequest(body="", mode="http")
    handle(RuntimeError("x"), {"response_url": slack_url}, unverified)
    verified = SlackRequest(body="", context={EDGE_VERIFIED: True}, mode="http")
    for url in (
        sink.url,
        "http://hooks.slack.com/commands/1",  # not https
        "https://hooks.slack.com.evil.test/x",
        "https://user:pw@hooks.slack.com/x",
        f"http://{bot.url.removeprefix('http://')}/x",  # loopback, but not the Slack API's port
        "file:///etc/passwd",
    ):
        handle(RuntimeError("x"), {"response_url": url}, verified)
    handle(RuntimeError("x"), {"response_url": sink.url, "view": {"private_metadata": sink.url}}, None)
    fake_slack.wait_idle()
    assert sink.hits == []
    assert fake_slack.state.responses == []
    handle(RuntimeError("x"), {"response_url": slack_url}, verified)
    assert fake_slack.wait_for(lambda: fake_slack.state.responses)


# -- 4. the rest of the edge -----------------------------------------------------------------------
def _raw_http(bot_url: str, request: bytes) -> tuple[int, bytes]:
    """Send bytes as they are (a hand-made request line and headers); return status and body."""
    import socket

    host, port = bot_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):  # every request says Connection: close
            data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), rest


@pytest.mark.parametrize("length", ["-5", "abc", "1e3", "+5", "5 5"])
def test_a_malformed_content_length_is_a_400(
    bot: RunningBot, fake_slack: FakeSlack, edge_log: pytest.LogCaptureFixture, length: str
) -> None:
    request = (
        f"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: {FORM}\r\n"
        f"Content-Length: {length}\r\nConnection: close\r\n\r\npayload=x"
    ).encode()
    status, _ = _raw_http(bot.url, request)
    assert status == 400
    assert [r for r in edge_log.records if r.exc_info] == []


@pytest.mark.parametrize("length", ["-5", "abc", "1e3", "٣", " 1 2", "99999999999999999999"])
def test_the_wsgi_app_itself_refuses_a_malformed_content_length(bot: RunningBot, length: str) -> None:
    """Behind another server than waitress, CONTENT_LENGTH may arrive unchecked."""
    import io

    from bot.server import build_wsgi

    app = build_wsgi(bot.deps)
    statuses: list[str] = []
    environ = {
        "PATH_INFO": "/slack/events",
        "REQUEST_METHOD": "POST",
        "CONTENT_LENGTH": length,
        "CONTENT_TYPE": FORM,
        "wsgi.input": io.BytesIO(b"payload=x"),
    }
    app(environ, lambda status, _headers: statuses.append(status))
    assert statuses == ["400 Bad Request"]


def test_chunked_bodies_are_verified_like_any_other(
    ws: Workspace, bot: RunningBot, fake_slack: FakeSlack
) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "chunked-1", "token": "t"}).encode()
    ts = str(int(time.time()))
    sig = ws.sign(ts, body)
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (body[:10], body[10:])) + b"0\r\n\r\n"
    head = (
        "POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Transfer-Encoding: chunked\r\nX-Slack-Request-Timestamp: {ts}\r\nX-Slack-Signature: {sig}\r\n"
        "Connection: close\r\n\r\n"
    ).encode()
    status, rest = _raw_http(bot.url, head + chunked)
    assert status == 200
    assert b"chunked-1" in rest
    forged = head.replace(sig.encode(), b"v0=" + b"0" * 64)
    assert _raw_http(bot.url, forged + chunked)[0] == 401


def test_an_unreachable_database_is_a_503_without_a_traceback(
    bot: RunningBot, edge_log: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    import urllib.error
    import urllib.request

    def unreachable() -> Any:
        raise OSError(f"connection refused {MARKER}")

    monkeypatch.setattr(bot.deps.engine, "connect", unreachable)
    with pytest.raises(urllib.error.HTTPError) as failed:
        urllib.request.urlopen(bot.url + "/healthz", timeout=10)  # noqa: S310 - loopback
    assert failed.value.code == 503
    assert "database unreachable" in edge_log.text
    assert [r for r in edge_log.records if r.exc_info] == []
    assert MARKER not in edge_log.text


def test_the_signature_check_matches_slacks_scheme() -> None:
    from slack_sdk.signature import SignatureVerifier

    secret, now = "s3cret", int(time.time())
    body = b"command=%2Fmentor&text=help&user_id=U1"
    sig = str(SignatureVerifier(secret).generate_signature(timestamp=str(now), body=body.decode()))
    assert verify_signature(secret, body, str(now), sig, now) is None
    assert verify_signature(secret, body + b" ", str(now), sig, now) == "bad signature"
    assert verify_signature(secret, body, str(now), sig, now + 301) == "stale timestamp"
    assert verify_signature(secret, body, str(now), sig.upper(), now) == "malformed signature"
    assert parse_body("command=%2Fmentor&text=payload+x&user_id=U1", None)["text"] == "payload x"
    assert shape_problem(parse_body(body.decode(), FORM)) is None


# -- 5. the OAuth redirect -------------------------------------------------------------------------
@pytest.fixture
def oauth_bot(db_url: str, fake_slack: FakeSlack, clock: Clock) -> Iterator[RunningBot]:
    deps = build_deps(oauth_settings(db_url, fake_slack), clock=clock)
    running = start_in_thread(deps)
    yield running
    running.stop()
    deps.engine.dispose()


@pytest.mark.parametrize(
    "query",
    [
        f"code={MARKER}%0Afake+log+line&state=STATE",
        "code=x&state=STATE%00",
        "code=x&state=" + "a" * 201,
        "state=STATE&code=",
        f"error=%3Cscript%3E{MARKER}",
    ],
)
def test_malformed_oauth_redirect_parameters_are_refused_before_the_flow(
    oauth_bot: RunningBot, fake_slack: FakeSlack, edge_log: pytest.LogCaptureFixture, query: str
) -> None:
    state, cookie, _ = start_install(oauth_bot.url)
    page = get(f"{oauth_bot.url}/slack/oauth_redirect?{query.replace('STATE', state)}", cookie)
    assert page.status == 400
    assert MARKER not in page.body
    assert fake_slack.calls_to("oauth.v2.access") == []
    assert MARKER not in edge_log.text
    assert [r for r in edge_log.records if r.exc_info] == []


def test_a_refused_oauth_code_is_not_logged(
    oauth_bot: RunningBot, fake_slack: FakeSlack, edge_log: pytest.LogCaptureFixture
) -> None:
    state, cookie, _ = start_install(oauth_bot.url)
    code = "1234.5678.notacode" + MARKER.replace("-", "")
    page = get(f"{oauth_bot.url}/slack/oauth_redirect?code={code}&state={state}", cookie)
    assert page.status == 401
    assert len(fake_slack.calls_to("oauth.v2.access")) == 1
    assert "oauth.v2.access refused the code" in edge_log.text
    # Slack SDK loggers never go below INFO in production (bot/logs.py); ours may be at DEBUG.
    ours = [r for r in edge_log.records if not r.name.startswith("slack_sdk") or r.levelno >= logging.INFO]
    assert [r.getMessage() for r in ours if code in r.getMessage()] == []
