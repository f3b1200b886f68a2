"""The `/mentor` command: one entry point, subcommands registered by each feature."""

from __future__ import annotations

import difflib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, BoltContext, BoltRequest, Respond
from slack_sdk import WebClient

from bot.deps import Deps
from bot.domain.errors import MentorshipError
from bot.services import programs
from handlers.slack import ids, texts, which
from handlers.slack.format import esc
from handlers.slack.help import build_help
from handlers.slack.inputs import clean_text
from handlers.slack.interaction import Interaction, click
from handlers.slack.registry import Listeners
from handlers.slack.states import refusal_words
from handlers.slack.work import bounded, priority_of
from storage.repositories.core import ProgramAmbiguous
from storage.scope import program_scope

logger = logging.getLogger(__name__)

MAX_COMMAND_TEXT = 2000

# What each member command needs of its program (bot.services.programs.resolve). Commands not
# listed act on no one program (`status`, `my-data`, `delete-my-data` span all of a person's
# programs) or resolve their own (`admin`, by the admin feature).
MODES: dict[str, str] = {
    "join": "join",
    "profile": "profile",
    "find": "mentee",
    "goal": "pair",
    "goals": "pair",
    "log": "pair",
    "feedback": "pair",
    "pause": "pair",
    "resume": "pair",
    "end": "pair",
    "ask": "member",
    "concern": "member",
    "circle": "circle",
}
# Commands whose first word may be a program key (`/mentor join eng-mentoring`).
KEYED = frozenset(MODES) - {"ask", "concern"}


@dataclass
class CommandCall:
    """One `/mentor` invocation, parsed."""

    name: str
    args: list[str]
    rest: str  # the text after the subcommand, as typed
    team_id: str
    user_id: str
    channel_id: str
    trigger_id: str
    body: dict[str, Any]
    client: WebClient
    respond: Respond
    context: BoltContext
    program_id: int | None = None  # the program it acts in, once resolved (else as before)
    program_name: str | None = None

    def reply(self, text: str, blocks: list[dict[str, Any]] | None = None) -> None:
        """Answer the person privately (ephemeral)."""
        self.respond(text=text, blocks=blocks, response_type="ephemeral", replace_original=False)


Handler = Callable[[CommandCall], None]
# A read-only subcommand answered in the ack itself (a quick read): (text, blocks).
Answer = Callable[[CommandCall], tuple[str, list[dict[str, Any]] | None]]
# A handler may take an `ack` first: it must then ack itself (e.g. after validating quickly).
AckHandler = Callable[[Ack, CommandCall], None]
# Whether someone is a program admin (set by the admin feature; help shows admin commands to them).
AdminCheck = Callable[[WebClient, str, str], bool]


class CommandRouter:
    """Maps subcommands to handlers; unknown ones get the closest valid suggestion."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self._handlers: dict[str, Handler] = {}
        self._answers: dict[str, Answer] = {}
        self._aliases: dict[str, str] = {}
        self._known: list[str] | None = None
        self._suggestions: dict[str, str | None] = {}
        self._listeners: Listeners | None = None
        self.admin_check: AdminCheck | None = None

    def add(self, name: str, handler: Handler, *aliases: str) -> None:
        """Register a subcommand (and aliases) with its handler."""
        self._handlers[name] = handler
        for alias in aliases:
            self._aliases[alias] = name
        self._known = None
        self._suggestions.clear()

    def add_answer(self, name: str, answer: Answer, *aliases: str) -> None:
        """Register a read-only subcommand whose answer is computed and sent in the ack itself."""
        self._answers[name] = answer
        for alias in aliases:
            self._aliases[alias] = name
        self._known = None
        self._suggestions.clear()

    def known(self) -> list[str]:
        """All subcommand words a person may type."""
        if self._known is None:
            words = {name.split(" ")[0] for name, _, _ in texts.SUBCOMMANDS}
            self._known = sorted(words | set(self._handlers) | set(self._answers) | set(self._aliases))
        return self._known

    def suggest(self, given: str) -> str | None:
        """Return the closest valid subcommand, if one is close enough (remembered per word)."""
        key = given.lower()[:40]
        if key not in self._suggestions:
            if len(self._suggestions) > 1000:
                self._suggestions.clear()
            self._suggestions[key] = self._closest(key)
        return self._suggestions[key]

    def _closest(self, given: str) -> str | None:
        matches = difflib.get_close_matches(given.lower(), self.known(), n=1, cutoff=0.5)
        if matches:
            return matches[0]
        prefix = [w for w in self.known() if w.startswith(given.lower()[:3])] if len(given) >= 3 else []
        return prefix[0] if prefix else None

    def handle_mentor_command(
        self,
        ack: Ack,
        body: dict[str, Any],
        client: WebClient,
        respond: Respond,
        context: BoltContext,
        request: BoltRequest | None = None,
    ) -> None:
        """Route `/mentor <subcommand> …`; help is answered in the ack itself."""
        text = clean_text(str(body.get("text") or ""))
        if len(text) > MAX_COMMAND_TEXT:
            ack(text=texts.TOO_LONG, response_type="ephemeral")
            return
        words = text.split()
        name = words[0].lower() if words else "help"
        name = self._aliases.get(name, name)
        if name in ("help", "?", "--help", "-h"):
            admin = self._is_admin(client, body, context)
            fallback = texts.HELP_FALLBACK_ADMIN if admin else texts.HELP_FALLBACK
            ack(text=fallback, blocks=build_help(admin=admin), response_type="ephemeral")
            return
        rest = text.strip()[len(words[0]) :].strip() if words else ""
        answer = self._answers.get(name)
        if answer is not None:
            self._answer_in_ack(ack, answer, self._call(name, words, rest, body, client, respond, context))
            return
        handler = self._handlers.get(name)
        if handler is None:
            ack(text=self._unknown(name), response_type="ephemeral")
            return
        work = self._listeners.work if self._listeners is not None else None
        ticket = work.reserve("command") if work is not None else None
        if work is not None and ticket is None:
            logger.warning("work queue full: command shed")
            ack(text=texts.BUSY, response_type="ephemeral")
            return
        ack()
        call = self._call(name, words, rest, body, client, respond, context)
        if work is None or ticket is None:
            self._run(handler, call)  # not wired to a queue: run as Bolt calls us
            return
        work.defer(ticket, priority_of(body), lambda: self._run(handler, call, request))

    def _is_admin(self, client: WebClient, body: dict[str, Any], context: BoltContext) -> bool:
        """Whether the person typing is a program admin (no when it can't be told)."""
        if self.admin_check is None:
            return False
        team_id = str(body.get("team_id") or context.team_id or "")
        try:
            return self.admin_check(client, team_id, str(body.get("user_id") or ""))
        except Exception:  # noqa: BLE001 - help must answer; without an answer, show the everyone help
            logger.warning("help: the admin check failed; showing the help for everyone")
            return False

    @staticmethod
    def _call(
        name: str,
        words: list[str],
        rest: str,
        body: dict[str, Any],
        client: WebClient,
        respond: Respond,
        context: BoltContext,
    ) -> CommandCall:
        return CommandCall(
            name=name,
            args=words[1:],
            rest=rest,
            team_id=str(body.get("team_id") or context.team_id or ""),
            user_id=str(body.get("user_id") or ""),
            channel_id=str(body.get("channel_id") or ""),
            trigger_id=str(body.get("trigger_id") or ""),
            body=body,
            client=client,
            respond=bounded(respond),
            context=context,
        )

    @staticmethod
    def _answer_in_ack(ack: Ack, answer: Answer, call: CommandCall) -> None:
        """Answer a read-only subcommand in the ack itself: no queue, no response_url to post to."""
        try:
            text, blocks = answer(call)
        except ProgramAmbiguous as err:
            text, blocks = which.PICK_FALLBACK, None
            logger.info("answer needs a program team=%s programs=%d", call.team_id, len(err.program_ids))
        except MentorshipError as err:
            text, blocks = refusal_words(err), None
        ack(text=text, blocks=blocks, response_type="ephemeral")

    def _run(self, handler: Handler, call: CommandCall, request: BoltRequest | None = None) -> None:
        """Run a subcommand after the ack, in its program: a refusal is told to the person, an
        ambiguous program asked about, a failure reported."""
        try:
            if call.program_id is None and call.name in MODES and not self._resolve(call):
                return
            with program_scope(call.program_id):
                handler(call)
        except ProgramAmbiguous as err:
            self._ask_which(call, err.program_ids)
        except MentorshipError as err:
            call.reply(refusal_words(err))
        except Exception as exc:
            if self._listeners is None or self._listeners.work is None:
                raise  # Bolt runs us: its error handler sees it
            self._listeners.report(exc, call.body, request)

    def _resolve(self, call: CommandCall) -> bool:
        """Set the call's program from its context; False when the person was asked which."""
        key = call.args[0] if call.name in KEYED and call.args else None
        found = programs.resolve(
            self.deps, call.team_id, call.user_id, call.channel_id, MODES[call.name], key
        )
        if found.choices:
            call.reply(which.PICK_FALLBACK, which.build_picker(found.choices, call.name, call.rest))
            return False
        if found.key_used:
            call.args = call.args[1:]
            call.rest = call.rest[len(key or "") :].strip()
        if found.program is not None:
            call.program_id, call.program_name = found.program.id, found.program.name
        return True

    def _ask_which(self, call: CommandCall, program_ids: tuple[int, ...]) -> None:
        """Answer a lookup that could not tell the program with the picker over those programs."""
        with self.deps.uow(read_only=True) as uow:
            choices = [p for p in programs.views(self.deps, uow, call.team_id) if p.id in program_ids]
        call.reply(which.PICK_FALLBACK, which.build_picker(choices, call.name, call.rest))

    def handle_pick(self, i: Interaction) -> None:
        """A "Which program?" button: verify the value, then run the command in that program."""
        picked = which.parse_pick(i.clicked_value())
        name = self._aliases.get(picked[1], picked[1]) if picked is not None else ""
        handler = self._handlers.get(name)
        if picked is None or handler is None or name not in MODES:
            i.reply(which.PICK_REFUSED)
            return
        program = programs.may_use(self.deps, i.team_id, i.user_id, picked[0], MODES[name])
        if program is None:
            logger.warning("program pick refused team=%s user=%s", i.team_id, i.user_id[:32])
            i.reply(which.PICK_REFUSED)
            return
        rest = clean_text(picked[2])[:MAX_COMMAND_TEXT]
        body = {
            **i.body,
            "team_id": i.team_id,
            "user_id": i.user_id,
            "channel_id": i.channel_id or "",
            "text": f"{name} {rest}".strip(),
        }
        call = CommandCall(
            name=name,
            args=rest.split(),
            rest=rest,
            team_id=i.team_id,
            user_id=i.user_id,
            channel_id=i.channel_id or "",
            trigger_id=str(i.trigger_id or ""),
            body=body,
            client=i.client,
            respond=i.respond if i.respond is not None else _no_respond(i),
            context=BoltContext(),
            program_id=program.id,
            program_name=program.name,
        )
        self._run(handler, call)

    def _unknown(self, name: str) -> str:
        known = {n.split(" ")[0] for n, _, _ in texts.SUBCOMMANDS}
        if name in known:
            return texts.COMING_SOON.format(name=name)
        suggestion = self.suggest(name)
        given = esc(name[:40].replace("`", ""))
        if suggestion:
            return texts.UNKNOWN_SUBCOMMAND.format(given=given, suggestion=suggestion)
        return texts.UNKNOWN_SUBCOMMAND_NO_GUESS.format(given=given)

    def register(self, app: Listeners) -> None:
        """Attach the router to Bolt (and to the work queue behind it)."""
        self._listeners = app
        app.command("/mentor")(self.handle_mentor_command)
        app.action(ids.PROGRAM_PICK)(click(self.handle_pick))


def _no_respond(interaction: Interaction) -> Respond:
    """A stand-in for `respond` where Slack gave no response_url: answer by DM."""

    def respond(text: str = "", blocks: Any = None, **_: Any) -> None:
        interaction.dm(text, blocks)

    return respond  # type: ignore[return-value]
