"""Enrollment at the Slack edge: `/mentor join|profile`, the profile modal, the program-channel
invitation and deactivated users."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.deps import Deps
from bot.domain.profiles import ProfileErrors
from bot.services import avoid, enrollment, programs
from handlers.enrollment.blocks import (
    FIELD_BLOCKS,
    build_invite,
    build_profile_modal,
    build_profile_summary,
    parse_answers,
    parse_avoid,
    parse_profile,
)
from handlers.home.tab import Home
from handlers.slack import ids, kit, texts, which
from handlers.slack.envelope import seal
from handlers.slack.format import mention
from handlers.slack.inputs import clean_text, mentioned_user, parse_id
from handlers.slack.interaction import Interaction, click
from handlers.slack.messaging import display_name, send_dm, slack_profile
from handlers.slack.registry import Listeners
from handlers.slack.router import CommandCall, CommandRouter
from storage.scope import program_scope

logger = logging.getLogger(__name__)

# A format's own join form (a circles program asks less): (client, team, user, trigger, reply) -> None.
JoinForm = Callable[[WebClient, str, str, str, Callable[[str], None]], None]


class Enrollment:
    """Listeners for joining the program and keeping profiles current."""

    def __init__(self, deps: Deps, home: Home) -> None:
        self.deps = deps
        self.home = home
        self._join_forms: dict[str, JoinForm] = {}

    def add_join_form(self, program_format: str, opener: JoinForm) -> None:
        """Let a program format open its own join form (instead of the mentorship profile)."""
        self._join_forms[program_format] = opener

    def _own_form(self, team_id: str) -> JoinForm | None:
        """The join form of the request's program's format, when it has its own."""
        if not self._join_forms:
            return None
        return self._join_forms.get(programs.format_of(self.deps, team_id))

    def open_profile_modal(
        self,
        client: WebClient,
        team_id: str,
        user_id: str,
        trigger_id: str,
        reply: Callable[[str], None] | None = None,
    ) -> None:
        """Open the profile modal (or the program format's own form), prefilled when joined."""
        own = self._own_form(team_id)
        if own is not None:

            def by_dm(text: str) -> None:
                send_dm(client, user_id, text)

            own(client, team_id, user_id, trigger_id, reply or by_dm)
            return
        person = enrollment.get_person(self.deps, team_id, user_id)
        cadence = enrollment.default_cadence(self.deps, team_id)
        shared = enrollment.profile_context(self.deps, team_id, user_id)
        tz = person.timezone if person is not None and person.role is not None else shared.timezone
        view = build_profile_modal(person, default_cadence=cadence, timezone=tz, shared=shared)
        # Opened in the request's program: seal signs that program in; the submit acts there.
        client.views_open(trigger_id=trigger_id, view=seal(self.deps, view, user_id))

    def handle_join_command(self, call: CommandCall) -> None:
        """`/mentor join` and `/mentor profile`: open the profile modal."""
        self.open_profile_modal(call.client, call.team_id, call.user_id, call.trigger_id, call.reply)

    def handle_profile_open_click(self, i: Interaction) -> None:
        """A Join / Edit profile button anywhere: open the profile modal (in the button's program,
        when it names one the person may use; else as `/mentor profile` would)."""
        program = parse_id((i.clicked_value() or "").rpartition(":")[2])
        mode = "join" if (i.clicked_value() or "").startswith("join") else "profile"
        if program is not None and programs.may_use(self.deps, i.team_id, i.user_id, program, mode) is None:
            program = None
        if program is None:
            found = programs.resolve(self.deps, i.team_id, i.user_id, i.channel_id or "", mode)
            if found.choices:
                text = "profile" if mode == "profile" else "join"
                i.reply(which.PICK_FALLBACK, which.build_picker(found.choices, text, ""))
                return
            program = found.program.id if found.program is not None else None
        with program_scope(program):
            self.open_profile_modal(i.client, i.team_id, i.user_id, str(i.trigger_id or ""), i.reply)

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
            self.deps,
            team_id,
            user_id,
            result,
            timezone=clean_text(tz) if isinstance(tz, str) else None,
            answers=parse_answers(view["state"]),
            avoid=parse_avoid(view["state"]),
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
        shared = enrollment.profile_context(self.deps, team_id, user_id)
        program = shared.program_name if shared.several else None
        summary = build_profile_summary(person, first=first, program=program)
        send_dm(client, user_id, texts.PROFILE_SAVED_FALLBACK, summary)
        self.home.publish(client, team_id, user_id)
        logger.info("profile saved team=%s person=%s first=%s", team_id, person.id, first)

    def handle_member_joined_channel(
        self, event: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """Invite someone who joined a program's channel to that program, once."""
        team_id = str(context.team_id or "")
        channel = str(event.get("channel") or "")
        known = programs.list_programs(self.deps, team_id)
        program = next((p for p in known if channel and channel == p.program_channel), None)
        if program is None and (
            known or not channel or channel != self.deps.settings.mentorbot_program_channel
        ):
            return  # not a program's channel (a workspace with no program yet: the operator's channel)
        user_id = str(event.get("user") or "")
        if not user_id or user_id == context.bot_user_id:
            return
        user = slack_profile(client, user_id)
        if user is None or user.get("is_bot") or user.get("deleted"):
            return
        if not enrollment.should_invite(self.deps, team_id, user_id, program.id if program else None):
            return
        name = display_name(user) or ""
        display = str((user.get("profile") or {}).get("display_name") or "")
        named = (program.name, program.id) if program is not None and len(known) > 1 else None
        invite = build_invite(name, display, program=named)
        send_dm(client, user_id, texts.INVITE_FALLBACK, invite)
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

    # -- "don't pair me with…" ------------------------------------------------------------------
    def _avoid_list(self, team_id: str, user_id: str) -> tuple[str, list[dict[str, Any]]]:
        people = avoid.avoided(self.deps, team_id, user_id)
        if not people:
            return texts.AVOID_EMPTY, [kit.section(texts.AVOID_EMPTY)]
        blocks: list[dict[str, Any]] = [kit.section(texts.AVOID_HEAD)]
        for other in people:
            blocks.append(
                kit.section(mention(other), accessory=kit.button("Remove", ids.AVOID_REMOVE, other))
            )
        return texts.AVOID_HEAD, kit.message_blocks(blocks)

    def handle_avoid_command(self, call: CommandCall) -> None:
        """`/mentor avoid @person` (add), `/mentor avoid remove @person`, `/mentor avoid` (list)."""
        args = list(call.args)
        removing = bool(args) and args[0].casefold() in ("remove", "unavoid", "delete")
        if removing:
            args = args[1:]
        if not args:
            call.reply(*self._avoid_list(call.team_id, call.user_id))
            return
        other = mentioned_user(args[0])
        if other is None:
            call.reply(texts.AVOID_USAGE)
            return
        if removing:
            done = avoid.unavoid(self.deps, call.team_id, call.user_id, other)
            call.reply((texts.AVOID_REMOVED if done else texts.AVOID_NOT_THERE).format(who=mention(other)))
            return
        added = avoid.avoid(self.deps, call.team_id, call.user_id, other)
        call.reply((texts.AVOID_ADDED if added else texts.AVOID_ALREADY).format(who=mention(other)))

    def handle_avoid_remove_click(self, i: Interaction) -> None:
        """Remove on the private list: take that person off and show the list again."""
        other = i.clicked_value() or ""
        avoid.unavoid(self.deps, i.team_id, i.user_id, other)
        i.reply(*self._avoid_list(i.team_id, i.user_id))

    def register(self, app: Listeners, router: CommandRouter) -> None:
        """Attach the enrollment listeners and subcommands."""
        router.add("join", self.handle_join_command, "signup", "enroll", "enrol")
        router.add("profile", self.handle_join_command, "edit")
        app.action(ids.PROFILE_OPEN)(click(self.handle_profile_open_click))
        app.view(ids.PROFILE_MODAL)(self.handle_profile_submission)
        router.add("avoid", self.handle_avoid_command)
        app.action(ids.AVOID_REMOVE)(click(self.handle_avoid_remove_click))
        app.event("member_joined_channel")(self.handle_member_joined_channel)
        app.event("user_change")(self.handle_user_change)
