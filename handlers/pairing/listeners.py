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
    RoundEdit,
    RoundPlan,
    Suggestion,
    SwapChoices,
    Withdrawn,
)
from handlers.admin.gate import NOT_ADMIN, AdminGate, AdminRouter, require_admin, view_of_program
from handlers.home.tab import Home
from handlers.pairing import blocks
from handlers.pairing import texts as t
from handlers.slack import ids, kit
from handlers.slack.format import esc, mention, plural
from handlers.slack.inputs import MENTION, STALE_BUTTON, parse_id
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
    if err.code == "manual_violation":
        rule = t.MANUAL_VIOLATIONS.get(str(err.params.get("rule")), t.MANUAL_VIOLATIONS["unavailable"])
        return t.REFUSALS["manual_violation"].format(rule=rule)
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
    if blocks.round_pages(plan.proposal) > 1:
        share_round_csv(client, where[0], plan.round_id, plan.proposal)
    return where


def share_round_csv(client: WebClient, channel: str, round_id: int, proposal: dict[str, Any]) -> None:
    """Post the whole proposal as a CSV file in the admin channel (a large round's full list)."""
    name = f"round-{round_id}.csv"
    try:
        client.files_upload_v2(
            file_uploads=[
                {
                    "content": blocks.round_csv(proposal),
                    "filename": name,
                    "title": name,
                    "snippet_type": "csv",
                }
            ],
            channel=channel,
            initial_comment=t.ROUND_CSV_COMMENT.format(
                round=round_id, pairs=plural(len(proposal.get("pairs", [])), "pair")
            ),
        )
    except SlackApiError as err:
        logger.warning("round csv not shared round=%s error=%s", round_id, err.response.get("error"))


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

    def _round_admin(self, i: Interaction, action: str, round_id: int | None) -> tuple[bool, int | None]:
        """Check the clicker is an admin of the round's program (audited): (allowed, the program to
        scope the change to); a refused one is told."""
        program_id = _round_program(self.deps, i.team_id, round_id) if round_id is not None else None
        program = view_of_program(self.deps, i.team_id, program_id) if program_id is not None else None
        if not require_admin(self.gate, i.body, i.client, f"round {action}", str(round_id), program):
            i.reply(NOT_ADMIN)
            return False, None
        return True, program.id if program is not None else None

    def _round_click(self, i: Interaction, action: str) -> RoundDecision | None:
        head, _, tail = (i.clicked_value() or "").partition(":")
        round_id = parse_id(head)
        revision = (
            int(tail)
            if action == "approve" and tail.isascii() and tail.isdigit() and len(tail) < 10
            else None
        )
        allowed, scope = self._round_admin(i, action, round_id)
        if not allowed:
            return None
        if round_id is None or (action == "approve" and tail and revision is None):
            i.reply(STALE_BUTTON)
            return None
        try:
            with program_scope(scope):
                if action == "approve":
                    decision = pairing.approve_round(self.deps, i.team_id, round_id, i.user_id, revision)
                else:
                    decision = pairing.discard_round(self.deps, i.team_id, round_id, i.user_id)
        except PairingRefused as err:
            i.reply(refusal_text(err))
            return None
        if not decision.changed and decision.status == "proposed":
            # Edited since this Approve was shown: nothing happens; the message shows the current one.
            current = blocks.build_round(decision.round_id, decision.proposal, revision=decision.revision)
            _update(i.client, decision.message_channel, decision.message_ts, t.ROUND_EDIT_STALE, current)
            i.reply(t.ROUND_EDIT_STALE)
            return None
        if not decision.changed:
            status = t.ROUND_STATUS_WORDS.get(decision.status, decision.status)
            i.reply(t.ROUND_ALREADY.format(status=status, admin=decision.decided_by or "?"))
            return None
        return decision

    def _show_edit(self, i: Interaction, edit: RoundEdit, page: int) -> None:
        """Rewrite the proposal message as it is now (at `page`)."""
        current = blocks.build_round(edit.round_id, edit.proposal, revision=edit.revision, page=page)
        fallback = blocks.round_fallback(edit.proposal)
        if edit.message_channel and edit.message_ts:
            _update(i.client, edit.message_channel, edit.message_ts, fallback, current)
        elif i.respond is not None and i.body.get("response_url"):
            i.respond(text=fallback, blocks=current, replace_original=True)

    def _edit_refused(self, i: Interaction, edit: RoundEdit, page: int) -> None:
        """Tell the admin why their edit changed nothing (and show the current proposal)."""
        if edit.outcome == "decided":
            status = t.ROUND_STATUS_WORDS.get(edit.status, edit.status)
            i.reply(t.ROUND_ALREADY.format(status=status, admin=edit.decided_by or "?"))
            return
        words = {
            "stale": t.ROUND_EDIT_STALE,
            "conflict": t.ROUND_EDIT_CONFLICT,
            "not_allowed": t.ROUND_EDIT_NOT_ALLOWED,
        }
        self._show_edit(i, edit, page)
        i.reply(words.get(edit.outcome, t.ROUND_EDIT_STALE))

    def handle_round_pair(
        self, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        """A pair's menu: Remove (the mentee is held back) or Swap mentor (a modal of allowed mentors)."""
        ack()
        i = Interaction.from_bolt(body, context, client, respond)
        kind, _, rest = (i.clicked_value() or "").partition(":")
        parts = [parse_id(p) if p != "0" else 0 for p in rest.split(":")]
        round_id = parts[0] if parts else None
        allowed, scope = self._round_admin(i, kind if kind in ("remove", "swap") else "edit", round_id)
        if not allowed:
            return
        if kind not in ("remove", "swap") or len(parts) != 4 or any(p is None for p in parts) or not round_id:
            i.reply(STALE_BUTTON)
            return
        revision, mentee_id, page = int(parts[1] or 0), int(parts[2] or 0), int(parts[3] or 0)
        try:
            with program_scope(scope):
                if kind == "remove":
                    edit = pairing.remove_pair(self.deps, i.team_id, round_id, revision, mentee_id, i.user_id)
                else:
                    found = pairing.swap_choices(self.deps, i.team_id, round_id, revision, mentee_id)
                    if isinstance(found, SwapChoices):
                        i.open_modal(self.deps, blocks.build_swap_modal(found, page))
                        return
                    edit = found
        except PairingRefused as err:
            i.reply(refusal_text(err))
            return
        if edit.outcome != "edited":
            self._edit_refused(i, edit, page)
            return
        self._show_edit(i, edit, page)
        held = edit.proposal.get("held_back", [])
        i.reply(t.ROUND_REMOVED.format(mentee=held[-1]["mentee"] if held else "?"))

    def handle_swap_submission(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """Swap the mentee's mentor for the one picked, if still allowed (re-checked now)."""
        i = Interaction.from_bolt(body, context, client)
        meta = kit.metadata(view)
        round_id, mentee_id = parse_id(meta.get("round")), parse_id(meta.get("mentee"))
        revision, page = meta.get("revision"), meta.get("page")
        mentor_id = parse_id(kit.state_value(view.get("state") or {}, ids.ROUND_SWAP_MENTOR))
        allowed, scope = self._round_admin(i, "swap", round_id)
        if not allowed:
            ack()
            return
        if (
            not isinstance(revision, int)
            or not isinstance(page, int)
            or round_id is None
            or mentee_id is None
            or mentor_id is None
        ):
            ack(response_action="errors", errors={ids.ROUND_SWAP_MENTOR: STALE_BUTTON})
            return
        try:
            with program_scope(scope):
                edit = pairing.swap_mentor(
                    self.deps, i.team_id, round_id, revision, mentee_id, mentor_id, i.user_id
                )
        except PairingRefused as err:
            ack(response_action="errors", errors={ids.ROUND_SWAP_MENTOR: refusal_text(err)})
            return
        if edit.outcome == "not_allowed":
            ack(response_action="errors", errors={ids.ROUND_SWAP_MENTOR: t.ROUND_EDIT_NOT_ALLOWED})
            return
        ack()
        if edit.outcome != "edited":
            self._edit_refused(i, edit, page)
            return
        self._show_edit(i, edit, page)
        pair = next(p for p in edit.proposal.get("pairs", []) if int(p["mentee_id"]) == mentee_id)
        i.dm(t.ROUND_SWAP_DONE.format(mentee=pair["mentee"], mentor=pair["mentor"]))

    def handle_round_page(
        self, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        """Previous / Next: rewrite the proposal message at that page (the round's own message)."""
        ack()
        i = Interaction.from_bolt(body, context, client, respond)
        head, _, tail = (i.clicked_value() or "").partition(":")
        round_id, page = (
            parse_id(head),
            (int(tail) if tail.isascii() and tail.isdigit() and len(tail) < 6 else None),
        )
        allowed, _ = self._round_admin(i, "page", round_id)
        if not allowed:
            return
        if round_id is None or page is None:
            i.reply(STALE_BUTTON)
            return
        found = pairing.round_view(self.deps, i.team_id, round_id)
        if found is None:
            i.reply(STALE_BUTTON)
            return
        if found.status != "proposed":
            status = t.ROUND_STATUS_WORDS.get(found.status, found.status)
            i.reply(t.ROUND_ALREADY.format(status=status, admin=found.decided_by or "?"))
            return
        self._show_edit(i, found, page)

    def _show_decision(
        self, body: dict[str, Any], client: WebClient, respond: Respond, decision: RoundDecision, text: str
    ) -> None:
        updated = blocks.build_round(
            decision.round_id, decision.proposal, decided=text, revision=decision.revision
        )
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

    # -- manual pairing --------------------------------------------------------------------------
    def handle_admin_pair(self, call: CommandCall) -> None:
        """`/mentor admin pair @mentee @mentor`: the fit, reasons and cautions, or why not."""
        found = [MENTION.match(a) for a in call.args[1:3]]
        if len(found) != 2 or not all(found):
            call.reply(t.MANUAL_USAGE)
            return
        mentee, mentor = ((m.group(1) or m.group(2)) for m in found if m is not None)
        try:
            preview = pairing.preview_manual_pair(self.deps, call.team_id, mentee, mentor)
        except PairingRefused as err:
            call.reply(refusal_text(err))
            return
        fallback = t.MANUAL_FALLBACK.format(mentee=mention(mentee), mentor=mention(mentor))
        call.reply(fallback, blocks.build_manual_preview(preview))

    def handle_manual_confirm(
        self, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        """Pair and introduce (re-checked now, for an admin of the mentee's program); once."""
        ack()
        i = Interaction.from_bolt(body, context, client, respond)
        head, _, tail = (i.clicked_value() or "").partition(":")
        mentee_id, mentor_id = parse_id(head), parse_id(tail)
        program_id = pairing.program_of_person(self.deps, i.team_id, mentee_id) if mentee_id else None
        program = view_of_program(self.deps, i.team_id, program_id) if program_id is not None else None
        if not require_admin(self.gate, i.body, client, "manual pair", f"{mentee_id}:{mentor_id}", program):
            i.reply(NOT_ADMIN)
            return
        if mentee_id is None or mentor_id is None or program is None:
            i.reply(STALE_BUTTON)
            return
        try:
            with program_scope(program.id):
                made = pairing.create_manual_pair(self.deps, i.team_id, mentee_id, mentor_id, i.user_id)
        except PairingRefused as err:
            i.reply(refusal_text(err))
            return
        pair = made.pair
        done = t.MANUAL_DONE.format(
            admin=i.user_id,
            mentee=mention(pair.mentee.slack_user_id),
            mentor=mention(pair.mentor.slack_user_id),
        )
        if body.get("response_url"):
            respond(text=done, blocks=[kit.section(done)], replace_original=True)
        self.introduce(client, i.team_id, pair)
        self._notify_withdrawn(client, made.withdrawn)

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
        admin.add("pair", self.handle_admin_pair)
        app.action(ids.MANUAL_PAIR_CONFIRM)(self.handle_manual_confirm)
        app.action(ids.HOME_FIND)(self.handle_home_find_click)
        app.action(ids.FIND_REQUEST)(self.handle_request_click)
        app.view(ids.REQUEST_MODAL)(self.handle_request_submission)
        app.action(ids.REQUEST_ACCEPT)(self.handle_accept_click)
        app.action(ids.REQUEST_DECLINE)(self.handle_decline_click)
        app.view(ids.DECLINE_MODAL)(self.handle_decline_submission)
        app.action(ids.ROUND_APPROVE)(self.handle_round_approve)
        app.action(ids.ROUND_DISCARD)(self.handle_round_discard)
        app.action(ids.ROUND_PAIR)(self.handle_round_pair)
        app.action(ids.ROUND_PAGE)(self.handle_round_page)
        app.view(ids.ROUND_SWAP_MODAL)(self.handle_swap_submission)
        app.action(ids.AGREEMENT_OPEN)(self.handle_agreement_open)
        app.action(ids.AGREEMENT_CHANGE)(self.handle_agreement_change)
        app.view(ids.AGREEMENT_MODAL)(self.handle_agreement_submission)
        app.action(ids.AGREEMENT_CONFIRM)(self.handle_agreement_confirm)
