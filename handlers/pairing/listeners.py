"""Pairing at the Slack edge: `/mentor find`, requests and their prompts, `/mentor admin match`
with Approve / Discard, group DM intros, the agreement, and pairing's App Home section."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.domain.pairing_rules import MAX_PENDING_REQUESTS, check_decline_note, check_request_message
from bot.services import pairing, programs
from bot.services.pairing import (
    AcceptOutcome,
    MentorshipView,
    NewPair,
    PairingRefused,
    RoundDecision,
    RoundPlan,
    Suggestion,
    Withdrawn,
)
from handlers.admin.gate import NOT_ADMIN, AdminGate, AdminRouter, require_admin, view_of_program
from handlers.home.tab import Home
from handlers.pairing import blocks
from handlers.pairing import texts as t
from handlers.slack import ids, kit
from handlers.slack.format import esc, mention, plural
from handlers.slack.inputs import STALE_BUTTON, parse_id
from handlers.slack.interaction import Interaction
from handlers.slack.messaging import open_group_dm, post, send_dm
from handlers.slack.messaging import update as _update
from handlers.slack.registry import Listeners
from handlers.slack.router import CommandCall, CommandRouter
from storage.records import MatchRoundRecord
from storage.scope import current_program, program_scope

logger = logging.getLogger(__name__)

CHANNEL_GONE = {"channel_not_found", "not_in_channel", "is_archived"}

_T = TypeVar("_T")


def refusal_text(err: PairingRefused) -> str:
    """Return the words for a refusal code."""
    template = t.REFUSALS.get(err.code)
    if template is None:
        return t.REFUSAL_FALLBACK
    try:
        return template.format(**err.params)
    except (KeyError, IndexError):
        return t.REFUSAL_FALLBACK


def _first(name: str) -> str:
    return name.split(" ")[0] if name else name


def post_round(client: WebClient, deps: Deps, team_id: str, plan: RoundPlan) -> tuple[str, str] | None:
    """Post a stored round's proposal in its program's admin channel; None when there is no usable one
    (a program other than the first never falls back to MENTORBOT_ADMIN_CHANNEL)."""
    channel = (
        programs.admin_channel_of(deps, team_id, plan.program_id)
        if plan.program_id is not None
        else _round_admin_channel(deps, team_id, plan.round_id)
    )
    for old_id, old_channel, old_ts in plan.superseded:
        if old_channel and old_ts:
            text = f"Round {old_id}: {t.ROUND_SUPERSEDED}"
            _update(client, old_channel, old_ts, text, [kit.section(text)])
    if not channel or plan.round_id is None:
        return None
    try:
        where = post(
            client,
            str(channel),
            blocks.round_fallback(plan.proposal),
            blocks.build_round(plan.round_id, plan.proposal),
        )
    except SlackApiError as err:
        if err.response.get("error") in CHANNEL_GONE:
            logger.warning("admin channel unusable channel=%s error=%s", channel, err.response.get("error"))
            return None
        raise
    pairing.set_round_message(deps, team_id, plan.round_id, where[0], where[1])
    return where


def _round_program(deps: Deps, team_id: str, round_id: int | None) -> int | None:
    """The program a round belongs to (the request's when the round is unknown)."""
    if round_id is not None:
        with deps.uow(read_only=True) as uow:
            found = uow.session.get(MatchRoundRecord, round_id)
            if found is not None and found.team_id == team_id:
                return int(found.program_id)
    return current_program()


def _round_admin_channel(deps: Deps, team_id: str, round_id: int | None) -> str | None:
    """The admin channel of the round's program (never another program's)."""
    program_id = _round_program(deps, team_id, round_id)
    if program_id is None:
        return deps.settings.mentorbot_admin_channel
    return programs.admin_channel_of(deps, team_id, program_id)


class Pairing:
    """Listeners for suggestions, requests, matching rounds, intros and the agreement."""

    def __init__(self, deps: Deps, home: Home, gate: AdminGate) -> None:
        self.deps = deps
        self.home = home
        self.gate = gate

    # -- helpers ---------------------------------------------------------------------------------
    def _on_click(self, i: Interaction, service: Callable[[int], _T]) -> _T | None:
        """Call `service` with the button's id; None (the clicker told why) when stale or refused."""
        item_id = parse_id(i.clicked_value())
        if item_id is None:
            i.reply(STALE_BUTTON)
            return None
        try:
            return service(item_id)
        except PairingRefused as err:
            i.reply(refusal_text(err))
            return None

    def _refresh_home(self, i: Interaction) -> None:
        """Re-publish the clicker's Home tab when they acted from it (it is rebuilt on every open)."""
        if not i.in_home_tab:
            return
        try:
            self.home.publish(i.client, i.team_id, i.user_id)
        except SlackApiError as err:
            logger.info("home not refreshed error=%s", err.response.get("error"))

    def _next_suggestion(self, team_id: str, mentee_slack_id: str) -> Suggestion | None:
        try:
            found = pairing.find_suggestions(self.deps, team_id, mentee_slack_id, limit=1)
        except PairingRefused:
            return None
        return found.items[0] if found.items else None

    def introduce(self, client: WebClient, team_id: str, pair: NewPair) -> None:
        """Open the pair's group DM and post the intro with the agreement button."""
        channel = open_group_dm(client, [pair.mentor.slack_user_id, pair.mentee.slack_user_id])
        post(
            client,
            channel,
            t.INTRO_FALLBACK.format(mentor=esc(pair.mentor.name), mentee=esc(pair.mentee.name)),
            blocks.build_intro(pair, self.deps.clock()),
        )
        pairing.set_group_channel(self.deps, team_id, pair.mentorship_id, channel)

    def _notify_withdrawn(self, client: WebClient, withdrawn: tuple[Withdrawn, ...]) -> None:
        for item in withdrawn:
            text = t.WITHDRAWN_TEXT.format(mentee=f"*{esc(item.mentee.name)}*")
            send_dm(client, item.mentor.slack_user_id, t.WITHDRAWN_FALLBACK, [kit.section(text)])
            closed = t.PROMPT_WITHDRAWN.format(mentee=esc(item.mentee.name))
            _update(client, item.prompt_channel, item.prompt_ts, closed, [kit.section(closed)])

    # -- /mentor find ----------------------------------------------------------------------------
    def _suggestions(self, team_id: str, user_id: str) -> tuple[str, list[dict[str, Any]]]:
        try:
            found = pairing.find_suggestions(self.deps, team_id, user_id)
        except PairingRefused as err:
            return refusal_text(err), []
        return t.FIND_FALLBACK, blocks.build_suggestions(found)

    def handle_find_command(self, call: CommandCall) -> None:
        """`/mentor find`: the three best mentors with reasons and a Request button each."""
        text, body = self._suggestions(call.team_id, call.user_id)
        call.reply(text, body or None)

    def handle_home_find_click(
        self, ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """The Find a mentor button on the Home tab: suggestions by DM."""
        ack()
        i = Interaction.from_bolt(body, context, client)
        # A Home section's button names its program (verified: one of theirs); else as `/mentor find`.
        named = parse_id((i.clicked_value() or "").rpartition(":")[2])
        program = programs.may_use(self.deps, i.team_id, i.user_id, named, "member") if named else None
        with program_scope(program.id if program is not None else None):
            text, found = self._suggestions(i.team_id, i.user_id)
        i.dm(text, found or None)

    # -- requests --------------------------------------------------------------------------------
    def handle_request_click(
        self, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        """A Request button: check the request may be sent, then open the personal-message modal."""
        ack()
        i = Interaction.from_bolt(body, context, client, respond)
        team_id, user_id = i.team_id, i.user_id
        preview = self._on_click(i, lambda i: pairing.preview_request(self.deps, team_id, user_id, i))
        if preview is None:
            return
        i.open_modal(self.deps, blocks.build_request_modal(preview.mentor, preview.reasons))

    def handle_request_submission(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """Send the request: the message is checked inline; the mentor gets a prompt by DM."""
        i = Interaction.from_bolt(body, context, client)
        team_id, user_id = i.team_id, i.user_id
        mentor_id, message = blocks.parse_request_modal(view)
        problem = check_request_message(message)
        if problem:
            ack(response_action="errors", errors={ids.REQUEST_MESSAGE: t.REFUSALS[problem]})
            return
        if mentor_id is None:
            ack(response_action="errors", errors={ids.REQUEST_MESSAGE: t.REFUSALS["mentor_gone"]})
            return
        try:
            created = pairing.create_request(self.deps, team_id, user_id, mentor_id, message)
        except PairingRefused as err:
            ack(response_action="errors", errors={ids.REQUEST_MESSAGE: refusal_text(err)})
            return
        ack()
        prompt = blocks.build_request_prompt(
            created.request_id,
            created.mentee,
            created.mentor,
            created.message,
            created.reasons,
            created.expires_at,
            created.mentor_taken,
            created.cautions,
        )
        where = send_dm(
            client,
            created.mentor.slack_user_id,
            t.PROMPT_FALLBACK.format(mentee=esc(created.mentee.name)),
            prompt,
        )
        if where is not None:
            pairing.set_request_prompt(self.deps, team_id, created.request_id, where[0], where[1])
        sent = t.REQUEST_SENT.format(
            mentor=f"*{esc(created.mentor.name)}*",
            expires=blocks.fmt_when(created.expires_at, created.mentee.timezone),
            pending=created.pending,
            limit=MAX_PENDING_REQUESTS,
        )
        send_dm(client, user_id, t.REQUEST_SENT_FALLBACK, [kit.section(sent)])

    def handle_accept_click(
        self, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        """Accept a request (atomically); tell everyone concerned and introduce the pair."""
        ack()
        i = Interaction.from_bolt(body, context, client, respond)
        team_id, user_id = i.team_id, i.user_id
        outcome = self._on_click(i, lambda i: pairing.accept_request(self.deps, team_id, user_id, i))
        if outcome is None:
            return
        self._after_accept(client, team_id, outcome)
        self._refresh_home(i)

    def _after_accept(self, client: WebClient, team_id: str, outcome: AcceptOutcome) -> None:
        request = outcome.request
        mentee, mentor = request.mentee, request.mentor
        name = esc(mentee.name)
        if outcome.kind == "accepted" and outcome.pair is not None:
            closed = t.PROMPT_ACCEPTED.format(mentee=name)
            _update(
                client,
                request.prompt_channel,
                request.prompt_ts,
                closed,
                blocks.build_prompt_closed(closed, mentee, request.message),
            )
            self.introduce(client, team_id, outcome.pair)
            note = [kit.section(t.ACCEPTED_TEXT.format(mentor=esc(mentor.name)))]
            if outcome.withdrawn:
                others = ", ".join(mention(w.mentor.slack_user_id) for w in outcome.withdrawn)
                note.append(kit.context(t.MENTEE_WITHDRAWN_NOTE.format(mentors=others)))
            send_dm(client, mentee.slack_user_id, t.ACCEPTED_FALLBACK.format(mentor=esc(mentor.name)), note)
            self._notify_withdrawn(client, outcome.withdrawn)
        elif outcome.kind == "full":
            closed = t.PROMPT_FULL.format(capacity=plural(outcome.capacity, "mentee"), mentee=name)
            _update(client, request.prompt_channel, request.prompt_ts, closed, [kit.section(closed)])
            send_dm(client, mentor.slack_user_id, closed)
            nxt = self._next_suggestion(team_id, mentee.slack_user_id)
            send_dm(
                client,
                mentee.slack_user_id,
                t.DECLINED_FALLBACK.format(mentor=esc(mentor.name)),
                blocks.build_declined(mentor, "", nxt, full=True),
            )
        else:
            template = t.PROMPT_EXPIRED if outcome.kind == "expired" else t.PROMPT_MENTEE_GONE
            closed = template.format(mentee=name)
            _update(client, request.prompt_channel, request.prompt_ts, closed, [kit.section(closed)])
            send_dm(client, mentor.slack_user_id, closed)

    def handle_decline_click(
        self, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        """Decline: open the modal for an optional kind note (if the request is still open)."""
        ack()
        i = Interaction.from_bolt(body, context, client, respond)
        team_id, user_id = i.team_id, i.user_id
        request = self._on_click(i, lambda i: pairing.pending_request(self.deps, team_id, user_id, i))
        if request is None:
            return
        i.open_modal(self.deps, blocks.build_decline_modal(request))

    def handle_decline_submission(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """Decline the request; the mentee hears back gently with the next suggestion."""
        i = Interaction.from_bolt(body, context, client)
        team_id, user_id = i.team_id, i.user_id
        request_id, note = blocks.parse_decline_modal(view)
        problem = check_decline_note(note)
        if problem:
            ack(response_action="errors", errors={ids.DECLINE_NOTE: t.REFUSALS[problem]})
            return
        ack()
        if request_id is None:
            return
        try:
            outcome = pairing.decline_request(self.deps, team_id, user_id, request_id, note)
        except PairingRefused as err:
            send_dm(client, user_id, refusal_text(err))
            return
        request = outcome.request
        closed = t.PROMPT_DECLINED.format(mentee=esc(request.mentee.name))
        _update(
            client,
            request.prompt_channel,
            request.prompt_ts,
            closed,
            blocks.build_prompt_closed(closed, request.mentee, request.message),
        )
        nxt = self._next_suggestion(team_id, request.mentee.slack_user_id)
        send_dm(
            client,
            request.mentee.slack_user_id,
            t.DECLINED_FALLBACK.format(mentor=esc(request.mentor.name)),
            blocks.build_declined(request.mentor, outcome.note, nxt, full=False),
        )

    # -- admin rounds ----------------------------------------------------------------------------
    def handle_admin_match(self, call: CommandCall) -> None:
        """`/mentor admin match`: propose a round and post it for approval in the admin channel."""
        plan = pairing.run_round(self.deps, call.team_id, call.user_id)
        where = post_round(call.client, self.deps, call.team_id, plan)
        if where is not None:
            call.reply(t.ROUND_POSTED.format(channel=where[0]))
            return
        call.reply(
            t.ROUND_POSTED_HERE,
            [kit.section(t.ROUND_POSTED_HERE), *blocks.build_round(plan.round_id, plan.proposal)],
        )

    def _round_click(self, i: Interaction, action: str) -> RoundDecision | None:
        round_id = parse_id(i.clicked_value())
        program_id = _round_program(self.deps, i.team_id, round_id) if round_id is not None else None
        program = view_of_program(self.deps, i.team_id, program_id) if program_id is not None else None
        if not require_admin(self.gate, i.body, i.client, f"round {action}", str(round_id), program):
            i.reply(NOT_ADMIN)
            return None
        if round_id is None:
            i.reply(STALE_BUTTON)
            return None
        service = pairing.approve_round if action == "approve" else pairing.discard_round
        try:
            with program_scope(program.id if program is not None else None):
                decision = service(self.deps, i.team_id, round_id, i.user_id)
        except PairingRefused as err:
            i.reply(refusal_text(err))
            return None
        if not decision.changed:
            status = t.ROUND_STATUS_WORDS.get(decision.status, decision.status)
            i.reply(t.ROUND_ALREADY.format(status=status, admin=decision.decided_by or "?"))
            return None
        return decision

    def _show_decision(
        self, body: dict[str, Any], client: WebClient, respond: Respond, decision: RoundDecision, text: str
    ) -> None:
        updated = blocks.build_round(decision.round_id, decision.proposal, decided=text)
        if decision.message_channel and decision.message_ts:
            _update(client, decision.message_channel, decision.message_ts, text, updated)
        elif body.get("response_url"):
            respond(text=text, blocks=updated, replace_original=True)

    def handle_round_approve(
        self, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        """Approve a round once: pairs created, intros sent; repeats and non-admins change nothing."""
        ack()
        i = Interaction.from_bolt(body, context, client, respond)
        decision = self._round_click(i, "approve")
        if decision is None:
            return
        team_id = i.team_id
        lines = [t.ROUND_APPROVED.format(admin=i.user_id, created=plural(len(decision.created), "pair"))]
        for mentee, mentor, reason in decision.skipped:
            lines.append(
                t.ROUND_SKIPPED.format(
                    mentee=mention(mentee),
                    mentor=mention(mentor),
                    reason=t.ROUND_SKIP_REASONS.get(reason, reason),
                )
            )
        self._show_decision(body, client, respond, decision, "\n".join(lines))
        for pair in decision.created:
            self.introduce(client, team_id, pair)
        self._notify_withdrawn(client, decision.withdrawn)

    def handle_round_discard(
        self, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        """Discard a round (once); nothing is created."""
        ack()
        i = Interaction.from_bolt(body, context, client, respond)
        decision = self._round_click(i, "discard")
        if decision is None:
            return
        self._show_decision(body, client, respond, decision, t.ROUND_DISCARDED.format(admin=i.user_id))

    # -- the agreement ---------------------------------------------------------------------------
    def _open_agreement(self, i: Interaction, view: MentorshipView) -> None:
        with self.deps.uow() as uow:
            weeks = uow.programs.settings(i.team_id, self.deps.clock()).program_length_weeks
        i.open_modal(self.deps, blocks.build_agreement_modal(view, weeks))

    @staticmethod
    def _proposal_message(view: MentorshipView) -> tuple[str, str] | None:
        """The proposal message the bot recorded for this pair (never the clicked one, which is input)."""
        if view.group_channel_id and view.agreement_message_ts:
            return view.group_channel_id, view.agreement_message_ts
        return None

    def handle_agreement_open(
        self, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        """Set up our agreement: open the modal (or show the terms when already agreed)."""
        ack()
        i = Interaction.from_bolt(body, context, client, respond)
        team_id, user_id = i.team_id, i.user_id
        view = self._on_click(i, lambda i: pairing.mentorship_view(self.deps, team_id, i, user_id))
        if view is None:
            return
        if view.agreement_status == "agreed":
            i.reply(
                t.AGREEMENT_ALREADY_AGREED.format(
                    cadence=t.AGREEMENT_CADENCES.get(view.cadence, view.cadence).lower(),
                    first=blocks.first_meeting_text(view),
                    end=blocks.fmt_day(view.end_date),
                ),
            )
            return
        if view.status == "ended":
            i.reply(t.REFUSALS["mentorship_ended"])
            return
        self._open_agreement(i, view)

    def handle_agreement_change(
        self, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        """Suggest a change: the partner's proposal opens prefilled, to adjust and send back."""
        ack()
        i = Interaction.from_bolt(body, context, client, respond)
        team_id, user_id = i.team_id, i.user_id
        view = self._on_click(i, lambda i: pairing.confirmable(self.deps, team_id, i, user_id))
        if view is None:
            return
        self._open_agreement(i, view)

    def handle_agreement_submission(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """Propose the agreement in the pair's group DM, for the other person to confirm."""
        i = Interaction.from_bolt(body, context, client)
        team_id, user_id = i.team_id, i.user_id
        mentorship_id, data = blocks.parse_agreement_modal(view)
        checked = pairing.check_agreement(self.deps, team_id, user_id, data)
        if isinstance(checked, dict):
            ack(response_action="errors", errors=blocks.agreement_errors(checked))
            return
        ack()
        if mentorship_id is None:
            return
        try:
            proposed = pairing.propose_agreement(self.deps, team_id, mentorship_id, user_id, checked)
        except PairingRefused as err:
            send_dm(client, user_id, refusal_text(err))
            return
        replaces = self._proposal_message(proposed)
        if replaces is not None:
            superseded = [kit.section(t.AGREEMENT_SUPERSEDED)]
            _update(client, replaces[0], replaces[1], t.AGREEMENT_SUPERSEDED, superseded)
        channel = proposed.group_channel_id or open_group_dm(
            client, [proposed.me.slack_user_id, proposed.partner.slack_user_id]
        )
        if proposed.group_channel_id is None:
            pairing.set_group_channel(self.deps, team_id, proposed.mentorship_id, channel)
        where = post(
            client,
            channel,
            t.AGREEMENT_PROPOSED_FALLBACK.format(proposer=esc(proposed.me.name)),
            blocks.build_agreement_proposal(proposed),
        )
        if where[0] == channel:
            pairing.set_agreement_message(self.deps, team_id, proposed.mentorship_id, where[1])

    def handle_agreement_confirm(
        self, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        """Confirm the partner's proposal: the agreement holds and drives the check-ins."""
        ack()
        i = Interaction.from_bolt(body, context, client, respond)
        team_id, user_id = i.team_id, i.user_id
        shown = body.get("message") or {}
        clicked = (i.channel_id, str(shown["ts"])) if i.channel_id and shown.get("ts") else None
        agreed = self._on_click(
            i, lambda i: pairing.confirm_agreement(self.deps, team_id, i, user_id, clicked)
        )
        if agreed is None:
            return
        message = self._proposal_message(agreed)
        if message is not None:
            as_proposed = replace(agreed, me=agreed.partner, partner=agreed.me)
            closed = t.AGREEMENT_CONFIRMED_HERE.format(confirmer=user_id)
            _update(
                client,
                message[0],
                message[1],
                closed,
                blocks.build_agreement_proposal(as_proposed, closed=closed),
            )
        channel = agreed.group_channel_id or open_group_dm(
            client, [agreed.me.slack_user_id, agreed.partner.slack_user_id]
        )
        # The terms are posted once: in the proposal just marked confirmed, else in this message.
        agreed_blocks = blocks.build_agreement_agreed(agreed, with_terms=message is None)
        post(client, channel, t.AGREEMENT_AGREED_FALLBACK, agreed_blocks)
        self._refresh_home(i)

    def register(self, app: Listeners, router: CommandRouter, admin: AdminRouter) -> None:
        """Attach the pairing listeners and subcommands."""
        router.add("find", self.handle_find_command, "suggest", "mentors")
        admin.add("match", self.handle_admin_match)
        app.action(ids.HOME_FIND)(self.handle_home_find_click)
        app.action(ids.FIND_REQUEST)(self.handle_request_click)
        app.view(ids.REQUEST_MODAL)(self.handle_request_submission)
        app.action(ids.REQUEST_ACCEPT)(self.handle_accept_click)
        app.action(ids.REQUEST_DECLINE)(self.handle_decline_click)
        app.view(ids.DECLINE_MODAL)(self.handle_decline_submission)
        app.action(ids.ROUND_APPROVE)(self.handle_round_approve)
        app.action(ids.ROUND_DISCARD)(self.handle_round_discard)
        app.action(ids.AGREEMENT_OPEN)(self.handle_agreement_open)
        app.action(ids.AGREEMENT_CHANGE)(self.handle_agreement_change)
        app.view(ids.AGREEMENT_MODAL)(self.handle_agreement_submission)
        app.action(ids.AGREEMENT_CONFIRM)(self.handle_agreement_confirm)
