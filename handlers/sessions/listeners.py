"""Session logs at the Slack edge: `/mentor log`, its modal, the summary shared with the pair, and
ticking off action items."""

from __future__ import annotations

import logging

from slack_sdk import WebClient

from bot.services import journey, pairs, sessions
from bot.services.sessions import SessionInput, SessionLogged
from handlers.pairs.coached_form import CoachedForm, unchecked
from handlers.pairs.feature import (
    PairFeature,
)
from handlers.sessions import blocks as b
from handlers.sessions import texts as t
from handlers.slack import ids
from handlers.slack.envelope import seal
from handlers.slack.format import esc
from handlers.slack.interaction import Interaction, click
from handlers.slack.messaging import post, send_dm
from handlers.slack.once import new_token
from handlers.slack.registry import Listeners
from handlers.slack.router import CommandCall, CommandRouter

logger = logging.getLogger(__name__)


class Sessions(PairFeature):
    """Listeners of a pair's session logs and action items."""

    def open_session_modal(
        self, client: WebClient, team_id: str, user_id: str, trigger_id: str, chosen: int | None
    ) -> None:
        """Open the session log modal."""
        who = pairs.me(self.deps, team_id, user_id, mentorship_id=chosen)
        own = journey.require_pairs(self.deps, team_id, user_id, who.pairs, "log_no_pair")
        token = new_token(self.deps, team_id, user_id, ids.SESSION_MODAL)
        view = b.build_session_modal(own, who.person_id, chosen, who.today, token)
        client.views_open(trigger_id=trigger_id, view=seal(self.deps, view, user_id))

    def handle_log_command(self, call: CommandCall) -> None:
        """`/mentor log`: open the session log modal."""
        self.open_session_modal(call.client, call.team_id, call.user_id, call.trigger_id, None)

    def _share_summary(self, client: WebClient, team_id: str, user_id: str, logged: SessionLogged) -> None:
        """Share the log's summary in the pair's group DM (else a DM each); refresh both Home tabs."""
        blocks = b.build_session_summary(logged)
        channel = self.pair_channel(client, logged.pair)
        if channel is not None:
            post(client, channel, t.SESSION_SUMMARY_FALLBACK, blocks)
        else:
            for member in (logged.pair.mentor, logged.pair.mentee):
                send_dm(client, member.slack_id, t.SESSION_SUMMARY_FALLBACK, blocks)
        partner = logged.pair.partner_of(logged.logged_by)
        self.refresh_homes(client, team_id, user_id, partner.slack_id)

    def session_form(self) -> CoachedForm[SessionInput, SessionInput, SessionLogged]:
        """The session log form: saved (and validated) in one step, nothing to coach; then shared."""
        return CoachedForm(
            self.deps,
            parse=lambda view: (b.parse_session(view), False),
            check=unchecked,
            save=sessions.log_session,
            announce=self._share_summary,
            fields=b.SESSION_FIELDS,
            fallback=ids.SESSION_TAKEAWAYS,
        )

    def handle_action_done(self, i: Interaction) -> None:
        """Tick off an action item (App Home, `/mentor status`, or a session summary)."""
        item, pair, changed = sessions.tick_off(self.deps, i.team_id, i.user_id, i.clicked_id())
        text = t.ITEM_DONE.format(text=esc(item.text)) if changed else t.ITEM_ALREADY
        self.after_click(i, text)
        if changed:
            partner = pair.mentee if pair.mentor.slack_id == i.user_id else pair.mentor
            self.refresh_homes(i.client, i.team_id, partner.slack_id)

    def register(self, app: Listeners, router: CommandRouter) -> None:
        """Attach the session log listeners and subcommands."""
        router.add("log", self.handle_log_command, "session")
        handler = self.button_opener(self.open_session_modal)
        # Log-a-session buttons (e.g. the check-in's "We met — log it").
        for action in (ids.SESSION_LOG_OPEN, ids.HOME_LOG):
            app.action(action)(handler)
        app.action(ids.HOME_ACTION_DONE)(click(self.handle_action_done))
        app.view(ids.SESSION_MODAL)(self.session_form().submit)
