"""What the scheduler needs from the edges, as Protocols; the wiring (bot.wiring) plugs them in.

The scheduler decides what is due and delivers it; how a message looks in Slack is the handler
side's business (handlers.rendering implements MessageRenderer), so the scheduler never imports
handlers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from bot.config import Settings
from bot.domain.messages import MessageKind
from bot.ports import SlackPort
from bot.services.pairing import NewPair, Suggestion

Block = dict[str, Any]
Rendered = tuple[str, list[Block]]
SlackFactory = Callable[[Settings], SlackPort]


class MessageRenderer(Protocol):
    """Turns a scheduled row's kind and payload into Slack text and blocks."""

    def scheduled_message(self, kind: MessageKind, payload: dict[str, Any], row_id: int) -> Rendered:
        """Return (fallback text, blocks) for a due message of this kind."""
        ...

    def expired_request_prompt(self, payload: dict[str, Any]) -> Rendered:
        """Return the mentor's request prompt rewritten as expired."""
        ...

    def next_suggestion(self, suggestion: Suggestion | None) -> list[Block]:
        """Return the blocks offering the mentee's next best mentor (or none left)."""
        ...

    def round_proposal(self, round_id: int, proposal: dict[str, Any], decided: str | None) -> Rendered:
        """Return a matching round's proposal message (with its buttons unless `decided`)."""
        ...

    def round_csv(self, proposal: dict[str, Any]) -> str | None:
        """Return a large proposal's full list as CSV (None when it fits in one message)."""
        ...

    def intro(self, pair: NewPair, now: Any) -> Rendered:
        """Return the group DM introduction of a new pair (as rounds and requests send it)."""
        ...
