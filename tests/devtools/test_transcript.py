"""The terminal transcript: Block Kit as a few plain lines, no markup."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from devtools.demo import text_lines
from devtools.slack_markup import Directory, Member, Reader

READER = Reader(
    Directory(members={"U0BO": Member("Bo Chen", "America/New_York")}), datetime(2027, 1, 11, tzinfo=UTC)
)


def test_blocks_become_plain_lines_with_buttons_in_brackets() -> None:
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": ":tada: Something to celebrate"}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "*Well done*, <@U0BO>!"}},
        {"type": "section", "fields": [{"type": "mrkdwn", "text": "*Role*\nMentee"}]},
        {"type": "divider"},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "_You meet every two weeks._"}]},
        {
            "type": "actions",
            "elements": [
                {"type": "button", "text": {"type": "plain_text", "text": "Log it"}, "action_id": "x"}
            ],
        },
    ]
    assert text_lines(blocks, "ignored", READER) == [
        "🎉 Something to celebrate",
        "Well done, @Bo Chen!",
        "  · Role: Mentee",
        "You meet every two weeks.",
        "[Log it]",
    ]


def test_without_blocks_the_text_is_shown() -> None:
    assert text_lines([], "Hi <@U0BO> &amp; welcome :wave:", READER) == ["Hi @Bo Chen & welcome 👋"]
