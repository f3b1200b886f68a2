"""Goal and action-item cards: shown by goals, session logs, `/mentor status` and the Home tab."""

from __future__ import annotations

from bot.domain.goals import progress_bar
from bot.services.goals import GoalView
from bot.services.pairs import Pair
from bot.services.sessions import ActionItemView
from handlers.pairs import texts as t
from handlers.pairs.forms import Block, who
from handlers.slack import ids, kit
from handlers.slack.format import clip, day_token, esc


def goal_blocks(goal: GoalView, *, buttons: bool = True, limit_milestones: int = 10) -> list[Block]:
    """Return a goal with its progress bar, milestones and (for active goals) its buttons."""
    done = goal.status == "achieved"
    icon = ":trophy:" if done else ":dart:"
    lines = [
        f"{icon} *{esc(goal.title)}*",
        f"{progress_bar(goal.progress)} · target {day_token(goal.target_date)}",
    ]
    if goal.measure:
        lines.append(f"_Measure:_ {esc(clip(goal.measure, 300))}")
    if done and goal.achieved_at is not None:
        lines.append(f"Achieved on {day_token(goal.achieved_at.date())}")
    for milestone in goal.milestones[:limit_milestones]:
        mark = ":white_check_mark:" if milestone.completed_at else ":white_large_square:"
        due = f" (by {day_token(milestone.due_date)})" if milestone.due_date else ""
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
