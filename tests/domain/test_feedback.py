"""Table-driven tests for the feedback wording rules in bot.domain.feedback."""

from __future__ import annotations

import pytest

from bot.domain.feedback import review_feedback


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
