"""The one global error handler: log with ids, apologise to the person where we can."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.webhook import WebhookClient

from bot.logs import frames_only
from handlers import texts
from handlers.registry import Listeners

logger = logging.getLogger(__name__)


def handle_error(error: Exception, body: dict[str, Any]) -> None:
    """Log an unexpected error (ids only) and tell the person something went wrong."""
    user = (
        body.get("user_id") or (body.get("user") or {}).get("id")
        if isinstance(body.get("user"), dict)
        else body.get("user_id")
    )
    logger.error(
        "listener failed type=%s team=%s user=%s error=%s\n%s",
        body.get("type") or ("command" if body.get("command") else "?"),
        body.get("team_id") or (body.get("team") or {}).get("id"),
        user,
        type(error).__name__,
        frames_only(error),
    )
    response_url = body.get("response_url")
    if response_url:
        try:
            WebhookClient(response_url, timeout=5).send(
                text=texts.ERROR_APOLOGY, response_type="ephemeral", replace_original=False
            )
        except Exception:  # noqa: BLE001 - an apology that fails must not raise again
            logger.warning("could not send the apology")


def register(app: Listeners) -> None:
    """Attach the global error handler."""
    app.error(handle_error)
