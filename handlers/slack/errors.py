"""The one global error handler: log with ids, apologise to the person where we can."""

from __future__ import annotations

import logging
import urllib.parse
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltRequest
from slack_sdk.webhook import WebhookClient

from bot.deps import Deps
from bot.edge import EDGE_VERIFIED
from bot.logs import frames_only
from handlers.slack import texts
from handlers.slack.registry import Listeners

logger = logging.getLogger(__name__)

SLACK_HOOKS_HOST = "hooks.slack.com"


def slack_origins(api_url: str) -> frozenset[tuple[str, str]]:
    """The (scheme, host[:port]) pairs an apology may go to: Slack's hooks and the configured API."""
    api = urllib.parse.urlsplit(api_url)
    return frozenset({("https", SLACK_HOOKS_HOST), (api.scheme, api.netloc)})


def is_slack_url(url: Any, origins: frozenset[tuple[str, str]]) -> bool:
    """True when `url` is a URL on one of Slack's origins (never credentials, never another host)."""
    if not isinstance(url, str):
        return False
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return False
    return not parts.username and not parts.password and (parts.scheme, parts.netloc) in origins


def _verified(request: BoltRequest | None) -> bool:
    """A request from Slack: over the authenticated socket, or signed and checked at the edge."""
    if request is None:
        return False
    return request.mode == "socket_mode" or request.context.get(EDGE_VERIFIED) is True


def make_error_handler(origins: frozenset[tuple[str, str]]) -> Callable[..., None]:
    """Return the handler; it apologises only through a verified request's Slack `response_url`."""

    def handle_error(error: Exception, body: Any, request: BoltRequest | None = None) -> None:
        """Log an unexpected error (ids only) and tell the person something went wrong."""
        body = body if isinstance(body, dict) else {}
        user_field, team_field = body.get("user"), body.get("team")
        user = body.get("user_id") or (user_field.get("id") if isinstance(user_field, dict) else None)
        team = body.get("team_id") or (team_field.get("id") if isinstance(team_field, dict) else None)
        logger.error(
            "listener failed type=%s team=%s user=%s error=%s\n%s",
            body.get("type") or ("command" if body.get("command") else "?"),
            team,
            user,
            type(error).__name__,
            frames_only(error),
        )
        response_url = body.get("response_url")
        if not response_url:
            return
        if not _verified(request) or not is_slack_url(response_url, origins):
            logger.warning("apology not sent: response_url not from a verified Slack request")
            return
        try:
            WebhookClient(response_url, timeout=5).send(
                text=texts.ERROR_APOLOGY, response_type="ephemeral", replace_original=False
            )
        except Exception:  # noqa: BLE001 - an apology that fails must not raise again
            logger.warning("could not send the apology")

    return handle_error


def register(app: Listeners, deps: Deps) -> None:
    """Attach the global error handler."""
    app.error(make_error_handler(slack_origins(deps.settings.slack_api_url)))
