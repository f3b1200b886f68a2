"""Operations at the Slack edge: uninstalls and revoked tokens, and per-listener timing."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack

from bot.deps import Deps
from bot.metrics import WORKSPACES_SWITCHED_OFF
from bot.services import workspaces
from handlers.slack.gateway import SlackGateway
from handlers.slack.middleware import make_listener_timer
from handlers.slack.registry import Listeners
from handlers.slack.router import CommandRouter

logger = logging.getLogger(__name__)


class Operations:
    """Listeners that keep the bot quiet in workspaces that removed it, and time every listener."""

    def __init__(self, deps: Deps, router: CommandRouter) -> None:
        self.deps = deps
        self.router = router

    def _switch_off(self, team_id: str, reason: str) -> None:
        workspaces.switch_off(self.deps, team_id)
        WORKSPACES_SWITCHED_OFF.labels(reason).inc()
        if isinstance(self.deps.slack, SlackGateway):
            self.deps.slack.forget(team_id)

    def handle_app_uninstalled(self, ack: Ack, body: dict[str, Any]) -> None:
        """The app was removed from a workspace: stop sending there, keep the data."""
        ack()
        team_id = str(body.get("team_id") or "")
        if team_id:
            logger.info("app uninstalled team=%s", team_id)
            self._switch_off(team_id, "app_uninstalled")

    def handle_tokens_revoked(self, ack: Ack, body: dict[str, Any], event: dict[str, Any]) -> None:
        """Tokens were revoked: when the bot token is among them, stop sending there."""
        ack()
        team_id = str(body.get("team_id") or "")
        revoked_bots = (event.get("tokens") or {}).get("bot") or []
        logger.info("tokens revoked team=%s bot=%s", team_id, len(revoked_bots))
        if team_id and revoked_bots:
            self._switch_off(team_id, "tokens_revoked")

    def register(self, app: Listeners) -> None:
        """Attach the listener timer and the uninstall listeners."""
        app.use(make_listener_timer(lambda: set(self.router.known())))
        app.event("app_uninstalled")(self.handle_app_uninstalled)
        app.event("tokens_revoked")(self.handle_tokens_revoked)
