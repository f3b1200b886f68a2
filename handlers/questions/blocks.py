"""The question modal and the admin-channel post of a question."""

from __future__ import annotations

import json
from typing import Any

from bot.services.questions import MAX_QUESTION, Question
from handlers.questions import texts as t
from handlers.slack import ids, kit
from handlers.slack.format import esc, mention

Block = dict[str, Any]
ASK_FIELDS = {"text": ids.ASK_TEXT}


def build_ask_modal(channel_id: str | None, token: str | None = None) -> dict[str, Any]:
    """Build the question modal (the channel it was typed in gets the private confirmation)."""
    return kit.modal(
        ids.ASK_MODAL,
        t.ASK_TITLE,
        [
            kit.section(t.ASK_INTRO),
            kit.input_block(
                ids.ASK_TEXT,
                t.ASK_LABEL,
                kit.text_input(
                    ids.ASK_TEXT, multiline=True, max_length=MAX_QUESTION, placeholder=t.ASK_PLACEHOLDER
                ),
            ),
        ],
        submit=t.ASK_SUBMIT,
        private_metadata=json.dumps({"c": channel_id, **({"t": token} if token else {})}),
    )


def parse_ask(view: dict[str, Any]) -> str:
    """Read the question modal's text ('' when empty)."""
    value = kit.state_value(view.get("state") or {}, ids.ASK_TEXT)
    return str(value) if value else ""


def build_question_for_admins(question: Question) -> tuple[str, list[Block]]:
    """The admin-channel post: who asked (a mention) and their escaped question."""
    who = mention(question.asker_slack_id)
    quoted = esc(question.text).replace("\n", "\n>")
    return t.ASK_ADMIN_FALLBACK.format(who=who), [
        kit.section(t.ASK_ADMIN.format(who=who, text=quoted)),
        kit.context(t.ASK_ADMIN_FOOTER.format(who=who)),
    ]
