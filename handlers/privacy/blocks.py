"""The confidential concern modal and the delete-my-data prompt."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from bot.services.lifecycle import Concern
from bot.services.pairs import Pair
from handlers.pairs.forms import Block, once, pair_options, state_text, who
from handlers.privacy import texts as t
from handlers.slack import ids, kit
from handlers.slack.format import esc, mention
from handlers.slack.inputs import parse_id


def build_concern_modal(
    pairs: Sequence[Pair], me: int | None, channel_id: str | None, token: str | None = None
) -> dict[str, Any]:
    """Build the confidential concern modal (the channel it was typed in gets the private thanks)."""
    blocks: list[Block] = [kit.section(t.CONCERN_INTRO)]
    if pairs and me is not None:
        options = [("none", "No, it's about something else"), *pair_options(pairs, me)]
        blocks.append(
            kit.input_block(
                ids.CONCERN_PAIR,
                t.CONCERN_PAIR_LABEL,
                kit.static_select(ids.CONCERN_PAIR, options),
                optional=True,
            )
        )
    blocks.append(
        kit.input_block(
            ids.CONCERN_TEXT,
            t.CONCERN_TEXT_LABEL,
            kit.text_input(ids.CONCERN_TEXT, multiline=True, max_length=3000),
        )
    )
    return kit.modal(
        ids.CONCERN_MODAL,
        t.CONCERN_TITLE,
        blocks,
        submit=t.CONCERN_SAVE,
        private_metadata=json.dumps({"c": channel_id, **once(token)}),
    )


def parse_concern(view: dict[str, Any]) -> tuple[int | None, str]:
    """Read the concern modal: (mentorship id or None, text)."""
    state = view.get("state") or {}
    raw = kit.state_value(state, ids.CONCERN_PAIR)
    mentorship_id = (parse_id(raw) or -1) if raw and raw != "none" else None
    return mentorship_id, state_text(state, ids.CONCERN_TEXT)


CONCERN_FIELDS = {"pair": ids.CONCERN_PAIR, "text": ids.CONCERN_TEXT}


def build_concern_for_admins(concern: Concern) -> list[Block]:
    """The admin-channel post: the author, the pair if any, and the escaped text."""
    about = ""
    if concern.about is not None and concern.author_id is not None:
        partner = concern.about.partner_of(concern.author_id)
        about = t.CONCERN_ADMIN_ABOUT.format(partner=who(partner))
    author = mention(concern.author_slack_id)
    quoted = esc(concern.text).replace("\n", "\n>")
    return [
        kit.section(t.CONCERN_ADMIN.format(who=author, about=about, text=quoted)),
        kit.context(t.CONCERN_ADMIN_FOOTER.format(who=author)),
    ]


def build_delete_prompt() -> list[Block]:
    """The confirmation prompt for erasing one's data."""
    return [
        kit.section(t.DELETE_PROMPT),
        kit.actions(
            kit.button(
                t.DELETE_BUTTON,
                ids.DELETE_CONFIRM,
                "erase",
                style="danger",
                confirm=kit.confirm_dialog(
                    t.DELETE_CONFIRM_TITLE, t.DELETE_CONFIRM_TEXT, t.DELETE_CONFIRM_YES
                ),
            )
        ),
    ]
