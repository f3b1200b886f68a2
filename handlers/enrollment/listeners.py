"""Enrollment at the Slack edge: `/mentor join|profile`, the profile modal, the program-channel
invitation and deactivated users."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.deps import Deps
from bot.domain.profiles import ProfileErrors
from bot.services import enrollment
from handlers.enrollment.blocks import (
    FIELD_BLOCKS,
    build_invite,
    build_profile_modal,
    build_profile_summary,
    parse_profile,
)
from handlers.home.tab import Home
from handlers.slack import ids, kit, texts
from handlers.slack.envelope import seal
from handlers.slack.inputs import clean_text
from handlers.slack.interaction import Interaction, click
from handlers.slack.messaging import display_name, send_dm, slack_profile
from handlers.slack.registry import Listeners
from handlers.slack.router import CommandCall, CommandRouter

logger = logging.getLogger(__name__)


class Enrollment:
    """Listeners for joining the program and keeping profiles current."""

    def __init__(self, deps: Deps, home: Home) -> None:
        self.deps = deps
        self.home = home

    def open_profile_modal(self, client: WebClient, team_id: str, user_id: str, trigger_id: str) -> None:
        """Open the profile modal, prefilled when the person already joined."""
        person = enrollment.get_person(self.deps, team_id, user_id)
        cadence = enrollment.default_cadence(self.deps, team_id)
        tz = person.timezone if person is not None and person.role is not None else None
        view = build_profile_modal(person, default_cadence=cadence, timezone=tz)
        client.views_open(trigger_id=trigger_id, view=seal(self.deps, view, user_id))

    def handle_join_command(self, call: CommandCall) -> None:
        """`/mentor join` and `/mentor profile`: open the profile modal."""
        self.open_profile_modal(call.client, call.team_id, call.user_id, call.trigger_id)

    def handle_profile_open_click(self, i: Interaction) -> None:
        """A Join / Edit profile button anywhere: open the profile modal."""
        self.open_profile_modal(i.client, i.team_id, i.user_id, str(i.trigger_id or ""))

    def handle_profile_submission(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """Validate the profile; show field errors, or save it, confirm by DM and refresh Home."""
        i = Interaction.from_bolt(body, context, client)
        team_id, user_id = i.team_id, i.user_id
        result = enrollment.check_profile(self.deps, team_id, parse_profile(view["state"]))
        if isinstance(result, ProfileErrors):
            ack(response_action="errors", errors={FIELD_BLOCKS[k]: v for k, v in result.fields.items()})
            return
        tz = kit.metadata(view).get("tz")
        person, first = enrollment.save_profile(
            self.deps, team_id, user_id, result, timezone=clean_text(tz) if isinstance(tz, str) else None
        )
        ack()
        user = slack_profile(client, user_id)
        if user is not None:
            enrollment.refresh_identity(
                self.deps,
                team_id,
                user_id,
                name=display_name(user),
                timezone=user.get("tz"),
                email=(user.get("profile") or {}).get("email"),
            )
            person = enrollment.get_person(self.deps, team_id, user_id) or person
        send_dm(client, user_id, texts.PROFILE_SAVED_FALLBACK, build_profile_summary(person, first=first))
        self.home.publish(client, team_id, user_id)
        logger.info("profile saved team=%s person=%s first=%s", team_id, person.id, first)

    def handle_member_joined_channel(
        self, event: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """Invite someone who joined the program channel, once."""
        program_channel = self.deps.settings.mentorbot_program_channel
        if not program_channel or event.get("channel") != program_channel:
            return
        user_id = str(event.get("user") or "")
        if not user_id or user_id == context.bot_user_id:
            return
        user = slack_profile(client, user_id)
        if user is None or user.get("is_bot") or user.get("deleted"):
            return
        if not enrollment.should_invite(self.deps, str(context.team_id), user_id):
            return
        name = display_name(user) or ""
        display = str((user.get("profile") or {}).get("display_name") or "")
        send_dm(client, user_id, texts.INVITE_FALLBACK, build_invite(name, display))
        logger.info("invited team=%s user=%s", context.team_id, user_id)

    def handle_user_change(self, event: dict[str, Any], context: BoltContext) -> None:
        """Mark a deactivated Slack user inactive (and active again if reactivated)."""
        user = event.get("user") or {}
        user_id = str(user.get("id") or "")
        if not user_id:
            return
        if user.get("deleted"):
            enrollment.mark_inactive(self.deps, str(context.team_id), user_id)
        else:
            enrollment.reactivate(self.deps, str(context.team_id), user_id)

    def register(self, app: Listeners, router: CommandRouter) -> None:
        """Attach the enrollment listeners and subcommands."""
        router.add("join", self.handle_join_command, "signup", "enroll", "enrol")
        router.add("profile", self.handle_join_command, "edit")
        app.action(ids.PROFILE_OPEN)(click(self.handle_profile_open_click))
        app.view(ids.PROFILE_MODAL)(self.handle_profile_submission)
        app.event("member_joined_channel")(self.handle_member_joined_channel)
        app.event("user_change")(self.handle_user_change)
