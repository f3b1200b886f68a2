"""Small constructors for Block Kit JSON that keep within Slack's limits (texts are clipped).

Builders elsewhere compose these; user text must already be escaped (handlers.slack.format.esc) when it
goes into mrkdwn. The fake Slack server validates every view and message with slack_sdk.models.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from handlers.slack.format import clip
from handlers.slack.inputs import clean_value, parse_id

Block = dict[str, Any]
Option = tuple[str, str]  # (value, label)

SECTION_LIMIT = 3000
HEADER_LIMIT = 150
BUTTON_TEXT_LIMIT = 75
TITLE_LIMIT = 24
OPTION_TEXT_LIMIT = 75
MESSAGE_BLOCK_LIMIT = 50
VIEW_BLOCK_LIMIT = 100


def plain(text: str, limit: int = SECTION_LIMIT) -> dict[str, Any]:
    """A plain_text object."""
    return {"type": "plain_text", "text": clip(text or " ", limit), "emoji": True}


def md(text: str, limit: int = SECTION_LIMIT) -> dict[str, Any]:
    """A mrkdwn text object."""
    return {"type": "mrkdwn", "text": clip(text or " ", limit)}


def header(text: str) -> Block:
    """A header block."""
    return {"type": "header", "text": plain(text, HEADER_LIMIT)}


def section(
    text: str,
    *,
    accessory: dict[str, Any] | None = None,
    block_id: str | None = None,
    fields: Sequence[str] = (),
) -> Block:
    """A mrkdwn section, optionally with an accessory and up to 10 fields."""
    block: Block = {"type": "section", "text": md(text)}
    if fields:
        block["fields"] = [md(f, 2000) for f in list(fields)[:10]]
    if accessory is not None:
        block["accessory"] = accessory
    if block_id:
        block["block_id"] = block_id
    return block


def context(*texts: str) -> Block:
    """A context block of mrkdwn texts (at most 10)."""
    return {"type": "context", "elements": [md(t, 2000) for t in texts[:10]]}


def divider() -> Block:
    """A divider."""
    return {"type": "divider"}


def actions(*elements: dict[str, Any], block_id: str | None = None) -> Block:
    """An actions block (at most 25 elements)."""
    block: Block = {"type": "actions", "elements": list(elements)[:25]}
    if block_id:
        block["block_id"] = block_id
    return block


def button(
    text: str,
    action_id: str,
    value: str | None = None,
    *,
    style: str | None = None,
    confirm: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A button; style is "primary" or "danger"."""
    element: dict[str, Any] = {
        "type": "button",
        "text": plain(text, BUTTON_TEXT_LIMIT),
        "action_id": action_id,
    }
    if value is not None:
        element["value"] = value[:2000]
    if style:
        element["style"] = style
    if confirm:
        element["confirm"] = confirm
    return element


def confirm_dialog(title: str, text: str, yes: str, no: str = "Cancel") -> dict[str, Any]:
    """A confirmation dialog for a button."""
    return {
        "title": plain(title, 100),
        "text": md(text, 300),
        "confirm": plain(yes, 30),
        "deny": plain(no, 30),
    }


def option(value: str, label: str, description: str | None = None) -> dict[str, Any]:
    """An option object."""
    item: dict[str, Any] = {"text": plain(label, OPTION_TEXT_LIMIT), "value": value[:150]}
    if description:
        item["description"] = plain(description, 75)
    return item


def text_input(
    action_id: str,
    *,
    initial: str | None = None,
    multiline: bool = False,
    max_length: int | None = None,
    placeholder: str | None = None,
) -> dict[str, Any]:
    """A plain_text_input element."""
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": action_id, "multiline": multiline}
    if initial:
        element["initial_value"] = initial[: max_length or 3000]
    if max_length:
        element["max_length"] = max_length
    if placeholder:
        element["placeholder"] = plain(placeholder, 150)
    return element


def number_input(
    action_id: str, *, initial: int | None = None, minimum: int | None = None, maximum: int | None = None
) -> dict[str, Any]:
    """A whole-number input element."""
    element: dict[str, Any] = {"type": "number_input", "action_id": action_id, "is_decimal_allowed": False}
    if initial is not None:
        element["initial_value"] = str(initial)
    if minimum is not None:
        element["min_value"] = str(minimum)
    if maximum is not None:
        element["max_value"] = str(maximum)
    return element


def static_select(
    action_id: str, options: Sequence[Option], *, initial: str | None = None, placeholder: str = "Choose…"
) -> dict[str, Any]:
    """A static select (at most 100 options)."""
    opts = [option(v, label) for v, label in list(options)[:100]]
    element: dict[str, Any] = {
        "type": "static_select",
        "action_id": action_id,
        "options": opts,
        "placeholder": plain(placeholder, 150),
    }
    chosen = [o for o in opts if o["value"] == initial]
    if chosen:
        element["initial_option"] = chosen[0]
    return element


def radio(action_id: str, options: Sequence[Option], *, initial: str | None = None) -> dict[str, Any]:
    """Radio buttons (at most 10)."""
    opts = [option(v, label) for v, label in list(options)[:10]]
    element: dict[str, Any] = {"type": "radio_buttons", "action_id": action_id, "options": opts}
    chosen = [o for o in opts if o["value"] == initial]
    if chosen:
        element["initial_option"] = chosen[0]
    return element


def multi_static_select(
    action_id: str, options: Sequence[Option], *, initial: Sequence[str] = (), placeholder: str = "Choose…"
) -> dict[str, Any]:
    """A multi-select of static options (at most 100)."""
    opts = [option(v, label) for v, label in list(options)[:100]]
    element: dict[str, Any] = {
        "type": "multi_static_select",
        "action_id": action_id,
        "options": opts,
        "placeholder": plain(placeholder, 150),
    }
    chosen = [o for o in opts if o["value"] in set(initial)]
    if chosen:
        element["initial_options"] = chosen
    return element


def multi_users_select(
    action_id: str, *, initial: Sequence[str] = (), placeholder: str = "Choose people…", limit: int = 50
) -> dict[str, Any]:
    """A multi-select of workspace members."""
    element: dict[str, Any] = {
        "type": "multi_users_select",
        "action_id": action_id,
        "placeholder": plain(placeholder, 150),
        "max_selected_items": limit,
    }
    if initial:
        element["initial_users"] = list(initial)[:limit]
    return element


def checkboxes(action_id: str, options: Sequence[Option], *, initial: Sequence[str] = ()) -> dict[str, Any]:
    """Checkboxes (at most 10)."""
    opts = [option(v, label) for v, label in list(options)[:10]]
    element: dict[str, Any] = {"type": "checkboxes", "action_id": action_id, "options": opts}
    chosen = [o for o in opts if o["value"] in set(initial)]
    if chosen:
        element["initial_options"] = chosen
    return element


def datepicker(action_id: str, *, initial: str | None = None) -> dict[str, Any]:
    """A date picker (YYYY-MM-DD)."""
    element: dict[str, Any] = {"type": "datepicker", "action_id": action_id}
    if initial:
        element["initial_date"] = initial
    return element


def timepicker(action_id: str, *, initial: str | None = None, timezone: str | None = None) -> dict[str, Any]:
    """A time picker (HH:MM); with ``timezone`` (IANA) the time is shown and chosen in that zone."""
    element: dict[str, Any] = {"type": "timepicker", "action_id": action_id}
    if initial:
        element["initial_time"] = initial
    if timezone:
        element["timezone"] = timezone
    return element


def input_block(
    block_id: str,
    label: str,
    element: dict[str, Any],
    *,
    optional: bool = False,
    hint: str | None = None,
    dispatch: bool = False,
) -> Block:
    """An input block (with `dispatch`, a change sends a block action at once)."""
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "label": plain(label, 2000),
        "element": element,
        "optional": optional,
    }
    if dispatch:
        block["dispatch_action"] = True
    if hint:
        block["hint"] = plain(hint, 2000)
    return block


def modal(
    callback_id: str,
    title: str,
    blocks: Sequence[Block],
    *,
    submit: str | None = "Save",
    close: str = "Cancel",
    private_metadata: str = "",
) -> dict[str, Any]:
    """A modal view."""
    view: dict[str, Any] = {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(title, TITLE_LIMIT),
        "close": plain(close, TITLE_LIMIT),
        "blocks": list(blocks)[:VIEW_BLOCK_LIMIT],
        "private_metadata": private_metadata[:3000],
    }
    if submit:
        view["submit"] = plain(submit, TITLE_LIMIT)
    return view


def home(blocks: Sequence[Block]) -> dict[str, Any]:
    """An App Home view."""
    return {"type": "home", "blocks": list(blocks)[:VIEW_BLOCK_LIMIT]}


def message_blocks(blocks: Sequence[Block]) -> list[Block]:
    """Blocks for a message, cut to Slack's 50-block limit."""
    return list(blocks)[:MESSAGE_BLOCK_LIMIT]


def metadata(view: dict[str, Any]) -> dict[str, Any]:
    """Read a modal's private_metadata (JSON) safely: {} when absent or malformed."""
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def metadata_int(view: dict[str, Any], key: str) -> int | None:
    """Read an id (1..2^63-1) from a modal's private_metadata, or None."""
    return parse_id(metadata(view).get(key))


def state_value(state: dict[str, Any], block_id: str) -> Any:
    """Return the value of one input in a view's state (text, option value(s), date), its text
    cleaned of control characters and lone surrogates (handlers.slack.inputs.clean_text)."""
    return clean_value(_raw_state_value(state, block_id))


def _raw_state_value(state: dict[str, Any], block_id: str) -> Any:
    values = state.get("values") if isinstance(state, dict) else None
    entry = values.get(block_id) if isinstance(values, dict) else None
    if not entry or not isinstance(entry, dict):
        return None
    value = next(iter(entry.values()))
    if not isinstance(value, dict):
        return None
    kind = value.get("type")
    if kind in ("static_select", "radio_buttons"):
        selected = value.get("selected_option")
        return selected.get("value") if isinstance(selected, dict) else None
    if kind in ("multi_static_select", "checkboxes"):
        chosen = value.get("selected_options")
        return [o.get("value") for o in chosen if isinstance(o, dict)] if isinstance(chosen, list) else []
    if kind == "datepicker":
        return value.get("selected_date")
    if kind == "timepicker":
        return value.get("selected_time")
    if kind == "users_select":
        return value.get("selected_user")
    if kind == "multi_users_select":
        chosen = value.get("selected_users")
        return [str(u) for u in chosen if isinstance(u, str)] if isinstance(chosen, list) else []
    if kind == "conversations_select":
        return value.get("selected_conversation")
    return value.get("value")
