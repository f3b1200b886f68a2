"""Protocols the services and jobs depend on, implemented at the edges."""

from __future__ import annotations

from typing import Any, Protocol


class SlackPort(Protocol):
    """Reaching Slack for a workspace (implemented by handlers.slack.gateway.SlackGateway)."""

    def client_for(self, team_id: str, *, interactive: bool = True) -> Any:
        """Return a client authorised for the workspace (interactive=False: no SDK retries).

        Raises WorkspaceUnavailable when the workspace uninstalled the app or has no token.
        """
        ...

    def default_team_id(self) -> str | None:
        """Return the team id of a single-workspace install, if known."""
        ...


class WorkspaceUnavailable(Exception):
    """The workspace uninstalled the app or revoked its token: send nothing there.

    `client_for(team_id)` raises it; scheduled jobs skip the workspace (its data is kept).
    """

    def __init__(self, team_id: str) -> None:
        super().__init__(f"workspace {team_id} is not available (app uninstalled or token revoked)")
        self.team_id = team_id
