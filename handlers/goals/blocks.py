"""Modals and messages of SMART goals. Builders escape every user-written string."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from bot.domain.goals import progress_bar
from bot.domain.smart import SmartReview, format_day
from bot.services.goals import GoalInput, GoalView
from bot.services.pairs import Member, Pair
from handlers.goals import texts as t
from handlers.pairs import texts as pt
from handlers.pairs.cards import goal_blocks
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
from handlers.slack import ids, kit
from handlers.slack.format import esc


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
    blocks += pair_picker(ids.GOAL_PAIR, t.GOAL_PAIR_LABEL, pairs, me, chosen)
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
        long_text(
            ids.GOAL_MEASURE,
            t.GOAL_MEASURE_LABEL,
            values.measure if values else None,
            max_length=500,
            placeholder=t.GOAL_MEASURE_PLACEHOLDER,
        ),
        long_text(
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
        private_metadata=meta(pairs, chosen, **once(token)),
    )


def parse_goal(view: dict[str, Any]) -> tuple[GoalInput, bool]:
    """Read the goal modal into goal input and whether to save it as it is."""
    state = view.get("state") or {}
    data = GoalInput(
        mentorship_id=chosen_pair(state, ids.GOAL_PAIR, kit.metadata(view)),
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


def build_goals(groups: Sequence[tuple[Pair, Sequence[GoalView]]], me: int) -> list[Block]:
    """Build the `/mentor goals` answer: each mentorship with its goals and actions."""
    blocks: list[Block] = [kit.header(t.GOALS_HEADER)]
    for pair, goals in groups:
        partner = pair.partner_of(me)
        role = pt.ROLE_OF_PARTNER[pair.role_of(me)]
        blocks.append(kit.section(t.GOALS_WITH.format(partner=who(partner), role=role)))
        if not goals:
            blocks.append(kit.section(t.GOALS_PAIR_NONE))
        for goal in goals:
            blocks += goal_blocks(goal)
        blocks.append(kit.actions(kit.button(pt.GOAL_NEW_BUTTON, ids.GOAL_OPEN, str(pair.id))))
        blocks.append(kit.divider())
    return kit.message_blocks(blocks)


def build_past_goals(groups: Sequence[tuple[Pair, Sequence[GoalView]]], me: int) -> list[Block]:
    """Goals of ended mentorships, most recent mentorship first: what was achieved, read only."""
    blocks: list[Block] = []
    for pair, goals in groups:
        partner = pair.partner_of(me)
        lines = [
            t.PAST_GOAL_LINE[g.status].format(title=esc(g.title))
            for g in goals
            if g.status in t.PAST_GOAL_LINE
        ]
        head = t.PAST_GOALS_WITH.format(partner=who(partner))
        blocks.append(kit.section(head + "\n" + ("\n".join(lines) if lines else t.PAST_GOALS_NONE)))
    return blocks


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
