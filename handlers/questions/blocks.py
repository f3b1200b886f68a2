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


def _safe_cut(text: str, limit: int) -> int:
    """Where to cut escaped text at most `limit` long: at a line break if one is near, never inside
    an entity (`&amp;`, `&lt;`, `&gt;`)."""
    cut = text.rfind("\n", limit // 2, limit)
    if cut <= 0:
        cut = limit
        amp = text.rfind("&", max(0, cut - 4), cut)
        if amp != -1 and ";" not in text[amp:cut]:
            cut = amp
    return cut


def quote_in_sections(text: str, first: str, limit: int = kit.SECTION_LIMIT) -> list[str]:
    """Escape and quote a person's text over as many section texts as it needs (`first` is the
    template of the first one, with `{text}`), so nothing is clipped: escaping can make 2,000
    typed characters several times longer than one section holds."""
    quoted = esc(text).replace("\n", "\n>")
    head = first.format(text="")
    room = limit - len(head)
    parts: list[str] = []
    while len(quoted) > room:
        cut = _safe_cut(quoted, room)
        parts.append(quoted[:cut])
        quoted = quoted[cut:]
        quoted = quoted[1:] if quoted.startswith("\n") else ">" + quoted  # "\n>" keeps its ">"
        room = limit
    parts.append(quoted)
    return [first.format(text=parts[0]), *parts[1:]]


def build_question_for_admins(question: Question) -> tuple[str, list[Block]]:
    """The admin-channel post: who asked (a mention) and their escaped question, whole."""
    who = mention(question.asker_slack_id)
    first = t.ASK_ADMIN.replace("{who}", who)
    return t.ASK_ADMIN_FALLBACK.format(who=who), [
        *(kit.section(part) for part in quote_in_sections(question.text, first)),
        kit.context(t.ASK_ADMIN_FOOTER.format(who=who)),
    ]
