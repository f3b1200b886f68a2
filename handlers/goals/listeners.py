"""SMART goals at the Slack edge: `/mentor goal` and `/mentor goals`, the goal modal (coached once),
milestones, progress, a moved target date and an achieved goal, each told to the pair."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.domain.errors import MentorshipError
from bot.domain.goals import progress_bar
from bot.services import goals, journey, pairs
from bot.services.goals import CheckedGoal, GoalEvent, GoalInput, GoalView
from handlers.goals import blocks as b
from handlers.goals import texts as t
from handlers.pairs import cards, forms, history
from handlers.pairs.coached_form import CoachedForm
from handlers.pairs.feature import (
    PairFeature,
    whole_number,
)
from handlers.slack import ids, kit
from handlers.slack.envelope import seal
from handlers.slack.format import day_token, esc, mention
from handlers.slack.interaction import Interaction, click, field_errors
from handlers.slack.messaging import post, send_dm
from handlers.slack.once import new_token
from handlers.slack.registry import Listeners
from handlers.slack.router import CommandCall, CommandRouter

logger = logging.getLogger(__name__)


class Goals(PairFeature):
    """Listeners of a pair's SMART goals."""

    def goal_modal_opener(
        self, build: Callable[[GoalView, str | None], dict[str, Any]], callback_id: str
    ) -> Callable[..., None]:
        """Make a button listener (value: goal id) that opens the modal `build` makes for that goal."""

        def handler(i: Interaction) -> None:
            goal = goals.get_goal(self.deps, i.team_id, i.user_id, i.clicked_id())
            token = new_token(self.deps, i.team_id, i.user_id, callback_id)
            i.open_modal(self.deps, build(goal, token))

        return click(handler)

    def _share_goal_news(
        self,
        i: Interaction,
        event: GoalEvent,
        fallback: str,
        blocks: list[dict[str, Any]],
        confirm: str | None = None,
        used: str | None = None,
    ) -> None:
        """Tell the pair about a goal change, confirm the click (in words for the clicker, when
        given) and refresh both Home tabs."""
        self.tell_pair(i.client, event.pair, fallback, blocks)
        self.after_click(i, confirm or fallback, used=used)
        self.refresh_homes(i.client, i.team_id, event.pair.partner_of(event.actor_id).slack_id)

    def open_goal_modal(
        self, client: WebClient, team_id: str, user_id: str, trigger_id: str, chosen: int | None
    ) -> None:
        """Open the SMART goal modal (the mentorship preselected when known)."""
        who = pairs.me(self.deps, team_id, user_id, mentorship_id=chosen)
        own = journey.require_pairs(self.deps, team_id, user_id, who.pairs, "goal_no_pair")
        token = new_token(self.deps, team_id, user_id, ids.GOAL_MODAL)
        view = b.build_goal_modal(own, who.person_id, chosen, token=token)
        client.views_open(trigger_id=trigger_id, view=seal(self.deps, view, user_id))

    def handle_goal_command(self, call: CommandCall) -> None:
        """`/mentor goal`: open the SMART goal modal."""
        self.open_goal_modal(call.client, call.team_id, call.user_id, call.trigger_id, None)

    def _coach_goal(
        self, team_id: str, user_id: str, data: GoalInput, checked: CheckedGoal, token: str | None
    ) -> dict[str, Any]:
        """The goal modal again, with its SMART check."""
        who = pairs.me(self.deps, team_id, user_id, mentorship_id=checked.mentorship_id)
        return b.build_goal_modal(
            who.pairs, who.person_id, checked.mentorship_id, values=data, review=checked.review, token=token
        )

    def _announce_goal(self, client: WebClient, team_id: str, user_id: str, event: GoalEvent) -> None:
        """Confirm to the author; tell the partner (group DM, else DM); refresh both Home tabs."""
        send_dm(client, user_id, t.GOAL_SAVED_FALLBACK, b.build_goal_saved(event.goal))
        author = event.pair.member(event.actor_id)
        partner = event.pair.partner_of(event.actor_id)
        blocks = b.build_goal_for_partner(event.goal, author)
        if event.pair.group_channel_id:
            post(client, event.pair.group_channel_id, t.GOAL_NEW_FALLBACK, blocks)
        else:
            send_dm(client, partner.slack_id, t.GOAL_NEW_FALLBACK, blocks)
        self.refresh_homes(client, team_id, user_id, partner.slack_id)

    def goal_form(self) -> CoachedForm[GoalInput, CheckedGoal, GoalEvent]:
        """The SMART goal form: validate; coach once with the SMART check; save and tell the pair."""
        return CoachedForm(
            self.deps,
            parse=b.parse_goal,
            check=goals.check_goal,
            save=goals.save_goal,
            announce=self._announce_goal,
            fields=b.GOAL_FIELDS,
            fallback=ids.GOAL_TITLE,
            coach=lambda checked: not checked.review.ok,
            rebuild=self._coach_goal,
        )

    def handle_goals_command(self, call: CommandCall) -> None:
        """`/mentor goals`: goals with progress, milestones and actions."""
        who = pairs.me(self.deps, call.team_id, call.user_id)
        if not who.pairs:
            path = journey.read_journey(self.deps, call.team_id, call.user_id)
            past = goals.list_goals(self.deps, call.team_id, call.user_id, ("ended",))[::-1][:3]
            call.reply(
                history.state_text(path),
                [
                    kit.section(history.state_text(path)),
                    *b.build_past_goals(past, who.person_id),
                    kit.section(history.next_text(path)),
                ],
            )
            return
        groups = goals.list_goals(self.deps, call.team_id, call.user_id)
        where = [kit.section(history.state_text(journey.read_journey(self.deps, call.team_id, call.user_id)))]
        if not any(g for _, g in groups):
            call.reply(t.GOALS_NONE, where + b.build_goals(groups, who.person_id))
            return
        call.reply(t.GOALS_HEADER, where + b.build_goals(groups, who.person_id))

    def handle_milestone_done(self, i: Interaction) -> None:
        """Tick off a milestone and tell the pair."""
        event = goals.complete_milestone(self.deps, i.team_id, i.user_id, i.clicked_id())
        if event is None or event.milestone is None:
            self.after_click(i, t.MILESTONE_ALREADY, used="button")
            return
        text = t.MILESTONE_DONE.format(
            who=mention(i.user_id), milestone=esc(event.milestone.title), title=esc(event.goal.title)
        )
        blocks = [kit.section(text), *cards.goal_blocks(event.goal, buttons=False)]
        partner = mention(event.pair.partner_of(event.actor_id).slack_id)
        confirm = t.MILESTONE_DONE_CONFIRM.format(milestone=esc(event.milestone.title), partner=partner)
        self._share_goal_news(i, event, t.MILESTONE_DONE_FALLBACK, blocks, confirm, used="button")

    def handle_goal_achieved(self, i: Interaction) -> None:
        """Mark a goal achieved and send the pair a warm note."""
        event = goals.mark_achieved(self.deps, i.team_id, i.user_id, i.clicked_id())
        if event is None:
            self.after_click(i, t.GOAL_ALREADY_ACHIEVED, used="block")
            return
        text = t.GOAL_ACHIEVED.format(who=mention(i.user_id), title=esc(event.goal.title))
        partner = mention(event.pair.partner_of(event.actor_id).slack_id)
        confirm = t.GOAL_ACHIEVED_CONFIRM.format(title=esc(event.goal.title), partner=partner)
        self._share_goal_news(i, event, t.GOAL_ACHIEVED_FALLBACK, [kit.section(text)], confirm, used="block")

    def handle_progress_submission(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """Save a goal's progress (0-100)."""
        i = Interaction.from_bolt(body, context, client)
        team_id, user_id = i.team_id, i.user_id
        value = whole_number(kit.state_value(view.get("state") or {}, ids.GOAL_PROGRESS_VALUE))
        goal_id = kit.metadata_int(view, "g") or 0
        if value is None or not 0 <= value <= 100:
            ack(response_action="errors", errors={ids.GOAL_PROGRESS_VALUE: t.GOAL_PROGRESS_ERROR})
            return
        try:
            event = goals.set_progress(self.deps, team_id, user_id, goal_id, value, once=i.form_key())
        except MentorshipError as err:
            ack(response_action="errors", errors={ids.GOAL_PROGRESS_VALUE: err.user_message})
            return
        ack()
        send_dm(
            client,
            user_id,
            t.GOAL_PROGRESS_SAVED.format(title=esc(event.goal.title), bar=progress_bar(event.goal.progress)),
        )
        self.refresh_homes(client, team_id, user_id)

    def handle_adjust_submission(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """Move a goal's target date with a reason; tell the pair."""
        i = Interaction.from_bolt(body, context, client)
        team_id, user_id = i.team_id, i.user_id
        state = view.get("state") or {}
        goal_id = kit.metadata_int(view, "g") or 0
        target = forms.state_date(state, ids.GOAL_ADJUST_TARGET)
        reason = forms.state_text(state, ids.GOAL_ADJUST_REASON)
        try:
            event = goals.adjust_date(self.deps, team_id, user_id, goal_id, target, reason, once=i.form_key())
        except MentorshipError as err:
            fields = {"target": ids.GOAL_ADJUST_TARGET, "reason": ids.GOAL_ADJUST_REASON}
            field_errors(ack, err, fields, ids.GOAL_ADJUST_TARGET)
            return
        ack()
        assert event.old_target is not None  # noqa: S101 - set by adjust_date
        text = t.GOAL_ADJUSTED.format(
            who=mention(user_id),
            title=esc(event.goal.title),
            old=day_token(event.old_target),
            new=day_token(event.goal.target_date),
            reason=esc(event.reason),
        )
        self.tell_pair(client, event.pair, t.GOAL_ADJUSTED_FALLBACK, [kit.section(text)])
        self.refresh_homes(client, team_id, user_id)

    def register(self, app: Listeners, router: CommandRouter) -> None:
        """Attach the goal listeners and subcommands."""
        router.add("goal", self.handle_goal_command)
        router.add("goals", self.handle_goals_command)
        handler = self.button_opener(self.open_goal_modal)
        for action in (ids.GOAL_OPEN, ids.HOME_GOAL):
            app.action(action)(handler)
        app.action(ids.GOAL_MILESTONE_DONE)(click(self.handle_milestone_done))
        app.action(ids.GOAL_ACHIEVED)(click(self.handle_goal_achieved))
        app.action(ids.GOAL_PROGRESS)(self.goal_modal_opener(b.build_progress_modal, ids.GOAL_PROGRESS_MODAL))
        app.action(ids.GOAL_ADJUST_DATE)(self.goal_modal_opener(b.build_adjust_modal, ids.GOAL_ADJUST_MODAL))
        app.view(ids.GOAL_MODAL)(self.goal_form().submit)
        app.view(ids.GOAL_PROGRESS_MODAL)(self.handle_progress_submission)
        app.view(ids.GOAL_ADJUST_MODAL)(self.handle_adjust_submission)
