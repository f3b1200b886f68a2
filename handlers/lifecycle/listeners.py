"""The life of a mentorship at the Slack edge: `/mentor status` (and the Home section), pause,
resume and end."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.domain.errors import MentorshipError
from bot.services import home, journey, lifecycle, pairs, programs
from handlers.home.blocks import load_line
from handlers.lifecycle import blocks as b
from handlers.lifecycle import texts as t
from handlers.pairs import history
from handlers.pairs.feature import (
    PairFeature,
)
from handlers.slack import ids, kit
from handlers.slack.envelope import seal
from handlers.slack.format import day_token, esc, mention
from handlers.slack.interaction import Interaction, click, field_errors
from handlers.slack.messaging import post, send_dm
from handlers.slack.once import new_token
from handlers.slack.registry import Listeners
from handlers.slack.router import CommandCall, CommandRouter
from storage.scope import program_scope

logger = logging.getLogger(__name__)


class Lifecycle(PairFeature):
    """Listeners of a mentorship's life: status, pause, resume, end."""

    def answer_status(self, call: CommandCall) -> tuple[str, list[dict[str, Any]] | None]:
        """`/mentor status [key]`: mentorships, agreement, next check-in, open items, goals (in the
        ack); for someone in several programs, one part per program unless a key or the channel
        names one."""
        key = call.args[0] if call.args else None
        found = programs.resolve(self.deps, call.team_id, call.user_id, call.channel_id, "member", key)
        named = found.key_used or found.from_channel
        mine = programs.programs_of(self.deps, call.team_id, call.user_id)
        if found.program is not None and (named or len(mine) <= 1):
            with program_scope(found.program.id):
                return self._status_in_program(call, found.program.id)
        if len(mine) <= 1:
            return self._status_in_program(call, mine[0].id if mine else None)
        share = max(4, (kit.MESSAGE_BLOCK_LIMIT - 2) // len(mine))
        out: list[dict[str, Any]] = []
        line = load_line(home.mentor_load_of(self.deps, call.team_id, call.user_id))
        if line:
            out.append(kit.context(line))
        for program in mine:
            drawn = self.home.format_section(call.team_id, call.user_id, program.id)
            if drawn is not None:
                own = drawn  # a format that draws its own part (circles), its header first
            else:
                with program_scope(program.id):
                    _, part = self._status_in_program(call)
                own = [kit.header(program.name), *(part or [])]
            if len(own) > share:
                own = [*own[: share - 1], kit.context(t.STATUS_MORE.format(key=esc(program.key)))]
            out += own
        return t.STATUS_HEADER, kit.message_blocks(out)

    def _status_in_program(
        self, call: CommandCall, program_id: int | None = None
    ) -> tuple[str, list[dict[str, Any]] | None]:
        drawn = self.home.format_section(call.team_id, call.user_id, program_id)
        if drawn is not None:
            return t.STATUS_HEADER, drawn
        statuses = lifecycle.status(self.deps, call.team_id, call.user_id)
        path = journey.read_journey(self.deps, call.team_id, call.user_id)
        if not statuses:
            return history.state_text(path), history.journey_blocks(path)
        head = [kit.section(f"{history.state_text(path)} {history.next_text(path)}")]
        return t.STATUS_HEADER, head + b.build_status(statuses) + history.history_blocks(path)

    def _announce_pause(self, client: WebClient, team_id: str, change: lifecycle.PairChange) -> str:
        partner = change.pair.partner_of(change.actor.person_id)
        until = t.UNTIL_DAY.format(day=day_token(change.until)) if change.until else t.UNTIL_RESUMED
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

    def handle_pause_pick(self, i: Interaction) -> None:
        """The chosen mentorship to pause (value: "<id>:<words after pause>")."""
        mentorship_id, words = i.clicked_parts()
        result = lifecycle.pause(self.deps, i.team_id, i.user_id, mentorship_id, words.split())
        if isinstance(result, lifecycle.PairChange):
            i.reply(self._announce_pause(i.client, i.team_id, result))

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

    def handle_resume_pick(self, i: Interaction) -> None:
        """The chosen mentorship to resume (value: mentorship id)."""
        result = lifecycle.resume(self.deps, i.team_id, i.user_id, i.clicked_id())
        if isinstance(result, lifecycle.PairChange):
            i.reply(self._announce_resume(i.client, i.team_id, result))

    def handle_end_command(self, call: CommandCall) -> None:
        """`/mentor end`: open the modal to conclude a mentorship."""
        who = pairs.me(self.deps, call.team_id, call.user_id)
        own = journey.require_pairs(self.deps, call.team_id, call.user_id, who.pairs, "end_no_pair")
        token = new_token(self.deps, call.team_id, call.user_id, ids.END_MODAL)
        view = b.build_end_modal(own, who.person_id, None, token, who.today)
        call.client.views_open(trigger_id=call.trigger_id, view=seal(self.deps, view, call.user_id))

    def handle_end_submission(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """End the mentorship; thank and tell the partner kindly; flag a rematch to admins."""
        i = Interaction.from_bolt(body, context, client)
        team_id, user_id = i.team_id, i.user_id
        try:
            ended = lifecycle.end(self.deps, team_id, user_id, b.parse_end(view), once=i.form_key())
        except MentorshipError as err:
            field_errors(ack, err, b.END_FIELDS, ids.END_REASON)
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
        admin_channel = ended.admin_channel
        if ended.rematch and admin_channel:
            post(
                client,
                admin_channel,
                t.ADMIN_REMATCH_FALLBACK,
                [kit.section(t.ADMIN_REMATCH.format(mentee=mention(mentee.slack_id)))],
            )
        self.refresh_homes(client, team_id, user_id, ended.partner.slack_id)

    def register(self, app: Listeners, router: CommandRouter) -> None:
        """Attach the status, pause/resume and end listeners and subcommands."""
        router.add_answer("status", self.answer_status)
        router.add("pause", self.handle_pause_command)
        router.add("resume", self.handle_resume_command, "unpause")
        router.add("end", self.handle_end_command, "conclude")
        app.action(ids.PAUSE_PICK)(click(self.handle_pause_pick))
        app.action(ids.RESUME_PICK)(click(self.handle_resume_pick))
        app.view(ids.END_MODAL)(self.handle_end_submission)
