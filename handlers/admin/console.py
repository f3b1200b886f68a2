"""`/mentor admin settings|report|pairs|announce|export|add|remove|list` at the Slack edge.

The router has already worked out the program and checked the caller administers it, and runs the
subcommand in that program (storage.scope). Forms carry the program id in their signed metadata;
every button, menu and form submission checks again with `require_admin` against the program it
acts on (a pair's own program), so a replayed click or submission from a non-admin of that program
changes nothing and is audited as denied. Files go to the program's own admin channel only.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.domain.program_settings import SettingsErrors, validate_settings
from bot.services import admins, program_admin
from bot.services.once import AlreadyDone
from bot.services.programs import ProgramView
from handlers.admin import texts as t
from handlers.admin.blocks import (
    SETTINGS_BLOCKS,
    build_announce_modal,
    build_announcement_payload,
    build_pairs,
    build_report,
    build_settings_modal,
    parse_announce,
    parse_settings,
    report_fallback,
    settings_saved_text,
)
from handlers.admin.charts import report_charts
from handlers.admin.gate import AdminGate, AdminRouter, require_admin, view_of_program
from handlers.slack import ids, kit
from handlers.slack.envelope import seal
from handlers.slack.format import esc, first_name, mention, plural
from handlers.slack.inputs import mentioned_user, parse_id
from handlers.slack.interaction import Interaction, refusals
from handlers.slack.messaging import send_dm, slack_profile
from handlers.slack.once import form_key, new_token
from handlers.slack.registry import Listeners
from handlers.slack.router import CommandCall
from storage.records import MentorshipRecord
from storage.scope import current_program, program_scope

logger = logging.getLogger(__name__)

UPLOAD_FALLBACK_ERRORS = {"not_in_channel", "channel_not_found", "is_archived", "not_allowed_token_type"}


def _ids(body: dict[str, Any]) -> tuple[str, str]:
    team = str((body.get("team") or {}).get("id") or body.get("team_id") or "")
    return team, str((body.get("user") or {}).get("id") or "")


def with_program(view: dict[str, Any], program_id: int | None) -> dict[str, Any]:
    """The modal with its program id ("p") added to its metadata (signed with it by `seal`)."""
    data = kit.metadata(view)
    data["p"] = program_id
    return {**view, "private_metadata": json.dumps(data)}


class AdminConsole:
    """Listeners for the admin subcommands, their forms and the per-pair actions."""

    def __init__(self, deps: Deps, gate: AdminGate) -> None:
        self.deps = deps
        self.gate = gate

    # -- the program acted in --------------------------------------------------------------------
    def _program(self, team_id: str) -> ProgramView | None:
        """The program the router resolved for this request."""
        program_id = current_program()
        return view_of_program(self.deps, team_id, program_id) if program_id is not None else None

    def _form_program(self, team_id: str, view: dict[str, Any]) -> ProgramView | None:
        """The program a submitted admin form was opened in (its signed metadata), if it still exists."""
        program_id = kit.metadata_int(view, "p")
        return view_of_program(self.deps, team_id, program_id) if program_id is not None else None

    def _pair_program(self, team_id: str, mentorship_id: int | None) -> ProgramView | None:
        """The program of a pair, if the pair is this workspace's."""
        if mentorship_id is None:
            return None
        with self.deps.uow(read_only=True) as uow:
            found = uow.session.get(MentorshipRecord, mentorship_id)
            program_id = found.program_id if found is not None and found.team_id == team_id else None
        return view_of_program(self.deps, team_id, program_id) if program_id is not None else None

    def _allowed(
        self,
        body: dict[str, Any],
        client: WebClient,
        action: str,
        target: str | None,
        program: ProgramView | None,
    ) -> bool:
        """Check (and audit) a form submission against its program; a form without one is refused."""
        if program is not None:
            return require_admin(self.gate, body, client, action, target, program)
        team_id, user_id = _ids(body)
        admins.audit(self.deps, team_id, user_id, action, target, "denied")
        return False

    # -- where admin files go -------------------------------------------------------------------
    def _share(
        self, client: WebClient, team_id: str, user_id: str, files: list[dict[str, Any]], comment: str
    ) -> str:
        """Upload files to the program's admin channel (or the admin's DM); return where, in words."""
        program = self._program(team_id)
        channel = program.admin_channel if program is not None else None
        if channel:
            try:
                client.files_upload_v2(file_uploads=files, channel=channel, initial_comment=comment)
                return f"<#{channel}>"
            except SlackApiError as err:
                if err.response.get("error") not in UPLOAD_FALLBACK_ERRORS:
                    raise
                logger.warning("admin channel upload failed error=%s; using DM", err.response.get("error"))
        dm = str(client.conversations_open(users=user_id)["channel"]["id"])
        client.files_upload_v2(file_uploads=files, channel=dm, initial_comment=comment)
        return "your DM with me"

    # -- settings -------------------------------------------------------------------------------
    def handle_settings_command(self, call: CommandCall) -> None:
        """`/mentor admin settings`: open the settings form with the current values."""
        current = program_admin.current_settings(self.deps, call.team_id)
        token = new_token(self.deps, call.team_id, call.user_id, ids.ADMIN_SETTINGS_MODAL)
        modal = with_program(build_settings_modal(current, token), current_program())
        view = seal(self.deps, modal, call.user_id)
        call.client.views_open(trigger_id=call.trigger_id, view=view)

    def handle_settings_submission(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        """Validate the settings (inline errors, nothing saved), re-check admin, save and confirm."""
        result = validate_settings(parse_settings(view["state"]))
        if isinstance(result, SettingsErrors):
            ack(
                response_action="errors",
                errors={SETTINGS_BLOCKS[k]: v for k, v in result.fields.items() if k in SETTINGS_BLOCKS},
            )
            return
        ack()
        team_id, user_id = _ids(body)
        program = self._form_program(team_id, view)
        if not self._allowed(body, client, "admin settings save", None, program) or program is None:
            send_dm(client, user_id, t.NOT_ADMIN)
            return
        try:
            with program_scope(program.id):
                changed = program_admin.save_settings(
                    self.deps, team_id, user_id, result, once=form_key(body, view, team_id)
                )
        except AlreadyDone:
            logger.info("settings form sent again team=%s user=%s: saved once", team_id, user_id)
            return
        send_dm(client, user_id, settings_saved_text(changed))

    # -- report ---------------------------------------------------------------------------------
    def handle_report_command(self, call: CommandCall) -> None:
        """`/mentor admin report`: numbers privately, charts shared with the admins."""
        report = program_admin.program_report(self.deps, call.team_id)
        program = program_admin.current_settings(self.deps, call.team_id).program_name
        charts = report_charts(report.sessions_by_month, report.goals_by_month)
        if charts:
            files = [{"file": png, "filename": name, "title": title} for name, title, png in charts]
            where = self._share(call.client, call.team_id, call.user_id, files, t.REPORT_CHART_COMMENT)
            note = t.REPORT_CHARTS_SHARED.format(where=where)
        else:
            note = t.REPORT_NO_CHARTS
        call.reply(report_fallback(report, esc(program)), build_report(report, program, note))

    # -- pairs ----------------------------------------------------------------------------------
    def handle_pairs_command(self, call: CommandCall) -> None:
        """`/mentor admin pairs`: every pair's health with actions."""
        rows = program_admin.pairs_overview(self.deps, call.team_id)
        call.reply(t.PAIRS_FALLBACK, build_pairs(rows))

    def handle_digest_open_pairs(
        self, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        """The digest's "Open pair health" button: the pairs view, privately, for an admin of the
        digest's program only (checked on the click; the digest sits in a channel)."""
        ack()
        i = Interaction.from_bolt(body, context, client, respond)
        program_id = parse_id(i.clicked_value())
        program = view_of_program(self.deps, i.team_id, program_id) if program_id is not None else None
        target = f"program:{program_id}" if program_id is not None else None
        if program is None:  # a forged or stale id: admins of some program are told it is stale
            if not require_admin(self.gate, body, client, "admin digest pairs", target):
                i.reply(t.NOT_ADMIN)
            else:
                i.reply(t.ACTION_STALE)
            return
        if not require_admin(self.gate, body, client, "admin digest pairs", target, program):
            i.reply(t.NOT_ADMIN)
            return
        with program_scope(program.id):
            rows = program_admin.pairs_overview(self.deps, i.team_id)
        i.reply(t.PAIRS_FALLBACK, build_pairs(rows))

    def handle_pair_action(
        self, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        """An action on one pair: re-check admin, act, tell both people, refresh the list."""
        ack()
        i = Interaction.from_bolt(body, context, client, respond)
        action, _, ident = (i.clicked_value() or "").partition(":")
        target = f"mentorship:{ident[:20]}"
        mentorship_id = parse_id(ident)
        program = self._pair_program(i.team_id, mentorship_id)
        if mentorship_id is None or program is None:
            if not require_admin(self.gate, body, client, f"admin pair {action[:20]}", target):
                i.reply(t.NOT_ADMIN)
                return
        elif not require_admin(self.gate, body, client, f"admin pair {action[:20]}", target, program):
            i.reply(t.NOT_ADMIN)
            return
        if mentorship_id is None or program is None:
            i.reply(t.ACTION_STALE)
            return
        with refusals(i), program_scope(program.id):
            done = program_admin.apply_pair_action(self.deps, i.team_id, i.user_id, action, mentorship_id)
            self._tell_pair(client, done)
            note = t.ACTION_DONE[done.action].format(
                mentor=esc(done.mentor_name), mentee=esc(done.mentee_name)
            )
            rows = program_admin.pairs_overview(self.deps, i.team_id)
            respond(
                text=note, blocks=build_pairs(rows, note), response_type="ephemeral", replace_original=True
            )

    def _tell_pair(self, client: WebClient, done: program_admin.PairActionResult) -> None:
        program = esc(done.program_name)
        mentor = (done.mentor_slack_id, first_name(done.mentor_name), esc(done.mentee_name))
        mentee = (done.mentee_slack_id, first_name(done.mentee_name), esc(done.mentor_name))
        templates = {
            "nudge": (t.NUDGE_TEXT, t.NUDGE_TEXT),
            "pause": (t.PAUSE_TEXT, t.PAUSE_TEXT),
            "resume": (t.RESUME_TEXT, t.RESUME_TEXT),
            "end": (t.END_TEXT, t.END_TEXT),
            "rematch": (t.REMATCH_MENTOR_TEXT, t.REMATCH_MENTEE_TEXT),
        }[done.action]
        for (slack_id, name, partner), template in zip((mentor, mentee), templates, strict=True):
            send_dm(client, slack_id, template.format(name=name, partner=partner, program=program))

    # -- announce -------------------------------------------------------------------------------
    def handle_announce_command(self, call: CommandCall) -> None:
        """`/mentor admin announce`: open the announcement form."""
        counts = program_admin.audience_counts(self.deps, call.team_id)
        token = new_token(self.deps, call.team_id, call.user_id, ids.ADMIN_ANNOUNCE_MODAL)
        modal = with_program(build_announce_modal(counts, token), current_program())
        view = seal(self.deps, modal, call.user_id)
        call.client.views_open(trigger_id=call.trigger_id, view=view)

    def handle_announce_submission(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        """Validate, re-check admin, queue one message per recipient and say how many."""
        message, audience, errors = parse_announce(view["state"])
        if errors or audience is None:
            ack(response_action="errors", errors=errors)
            return
        ack()
        team_id, user_id = _ids(body)
        program = self._form_program(team_id, view)
        allowed = self._allowed(body, client, "admin announce send", f"audience={audience}", program)
        if not allowed or program is None:
            send_dm(client, user_id, t.NOT_ADMIN)
            return
        payload = build_announcement_payload(message, program.name)
        try:
            with program_scope(program.id):
                _, count = program_admin.queue_announcement(
                    self.deps, team_id, user_id, audience, payload, once=form_key(body, view, team_id)
                )
        except AlreadyDone:
            logger.info("announce form sent again team=%s user=%s: queued once", team_id, user_id)
            return
        if count == 0:
            send_dm(client, user_id, t.ANNOUNCE_NOBODY)
            return
        send_dm(
            client,
            user_id,
            t.ANNOUNCE_QUEUED.format(
                people=plural(count, "person", "people"), audience=t.AUDIENCE_WORDS[audience]
            ),
        )

    # -- export ---------------------------------------------------------------------------------
    def handle_export_command(self, call: CommandCall) -> None:
        """`/mentor admin export`: participants, pairs and outcomes as CSV files."""
        tables = program_admin.export_csvs(self.deps, call.team_id, call.user_id)
        files = [
            {"content": text, "filename": name, "title": name, "snippet_type": "csv"}
            for name, text in tables.items()
        ]
        where = self._share(call.client, call.team_id, call.user_id, files, t.EXPORT_COMMENT)
        call.reply(t.EXPORT_DONE.format(where=where))

    # -- the admin list -------------------------------------------------------------------------
    def _mentioned(self, call: CommandCall) -> str | None:
        return mentioned_user(call.args[1]) if len(call.args) > 1 else None

    def handle_add_command(self, call: CommandCall) -> None:
        """`/mentor admin add @person`: put someone on the database admin list."""
        user_id = self._mentioned(call)
        if user_id is None:
            call.reply(t.LIST_USAGE)
            return
        profile = slack_profile(call.client, user_id)
        if (
            profile is None
            or profile.get("is_restricted")
            or profile.get("is_ultra_restricted")
            or profile.get("deleted")
            or profile.get("is_bot")
        ):
            call.reply(t.LIST_GUEST.format(who=mention(user_id)))
            return
        added = program_admin.add_listed_admin(self.deps, call.team_id, call.user_id, user_id)
        call.reply((t.LIST_ADDED if added else t.LIST_ALREADY).format(who=mention(user_id)))

    def handle_remove_command(self, call: CommandCall) -> None:
        """`/mentor admin remove @person`: take someone off the database admin list."""
        user_id = self._mentioned(call)
        if user_id is None:
            call.reply(t.LIST_USAGE.replace("add", "remove"))
            return
        removed = program_admin.remove_listed_admin(self.deps, call.team_id, call.user_id, user_id)
        if removed:
            call.reply(t.LIST_REMOVED.format(who=mention(user_id)) + t.LIST_REMOVED_NOTE)
        else:
            call.reply(t.LIST_NOT_THERE.format(who=mention(user_id)))

    def handle_list_command(self, call: CommandCall) -> None:
        """`/mentor admin list`: who is an admin, and how."""
        listed = program_admin.list_admins(self.deps, call.team_id)
        program = self._program(call.team_id)
        channel = program.admin_channel if program is not None else None
        call.reply(
            t.LIST_SHOW.format(
                channel=f"<#{channel}>" if channel else "the admin channel (not configured)",
                people=", ".join(mention(u) for u in listed) or t.LIST_EMPTY,
            )
        )

    def register(self, app: Listeners, admin: AdminRouter) -> None:
        """Attach the admin subcommands, forms, the pair action menu and the cache refresh."""
        admin.add("settings", self.handle_settings_command)
        admin.add("report", self.handle_report_command)
        admin.add("pairs", self.handle_pairs_command)
        admin.add("announce", self.handle_announce_command)
        admin.add("export", self.handle_export_command)
        admin.add("add", self.handle_add_command)
        admin.add("remove", self.handle_remove_command)
        admin.add("list", self.handle_list_command)
        app.view(ids.ADMIN_SETTINGS_MODAL)(self.handle_settings_submission)
        app.view(ids.ADMIN_ANNOUNCE_MODAL)(self.handle_announce_submission)
        app.action(ids.ADMIN_PAIR_ACTION)(self.handle_pair_action)
        app.action(ids.DIGEST_OPEN_PAIRS)(self.handle_digest_open_pairs)
        app.action(ids.ADMIN_PICK_PROGRAM)(admin.handle_pick)
        app.event("member_left_channel")(self.gate.handle_member_left_channel)
