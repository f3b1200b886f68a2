"""Program admins at the Slack edge: who may act (checked on every admin action) and `/mentor admin …`.

A workspace owner or admin (users.info; guests never) administers every program. Someone on the
database admin list administers the program they are listed for (or every program when listed
without one). A member of a program's admin channel (conversations.members, cached for a minute)
administers that program only: being in program A's admin channel gives nothing in program B.

`/mentor admin …` acts in a program: typed in a program's admin channel, that program; elsewhere
the person's only program, or they are asked which (one button per program they administer,
which runs the same command there after checking, again, that the clicker administers it).
Every decision is written to the audit log. Admin subcommands register with `AdminRouter.add`.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.services import admins
from bot.services.programs import ProgramView, list_programs, view_of
from handlers.admin import texts as texts_admin
from handlers.slack import ids, kit
from handlers.slack.format import esc
from handlers.slack.interaction import Interaction
from handlers.slack.router import CommandCall, CommandRouter
from storage.scope import program_scope

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

    def _user(self, client: WebClient, user_id: str) -> dict[str, Any] | None:
        """The person as Slack knows them, or None when they may never be an admin (or Slack can't say).

        Guests (single- and multi-channel), bots and deactivated accounts are never admins, even
        when listed or in an admin channel.
        """
        try:
            user = client.users_info(user=user_id).get("user") or {}
        except SlackApiError as err:
            logger.warning(
                "admin check: users.info failed user=%s error=%s", user_id, err.response.get("error")
            )
            return None
        if (
            not user
            or user.get("is_restricted")
            or user.get("is_ultra_restricted")
            or user.get("deleted")
            or user.get("is_bot")
        ):
            return None
        return dict(user)

    @staticmethod
    def _owner(user: dict[str, Any]) -> bool:
        return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))

    def _in_admin_channel(self, client: WebClient, program: ProgramView, user_id: str) -> bool:
        channel = program.admin_channel
        return bool(channel) and user_id in self._channel_members(client, str(channel), user_id)

    def is_workspace_admin(self, client: WebClient, team_id: str, user_id: str) -> bool:
        """Whether the person administers every program: a workspace owner or admin, or listed for all."""
        if not team_id or not user_id:
            return False
        user = self._user(client, user_id)
        if user is None:
            return False
        return self._owner(user) or admins.EVERY_PROGRAM in admins.listed_programs(
            self.deps, team_id, user_id
        )

    def programs_of(self, client: WebClient, team_id: str, user_id: str) -> list[ProgramView]:
        """The programs the person administers (archived ones too), first created first."""
        if not team_id or not user_id:
            return []
        user = self._user(client, user_id)
        if user is None:
            return []
        programs = list_programs(self.deps, team_id, include_archived=True)
        listed = admins.listed_programs(self.deps, team_id, user_id)
        if self._owner(user) or admins.EVERY_PROGRAM in listed:
            return programs
        return [p for p in programs if p.id in listed or self._in_admin_channel(client, p, user_id)]

    def is_admin(
        self, client: WebClient, team_id: str, user_id: str, program: ProgramView | None = None
    ) -> bool:
        """Whether the person may run admin actions in the program (in any program when None).

        Deny by default: when Slack cannot say who someone is, the answer is no.
        """
        if not team_id or not user_id:
            return False
        user = self._user(client, user_id)
        if user is None:
            return False
        if self._owner(user):
            return True
        listed = admins.listed_programs(self.deps, team_id, user_id)
        if program is None:
            if listed:
                return True
            programs = list_programs(self.deps, team_id, include_archived=True)
            if not programs:  # a workspace before its first program: the operator's admin channel
                channel = self.deps.settings.mentorbot_admin_channel
                return bool(channel) and user_id in self._channel_members(client, str(channel), user_id)
            return any(self._in_admin_channel(client, p, user_id) for p in programs)
        if admins.EVERY_PROGRAM in listed or program.id in listed:
            return True
        return self._in_admin_channel(client, program, user_id)

    def check(
        self,
        client: WebClient,
        team_id: str,
        user_id: str,
        action: str,
        target: str | None = None,
        program: ProgramView | None = None,
    ) -> bool:
        """Check and audit one admin action (in a program, when given); True when allowed."""
        allowed = self.is_admin(client, team_id, user_id, program)
        admins.audit(
            self.deps,
            team_id,
            user_id,
            action,
            target,
            "ok" if allowed else "denied",
            program_id=program.id if program is not None else None,
        )
        if not allowed:
            logger.info("admin action denied team=%s user=%s action=%s", team_id, user_id, action)
        return allowed

    def forget_cache(self) -> None:
        """Drop cached channel membership (tests, or after a membership change)."""
        with self._lock:
            self._members.clear()

    def handle_member_left_channel(self, event: dict[str, Any]) -> None:
        """Someone left an admin channel: forget the cached members so they lose access now."""
        channel = event.get("channel")
        with self._lock:
            known = channel in self._members
        if known or channel == self.deps.settings.mentorbot_admin_channel:
            self.forget_cache()


AdminHandler = Callable[[CommandCall], None]
# Subcommands about the workspace rather than one program: they run outside any program.
WORKSPACE_ACTIONS = frozenset({"program", "programs", "overview", "cap"})
PICK_TEXT_LIMIT = 1800  # of the command text kept in a picker button's value (Slack allows 2000)


def build_picker(programs: list[ProgramView], text: str) -> list[dict[str, Any]]:
    """Ask which program: one button per program, each re-running the same admin command there."""
    command = text[:PICK_TEXT_LIMIT]
    shown = esc(command[:100].replace("`", "")) or "help"
    # One actions block per program: the buttons share one action_id, unique within each block.
    return [
        kit.section(texts_admin.PICK_PROGRAM.format(command=shown)),
        *(
            kit.actions(
                kit.button(p.name[:60], ids.ADMIN_PICK_PROGRAM, json.dumps({"p": p.id, "c": command})),
                block_id=f"{ids.ADMIN_PICK_PROGRAM}_{p.id}",
            )
            for p in programs[:25]
        ),
    ]


def _picked(value: str | None) -> tuple[int | None, str]:
    """The program id and command text a picker button carries (input: checked by the caller)."""
    try:
        data = json.loads(value or "")
    except ValueError:
        return None, ""
    if not isinstance(data, dict):
        return None, ""
    program, command = data.get("p"), data.get("c")
    if not isinstance(program, int) or isinstance(program, bool) or not 0 < program < 2**63:
        return None, ""
    return program, command[:PICK_TEXT_LIMIT] if isinstance(command, str) else ""


def ensure_programs(deps: Deps, team_id: str) -> list[ProgramView]:
    """The workspace's programs (archived too); a workspace without any gets its first one now."""
    programs = list_programs(deps, team_id, include_archived=True)
    if programs or not team_id:
        return programs
    with deps.uow() as uow:
        uow.programs.settings(team_id, deps.clock())
    return list_programs(deps, team_id, include_archived=True)


def view_of_program(deps: Deps, team_id: str, program_id: int) -> ProgramView | None:
    """One program of the workspace as a view, or None (another workspace's, or gone)."""
    with deps.uow(read_only=True) as uow:
        return view_of(deps, uow, team_id, program_id)


class AdminRouter:
    """`/mentor admin <action>`: checks the caller is an admin, then runs the action."""

    def __init__(self, deps: Deps, gate: AdminGate) -> None:
        self.deps = deps
        self.gate = gate
        self._handlers: dict[str, AdminHandler] = {}
        self._by_format: dict[tuple[str, str], AdminHandler] = {}

    def add(self, name: str, handler: AdminHandler, *, program_format: str | None = None) -> None:
        """Register an admin action (with `program_format`, for programs of that format only: it
        takes the place of the action's handler there, e.g. `match` in a circles program)."""
        if program_format is None:
            self._handlers[name] = handler
        else:
            self._by_format[(name, program_format)] = handler

    def _handler(self, action: str, program: ProgramView | None) -> AdminHandler | None:
        """The handler of an action in a program (its format's own, when it has one)."""
        if program is not None:
            own = self._by_format.get((action, program.format))
            if own is not None:
                return own
        return self._handlers.get(action)

    def handle(self, call: CommandCall) -> None:
        """Route an admin subcommand after the admin check, in its program; refuse politely otherwise."""
        action = call.args[0].lower() if call.args else ""
        handler = self._handlers.get(action)
        audited = action if handler is not None or not action else "unknown"
        if action in WORKSPACE_ACTIONS and handler is not None:
            # Workspace-wide (programs, overview, cap): the handler checks who may do what.
            if not self.gate.check(call.client, call.team_id, call.user_id, f"admin {audited}"):
                call.reply(NOT_ADMIN)
                return
            handler(call)
            return
        program = self._program_for(call)
        if program is None:
            return
        handler = self._handler(action, program)
        audited = action if handler is not None or not action else "unknown"
        if not self.gate.check(
            call.client, call.team_id, call.user_id, f"admin {audited}".strip(), program=program
        ):
            call.reply(NOT_ADMIN)
            return
        if handler is None:
            given = esc(action[:30].replace("`", ""))
            call.reply(
                ADMIN_HELP if not action else texts_admin.UNKNOWN_ACTION.format(given=given) + ADMIN_HELP
            )
            return
        with program_scope(program.id):
            handler(call)

    def _program_for(self, call: CommandCall) -> ProgramView | None:
        """The program the command acts in; None when the person was answered (refused, or asked which)."""
        programs = ensure_programs(self.deps, call.team_id)
        here = next((p for p in programs if call.channel_id and call.channel_id == p.admin_channel), None)
        if here is not None:
            return here
        mine = self.gate.programs_of(call.client, call.team_id, call.user_id)
        live = [p for p in mine if p.status != "archived"] or mine
        if len(live) == 1:
            return live[0]
        if not live:
            action = call.args[0].lower() if call.args else ""
            self.gate.check(call.client, call.team_id, call.user_id, f"admin {action}".strip())
            call.reply(NOT_ADMIN)
            return None
        call.reply(texts_admin.PICK_PROGRAM_FALLBACK, build_picker(live, call.rest))
        return None

    def handle_pick(
        self, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        """A program chosen in the picker: check it exists and the clicker administers it, then run."""
        ack()
        i = Interaction.from_bolt(body, context, client, respond)
        program_id, text = _picked(i.clicked_value())
        program = view_of_program(self.deps, i.team_id, program_id) if program_id is not None else None
        words = text.split()
        action = words[0].lower() if words else ""
        handler = self._handler(action, program)
        audited = action if handler is not None or not action else "unknown"
        if program is None or action in WORKSPACE_ACTIONS:
            admins.audit(self.deps, i.team_id, i.user_id, f"admin {audited}".strip(), "picker", "refused")
            i.reply(texts_admin.PICK_STALE)
            return
        if not self.gate.check(
            client, i.team_id, i.user_id, f"admin {audited}".strip(), "picker", program=program
        ):
            i.reply(NOT_ADMIN)
            return
        if handler is None:
            i.reply(ADMIN_HELP)
            return
        call = CommandCall(
            name="admin",
            args=words,
            rest=text,
            team_id=i.team_id,
            user_id=i.user_id,
            channel_id=i.channel_id or "",
            trigger_id=i.trigger_id or "",
            body=body,
            client=client,
            respond=respond,
            context=context,
        )
        with program_scope(program.id):
            handler(call)

    def register(self, router: CommandRouter) -> None:
        """Attach `/mentor admin` to the command router (and let help show admin commands to admins)."""
        router.add("admin", self.handle)
        router.admin_check = self.gate.is_admin


def require_admin(
    gate: AdminGate,
    body: dict[str, Any],
    client: WebClient,
    action: str,
    target: str | None = None,
    program: ProgramView | None = None,
) -> bool:
    """Check a button click or form submission comes from an admin of the program (of any, when
    None), replayed clicks included."""
    team_id = str((body.get("team") or {}).get("id") or body.get("team_id") or "")
    user_id = str((body.get("user") or {}).get("id") or body.get("user_id") or "")
    return gate.check(client, team_id, user_id, action, target, program)
