"""Workspaces switched on and off: uninstalls and revoked tokens stop all sending, data is kept."""

from __future__ import annotations

import logging

from bot.deps import Deps
from storage.repositories.installations import InstallationRepository

logger = logging.getLogger(__name__)


def switch_off(deps: Deps, team_id: str) -> int:
    """Stop serving a workspace (app uninstalled, bot token revoked); keep its program data.

    Its installation is marked inactive and its tokens wiped, the workspace is marked inactive
    (scheduled jobs skip it) and pending scheduled messages are cancelled. Returns how many.
    """
    with deps.uow() as uow:
        cancelled = uow.repo(InstallationRepository).deactivate(team_id, deps.clock())
    logger.info("workspace switched off team=%s cancelled_messages=%s", team_id, cancelled)
    return cancelled


def is_active(deps: Deps, team_id: str) -> bool:
    """Whether the bot still serves this workspace (unknown workspaces count as active)."""
    with deps.uow() as uow:
        workspace = uow.programs.workspace(team_id)
        return workspace is None or workspace.active
