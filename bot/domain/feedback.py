"""Feedback wording rules.

Feedback guide (``review_feedback``): deterministic notes that nudge towards specific,
behaviour-focused wording. It flags absolutes ("always", "never", "everyone", "nobody"),
statements about the person rather than behaviour ("you are", "you're", labels like
"lazy" or "rude"), filler that says nothing ("good", "fine", "nothing", "n/a"), and a
suggestion too short to act on (under 4 words). Notes come back in field order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class FeedbackNote:
    """A gentle suggestion about one feedback field ("well", "better" or "suggestion")."""

    field: str
    message: str


_ABSOLUTE = re.compile(r"\b(?:always|never|everyone|everybody|nobody|no one|every single time)\b", re.I)
_PERSONAL = re.compile(
    r"\b(?:you\s+are|you're|youre|you\s+seem|you\s+come\s+across\s+as)\b"
    r"|\b(?:lazy|rude|arrogant|stupid|useless|incompetent|annoying|selfish|careless|hopeless)\b",
    re.I,
)
_FILLER = re.compile(
    r"^\s*(?:good|great|fine|ok|okay|nothing|none|n/?a|all good|everything|-+|\.+)\s*[.!]*\s*$", re.I
)
_WORD = re.compile(r"[\w'\u2019-]+")
MIN_SUGGESTION_WORDS: Final = 4

_FIELD_NAMES: Final = {
    "well": "What's going well",
    "better": "What could be better",
    "suggestion": "Your suggestion",
}


def review_feedback(going_well: str, could_improve: str, suggestion: str) -> list[FeedbackNote]:
    """Return notes nudging feedback towards specific, behaviour-focused wording (may be empty)."""
    notes: list[FeedbackNote] = []
    for field, text in (("well", going_well), ("better", could_improve), ("suggestion", suggestion)):
        name = _FIELD_NAMES[field]
        if not text.strip():
            continue
        if _FILLER.match(text):
            notes.append(
                FeedbackNote(
                    field,
                    f"{name}: say what exactly, e.g. “the way you walked me through the design review”.",
                )
            )
            continue
        absolute = _ABSOLUTE.search(text)
        if absolute:
            notes.append(
                FeedbackNote(
                    field,
                    f"{name}: “{absolute.group(0)}” can sound like a verdict. Name one moment instead: "
                    "“In Tuesday's session, …”.",
                )
            )
        personal = _PERSONAL.search(text)
        if personal:
            notes.append(
                FeedbackNote(
                    field,
                    f"{name}: “{personal.group(0)}” describes the person. Describe what they did and its "
                    "effect: “When you …, I …”.",
                )
            )
    if (
        suggestion.strip()
        and not _FILLER.match(suggestion)
        and len(_WORD.findall(suggestion)) < MIN_SUGGESTION_WORDS
    ):
        notes.append(
            FeedbackNote(
                "suggestion",
                "Your suggestion: make it something they can try next time, e.g. “Send the agenda a day "
                "before we meet”.",
            )
        )
    return notes
