""" "Which program?": the ephemeral picker a member command answers with when several fit.

Each button carries the program id and the command as typed (JSON, at most Slack's 2,000
characters); a click re-runs that command in that program. The value comes back from the client,
so it is input: the router verifies the program exists, is not archived and is one the person
may use for that command before anything runs.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from bot.services.programs import ProgramView
from handlers.slack import ids, kit
from handlers.slack.format import esc

MAX_VALUE = 2000
PICK_TEXT = "Which program is this for?"
PICK_FALLBACK = "You're in several programs: which one is this for?"
CHOOSE = "Choose"
PICK_REFUSED = "That program isn't one you can use for this. Type the command again to choose."


def pick_value(program_id: int, command: str, rest: str) -> str:
    """The button value for a program choice (the command text cut to fit Slack's limit)."""
    value = json.dumps({"p": program_id, "c": command, "t": rest}, separators=(",", ":"))
    while len(value) > MAX_VALUE and rest:
        rest = rest[: max(0, len(rest) - (len(value) - MAX_VALUE) - 8)]
        value = json.dumps({"p": program_id, "c": command, "t": rest}, separators=(",", ":"))
    return value


def parse_pick(value: str | None) -> tuple[int, str, str] | None:
    """Read a picked value: (program id, command, rest); None when it is not one of ours."""
    try:
        data = json.loads(value or "")
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    program, command, rest = data.get("p"), data.get("c"), data.get("t")
    if isinstance(program, bool) or not isinstance(program, int) or not 0 < program < 2**31:
        return None
    if not isinstance(command, str) or not isinstance(rest, str) or len(command) > 40:
        return None
    return program, command, rest


def build_picker(programs: Sequence[ProgramView], command: str, rest: str) -> list[dict[str, Any]]:
    """One button per program; the command shown so the person knows what runs."""
    typed = esc(f"/mentor {command} {rest}".strip()[:80].replace("`", ""))
    blocks: list[dict[str, Any]] = [kit.section(f"{PICK_TEXT} `{typed}`")]
    for p in programs[:25]:
        choose = kit.button(CHOOSE, ids.PROGRAM_PICK, pick_value(p.id, command, rest))
        blocks.append(kit.section(f"*{esc(p.name)}* · `{esc(p.key)}`", accessory=choose))
    return blocks
