"""Block Kit for peer circles: pure functions of service values (user text escaped here)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from bot.domain.cadence import CADENCE_LABELS
from bot.domain.circles import rhythm
from bot.domain.meeting_times import zone
from bot.services.circle_members import CircleJoinInput, JoinContext
from bot.services.circle_reads import last_meeting, next_prompt_on
from bot.services.circles import (
    MAX_COMMENT,
    MAX_SUMMARY,
    CircleView,
    MeetingLog,
    MemberCard,
    NewCircle,
    SeatChange,
)
from bot.services.circles.state import cadence_of
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


# -- a member's circle ----------------------------------------------------------------------------
def _cycles(view: CircleView) -> int:
    return rhythm.cycle_count(view.started_on, view.ends_on, cadence_of(view.cadence))


def circle_lines(view: CircleView, me: str) -> list[str]:
    """Who is in the circle, who hosts this time, the next prompt and the last meeting."""
    others = [m for m in view.members if m.slack_user_id != me]
    paused = set(view.paused)
    members = ", ".join(
        mention(m.slack_user_id) + (t.STATUS_PAUSED_MARK if m.slack_user_id in paused else "") for m in others
    )
    lines = [t.STATUS_MEMBERS.format(members=members or "—")]
    if view.host is None:
        lines.append(t.STATUS_NO_HOST)
    elif view.host.slack_user_id == me:
        lines.append(t.STATUS_HOST_YOU)
    else:
        lines.append(t.STATUS_HOST.format(host=mention(view.host.slack_user_id)))
    upcoming = next_prompt_on(view)
    lines.append(
        t.STATUS_NEXT_PROMPT.format(day=day_token(upcoming))
        if upcoming is not None
        else t.STATUS_NO_PROMPT.format(day=day_token(view.ends_on))
    )
    met = last_meeting(view)
    lines.append(t.STATUS_LAST_MET.format(day=day_token(met)) if met is not None else t.STATUS_NOT_MET)
    return lines


def seat_buttons(view: CircleView) -> Block:
    """Take a break (or I'm back) and Leave, each for this circle."""
    value = str(view.circle_id)
    pause = (
        kit.button(t.BUTTON_RESUME, ids.CIRCLE_RESUME, value)
        if view.your_seat == "paused"
        else kit.button(t.BUTTON_PAUSE, ids.CIRCLE_PAUSE, value)
    )
    leave = kit.button(
        t.BUTTON_LEAVE,
        ids.CIRCLE_LEAVE,
        value,
        style="danger",
        confirm=kit.confirm_dialog(t.CONFIRM_TITLE_LEAVE, t.CONFIRM_TEXT_LEAVE, t.BUTTON_CONFIRM_LEAVE),
    )
    return kit.actions(pause, leave, block_id=f"circle_seat_{view.circle_id}")


def build_status(view: CircleView, me: str, program_key: str) -> Rendered:
    """`/mentor circle`: the person's circle, its host this time, the next prompt, the last
    meeting, and Take a break / Leave."""
    run = t.STATUS_RUN.format(
        cycle=view.cycle + 1,
        cycles=_cycles(view),
        cadence=cadence_words(view.cadence),
        day=day_token(view.ends_on),
    )
    blocks: list[Block] = [
        kit.header(t.STATUS_TITLE.format(program=view.program_name)),
        kit.section("\n".join(circle_lines(view, me))),
        kit.context(run),
    ]
    if view.your_seat == "paused":
        blocks.append(kit.section(t.STATUS_YOU_PAUSED))
    if view.status == "short":
        blocks.append(kit.context(t.STATUS_SHORT))
    if view.group_channel_id:
        blocks.append(kit.context(t.STATUS_GROUP.format(channel=view.group_channel_id)))
    blocks.append(seat_buttons(view))
    blocks.append(kit.context(t.STATUS_HELP.format(key=esc(program_key))))
    return t.STATUS_FALLBACK.format(program=esc(view.program_name)), blocks


def build_waiting(program: str, topics: Sequence[str]) -> Rendered:
    """`/mentor circle` for a member waiting for the next round."""
    text = t.STATUS_WAITING.format(program=esc(program), topics=topics_text(list(topics)))
    return text, [kit.section(text)]


CONFIRMS = {
    "leave": (t.CONFIRM_LEAVE, t.BUTTON_CONFIRM_LEAVE, ids.CIRCLE_LEAVE, "danger"),
    "pause": (t.CONFIRM_PAUSE, t.BUTTON_CONFIRM_PAUSE, ids.CIRCLE_PAUSE, "primary"),
    "resume": (t.CONFIRM_RESUME, t.BUTTON_CONFIRM_RESUME, ids.CIRCLE_RESUME, "primary"),
}


def build_seat_confirm(action: str, view: CircleView, me: str) -> Rendered:
    """Ask before leaving, pausing or coming back (one button, carrying the circle id)."""
    words, button, action_id, style = CONFIRMS[action]
    others = ", ".join(mention(m.slack_user_id) for m in view.members if m.slack_user_id != me) or "—"
    text = words.format(program=esc(view.program_name), members=others)
    return text, [
        kit.section(text),
        kit.actions(
            kit.button(button, action_id, str(view.circle_id), style=style), block_id="circle_seat_confirm"
        ),
    ]


def build_seat_notice(change: SeatChange) -> Rendered:
    """What the circle learns when someone leaves, pauses or comes back: who, and who hosts next
    (never why)."""
    who = mention(change.person.slack_user_id)
    template = {"left": t.LEFT_CIRCLE, "paused": t.PAUSED_CIRCLE}.get(change.seat_status, t.RESUMED_CIRCLE)
    lines = [template.format(who=who)]
    if change.circle_status == "ended":
        lines.append(t.CIRCLE_CLOSED)
    else:
        if change.host is not None:
            lines.append(t.NEXT_HOST.format(host=mention(change.host.slack_user_id)))
        if change.circle_status == "short":
            lines.append(t.CIRCLE_SHORT)
    text = " ".join(lines)
    return text, [kit.section(text)]


def seat_words(change: SeatChange, program: str) -> str:
    """What the person who left, paused or came back is told."""
    template = {"left": t.LEFT_YOU, "paused": t.PAUSED_YOU}.get(change.seat_status, t.RESUMED_YOU)
    return template.format(program=esc(program))


# -- the meeting log ------------------------------------------------------------------------------
def build_summary_modal(circle_id: int, cycle: int) -> dict[str, Any]:
    """The short shared summary of a meeting just logged."""
    blocks = [
        kit.input_block(
            ids.CIRCLE_SUMMARY_TEXT,
            t.SUMMARY_LABEL,
            kit.text_input(
                ids.CIRCLE_SUMMARY_TEXT,
                multiline=True,
                max_length=MAX_SUMMARY,
                placeholder=t.SUMMARY_PLACEHOLDER,
            ),
            hint=t.SUMMARY_HINT,
        )
    ]
    meta = json.dumps({"c": circle_id, "k": cycle})
    return kit.modal(ids.CIRCLE_SUMMARY_MODAL, t.SUMMARY_TITLE, blocks, submit="Share", private_metadata=meta)


def parse_summary_modal(view: dict[str, Any]) -> tuple[int | None, int | None, str]:
    """(circle id, cycle, summary) of a submitted summary form."""
    cycle = kit.metadata(view).get("k")
    text = kit.state_value(view.get("state") or {}, ids.CIRCLE_SUMMARY_TEXT)
    return (
        kit.metadata_int(view, "c"),
        cycle if isinstance(cycle, int) and not isinstance(cycle, bool) and 0 <= cycle < 10_000 else None,
        text if isinstance(text, str) else "",
    )


def build_summary_post(log: MeetingLog) -> Rendered:
    """The summary, posted in the circle's group DM."""
    text = t.SUMMARY_POSTED.format(
        cycle=log.cycle + 1, who=mention(log.logged_by.slack_user_id), summary=clip(esc(log.summary), 2500)
    )
    return text, [kit.section(text)]


def build_logged(met: bool, held_on: date | None) -> str:
    """The ask, answered."""
    return t.MET_LOGGED.format(day=day_token(held_on)) if met and held_on else t.NOT_MET_LOGGED


# -- the closing reflection -------------------------------------------------------------------------
def build_reflect_modal(circle_id: int, program: str, token: str | None) -> dict[str, Any]:
    """The closing reflection: a 1-5 score and a private comment."""
    scores = [(str(i), label) for i, label in enumerate(t.REFLECT_SCORES, start=1)]
    blocks = [
        kit.section(t.REFLECT_INTRO.format(program=esc(program))),
        kit.input_block(
            ids.CIRCLE_REFLECT_SCORE, t.REFLECT_SCORE, kit.radio(ids.CIRCLE_REFLECT_SCORE, scores)
        ),
        kit.input_block(
            ids.CIRCLE_REFLECT_COMMENT,
            t.REFLECT_COMMENT,
            kit.text_input(ids.CIRCLE_REFLECT_COMMENT, multiline=True, max_length=MAX_COMMENT),
            optional=True,
            hint=t.REFLECT_COMMENT_HINT,
        ),
    ]
    meta = json.dumps({"c": circle_id, **({"t": token} if token else {})})
    return kit.modal(ids.CIRCLE_REFLECT_MODAL, t.REFLECT_TITLE, blocks, submit="Send", private_metadata=meta)


def parse_reflect_modal(view: dict[str, Any]) -> tuple[int | None, int | None, str]:
    """(circle id, score 1-5 or None, comment) of a submitted reflection."""
    state = view.get("state") or {}
    score = kit.state_value(state, ids.CIRCLE_REFLECT_SCORE)
    comment = kit.state_value(state, ids.CIRCLE_REFLECT_COMMENT)
    value = int(score) if isinstance(score, str) and score in {"1", "2", "3", "4", "5"} else None
    return kit.metadata_int(view, "c"), value, comment if isinstance(comment, str) else ""


# -- Home ---------------------------------------------------------------------------------------------
def build_home_section(
    program: str, key: str, me: str, view: CircleView | None, topics: Sequence[str]
) -> list[Block]:
    """A circles program's section of the Home tab: the person's circle (members, host, next
    prompt, last meeting) and the next step; or that they wait for the next round."""
    blocks: list[Block] = [kit.header(program)]
    edit = kit.button(t.HOME_EDIT, ids.PROFILE_OPEN, "profile")
    if view is None:
        blocks.append(kit.section(t.HOME_WAITING.format(topics=topics_text(list(topics))), accessory=edit))
        blocks.append(kit.section(t.HOME_NEXT_WAIT))
        return blocks
    blocks.append(kit.section("\n".join(circle_lines(view, me))))
    if view.your_seat == "paused":
        step = t.HOME_NEXT_PAUSED
    elif view.host is not None and view.host.slack_user_id == me:
        step = t.HOME_NEXT_HOST
    elif view.host is not None:
        step = t.HOME_NEXT_MEET.format(host=mention(view.host.slack_user_id))
    else:
        step = t.HOME_NEXT_WAIT
    blocks.append(kit.section(step))
    blocks.append(seat_buttons(view))
    blocks.append(
        kit.context(
            t.STATUS_RUN.format(
                cycle=view.cycle + 1,
                cycles=_cycles(view),
                cadence=cadence_words(view.cadence),
                day=day_token(view.ends_on),
            )
        )
    )
    del key
    return blocks
