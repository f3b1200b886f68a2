"""One typed context per button click or form submission, and one way to answer a refusal.

Every listener used to start with the same preamble (`str(context.team_id)`, `body["user"]["id"]`,
the clicked value through `parse_id`) and end with the same `except MentorshipError: respond(...)`.
`Interaction.from_bolt` reads the request once; `click` turns a handler of one `Interaction` into
a Bolt listener that acks, and answers any `MentorshipError` it raises privately (ephemeral where
Slack gave a response_url, else by DM). Forms use `field_errors` to put a refusal on their fields.

Usage::

    from handlers.slack.interaction import Interaction, click, field_errors

    def handle_skip(self, i: Interaction) -> None:            # a button
        row_id = i.clicked_id()                                # InvalidInput(STALE_BUTTON) if forged
        scheduling.skip_checkin(self.deps, i.team_id, i.user_id, row_id)   # refusals answered by `click`
        i.reply("Skipped.")

    app.action(ids.CHECKIN_SKIP)(click(self.handle_skip))

    def handle_goal_submission(self, ack: Ack, body: dict[str, Any], view: dict[str, Any],
                               client: WebClient, context: BoltContext) -> None:   # a form
        i = Interaction.from_bolt(body, context, client)
        try:
            goals.create(self.deps, i.team_id, i.user_id, ...)
        except MentorshipError as err:
            field_errors(ack, err, {"title": ids.GOAL_TITLE}, ids.GOAL_TITLE)
            return
        ack()

`with refusals(i): ...` answers a refusal inside a listener written the long way (it swallows it:
code after the block must not rely on what the block set, so end the listener with it or return
inside it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.deps import Deps
from bot.domain.errors import InvalidInput, MentorshipError
from bot.services.once import FormKey
from handlers.slack import kit
from handlers.slack.envelope import seal
from handlers.slack.inputs import STALE_BUTTON, parse_id
from handlers.slack.messaging import send_dm
from handlers.slack.once import form_key
from handlers.slack.states import refusal_words

__all__ = ["Interaction", "click", "errors_for", "field_errors", "refusals"]


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class Interaction:
    """Who did what where, read once from Bolt's arguments (ids are strings, "" when absent)."""

    team_id: str
    user_id: str
    channel_id: str | None
    trigger_id: str | None
    client: WebClient
    respond: Respond | None
    body: dict[str, Any]

    @classmethod
    def from_bolt(
        cls, body: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond | None = None
    ) -> Interaction:
        """Build the context of one request (a block action, a view submission)."""
        team = _dict(body.get("team")).get("id") or body.get("team_id") or ""
        channel = _dict(body.get("container")).get("channel_id") or _dict(body.get("channel")).get("id")
        trigger = body.get("trigger_id")
        return cls(
            team_id=str(context.team_id or team),
            user_id=str(_dict(body.get("user")).get("id") or body.get("user_id") or ""),
            channel_id=str(channel) if channel else None,
            trigger_id=str(trigger) if trigger else None,
            client=client,
            respond=respond,
            body=body,
        )

    # -- what was clicked ---------------------------------------------------------------------------
    def clicked_value(self) -> str | None:
        """The raw value of the clicked button (or chosen option), None when there is none."""
        action = _dict((self.body.get("actions") or [{}])[0])
        value = _dict(action.get("selected_option")).get("value") or action.get("value")
        return value if isinstance(value, str) else None

    def clicked_id(self) -> int:
        """The id that is the clicked value; InvalidInput(STALE_BUTTON) when it is not a valid id."""
        found = parse_id(self.clicked_value())
        if found is None:
            raise InvalidInput(STALE_BUTTON)
        return found

    def clicked_parts(self) -> tuple[int, str]:
        """The id before the first ':' of the clicked value and the text after it ("" when none);
        InvalidInput(STALE_BUTTON) when the id is not valid."""
        head, _, rest = (self.clicked_value() or "").partition(":")
        found = parse_id(head)
        if found is None:
            raise InvalidInput(STALE_BUTTON)
        return found, rest

    @property
    def in_home_tab(self) -> bool:
        """Whether the click came from the person's App Home tab."""
        return (
            _dict(self.body.get("container")).get("type") == "view"
            and _dict(self.body.get("view")).get("type") == "home"
        )

    # -- what was submitted -------------------------------------------------------------------------
    @property
    def view(self) -> dict[str, Any]:
        """The submitted (or clicked-in) view, {} when none."""
        return _dict(self.body.get("view"))

    def view_meta(self) -> dict[str, Any]:
        """The view's private_metadata (already verified and unwrapped by the envelope guard)."""
        return kit.metadata(self.view)

    def view_id(self, key: str) -> int | None:
        """An id from the view's private_metadata, or None."""
        return kit.metadata_int(self.view, key)

    def form_key(self) -> FormKey:
        """The one-time key of the submitted form (handlers.slack.once)."""
        return form_key(self.body, self.view, self.team_id)

    # -- answering ----------------------------------------------------------------------------------
    def reply(self, text: str, blocks: list[dict[str, Any]] | None = None) -> None:
        """Answer the person privately: ephemerally where Slack gave a response_url, else by DM."""
        if self.respond is not None and self.body.get("response_url"):
            self.respond(text=text, blocks=blocks, response_type="ephemeral", replace_original=False)
            return
        send_dm(self.client, self.user_id, text, blocks)

    def dm(self, text: str, blocks: list[dict[str, Any]] | None = None) -> tuple[str, str] | None:
        """DM the person (handlers.slack.messaging.send_dm)."""
        return send_dm(self.client, self.user_id, text, blocks)

    def open_modal(self, deps: Deps, view: dict[str, Any]) -> None:
        """Open a modal for this person with the request's trigger, its metadata signed for them."""
        self.client.views_open(trigger_id=self.trigger_id, view=seal(deps, view, self.user_id))


@contextmanager
def refusals(interaction: Interaction) -> Iterator[None]:
    """Answer a `MentorshipError` raised in the block privately with its user_message (swallowed)."""
    try:
        yield
    except MentorshipError as err:
        interaction.reply(refusal_words(err))


ClickHandler = Callable[[Interaction], None]


def click(handler: ClickHandler) -> Callable[..., None]:
    """Make a Bolt listener of a handler of one Interaction: ack, build it, run, answer refusals."""

    def listener(
        ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        ack()
        interaction = Interaction.from_bolt(body, context, client, respond)
        with refusals(interaction):
            handler(interaction)

    listener.__qualname__ = getattr(handler, "__qualname__", "click")
    listener.__doc__ = handler.__doc__
    return listener


def errors_for(
    err: MentorshipError, fields: dict[str, str], fallback: str, *, keep_unknown: bool = True
) -> dict[str, str]:
    """Map a refusal to modal field errors: InvalidInput.fields by name to the block ids in `fields`
    (several on one block are joined); a field not in `fields` goes on `fallback` (or is dropped when
    keep_unknown is False); nothing mapped puts the user_message on `fallback`."""
    errors: dict[str, str] = {}
    if isinstance(err, InvalidInput):
        for name, message in err.fields.items():
            if name not in fields and not keep_unknown:
                continue
            block = fields.get(name, fallback)
            errors[block] = f"{errors[block]} {message}" if block in errors else message
    return errors or {fallback: refusal_words(err, plain=True)}


def field_errors(
    ack: Ack, err: MentorshipError, fields: dict[str, str], fallback: str, *, keep_unknown: bool = True
) -> None:
    """Refuse a form submission: ack with the errors `errors_for` maps (the modal stays open)."""
    ack(response_action="errors", errors=errors_for(err, fields, fallback, keep_unknown=keep_unknown))
