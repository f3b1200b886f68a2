"""`/mentor help`: the overview of every subcommand (the router answers it; the Home tab offers it)."""

from __future__ import annotations

from typing import Any

from handlers.slack import kit, texts


def build_help(*, admin: bool = False) -> list[dict[str, Any]]:
    """Build the ephemeral overview of the subcommands; the admin commands only for program admins."""
    groups: dict[str, list[str]] = {}
    for name, who, what in texts.SUBCOMMANDS:
        if who == "admins" and not admin:
            continue
        groups.setdefault(who, []).append(f"`/mentor {name}`: {what}")
    blocks: list[dict[str, Any]] = [kit.header(texts.HELP_TITLE)]
    titles = {
        "anyone": "For everyone",
        "mentees": "For mentees",
        "pairs": "For mentors and mentees in a pair",
        "circles": "For members of peer circles",
        "admins": "For program admins",
    }
    for who in ("anyone", "mentees", "pairs", "circles", "admins"):
        if who in groups:
            blocks.append(kit.section(f"*{titles[who]}*\n" + "\n".join(groups[who])))
    blocks.append(kit.context(texts.HELP_FOOTER))
    return blocks
