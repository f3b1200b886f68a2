"""A fake Slack Web API on loopback that records every call and can misbehave on request.

It keeps just enough state to be a believable workspace: users (with time zones, deactivation,
admin flags), channels with members, DMs and group DMs with their messages (text, blocks,
metadata), open modals per user, App Home views, uploaded files and `response_url` replies.
Faults are scripted with `FakeSlack.fail(...)`: a Slack error, an HTTP status such as 429 with
Retry-After or 500, a dropped connection before the call is processed, or a dropped connection
after it was processed (the ambiguous case).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import itertools
import json
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# Slack accepts a trigger_id for 3 seconds after the interaction that issued it.
TRIGGER_TTL_SECONDS = 3.0
BOT_TOKEN = "xoxb-emulator-token"  # noqa: S105 - a fake token for the local emulator
BOT_USER_ID = "UBOT000001"
BOT_ID = "BBOT000001"
TEAM_ID = "T0EMULATOR"


MAX_CHANNEL_ID = 32  # what the bot's tables hold for a channel id


@dataclass
class Message:
    """A message as the emulator stored it."""

    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]]
    user: str
    metadata: dict[str, Any] | None = None
    thread_ts: str | None = None
    ephemeral_for: str | None = None
    edits: int = 0
    files: list[dict[str, Any]] = field(default_factory=list)  # files shared with the message

    def all_text(self) -> str:
        """Return the text and every text found in the blocks, joined by new lines."""
        parts = [self.text]
        _collect_text(self.blocks, parts)
        return "\n".join(p for p in parts if p)


def _collect_text(node: Any, out: list[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "text" and isinstance(value, str):
                out.append(value)
            else:
                _collect_text(value, out)
    elif isinstance(node, list):
        for item in node:
            _collect_text(item, out)


@dataclass
class Fault:
    """A scripted misbehaviour for one Web API method."""

    method: str
    error: str | None = None  # a Slack error code returned with ok=false
    status: int = 200
    retry_after: int | None = None
    drop: str | None = None  # "before" or "after" processing: close the connection, no reply
    times: int = 1
    delay: float = 0.0  # seconds to wait before answering (a slow Slack)
    match: Callable[[dict[str, Any]], bool] | None = None


@dataclass
class Call:
    """One recorded Web API call."""

    method: str
    params: dict[str, Any]
    token: str | None
    at: float
    outcome: str = "ok"
    result: dict[str, Any] | None = None  # the answer the bot got (the resolved channel, the view)


@dataclass
class _State:
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)
    messages: dict[str, list[Message]] = field(default_factory=dict)
    views: dict[str, dict[str, Any]] = field(default_factory=dict)
    modal_stack: dict[str, list[str]] = field(default_factory=dict)
    home: dict[str, dict[str, Any]] = field(default_factory=dict)
    triggers: dict[str, str] = field(default_factory=dict)
    trigger_issued: dict[str, float] = field(default_factory=dict)  # monotonic issue instants
    responses: list[dict[str, Any]] = field(default_factory=list)
    files: list[dict[str, Any]] = field(default_factory=list)
    pending_uploads: dict[str, dict[str, Any]] = field(default_factory=dict)


class _Server(ThreadingHTTPServer):
    """The fake's HTTP server. Slack's servers never refuse a connection: the default listen
    backlog of 5 made bursts of calls lose SYNs and stall a second each, a fault of the fake."""

    request_queue_size = 1024
    daemon_threads = True


class FakeSlack:
    """The fake Web API server; start it, point SLACK_API_URL at `api_url`, inspect `calls`."""

    def __init__(self, team_id: str = TEAM_ID, tokens: tuple[str, ...] = (BOT_TOKEN,)) -> None:
        self.team_id = team_id
        self.tokens = set(tokens)
        self.calls: list[Call] = []
        self.faults: list[Fault] = []
        self.state = _State()
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)
        self._ids = itertools.count(1)
        self._ts = itertools.count(1)
        # What stamps messages (their `ts`): real time, unless a story's clock is set (the demo's),
        # so a message reads "9:04 AM" on the story's calendar rather than the wall clock's.
        self.clock: Callable[[], datetime] | None = None
        self.extra_methods: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {}
        # Multi-workspace: other teams' fakes reached through this one's URL (routed by token or
        # OAuth code), OAuth codes and refresh tokens this team issued, and the app's credentials.
        self.peers: list[FakeSlack] = []
        self.oauth_codes: dict[str, dict[str, Any]] = {}
        self.refresh_tokens: dict[str, dict[str, Any]] = {}
        self.oauth_client: tuple[str, str] | None = None
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        # Seconds every Web API call waits before it is answered (a slow or distant Slack).
        self.latency = 0.0
        # How long a trigger_id stays valid, judged when views.open/push arrives; Slack allows
        # TRIGGER_TTL_SECONDS. None (the default) never expires one: a loaded test machine must not
        # turn a slow step into a failure; load tests and the benchmark switch it on.
        self.trigger_ttl: float | None = None
        self._arrival = threading.local()
        self.add_user(BOT_USER_ID, "mentorbot", is_bot=True)

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> FakeSlack:
        """Serve on an ephemeral loopback port in a background thread."""
        handler = _make_handler(self)
        self._server = _Server(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def base_url(self) -> str:
        """The server's root URL."""
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/"

    @property
    def api_url(self) -> str:
        """The value for SLACK_API_URL."""
        return self.base_url + "api/"

    # -- workspace set-up -------------------------------------------------------------------
    def add_user(
        self,
        user_id: str,
        name: str,
        *,
        tz: str = "UTC",
        email: str | None = None,
        is_admin: bool = False,
        is_owner: bool = False,
        is_bot: bool = False,
        deleted: bool = False,
        title: str = "",
    ) -> dict[str, Any]:
        """Add (or replace) a workspace member."""
        user = {
            "id": user_id,
            "team_id": self.team_id,
            "name": name.lower().replace(" ", "."),
            "real_name": name,
            "tz": tz,
            "deleted": deleted,
            "is_admin": is_admin,
            "is_owner": is_owner,
            "is_primary_owner": False,
            "is_bot": is_bot,
            "is_restricted": False,
            "is_ultra_restricted": False,
            "profile": {
                "real_name": name,
                "display_name": name.split(" ")[0],
                "email": email or f"{name.lower().replace(' ', '.')}@example.com",
                "title": title,
            },
        }
        with self.lock:
            self.state.users[user_id] = user
        return user

    def add_channel(self, channel_id: str, name: str, members: list[str]) -> None:
        """Add a channel with its members."""
        with self.lock:
            self.state.channels[channel_id] = {"id": channel_id, "name": name, "members": list(members)}
            self.state.messages.setdefault(channel_id, [])

    def set_members(self, channel_id: str, members: list[str]) -> None:
        """Replace a channel's member list."""
        with self.lock:
            self.state.channels[channel_id]["members"] = list(members)

    def issue_oauth_code(
        self, installer: str = "U0INSTALLER", *, rotation: bool = False, expires_in: int = 43200
    ) -> str:
        """Issue a one-time OAuth code, as Slack's authorize page does after "Allow"."""
        code = f"code-{self.team_id}-{next(self._ids)}"
        with self.lock:
            self.oauth_codes[code] = {"installer": installer, "rotation": rotation, "expires_in": expires_in}
        return code

    def owns(self, token: str | None, params: dict[str, Any]) -> bool:
        """Whether a call belongs to this team (its token, OAuth code or refresh token)."""
        with self.lock:
            return (
                (token is not None and token in self.tokens)
                or str(params.get("code")) in self.oauth_codes
                or str(params.get("refresh_token")) in self.refresh_tokens
            )

    def fail(self, method: str, **kwargs: Any) -> Fault:
        """Script a fault for the next call(s) of a method; see `Fault`."""
        fault = Fault(method=method, **kwargs)
        with self.lock:
            self.faults.append(fault)
        return fault

    def new_trigger(self, user_id: str) -> str:
        """Issue a single-use trigger id, as Slack does for an interaction."""
        trigger = f"{next(self._ids)}.{int(time.time())}.trigger"
        with self.lock:
            self.state.triggers[trigger] = user_id
            self.state.trigger_issued[trigger] = time.monotonic()
        return trigger

    # -- inspection ---------------------------------------------------------------------------
    def calls_to(self, method: str) -> list[Call]:
        """Return the recorded calls of one method, oldest first."""
        with self.lock:
            return [c for c in self.calls if c.method == method]

    def dm_channel(self, user_id: str) -> str:
        """Return the id of the DM between the bot and a user."""
        return "D" + user_id

    def chatter(self, channel: str, user_id: str, count: int) -> None:
        """Post `count` messages from a person into a conversation (a busy channel or DM)."""
        with self.lock:
            conversation = self.state.messages.setdefault(channel, [])
            for i in range(count):
                conversation.append(Message(channel, self._next_ts(), f"chatter {i}", [], user_id))
            self.changed.notify_all()

    def messages_in(self, channel: str) -> list[Message]:
        """Return the messages in a conversation, oldest first (ephemerals excluded)."""
        with self.lock:
            return [m for m in self.state.messages.get(channel, []) if m.ephemeral_for is None]

    def dms_to(self, user_id: str) -> list[Message]:
        """Return the bot's DMs to a user, oldest first."""
        return self.messages_in(self.dm_channel(user_id))

    def group_dms_with(self, *user_ids: str) -> list[Message]:
        """Return the messages in the group DM of exactly these users (plus the bot)."""
        return self.messages_in(self._mpim_id([*user_ids, BOT_USER_ID]))

    def ephemerals_for(self, user_id: str) -> list[dict[str, Any]]:
        """Return the ephemeral replies a user saw (chat.postEphemeral and response_url)."""
        with self.lock:
            out = [
                {"text": m.text, "blocks": m.blocks, "channel": m.channel}
                for msgs in self.state.messages.values()
                for m in msgs
                if m.ephemeral_for == user_id
            ]
            out += [r for r in self.state.responses if r.get("user") == user_id]
            return out

    def home_of(self, user_id: str) -> dict[str, Any] | None:
        """Return the App Home view last published for a user."""
        with self.lock:
            return self.state.home.get(user_id)

    def open_modal(self, user_id: str) -> dict[str, Any] | None:
        """Return the top modal the user sees, if any."""
        with self.lock:
            stack = self.state.modal_stack.get(user_id) or []
            return self.state.views[stack[-1]] if stack else None

    def wait_for(self, predicate: Callable[[], Any], timeout: float = 5.0) -> Any:
        """Wait until predicate() is truthy (the bot works after acking); return its value."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                value = predicate()
                if value:
                    return value
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError("the emulator did not see the expected Slack calls in time")
                self.changed.wait(min(remaining, 0.05))

    def wait_idle(self, quiet: float = 0.15, timeout: float = 10.0) -> None:
        """Wait until no call arrived for `quiet` seconds (the bot finished its background work)."""
        start = time.monotonic()
        deadline = start + timeout
        while time.monotonic() < deadline:
            with self.lock:
                last = max(self.calls[-1].at if self.calls else 0.0, start)
            if time.monotonic() - last >= quiet:
                return
            time.sleep(quiet / 3)

    # -- the Web API -----------------------------------------------------------------------------
    def handle(
        self, method: str, params: dict[str, Any], token: str | None
    ) -> tuple[int, dict[str, str], dict[str, Any] | None, str | None]:
        """Answer one call: (status, headers, body or None to drop, drop timing)."""
        for peer in self.peers:
            if not self.owns(token, params) and peer.owns(token, params):
                return peer.handle(method, params, token)
        self._arrival.at = time.monotonic()  # a trigger's age is judged when the call arrives
        with self.lock:
            fault = self._take_fault(method, params)
        if fault is not None and fault.delay:
            time.sleep(fault.delay)
        if self.latency:
            time.sleep(self.latency)
        with self.lock:
            call = Call(method=method, params=params, token=token, at=time.monotonic())
            self.calls.append(call)
            if fault is not None and fault.drop == "before":
                call.outcome = "dropped"
                return 0, {}, None, "before"
            if fault is not None and (fault.error or fault.status != 200) and fault.drop is None:
                call.outcome = fault.error or str(fault.status)
                headers = {}
                if fault.retry_after is not None:
                    headers["Retry-After"] = str(fault.retry_after)
                error = fault.error or ("ratelimited" if fault.status == 429 else "internal_error")
                self.changed.notify_all()
                return fault.status, headers, {"ok": False, "error": error}, None
            if method == "oauth.v2.access" and not self._client_ok(token):
                call.outcome = "invalid_client"
                return 200, {}, {"ok": False, "error": "invalid_client_id"}, None
            if method != "oauth.v2.access" and token not in self.tokens:
                call.outcome = "invalid_auth"
                return 200, {}, {"ok": False, "error": "invalid_auth"}, None
            try:
                body = self._dispatch(method, params)
            except _SlackError as err:
                call.outcome = err.code
                body = {"ok": False, "error": err.code}
            call.result = body
            self.changed.notify_all()
            if fault is not None and fault.drop == "after":
                call.outcome = "processed-then-dropped"
                return 0, {}, None, "after"
            return 200, {}, body, None

    def _client_ok(self, auth: str | None) -> bool:
        if self.oauth_client is None:
            return True
        if not auth or not auth.startswith("Basic "):
            return False
        try:
            pair = base64.b64decode(auth.removeprefix("Basic ").strip()).decode()
        except ValueError:
            return False
        return pair == f"{self.oauth_client[0]}:{self.oauth_client[1]}"

    def _take_fault(self, method: str, params: dict[str, Any]) -> Fault | None:
        for fault in self.faults:
            if fault.method == method and fault.times > 0 and (fault.match is None or fault.match(params)):
                fault.times -= 1
                if fault.times == 0:
                    self.faults.remove(fault)
                return fault
        return None

    def _dispatch(self, method: str, p: dict[str, Any]) -> dict[str, Any]:
        if method in self.extra_methods:
            return self.extra_methods[method](p)
        handler = _METHODS.get(method)
        if handler is None:
            raise _SlackError("unknown_method")
        return handler(self, p)

    def _next_ts(self) -> str:
        seconds = int(self.clock().timestamp()) if self.clock is not None else int(time.time())
        return f"{seconds}.{next(self._ts):06d}"

    def _mpim_id(self, users: list[str]) -> str:
        """A group DM's id: its members joined ("GU0ADA-U0BO-UBOT"), or, when that would be longer
        than a real Slack id may be (a circle of several people), a short id hashed from them."""
        named = "G" + "-".join(sorted(set(users)))
        if len(named) <= MAX_CHANNEL_ID:
            return named
        return "G" + hashlib.sha256(named.encode()).hexdigest()[:12].upper()

    def _resolve_channel(self, channel: str) -> str:
        if channel.startswith(("U", "W")):
            user = self.state.users.get(channel)
            if user is None:
                raise _SlackError("channel_not_found")
            channel = self.dm_channel(channel)
        if channel.startswith("D"):
            user = self.state.users.get(channel[1:])
            if user is None:
                raise _SlackError("channel_not_found")
            if user["deleted"]:
                raise _SlackError("user_disabled")
            self.state.messages.setdefault(channel, [])
        if channel not in self.state.messages:
            raise _SlackError("channel_not_found")
        return channel

    def record_response(self, token: str, payload: dict[str, Any]) -> None:
        """Record a reply posted to a response_url."""
        with self.lock:
            user = token.split("-", 1)[0]
            payload = dict(payload)
            payload["user"] = user
            self.state.responses.append(payload)
            self.calls.append(Call("response_url", payload, None, time.monotonic()))
            self.changed.notify_all()

    def record_upload(self, upload_id: str, data: bytes) -> None:
        """Record the bytes of a file upload."""
        with self.lock:
            if upload_id in self.state.pending_uploads:
                self.state.pending_uploads[upload_id]["content"] = data
            self.calls.append(
                Call("upload", {"file_id": upload_id, "length": len(data)}, None, time.monotonic())
            )
            self.changed.notify_all()

    def files_in(self, channel: str) -> list[dict[str, Any]]:
        """Return the files shared in a conversation (id, filename, title, content bytes), oldest first."""
        with self.lock:
            return [f for f in self.state.files if f.get("channel") == channel]


class _SlackError(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _json_param(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _m_auth_test(fake: FakeSlack, _p: dict[str, Any]) -> dict[str, Any]:
    return {
        "ok": True,
        "url": "https://emulator.slack.test/",
        "team": "Emulated Co",
        "user": "mentorbot",
        "team_id": fake.team_id,
        "user_id": BOT_USER_ID,
        "bot_id": BOT_ID,
    }


def _mint_token(fake: FakeSlack, rotation: bool) -> str:
    serial = next(fake._ids)
    token = f"xoxe.xoxb-1-{fake.team_id}-{serial}" if rotation else f"xoxb-{fake.team_id}-{serial}"
    fake.tokens.add(token)
    return token


def _m_oauth_access(fake: FakeSlack, p: dict[str, Any]) -> dict[str, Any]:
    if p.get("grant_type") == "refresh_token":
        grant = fake.refresh_tokens.get(str(p.get("refresh_token")))
        if grant is None:
            raise _SlackError("invalid_refresh_token")
        token = _mint_token(fake, rotation=True)
        refresh = f"xoxe-1-refresh-{fake.team_id}-{next(fake._ids)}"
        fake.refresh_tokens[refresh] = grant
        return {
            "ok": True,
            "access_token": token,
            "token_type": "bot",
            "refresh_token": refresh,
            "expires_in": 43200,
            "team": {"id": fake.team_id, "name": "Emulated Co"},
        }
    grant = fake.oauth_codes.pop(str(p.get("code")), None)
    if grant is None:
        raise _SlackError("invalid_code")
    token = _mint_token(fake, rotation=grant["rotation"])
    body: dict[str, Any] = {
        "ok": True,
        "access_token": token,
        "token_type": "bot",
        "scope": "commands,chat:write,im:write,users:read",
        "bot_user_id": BOT_USER_ID,
        "app_id": "AEMULATOR",
        "team": {"id": fake.team_id, "name": f"Emulated {fake.team_id}"},
        "enterprise": None,
        "is_enterprise_install": False,
        "authed_user": {"id": grant["installer"]},
    }
    if grant["rotation"]:
        refresh = f"xoxe-1-refresh-{fake.team_id}-{next(fake._ids)}"
        fake.refresh_tokens[refresh] = grant
        body.update({"refresh_token": refresh, "expires_in": grant["expires_in"]})
    return body


def _m_post_message(fake: FakeSlack, p: dict[str, Any]) -> dict[str, Any]:
    channel = fake._resolve_channel(str(p.get("channel", "")))
    blocks = _json_param(p.get("blocks")) or []
    text = str(p.get("text") or "")
    if not text and not blocks:
        raise _SlackError("no_text")
    if len(blocks) > 50:
        raise _SlackError("invalid_blocks")
    msg = Message(
        channel=channel,
        ts=fake._next_ts(),
        text=text,
        blocks=blocks,
        user=BOT_USER_ID,
        metadata=_json_param(p.get("metadata")),
        thread_ts=p.get("thread_ts"),
    )
    fake.state.messages[channel].append(msg)
    return {
        "ok": True,
        "channel": channel,
        "ts": msg.ts,
        "message": {"text": text, "ts": msg.ts, "blocks": blocks, "bot_id": BOT_ID},
    }


def _m_post_ephemeral(fake: FakeSlack, p: dict[str, Any]) -> dict[str, Any]:
    channel = fake._resolve_channel(str(p.get("channel", "")))
    msg = Message(
        channel=channel,
        ts=fake._next_ts(),
        text=str(p.get("text") or ""),
        blocks=_json_param(p.get("blocks")) or [],
        user=BOT_USER_ID,
        ephemeral_for=str(p.get("user")),
    )
    fake.state.messages[channel].append(msg)
    return {"ok": True, "message_ts": msg.ts}


def _find_message(fake: FakeSlack, channel: str, ts: str) -> Message:
    for msg in fake.state.messages.get(channel, []):
        if msg.ts == ts:
            return msg
    raise _SlackError("message_not_found")


def _m_update(fake: FakeSlack, p: dict[str, Any]) -> dict[str, Any]:
    msg = _find_message(fake, str(p.get("channel")), str(p.get("ts")))
    if "text" in p:
        msg.text = str(p["text"])
    if "blocks" in p:
        msg.blocks = _json_param(p["blocks"]) or []
    msg.edits += 1
    return {"ok": True, "channel": msg.channel, "ts": msg.ts, "text": msg.text}


def _m_delete(fake: FakeSlack, p: dict[str, Any]) -> dict[str, Any]:
    msg = _find_message(fake, str(p.get("channel")), str(p.get("ts")))
    fake.state.messages[msg.channel].remove(msg)
    return {"ok": True, "channel": msg.channel, "ts": msg.ts}


def _m_open(fake: FakeSlack, p: dict[str, Any]) -> dict[str, Any]:
    users = [u for u in str(p.get("users", "")).split(",") if u]
    if not users:
        raise _SlackError("users_list_not_supplied")
    for user in users:
        if user not in fake.state.users:
            raise _SlackError("user_not_found")
        if fake.state.users[user]["deleted"]:
            raise _SlackError("user_disabled")
    if len(users) == 1:
        channel = fake.dm_channel(users[0])
        fake.state.messages.setdefault(channel, [])
        return {"ok": True, "channel": {"id": channel, "is_im": True}}
    channel = fake._mpim_id([*users, BOT_USER_ID])
    fake.state.messages.setdefault(channel, [])
    fake.state.channels.setdefault(
        channel, {"id": channel, "name": "mpdm", "members": sorted({*users, BOT_USER_ID})}
    )
    return {"ok": True, "channel": {"id": channel, "is_mpim": True}}


def _m_history(fake: FakeSlack, p: dict[str, Any]) -> dict[str, Any]:
    channel = str(p.get("channel"))
    if channel not in fake.state.messages:
        raise _SlackError("channel_not_found")
    limit = min(int(p.get("limit") or 100), 999)
    oldest = float(p.get("oldest") or 0)
    start = int(p.get("cursor") or 0)  # our cursor: an offset into newest-first history
    visible = [
        m for m in reversed(fake.state.messages[channel]) if m.ephemeral_for is None and float(m.ts) >= oldest
    ]
    msgs = visible[start : start + limit]
    more = start + limit < len(visible)
    include_metadata = str(p.get("include_all_metadata", "")).lower() in ("true", "1")
    out = []
    for m in msgs:
        item: dict[str, Any] = {"type": "message", "ts": m.ts, "text": m.text, "bot_id": BOT_ID}
        if include_metadata and m.metadata:
            item["metadata"] = m.metadata
        if m.files:
            item["files"] = [dict(f) for f in m.files]
        out.append(item)
    return {
        "ok": True,
        "messages": out,
        "has_more": more,
        "response_metadata": {"next_cursor": str(start + limit) if more else ""},
    }


def _m_members(fake: FakeSlack, p: dict[str, Any]) -> dict[str, Any]:
    channel = fake.state.channels.get(str(p.get("channel")))
    if channel is None:
        raise _SlackError("channel_not_found")
    return {"ok": True, "members": list(channel["members"]), "response_metadata": {"next_cursor": ""}}


def _m_conv_info(fake: FakeSlack, p: dict[str, Any]) -> dict[str, Any]:
    channel = fake.state.channels.get(str(p.get("channel")))
    if channel is None:
        raise _SlackError("channel_not_found")
    return {"ok": True, "channel": {"id": channel["id"], "name": channel["name"], "is_private": True}}


def _m_users_info(fake: FakeSlack, p: dict[str, Any]) -> dict[str, Any]:
    user = fake.state.users.get(str(p.get("user")))
    if user is None:
        raise _SlackError("user_not_found")
    return {"ok": True, "user": user}


def _m_users_list(fake: FakeSlack, _p: dict[str, Any]) -> dict[str, Any]:
    return {"ok": True, "members": list(fake.state.users.values()), "response_metadata": {"next_cursor": ""}}


def _new_view(fake: FakeSlack, view: dict[str, Any], user: str) -> dict[str, Any]:
    if len(view.get("blocks", [])) > 100:
        raise _SlackError("invalid_arguments")
    view_id = f"V{next(fake._ids):08d}"
    stored = dict(view)
    stored.update({"id": view_id, "hash": f"h{next(fake._ids)}", "user": user, "state": {"values": {}}})
    fake.state.views[view_id] = stored
    return stored


def _take_trigger(fake: FakeSlack, p: dict[str, Any]) -> str:
    trigger = str(p.get("trigger_id") or "")
    user = fake.state.triggers.pop(trigger, None)
    issued = fake.state.trigger_issued.pop(trigger, None)
    if user is None:
        raise _SlackError("invalid_trigger_id" if not trigger else "exchanged_trigger_id")
    arrived = getattr(fake._arrival, "at", None) or time.monotonic()
    if issued is not None and fake.trigger_ttl is not None and arrived - issued > fake.trigger_ttl:
        raise _SlackError("expired_trigger_id")
    return user


def _m_views_open(fake: FakeSlack, p: dict[str, Any]) -> dict[str, Any]:
    user = _take_trigger(fake, p)
    view = _new_view(fake, _json_param(p.get("view")), user)
    fake.state.modal_stack[user] = [view["id"]]
    return {"ok": True, "view": view}


def _m_views_push(fake: FakeSlack, p: dict[str, Any]) -> dict[str, Any]:
    user = _take_trigger(fake, p)
    stack = fake.state.modal_stack.setdefault(user, [])
    if len(stack) >= 3:
        raise _SlackError("push_limit_reached")
    view = _new_view(fake, _json_param(p.get("view")), user)
    stack.append(view["id"])
    return {"ok": True, "view": view}


def _m_views_update(fake: FakeSlack, p: dict[str, Any]) -> dict[str, Any]:
    view_id = str(p.get("view_id") or "")
    old = fake.state.views.get(view_id)
    if old is None:
        raise _SlackError("not_found")
    if p.get("hash") and p["hash"] != old["hash"]:
        raise _SlackError("hash_conflict")
    new = dict(_json_param(p.get("view")))
    new.update({"id": view_id, "hash": f"h{next(fake._ids)}", "user": old["user"], "state": {"values": {}}})
    fake.state.views[view_id] = new
    return {"ok": True, "view": new}


def _m_views_publish(fake: FakeSlack, p: dict[str, Any]) -> dict[str, Any]:
    user = str(p.get("user_id"))
    if user not in fake.state.users:
        raise _SlackError("user_not_found")
    view = _json_param(p.get("view"))
    if view.get("type") != "home" or len(view.get("blocks", [])) > 100:
        raise _SlackError("invalid_arguments")
    view = dict(view)
    view["id"] = f"VH{user}"
    fake.state.home[user] = view
    return {"ok": True, "view": view}


def _m_get_upload_url(fake: FakeSlack, p: dict[str, Any]) -> dict[str, Any]:
    file_id = f"F{next(fake._ids):08d}"
    fake.state.pending_uploads[file_id] = {
        "id": file_id,
        "filename": p.get("filename"),
        "length": p.get("length"),
        "content": b"",
    }
    return {"ok": True, "upload_url": f"{fake.base_url}upload/{file_id}", "file_id": file_id}


def _m_complete_upload(fake: FakeSlack, p: dict[str, Any]) -> dict[str, Any]:
    files = _json_param(p.get("files")) or []
    done = []
    for item in files:
        pending = fake.state.pending_uploads.pop(item["id"], None)
        if pending is None:
            raise _SlackError("file_not_found")
        pending.update(
            {
                "title": item.get("title"),
                "channel": p.get("channel_id"),
                "initial_comment": p.get("initial_comment"),
            }
        )
        fake.state.files.append(pending)
        done.append({"id": pending["id"], "name": pending["filename"]})
        channel = p.get("channel_id")
        if channel:
            channel = fake._resolve_channel(str(channel))
            fake.state.messages[channel].append(
                Message(
                    channel=channel,
                    ts=fake._next_ts(),
                    text=str(p.get("initial_comment") or ""),
                    blocks=[],
                    user=BOT_USER_ID,
                    metadata={"file_id": pending["id"]},
                    files=[{"id": pending["id"], "name": pending["filename"], "title": item.get("title")}],
                )
            )
    return {"ok": True, "files": done}


def _m_team_info(fake: FakeSlack, _p: dict[str, Any]) -> dict[str, Any]:
    return {"ok": True, "team": {"id": fake.team_id, "name": "Emulated Co", "domain": "emulated"}}


_METHODS: dict[str, Callable[[FakeSlack, dict[str, Any]], dict[str, Any]]] = {
    "auth.test": _m_auth_test,
    "oauth.v2.access": _m_oauth_access,
    "chat.postMessage": _m_post_message,
    "chat.postEphemeral": _m_post_ephemeral,
    "chat.update": _m_update,
    "chat.delete": _m_delete,
    "conversations.open": _m_open,
    "conversations.history": _m_history,
    "conversations.members": _m_members,
    "conversations.info": _m_conv_info,
    "users.info": _m_users_info,
    "users.list": _m_users_list,
    "views.open": _m_views_open,
    "views.push": _m_views_push,
    "views.update": _m_views_update,
    "views.publish": _m_views_publish,
    "files.getUploadURLExternal": _m_get_upload_url,
    "files.completeUploadExternal": _m_complete_upload,
    "team.info": _m_team_info,
}


def _make_handler(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_args: Any) -> None:
            return

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            path = urllib.parse.urlparse(self.path).path
            if path.startswith("/upload/"):
                # A scripted fault for the upload step itself: fake.fail("upload", status=503 / drop=...).
                with fake.lock:
                    fault = fake._take_fault("upload", {"file_id": path.rsplit("/", 1)[-1]})
                if fault is not None and fault.drop == "before":
                    self.close_connection = True
                    with contextlib.suppress(OSError):
                        self.connection.shutdown(2)
                    return
                if fault is not None and fault.status != 200:
                    retry = {"Retry-After": str(fault.retry_after)} if fault.retry_after else {}
                    self._reply(fault.status, retry, b"upload failed")
                    return
                fake.record_upload(path.rsplit("/", 1)[-1], raw)
                self._reply(200, {}, b"OK")
                return
            if path.startswith("/trigger/"):  # a load generator in another process asks for one
                self._reply(200, {}, fake.new_trigger(path.rsplit("/", 1)[-1]).encode())
                return
            if path.startswith("/response/"):
                fake.record_response(path.rsplit("/", 1)[-1], json.loads(raw or b"{}"))
                self._reply(200, {}, b"ok")
                return
            if not path.startswith("/api/"):
                self._reply(404, {}, b"not found")
                return
            method = path[len("/api/") :]
            params = self._params(raw)
            auth = self.headers.get("Authorization", "")
            token = auth.removeprefix("Bearer ").strip() or params.get("token")
            status, headers, body, _drop = fake.handle(method, params, token)
            if body is None:
                self.close_connection = True
                with contextlib.suppress(OSError):
                    self.connection.shutdown(2)
                return
            self._reply(status, headers, json.dumps(body).encode())

        def _params(self, raw: bytes) -> dict[str, Any]:
            ctype = self.headers.get("Content-Type", "")
            if "json" in ctype:
                return dict(json.loads(raw or b"{}"))
            parsed = urllib.parse.parse_qs(raw.decode(), keep_blank_values=True)
            params: dict[str, Any] = {k: v[0] for k, v in parsed.items()}
            query = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
            params.update({k: v[0] for k, v in query.items()})
            return params

        def _reply(self, status: int, headers: dict[str, str], body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

    return Handler
