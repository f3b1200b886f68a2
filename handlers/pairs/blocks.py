"""Modals, messages and Home sections for goals, sessions, feedback and the life of a mentorship.

Builders take plain data from the services and escape every user-written string.
Each modal has a `parse_*` partner that reads its state back into service input.

Over 600 lines for now: the builders of the pair's features share the pair pickers and are reused
across them (status shows goals and action items); they split with the listeners in the next step."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.cadence import CADENCE_LABELS
from bot.domain.feedback import FeedbackNote
from bot.domain.goals import progress_bar
from bot.domain.lifecycle import as_cadence
from bot.domain.smart import SmartReview, format_day
from bot.services.feedback import FeedbackInput, FeedbackSent
from bot.services.goals import GoalInput, GoalView
from bot.services.lifecycle import Concern, EndInput, PairStatus
from bot.services.pairs import Member, Pair
from bot.services.sessions import ActionItemView, SessionInput, SessionLogged
from handlers.pairs import texts as t
from handlers.slack import ids, kit
from handlers.slack.format import clip, esc, mention
from handlers.slack.inputs import parse_id

Block = dict[str, Any]


# -- shared --------------------------------------------------------------------------------------
def _long_text(
    block_id: str,
    label: str,
    initial: str | None,
    *,
    max_length: int,
    placeholder: str | None = None,
    optional: bool = False,
) -> Block:
    """A multiline text input block whose element shares the block's id."""
    element = kit.text_input(
        block_id, initial=initial, multiline=True, max_length=max_length, placeholder=placeholder
    )
    return kit.input_block(block_id, label, element, optional=optional)


def partner_label(pair: Pair, me: int) -> str:
    """Return "Name (your mentor)" for the other member of a pair (plain text, unescaped)."""
    partner = pair.partner_of(me)
    return f"{partner.name or partner.slack_id} ({t.ROLE_OF_PARTNER[pair.role_of(me)]})"


def pair_options(pairs: Sequence[Pair], me: int) -> list[tuple[str, str]]:
    """Return select options naming each partner."""
    return [(str(p.id), partner_label(p, me)) for p in pairs]


def _pair_picker(
    block_id: str, label: str, pairs: Sequence[Pair], me: int, chosen: int | None
) -> list[Block]:
    if len(pairs) <= 1:
        return []
    return [
        kit.input_block(
            block_id,
            label,
            kit.static_select(block_id, pair_options(pairs, me), initial=str(chosen) if chosen else None),
        )
    ]


def _chosen_pair(state: dict[str, Any], block_id: str, meta: dict[str, Any]) -> int | None:
    raw = kit.state_value(state, block_id)
    if raw is None:
        raw = meta.get("m")
    return parse_id(raw)


def state_text(state: dict[str, Any], block_id: str) -> str:
    """Return a text input's value ('' when empty)."""
    value = kit.state_value(state, block_id)
    return str(value) if value else ""


def state_date(state: dict[str, Any], block_id: str) -> date | None:
    """Return a date picker's day (None when empty or unreadable)."""
    value = kit.state_value(state, block_id)
    if not value:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def once(token: str | None) -> dict[str, str]:
    """The one-time token of an opened form, as a private_metadata entry ("t"), when there is one."""
    return {"t": token} if token else {}


def _meta(pairs: Sequence[Pair], chosen: int | None, **extra: Any) -> str:
    only = pairs[0].id if len(pairs) == 1 else None
    return json.dumps({"m": chosen or only, **extra})


def who(member: Member) -> str:
    """Return a mention of a pair member (ids come from Slack, never from user text)."""
    return mention(member.slack_id)


def local_time(at: datetime, tz: str) -> str:
    """Return an instant as local time, like "Mon 12 January 2027, 10:00 (Europe/Berlin)"."""
    try:
        zone = ZoneInfo(tz)
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    local = at.astimezone(zone)
    return f"{local:%a} {format_day(local.date())}, {local:%H:%M} ({esc(tz)})"


# -- goals -----------------------------------------------------------------------------------------
def build_goal_modal(
    pairs: Sequence[Pair],
    me: int,
    chosen: int | None,
    *,
    values: GoalInput | None = None,
    review: SmartReview | None = None,
    milestones_text: str = "",
    token: str | None = None,
) -> dict[str, Any]:
    """Build the SMART goal modal; with a review, show its warnings and the rewrite hint."""
    blocks: list[Block] = []
    if review is not None and not review.ok:
        lines = "\n".join(f"• {esc(issue.message)}" for issue in review.issues)
        blocks.append(kit.section(f"{t.GOAL_COACH_HEADER}\n{lines}"))
        if review.hint:
            blocks.append(kit.section(f":pencil2: {esc(review.hint)}"))
        blocks.append(kit.context(t.GOAL_COACH_FOOTER))
    else:
        blocks.append(kit.context(t.GOAL_INTRO))
    chosen = values.mentorship_id if values is not None and values.mentorship_id else chosen
    blocks += _pair_picker(ids.GOAL_PAIR, t.GOAL_PAIR_LABEL, pairs, me, chosen)
    blocks += [
        kit.input_block(
            ids.GOAL_TITLE,
            t.GOAL_TITLE_LABEL,
            kit.text_input(
                ids.GOAL_TITLE,
                initial=values.title if values else None,
                max_length=300,
                placeholder=t.GOAL_TITLE_PLACEHOLDER,
            ),
        ),
        _long_text(
            ids.GOAL_MEASURE,
            t.GOAL_MEASURE_LABEL,
            values.measure if values else None,
            max_length=500,
            placeholder=t.GOAL_MEASURE_PLACEHOLDER,
        ),
        _long_text(
            ids.GOAL_RELEVANCE,
            t.GOAL_RELEVANCE_LABEL,
            values.relevance if values else None,
            max_length=500,
            optional=True,
        ),
        kit.input_block(
            ids.GOAL_TARGET,
            t.GOAL_TARGET_LABEL,
            kit.datepicker(
                ids.GOAL_TARGET, initial=values.target.isoformat() if values and values.target else None
            ),
        ),
        kit.input_block(
            ids.GOAL_MILESTONES,
            t.GOAL_MILESTONES_LABEL,
            kit.text_input(
                ids.GOAL_MILESTONES,
                initial=(values.milestones_text if values else milestones_text) or None,
                multiline=True,
                max_length=2000,
            ),
            optional=True,
            hint=t.GOAL_MILESTONES_HINT,
        ),
    ]
    if review is not None and not review.ok:
        blocks.append(
            kit.input_block(
                ids.GOAL_SAVE_ANYWAY,
                t.GOAL_SAVE_ANYWAY_LABEL,
                kit.checkboxes(ids.GOAL_SAVE_ANYWAY, [("yes", t.GOAL_SAVE_ANYWAY_OPTION)]),
                optional=True,
            )
        )
    return kit.modal(
        ids.GOAL_MODAL,
        t.GOAL_TITLE,
        blocks,
        submit=t.GOAL_SAVE,
        private_metadata=_meta(pairs, chosen, **once(token)),
    )


def parse_goal(view: dict[str, Any]) -> tuple[GoalInput, bool]:
    """Read the goal modal into goal input and whether to save it as it is."""
    state = view.get("state") or {}
    data = GoalInput(
        mentorship_id=_chosen_pair(state, ids.GOAL_PAIR, kit.metadata(view)),
        title=state_text(state, ids.GOAL_TITLE),
        measure=state_text(state, ids.GOAL_MEASURE),
        relevance=state_text(state, ids.GOAL_RELEVANCE),
        target=state_date(state, ids.GOAL_TARGET),
        milestones_text=state_text(state, ids.GOAL_MILESTONES),
    )
    anyway = "yes" in (kit.state_value(state, ids.GOAL_SAVE_ANYWAY) or ())
    return data, anyway


GOAL_FIELDS = {
    "pair": ids.GOAL_PAIR,
    "title": ids.GOAL_TITLE,
    "measure": ids.GOAL_MEASURE,
    "relevance": ids.GOAL_RELEVANCE,
    "target": ids.GOAL_TARGET,
    "milestones": ids.GOAL_MILESTONES,
}


def goal_blocks(goal: GoalView, *, buttons: bool = True, limit_milestones: int = 10) -> list[Block]:
    """Return a goal with its progress bar, milestones and (for active goals) its buttons."""
    done = goal.status == "achieved"
    icon = ":trophy:" if done else ":dart:"
    lines = [
        f"{icon} *{esc(goal.title)}*",
        f"{progress_bar(goal.progress)} · target {format_day(goal.target_date)}",
    ]
    if goal.measure:
        lines.append(f"_Measure:_ {esc(clip(goal.measure, 300))}")
    if done and goal.achieved_at is not None:
        lines.append(f"Achieved on {format_day(goal.achieved_at.date())}")
    for milestone in goal.milestones[:limit_milestones]:
        mark = ":white_check_mark:" if milestone.completed_at else ":white_large_square:"
        due = f" (by {format_day(milestone.due_date)})" if milestone.due_date else ""
        lines.append(f"{mark} {esc(milestone.title)}{due}")
    blocks: list[Block] = [kit.section("\n".join(lines))]
    if buttons and goal.status == "active":
        elements = [
            kit.button(
                t.GOAL_MILESTONE_BUTTON.format(title=clip(m.title, 60)), ids.GOAL_MILESTONE_DONE, str(m.id)
            )
            for m in goal.milestones
            if m.completed_at is None
        ][:3]
        elements += [
            kit.button(t.GOAL_PROGRESS_BUTTON, ids.GOAL_PROGRESS, str(goal.id)),
            kit.button(
                t.GOAL_ACHIEVED_BUTTON,
                ids.GOAL_ACHIEVED,
                str(goal.id),
                style="primary",
                confirm=kit.confirm_dialog(
                    t.GOAL_ACHIEVED_CONFIRM_TITLE, t.GOAL_ACHIEVED_CONFIRM, t.GOAL_ACHIEVED_CONFIRM_YES
                ),
            ),
            kit.button(t.GOAL_ADJUST_BUTTON, ids.GOAL_ADJUST_DATE, str(goal.id)),
        ]
        blocks.append(kit.actions(*elements))
    return blocks


def build_goals(groups: Sequence[tuple[Pair, Sequence[GoalView]]], me: int) -> list[Block]:
    """Build the `/mentor goals` answer: each mentorship with its goals and actions."""
    blocks: list[Block] = [kit.header(t.GOALS_HEADER)]
    for pair, goals in groups:
        partner = pair.partner_of(me)
        role = t.ROLE_OF_PARTNER[pair.role_of(me)]
        blocks.append(kit.section(t.GOALS_WITH.format(partner=who(partner), role=role)))
        if not goals:
            blocks.append(kit.section(t.GOALS_PAIR_NONE))
        for goal in goals:
            blocks += goal_blocks(goal)
        blocks.append(kit.actions(kit.button(t.GOAL_NEW_BUTTON, ids.GOAL_OPEN, str(pair.id))))
        blocks.append(kit.divider())
    return kit.message_blocks(blocks)


def build_goal_saved(goal: GoalView) -> list[Block]:
    """The confirmation DM for a new goal."""
    text = t.GOAL_SAVED.format(title=esc(goal.title), target=format_day(goal.target_date))
    return [kit.section(text), *goal_blocks(goal)]


def build_goal_for_partner(goal: GoalView, author: Member) -> list[Block]:
    """The note to the pair about a new goal."""
    text = t.GOAL_NEW_FOR_PARTNER.format(
        who=who(author), title=esc(goal.title), target=format_day(goal.target_date)
    )
    return [kit.section(text), *goal_blocks(goal, buttons=False)]


def build_progress_modal(goal: GoalView, token: str | None = None) -> dict[str, Any]:
    """The small modal to update a goal's progress (0-100)."""
    return kit.modal(
        ids.GOAL_PROGRESS_MODAL,
        t.GOAL_PROGRESS_TITLE,
        [
            kit.section(f"*{esc(goal.title)}*\n{progress_bar(goal.progress)}"),
            kit.input_block(
                ids.GOAL_PROGRESS_VALUE,
                t.GOAL_PROGRESS_LABEL,
                kit.number_input(ids.GOAL_PROGRESS_VALUE, initial=goal.progress, minimum=0, maximum=100),
            ),
        ],
        submit="Save",
        private_metadata=json.dumps({"g": goal.id, **once(token)}),
    )


def build_adjust_modal(goal: GoalView, token: str | None = None) -> dict[str, Any]:
    """The modal to move a goal's target date, with a reason."""
    return kit.modal(
        ids.GOAL_ADJUST_MODAL,
        t.GOAL_ADJUST_TITLE,
        [
            kit.section(f"*{esc(goal.title)}*\nCurrent target: {format_day(goal.target_date)}"),
            kit.input_block(
                ids.GOAL_ADJUST_TARGET,
                t.GOAL_ADJUST_DATE_LABEL,
                kit.datepicker(ids.GOAL_ADJUST_TARGET, initial=goal.target_date.isoformat()),
            ),
            kit.input_block(
                ids.GOAL_ADJUST_REASON,
                t.GOAL_ADJUST_REASON_LABEL,
                kit.text_input(ids.GOAL_ADJUST_REASON, multiline=True, max_length=500),
                hint=t.GOAL_ADJUST_REASON_HINT,
            ),
        ],
        submit="Save",
        private_metadata=json.dumps({"g": goal.id, **once(token)}),
    )


# -- sessions --------------------------------------------------------------------------------------
def build_session_modal(
    pairs: Sequence[Pair], me: int, chosen: int | None, today: date, token: str | None = None
) -> dict[str, Any]:
    """Build the session log modal (date defaults to today)."""
    blocks: list[Block] = [
        *_pair_picker(ids.SESSION_PAIR, t.SESSION_PAIR_LABEL, pairs, me, chosen),
        kit.input_block(
            ids.SESSION_DATE,
            t.SESSION_DATE_LABEL,
            kit.datepicker(ids.SESSION_DATE, initial=today.isoformat()),
        ),
        _long_text(
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
        private_metadata=_meta(pairs, chosen, **once(token)),
    )


def parse_session(view: dict[str, Any]) -> SessionInput:
    """Read the session log modal."""
    state = view.get("state") or {}
    return SessionInput(
        mentorship_id=_chosen_pair(state, ids.SESSION_PAIR, kit.metadata(view)),
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


def owner_text(item: ActionItemView, pair: Pair) -> str:
    """Return who owns an action item, as a mention (or "both of you")."""
    if item.owner_id is None:
        return t.ITEM_OWNER_BOTH
    return who(pair.member(item.owner_id))


def item_block(item: ActionItemView, pair: Pair) -> Block:
    """An open action item with its Done button."""
    return kit.section(
        f"• {esc(item.text)} · _{owner_text(item, pair)}_",
        accessory=kit.button(t.ITEM_DONE_BUTTON, ids.HOME_ACTION_DONE, str(item.id)),
    )


def build_session_summary(logged: SessionLogged) -> list[Block]:
    """The session summary both members see in their group DM."""
    author = logged.pair.member(logged.logged_by)
    blocks: list[Block] = [
        kit.section(t.SESSION_SUMMARY.format(held=format_day(logged.held_on), who=who(author))),
        kit.section(t.SESSION_TAKEAWAYS.format(text=esc(logged.takeaways))),
    ]
    if logged.items:
        blocks.append(kit.section(t.SESSION_ITEMS))
        blocks += [item_block(item, logged.pair) for item in logged.items]
    if logged.next_meeting_on:
        blocks.append(kit.section(t.SESSION_NEXT.format(day=format_day(logged.next_meeting_on))))
    blocks.append(kit.context(t.SESSION_FOOTER))
    return kit.message_blocks(blocks)


# -- feedback --------------------------------------------------------------------------------------
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
    blocks += _pair_picker(ids.FEEDBACK_PAIR, t.FEEDBACK_PAIR_LABEL, pairs, me, chosen)
    if len(pairs) == 1:
        blocks.append(kit.context(f"For {esc(partner_label(pairs[0], me))}"))
    blocks += [
        _long_text(
            ids.FEEDBACK_WELL, t.FEEDBACK_WELL_LABEL, values.going_well if values else None, max_length=1500
        ),
        _long_text(
            ids.FEEDBACK_BETTER,
            t.FEEDBACK_BETTER_LABEL,
            values.could_improve if values else None,
            max_length=1500,
            optional=True,
        ),
        _long_text(
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
        private_metadata=_meta(pairs, chosen, **once(token)),
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
        mentorship_id=_chosen_pair(state, ids.FEEDBACK_PAIR, kit.metadata(view)),
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
        kit.actions(kit.button(t.FEEDBACK_BUTTON, ids.FEEDBACK_OPEN, str(sent.pair.id))),
    ]
    return blocks


# -- status ----------------------------------------------------------------------------------------
def _agreement(pair: Pair) -> str:
    if pair.agreement_status != "agreed":
        return t.STATUS_NO_AGREEMENT
    cadence = as_cadence(pair.cadence)
    label = CADENCE_LABELS[cadence] if cadence else esc(pair.cadence)
    fmt = (
        f", {t.FORMATS.get(pair.meeting_format or '', esc(pair.meeting_format or ''))}"
        if pair.meeting_format
        else ""
    )
    end = f", until {format_day(pair.end_date)}" if pair.end_date else ""
    return t.STATUS_AGREEMENT.format(cadence=label, format=fmt, end=end)


def _status_word(pair: Pair) -> str:
    if pair.status == "paused":
        return (
            t.STATUS_PAUSED_UNTIL.format(day=format_day(pair.paused_until))
            if pair.paused_until
            else t.STATUS_PAUSED
        )
    return t.STATUS_LABELS.get(pair.status, pair.status)


def build_status(statuses: Sequence[PairStatus]) -> list[Block]:
    """Build `/mentor status`: each mentorship with agreement, next check-in, items and goals."""
    if not statuses:
        return [kit.section(t.STATUS_NONE)]
    blocks: list[Block] = [kit.header(t.STATUS_HEADER)]
    for s in statuses:
        pair, me = s.pair, s.me
        role = t.ROLE_OF_PARTNER[pair.role_of(me)]
        blocks.append(
            kit.section(
                t.STATUS_WITH.format(partner=who(pair.partner_of(me)), role=role, status=_status_word(pair))
            )
        )
        last = f", last on {format_day(pair.last_session_on)}" if pair.last_session_on else ""
        nxt = (
            t.STATUS_NEXT.format(when=local_time(s.next_check_in, s.timezone))
            if s.next_check_in
            else t.STATUS_NEXT_NONE
        )
        blocks.append(
            kit.section(
                "\n".join(
                    [_agreement(pair), nxt, t.STATUS_SESSIONS.format(count=pair.session_count, last=last)]
                )
            )
        )
        if s.items:
            blocks.append(kit.section(t.STATUS_ITEMS))
            blocks += [item_block(i, pair) for i in s.items[:10]]
        else:
            blocks.append(kit.section(t.STATUS_ITEMS_NONE))
        if s.goals:
            lines = [f":dart: {esc(g.title)} · {progress_bar(g.progress)}" for g in s.goals]
            blocks.append(kit.section(t.STATUS_GOALS + "\n" + "\n".join(lines)))
        else:
            blocks.append(kit.section(t.STATUS_GOALS_NONE))
        blocks.append(
            kit.actions(
                kit.button(t.LOG_BUTTON, ids.SESSION_LOG_OPEN, str(pair.id)),
                kit.button(t.GOAL_NEW_BUTTON, ids.GOAL_OPEN, str(pair.id)),
                kit.button(t.FEEDBACK_BUTTON, ids.FEEDBACK_OPEN, str(pair.id)),
            )
        )
        blocks.append(kit.divider())
    return kit.message_blocks(blocks)


def build_pick(
    pairs: Sequence[Pair], me: int, question: str, action_id: str, label: str, suffix: str = ""
) -> list[Block]:
    """Ephemeral buttons to choose one of several mentorships."""
    buttons = [
        kit.button(
            label.format(name=p.partner_of(me).name or p.partner_of(me).slack_id),
            action_id,
            f"{p.id}{suffix}",
        )
        for p in pairs
    ]
    return [kit.section(question), kit.actions(*buttons)]


def build_home_section(statuses: Sequence[PairStatus]) -> list[Block]:
    """The Home tab section: next check-in, open action items and goals per mentorship."""
    if not statuses:
        return []
    blocks: list[Block] = [kit.divider(), kit.header(t.HOME_HEADER)]
    for s in statuses[:5]:
        pair = s.pair
        partner = who(pair.partner_of(s.me))
        when = local_time(s.next_check_in, s.timezone) if s.next_check_in else _status_word(pair).lower()
        blocks.append(kit.section(t.HOME_NEXT.format(partner=partner, when=when)))
        if s.items:
            blocks.append(kit.section(t.HOME_ITEMS))
            blocks += [item_block(i, pair) for i in s.items[:8]]
        if s.goals:
            blocks.append(kit.section(t.HOME_GOALS))
            for goal in s.goals[:4]:
                blocks += goal_blocks(goal, limit_milestones=5)
        if not s.items and not s.goals:
            blocks.append(kit.section(t.HOME_NONE))
        blocks.append(
            kit.actions(
                kit.button(t.LOG_BUTTON, ids.HOME_LOG, str(pair.id)),
                kit.button(t.GOAL_NEW_BUTTON, ids.HOME_GOAL, str(pair.id)),
                kit.button(t.FEEDBACK_BUTTON, ids.HOME_FEEDBACK, str(pair.id)),
            )
        )
    return blocks


# -- end and concern -------------------------------------------------------------------------------
def build_end_modal(
    pairs: Sequence[Pair], me: int, chosen: int | None, token: str | None = None
) -> dict[str, Any]:
    """Build the modal to conclude a mentorship."""
    blocks: list[Block] = [
        kit.context(t.END_INTRO),
        *_pair_picker(ids.END_PAIR, t.END_PAIR_LABEL, pairs, me, chosen),
        kit.input_block(ids.END_REASON, t.END_REASON_LABEL, kit.radio(ids.END_REASON, t.END_REASONS)),
        kit.input_block(
            ids.END_GRATITUDE,
            t.END_GRATITUDE_LABEL,
            kit.text_input(
                ids.END_GRATITUDE, multiline=True, max_length=1500, placeholder=t.END_GRATITUDE_PLACEHOLDER
            ),
            optional=True,
        ),
        kit.input_block(ids.END_STAY, t.END_STAY_LABEL, kit.radio(ids.END_STAY, t.END_STAY_OPTIONS)),
        kit.input_block(
            ids.END_PRIVATE,
            t.END_PRIVATE_LABEL,
            kit.text_input(ids.END_PRIVATE, multiline=True, max_length=1500),
            optional=True,
            hint=t.END_PRIVATE_HINT,
        ),
    ]
    if len(pairs) == 1:
        blocks.insert(1, kit.section(f"With *{esc(partner_label(pairs[0], me))}*"))
    return kit.modal(
        ids.END_MODAL,
        t.END_TITLE,
        blocks,
        submit=t.END_SAVE,
        private_metadata=_meta(pairs, chosen, **once(token)),
    )


def parse_end(view: dict[str, Any]) -> EndInput:
    """Read the end modal."""
    state = view.get("state") or {}
    stay = kit.state_value(state, ids.END_STAY)
    return EndInput(
        mentorship_id=_chosen_pair(state, ids.END_PAIR, kit.metadata(view)),
        reason=kit.state_value(state, ids.END_REASON),
        private_text=state_text(state, ids.END_PRIVATE),
        gratitude=state_text(state, ids.END_GRATITUDE),
        stay_in_touch=None if stay is None else stay == "yes",
    )


END_FIELDS = {
    "pair": ids.END_PAIR,
    "reason": ids.END_REASON,
    "private": ids.END_PRIVATE,
    "gratitude": ids.END_GRATITUDE,
    "stay": ids.END_STAY,
}


def build_ended_for_partner(
    actor: Member, gratitude: str, stay: bool, *, mentee_next: str | None
) -> list[Block]:
    """The kind note to the partner of whoever ended the mentorship."""
    blocks = [kit.section(t.ENDED_PARTNER.format(who=who(actor)))]
    if gratitude:
        blocks.append(kit.section(t.ENDED_GRATITUDE.format(who=who(actor), text=esc(gratitude))))
    if stay:
        blocks.append(kit.section(t.ENDED_STAY.format(who=who(actor))))
    if mentee_next:
        blocks.append(kit.context(mentee_next))
    return blocks


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
