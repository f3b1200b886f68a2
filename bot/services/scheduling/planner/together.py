"""One message per person per moment: what falls due with a check-in is folded into it.

A check-in, a missed-meeting nudge ("It's been a while") and the midpoint reflection often fall
due in the same minute for the same person. Sent apart they are three DMs in a row; folded, the
check-in comes first and the nudge and the reflection follow as sections of the same message.

The folded rows are still recorded, in state `merged`, so each keeps its exactly-once key: the
planner never sends them later on their own (say, after a session was logged and the check-in
is no longer due). Only rows new in this run are folded: a check-in already queued or sent is
never rewritten.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.domain.messages import MessageKind

MERGE_WINDOW = timedelta(hours=12)  # due within this of the check-in counts as the same moment
MERGED = "merged"  # the state of a row delivered inside another message
FOLDED: dict[str, str] = {
    MessageKind.MISSED_NUDGE.value: "nudge",
    MessageKind.REFLECTION.value: "reflection",
}


def fold_into_checkins(rows: list[dict[str, Any]]) -> int:
    """Fold each nudge or reflection due with a new check-in to the same person into it.

    The check-in's payload gains `nudge` / `reflection` (rendered as sections after the check-in);
    the folded row is kept in state `merged`, pointing at the check-in. Returns how many were folded.
    """
    checkins = {
        (row["mentorship_id"], row["recipient"]): row for row in rows if row["kind"] == MessageKind.CHECKIN
    }
    folded = 0
    for row in rows:
        part = FOLDED.get(row["kind"])
        host = checkins.get((row["mentorship_id"], row["recipient"]))
        if part is None or host is None or abs(row["due_at"] - host["due_at"]) >= MERGE_WINDOW:
            continue
        host["payload"] = {**host["payload"], part: True}
        row["payload"] = {**row["payload"], "merged_into": f"{host['kind']}:{host['period_key']}"}
        row["state"] = MERGED
        folded += 1
    return folded
