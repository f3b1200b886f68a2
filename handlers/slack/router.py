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
from handlers.slack import texts
from handlers.slack.format import esc
from handlers.slack.help import build_help
from handlers.slack.inputs import clean_text
from handlers.slack.registry import Listeners
from handlers.slack.states import refusal_words
from handlers.slack.work import bounded, priority_of

logger = logging.getLogger(__name__)

MAX_COMMAND_TEXT = 2000


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

    def reply(self, text: str, blocks: list[dict[str, Any]] | None = None) -> None:
        """Answer the person privately (ephemeral)."""
        self.respond(text=text, blocks=blocks, response_type="ephemeral", replace_original=False)


Handler = Callable[[CommandCall], None]
# A read-only subcommand answered in the ack itself (a quick read): (text, blocks).
Answer = Callable[[CommandCall], tuple[str, list[dict[str, Any]] | None]]
# A handler may take an `ack` first: it must then ack itself (e.g. after validating quickly).
AckHandler = Callable[[Ack, CommandCall], None]


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
            ack(text=texts.HELP_FALLBACK, blocks=build_help(), response_type="ephemeral")
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
        except MentorshipError as err:
            text, blocks = refusal_words(err), None
        ack(text=text, blocks=blocks, response_type="ephemeral")

    def _run(self, handler: Handler, call: CommandCall, request: BoltRequest | None = None) -> None:
        """Run a subcommand after the ack: a refusal is told to the person, a failure reported."""
        try:
            handler(call)
        except MentorshipError as err:
            call.reply(refusal_words(err))
        except Exception as exc:
            if self._listeners is None or self._listeners.work is None:
                raise  # Bolt runs us: its error handler sees it
            self._listeners.report(exc, call.body, request)

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
