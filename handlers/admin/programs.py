"""`/mentor admin program new|list|edit|archive`, `/mentor admin overview` and `/mentor admin cap`.

Creating and archiving programs, the overview and the cap are for workspace owners and admins
(and people listed as admins of every program); a program's own admins may edit it. Every form
and button checks again on submission, against the program in the form's signed metadata.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.domain.errors import InvalidInput
from bot.services import admins, program_admin
from bot.services.circle_settings import CircleSettingsInput, settings_for
from bot.services.once import AlreadyDone
from bot.services.program_admin import Overview, ProgramForm
from bot.services.programs import FORMATS, ProgramView
from handlers.admin import texts as t
from handlers.admin.console import with_program
from handlers.admin.gate import AdminGate, AdminRouter, ensure_programs, view_of_program
from handlers.circles import texts as circle_texts
from handlers.circles.settings import FIELD_BLOCKS as CIRCLE_FIELD_BLOCKS
from handlers.circles.settings import build_settings_blocks, parse_settings
from handlers.slack import ids, kit
from handlers.slack.envelope import seal, sign, unseal, view_key
from handlers.slack.format import esc, mention, plural
from handlers.slack.inputs import parse_id
from handlers.slack.interaction import Interaction
from handlers.slack.messaging import send_dm
from handlers.slack.once import form_key, new_token
from handlers.slack.registry import Listeners
from handlers.slack.router import CommandCall
from handlers.slack.states import refusal_words

logger = logging.getLogger(__name__)

PROGRAM_BLOCKS = {
    "name": ids.ADMIN_PROGRAM_NAME,
    "key": ids.ADMIN_PROGRAM_KEY,
    "format": ids.ADMIN_PROGRAM_FORMAT,
    "admin_channel": ids.ADMIN_PROGRAM_ADMIN_CHANNEL,
    "program_channel": ids.ADMIN_PROGRAM_CHANNEL,
    "status": ids.ADMIN_PROGRAM_STATUS,
    **CIRCLE_FIELD_BLOCKS,
}


def _channel_select(action_id: str, initial: str | None) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "conversations_select",
        "action_id": action_id,
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
        "placeholder": kit.plain("Choose a channel"),
    }
    if initial:
        element["initial_conversation"] = initial
    return element


def _form_of(program: ProgramView | None) -> ProgramForm:
    """The form's values for a program (empty for a new one)."""
    if program is None:
        return ProgramForm(name="", key="")
    return ProgramForm(
        name=program.name,
        key=program.key,
        format=program.format,
        admin_channel=program.admin_channel,
        program_channel=program.program_channel,
        status=program.status,
    )


def build_program_modal(
    program: ProgramView | None,
    token: str | None,
    *,
    initial: ProgramForm | None = None,
    circles: CircleSettingsInput | None = None,
    editing: bool | None = None,
) -> dict[str, Any]:
    """The program form: name, key, format, channels and status; a circles program's settings
    below when the format is circles (choosing the format redraws the form, see
    `ProgramConsole.handle_format_change`)."""
    values = initial or _form_of(program)
    blocks = [
        kit.context(t.PROGRAM_INTRO),
        kit.input_block(
            ids.ADMIN_PROGRAM_NAME,
            t.PROGRAM_NAME,
            kit.text_input(ids.ADMIN_PROGRAM_NAME, initial=values.name or None, max_length=100),
        ),
        kit.input_block(
            ids.ADMIN_PROGRAM_KEY,
            t.PROGRAM_KEY,
            kit.text_input(ids.ADMIN_PROGRAM_KEY, initial=values.key or None, max_length=40),
            hint=t.PROGRAM_KEY_HINT,
        ),
        kit.input_block(
            ids.ADMIN_PROGRAM_FORMAT,
            t.PROGRAM_FORMAT,
            kit.static_select(
                ids.ADMIN_PROGRAM_FORMAT,
                [(f, t.FORMAT_LABELS.get(f, f)) for f in FORMATS],
                initial=values.format if values.format in FORMATS else "mentorship",
            ),
            hint=t.PROGRAM_FORMAT_HINT,
            dispatch=True,
        ),
        kit.input_block(
            ids.ADMIN_PROGRAM_ADMIN_CHANNEL,
            t.PROGRAM_ADMIN_CHANNEL,
            _channel_select(ids.ADMIN_PROGRAM_ADMIN_CHANNEL, values.admin_channel),
            optional=True,
            hint=t.PROGRAM_ADMIN_CHANNEL_HINT,
        ),
        kit.input_block(
            ids.ADMIN_PROGRAM_CHANNEL,
            t.PROGRAM_CHANNEL,
            _channel_select(ids.ADMIN_PROGRAM_CHANNEL, values.program_channel),
            optional=True,
            hint=t.PROGRAM_CHANNEL_HINT,
        ),
        kit.input_block(
            ids.ADMIN_PROGRAM_STATUS,
            t.PROGRAM_STATUS,
            kit.static_select(
                ids.ADMIN_PROGRAM_STATUS,
                list(t.STATUS_LABELS.items()),
                initial=values.status or "open",
            ),
            hint=t.PROGRAM_STATUS_HINT,
        ),
    ]
    if values.format == "circles":
        blocks += [kit.divider(), *build_settings_blocks(circles or CircleSettingsInput())]
    edit = program is not None if editing is None else editing
    title = t.PROGRAM_EDIT_TITLE if edit else t.PROGRAM_NEW_TITLE
    modal = kit.modal(ids.ADMIN_PROGRAM_MODAL, title, blocks, submit="Save")
    meta = {"t": token} if token else {}
    return with_program({**modal, "private_metadata": json.dumps(meta)}, program.id if program else None)


def parse_program_form(state: dict[str, Any]) -> ProgramForm:
    """The submitted program form (values unchecked)."""

    def text(block: str) -> str:
        value = kit.state_value(state, block)
        return value if isinstance(value, str) else ""

    return ProgramForm(
        name=text(ids.ADMIN_PROGRAM_NAME),
        key=text(ids.ADMIN_PROGRAM_KEY),
        format=text(ids.ADMIN_PROGRAM_FORMAT) or "mentorship",
        admin_channel=text(ids.ADMIN_PROGRAM_ADMIN_CHANNEL) or None,
        program_channel=text(ids.ADMIN_PROGRAM_CHANNEL) or None,
        status=text(ids.ADMIN_PROGRAM_STATUS) or "open",
        circles=parse_settings(state),
    )


def _channel(channel: str | None) -> str:
    return f"<#{channel}>" if channel else t.NO_CHANNEL


def build_program_list(programs: list[ProgramView]) -> tuple[str, list[dict[str, Any]]]:
    """The programs someone administers: name, key, format, status and channels."""
    if not programs:
        return t.PROGRAMS_NONE, [kit.section(t.PROGRAMS_NONE)]
    lines = [
        t.PROGRAM_LINE.format(
            name=esc(p.name),
            key=esc(p.key),
            format=t.FORMAT_LABELS.get(p.format, esc(p.format)),
            status=t.STATUS_LABELS.get(p.status, esc(p.status)),
            admin=_channel(p.admin_channel),
            channel=_channel(p.program_channel),
        )
        for p in programs
    ]
    return t.PROGRAMS_TITLE, [
        kit.header(t.PROGRAMS_TITLE),
        kit.section("\n".join(lines)),
        kit.context(t.PROGRAMS_HELP),
    ]


def build_overview(overview: Overview) -> tuple[str, list[dict[str, Any]]]:
    """The workspace overview: counts per program, people in several, mentors' load vs the cap."""
    rows = [
        t.OVERVIEW_PROGRAM.format(
            name=esc(c.program.name),
            status=t.STATUS_LABELS.get(c.program.status, esc(c.program.status)),
            members=plural(c.members, "member"),
            mentors=plural(c.mentors, "mentor"),
            mentees=plural(c.mentees, "mentee"),
            pairs=plural(c.pairs, "active pair"),
        )
        for c in overview.programs
    ]
    cap = str(overview.cap) if overview.cap is not None else t.CAP_NONE
    loads = [
        t.OVERVIEW_LOAD.format(
            who=mention(load.slack_user_id),
            total=plural(load.total, "mentee"),
            where=", ".join(f"{esc(name)} {n}" for name, n in load.by_program),
            over=t.OVER_CAP if overview.cap is not None and load.total > overview.cap else "",
        )
        for load in overview.loads
    ]
    blocks = [
        kit.header(t.OVERVIEW_TITLE),
        kit.section("*" + t.OVERVIEW_PARTICIPATION + "*\n" + "\n".join(rows)),
        kit.section(t.OVERVIEW_SEVERAL.format(count=overview.people_in_several)),
        kit.section(
            "*"
            + t.OVERVIEW_LOAD_TITLE.format(cap=cap, over=overview.over_cap)
            + "*\n"
            + ("\n".join(loads) or t.OVERVIEW_NO_LOAD)
        ),
        kit.context(t.OVERVIEW_FOOT),
    ]
    fallback = t.OVERVIEW_FALLBACK.format(
        programs=plural(len(overview.programs), "program"),
        several=plural(overview.people_in_several, "person", "people"),
    )
    return fallback, blocks


class ProgramConsole:
    """Programs as a workspace's admins manage them, and the workspace overview."""

    def __init__(self, deps: Deps, gate: AdminGate) -> None:
        self.deps = deps
        self.gate = gate

    def _owner(self, call: CommandCall, action: str) -> bool:
        allowed = self.gate.is_workspace_admin(call.client, call.team_id, call.user_id)
        if not allowed:
            admins.audit(self.deps, call.team_id, call.user_id, action, None, "denied")
            call.reply(t.WORKSPACE_ONLY)
        return allowed

    # -- /mentor admin program … ----------------------------------------------------------------
    def handle_program_command(self, call: CommandCall) -> None:
        """`/mentor admin program new|list|edit [key]|archive <key>`."""
        sub = call.args[1].lower() if len(call.args) > 1 else "list"
        key = call.args[2] if len(call.args) > 2 else ""
        if sub in ("list", "ls"):
            mine = self.gate.programs_of(call.client, call.team_id, call.user_id)
            call.reply(*build_program_list(mine))
        elif sub in ("new", "create"):
            if self._owner(call, "admin program new"):
                fmt = key.strip().lower() if key.strip().lower() in FORMATS else "mentorship"
                self._open(call, None, fmt)
        elif sub == "edit":
            program = self._which(call, key)
            if program is None:
                return
            if not self.gate.check(
                call.client, call.team_id, call.user_id, "admin program edit", program=program
            ):
                call.reply(t.NOT_ADMIN)
                return
            self._open(call, program)
        elif sub == "archive":
            if not self._owner(call, "admin program archive"):
                return
            program = self._which(call, key)
            if program is None:
                return
            try:
                done = program_admin.archive_program(self.deps, call.team_id, call.user_id, program.id)
            except InvalidInput as err:
                call.reply(refusal_words(err))
                return
            call.reply(t.PROGRAM_ARCHIVED.format(name=esc(done.name)))
        else:
            call.reply(t.PROGRAM_USAGE)

    def _which(self, call: CommandCall, key: str) -> ProgramView | None:
        """The program named by key, else the admin channel's, else the caller's only one; else ask."""
        programs = ensure_programs(self.deps, call.team_id)
        if key:
            found = next((p for p in programs if p.key == key.strip().lower()), None)
            if found is None:
                call.reply(t.PROGRAM_UNKNOWN.format(key=esc(key[:40].replace("`", ""))))
            return found
        here = next((p for p in programs if call.channel_id and call.channel_id == p.admin_channel), None)
        if here is not None:
            return here
        mine = self.gate.programs_of(call.client, call.team_id, call.user_id)
        if len(mine) == 1:
            return mine[0]
        call.reply(t.PROGRAM_SAY_KEY.format(keys=", ".join(f"`{esc(p.key)}`" for p in mine) or "—"))
        return None

    def _open(self, call: CommandCall, program: ProgramView | None, fmt: str = "mentorship") -> None:
        token = new_token(self.deps, call.team_id, call.user_id, ids.ADMIN_PROGRAM_MODAL)
        stored = settings_for(self.deps, call.team_id, program.id) if program is not None else None
        initial = None if program is not None else ProgramForm(name="", key="", format=fmt)
        modal = build_program_modal(
            program, token, initial=initial, circles=stored.as_input() if stored is not None else None
        )
        call.client.views_open(trigger_id=call.trigger_id, view=seal(self.deps, modal, call.user_id))

    def handle_format_change(
        self, ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """The format chosen in the program form: redraw it with (or without) the circle settings,
        keeping what was typed. The form's signed metadata is carried over as it was."""
        ack()
        i = Interaction.from_bolt(body, context, client)
        view = i.view
        data = unseal(self.deps, view, i.user_id) if view.get("id") else None
        if data is None or view.get("callback_id") != ids.ADMIN_PROGRAM_MODAL:
            logger.info("program form redraw refused team=%s user=%s", i.team_id, i.user_id[:32])
            return
        typed = parse_program_form(view.get("state") or {})
        chosen = i.clicked_value()
        if chosen in FORMATS:
            typed = replace(typed, format=chosen)
        program_id = parse_id(data.get("p"))
        stored = settings_for(self.deps, i.team_id, program_id) if program_id is not None else None
        circles = typed.circles or (stored.as_input() if stored is not None else None)
        modal = build_program_modal(
            None, None, initial=typed, circles=circles, editing=program_id is not None
        )
        redrawn = {
            **modal,
            "private_metadata": sign(view_key(self.deps), ids.ADMIN_PROGRAM_MODAL, i.user_id, data),
        }
        try:
            client.views_update(view_id=str(view["id"]), hash=view.get("hash"), view=redrawn)
        except SlackApiError as err:
            logger.info("program form not redrawn error=%s", err.response.get("error"))

    def handle_program_submission(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """Check who may, validate (inline errors, nothing saved), save once and confirm by DM."""
        i = Interaction.from_bolt(body, context, client)
        team_id, user_id = i.team_id, i.user_id
        form = parse_program_form(view.get("state") or {})
        program_id = kit.metadata_int(view, "p")
        program = view_of_program(self.deps, team_id, program_id) if program_id is not None else None
        if program_id is not None and program is None:
            ack(response_action="errors", errors={ids.ADMIN_PROGRAM_NAME: t.PROGRAM_GONE})
            return
        if program is None or (form.status == "archived" and program.status != "archived"):
            allowed = self.gate.is_workspace_admin(client, team_id, user_id)
        else:
            allowed = self.gate.is_admin(client, team_id, user_id, program)
        if not allowed:
            admins.audit(
                self.deps, team_id, user_id, "admin program save", None, "denied", program_id=program_id
            )
            ack(response_action="errors", errors={ids.ADMIN_PROGRAM_NAME: t.NOT_ADMIN})
            return
        try:
            once = form_key(body, view, team_id)
            if program is None:
                saved = program_admin.create_program(self.deps, team_id, user_id, form, once=once)
                note = t.PROGRAM_CREATED.format(name=esc(saved.name), key=esc(saved.key))
            else:
                saved, changed = program_admin.edit_program(
                    self.deps, team_id, user_id, program.id, form, once=once
                )
                note = t.PROGRAM_SAVED.format(
                    name=esc(saved.name),
                    fields=", ".join(circle_texts.SETTING_NAMES.get(c, c) for c in changed)
                    or t.NOTHING_CHANGED,
                )
        except InvalidInput as err:
            errors = {PROGRAM_BLOCKS[k]: v for k, v in err.fields.items() if k in PROGRAM_BLOCKS}
            ack(
                response_action="errors",
                errors=errors or {ids.ADMIN_PROGRAM_NAME: refusal_words(err, plain=True)},
            )
            return
        except AlreadyDone:
            ack()
            logger.info("program form sent again team=%s user=%s: saved once", team_id, user_id)
            return
        ack()
        send_dm(client, user_id, note)

    # -- overview and cap -----------------------------------------------------------------------
    def handle_overview_command(self, call: CommandCall) -> None:
        """`/mentor admin overview`: the workspace overview, for workspace owners and admins."""
        if not self._owner(call, "admin overview"):
            return
        call.reply(*build_overview(program_admin.workspace_overview(self.deps, call.team_id)))

    def handle_cap_command(self, call: CommandCall) -> None:
        """`/mentor admin cap <n|off>`: the workspace-wide cap on one mentor's mentees."""
        if not self._owner(call, "admin cap"):
            return
        if len(call.args) < 2:
            call.reply(t.CAP_USAGE)
            return
        try:
            cap = program_admin.parse_cap(call.args[1])
        except InvalidInput as err:
            call.reply(refusal_words(err))
            return
        program_admin.set_mentor_cap(self.deps, call.team_id, call.user_id, cap)
        call.reply(t.CAP_SET.format(cap=plural(cap, "mentee")) if cap is not None else t.CAP_OFF)

    def register(self, app: Listeners, admin: AdminRouter) -> None:
        """Attach the program subcommands, the overview, the cap and the program form."""
        admin.add("program", self.handle_program_command)
        admin.add("programs", self.handle_program_command)
        admin.add("overview", self.handle_overview_command)
        admin.add("cap", self.handle_cap_command)
        app.view(ids.ADMIN_PROGRAM_MODAL)(self.handle_program_submission)
        app.action(ids.ADMIN_PROGRAM_FORMAT)(self.handle_format_change)
