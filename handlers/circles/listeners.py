"""Peer circles at the Slack edge: joining, rounds, intros, `/mentor circle`, hosting and reflecting.

Every button value and form metadata is input: each handler checks it against the database
(the program, the person's seat, the admin's rights, the round's state) before acting.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.domain.circles.prompts import ADMIN_KINDS, BUILT_IN
from bot.domain.errors import InvalidInput, MentorshipError
from bot.services import circle_members, circle_reads, enrollment, program_admin, programs
from bot.services import circles as circle_services
from bot.services.circle_reads import RoundState
from bot.services.circles import CircleRefused, CircleView, NewCircle, RoundDecision
from bot.services.once import AlreadyDone
from bot.services.programs import ProgramView
from handlers.admin.blocks import build_report, report_fallback
from handlers.admin.gate import NOT_ADMIN, AdminGate, AdminRouter, require_admin, view_of_program
from handlers.circles import member_blocks as blocks
from handlers.circles import round_blocks
from handlers.circles import texts as t
from handlers.circles.posting import post_circles_round
from handlers.enrollment.listeners import Enrollment
from handlers.home.tab import Home
from handlers.slack import ids, kit
from handlers.slack.envelope import seal
from handlers.slack.format import esc, mention, plural
from handlers.slack.inputs import STALE_BUTTON, parse_id
from handlers.slack.interaction import Interaction, click, field_errors, refusals
from handlers.slack.messaging import display_name, open_group_dm, post, send_dm, slack_profile, update
from handlers.slack.once import new_token
from handlers.slack.registry import Listeners
from handlers.slack.router import CommandCall, CommandRouter
from handlers.slack.states import refusal_words
from storage.scope import program_scope

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

    def introduce(self, client: WebClient, team_id: str, circle: NewCircle, proposal: dict[str, Any]) -> None:
        """Open the circle's group DM and post its introduction; remember the channel."""
        program = view_of_program(self.deps, team_id, circle.program_id)
        hours = blocks.proposal_hours(proposal, [m.slack_user_id for m in circle.members])
        text, shown = blocks.build_intro(circle, program.name if program else "", hours, self.deps.clock())
        channel = open_group_dm(client, [m.slack_user_id for m in circle.members])
        post(client, channel, text, shown)
        circle_services.set_group_channel(self.deps, team_id, circle.circle_id, channel)

    # -- rounds (admins) ---------------------------------------------------------------------------
    def handle_admin_circles(self, call: CommandCall) -> None:
        """`/mentor admin circles` (and `admin match` in a circles program): propose a round and post it."""
        program = circle_members.circle_program(self.deps, call.team_id)
        if program is None:
            call.reply(t.ROUND_NOT_CIRCLES)
            return
        plan = circle_services.run_round(self.deps, call.team_id, program.id, call.user_id)
        where = post_circles_round(call.client, self.deps, call.team_id, program.name, plan)
        if where is not None:
            call.reply(t.ROUND_POSTED.format(channel=where[0]))
            return
        shown = round_blocks.build_round(plan.round_id, program.name, plan.proposal)
        call.reply(t.ROUND_POSTED_HERE, [kit.section(t.ROUND_POSTED_HERE), *shown][: kit.MESSAGE_BLOCK_LIMIT])

    def handle_admin_report(self, call: CommandCall) -> None:
        """`/mentor admin report` in a circles program: the program report's circles section (the
        mentorship sections say nothing about circles); counts only, never what was said."""
        program = circle_members.circle_program(self.deps, call.team_id)
        if program is None:
            call.reply(t.ROUND_NOT_CIRCLES)
            return
        full = program_admin.program_report(self.deps, call.team_id)
        only = replace(full, sections={k: v for k, v in full.sections.items() if k == "circles"})
        call.reply(report_fallback(only, esc(program.name)), build_report(only, program.name, t.REPORT_NOTE))

    def handle_admin_health(self, call: CommandCall) -> None:
        """`/mentor admin pairs` in a circles program: each living circle's health, worst first."""
        program = circle_members.circle_program(self.deps, call.team_id)
        if program is None:
            call.reply(t.ROUND_NOT_CIRCLES)
            return
        rows = circle_services.circle_health(self.deps, call.team_id, program.id)
        call.reply(*round_blocks.build_health(program.name, rows))

    def handle_admin_prompts(self, call: CommandCall) -> None:
        """`/mentor admin prompts [add <kind> <text>]`: the program's prompt bank, or add one."""
        program = circle_members.circle_program(self.deps, call.team_id)
        if program is None:
            call.reply(t.ROUND_NOT_CIRCLES)
            return
        words = call.rest.split(None, 3)  # "prompts", "add", kind, text
        if len(words) >= 2 and words[1].lower() == "add":
            kind, text = (words[2] if len(words) > 2 else ""), (words[3] if len(words) > 3 else "")
            try:
                added = circle_services.add_prompt(
                    self.deps, call.team_id, program.id, kind, text, call.user_id
                )
            except CircleRefused:
                call.reply(t.PROMPT_BAD.format(kinds=", ".join(ADMIN_KINDS)))
                return
            call.reply(t.PROMPT_ADDED.format(program=esc(program.name), label=esc(added.label)))
            return
        own = [p for p in circle_services.list_prompts(self.deps, call.team_id, program.id) if not p.built_in]
        call.reply(*round_blocks.build_prompts(program.name, own, len(BUILT_IN)))

    def _checked_round(
        self, i: Interaction, action: str, round_id: int | None
    ) -> tuple[RoundState, ProgramView] | None:
        """The clicked round and its program, once the clicker is checked as that program's admin
        (audited); None when refused or stale (the clicker was told)."""
        state = circle_reads.round_state(self.deps, i.team_id, round_id) if round_id is not None else None
        program = view_of_program(self.deps, i.team_id, state.program_id) if state is not None else None
        if not require_admin(self.gate, i.body, i.client, f"circles round {action}", str(round_id), program):
            i.reply(NOT_ADMIN)
            return None
        if state is None or program is None:
            i.reply(STALE_BUTTON)
            return None
        return state, program

    def _show_round(
        self,
        i: Interaction,
        state: RoundState,
        program: ProgramView,
        proposal: dict[str, Any],
        *,
        page: int = 0,
        decided: str | None = None,
    ) -> None:
        """Redraw the round's proposal where it was posted (or where it was clicked)."""
        shown = round_blocks.build_round(state.round_id, program.name, proposal, page=page, decided=decided)
        text = decided or round_blocks.round_fallback(program.name, proposal)
        if state.message_channel and state.message_ts:
            update(i.client, state.message_channel, state.message_ts, text, shown)
        elif i.respond is not None and i.body.get("response_url"):
            i.respond(text=text, blocks=shown, replace_original=True)

    def _decide(self, i: Interaction, action: str) -> RoundDecision | None:
        round_id = parse_id(i.clicked_value())
        checked = self._checked_round(i, action, round_id)
        if checked is None or round_id is None:
            return None
        _state, program = checked
        service = circle_services.approve_round if action == "approve" else circle_services.discard_round
        with program_scope(program.id):
            decision = service(self.deps, i.team_id, round_id, i.user_id)
        if not decision.changed:
            status = t.ROUND_STATUS_WORDS.get(decision.status, decision.status)
            i.reply(t.ROUND_ALREADY.format(status=status, admin=decision.decided_by or "?"))
            return None
        return decision

    def handle_round_approve(self, i: Interaction) -> None:
        """Approve a round once: circles formed, each introduced in its group DM; a second click (or
        another admin's) is told who decided; non-admins and forged values change nothing."""
        decision = self._decide(i, "approve")
        if decision is None:
            return
        program = view_of_program(self.deps, i.team_id, decision.program_id)
        lines = [t.ROUND_APPROVED.format(admin=i.user_id, created=plural(len(decision.created), "circle"))]
        lines += [
            t.ROUND_SKIPPED.format(members=", ".join(mention(m) for m in members))
            for members, _ in decision.skipped
        ]
        lines += [
            t.ROUND_DROPPED.format(who=mention(who), reason=t.ROUND_DROP_REASONS.get(reason, reason))
            for who, reason in decision.dropped
        ]
        if decision.regrouped:
            lines.append(t.ROUND_REGROUPED.format(count=len(decision.regrouped)))
        state = circle_reads.round_state(self.deps, i.team_id, decision.round_id)
        if state is not None and program is not None:
            self._show_round(i, state, program, decision.proposal, decided="\n".join(lines))
        for circle in decision.created:
            try:
                self.introduce(i.client, i.team_id, circle, decision.proposal)
            except SlackApiError as err:  # one circle Slack can't reach must not stop the others
                error = str(err.response.get("error") or "unknown")
                logger.warning("circle intro failed circle=%s error=%s", circle.circle_id, error)
                members = ", ".join(mention(m.slack_user_id) for m in circle.members)
                text = t.INTRO_FAILED.format(members=members, error=esc(error))
                retry = kit.button(t.INTRO_RETRY, ids.CIRCLE_INTRO_RETRY, str(circle.circle_id))
                i.reply(text, [kit.section(text, accessory=retry)])
        for _, channel in decision.regrouped:
            if channel:
                with contextlib.suppress(SlackApiError):
                    post(i.client, channel, t.REGROUPED, [kit.section(t.REGROUPED)])

    def handle_intro_retry(self, i: Interaction) -> None:
        """Try again to open a circle's group DM and introduce it (its program's admins only)."""
        circle_id = parse_id(i.clicked_value())
        place = circle_reads.circle_place(self.deps, i.team_id, circle_id) if circle_id is not None else None
        program = view_of_program(self.deps, i.team_id, place.program_id) if place is not None else None
        if not require_admin(self.gate, i.body, i.client, "circles intro retry", str(circle_id), program):
            i.reply(NOT_ADMIN)
            return
        if place is None or program is None:
            i.reply(STALE_BUTTON)
            return
        if place.group_channel_id:
            i.reply(t.INTRO_DONE_ALREADY)
            return
        circle = circle_services.circle_intro(self.deps, i.team_id, place.circle_id)
        proposal = (
            circle_services.round_plan(self.deps, i.team_id, place.round_id).proposal
            if place.round_id is not None
            else {}
        )
        try:
            self.introduce(i.client, i.team_id, circle, proposal)
        except SlackApiError as err:
            members = ", ".join(mention(m.slack_user_id) for m in circle.members)
            i.reply(t.INTRO_FAILED.format(members=members, error=esc(str(err.response.get("error")))))
            return
        i.reply(t.INTRO_RETRIED)

    def handle_round_discard(self, i: Interaction) -> None:
        """Discard a round (once); nothing is formed."""
        decision = self._decide(i, "discard")
        if decision is None:
            return
        state = circle_reads.round_state(self.deps, i.team_id, decision.round_id)
        program = view_of_program(self.deps, i.team_id, decision.program_id)
        if state is not None and program is not None:
            self._show_round(
                i, state, program, decision.proposal, decided=t.ROUND_DISCARDED.format(admin=i.user_id)
            )

    def handle_round_page(self, i: Interaction) -> None:
        """Previous / Next: the same proposal, another page of circles (admins only)."""
        parts = round_blocks.parse_ids(i.clicked_value(), 2)
        checked = self._checked_round(i, "page", parts[0] if parts else None)
        if checked is None or parts is None:
            return
        state, program = checked
        plan = circle_services.round_plan(self.deps, i.team_id, state.round_id)
        decided = None if state.status == "proposed" else t.ROUND_STATUS_WORDS.get(state.status, state.status)
        shown = round_blocks.build_round(
            state.round_id, program.name, plan.proposal, page=parts[1], decided=decided
        )
        text = round_blocks.round_fallback(program.name, plan.proposal)
        channel, ts = i.channel_id, str((i.body.get("message") or {}).get("ts") or "")
        if channel and ts and channel == state.message_channel:
            update(i.client, channel, ts, text, shown)
        elif i.respond is not None and i.body.get("response_url"):
            i.respond(text=text, blocks=shown, replace_original=True)

    def handle_round_csv(self, i: Interaction) -> None:
        """The whole proposal as a CSV, uploaded in the admin channel (admins only)."""
        checked = self._checked_round(i, "csv", parse_id(i.clicked_value()))
        if checked is None:
            return
        state, program = checked
        plan = circle_services.round_plan(self.deps, i.team_id, state.round_id)
        files = [
            {
                "content": circle_reads.proposal_csv(plan.proposal),
                "filename": f"circles-round-{state.round_id}.csv",
                "title": f"Circles round {state.round_id}",
            }
        ]
        channel = state.message_channel or programs.admin_channel_of(self.deps, i.team_id, program.id)
        try:
            if channel:
                i.client.files_upload_v2(
                    file_uploads=files,
                    channel=channel,
                    initial_comment=t.ROUND_CSV_COMMENT.format(round=state.round_id),
                )
                return
            dm = i.client.conversations_open(users=i.user_id)["channel"]["id"]
            i.client.files_upload_v2(
                file_uploads=files,
                channel=dm,
                initial_comment=t.ROUND_CSV_COMMENT.format(round=state.round_id),
            )
        except SlackApiError as err:
            i.reply(t.ROUND_CSV_FAILED.format(error=esc(str(err.response.get("error")))))

    # -- per-circle edits --------------------------------------------------------------------------
    def handle_round_edit(self, i: Interaction) -> None:
        """A circle's Edit button: the form to move or take out someone (checked: admin, pending, current)."""
        parts = round_blocks.parse_ids(i.clicked_value(), 3)
        checked = self._checked_round(i, "edit", parts[0] if parts else None)
        if checked is None or parts is None:
            return
        state, program = checked
        if state.status != "proposed":
            status = t.ROUND_STATUS_WORDS.get(state.status, state.status)
            i.reply(t.ROUND_ALREADY.format(status=status, admin=state.decided_by or "?"))
            return
        if parts[2] != state.version:
            i.reply(t.EDIT_STALE)
            return
        plan = circle_services.round_plan(self.deps, i.team_id, state.round_id)
        modal = round_blocks.build_edit_modal(state.round_id, parts[1], plan.proposal)
        if modal is None:
            i.reply(STALE_BUTTON)
            return
        with program_scope(program.id):
            i.open_modal(self.deps, modal)

    def handle_edit_submission(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """Move (or take out) one person: re-checked as admin; a change that breaks a rule or comes
        from a stale form is refused inline; else the proposal is redrawn in the admin channel."""
        i = Interaction.from_bolt(body, context, client)
        round_id, version, who, target = round_blocks.parse_edit_modal(view)
        state = circle_reads.round_state(self.deps, i.team_id, round_id) if round_id is not None else None
        program = view_of_program(self.deps, i.team_id, state.program_id) if state is not None else None
        if not require_admin(self.gate, body, client, "circles round edit", str(round_id), program):
            ack(response_action="errors", errors={ids.CIRCLE_EDIT_WHO: NOT_ADMIN})
            return
        if state is None or program is None or round_id is None or target == round_blocks.INVALID_TARGET:
            ack(response_action="errors", errors={ids.CIRCLE_EDIT_TO: STALE_BUTTON})
            return
        try:
            with program_scope(program.id):
                plan = circle_services.move_member(
                    self.deps, i.team_id, round_id, who, target, i.user_id, expected_version=version
                )
        except CircleRefused as err:
            block = ids.CIRCLE_EDIT_WHO if err.code == "not_in_round" else ids.CIRCLE_EDIT_TO
            ack(response_action="errors", errors={block: round_blocks.edit_refusal(err.code, err.params)})
            return
        ack()
        page = (target or 0) // round_blocks.PAGE_SIZE
        fresh = circle_reads.round_state(self.deps, i.team_id, round_id) or state
        self._show_round(i, fresh, program, plan.proposal, page=page)

    # -- /mentor circle ------------------------------------------------------------------------------
    def _my_circle(self, team_id: str, user_id: str, program_id: int) -> CircleView | None:
        found = circle_services.circles_of(self.deps, team_id, user_id, program_id)
        return found[0] if found else None

    def handle_circle_command(self, call: CommandCall) -> None:
        """`/mentor circle [pause|resume|leave]`: your circle, or a confirmation before acting."""
        sub = call.args[0].lower() if call.args else "status"
        program = circle_members.circle_program(self.deps, call.team_id, call.program_id)
        context = (
            circle_members.join_context(self.deps, call.team_id, call.user_id, program.id)
            if program is not None
            else None
        )
        if program is None or context is None or not context.joined:
            call.reply(t.STATUS_NOT_MEMBER)
            return
        view = self._my_circle(call.team_id, call.user_id, program.id)
        if sub in ("status", "show", ""):
            if view is None:
                call.reply(*blocks.build_waiting(program.name, context.topics))
            else:
                call.reply(*blocks.build_status(view, call.user_id, program.key))
            return
        if sub not in blocks.CONFIRMS:
            call.reply(t.CIRCLE_USAGE)
            return
        if view is None:
            call.reply(*blocks.build_waiting(program.name, context.topics))
            return
        call.reply(*blocks.build_seat_confirm(sub, view, call.user_id))

    def _seat(self, i: Interaction, action: str) -> None:
        """Leave, pause or come back (the seat is checked by the service); tell the person, and the
        circle only who and who hosts next."""
        circle_id = parse_id(i.clicked_value())
        if circle_id is None:
            i.reply(STALE_BUTTON)
            return
        service = {
            "leave": circle_services.leave,
            "pause": circle_services.pause_seat,
            "resume": circle_services.resume_seat,
        }[action]
        try:
            change = service(self.deps, i.team_id, i.user_id, circle_id)
        except CircleRefused as err:
            i.reply(t.SEAT_REFUSALS.get(err.code, err.user_message))
            return
        program = view_of_program(self.deps, i.team_id, change.program_id)
        words = blocks.seat_words(change, program.name if program else "")
        if i.respond is not None and i.body.get("response_url") and not i.in_home_tab:
            i.respond(text=words, blocks=[kit.section(words)], replace_original=True)
        else:
            i.dm(words, [kit.section(words)])
        if change.group_channel_id:
            text, shown = blocks.build_seat_notice(change)
            try:
                post(i.client, change.group_channel_id, text, shown)
            except SlackApiError as err:
                logger.info(
                    "circle notice not posted circle=%s error=%s", change.circle_id, err.response.get("error")
                )
        self._refresh_home(i)

    def handle_leave_click(self, i: Interaction) -> None:
        """Leave the circle (after the confirmation)."""
        self._seat(i, "leave")

    def handle_pause_click(self, i: Interaction) -> None:
        """Take a break from the circle."""
        self._seat(i, "pause")

    def handle_resume_click(self, i: Interaction) -> None:
        """Come back to the circle."""
        self._seat(i, "resume")

    def _refresh_home(self, i: Interaction) -> None:
        try:
            self.home.publish(i.client, i.team_id, i.user_id)
        except SlackApiError as err:
            logger.info("home not refreshed error=%s", err.response.get("error"))

    # -- did your circle meet? ----------------------------------------------------------------------
    def _answer(self, i: Interaction, met: bool) -> None:
        parts = round_blocks.parse_ids(i.clicked_value(), 2)
        if parts is None:
            i.reply(STALE_BUTTON)
            return
        circle_id, cycle = parts
        try:
            log = circle_services.log_meeting(self.deps, i.team_id, i.user_id, circle_id, cycle, met)
        except CircleRefused as err:
            i.reply(t.MEET_REFUSALS.get(err.code, err.user_message))
            return
        if not log.created:
            i.reply(t.MET_ALREADY.format(who=mention(log.logged_by.slack_user_id)))
            return
        if log.met and i.trigger_id:
            with contextlib.suppress(SlackApiError):
                i.open_modal(self.deps, blocks.build_summary_modal(circle_id, cycle))
        note = blocks.build_logged(log.met, log.held_on)
        shown: list[dict[str, Any]] = [kit.section(note)]
        if log.met:
            summary = kit.button(t.SUMMARY_BUTTON, ids.CIRCLE_SUMMARY_OPEN, f"{circle_id}:{cycle}")
            shown = [kit.section(note, accessory=summary)]
        message = i.body.get("message") or {}
        if i.channel_id and message.get("ts"):
            update(i.client, i.channel_id, str(message["ts"]), note, shown)
        else:
            i.reply(note, shown)

    def handle_met_yes(self, i: Interaction) -> None:
        """ "Yes, we met": logged at once; the short summary form opens."""
        self._answer(i, True)

    def handle_met_no(self, i: Interaction) -> None:
        """ "Not this time": logged at once."""
        self._answer(i, False)

    def handle_summary_open(self, i: Interaction) -> None:
        """Share a short summary of a meeting already logged (the form again)."""
        parts = round_blocks.parse_ids(i.clicked_value(), 2)
        if parts is None:
            i.reply(STALE_BUTTON)
            return
        with refusals(i):
            circle_services.circle_view(self.deps, i.team_id, i.user_id, parts[0])  # a seat holder only
            i.open_modal(self.deps, blocks.build_summary_modal(*parts))

    def handle_summary_submission(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """Add the summary to the meeting (once) and share it in the circle's group DM."""
        i = Interaction.from_bolt(body, context, client)
        circle_id, cycle, text = blocks.parse_summary_modal(view)
        if circle_id is None or cycle is None:
            ack(response_action="errors", errors={ids.CIRCLE_SUMMARY_TEXT: STALE_BUTTON})
            return
        try:
            log = circle_reads.add_summary(
                self.deps, i.team_id, i.user_id, circle_id, cycle, text, once=i.form_key()
            )
        except CircleRefused as err:
            ack(
                response_action="errors",
                errors={ids.CIRCLE_SUMMARY_TEXT: t.MEET_REFUSALS.get(err.code, err.user_message)},
            )
            return
        except AlreadyDone:
            ack()
            return
        ack()
        if not log.created:
            i.dm(t.SUMMARY_ALREADY)
            return
        if log.group_channel_id:
            post(client, log.group_channel_id, *blocks.build_summary_post(log))

    # -- the closing reflection ----------------------------------------------------------------------
    def handle_reflect_open(self, i: Interaction) -> None:
        """Share a reflection: the form (for someone who held a seat in the circle)."""
        circle_id = parse_id(i.clicked_value())
        if circle_id is None:
            i.reply(STALE_BUTTON)
            return
        try:
            view = circle_services.circle_view(self.deps, i.team_id, i.user_id, circle_id)
        except CircleRefused as err:
            i.reply(t.REFLECT_REFUSALS.get(err.code, err.user_message))
            return
        token = new_token(self.deps, i.team_id, i.user_id, ids.CIRCLE_REFLECT_MODAL)
        with program_scope(view.program_id):
            i.open_modal(self.deps, blocks.build_reflect_modal(circle_id, view.program_name, token))

    def handle_reflect_submission(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """Keep the reflection once (the score for aggregates, the comment private); thank them."""
        i = Interaction.from_bolt(body, context, client)
        circle_id, score, comment = blocks.parse_reflect_modal(view)
        if circle_id is None:
            ack(response_action="errors", errors={ids.CIRCLE_REFLECT_SCORE: STALE_BUTTON})
            return
        try:
            saved = circle_services.reflect(
                self.deps, i.team_id, i.user_id, circle_id, score or 0, comment, once=i.form_key()
            )
        except CircleRefused as err:
            block = ids.CIRCLE_REFLECT_COMMENT if err.code == "too_long" else ids.CIRCLE_REFLECT_SCORE
            ack(response_action="errors", errors={block: t.REFLECT_REFUSALS.get(err.code, err.user_message)})
            return
        except AlreadyDone:
            ack()
            return
        ack()
        i.dm(t.REFLECT_THANKS if saved.created else t.REFLECT_ALREADY)

    # -- Home ------------------------------------------------------------------------------------------
    def home_section(self, team_id: str, user_id: str, program_id: int) -> list[dict[str, Any]]:
        """A circles program's Home section: the person's circle and the next step."""
        program = circle_members.circle_program(self.deps, team_id, program_id)
        if program is None:
            return []
        context = circle_members.join_context(self.deps, team_id, user_id, program.id)
        view = self._my_circle(team_id, user_id, program.id)
        return blocks.build_home_section(program.name, program.key, user_id, view, context.topics)

    def register(
        self, app: Listeners, router: CommandRouter, admin: AdminRouter, enrollment_: Enrollment
    ) -> None:
        """Attach the circles listeners, subcommands and hooks."""
        router.add("circle", self.handle_circle_command, "circles")
        enrollment_.add_join_form("circles", self.open_join_form)
        self.home.add_format_section("circles", self.home_section)
        app.action(ids.CIRCLE_LEAVE)(click(self.handle_leave_click))
        app.action(ids.CIRCLE_PAUSE)(click(self.handle_pause_click))
        app.action(ids.CIRCLE_RESUME)(click(self.handle_resume_click))
        app.action(ids.CIRCLE_MET_YES)(click(self.handle_met_yes))
        app.action(ids.CIRCLE_MET_NO)(click(self.handle_met_no))
        app.action(ids.CIRCLE_SUMMARY_OPEN)(click(self.handle_summary_open))
        app.view(ids.CIRCLE_SUMMARY_MODAL)(self.handle_summary_submission)
        app.action(ids.CIRCLE_REFLECT_OPEN)(click(self.handle_reflect_open))
        app.view(ids.CIRCLE_REFLECT_MODAL)(self.handle_reflect_submission)
        app.view(ids.CIRCLE_JOIN_MODAL)(self.handle_join_submission)
        admin.add("circles", self.handle_admin_circles)
        admin.add("match", self.handle_admin_circles, program_format="circles")
        admin.add("report", self.handle_admin_report, program_format="circles")
        admin.add("pairs", self.handle_admin_health, program_format="circles")
        admin.add("health", self.handle_admin_health)
        admin.add("prompts", self.handle_admin_prompts)
        app.action(ids.CIRCLE_ROUND_APPROVE)(click(self.handle_round_approve))
        app.action(ids.CIRCLE_ROUND_DISCARD)(click(self.handle_round_discard))
        app.action(ids.CIRCLE_ROUND_PAGE)(click(self.handle_round_page))
        app.action(ids.CIRCLE_ROUND_CSV)(click(self.handle_round_csv))
        app.action(ids.CIRCLE_ROUND_EDIT)(click(self.handle_round_edit))
        app.action(ids.CIRCLE_INTRO_RETRY)(click(self.handle_intro_retry))
        app.view(ids.CIRCLE_EDIT_MODAL)(self.handle_edit_submission)
