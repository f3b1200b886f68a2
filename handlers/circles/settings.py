"""The circle settings in the program form: their blocks, their parser and where errors go."""

from __future__ import annotations

from typing import Any

from bot.domain.cadence import CADENCE_LABELS
from bot.services.circle_settings import (
    AUDIENCES,
    MAX_COOLDOWN,
    MAX_SIZE,
    MAX_WEEKS,
    MIN_SIZE,
    MIN_WEEKS,
    CircleSettingsInput,
)
from handlers.circles import texts as t
from handlers.slack import ids, kit

# Service field names (bot.services.circle_settings) → the form's block ids.
FIELD_BLOCKS = {
    "circle_audience": ids.CIRCLE_SET_AUDIENCE,
    "circle_min_size": ids.CIRCLE_SET_MIN,
    "circle_max_size": ids.CIRCLE_SET_MAX,
    "circle_weeks": ids.CIRCLE_SET_WEEKS,
    "circle_cadence": ids.CIRCLE_SET_CADENCE,
    "circle_cooldown": ids.CIRCLE_SET_COOLDOWN,
}


def _number(action_id: str, initial: str, low: int, high: int) -> dict[str, Any]:
    value = int(initial) if initial.strip().isdigit() else None
    return kit.number_input(action_id, initial=value, minimum=low, maximum=high)


def build_settings_blocks(values: CircleSettingsInput) -> list[dict[str, Any]]:
    """The circle settings inputs, prefilled (7 blocks)."""
    cadences = [(c, label.capitalize()) for c, label in CADENCE_LABELS.items()]
    return [
        kit.section(t.SETTINGS_TITLE),
        kit.context(t.SETTINGS_NOTE),
        kit.input_block(
            ids.CIRCLE_SET_AUDIENCE,
            t.AUDIENCE,
            kit.static_select(
                ids.CIRCLE_SET_AUDIENCE,
                [(a, t.AUDIENCE_LABELS[a]) for a in AUDIENCES],
                initial=values.audience,
            ),
        ),
        kit.input_block(
            ids.CIRCLE_SET_MIN,
            t.MIN_SIZE,
            _number(ids.CIRCLE_SET_MIN, values.min_size, MIN_SIZE, MAX_SIZE),
        ),
        kit.input_block(
            ids.CIRCLE_SET_MAX,
            t.MAX_SIZE,
            _number(ids.CIRCLE_SET_MAX, values.max_size, MIN_SIZE, MAX_SIZE),
            hint=t.SIZE_HINT,
        ),
        kit.input_block(
            ids.CIRCLE_SET_WEEKS,
            t.WEEKS,
            _number(ids.CIRCLE_SET_WEEKS, values.weeks, MIN_WEEKS, MAX_WEEKS),
            hint=t.WEEKS_HINT,
        ),
        kit.input_block(
            ids.CIRCLE_SET_CADENCE,
            t.CADENCE,
            kit.static_select(ids.CIRCLE_SET_CADENCE, cadences, initial=values.cadence),
        ),
        kit.input_block(
            ids.CIRCLE_SET_COOLDOWN,
            t.COOLDOWN,
            _number(ids.CIRCLE_SET_COOLDOWN, values.cooldown, 0, MAX_COOLDOWN),
            optional=True,
            hint=t.COOLDOWN_HINT,
        ),
    ]


def parse_settings(state: dict[str, Any]) -> CircleSettingsInput | None:
    """The circle settings as submitted (unchecked), or None when the form did not show them."""
    values = state.get("values") if isinstance(state, dict) else None
    if not isinstance(values, dict) or ids.CIRCLE_SET_MIN not in values:
        return None

    def text(block: str) -> str:
        value = kit.state_value(state, block)
        return value if isinstance(value, str) else ""

    return CircleSettingsInput(
        audience=text(ids.CIRCLE_SET_AUDIENCE),
        min_size=text(ids.CIRCLE_SET_MIN),
        max_size=text(ids.CIRCLE_SET_MAX),
        weeks=text(ids.CIRCLE_SET_WEEKS),
        cadence=text(ids.CIRCLE_SET_CADENCE),
        cooldown=text(ids.CIRCLE_SET_COOLDOWN),
    )
