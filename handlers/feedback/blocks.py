"""The private feedback modal and the recipient's DM."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.domain.feedback import FeedbackNote
from bot.services.feedback import FeedbackInput, FeedbackSent
from bot.services.pairs import Pair
from handlers.feedback import texts as t
from handlers.pairs import texts as pt
from handlers.pairs.forms import (
    Block,
    chosen_pair,
    long_text,
    meta,
    once,
    pair_picker,
    partner_label,
    state_text,
    who,
)
from handlers.slack import ids, kit
from handlers.slack.format import esc


def build_feedback_modal(
    pairs: Sequence[Pair],
    me: int,
    chosen: int | None,
    *,
    values: FeedbackInput | None = None,
    notes: Sequence[FeedbackNote] = (),
    token: str | None = None,
) -> dict[str, Any]:
    """Build the feedback modal with its wording guide; with notes, show them and a keep-it box."""
    blocks: list[Block] = [kit.section(t.FEEDBACK_GUIDE)]
    if notes:
        lines = "\n".join(f"• {esc(n.message)}" for n in notes)
        blocks += [kit.section(f"{t.FEEDBACK_COACH_HEADER}\n{lines}"), kit.context(t.FEEDBACK_COACH_FOOTER)]
    chosen = values.mentorship_id if values is not None and values.mentorship_id else chosen
    blocks += pair_picker(ids.FEEDBACK_PAIR, t.FEEDBACK_PAIR_LABEL, pairs, me, chosen)
    if len(pairs) == 1:
        blocks.append(kit.context(f"For {esc(partner_label(pairs[0], me))}"))
    blocks += [
        long_text(
            ids.FEEDBACK_WELL, t.FEEDBACK_WELL_LABEL, values.going_well if values else None, max_length=1500
        ),
        long_text(
            ids.FEEDBACK_BETTER,
            t.FEEDBACK_BETTER_LABEL,
            values.could_improve if values else None,
            max_length=1500,
            optional=True,
        ),
        long_text(
            ids.FEEDBACK_SUGGESTION,
            t.FEEDBACK_SUGGESTION_LABEL,
            values.suggestion if values else None,
            max_length=1500,
        ),
        kit.input_block(
            ids.FEEDBACK_RATING,
            t.FEEDBACK_RATING_LABEL,
            kit.radio(
                ids.FEEDBACK_RATING,
                t.RATINGS,
                initial=str(values.rating) if values and values.rating else None,
            ),
            optional=True,
            hint=t.FEEDBACK_RATING_HINT,
        ),
    ]
    if notes:
        blocks.append(
            kit.input_block(
                ids.FEEDBACK_SEND_ANYWAY,
                t.FEEDBACK_SEND_ANYWAY_LABEL,
                kit.checkboxes(ids.FEEDBACK_SEND_ANYWAY, [("yes", t.FEEDBACK_SEND_ANYWAY_OPTION)]),
                optional=True,
            )
        )
    return kit.modal(
        ids.FEEDBACK_MODAL,
        t.FEEDBACK_TITLE,
        blocks,
        submit=t.FEEDBACK_SEND,
        private_metadata=meta(pairs, chosen, **once(token)),
    )


def parse_feedback(view: dict[str, Any]) -> tuple[FeedbackInput, bool]:
    """Read the feedback modal into input and whether to send it as it is."""
    state = view.get("state") or {}
    raw = kit.state_value(state, ids.FEEDBACK_RATING)
    rating: int | None
    try:
        rating = int(raw) if raw else None
    except (TypeError, ValueError):
        rating = 0
    data = FeedbackInput(
        mentorship_id=chosen_pair(state, ids.FEEDBACK_PAIR, kit.metadata(view)),
        going_well=state_text(state, ids.FEEDBACK_WELL),
        could_improve=state_text(state, ids.FEEDBACK_BETTER),
        suggestion=state_text(state, ids.FEEDBACK_SUGGESTION),
        rating=rating,
    )
    return data, "yes" in (kit.state_value(state, ids.FEEDBACK_SEND_ANYWAY) or ())


FEEDBACK_FIELDS = {
    "pair": ids.FEEDBACK_PAIR,
    "well": ids.FEEDBACK_WELL,
    "better": ids.FEEDBACK_BETTER,
    "suggestion": ids.FEEDBACK_SUGGESTION,
    "rating": ids.FEEDBACK_RATING,
}


def build_feedback_dm(sent: FeedbackSent) -> list[Block]:
    """The DM to the recipient (and only the recipient) with the feedback."""
    blocks = [
        kit.section(t.FEEDBACK_RECEIVED.format(who=who(sent.author))),
        kit.section(t.FEEDBACK_WELL.format(text=esc(sent.going_well))),
    ]
    if sent.could_improve:
        blocks.append(kit.section(t.FEEDBACK_BETTER.format(text=esc(sent.could_improve))))
    blocks += [
        kit.section(t.FEEDBACK_SUGGESTION.format(text=esc(sent.suggestion))),
        kit.context(t.FEEDBACK_NEXT),
        kit.actions(kit.button(pt.FEEDBACK_BUTTON, ids.FEEDBACK_OPEN, str(sent.pair.id))),
    ]
    return blocks
