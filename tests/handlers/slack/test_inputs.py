"""The id parser and the text cleaner every client-sent value goes through (handlers.slack.inputs)."""

from __future__ import annotations

from typing import Any

import pytest

from handlers.slack import kit
from handlers.slack.inputs import MAX_ID, clean_text, clean_value, parse_id


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", 1),
        ("42", 42),
        (42, 42),
        ("007", 7),
        (str(MAX_ID), MAX_ID),
        (MAX_ID, MAX_ID),
        (str(MAX_ID + 1), None),
        (str(2**64), None),
        ("9" * 20, None),
        ("9" * 5000, None),
        (MAX_ID + 1, None),
        ("0", None),
        (0, None),
        ("-1", None),
        (-1, None),
        ("+1", None),
        (" 1", None),
        ("1 ", None),
        ("1\n", None),
        ("1.0", None),
        (1.0, None),
        ("1e3", None),
        ("1e400", None),
        (float("inf"), None),
        (float("nan"), None),
        ("inf", None),
        ("²", None),
        ("٣", None),  # an Arabic-Indic three: int() would accept it
        ("１", None),  # a full-width one
        ("0x10", None),
        ("1_000", None),
        ("", None),
        (None, None),
        (True, None),
        (False, None),
        ([1], None),
        ({"id": 1}, None),
        ("1\x00", None),
        ("\ud800", None),
    ],
)
def test_parse_id(value: Any, expected: int | None) -> None:
    assert parse_id(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain words", "plain words"),
        ("two\nlines\tand a tab", "two\nlines\tand a tab"),
        ("nul\x00byte", "nulbyte"),
        ("bell\x07 esc\x1b del\x7f cr\r", "bell esc del cr"),
        ("lone \ud800 high", "lone  high"),
        ("lone \udfff low", "lone  low"),
        ("reversed \udc00\ud800 pair", "reversed  pair"),
        ("emoji 😀 and ü stay", "emoji 😀 and ü stay"),
        ("\u2028 line separator stays", "\u2028 line separator stays"),
        ("", ""),
    ],
)
def test_clean_text(text: str, expected: str) -> None:
    assert clean_text(text) == expected
    assert clean_text(expected) == expected  # idempotent
    expected.encode("utf-8")  # always encodable


def test_clean_text_leaves_nothing_unsafe_for_any_code_point() -> None:
    every = "".join(chr(c) for c in range(0, 0x3000))
    cleaned = clean_text(every)
    cleaned.encode("utf-8")
    assert "\x00" not in cleaned
    assert all(ch in "\n\t" or not (ord(ch) < 0x20 or ord(ch) == 0x7F) for ch in cleaned)


def test_clean_value_cleans_texts_and_lists_only() -> None:
    assert clean_value(["a\x00", "b\ud800"]) == ["a", "b"]
    assert clean_value(None) is None
    assert clean_value(3) == 3


def test_state_value_is_cleaned_and_tolerates_malformed_state() -> None:
    state = {"values": {"b": {"a": {"type": "plain_text_input", "value": "hi\x00\ud800 there"}}}}
    assert kit.state_value(state, "b") == "hi there"
    checks = {"values": {"c": {"a": {"type": "checkboxes", "selected_options": [{"value": "x\x00"}]}}}}
    assert kit.state_value(checks, "c") == ["x"]
    broken: list[dict[str, Any]] = [
        {"values": []},
        {"values": {"b": []}},
        {"values": {"b": {"a": "text"}}},
        {},
    ]
    for state in broken:
        assert kit.state_value(state, "b") is None


@pytest.mark.parametrize("raw", ['{"m": 1e400}', '{"m": -1}', '{"m": "²"}', '{"m": 1.5}', '{"m": true}'])
def test_metadata_int_refuses_hostile_ids(raw: str) -> None:
    assert kit.metadata_int({"private_metadata": raw}, "m") is None
