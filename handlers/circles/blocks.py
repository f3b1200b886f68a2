"""Block Kit for peer circles: pure functions of service values (user text escaped here)."""

from __future__ import annotations

import json
from typing import Any

from bot.domain.cadence import CADENCE_LABELS
from bot.services.circle_members import CircleJoinInput, JoinContext
from handlers.circles import texts as t
from handlers.slack import ids, kit
from handlers.slack.format import esc, topics_text

Block = dict[str, Any]
Rendered = tuple[str, list[Block]]

JOIN_FIELDS = {
    "topics": ids.CIRCLE_JOIN_TOPICS,
    "department": ids.CIRCLE_JOIN_DEPARTMENT,
}


def cadence_words(cadence: str) -> str:
    """ "every two weeks" for a stored cadence."""
    return str(CADENCE_LABELS.get(cadence, "regularly"))  # type: ignore[call-overload]


# -- joining ------------------------------------------------------------------------------------
def build_join_modal(context: JoinContext) -> dict[str, Any]:
    """The short circles join form: topics, department and (when not known) mentor or mentee."""
    program, s = context.program, context.program.settings
    intro = t.JOIN_INTRO.format(
        program=esc(program.name),
        low=s.min_size,
        high=s.max_size,
        cadence=cadence_words(s.cadence),
        weeks=s.weeks,
    )
    audience = t.JOIN_AUDIENCE.get(s.audience, "")
    blocks: list[Block] = [kit.section(f"{intro} {audience}".strip())]
    blocks.append(
        kit.input_block(
            ids.CIRCLE_JOIN_TOPICS,
            t.JOIN_TOPICS,
            kit.text_input(
                ids.CIRCLE_JOIN_TOPICS,
                initial=", ".join(context.topics) or None,
                multiline=True,
                max_length=1000,
                placeholder=t.JOIN_TOPICS_PLACEHOLDER,
            ),
            hint=t.JOIN_TOPICS_HINT,
        )
    )
    blocks.append(
        kit.input_block(
            ids.CIRCLE_JOIN_DEPARTMENT,
            t.JOIN_DEPARTMENT,
            kit.text_input(ids.CIRCLE_JOIN_DEPARTMENT, initial=context.department or None, max_length=80),
            optional=True,
            hint=t.JOIN_DEPARTMENT_HINT,
        )
    )
    blocks.append(kit.context(t.JOIN_ZONE_NOTE))
    title = t.JOIN_EDIT_TITLE if context.joined else t.JOIN_TITLE
    submit = t.JOIN_SAVE if context.joined else t.JOIN_SUBMIT
    meta = json.dumps({"p": program.id})
    return kit.modal(ids.CIRCLE_JOIN_MODAL, title, blocks, submit=submit, private_metadata=meta)


def parse_join_modal(view: dict[str, Any]) -> tuple[int | None, CircleJoinInput]:
    """The program id (signed metadata) and the join form's answers (unchecked)."""
    state = view.get("state") or {}

    def text(block: str) -> str:
        value = kit.state_value(state, block)
        return value if isinstance(value, str) else ""

    return kit.metadata_int(view, "p"), CircleJoinInput(
        topics=text(ids.CIRCLE_JOIN_TOPICS), department=text(ids.CIRCLE_JOIN_DEPARTMENT)
    )


def build_joined(program: str, topics: tuple[str, ...], first: bool) -> Rendered:
    """The confirmation after joining (or saving one's topics)."""
    words = topics_text(list(topics))
    if first:
        return t.JOINED_FALLBACK.format(program=esc(program)), [
            kit.section(t.JOINED.format(program=esc(program), topics=words))
        ]
    text = t.JOIN_UPDATED.format(program=esc(program), topics=words)
    return text, [kit.section(text)]
