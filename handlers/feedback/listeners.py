"""Private feedback at the Slack edge: `/mentor feedback`, its modal (wording coached once), and the
DM to the recipient only."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient

from bot.services import feedback, journey, pairs
from bot.services.feedback import CheckedFeedback, FeedbackInput, FeedbackSent
from handlers.feedback import blocks as b
from handlers.feedback import texts as t
from handlers.pairs.coached_form import CoachedForm
from handlers.pairs.feature import (
    PairFeature,
)
from handlers.slack import ids
from handlers.slack.envelope import seal
from handlers.slack.format import mention
from handlers.slack.messaging import send_dm
from handlers.slack.once import new_token
from handlers.slack.registry import Listeners
from handlers.slack.router import CommandCall, CommandRouter

logger = logging.getLogger(__name__)


class Feedback(PairFeature):
    """Listeners of private feedback between the members of a pair."""

    def open_feedback_modal(
        self, client: WebClient, team_id: str, user_id: str, trigger_id: str, chosen: int | None
    ) -> None:
        """Open the feedback modal."""
        who = pairs.me(self.deps, team_id, user_id, recent_ended=True, mentorship_id=chosen)
        own = journey.require_pairs(self.deps, team_id, user_id, who.pairs, "feedback_no_pair")
        token = new_token(self.deps, team_id, user_id, ids.FEEDBACK_MODAL)
        view = b.build_feedback_modal(own, who.person_id, chosen, token=token)
        client.views_open(trigger_id=trigger_id, view=seal(self.deps, view, user_id))

    def handle_feedback_command(self, call: CommandCall) -> None:
        """`/mentor feedback`: open the feedback modal."""
        self.open_feedback_modal(call.client, call.team_id, call.user_id, call.trigger_id, None)

    def _coach_feedback(
        self, team_id: str, user_id: str, data: FeedbackInput, checked: CheckedFeedback, token: str | None
    ) -> dict[str, Any]:
        """The feedback modal again, with the wording notes."""
        who = pairs.me(self.deps, team_id, user_id, recent_ended=True, mentorship_id=checked.mentorship_id)
        return b.build_feedback_modal(
            who.pairs, who.person_id, checked.mentorship_id, values=data, notes=checked.notes, token=token
        )

    def _deliver(self, client: WebClient, team_id: str, user_id: str, sent: FeedbackSent) -> None:
        """DM the feedback to the recipient only, thank the sender, and move the sender's Home on
        (after an end, its lead was the thanks just sent)."""
        send_dm(client, sent.recipient.slack_id, t.FEEDBACK_RECEIVED_FALLBACK, b.build_feedback_dm(sent))
        send_dm(client, user_id, t.FEEDBACK_SENT.format(partner=mention(sent.recipient.slack_id)))
        self.refresh_homes(client, team_id, user_id)

    def feedback_form(self) -> CoachedForm[FeedbackInput, CheckedFeedback, FeedbackSent]:
        """The feedback form: validate; nudge once about wording; then DM it to the recipient only."""
        return CoachedForm(
            self.deps,
            parse=b.parse_feedback,
            check=feedback.check_feedback,
            save=feedback.save_feedback,
            announce=self._deliver,
            fields=b.FEEDBACK_FIELDS,
            fallback=ids.FEEDBACK_WELL,
            coach=lambda checked: bool(checked.notes),
            rebuild=self._coach_feedback,
        )

    def register(self, app: Listeners, router: CommandRouter) -> None:
        """Attach the feedback listeners and subcommands."""
        router.add("feedback", self.handle_feedback_command)
        handler = self.button_opener(self.open_feedback_modal)
        for action in (ids.FEEDBACK_OPEN, ids.HOME_FEEDBACK):
            app.action(action)(handler)
        app.view(ids.FEEDBACK_MODAL)(self.feedback_form().submit)
