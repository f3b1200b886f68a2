"""The session log modal and its summary with action items."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from bot.services.pairs import Pair
from bot.services.sessions import SessionInput, SessionLogged
from handlers.pairs.cards import item_block
from handlers.pairs.forms import (
    Block,
    chosen_pair,
    long_text,
    meta,
    once,
    pair_picker,
    state_date,
    state_text,
    who,
)
from handlers.sessions import texts as t
from handlers.slack import ids, kit
from handlers.slack.format import day_token, esc


def build_session_modal(
    pairs: Sequence[Pair], me: int, chosen: int | None, today: date, token: str | None = None
) -> dict[str, Any]:
    """Build the session log modal (date defaults to today)."""
    blocks: list[Block] = [
        *pair_picker(ids.SESSION_PAIR, t.SESSION_PAIR_LABEL, pairs, me, chosen),
        kit.input_block(
            ids.SESSION_DATE,
            t.SESSION_DATE_LABEL,
            kit.datepicker(ids.SESSION_DATE, initial=today.isoformat()),
        ),
        long_text(
            ids.SESSION_TAKEAWAYS,
            t.SESSION_TAKEAWAYS_LABEL,
            None,
            max_length=3000,
            placeholder=t.SESSION_TAKEAWAYS_PLACEHOLDER,
        ),
        kit.input_block(
            ids.SESSION_ACTIONS,
            t.SESSION_ACTIONS_LABEL,
            kit.text_input(ids.SESSION_ACTIONS, multiline=True, max_length=3000),
            optional=True,
            hint=t.SESSION_ACTIONS_HINT,
        ),
        kit.input_block(
            ids.SESSION_NEXT, t.SESSION_NEXT_LABEL, kit.datepicker(ids.SESSION_NEXT), optional=True
        ),
    ]
    return kit.modal(
        ids.SESSION_MODAL,
        t.SESSION_TITLE,
        blocks,
        submit=t.SESSION_SAVE,
        private_metadata=meta(pairs, chosen, **once(token)),
    )


def parse_session(view: dict[str, Any]) -> SessionInput:
    """Read the session log modal."""
    state = view.get("state") or {}
    return SessionInput(
        mentorship_id=chosen_pair(state, ids.SESSION_PAIR, kit.metadata(view)),
        held_on=state_date(state, ids.SESSION_DATE),
        takeaways=state_text(state, ids.SESSION_TAKEAWAYS),
        actions_text=state_text(state, ids.SESSION_ACTIONS),
        next_meeting_on=state_date(state, ids.SESSION_NEXT),
    )


SESSION_FIELDS = {
    "pair": ids.SESSION_PAIR,
    "date": ids.SESSION_DATE,
    "takeaways": ids.SESSION_TAKEAWAYS,
    "actions": ids.SESSION_ACTIONS,
    "next": ids.SESSION_NEXT,
}


def build_session_summary(logged: SessionLogged) -> list[Block]:
    """The session summary both members see in their group DM."""
    author = logged.pair.member(logged.logged_by)
    blocks: list[Block] = [
        kit.section(t.SESSION_SUMMARY.format(held=day_token(logged.held_on), who=who(author))),
        kit.section(t.SESSION_TAKEAWAYS.format(text=esc(logged.takeaways))),
    ]
    if logged.items:
        blocks.append(kit.section(t.SESSION_ITEMS))
        blocks += [item_block(item, logged.pair) for item in logged.items]
    if logged.next_meeting_on:
        blocks.append(kit.section(t.SESSION_NEXT.format(day=day_token(logged.next_meeting_on))))
    blocks.append(kit.context(t.SESSION_FOOTER))
    return kit.message_blocks(blocks)
