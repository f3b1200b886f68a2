"""The scheduler's message renderer (scheduler.ports.MessageRenderer), built from our Block Kit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.services.pairing import NewPair, Suggestion
from handlers.checkins.blocks import Rendered, build_message, build_request_prompt_expired
from handlers.circles.blocks import CIRCLE_BUILDERS, build_circle_message
from handlers.pairing import blocks as pairing_blocks
from handlers.pairing.blocks import build_calendar_comment, build_next_suggestion


class BlockKitRenderer:
    """Renders scheduled messages with handlers.blocks (injected into the dispatcher by the wiring)."""

    def scheduled_message(self, kind: str, payload: dict[str, Any], row_id: int) -> Rendered:
        """Return (fallback text, blocks) for a due message of this kind."""
        if kind == "calendar_invite":
            return build_calendar_comment(payload)
        if kind in CIRCLE_BUILDERS:
            return build_circle_message(kind, payload, row_id)
        if kind == "round_headsup":
            return pairing_blocks.build_round_headsup(payload)
        return build_message(kind, payload, row_id)

    def expired_request_prompt(self, payload: dict[str, Any]) -> Rendered:
        """Return the mentor's request prompt rewritten as expired."""
        return build_request_prompt_expired(payload)

    def next_suggestion(self, suggestion: Suggestion | None) -> list[dict[str, Any]]:
        """Return the blocks offering the mentee's next best mentor (or none left)."""
        return build_next_suggestion(suggestion)

    def round_proposal(self, round_id: int, proposal: dict[str, Any], decided: str | None) -> Rendered:
        """Return a matching round's proposal message (with its buttons unless `decided`)."""
        text = decided or pairing_blocks.round_fallback(proposal)
        return text, pairing_blocks.build_round(round_id, proposal, decided=decided)

    def round_csv(self, proposal: dict[str, Any]) -> str | None:
        """Return a large proposal's full list as CSV (None when it fits in one message)."""
        return pairing_blocks.round_csv(proposal) if pairing_blocks.round_pages(proposal) > 1 else None

    def intro(self, pair: NewPair, now: datetime) -> Rendered:
        """Return the group DM introduction of a new pair (as rounds and requests send it)."""
        return pairing_blocks.intro_fallback(pair), pairing_blocks.build_intro(pair, now)
