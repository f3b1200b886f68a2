"""People who use the bot: they send signed slash commands, clicks, modal submissions and events
to the bot's `/slack/events` endpoint over real HTTP, exactly as Slack would, and look at what the
fake Web API (`FakeSlack`) recorded in return.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk.signature import SignatureVerifier

from devtools.emulator.server import BOT_USER_ID, FakeSlack, Message

_counter = itertools.count(1)


@dataclass
class Reply:
    """The bot's HTTP answer to one request."""

    status: int
    body: str
    headers: dict[str, str]
    seconds: float

    @property
    def json(self) -> Any:
        """The body parsed as JSON (an empty body is {})."""
        return json.loads(self.body) if self.body.strip() else {}

    @property
    def text(self) -> str:
        """The visible text of the reply (JSON `text` or the plain body)."""
        if self.body.startswith("{"):
            data = self.json
            parts = [str(data.get("text", ""))]
            for block in data.get("blocks", []) or []:
                parts.append(json.dumps(block))
            return "\n".join(parts)
        return self.body


class Workspace:
    """A Slack workspace around the bot: the fake Web API, its people, and signed delivery."""

    def __init__(
        self,
        fake: FakeSlack,
        bot_url: str,
        signing_secret: str,
        *,
        settle: Callable[[], None] | None = None,
    ) -> None:
        """`settle`, when given, is called after every delivery and returns once the bot has finished
        the work behind it (Bolt acknowledges first and works afterwards), so each step a person
        takes has had all its effects before the next one: no test races the bot's listener pool.
        """
        self.fake = fake
        self.bot_url = bot_url.rstrip("/")
        self.verifier = SignatureVerifier(signing_secret)
        self.signing_secret = signing_secret
        self.settle = settle
        self.people: dict[str, Person] = {}

    @property
    def team_id(self) -> str:
        """The workspace's team id."""
        return self.fake.team_id

    def person(self, user_id: str, name: str, **profile: Any) -> Person:
        """Add a member to the workspace and return a handle to act as them."""
        self.fake.add_user(user_id, name, **profile)
        person = Person(self, user_id, name)
        self.people[user_id] = person
        return person

    # -- delivery ---------------------------------------------------------------------------
    def post(
        self,
        body: bytes,
        content_type: str,
        *,
        headers: dict[str, str] | None = None,
        timestamp: int | str | None = None,
        signature: str | None = None,
        path: str = "/slack/events",
    ) -> Reply:
        """POST a body to the bot, signed with the signing secret unless a signature is given.

        `timestamp` may be any header value (a malformed one too); the raw bytes are signed as sent.
        """
        ts = str(int(time.time()) if timestamp is None else timestamp)
        sig = signature or self.sign(ts, body)
        request = urllib.request.Request(  # noqa: S310 - loopback URL of the bot under test
            self.bot_url + path,
            data=body,
            method="POST",
            headers={
                "Content-Type": content_type,
                "X-Slack-Request-Timestamp": ts,
                "X-Slack-Signature": sig,
                **(headers or {}),
            },
        )
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                status, raw, hdrs = response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as err:
            status, raw, hdrs = err.code, err.read(), dict(err.headers)
        elapsed = time.perf_counter() - start
        if self.settle is not None:
            self.settle()
        return Reply(status, raw.decode(), hdrs, elapsed)

    def sign(self, timestamp: str, body: bytes) -> str:
        """Slack's signature over the raw bytes (which need not be valid UTF-8)."""
        base = b"v0:" + timestamp.encode("latin-1") + b":" + body
        return "v0=" + hmac.new(self.signing_secret.encode(), base, hashlib.sha256).hexdigest()

    def post_form(self, fields: dict[str, str], **kwargs: Any) -> Reply:
        """POST form fields (a slash command)."""
        return self.post(
            urllib.parse.urlencode(fields).encode(), "application/x-www-form-urlencoded", **kwargs
        )

    def post_payload(self, payload: dict[str, Any], **kwargs: Any) -> Reply:
        """POST an interactivity payload."""
        body = urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()
        return self.post(body, "application/x-www-form-urlencoded", **kwargs)

    def post_payload_concurrently(self, payload: dict[str, Any], copies: int = 2) -> list[Reply]:
        """POST the same signed interactivity payload from several threads at once (a replay race)."""
        body = urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()
        ts = str(int(time.time()))
        signature = str(self.verifier.generate_signature(timestamp=ts, body=body.decode()))
        settle, self.settle = self.settle, None
        barrier = threading.Barrier(copies)
        replies: list[Reply | None] = [None] * copies

        def send(index: int) -> None:
            barrier.wait()
            replies[index] = self.post(
                body, "application/x-www-form-urlencoded", timestamp=int(ts), signature=signature
            )

        threads = [threading.Thread(target=send, args=(i,)) for i in range(copies)]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            self.settle = settle
        if settle is not None:
            settle()
        return [reply for reply in replies if reply is not None]

    def event_envelope(self, event: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
        """The Events API callback that wraps an inner event."""
        return {
            "token": "legacy",
            "team_id": self.team_id,
            "api_app_id": "AEMULATOR",
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(_counter):010d}",
            "event_time": int(time.time()),
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": self.team_id,
                    "user_id": BOT_USER_ID,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "event": event,
        }

    def post_event(
        self, event: dict[str, Any], *, event_id: str | None = None, retry_num: int | None = None
    ) -> Reply:
        """POST an Events API callback wrapping the inner event."""
        envelope = self.event_envelope(event, event_id)
        headers = {}
        if retry_num is not None:
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        return self.post(json.dumps(envelope).encode(), "application/json", headers=headers)

    def user_deactivated(self, user_id: str) -> Reply:
        """Deactivate a member in Slack and deliver the user_change event."""
        with self.fake.lock:
            self.fake.state.users[user_id]["deleted"] = True
            user = dict(self.fake.state.users[user_id])
        return self.post_event({"type": "user_change", "user": user, "event_ts": f"{time.time():.6f}"})


class Person:
    """One workspace member acting on the bot."""

    def __init__(self, workspace: Workspace, user_id: str, name: str) -> None:
        self.ws = workspace
        self.fake = workspace.fake
        self.id = user_id
        self.name = name
        self._responses = itertools.count(1)

    def __repr__(self) -> str:
        return f"Person({self.name})"

    def _response_url(self) -> str:
        return f"{self.fake.base_url}response/{self.id}-{next(self._responses)}"

    def _user(self) -> dict[str, str]:
        return {"id": self.id, "username": self.name, "name": self.name, "team_id": self.ws.team_id}

    # -- slash commands ---------------------------------------------------------------------------
    def command(
        self,
        text: str = "",
        *,
        command: str = "/mentor",
        channel: str = "C0GENERAL",
        channel_name: str = "general",
    ) -> Reply:
        """Type `/mentor <text>` and return the bot's immediate (ephemeral) answer."""
        return self.ws.post_form(
            {
                "token": "legacy",
                "team_id": self.ws.team_id,
                "team_domain": "emulated",
                "channel_id": channel,
                "channel_name": channel_name,
                "user_id": self.id,
                "user_name": self.name,
                "command": command,
                "text": text,
                "api_app_id": "AEMULATOR",
                "response_url": self._response_url(),
                "trigger_id": self.fake.new_trigger(self.id),
            }
        )

    # -- modals -----------------------------------------------------------------------------------
    def modal(self, timeout: float = 5.0) -> dict[str, Any]:
        """Wait for and return the modal this person sees."""
        modal: dict[str, Any] = self.fake.wait_for(lambda: self.fake.open_modal(self.id), timeout)
        return modal

    def submit(self, values: dict[str, Any] | None = None, *, view: dict[str, Any] | None = None) -> Reply:
        """Fill in the open modal (by block id or action id; initial values kept) and submit it."""
        view = view or self.modal()
        reply = self.ws.post_payload(self.submission(values, view=view))
        self._apply_view_response(view, reply)
        return reply

    def submission(
        self, values: dict[str, Any] | None = None, *, view: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """The view_submission payload `submit` would send (to send it more than once)."""
        view = view or self.modal()
        state = _state_values(view, values or {})
        return {
            "type": "view_submission",
            "team": {"id": self.ws.team_id, "domain": "emulated"},
            "user": self._user(),
            "api_app_id": "AEMULATOR",
            "trigger_id": self.fake.new_trigger(self.id),
            "view": {
                "id": view["id"],
                "team_id": self.ws.team_id,
                "type": "modal",
                "callback_id": view.get("callback_id", ""),
                "private_metadata": view.get("private_metadata", ""),
                "blocks": view.get("blocks", []),
                "state": {"values": state},
                "hash": view.get("hash"),
                "root_view_id": view["id"],
            },
            "response_urls": [],
        }

    def _apply_view_response(self, view: dict[str, Any], reply: Reply) -> None:
        data = reply.json if reply.status == 200 and reply.body.startswith("{") else {}
        action = data.get("response_action")
        with self.fake.lock:
            stack = self.fake.state.modal_stack.setdefault(self.id, [])
            if action == "errors":
                return
            if action in ("update", "push"):
                new = dict(data["view"])
                new.update(
                    {
                        "id": view["id"] if action == "update" else f"VP{next(_counter)}",
                        "hash": f"h{next(_counter)}",
                        "user": self.id,
                    }
                )
                self.fake.state.views[new["id"]] = new
                if action == "push":
                    stack.append(new["id"])
                return
            if action == "clear":
                stack.clear()
            elif reply.status == 200 and stack and stack[-1] == view["id"]:
                stack.pop()
            self.fake.changed.notify_all()

    def close_modal(self) -> None:
        """Dismiss the open modal without submitting."""
        with self.fake.lock:
            self.fake.state.modal_stack[self.id] = []

    # -- buttons ----------------------------------------------------------------------------------
    def click(
        self,
        action_id: str,
        *,
        message: Message | None = None,
        value: str | None = None,
        in_home: bool = False,
        in_modal: bool = False,
        selected: str | None = None,
    ) -> Reply:
        """Click a button (or pick an option) in a message, the App Home or the open modal."""
        payload = self.click_payload(
            action_id, message=message, value=value, in_home=in_home, in_modal=in_modal, selected=selected
        )
        return self.ws.post_payload(payload)

    def click_payload(
        self,
        action_id: str,
        *,
        message: Message | None = None,
        value: str | None = None,
        in_home: bool = False,
        in_modal: bool = False,
        selected: str | None = None,
    ) -> dict[str, Any]:
        """The block_actions payload `click` would send (to send it more than once)."""
        if message is not None:
            blocks, container = (
                message.blocks,
                {
                    "type": "message",
                    "message_ts": message.ts,
                    "channel_id": message.channel,
                    "is_ephemeral": False,
                },
            )
        elif in_home:
            home = self.fake.home_of(self.id) or {}
            blocks, container = home.get("blocks", []), {"type": "view", "view_id": home.get("id")}
        elif in_modal:
            view = self.modal()
            blocks, container = view.get("blocks", []), {"type": "view", "view_id": view["id"]}
        else:
            raise ValueError("say where the button is: message=, in_home= or in_modal=")
        element, block_id = _find_element(blocks, action_id, value, selected)
        action: dict[str, Any] = {
            "action_id": action_id,
            "block_id": block_id,
            "type": element.get("type", "button"),
            "action_ts": f"{time.time():.6f}",
        }
        if element.get("type") == "button":
            action["value"] = element.get("value", "")
            action["text"] = element.get("text")
        elif element.get("type") in ("static_select", "overflow", "radio_buttons"):
            option = _pick_option(element, selected)
            action["selected_option"] = option
        payload: dict[str, Any] = {
            "type": "block_actions",
            "team": {"id": self.ws.team_id, "domain": "emulated"},
            "user": self._user(),
            "api_app_id": "AEMULATOR",
            "trigger_id": self.fake.new_trigger(self.id),
            "container": container,
            "actions": [action],
            "response_url": self._response_url(),
        }
        if message is not None:
            payload["channel"] = {"id": message.channel}
            payload["message"] = {"ts": message.ts, "text": message.text, "blocks": message.blocks}
        if in_modal:
            view = self.modal()
            payload["view"] = {
                "id": view["id"],
                "callback_id": view.get("callback_id"),
                "private_metadata": view.get("private_metadata", ""),
                "state": {"values": _state_values(view, {})},
                "hash": view.get("hash"),
            }
        if in_home:
            payload["view"] = {"id": (self.fake.home_of(self.id) or {}).get("id"), "type": "home"}
        return payload

    # -- events -----------------------------------------------------------------------------------
    def open_home(self) -> Reply:
        """Open the bot's App Home tab."""
        return self.ws.post_event(
            {
                "type": "app_home_opened",
                "user": self.id,
                "channel": "D" + self.id,
                "tab": "home",
                "event_ts": f"{time.time():.6f}",
            }
        )

    def join_channel(self, channel: str) -> Reply:
        """Join a channel (the bot hears member_joined_channel)."""
        with self.fake.lock:
            members = self.fake.state.channels.get(channel, {}).get("members", [])
            if self.id not in members:
                members.append(self.id)
        return self.ws.post_event(
            {
                "type": "member_joined_channel",
                "user": self.id,
                "channel": channel,
                "channel_type": "C",
                "team": self.ws.team_id,
                "event_ts": f"{time.time():.6f}",
            }
        )

    # -- what this person sees -----------------------------------------------------------------
    def dms(self) -> list[Message]:
        """The bot's DMs to this person, oldest first."""
        return self.fake.dms_to(self.id)

    def last_dm(self, timeout: float = 5.0, *, containing: str | None = None) -> Message:
        """Wait for the newest DM (optionally one containing some text) and return it."""

        def find() -> Message | None:
            for msg in reversed(self.dms()):
                if containing is None or containing in msg.all_text():
                    return msg
            return None

        found: Message = self.fake.wait_for(find, timeout)
        return found

    def ephemerals(self) -> list[dict[str, Any]]:
        """The ephemeral replies this person saw."""
        return self.fake.ephemerals_for(self.id)

    def last_ephemeral(self, timeout: float = 5.0) -> dict[str, Any]:
        """Wait for the newest ephemeral reply and return it."""
        found: list[dict[str, Any]] = self.fake.wait_for(self.ephemerals, timeout)
        return found[-1]

    def home(self, timeout: float = 5.0) -> dict[str, Any]:
        """Wait for this person's App Home view and return it."""
        found: dict[str, Any] = self.fake.wait_for(lambda: self.fake.home_of(self.id), timeout)
        return found


def _iter_elements(blocks: list[dict[str, Any]]) -> Any:
    for block in blocks:
        if "accessory" in block:
            yield block.get("block_id", ""), block["accessory"]
        for element in block.get("elements", []) or []:
            if isinstance(element, dict) and "action_id" in element:
                yield block.get("block_id", ""), element
        if block.get("type") == "input" and "element" in block:
            yield block.get("block_id", ""), block["element"]


def _find_element(
    blocks: list[dict[str, Any]], action_id: str, value: str | None, selected: str | None = None
) -> tuple[dict[str, Any], str]:
    for block_id, element in _iter_elements(blocks):
        if element.get("action_id") != action_id or (value is not None and element.get("value") != value):
            continue
        # Several menus may share an action id (one per row): pick the one offering that option.
        menu = element.get("type") in ("static_select", "overflow", "radio_buttons")
        if selected is not None and menu and not any(o.get("value") == selected for o in _options(element)):
            continue
        return element, block_id
    raise LookupError(f"no element with action_id {action_id!r}" + (f" and value {value!r}" if value else ""))


def _options(element: dict[str, Any]) -> list[dict[str, Any]]:
    options = list(element.get("options", []) or [])
    for group in element.get("option_groups", []) or []:
        options.extend(group.get("options", []))
    return options


def _pick_option(element: dict[str, Any], value: str | None) -> dict[str, Any]:
    for option in _options(element):
        if value is None or option.get("value") == value:
            return dict(option)
    raise LookupError(f"no option {value!r} in {element.get('action_id')!r}")


def _state_values(view: dict[str, Any], values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    state: dict[str, dict[str, Any]] = {}
    for block in view.get("blocks", []):
        if block.get("type") != "input":
            continue
        block_id, element = block.get("block_id", ""), block.get("element", {})
        action_id, kind = element.get("action_id", ""), element.get("type")
        given = values.get(block_id, values.get(action_id, _MISSING))
        state[block_id] = {action_id: _element_state(element, kind, given)}
    return state


_MISSING: Any = object()


def _element_state(element: dict[str, Any], kind: str | None, given: Any) -> dict[str, Any]:
    if kind in ("plain_text_input", "number_input", "email_text_input", "url_text_input"):
        value = element.get("initial_value") if given is _MISSING else given
        return {"type": kind, "value": None if value is None else str(value)}
    if kind == "datepicker":
        value = element.get("initial_date") if given is _MISSING else given
        return {"type": kind, "selected_date": value}
    if kind == "timepicker":
        value = element.get("initial_time") if given is _MISSING else given
        state = {"type": kind, "selected_time": value}
        if element.get("timezone"):
            state["timezone"] = element["timezone"]
        return state
    if kind in ("static_select", "radio_buttons"):
        if given is _MISSING:
            option = element.get("initial_option")
        else:
            option = None if given is None else _pick_option(element, str(given))
        return {"type": kind, "selected_option": option}
    if kind in ("multi_static_select", "checkboxes"):
        if given is _MISSING:
            options = element.get("initial_options", [])
        else:
            options = [_pick_option(element, str(v)) for v in (given or [])]
        return {"type": kind, "selected_options": options}
    if kind == "users_select":
        value = element.get("initial_user") if given is _MISSING else given
        return {"type": kind, "selected_user": value}
    if kind == "multi_users_select":
        users = element.get("initial_users", []) if given is _MISSING else list(given or [])
        return {"type": kind, "selected_users": users}
    if kind == "conversations_select":
        value = element.get("initial_conversation") if given is _MISSING else given
        return {"type": kind, "selected_conversation": value}
    return {"type": kind, "value": None if given is _MISSING else given}
