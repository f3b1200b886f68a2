"""Custom question rules: validation (all or nothing), option ids kept across edits, answers parsed."""

from __future__ import annotations

import pytest

from bot.domain.custom_questions import (
    QuestionDraft,
    QuestionErrors,
    QuestionInput,
    key_from_label,
    merge_options,
    parse_answer,
    validate_question,
)


def _input(**changes: str) -> QuestionInput:
    values = {
        "label": "Which languages do you speak?",
        "key": "",
        "kind": "multiple",
        "options_text": "Spanish\nGerman",
        "rule": "same",
        "weight": "0.2",
        "reason": "",
    }
    values.update(changes)
    return QuestionInput(**values)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"label": "  "}, "label"),
        ({"label": "x" * 151}, "label"),
        ({"key": "9lives"}, "key"),
        ({"key": "taken"}, "key"),
        ({"kind": "essay"}, "kind"),
        ({"options_text": "Only one"}, "options"),
        ({"options_text": "A\na"}, "options"),
        ({"options_text": "\n".join(f"o{i}" for i in range(26))}, "options"),
        ({"options_text": "x" * 76 + "\nB"}, "options"),
        ({"rule": "best"}, "rule"),
        ({"rule": "above"}, "rule"),  # a multiple-choice question is no scale
        ({"weight": "2"}, "weight"),
        ({"weight": "nan"}, "weight"),
        ({"weight": "-0.1"}, "weight"),
        ({"reason": "y" * 151}, "reason"),
    ],
)
def test_each_bad_field_is_named(changes: dict[str, str], field: str) -> None:
    result = validate_question(_input(**changes), ["taken"], editing=False)
    assert isinstance(result, QuestionErrors) and field in result.fields


def test_a_valid_question_gets_a_key_from_its_label() -> None:
    result = validate_question(_input(options_text=" Spanish \n\n German  "), [], editing=False)
    assert result == QuestionDraft(
        "Which languages do you speak?",
        "which_languages_do_you_speak",
        "multiple",
        ("Spanish", "German"),
        "same",
        0.2,
        "",
    )
    assert key_from_label("2024 ERG!") == "q_2024_erg"


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        (["Spanish", "German"], [("o1", "Spanish", False), ("o2", "German", False)]),
        (["Spanish", "Deutsch"], [("o1", "Spanish", False), ("o2", "Deutsch", False)]),  # renamed in place
        (["German", "Spanish"], [("o2", "German", False), ("o1", "Spanish", False)]),  # reordered
        (["Spanish"], [("o1", "Spanish", False), ("o2", "German", True)]),  # removed: archived
        (
            ["Spanish", "German", "French"],
            [("o1", "Spanish", False), ("o2", "German", False), ("o3", "French", False)],
        ),
    ],
)
def test_edits_keep_option_ids(labels: list[str], expected: list[tuple[str, str, bool]]) -> None:
    current = merge_options([], ["Spanish", "German"])
    merged = merge_options(current, labels)
    assert [(o["id"], o["label"], o["archived"]) for o in merged] == expected


def test_an_archived_option_written_again_comes_back_with_its_id() -> None:
    archived = merge_options(merge_options([], ["Spanish", "German"]), ["Spanish"])
    back = merge_options(archived, ["Spanish", "german"])
    assert [(o["id"], o["archived"]) for o in back] == [("o1", False), ("o2", False)]


@pytest.mark.parametrize(
    ("text", "kind", "ids", "error"),
    [
        ("spanish", "single", ["o1"], None),
        ("Spanish; o2", "multiple", ["o1", "o2"], None),
        ("Spanish; German", "single", [], "only one answer is allowed"),
        ("Klingon", "multiple", [], "'Klingon' is not one of the options (Spanish, German)"),
        ("French", "single", [], "'French' is not one of the options (Spanish, German)"),  # archived
    ],
)
def test_answers_are_parsed_by_label_or_id(text: str, kind: str, ids: list[str], error: str | None) -> None:
    options = merge_options(merge_options([], ["Spanish", "German", "French"]), ["Spanish", "German"])
    assert parse_answer(text, options, kind) == (ids, error)
