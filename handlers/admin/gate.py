"""Program admins at the Slack edge: who may act (checked on every admin action) and `/mentor admin …`.

An admin is someone on the database admin list, a workspace owner or admin (users.info; guests
never), or a member of MENTORBOT_ADMIN_CHANNEL (conversations.members, cached for a minute).
Every decision is written to the audit log. Admin subcommands register with `AdminRouter.add`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.services import admins
from handlers.admin import texts as texts_admin
from handlers.slack.format import esc
from handlers.slack.router import CommandCall, CommandRouter

logger = logging.getLogger(__name__)

MEMBERS_TTL_SECONDS = 60.0
# A person not found in a cached member list older than this is looked up again, so someone just
# added to the admin channel need not wait for the cache to expire.
MEMBERS_RECHECK_SECONDS = 10.0
NOT_ADMIN = texts_admin.NOT_ADMIN
ADMIN_HELP = texts_admin.ADMIN_HELP


class AdminGate:
    """Decides, on every admin action, whether a person is a program admin."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self._members: dict[str, tuple[float, set[str]]] = {}
        self._lock = threading.Lock()

    def _channel_members(self, client: WebClient, channel: str, user_id: str) -> set[str]:
        with self._lock:
            cached = self._members.get(channel)
            if cached:
                age = time.monotonic() - cached[0]
                if age < MEMBERS_TTL_SECONDS and (user_id in cached[1] or age < MEMBERS_RECHECK_SECONDS):
                    return cached[1]
        members: set[str] = set()
        try:
            for page in client.conversations_members(channel=channel, limit=200):
                members.update(page.get("members") or [])
        except SlackApiError as err:
            logger.warning(
                "admin channel members unavailable channel=%s error=%s", channel, err.response.get("error")
            )
            return set()
        with self._lock:
            self._members[channel] = (time.monotonic(), members)
        return members

    def channel_members(self, client: WebClient, channel: str, user_id: str) -> set[str]:
        """The members of a channel, cached for a minute (looked up again for someone not in it)."""
        return self._channel_members(client, channel, user_id)

    def is_admin(self, client: WebClient, team_id: str, user_id: str) -> bool:
        """Whether the person may run admin actions (deny by default).

        Guests (single- and multi-channel), bots and deactivated accounts are never admins, even
        when listed or in the admin channel; when Slack cannot say who someone is, the answer is no.
        """
        if not team_id or not user_id:
            return False
        try:
            user = client.users_info(user=user_id).get("user") or {}
        except SlackApiError as err:
            logger.warning(
                "admin check: users.info failed user=%s error=%s", user_id, err.response.get("error")
            )
            return False
        if (
            not user
            or user.get("is_restricted")
            or user.get("is_ultra_restricted")
            or user.get("deleted")
            or user.get("is_bot")
        ):
            return False
        if user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"):
            return True
        if admins.is_listed_admin(self.deps, team_id, user_id):
            return True
        channel = self.deps.settings.mentorbot_admin_channel
        return bool(channel) and user_id in self._channel_members(client, str(channel), user_id)

    def check(
        self, client: WebClient, team_id: str, user_id: str, action: str, target: str | None = None
    ) -> bool:
        """Check and audit one admin action; True when allowed."""
        allowed = self.is_admin(client, team_id, user_id)
        admins.audit(self.deps, team_id, user_id, action, target, "ok" if allowed else "denied")
        if not allowed:
            logger.info("admin action denied team=%s user=%s action=%s", team_id, user_id, action)
        return allowed

    def forget_cache(self) -> None:
        """Drop cached channel membership (tests, or after a membership change)."""
        with self._lock:
            self._members.clear()

    def handle_member_left_channel(self, event: dict[str, Any]) -> None:
        """Someone left the admin channel: forget the cached members so they lose access now."""
        if event.get("channel") == self.deps.settings.mentorbot_admin_channel:
            self.forget_cache()


AdminHandler = Callable[[CommandCall], None]


class AdminRouter:
    """`/mentor admin <action>`: checks the caller is an admin, then runs the action."""

    def __init__(self, deps: Deps, gate: AdminGate) -> None:
        self.deps = deps
        self.gate = gate
        self._handlers: dict[str, AdminHandler] = {}

    def add(self, name: str, handler: AdminHandler) -> None:
        """Register an admin action."""
        self._handlers[name] = handler

    def handle(self, call: CommandCall) -> None:
        """Route an admin subcommand after the admin check; refuse politely otherwise."""
        action = call.args[0].lower() if call.args else ""
        handler = self._handlers.get(action)
        audited = action if handler is not None or not action else "unknown"
        if not self.gate.check(call.client, call.team_id, call.user_id, f"admin {audited}".strip()):
            call.reply(NOT_ADMIN)
            return
        if handler is None:
            given = esc(action[:30].replace("`", ""))
            call.reply(
                ADMIN_HELP if not action else texts_admin.UNKNOWN_ACTION.format(given=given) + ADMIN_HELP
            )
            return
        handler(call)

    def register(self, router: CommandRouter) -> None:
        """Attach `/mentor admin` to the command router (and let help show admin commands to admins)."""
        router.add("admin", self.handle)
        router.admin_check = self.gate.is_admin


def require_admin(
    gate: AdminGate, body: dict[str, Any], client: WebClient, action: str, target: str | None = None
) -> bool:
    """Check a button click or form submission comes from an admin (replayed clicks included)."""
    team_id = str((body.get("team") or {}).get("id") or body.get("team_id") or "")
    user_id = str((body.get("user") or {}).get("id") or body.get("user_id") or "")
    return gate.check(client, team_id, user_id, action, target)
