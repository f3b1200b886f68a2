"""Table-driven tests for the pair workflow rules in bot.domain.workflows."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.domain.workflows import (
    ActionItemInput,
    milestone_progress,
    next_check_in,
    parse_action_items,
    parse_pause,
    progress_bar,
    review_feedback,
)

TODAY = date(2027, 1, 11)


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


@pytest.mark.parametrize(
    ("well", "better", "suggestion", "flagged"),
    [
        (
            "When you drew the pipeline it clicked",
            "Our last two sessions started late",
            "Send the agenda a day before",
            [],
        ),
        ("You always explain well", "", "Send the agenda a day before", ["well"]),
        ("The review helped", "You never listen", "Send the agenda a day before", ["better"]),
        ("The review helped", "You are lazy", "Send the agenda a day before", ["better"]),
        ("You're great", "", "Send the agenda a day before", ["well"]),
        ("good", "", "Send the agenda a day before", ["well"]),
        ("The review helped", "n/a", "Send the agenda a day before", ["better"]),
        ("The review helped", "", "Be on time", ["suggestion"]),
        ("The review helped", "", "Everyone hates the late start, be on time", ["suggestion"]),
        ("Nobody explains like you", "Rude replies", "Listen", ["well", "better", "suggestion"]),
    ],
)
def test_review_feedback(well: str, better: str, suggestion: str, flagged: list[str]) -> None:
    notes = review_feedback(well, better, suggestion)
    assert sorted({n.field for n in notes}) == sorted(flagged)
    assert all(n.message for n in notes)


@pytest.mark.parametrize(
    ("percent", "bar"),
    [
        (0, "▱▱▱▱▱▱▱▱▱▱ 0%"),
        (9, "▱▱▱▱▱▱▱▱▱▱ 9%"),
        (45, "▰▰▰▰▱▱▱▱▱▱ 45%"),
        (100, "▰▰▰▰▰▰▰▰▰▰ 100%"),
        (150, "▰▰▰▰▰▰▰▰▰▰ 100%"),
        (-5, "▱▱▱▱▱▱▱▱▱▱ 0%"),
    ],
)
def test_progress_bar(percent: int, bar: str) -> None:
    assert progress_bar(percent) == bar


@pytest.mark.parametrize(("done", "total", "percent"), [(0, 0, 0), (1, 2, 50), (1, 3, 33), (3, 3, 100)])
def test_milestone_progress(done: int, total: int, percent: int) -> None:
    assert milestone_progress(done, total) == percent


@pytest.mark.parametrize(
    ("words", "end", "expected"),
    [
        ([], None, None),
        (["until", "2027-02-01"], None, date(2027, 2, 1)),
        (["2027-02-01"], date(2027, 3, 1), date(2027, 2, 1)),
        (["until", "2027-03-01"], date(2027, 3, 1), date(2027, 3, 1)),
    ],
)
def test_parse_pause(words: list[str], end: date | None, expected: date | None) -> None:
    assert parse_pause(words, TODAY, end) == expected


@pytest.mark.parametrize(
    ("words", "end", "phrase"),
    [
        (["until"], None, "Add the date"),
        (["until", "2027-01-11"], None, "already come"),
        (["until", "2027-01-02"], None, "already come"),
        (["until", "next", "week"], None, "couldn't read"),
        (["friday"], None, "isn't a date"),
        (["2027-02-30"], None, "real date"),
        (["2027-09-01"], None, "180 days"),
        (["2027-03-02"], date(2027, 3, 1), "ends on"),
    ],
)
def test_parse_pause_rejects(words: list[str], end: date | None, phrase: str) -> None:
    with pytest.raises(ValueError, match=phrase):
        parse_pause(words, TODAY, end)


@pytest.mark.parametrize(
    ("start", "end", "cadence", "tz", "now", "expected"),
    [
        # Weekly from a Monday: the first check-in is a week later at 10:00 local.
        (
            date(2027, 1, 11),
            None,
            "weekly",
            "UTC",
            datetime(2027, 1, 11, 9, tzinfo=UTC),
            datetime(2027, 1, 18, 10, tzinfo=UTC),
        ),
        # Berlin is UTC+1 in January.
        (
            date(2027, 1, 11),
            None,
            "weekly",
            "Europe/Berlin",
            datetime(2027, 1, 11, 9, tzinfo=UTC),
            datetime(2027, 1, 18, 9, tzinfo=UTC),
        ),
        # Exactly at a due time, the next one comes.
        (
            date(2027, 1, 11),
            None,
            "weekly",
            "UTC",
            datetime(2027, 1, 18, 10, tzinfo=UTC),
            datetime(2027, 1, 25, 10, tzinfo=UTC),
        ),
        # Long after the start, biweekly: period 26 began on 4 January, period 27 begins on the 18th.
        (
            date(2026, 1, 5),
            None,
            "biweekly",
            "UTC",
            datetime(2027, 1, 11, 9, tzinfo=UTC),
            datetime(2027, 1, 18, 10, tzinfo=UTC),
        ),
        # Due later the same day.
        (
            date(2026, 1, 12),
            None,
            "biweekly",
            "UTC",
            datetime(2027, 1, 11, 9, tzinfo=UTC),
            datetime(2027, 1, 11, 10, tzinfo=UTC),
        ),
        # A period starting on Saturday rolls to Monday.
        (
            date(2027, 1, 9),
            None,
            "weekly",
            "UTC",
            datetime(2027, 1, 10, 9, tzinfo=UTC),
            datetime(2027, 1, 18, 10, tzinfo=UTC),
        ),
        # After the end date, nothing is left.
        (date(2027, 1, 11), date(2027, 1, 20), "weekly", "UTC", datetime(2027, 1, 19, 9, tzinfo=UTC), None),
        # An unknown cadence has no check-ins.
        (date(2027, 1, 11), None, "hourly", "UTC", datetime(2027, 1, 11, 9, tzinfo=UTC), None),
    ],
)
def test_next_check_in(
    start: date, end: date | None, cadence: str, tz: str, now: datetime, expected: datetime | None
) -> None:
    assert next_check_in(start, end, cadence, tz, 10, now) == expected
