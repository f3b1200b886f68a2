"""Session log rules: the action items written with a session.

Action items (``parse_action_items``): one per line, blank lines ignored, bullets stripped. A
line may start with an owner prefix: "me:" (whoever writes the log), "partner:" / "you:" /
"them:" (the other person), "both:" / "us:" / "we:" (both), or "mentor:" / "mentee:" (by
role). Without a prefix the item is the writer's own. At most 15 items of at most 200
characters each; a prefix with nothing after it is an error naming the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

OWNER_ME: Final = "me"
OWNER_PARTNER: Final = "partner"
OWNER_BOTH: Final = "both"
OWNER_MENTOR: Final = "mentor"
OWNER_MENTEE: Final = "mentee"

MAX_ACTION_ITEMS: Final = 15
MAX_ACTION_LENGTH: Final = 200

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
