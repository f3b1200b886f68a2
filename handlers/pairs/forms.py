"""Block Kit pieces shared by the pair's modals: pair pickers, state readers, metadata."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.smart import format_day
from bot.services.pairs import Member, Pair
from handlers.pairs import texts as t
from handlers.slack import kit
from handlers.slack.format import esc, mention
from handlers.slack.inputs import parse_id

Block = dict[str, Any]


def long_text(
    block_id: str,
    label: str,
    initial: str | None,
    *,
    max_length: int,
    placeholder: str | None = None,
    optional: bool = False,
) -> Block:
    """A multiline text input block whose element shares the block's id."""
    element = kit.text_input(
        block_id, initial=initial, multiline=True, max_length=max_length, placeholder=placeholder
    )
    return kit.input_block(block_id, label, element, optional=optional)


def partner_label(pair: Pair, me: int) -> str:
    """Return "Name (your mentor)" for the other member of a pair (plain text, unescaped)."""
    partner = pair.partner_of(me)
    role = t.ROLE_OF_PARTNER[pair.role_of(me)]
    if pair.status == "ended":
        role = t.FORMER[role]
    return f"{partner.name or partner.slack_id} ({role})"


def pair_options(pairs: Sequence[Pair], me: int) -> list[tuple[str, str]]:
    """Return select options naming each partner."""
    return [(str(p.id), partner_label(p, me)) for p in pairs]


def pair_picker(block_id: str, label: str, pairs: Sequence[Pair], me: int, chosen: int | None) -> list[Block]:
    if len(pairs) <= 1:
        return []
    return [
        kit.input_block(
            block_id,
            label,
            kit.static_select(block_id, pair_options(pairs, me), initial=str(chosen) if chosen else None),
        )
    ]


def chosen_pair(state: dict[str, Any], block_id: str, meta: dict[str, Any]) -> int | None:
    raw = kit.state_value(state, block_id)
    if raw is None:
        raw = meta.get("m")
    return parse_id(raw)


def state_text(state: dict[str, Any], block_id: str) -> str:
    """Return a text input's value ('' when empty)."""
    value = kit.state_value(state, block_id)
    return str(value) if value else ""


def state_date(state: dict[str, Any], block_id: str) -> date | None:
    """Return a date picker's day (None when empty or unreadable)."""
    value = kit.state_value(state, block_id)
    if not value:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def once(token: str | None) -> dict[str, str]:
    """The one-time token of an opened form, as a private_metadata entry ("t"), when there is one."""
    return {"t": token} if token else {}


def meta(pairs: Sequence[Pair], chosen: int | None, **extra: Any) -> str:
    only = pairs[0].id if len(pairs) == 1 else None
    return json.dumps({"m": chosen or only, **extra})


def who(member: Member) -> str:
    """Return a mention of a pair member (ids come from Slack, never from user text)."""
    return mention(member.slack_id)


def local_time(at: datetime, tz: str) -> str:
    """Return an instant as local time, like "Mon 12 January 2027, 10:00 (Europe/Berlin)"."""
    try:
        zone = ZoneInfo(tz)
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    local = at.astimezone(zone)
    return f"{local:%a} {format_day(local.date())}, {local:%H:%M} ({esc(tz)})"
