"""Reading a modal's private_metadata never raises, whatever Slack hands back."""

from __future__ import annotations

from typing import Any

import pytest

from handlers.slack import kit


@pytest.mark.parametrize(
    ("view", "key", "expected"),
    [
        ({"private_metadata": '{"m": 7}'}, "m", 7),
        ({"private_metadata": '{"m": "7"}'}, "m", 7),
        ({"private_metadata": '{"m": "seven"}'}, "m", None),
        ({"private_metadata": '{"m": true}'}, "m", None),
        ({"private_metadata": '{"other": 1}'}, "m", None),
        ({"private_metadata": "[1, 2]"}, "m", None),
        ({"private_metadata": "{not json"}, "m", None),
        ({"private_metadata": ""}, "m", None),
        ({}, "m", None),
    ],
)
def test_metadata_int(view: dict[str, Any], key: str, expected: int | None) -> None:
    assert kit.metadata_int(view, key) == expected


def test_metadata_is_a_dict_or_empty() -> None:
    assert kit.metadata({"private_metadata": '{"tz": "Europe/Berlin"}'}) == {"tz": "Europe/Berlin"}
    assert kit.metadata({"private_metadata": '"text"'}) == {}
