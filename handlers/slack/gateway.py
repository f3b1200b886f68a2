"""The way to Slack's Web API: clients per workspace, Bolt's authorize, the bot's identity."""

from __future__ import annotations

import logging
import threading
from typing import Any

from slack_bolt.authorization import AuthorizeResult
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.config import Settings
from bot.ports import WorkspaceUnavailable

logger = logging.getLogger(__name__)

# A 429 is retried once, in the calling thread (a worker, never one an ack needs), and only when
# Slack asks to wait at most this long: a worker is never held for a minute by a rate limit.
MAX_RETRY_AFTER_SECONDS = 5


class BoundedRateLimitRetryHandler(RateLimitErrorRetryHandler):
    """Retry a 429 only when its Retry-After is short; otherwise fail at once (the caller decides)."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if not super()._can_retry(state=state, request=request, response=response, error=error):
            return False
        assert response is not None  # noqa: S101 - a 429 has a response
        values = {k.lower(): v for k, v in response.headers.items()}.get("retry-after") or ["1"]
        try:
            return int(values[0]) <= MAX_RETRY_AFTER_SECONDS
        except ValueError:
            return False


class SlackGateway:
    """Builds Web API clients; single-workspace from SLACK_BOT_TOKEN, or from stored installs."""

    def __init__(self, settings: Settings, installations: Any = None) -> None:
        self.settings = settings
        self.installations = installations  # an encrypted installation store (multi-workspace)
        self._lock = threading.Lock()
        self._identity: dict[str, str] | None = None

    def _token(self) -> str | None:
        token = self.settings.slack_bot_token
        return token.get_secret_value() if token is not None else None

    def client_for(self, team_id: str | None, *, interactive: bool = True) -> WebClient:
        """Return a client for the workspace; interactive clients retry a 429 once.

        Raises WorkspaceUnavailable when the workspace uninstalled the app or revoked its token,
        so scheduled jobs send nothing there. Tokens near expiry are refreshed first.
        """
        token = None
        if self.installations is not None and team_id:
            token = self.installations.bot_token_for(team_id)
        if token is None:
            token = self._token()
        if token is None:
            raise WorkspaceUnavailable(team_id or "?")
        return self.make_client(token, interactive=interactive)

    def is_active(self, team_id: str) -> bool:
        """Whether the bot may send to this workspace."""
        try:
            self.client_for(team_id)
        except WorkspaceUnavailable:
            return False
        return True

    def forget(self, team_id: str) -> None:
        """Drop any cached token for the workspace (after an uninstall or a new install)."""
        if self.installations is not None:
            self.installations.forget(team_id)

    def make_client(self, token: str | None, *, interactive: bool = True) -> WebClient:
        """Return a client with our base URL and retry policy for a token."""
        retry: list[Any] = [ConnectionErrorRetryHandler(max_retry_count=1)] if interactive else []
        if interactive:
            retry.append(BoundedRateLimitRetryHandler(max_retry_count=1))
        return WebClient(token=token, base_url=self.settings.slack_api_url, timeout=10, retry_handlers=retry)

    def identity(self) -> dict[str, str]:
        """Return the bot's user id, bot id and team id (auth.test, asked once)."""
        with self._lock:
            if self._identity is None:
                response = self.make_client(self._token()).auth_test()
                self._identity = {
                    "user_id": str(response.get("user_id") or ""),
                    "bot_id": str(response.get("bot_id") or ""),
                    "team_id": str(response.get("team_id") or ""),
                }
            return self._identity

    def default_team_id(self) -> str | None:
        """Return the single workspace's team id, if a bot token is configured."""
        if self._token() is None:
            return None
        try:
            return self.identity()["team_id"] or None
        except Exception:  # noqa: BLE001 - an unreachable Slack must not break start-up
            logger.warning("auth.test failed; team id unknown")
            return None

    def authorize(self, enterprise_id: str | None, team_id: str | None) -> AuthorizeResult | None:
        """Bolt's authorize: the token for the workspace the request came from.

        None for a workspace that was switched off or never installed (Bolt then tells the person
        the app is not installed there).
        """
        if self.installations is not None and team_id:
            result: AuthorizeResult | None = self.installations.authorize(enterprise_id, team_id)
            if result is not None:
                return result
            if self.installations.knows(team_id):
                return None
        token = self._token()
        if token is None:
            logger.info("request from a workspace without an installation team=%s", team_id)
            return None
        identity = self._safe_identity()
        return AuthorizeResult(
            enterprise_id=enterprise_id,
            team_id=team_id,
            bot_token=token,
            bot_user_id=identity.get("user_id"),
            bot_id=identity.get("bot_id"),
        )

    def _safe_identity(self) -> dict[str, str]:
        try:
            return self.identity()
        except Exception:  # noqa: BLE001 - requests still work without the bot's own id
            logger.warning("auth.test failed; continuing without the bot user id")
            return {}
