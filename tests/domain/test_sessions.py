"""Table-driven tests for the session log rules in bot.domain.sessions."""

from __future__ import annotations

import pytest

from bot.domain.sessions import ActionItemInput, parse_action_items


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("\n  \n", []),
        ("read chapter 3", [ActionItemInput("me", "read chapter 3")]),
        ("me: send the RFC", [ActionItemInput("me", "send the RFC")]),
        ("Partner: draft outline", [ActionItemInput("partner", "draft outline")]),
        ("you - draft outline", [ActionItemInput("partner", "draft outline")]),
        ("both: book a room", [ActionItemInput("both", "book a room")]),
        ("we: book a room", [ActionItemInput("both", "book a room")]),
        ("mentor: share slides", [ActionItemInput("mentor", "share slides")]),
        ("mentee: share slides", [ActionItemInput("mentee", "share slides")]),
        (
            "- [ ] me: tidy  up\n* us: plan",
            [ActionItemInput("me", "tidy up"), ActionItemInput("both", "plan")],
        ),
        ("1. meet the team", [ActionItemInput("me", "meet the team")]),
        ("memo: write it", [ActionItemInput("me", "memo: write it")]),
    ],
)
def test_parse_action_items(text: str, expected: list[ActionItemInput]) -> None:
    assert parse_action_items(text) == expected


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("me:", "Line 1"),
        ("ok\nboth:   ", "Line 2"),
        ("x" * 201, "200 characters"),
        ("\n".join(f"item {i}" for i in range(16)), "more than 15"),
    ],
)
def test_parse_action_items_rejects(text: str, phrase: str) -> None:
    with pytest.raises(ValueError, match=phrase):
        parse_action_items(text)
