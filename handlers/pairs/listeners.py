"""Pair workflows at the Slack edge: goals, session logs, feedback, status, pause/resume, end,
concerns, and a person's own data (`/mentor my-data`, `/mentor delete-my-data`).

Over 600 lines for now: the pair's features (goals, sessions, feedback, lifecycle, privacy) still
share one class with its helpers (tell the pair, refresh homes, openers); the next step splits it
into handlers/goals/, sessions/, feedback/, lifecycle/ and privacy/ with those helpers in slack/."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.domain.errors import InvalidInput, MentorshipError
from bot.domain.goals import progress_bar
from bot.domain.smart import format_day
from bot.services import admins, feedback, goals, lifecycle, pairs, privacy, sessions
from bot.services.goals import GoalEvent, GoalView
from bot.services.pairs import Pair
from handlers.home.tab import Home
from handlers.pairs import blocks as b
from handlers.pairs import texts as t
from handlers.slack import ids, kit
from handlers.slack.envelope import seal
from handlers.slack.format import esc, mention
from handlers.slack.inputs import STALE_BUTTON, parse_id
from handlers.slack.messaging import open_group_dm, post, send_dm
from handlers.slack.once import form_key, new_token
from handlers.slack.registry import Listeners
from handlers.slack.router import CommandCall, CommandRouter

logger = logging.getLogger(__name__)

SMALL_EXPORT = 3000

# Opens a modal: (client, team_id, user_id, trigger_id, chosen mentorship id or None).
ModalOpener = Callable[[WebClient, str, str, str, int | None], None]
ButtonHandler = Callable[[Ack, dict[str, Any], WebClient, Respond, BoltContext], None]


def _team(body: dict[str, Any], context: BoltContext) -> str:
    return str(context.team_id or (body.get("team") or {}).get("id") or body.get("team_id") or "")


def _int(value: Any) -> int | None:
    """A whole number typed in a form (not an id: ids go through parse_id)."""
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def _clicked_id(body: dict[str, Any]) -> int:
    """The id in the clicked button's value; InvalidInput (out of date) when it is not a valid id."""
    found = parse_id((body.get("actions") or [{}])[0].get("value"))
    if found is None:
        raise InvalidInput(STALE_BUTTON)
    return found


def _token(view: dict[str, Any]) -> str | None:
    """The one-time token of a submitted form, kept when the form is shown again (coaching)."""
    token = kit.metadata(view).get("t")
    return token if isinstance(token, str) and token else None


def _field_errors(err: MentorshipError, fields: dict[str, str], fallback: str) -> dict[str, str]:
    """Map a service error to modal field errors (block ids that exist in the modal)."""
    errors: dict[str, str] = {}
    if isinstance(err, InvalidInput):
        for name, message in err.fields.items():
            block = fields.get(name, fallback)
            errors[block] = f"{errors[block]} {message}" if block in errors else message
    return errors or {fallback: err.user_message}


class PairWeek:
    """Listeners for everything a pair does week to week."""

    def __init__(self, deps: Deps, home: Home) -> None:
        self.deps = deps
        self.home = home

    # -- sending ------------------------------------------------------------------------------------
    def pair_channel(self, client: WebClient, pair: Pair) -> str | None:
        """Return the pair's group DM, opening (and remembering) it when needed."""
        if pair.group_channel_id:
            return pair.group_channel_id
        try:
            channel = open_group_dm(client, [pair.mentor.slack_id, pair.mentee.slack_id])
        except SlackApiError as err:
            logger.info("group dm not opened mentorship=%s error=%s", pair.id, err.response.get("error"))
            return None
        pairs.set_group_channel(self.deps, pair.team_id, pair.id, channel)
        return channel

    def tell_pair(self, client: WebClient, pair: Pair, text: str, blocks: list[dict[str, Any]]) -> None:
        """Tell both members: in their group DM when there is one, else a DM each."""
        if pair.group_channel_id:
            post(client, pair.group_channel_id, text, blocks)
            return
        for member in (pair.mentor, pair.mentee):
            send_dm(client, member.slack_id, text, blocks)

    def refresh_homes(self, client: WebClient, team_id: str, *user_ids: str) -> None:
        """Republish the Home tab of each person (their dashboard shows what just changed)."""
        for user_id in user_ids:
            try:
                self.home.publish(client, team_id, user_id)
            except SlackApiError as err:
                logger.info("home not refreshed user=%s error=%s", user_id, err.response.get("error"))

    def after_click(
        self, body: dict[str, Any], client: WebClient, respond: Respond | None, team_id: str, text: str
    ) -> None:
        """Confirm a button click where it happened and refresh the person's Home tab."""
        user_id = body["user"]["id"]
        container = body.get("container") or {}
        if container.get("type") != "view" and respond is not None and body.get("response_url"):
            respond(text=text, response_type="ephemeral", replace_original=False)
        self.refresh_homes(client, team_id, user_id)

    @staticmethod
    def _error_reply(respond: Respond | None, client: WebClient, user_id: str, message: str) -> None:
        if respond is not None:
            respond(text=message, response_type="ephemeral", replace_original=False)
        else:
            send_dm(client, user_id, message)

    def button_opener(self, open_modal: ModalOpener) -> ButtonHandler:
        """Make a button listener (value: mentorship id) that opens a modal, replying on refusal."""

        def handler(
            ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
        ) -> None:
            ack()
            user_id = body["user"]["id"]
            raw = (body.get("actions") or [{}])[0].get("value")
            value = parse_id(raw)
            if value is None and raw not in (None, ""):
                self._error_reply(respond, client, user_id, STALE_BUTTON)
                return
            try:
                open_modal(client, _team(body, context), user_id, body["trigger_id"], value)
            except MentorshipError as err:
                self._error_reply(respond, client, user_id, err.user_message)

        return handler

    def goal_modal_opener(
        self, build: Callable[[GoalView, str | None], dict[str, Any]], callback_id: str
    ) -> ButtonHandler:
        """Make a button listener (value: goal id) that opens the modal `build` makes for that goal."""

        def handler(
            ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
        ) -> None:
            ack()
            team_id, user_id = _team(body, context), body["user"]["id"]
            try:
                goal = goals.get_goal(self.deps, team_id, user_id, _clicked_id(body))
            except MentorshipError as err:
                self._error_reply(respond, client, user_id, err.user_message)
                return
            token = new_token(self.deps, team_id, user_id, callback_id)
            client.views_open(
                trigger_id=body["trigger_id"], view=seal(self.deps, build(goal, token), user_id)
            )

        return handler

    def _share_goal_news(
        self,
        body: dict[str, Any],
        client: WebClient,
        respond: Respond,
        team_id: str,
        event: GoalEvent,
        fallback: str,
        blocks: list[dict[str, Any]],
    ) -> None:
        """Tell the pair about a goal change, confirm the click and refresh both Home tabs."""
        self.tell_pair(client, event.pair, fallback, blocks)
        self.after_click(body, client, respond, team_id, fallback)
        self.refresh_homes(client, team_id, event.pair.partner_of(event.actor_id).slack_id)

    # -- goals ----------------------------------------------------------------------------------------
    def open_goal_modal(
        self, client: WebClient, team_id: str, user_id: str, trigger_id: str, chosen: int | None
    ) -> None:
        """Open the SMART goal modal (the mentorship preselected when known)."""
        who = pairs.me(self.deps, team_id, user_id)
        own = pairs.require_pairs(who)
        token = new_token(self.deps, team_id, user_id, ids.GOAL_MODAL)
        view = b.build_goal_modal(own, who.person_id, chosen, token=token)
        client.views_open(trigger_id=trigger_id, view=seal(self.deps, view, user_id))

    def handle_goal_command(self, call: CommandCall) -> None:
        """`/mentor goal`: open the SMART goal modal."""
        self.open_goal_modal(call.client, call.team_id, call.user_id, call.trigger_id, None)

    def handle_goal_submission(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """Validate the goal; coach once with the SMART check; then save and tell the pair."""
        team_id, user_id = _team(body, context), body["user"]["id"]
        data, anyway = b.parse_goal(view)
        try:
            checked = goals.check_goal(self.deps, team_id, user_id, data)
        except MentorshipError as err:
            ack(response_action="errors", errors=_field_errors(err, b.GOAL_FIELDS, ids.GOAL_TITLE))
            return
        if not checked.review.ok and not anyway:
            who = pairs.me(self.deps, team_id, user_id)
            ack(
                response_action="update",
                view=seal(
                    self.deps,
                    b.build_goal_modal(
                        who.pairs,
                        who.person_id,
                        checked.mentorship_id,
                        values=data,
                        review=checked.review,
                        token=_token(view),
                    ),
                    user_id,
                ),
            )
            return
        try:
            event = goals.save_goal(self.deps, team_id, user_id, checked, once=form_key(body, view, team_id))
        except MentorshipError as err:
            ack(response_action="errors", errors=_field_errors(err, b.GOAL_FIELDS, ids.GOAL_TITLE))
            return
        ack()
        send_dm(client, user_id, t.GOAL_SAVED_FALLBACK, b.build_goal_saved(event.goal))
        author = event.pair.member(event.actor_id)
        partner = event.pair.partner_of(event.actor_id)
        blocks = b.build_goal_for_partner(event.goal, author)
        if event.pair.group_channel_id:
            post(client, event.pair.group_channel_id, t.GOAL_NEW_FALLBACK, blocks)
        else:
            send_dm(client, partner.slack_id, t.GOAL_NEW_FALLBACK, blocks)
        self.refresh_homes(client, team_id, user_id, partner.slack_id)

    def handle_goals_command(self, call: CommandCall) -> None:
        """`/mentor goals`: goals with progress, milestones and actions."""
        who = pairs.me(self.deps, call.team_id, call.user_id)
        pairs.require_pairs(who)
        groups = goals.list_goals(self.deps, call.team_id, call.user_id)
        if not any(g for _, g in groups):
            call.reply(t.GOALS_NONE, b.build_goals(groups, who.person_id))
            return
        call.reply(t.GOALS_HEADER, b.build_goals(groups, who.person_id))

    def handle_milestone_done(
        self, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        """Tick off a milestone and tell the pair."""
        ack()
        team_id, user_id = _team(body, context), body["user"]["id"]
        try:
            event = goals.complete_milestone(self.deps, team_id, user_id, _clicked_id(body))
        except MentorshipError as err:
            self._error_reply(respond, client, user_id, err.user_message)
            return
        if event is None or event.milestone is None:
            self.after_click(body, client, respond, team_id, t.MILESTONE_ALREADY)
            return
        text = t.MILESTONE_DONE.format(
            who=mention(user_id), milestone=esc(event.milestone.title), title=esc(event.goal.title)
        )
        self._share_goal_news(
            body,
            client,
            respond,
            team_id,
            event,
            t.MILESTONE_DONE_FALLBACK,
            [kit.section(text), *b.goal_blocks(event.goal, buttons=False)],
        )

    def handle_goal_achieved(
        self, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        """Mark a goal achieved and send the pair a warm note."""
        ack()
        team_id, user_id = _team(body, context), body["user"]["id"]
        try:
            event = goals.mark_achieved(self.deps, team_id, user_id, _clicked_id(body))
        except MentorshipError as err:
            self._error_reply(respond, client, user_id, err.user_message)
            return
        if event is None:
            self.after_click(body, client, respond, team_id, t.GOAL_ALREADY_ACHIEVED)
            return
        text = t.GOAL_ACHIEVED.format(who=mention(user_id), title=esc(event.goal.title))
        self._share_goal_news(
            body, client, respond, team_id, event, t.GOAL_ACHIEVED_FALLBACK, [kit.section(text)]
        )

    def handle_progress_submission(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """Save a goal's progress (0-100)."""
        team_id, user_id = _team(body, context), body["user"]["id"]
        value = _int(kit.state_value(view.get("state") or {}, ids.GOAL_PROGRESS_VALUE))
        goal_id = kit.metadata_int(view, "g") or 0
        if value is None or not 0 <= value <= 100:
            ack(response_action="errors", errors={ids.GOAL_PROGRESS_VALUE: t.GOAL_PROGRESS_ERROR})
            return
        try:
            event = goals.set_progress(
                self.deps, team_id, user_id, goal_id, value, once=form_key(body, view, team_id)
            )
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
        team_id, user_id = _team(body, context), body["user"]["id"]
        state = view.get("state") or {}
        goal_id = kit.metadata_int(view, "g") or 0
        target = b.state_date(state, ids.GOAL_ADJUST_TARGET)
        reason = b.state_text(state, ids.GOAL_ADJUST_REASON)
        try:
            event = goals.adjust_date(
                self.deps, team_id, user_id, goal_id, target, reason, once=form_key(body, view, team_id)
            )
        except MentorshipError as err:
            fields = {"target": ids.GOAL_ADJUST_TARGET, "reason": ids.GOAL_ADJUST_REASON}
            ack(response_action="errors", errors=_field_errors(err, fields, ids.GOAL_ADJUST_TARGET))
            return
        ack()
        assert event.old_target is not None  # noqa: S101 - set by adjust_date
        text = t.GOAL_ADJUSTED.format(
            who=mention(user_id),
            title=esc(event.goal.title),
            old=format_day(event.old_target),
            new=format_day(event.goal.target_date),
            reason=esc(event.reason),
        )
        self.tell_pair(client, event.pair, t.GOAL_ADJUSTED_FALLBACK, [kit.section(text)])
        self.refresh_homes(client, team_id, user_id)

    # -- sessions -------------------------------------------------------------------------------------
    def open_session_modal(
        self, client: WebClient, team_id: str, user_id: str, trigger_id: str, chosen: int | None
    ) -> None:
        """Open the session log modal."""
        who = pairs.me(self.deps, team_id, user_id)
        own = pairs.require_pairs(who)
        token = new_token(self.deps, team_id, user_id, ids.SESSION_MODAL)
        view = b.build_session_modal(own, who.person_id, chosen, who.today, token)
        client.views_open(trigger_id=trigger_id, view=seal(self.deps, view, user_id))

    def handle_log_command(self, call: CommandCall) -> None:
        """`/mentor log`: open the session log modal."""
        self.open_session_modal(call.client, call.team_id, call.user_id, call.trigger_id, None)

    def handle_session_submission(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """Save the session log and share its summary in the pair's group DM."""
        team_id, user_id = _team(body, context), body["user"]["id"]
        try:
            logged = sessions.log_session(
                self.deps, team_id, user_id, b.parse_session(view), once=form_key(body, view, team_id)
            )
        except MentorshipError as err:
            ack(response_action="errors", errors=_field_errors(err, b.SESSION_FIELDS, ids.SESSION_TAKEAWAYS))
            return
        ack()
        blocks = b.build_session_summary(logged)
        channel = self.pair_channel(client, logged.pair)
        if channel is not None:
            post(client, channel, t.SESSION_SUMMARY_FALLBACK, blocks)
        else:
            for member in (logged.pair.mentor, logged.pair.mentee):
                send_dm(client, member.slack_id, t.SESSION_SUMMARY_FALLBACK, blocks)
        partner = logged.pair.partner_of(logged.logged_by)
        self.refresh_homes(client, team_id, user_id, partner.slack_id)

    def handle_action_done(
        self, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        """Tick off an action item (App Home, `/mentor status`, or a session summary)."""
        ack()
        team_id, user_id = _team(body, context), body["user"]["id"]
        try:
            item, pair, changed = sessions.tick_off(self.deps, team_id, user_id, _clicked_id(body))
        except MentorshipError as err:
            self._error_reply(respond, client, user_id, err.user_message)
            return
        text = t.ITEM_DONE.format(text=esc(item.text)) if changed else t.ITEM_ALREADY
        self.after_click(body, client, respond, team_id, text)
        if changed:
            partner = pair.mentee if pair.mentor.slack_id == user_id else pair.mentor
            self.refresh_homes(client, team_id, partner.slack_id)

    # -- feedback -------------------------------------------------------------------------------------
    def open_feedback_modal(
        self, client: WebClient, team_id: str, user_id: str, trigger_id: str, chosen: int | None
    ) -> None:
        """Open the feedback modal."""
        who = pairs.me(self.deps, team_id, user_id)
        own = pairs.require_pairs(who)
        token = new_token(self.deps, team_id, user_id, ids.FEEDBACK_MODAL)
        view = b.build_feedback_modal(own, who.person_id, chosen, token=token)
        client.views_open(trigger_id=trigger_id, view=seal(self.deps, view, user_id))

    def handle_feedback_command(self, call: CommandCall) -> None:
        """`/mentor feedback`: open the feedback modal."""
        self.open_feedback_modal(call.client, call.team_id, call.user_id, call.trigger_id, None)

    def handle_feedback_submission(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """Validate feedback; nudge once about wording; then DM it to the recipient only."""
        team_id, user_id = _team(body, context), body["user"]["id"]
        data, anyway = b.parse_feedback(view)
        try:
            checked = feedback.check_feedback(self.deps, team_id, user_id, data)
        except MentorshipError as err:
            ack(response_action="errors", errors=_field_errors(err, b.FEEDBACK_FIELDS, ids.FEEDBACK_WELL))
            return
        if checked.notes and not anyway:
            who = pairs.me(self.deps, team_id, user_id)
            ack(
                response_action="update",
                view=seal(
                    self.deps,
                    b.build_feedback_modal(
                        who.pairs,
                        who.person_id,
                        checked.mentorship_id,
                        values=data,
                        notes=checked.notes,
                        token=_token(view),
                    ),
                    user_id,
                ),
            )
            return
        try:
            sent = feedback.save_feedback(
                self.deps, team_id, user_id, checked, once=form_key(body, view, team_id)
            )
        except MentorshipError as err:
            ack(response_action="errors", errors=_field_errors(err, b.FEEDBACK_FIELDS, ids.FEEDBACK_WELL))
            return
        ack()
        send_dm(client, sent.recipient.slack_id, t.FEEDBACK_RECEIVED_FALLBACK, b.build_feedback_dm(sent))
        send_dm(client, user_id, t.FEEDBACK_SENT.format(partner=mention(sent.recipient.slack_id)))

    # -- status, pause, resume ----------------------------------------------------------------------
    def answer_status(self, call: CommandCall) -> tuple[str, list[dict[str, Any]] | None]:
        """`/mentor status`: mentorships, agreement, next check-in, open items, goals (in the ack)."""
        statuses = lifecycle.status(self.deps, call.team_id, call.user_id)
        return t.STATUS_HEADER if statuses else t.STATUS_NONE, b.build_status(statuses)

    def _announce_pause(self, client: WebClient, team_id: str, change: lifecycle.PairChange) -> str:
        partner = change.pair.partner_of(change.actor.person_id)
        until = t.UNTIL_DAY.format(day=format_day(change.until)) if change.until else t.UNTIL_RESUMED
        send_dm(
            client,
            partner.slack_id,
            t.PAUSED_PARTNER.format(who=mention(change.actor.slack_id), until=until),
        )
        self.refresh_homes(client, team_id, change.actor.slack_id, partner.slack_id)
        return t.PAUSED_YOU.format(partner=mention(partner.slack_id), until=until)

    def _announce_resume(self, client: WebClient, team_id: str, change: lifecycle.PairChange) -> str:
        partner = change.pair.partner_of(change.actor.person_id)
        send_dm(client, partner.slack_id, t.RESUMED_PARTNER.format(who=mention(change.actor.slack_id)))
        self.refresh_homes(client, team_id, change.actor.slack_id, partner.slack_id)
        return t.RESUMED_YOU.format(partner=mention(partner.slack_id))

    def handle_pause_command(self, call: CommandCall) -> None:
        """`/mentor pause [until YYYY-MM-DD]`: pause check-ins; ask which when several."""
        result = lifecycle.pause(self.deps, call.team_id, call.user_id, None, call.args)
        if isinstance(result, list):
            who = pairs.me(self.deps, call.team_id, call.user_id)
            suffix = ":" + " ".join(call.args)[:100]
            call.reply(
                t.PAUSE_WHICH,
                b.build_pick(result, who.person_id, t.PAUSE_WHICH, ids.PAUSE_PICK, t.PAUSE_BUTTON, suffix),
            )
            return
        call.reply(self._announce_pause(call.client, call.team_id, result))

    def handle_pause_pick(
        self, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        """The chosen mentorship to pause (value: "<id>:<words after pause>")."""
        ack()
        team_id, user_id = _team(body, context), body["user"]["id"]
        raw = str(body["actions"][0].get("value") or "")
        ident, _, words = raw.partition(":")
        try:
            mentorship_id = parse_id(ident)
            if mentorship_id is None:
                raise InvalidInput(STALE_BUTTON)
            result = lifecycle.pause(self.deps, team_id, user_id, mentorship_id, words.split())
        except MentorshipError as err:
            self._error_reply(respond, client, user_id, err.user_message)
            return
        if isinstance(result, lifecycle.PairChange):
            self._error_reply(respond, client, user_id, self._announce_pause(client, team_id, result))

    def handle_resume_command(self, call: CommandCall) -> None:
        """`/mentor resume`: resume check-ins; ask which when several are paused."""
        result = lifecycle.resume(self.deps, call.team_id, call.user_id, None)
        if isinstance(result, list):
            who = pairs.me(self.deps, call.team_id, call.user_id)
            call.reply(
                t.RESUME_WHICH,
                b.build_pick(result, who.person_id, t.RESUME_WHICH, ids.RESUME_PICK, t.RESUME_BUTTON),
            )
            return
        call.reply(self._announce_resume(call.client, call.team_id, result))

    def handle_resume_pick(
        self, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        """The chosen mentorship to resume (value: mentorship id)."""
        ack()
        team_id, user_id = _team(body, context), body["user"]["id"]
        try:
            result = lifecycle.resume(self.deps, team_id, user_id, _clicked_id(body))
        except MentorshipError as err:
            self._error_reply(respond, client, user_id, err.user_message)
            return
        if isinstance(result, lifecycle.PairChange):
            self._error_reply(respond, client, user_id, self._announce_resume(client, team_id, result))

    # -- end ------------------------------------------------------------------------------------------
    def handle_end_command(self, call: CommandCall) -> None:
        """`/mentor end`: open the modal to conclude a mentorship."""
        who = pairs.me(self.deps, call.team_id, call.user_id)
        own = pairs.require_pairs(who)
        token = new_token(self.deps, call.team_id, call.user_id, ids.END_MODAL)
        view = b.build_end_modal(own, who.person_id, None, token)
        call.client.views_open(trigger_id=call.trigger_id, view=seal(self.deps, view, call.user_id))

    def handle_end_submission(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """End the mentorship; thank and tell the partner kindly; flag a rematch to admins."""
        team_id, user_id = _team(body, context), body["user"]["id"]
        try:
            ended = lifecycle.end(
                self.deps, team_id, user_id, b.parse_end(view), once=form_key(body, view, team_id)
            )
        except MentorshipError as err:
            ack(response_action="errors", errors=_field_errors(err, b.END_FIELDS, ids.END_REASON))
            return
        ack()
        mentee = ended.pair.mentee
        mentee_next = t.ENDED_REMATCH_MENTEE if ended.rematch else t.ENDED_NEXT_MENTEE
        partner_is_mentee = ended.partner.person_id == mentee.person_id
        send_dm(
            client,
            ended.partner.slack_id,
            t.ENDED_FALLBACK,
            b.build_ended_for_partner(
                ended.actor,
                ended.gratitude,
                ended.stay_in_touch,
                mentee_next=mentee_next if partner_is_mentee else None,
            ),
        )
        mine = t.ENDED_YOU.format(partner=mention(ended.partner.slack_id))
        if not partner_is_mentee:
            mine = f"{mine}\n{mentee_next}"
        send_dm(client, user_id, mine)
        admin_channel = self.deps.settings.mentorbot_admin_channel
        if ended.rematch and admin_channel:
            post(
                client,
                admin_channel,
                t.ADMIN_REMATCH_FALLBACK,
                [kit.section(t.ADMIN_REMATCH.format(mentee=mention(mentee.slack_id)))],
            )
        self.refresh_homes(client, team_id, user_id, ended.partner.slack_id)

    # -- concern --------------------------------------------------------------------------------------
    def handle_concern_command(self, call: CommandCall) -> None:
        """`/mentor concern`: open the confidential note modal."""
        who = None
        try:
            who = pairs.me(self.deps, call.team_id, call.user_id, ("active", "paused", "ended"))
        except MentorshipError:
            who = None
        own = list(who.pairs[-10:]) if who else []
        token = new_token(self.deps, call.team_id, call.user_id, ids.CONCERN_MODAL)
        view = b.build_concern_modal(own, who.person_id if who else None, call.channel_id or None, token)
        call.client.views_open(trigger_id=call.trigger_id, view=seal(self.deps, view, call.user_id))

    def handle_concern_submission(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """Post the concern to the admin channel (escaped), record it without its text, confirm."""
        team_id, user_id = _team(body, context), body["user"]["id"]
        mentorship_id, text = b.parse_concern(view)
        try:
            concern = lifecycle.prepare_concern(
                self.deps, team_id, user_id, mentorship_id, text, once=form_key(body, view, team_id)
            )
        except MentorshipError as err:
            ack(response_action="errors", errors=_field_errors(err, b.CONCERN_FIELDS, ids.CONCERN_TEXT))
            return
        ack()
        channel = str(self.deps.settings.mentorbot_admin_channel)
        post(client, channel, t.CONCERN_ADMIN_FALLBACK, b.build_concern_for_admins(concern))
        lifecycle.record_concern(self.deps, team_id, concern)
        self._confirm_concern(client, user_id, kit.metadata(view).get("c"))

    @staticmethod
    def _confirm_concern(client: WebClient, user_id: str, channel: Any) -> None:
        """Confirm privately where the concern was typed (a signed channel id), else by DM."""
        if isinstance(channel, str) and channel:
            try:
                client.chat_postEphemeral(channel=channel, user=user_id, text=t.CONCERN_SENT)
                return
            except SlackApiError as err:
                logger.info("concern confirmation by DM user=%s error=%s", user_id, err.response.get("error"))
        send_dm(client, user_id, t.CONCERN_SENT)

    # -- my data --------------------------------------------------------------------------------------
    def handle_my_data_command(self, call: CommandCall) -> None:
        """`/mentor my-data`: send everything stored about the person (DM, or a file if large)."""
        data = privacy.export(self.deps, call.team_id, call.user_id)
        if data is None:
            call.reply(t.MY_DATA_NONE)
            return
        admins.audit(self.deps, call.team_id, call.user_id, "my-data export")
        text = json.dumps(data, indent=2, ensure_ascii=False)
        if len(text) < SMALL_EXPORT:
            send_dm(call.client, call.user_id, f"{t.MY_DATA_DM}\n```{esc(text)}```")
        else:
            channel = call.client.conversations_open(users=call.user_id)["channel"]["id"]
            call.client.files_upload_v2(
                channel=channel,
                content=text,
                filename="mentorbot-my-data.json",
                title="Your mentorship data",
                initial_comment=t.MY_DATA_FILE,
            )
        call.reply(t.MY_DATA_SENT)

    def handle_delete_command(self, call: CommandCall) -> None:
        """`/mentor delete-my-data`: ask for confirmation first."""
        call.reply(t.DELETE_PROMPT_FALLBACK, b.build_delete_prompt())

    def handle_delete_confirm(
        self, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        """Erase the clicking person's data, end their mentorships and tell partners kindly."""
        ack()
        team_id, user_id = _team(body, context), body["user"]["id"]
        erased = privacy.erase(self.deps, team_id, user_id)
        if erased is None:
            self._error_reply(respond, client, user_id, t.DELETE_NONE)
            return
        admins.audit(self.deps, team_id, user_id, "delete-my-data", outcome="erased")
        _delete_posts(client, erased.public_posts)
        for partner, role in erased.partners:
            note = t.PARTNER_LEFT + (t.PARTNER_LEFT_MENTEE if role == "mentee" else "")
            send_dm(client, partner.slack_id, note)
            self.refresh_homes(client, team_id, partner.slack_id)
        if respond is not None and body.get("response_url"):
            respond(text=t.DELETE_DONE, response_type="ephemeral", replace_original=True)
        else:
            send_dm(client, user_id, t.DELETE_DONE)
        self.refresh_homes(client, team_id, user_id)

    # -- home -------------------------------------------------------------------------------------------
    def home_section(self, deps: Deps, team_id: str, person: Any) -> list[dict[str, Any]]:
        """The Home tab section: next check-in, open action items with Done buttons, goals."""
        try:
            statuses = lifecycle.status(deps, team_id, person.slack_user_id)
        except MentorshipError:
            return []
        return b.build_home_section(statuses)

    def register(self, app: Listeners, router: CommandRouter) -> None:
        """Attach the workflow listeners and subcommands."""
        router.add("goal", self.handle_goal_command)
        router.add("goals", self.handle_goals_command)
        router.add("log", self.handle_log_command, "session")
        router.add("feedback", self.handle_feedback_command)
        router.add_answer("status", self.answer_status)
        router.add("pause", self.handle_pause_command)
        router.add("resume", self.handle_resume_command, "unpause")
        router.add("end", self.handle_end_command, "conclude")
        router.add("concern", self.handle_concern_command)
        router.add("my-data", self.handle_my_data_command, "mydata", "export-my-data")
        router.add("delete-my-data", self.handle_delete_command, "forget-me")
        # Set-a-goal, Log-a-session (e.g. the check-in's "We met — log it") and Give-feedback buttons.
        openers = (
            ((ids.GOAL_OPEN, ids.HOME_GOAL), self.open_goal_modal),
            ((ids.SESSION_LOG_OPEN, ids.HOME_LOG), self.open_session_modal),
            ((ids.FEEDBACK_OPEN, ids.HOME_FEEDBACK), self.open_feedback_modal),
        )
        for actions, open_modal in openers:
            handler = self.button_opener(open_modal)
            for action in actions:
                app.action(action)(handler)
        app.action(ids.GOAL_MILESTONE_DONE)(self.handle_milestone_done)
        app.action(ids.GOAL_ACHIEVED)(self.handle_goal_achieved)
        app.action(ids.GOAL_PROGRESS)(self.goal_modal_opener(b.build_progress_modal, ids.GOAL_PROGRESS_MODAL))
        app.action(ids.GOAL_ADJUST_DATE)(self.goal_modal_opener(b.build_adjust_modal, ids.GOAL_ADJUST_MODAL))
        app.action(ids.HOME_ACTION_DONE)(self.handle_action_done)
        app.action(ids.PAUSE_PICK)(self.handle_pause_pick)
        app.action(ids.RESUME_PICK)(self.handle_resume_pick)
        app.action(ids.DELETE_CONFIRM)(self.handle_delete_confirm)
        app.view(ids.GOAL_MODAL)(self.handle_goal_submission)
        app.view(ids.GOAL_PROGRESS_MODAL)(self.handle_progress_submission)
        app.view(ids.GOAL_ADJUST_MODAL)(self.handle_adjust_submission)
        app.view(ids.SESSION_MODAL)(self.handle_session_submission)
        app.view(ids.FEEDBACK_MODAL)(self.handle_feedback_submission)
        app.view(ids.END_MODAL)(self.handle_end_submission)
        app.view(ids.CONCERN_MODAL)(self.handle_concern_submission)
        self.home.add_section(20, self.home_section)


def _delete_posts(client: WebClient, posts: tuple[tuple[str, str], ...]) -> None:
    """Delete the bot's own public posts (shout-outs) that named someone who erased their data.

    A post already removed, or a channel the bot has left, leaves nothing to delete; any other
    error is logged and the erasure goes on (the stored copy is gone either way).
    """
    for channel, ts in posts:
        try:
            client.chat_delete(channel=channel, ts=ts)
        except SlackApiError as err:
            code = err.response.get("error")
            if code in ("message_not_found", "channel_not_found", "is_archived", "not_in_channel"):
                continue
            logger.warning("could not delete a public post channel=%s ts=%s error=%s", channel, ts, code)
