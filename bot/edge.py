"""The request edge: Slack's signature over the raw body, then the body's shape, before Bolt sees it.

`verify_signature` runs first, on the raw bytes, before anything parses them: an unsigned, stale or
malformed-timestamp request is refused without being read. `parse_body` then parses the body the
way Bolt will (and `SlackRequest` does), and `shape_problem` checks that the fields the bot and
Bolt read have the types they assume, per kind of request. Every refusal is described by a short
reason made of field names only, never of values, so it can be logged as it is.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import urllib.parse
from collections.abc import Callable
from typing import Any

from slack_bolt.request.internals import parse_body as bolt_parse_body

MAX_CLOCK_SKEW_SECONDS = 300
# Set in the Bolt context of every HTTP request whose signature and shape the edge checked.
EDGE_VERIFIED = "edge_verified"
_DIGITS = re.compile(r"^[0-9]{1,12}$")
_SIGNATURE = re.compile(r"^v0=[0-9a-f]{64}$")
_ID = re.compile(r"^[A-Z0-9]{1,32}$")


def verify_signature(
    secret: str, raw: bytes, timestamp: str | None, signature: str | None, now: float
) -> str | None:
    """Return why a request is not Slack's (a reason without values), or None when it is.

    The timestamp must be digits and within five minutes of `now`; the signature must be
    `v0=` + hex(HMAC-SHA256(secret, "v0:{timestamp}:{raw body}")), compared in constant time.
    """
    if not timestamp or not signature:
        return "missing signature headers"
    if not _DIGITS.match(timestamp):
        return "malformed timestamp"
    if abs(now - int(timestamp)) > MAX_CLOCK_SKEW_SECONDS:
        return "stale timestamp"
    if not _SIGNATURE.match(signature):
        return "malformed signature"
    base = b"v0:" + timestamp.encode("ascii") + b":" + raw
    expected = "v0=" + hmac.new(secret.encode("utf-8"), base, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        return "bad signature"
    return None


def parse_body(body: str, content_type: str | None) -> Any:
    """Parse a request body exactly as Bolt and `SlackRequest` will; ValueError when it cannot be.

    The result is whatever the JSON held (a list, null or a number are possible): check its shape.
    """
    ctype = content_type.split(";")[0] if content_type else None  # exactly as Bolt reads it
    parsed = bolt_parse_body(body, ctype)
    if isinstance(parsed, dict) and not parsed and body and "payload" in body:
        # SlackRequest parses a slash command whose text mentions "payload" as a command.
        fields = urllib.parse.parse_qs(body, keep_blank_values=True)
        if "command" in fields and "payload" not in fields:
            return {key: values[0] for key, values in fields.items()}
    return parsed


# -- shape checks ---------------------------------------------------------------------------------
Check = Callable[[Any], bool]


def _is_str(value: Any) -> bool:
    return isinstance(value, str)


def _nonempty_str(value: Any) -> bool:
    return isinstance(value, str) and bool(value)


def _is_dict(value: Any) -> bool:
    return isinstance(value, dict)


def _str_or_dict(value: Any) -> bool:
    return isinstance(value, str | dict)


def _dict_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)


def _with_id(value: Any) -> bool:
    return isinstance(value, dict) and _nonempty_str(value.get("id"))


def _optional(check: Check) -> Check:
    return lambda value: value is None or check(value)


def _fields(body: dict[str, Any], prefix: str, rules: dict[str, Check]) -> str | None:
    """The first field (by name) whose value fails its rule; absent fields are None."""
    for name, check in rules.items():
        if not check(body.get(name)):
            return prefix + name
    return None


# What Bolt's context builder reads from every body (and from its event and first authorization).
_COMMON: dict[str, Check] = {
    "type": _optional(_is_str),
    "enterprise": _optional(_str_or_dict),
    "team": _optional(_str_or_dict),
    "user": _optional(_str_or_dict),
    "channel": _optional(_str_or_dict),
    "authorizations": _optional(_dict_list),
    "event": _optional(_is_dict),
    "view": _optional(_is_dict),
    "message": _optional(_is_dict),
    "previous_message": _optional(_is_dict),
    "container": _optional(_is_dict),
    "item": _optional(_is_dict),
    "assistant_thread": _optional(_is_dict),
    "function_data": _optional(_is_dict),
    "actions": _optional(_dict_list),
    "response_url": _optional(_is_str),
    "response_urls": _optional(_dict_list),
    "trigger_id": _optional(_is_str),
}


def _common(body: dict[str, Any], prefix: str = "") -> str | None:
    problem = _fields(body, prefix, _COMMON)
    if problem is None and "event" in body and not isinstance(body["event"], dict):
        problem = prefix + "event"
    if problem is None:
        for url in body.get("response_urls") or []:
            if not _optional(_is_str)(url.get("response_url")):
                return prefix + "response_urls"
    return problem


def _command(body: dict[str, Any]) -> str | None:
    return _fields(
        body,
        "",
        {
            "command": _nonempty_str,
            "user_id": _nonempty_str,
            "team_id": _optional(_is_str),
            "text": _optional(_is_str),
            "channel_id": _optional(_is_str),
        },
    )


def _interactive(body: dict[str, Any]) -> str | None:
    """What every interactivity payload carries: the person and their workspace as objects."""
    return _fields(body, "", {"user": _with_id, "team": _optional(_with_id)})


def _block_actions(body: dict[str, Any]) -> str | None:
    problem = _interactive(body) or _fields(
        body,
        "",
        {"actions": lambda v: _dict_list(v) and bool(v), "channel": _optional(_is_dict)},
    )
    if problem:
        return problem
    for action in body["actions"]:
        problem = _fields(
            action,
            "actions.",
            {
                "action_id": _nonempty_str,
                "value": _optional(_is_str),
                "selected_option": _optional(_is_dict),
            },
        )
        if problem:
            return problem
    view = body.get("view")
    return _view(view, required=False) if isinstance(view, dict) else None


def _view(view: dict[str, Any], *, required: bool = True) -> str | None:
    """A modal or home view: its ids, metadata and state as the handlers read them."""
    rules: dict[str, Check] = {
        "id": _nonempty_str if required else _optional(_is_str),
        "type": _nonempty_str if required else _optional(_is_str),
        "callback_id": _is_str if required else _optional(_is_str),
        "private_metadata": _optional(_is_str),
        "state": _optional(_is_dict),
    }
    problem = _fields(view, "view.", rules)
    if problem:
        return problem
    values = (view.get("state") or {}).get("values")
    if values is None:
        return None
    blocks_ok = isinstance(values, dict) and all(
        isinstance(block, dict) and all(isinstance(element, dict) for element in block.values())
        for block in values.values()
    )
    return None if blocks_ok else "view.state.values"


def _view_payload(body: dict[str, Any]) -> str | None:
    if not isinstance(body.get("view"), dict):
        return "view"
    return _interactive(body) or _view(body["view"])


def _shortcut(body: dict[str, Any]) -> str | None:
    return _interactive(body) or _fields(body, "", {"callback_id": _nonempty_str})


def _url_verification(body: dict[str, Any]) -> str | None:
    return _fields(body, "", {"challenge": _is_str})


# Per event type: the fields of the inner event the handlers read.
_EVENT_RULES: dict[str, dict[str, Check]] = {
    "app_home_opened": {"user": _nonempty_str, "tab": _optional(_is_str), "channel": _optional(_is_str)},
    "member_joined_channel": {"user": _nonempty_str, "channel": _nonempty_str},
    "member_left_channel": {"user": _nonempty_str, "channel": _nonempty_str},
    "user_change": {"user": _with_id},
    "team_join": {"user": _with_id},
    "tokens_revoked": {"tokens": _optional(_is_dict)},
}


def _event_callback(body: dict[str, Any]) -> str | None:
    problem = _fields(
        body,
        "",
        {"event": _is_dict, "team_id": _optional(_is_str), "event_id": _optional(_is_str)},
    )
    if problem:
        return problem
    event = body["event"]
    problem = _fields(event, "event.", {"type": _nonempty_str}) or _common(event, "event.")
    if problem:
        return problem
    problem = _fields(event, "event.", _EVENT_RULES.get(event["type"], {}))
    if problem is None and event["type"] == "tokens_revoked":
        bots = (event.get("tokens") or {}).get("bot")
        if not _optional(lambda v: isinstance(v, list))(bots):
            return "event.tokens"
    return problem


_KINDS: dict[str, Callable[[dict[str, Any]], str | None]] = {
    "block_actions": _block_actions,
    "view_submission": _view_payload,
    "view_closed": _view_payload,
    "event_callback": _event_callback,
    "url_verification": _url_verification,
    "shortcut": _shortcut,
    "message_action": _shortcut,
}


def request_kind(body: Any) -> str:
    """A bounded label for a request's kind (for logs and metrics): never a value from the body."""
    if not isinstance(body, dict):
        return "malformed"
    kind = body.get("type")
    if isinstance(kind, str) and kind in _KINDS:
        return kind
    return "command" if "command" in body else "other"


def shape_problem(body: Any) -> str | None:
    """Return the first field (by name) the bot cannot read as parsed, or None when the shape is fine.

    Unknown kinds get the common checks only (Bolt answers them 404).
    """
    if not isinstance(body, dict):
        return "body"
    first = authorizations_first(body)
    problem = _common(body) or (_common(first, "authorizations.") if first is not None else None)
    if problem:
        return problem
    if "command" in body:
        problem = _command(body)
        if problem:
            return problem
    kind = body.get("type")
    check = _KINDS.get(kind) if isinstance(kind, str) else None
    return check(body) if check is not None else None


def authorizations_first(body: dict[str, Any]) -> dict[str, Any] | None:
    """The first authorization, which Bolt reads ids from (None when there is none)."""
    auths = body.get("authorizations")
    if isinstance(auths, list) and auths and isinstance(auths[0], dict):
        first: dict[str, Any] = auths[0]
        return first
    return None


def safe_id(value: Any) -> str:
    """A Slack id for a log line, or '-' for anything that does not look like one."""
    return value if isinstance(value, str) and _ID.match(value) else "-"
