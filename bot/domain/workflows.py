"""Week-to-week rules for a pair: action items, feedback wording, progress, pauses, next check-in.

Rules owned here:
- Action items (``parse_action_items``): one per line, blank lines ignored, bullets stripped. A
  line may start with an owner prefix: "me:" (whoever writes the log), "partner:" / "you:" /
  "them:" (the other person), "both:" / "us:" / "we:" (both), or "mentor:" / "mentee:" (by
  role). Without a prefix the item is the writer's own. At most 15 items of at most 200
  characters each; a prefix with nothing after it is an error naming the line.
- Feedback guide (``review_feedback``): deterministic notes that nudge towards specific,
  behaviour-focused wording. It flags absolutes ("always", "never", "everyone", "nobody"),
  statements about the person rather than behaviour ("you are", "you're", labels like
  "lazy" or "rude"), filler that says nothing ("good", "fine", "nothing", "n/a"), and a
  suggestion too short to act on (under 4 words). Notes come back in field order.
- Progress (``progress_bar``): ten cells, each worth 10%, rounded down, clamped to 0..100.
- Pausing (``parse_pause``): "/mentor pause" pauses with no end date; "until YYYY-MM-DD" (or
  just the date) pauses until that day, which must be after today and no later than the
  mentorship's end date when it has one. At most 180 days ahead.
- Next check-in (``next_check_in``): the first check-in (period 1 or later, see
  bot.domain.cadence) due strictly after ``now`` whose period starts on or before the end
  date; None when there is none left.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final

from bot.domain.cadence import CADENCES, Cadence, check_in_due, period_index, period_start

OWNER_ME: Final = "me"
OWNER_PARTNER: Final = "partner"
OWNER_BOTH: Final = "both"
OWNER_MENTOR: Final = "mentor"
OWNER_MENTEE: Final = "mentee"

MAX_ACTION_ITEMS: Final = 15
MAX_ACTION_LENGTH: Final = 200
MAX_PAUSE_DAYS: Final = 180

_OWNER_PREFIX = re.compile(
    r"^(?P<owner>me|i|partner|you|them|both|us|we|mentor|mentee)\s*[:\-\u2013\u2014]\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_OWNER_WORDS: Final[dict[str, str]] = {
    "me": OWNER_ME,
    "i": OWNER_ME,
    "partner": OWNER_PARTNER,
    "you": OWNER_PARTNER,
    "them": OWNER_PARTNER,
    "both": OWNER_BOTH,
    "us": OWNER_BOTH,
    "we": OWNER_BOTH,
    "mentor": OWNER_MENTOR,
    "mentee": OWNER_MENTEE,
}
_BULLET = re.compile(r"^(?:[-*+\u2022\u2023\u25e6\u00b7]+\s*|\d{1,2}[.)]\s+|\[\s?\]\s*)")


@dataclass(frozen=True)
class ActionItemInput:
    """One parsed action item: who owns it (an OWNER_* value) and what to do."""

    owner: str
    text: str


def parse_action_items(text: str) -> list[ActionItemInput]:
    """Parse action items, one per line with an optional owner prefix.

    Raises:
        ValueError: naming the line, for an empty or over-long item, or too many items.
    """
    items: list[ActionItemInput] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = " ".join(raw.split())
        while _BULLET.match(line):
            line = _BULLET.sub("", line, count=1).strip()
        if not line:
            continue
        owner = OWNER_ME
        match = _OWNER_PREFIX.match(line)
        if match:
            owner = _OWNER_WORDS[match.group("owner").lower()]
            line = match.group("rest").strip()
            if not line:
                msg = f"Line {number}: say what needs doing after the owner, like “me: draft the RFC”."
                raise ValueError(msg)
        if len(line) > MAX_ACTION_LENGTH:
            msg = (
                f"Line {number}: this action item is {len(line)} characters long. Keep each one to "
                f"{MAX_ACTION_LENGTH} characters or fewer."
            )
            raise ValueError(msg)
        items.append(ActionItemInput(owner, line))
        if len(items) > MAX_ACTION_ITEMS:
            msg = f"Line {number}: that's more than {MAX_ACTION_ITEMS} action items. Keep the ones that matter most."
            raise ValueError(msg)
    return items


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


def progress_bar(percent: int) -> str:
    """Return a ten-cell text progress bar with the percentage, like "▰▰▰▱▱▱▱▱▱▱ 30%"."""
    value = max(0, min(100, int(percent)))
    filled = value // 10
    return "▰" * filled + "▱" * (10 - filled) + f" {value}%"


def milestone_progress(done: int, total: int) -> int:
    """Return the share of milestones done, as a whole percentage (0 when there are none)."""
    if total <= 0:
        return 0
    return max(0, min(100, done * 100 // total))


_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_pause(words: list[str], today: date, end_date: date | None) -> date | None:
    """Return the day a pause ends (None: until resumed) from the words after "pause".

    Raises:
        ValueError: with a message saying what to type, for anything else.
    """
    rest = [w for w in words if w]
    if rest and rest[0].lower() == "until":
        rest = rest[1:]
        if not rest:
            msg = "Add the date to pause until, like `/mentor pause until 2027-01-15`."
            raise ValueError(msg)
    if not rest:
        return None
    if len(rest) > 1:
        msg = "I couldn't read that. Type `/mentor pause` or `/mentor pause until YYYY-MM-DD`."
        raise ValueError(msg)
    match = _ISO_DAY.match(rest[0])
    if not match:
        msg = f"“{rest[0][:30]}” isn't a date I can read. Use YYYY-MM-DD, like `/mentor pause until 2027-01-15`."
        raise ValueError(msg)
    try:
        until = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        msg = f"{rest[0][:30]} isn't a real date. Use YYYY-MM-DD, like `/mentor pause until 2027-01-15`."
        raise ValueError(msg) from None
    if until <= today:
        msg = f"{until.isoformat()} has already come. Pick a date after today, or type `/mentor pause` alone."
        raise ValueError(msg)
    if until > today + timedelta(days=MAX_PAUSE_DAYS):
        msg = (
            f"That's more than {MAX_PAUSE_DAYS} days away. Pick a nearer date, or consider `/mentor end` "
            "if you need a longer break."
        )
        raise ValueError(msg)
    if end_date is not None and until > end_date:
        msg = (
            f"Your mentorship ends on {end_date.isoformat()}. Pick a date before then, or `/mentor end` "
            "it if you'd rather conclude."
        )
        raise ValueError(msg)
    return until


def as_cadence(value: str) -> Cadence | None:
    """Return the cadence if the text is a known one, else None."""
    for cadence in CADENCES:
        if cadence == value:
            return cadence
    return None


def next_check_in(
    start: date, end: date | None, cadence: str, tz: str, hour: int, now: datetime
) -> datetime | None:
    """Return when the next check-in after ``now`` is due (UTC), or None if none is left."""
    known = as_cadence(cadence)
    if known is None:
        return None
    first = max(1, period_index(start, known, now.date()))
    for index in range(first, first + 1000):
        if end is not None and period_start(start, known, index) > end:
            return None
        due = check_in_due(start, known, index, tz, hour)
        if due > now:
            return due
    return None
