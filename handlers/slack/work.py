"""The edge between an ack and the work behind it: priorities, polite shedding, bounded replies.

Acks are computed on the request thread (or, for handlers that ack half-way, on a thread that
starts at once) and never wait for a worker; the work after the ack goes to the bounded,
prioritized `WorkQueue`. When the queue is full the person is told the bot is busy, in the ack
itself where Slack shows it (commands, form submissions) and otherwise by a short notice.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from slack_bolt import Ack, Respond
from slack_bolt.context.respond.internals import _build_message
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler
from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator
from slack_sdk.webhook import WebhookClient, WebhookResponse

from bot.listeners import Priority
from handlers.slack import kit, texts

logger = logging.getLogger(__name__)

# How long a request thread waits for a handler that acks half-way (Slack gives up after 3 s).
ACK_WAIT_SECONDS = 2.5
# A response_url post gives up after this long (one retry on a dropped connection), so a dead
# response_url never holds a worker for the SDK's default 30 s per try.
RESPOND_TIMEOUT_SECONDS = 5
# Busy notices sent at once outside the queue; more than this are only logged.
MAX_NOTICES = 4
_notices = threading.BoundedSemaphore(MAX_NOTICES)
BUSY_CALLBACK = "mentorbot_busy"


class BoundedRespond(Respond):
    """Bolt's `respond` with a short timeout and at most one retry."""

    def __call__(self, text: str | dict[str, Any] = "", **fields: Any) -> WebhookResponse:  # type: ignore[override]
        """Post a message to the request's response_url."""
        if self.response_url is None:
            raise ValueError("respond is unsupported here as there is no response_url")
        client = WebhookClient(
            url=self.response_url,
            proxy=self.proxy,
            ssl=self.ssl,
            timeout=RESPOND_TIMEOUT_SECONDS,
            # One quick retry on a dropped connection: the SDK's default backoff would sleep 0.5 s+
            # on a worker for each post to a dead response_url.
            retry_handlers=[
                ConnectionErrorRetryHandler(
                    max_retry_count=1, interval_calculator=FixedValueRetryIntervalCalculator(0.05)
                )
            ],
        )
        message = _build_message(**text) if isinstance(text, dict) else _build_message(text=text, **fields)
        return client.send_dict(message)


def bounded(respond: Any) -> Any:
    """Return a bounded copy of Bolt's `respond` (None stays None)."""
    if isinstance(respond, Respond) and not isinstance(respond, BoundedRespond):
        return BoundedRespond(response_url=respond.response_url, proxy=respond.proxy, ssl=respond.ssl)
    return respond


def priority_of(body: dict[str, Any]) -> Priority:
    """Work for a request carrying a fresh trigger_id may open a modal: it goes first."""
    if body.get("trigger_id") and body.get("type") != "view_submission":
        return Priority.TRIGGER
    return Priority.NORMAL


def busy_view_ack(ack: Ack, view: dict[str, Any]) -> None:
    """Answer a form submission the queue cannot take: keep the form open and say so."""
    inputs = [b.get("block_id") for b in view.get("blocks") or [] if b.get("type") == "input"]
    if inputs and inputs[0]:
        ack(response_action="errors", errors={str(inputs[0]): texts.BUSY})
    else:
        ack(response_action="push", view=busy_modal())


def busy_modal() -> dict[str, Any]:
    """A small modal that says the bot is busy."""
    return kit.modal(BUSY_CALLBACK, texts.BUSY_TITLE, [kit.section(texts.BUSY)], submit=None, close="OK")


def notify_busy(body: dict[str, Any], client: WebClient, respond: Any) -> None:
    """Tell someone whose click the queue could not take, outside the queue (a few at a time)."""
    if not _notices.acquire(blocking=False):
        logger.warning("busy notice skipped: too many pending")
        return

    def send() -> None:
        try:
            if respond is not None and getattr(respond, "response_url", None):
                respond(text=texts.BUSY, response_type="ephemeral", replace_original=False)
            elif body.get("trigger_id"):
                in_modal = (body.get("container") or {}).get("type") == "view" and (
                    body.get("view") or {}
                ).get("type") == "modal"
                opener = client.views_push if in_modal else client.views_open
                opener(trigger_id=body["trigger_id"], view=busy_modal())
        except Exception:  # noqa: BLE001 - a notice that fails must not raise
            logger.warning("busy notice failed")
        finally:
            _notices.release()

    threading.Thread(target=send, name="busy-notice", daemon=True).start()
