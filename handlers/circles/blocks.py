"""Block Kit for peer circles: pure functions of service values (user text escaped here)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from bot.domain.cadence import CADENCE_LABELS
from bot.domain.meeting_times import zone
from bot.services.circle_members import CircleJoinInput, JoinContext
from bot.services.circles import MemberCard, NewCircle
from handlers.circles import texts as t
from handlers.slack import ids, kit
from handlers.slack.format import clip, day_token, esc, mention, time_token, topics_text

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


# -- the introduction ---------------------------------------------------------------------------
MAX_WINDOWS = 3


def shared_windows(common_hours: Any, now: datetime) -> list[tuple[datetime, datetime]]:
    """The circle's common working hours (a weekly pattern, stored as UTC instants of the round's
    week), each moved on by whole weeks to its next occurrence after `now`, soonest first."""
    found: list[tuple[datetime, datetime]] = []
    for pair in common_hours if isinstance(common_hours, list) else []:
        try:
            start, end = (datetime.fromisoformat(str(x)) for x in pair[:2])
        except (TypeError, ValueError):
            continue
        if start.tzinfo is None or end <= start:
            continue
        if end <= now:
            weeks = (now - end).days // 7 + 1
            start, end = start + timedelta(weeks=weeks), end + timedelta(weeks=weeks)
        found.append((start, end))
    return sorted(found)[:MAX_WINDOWS]


def _local(member: MemberCard, start: datetime, end: datetime) -> str:
    here = zone(member.timezone)
    a, b = start.astimezone(here), end.astimezone(here)
    return t.INTRO_LOCAL.format(
        who=esc(member.name.split(" ")[0] or member.name), start=f"{a:%a %H:%M}", end=f"{b:%H:%M}"
    )


def build_intro(circle: NewCircle, program: str, common_hours: Any, now: datetime) -> tuple[str, list[Block]]:
    """The circle's introduction: who, why (reasons), the hours they share (date tokens, and each
    person's local time), the first host and the first conversation prompt."""
    members = ", ".join(mention(m.slack_user_id) for m in circle.members)
    blocks: list[Block] = [
        kit.header(t.INTRO_HEADER),
        kit.section(
            t.INTRO_WELCOME.format(
                program=esc(program),
                members=members,
                cadence=cadence_words(circle.cadence),
                ends_on=day_token(circle.ends_on),
            )
        ),
    ]
    if circle.reasons:
        reasons = "\n".join(f"• {clip(esc(r), 300)}" for r in circle.reasons[:5])
        blocks.append(kit.section(f"{t.INTRO_WHY}\n{reasons}"))
    windows = shared_windows(common_hours, now)
    if windows:
        tokens = "\n".join(
            f"• {time_token(a, '{date_short_pretty} {time}')} – {time_token(b, '{time}')}" for a, b in windows
        )
        blocks.append(kit.section(f"{t.INTRO_HOURS}\n{tokens}"))
        first = windows[0]
        blocks.append(kit.context(*(_local(m, *first) for m in circle.members[:10])))
    else:
        blocks.append(kit.section(t.INTRO_NO_HOURS))
    blocks.append(kit.section(t.INTRO_HOST.format(host=mention(circle.host.slack_user_id))))
    prompt = circle.first_prompt
    blocks.append(
        kit.section(t.INTRO_PROMPT.format(label=esc(prompt.label), text=clip(esc(prompt.text), 2500)))
    )
    blocks.append(kit.context(t.INTRO_FOOT))
    fallback = t.INTRO_FALLBACK.format(
        program=esc(program), members=", ".join(esc(m.name) for m in circle.members)
    )
    return fallback, kit.message_blocks(blocks)


def proposal_hours(proposal: dict[str, Any], members: Sequence[str]) -> Any:
    """The common hours the proposal gave the circle these members were proposed in (most overlap)."""
    wanted = set(members)
    best, overlap = None, 0
    for entry in proposal.get("circles") or []:
        shared = len(wanted & set(entry.get("members") or []))
        if shared > overlap:
            best, overlap = entry.get("common_hours"), shared
    return best
