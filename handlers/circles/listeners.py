"""Peer circles at the Slack edge: joining, rounds, intros, `/mentor circle`, hosting and reflecting.

Every button value and form metadata is input: each handler checks it against the database
(the program, the person's seat, the admin's rights, the round's state) before acting.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.deps import Deps
from bot.domain.errors import InvalidInput, MentorshipError
from bot.services import circle_members, enrollment
from handlers.admin.gate import AdminGate, AdminRouter
from handlers.circles import blocks
from handlers.circles import texts as t
from handlers.enrollment.listeners import Enrollment
from handlers.home.tab import Home
from handlers.slack import ids
from handlers.slack.envelope import seal
from handlers.slack.inputs import STALE_BUTTON
from handlers.slack.interaction import Interaction, field_errors
from handlers.slack.messaging import display_name, send_dm, slack_profile
from handlers.slack.registry import Listeners
from handlers.slack.router import CommandRouter
from handlers.slack.states import refusal_words

logger = logging.getLogger(__name__)


class Circles:
    """Listeners and subcommands of peer circles."""

    def __init__(self, deps: Deps, home: Home, gate: AdminGate) -> None:
        self.deps = deps
        self.home = home
        self.gate = gate

    # -- joining --------------------------------------------------------------------------------
    def open_join_form(
        self, client: WebClient, team_id: str, user_id: str, trigger_id: str, reply: Callable[[str], None]
    ) -> None:
        """`/mentor join <key>` in a circles program: the short form, or why they can't join."""
        program = circle_members.circle_program(self.deps, team_id)
        if program is None:
            reply(t.NOT_CIRCLES)
            return
        context = circle_members.join_context(self.deps, team_id, user_id, program.id)
        if context.refusal is not None:
            reply(context.refusal)
            return
        client.views_open(
            trigger_id=trigger_id, view=seal(self.deps, blocks.build_join_modal(context), user_id)
        )

    def handle_join_submission(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """Check the join form (inline errors), save the membership, confirm and refresh Home."""
        i = Interaction.from_bolt(body, context, client)
        program_id, form = blocks.parse_join_modal(view)
        if program_id is None:
            ack(response_action="errors", errors={ids.CIRCLE_JOIN_TOPICS: STALE_BUTTON})
            return
        try:
            joined = circle_members.join_circles(self.deps, i.team_id, i.user_id, program_id, form)
        except InvalidInput as err:
            field_errors(ack, err, blocks.JOIN_FIELDS, ids.CIRCLE_JOIN_TOPICS)
            return
        except MentorshipError as err:
            ack(response_action="errors", errors={ids.CIRCLE_JOIN_TOPICS: refusal_words(err, plain=True)})
            return
        ack()
        user = slack_profile(client, i.user_id)
        if user is not None:
            enrollment.refresh_identity(
                self.deps,
                i.team_id,
                i.user_id,
                name=display_name(user),
                timezone=user.get("tz"),
                email=(user.get("profile") or {}).get("email"),
            )
        text, shown = blocks.build_joined(joined.program.name, joined.topics, joined.first)
        send_dm(client, i.user_id, text, shown)
        self.home.publish(client, i.team_id, i.user_id)

    def register(
        self, app: Listeners, router: CommandRouter, admin: AdminRouter, enrollment_: Enrollment
    ) -> None:
        """Attach the circles listeners, subcommands and hooks."""
        del router, admin  # the circle and admin subcommands come with the circle services
        enrollment_.add_join_form("circles", self.open_join_form)
        app.view(ids.CIRCLE_JOIN_MODAL)(self.handle_join_submission)
