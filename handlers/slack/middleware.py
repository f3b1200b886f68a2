"""Global middleware: run each Events API delivery once, whatever Slack retries."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltResponse

from bot.deps import Deps
from bot.metrics import LISTENER_SECONDS
from handlers.slack import texts

logger = logging.getLogger(__name__)


def make_event_dedupe(deps: Deps) -> Callable[..., Any]:
    """Return middleware that records each event_id in the inbox and drops repeats with a 200."""

    def dedupe_events(body: dict[str, Any], next: Callable[[], Any]) -> Any:
        if body.get("type") == "event_callback" and body.get("event_id"):
            team_id = str(body.get("team_id") or "")
            with deps.uow() as uow:
                fresh = uow.inbox.record_once(team_id, "event:" + str(body["event_id"]), deps.clock())
            if not fresh:
                logger.info("duplicate event dropped team=%s event=%s", team_id, body["event_id"])
                return BoltResponse(status=200, body="")
        return next()

    return dedupe_events


MAX_LISTENER_LABELS = 200
_ADMIN_ACTIONS = {name.split(" ")[1] for name, _, _ in texts.SUBCOMMANDS if name.startswith("admin ")}
_LABEL = re.compile(r"^[A-Za-z_][A-Za-z0-9_.:\-]{0,63}$")
_seen_labels: set[str] = set()
_labels_lock = threading.Lock()


def _bounded(value: str) -> str:
    """Keep label values few: digits become '#', odd or too many distinct values become 'other'."""
    value = re.sub(r"\d+", "#", value)
    if not _LABEL.match(value):
        return "other"
    with _labels_lock:
        if value in _seen_labels:
            return value
        if len(_seen_labels) >= MAX_LISTENER_LABELS:
            return "other"
        _seen_labels.add(value)
    return value


def listener_label(body: dict[str, Any], known_subcommands: set[str]) -> tuple[str, str]:
    """Return (kind, listener) for a request: the subcommand, action_id, callback_id or event type."""
    if "command" in body:
        words = str(body.get("text") or "").split()
        name = words[0].lower() if words else "help"
        if name not in known_subcommands:
            name = "other"
        elif name == "admin":
            action = words[1].lower() if len(words) > 1 else ""
            name = "admin " + (action if action in _ADMIN_ACTIONS else "other")
        command = str(body.get("command") or "")
        return "command", f"{command if command == '/mentor' else 'other'} {name}"
    kind = str(body.get("type") or "unknown")
    if kind == "block_actions":
        actions = body.get("actions") or [{}]
        return kind, _bounded(str(actions[0].get("action_id") or "none"))
    if kind in ("view_submission", "view_closed"):
        return kind, _bounded(str((body.get("view") or {}).get("callback_id") or "none"))
    if kind in ("shortcut", "message_action"):
        return kind, _bounded(str(body.get("callback_id") or "none"))
    if kind == "event_callback":
        return "event", _bounded(str((body.get("event") or {}).get("type") or "none"))
    return "other", _bounded(kind)


def make_listener_timer(known_subcommands: Callable[[], set[str]]) -> Callable[..., Any]:
    """Return middleware that times each request from dispatch to ack, labelled by listener."""

    def time_listener(body: dict[str, Any], next: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        try:
            return next()
        finally:
            kind, listener = listener_label(body, known_subcommands())
            LISTENER_SECONDS.labels(kind, listener).observe(time.perf_counter() - start)

    return time_listener
