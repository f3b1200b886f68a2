"""A used button in a DM gives way to what was done (handlers.pairs.feature.answered_blocks)."""

from __future__ import annotations

from handlers.pairs.feature import answered_blocks
from handlers.slack import ids, kit

CARD = [
    kit.section("*Ship it*"),
    kit.actions(
        kit.button("Done: Draft", ids.GOAL_MILESTONE_DONE, "7"),
        kit.button("Mark achieved", ids.GOAL_ACHIEVED, "3"),
    ),
    kit.actions(kit.button("New goal", ids.GOAL_OPEN, "1")),
]


def _buttons(blocks: list[dict[str, object]]) -> list[str]:
    return [str(e["action_id"]) for b in blocks if b["type"] == "actions" for e in b["elements"]]  # type: ignore[attr-defined]


def test_a_ticked_milestone_loses_only_its_own_button() -> None:
    out = answered_blocks(
        CARD, {"action_id": ids.GOAL_MILESTONE_DONE, "value": "7"}, "Ticked off", whole=False
    )
    assert _buttons(out) == [ids.GOAL_ACHIEVED, ids.GOAL_OPEN]
    assert out[1]["type"] == "context" and "Ticked off" in str(out[1])


def test_an_achieved_goal_loses_its_whole_row_of_buttons() -> None:
    out = answered_blocks(CARD, {"action_id": ids.GOAL_ACHIEVED, "value": "3"}, "Marked achieved", whole=True)
    assert _buttons(out) == [ids.GOAL_OPEN]
    assert [b["type"] for b in out] == ["section", "context", "actions"]
