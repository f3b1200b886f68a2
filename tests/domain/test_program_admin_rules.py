"""Settings validation, pair health and small-group suppression: pure rules, table-driven."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.domain.program_health import (
    AT_RISK,
    NEEDS_CHECK_IN,
    ON_TRACK,
    PAUSED,
    PairFacts,
    is_private,
    pair_health,
    suppress,
)
from bot.domain.program_settings import (
    DEFAULT_WEIGHTS,
    ProgramSettings,
    SettingsErrors,
    SettingsInput,
    changed_fields,
    effective_weights,
    parse_cooldown,
    validate_settings,
)

VALID = SettingsInput(
    program_name="Mentoring",
    default_cadence="biweekly",
    program_length_weeks="24",
    check_in_hour="10",
    request_expiry_days="3",
    weights={"topic": "0.55", "hours": "0.2", "cadence": "0.1", "format": "0.05", "cross_department": "0.1"},
    repeat_cooldown="never",
    celebration_channel=None,
    allow_shoutouts=True,
)


def test_valid_settings_parse() -> None:
    result = validate_settings(VALID)
    assert isinstance(result, ProgramSettings)
    assert result.weights == DEFAULT_WEIGHTS
    assert result.repeat_cooldown_days is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"program_name": ""}, "program_name"),
        ({"program_name": None}, "program_name"),
        ({"program_name": "n" * 101}, "program_name"),
        ({"default_cadence": "daily"}, "default_cadence"),
        ({"default_cadence": None}, "default_cadence"),
        ({"program_length_weeks": "105"}, "program_length_weeks"),
        ({"program_length_weeks": "2.5"}, "program_length_weeks"),
        ({"check_in_hour": "6"}, "check_in_hour"),
        ({"check_in_hour": "21"}, "check_in_hour"),
        ({"check_in_hour": None}, "check_in_hour"),
        ({"request_expiry_days": "0"}, "request_expiry_days"),
        ({"request_expiry_days": "99"}, "request_expiry_days"),
        ({"repeat_cooldown": "3651"}, "repeat_cooldown"),
        ({"repeat_cooldown": "a while"}, "repeat_cooldown"),
        ({"celebration_channel": "general"}, "celebration_channel"),
        ({"celebration_channel": "U0123ABC"}, "celebration_channel"),
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
        ({"time_zone": "CET+1"}, "time_zone"),
        ({"time_zone": "<!channel>"}, "time_zone"),
        ({"time_zone": "x" * 500}, "time_zone"),
        ({"report_threshold": "2"}, "report_threshold"),
        ({"report_threshold": "0"}, "report_threshold"),
        ({"report_threshold": "-5"}, "report_threshold"),
        ({"report_threshold": "51"}, "report_threshold"),
        ({"report_threshold": "4.5"}, "report_threshold"),
        ({"report_threshold": ""}, "report_threshold"),
    ],
)
def test_each_invalid_field_is_named(change: dict[str, object], field: str) -> None:
    result = validate_settings(replace(VALID, **change))  # type: ignore[arg-type]
    assert isinstance(result, SettingsErrors)
    assert list(result.fields) == [field]


@pytest.mark.parametrize(
    ("weight", "text"),
    [
        ("hours", "-0.1"),
        ("format", "inf"),
        ("topic", "nan"),
        ("cadence", ""),
        ("topic", "101"),
        ("hours", "x"),
    ],
)
def test_invalid_weights(weight: str, text: str) -> None:
    result = validate_settings(replace(VALID, weights={**VALID.weights, weight: text}))
    assert isinstance(result, SettingsErrors)
    assert list(result.fields) == [f"weight_{weight}"]


def test_all_zero_weights_are_rejected_and_decimal_commas_accepted() -> None:
    zero = validate_settings(replace(VALID, weights=dict.fromkeys(VALID.weights, "0")))
    assert isinstance(zero, SettingsErrors) and "weight_topic" in zero.fields
    comma = validate_settings(replace(VALID, weights={**VALID.weights, "topic": "0,7"}))
    assert isinstance(comma, ProgramSettings) and comma.weights["topic"] == 0.7


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, "UTC"),
        ("", "UTC"),
        ("  ", "UTC"),
        ("UTC", "UTC"),
        ("Europe/Berlin", "Europe/Berlin"),
        (" europe/berlin ", "Europe/Berlin"),
        ("America/New York", "America/New_York"),
        ("america / argentina / buenos aires", "America/Argentina/Buenos_Aires"),
    ],
)
def test_program_time_zone_forgives_case_and_spaces(text: str | None, expected: str) -> None:
    result = validate_settings(replace(VALID, time_zone=text))
    assert isinstance(result, ProgramSettings) and result.time_zone == expected


@pytest.mark.parametrize(
    ("text", "suggested"),
    [("Europe/Berln", "Europe/Berlin"), ("berlin", "Europe/Berlin"), ("New York", "America/New_York")],
)
def test_a_mistyped_time_zone_gets_a_did_you_mean(text: str, suggested: str) -> None:
    result = validate_settings(replace(VALID, time_zone=text))
    assert isinstance(result, SettingsErrors)
    assert "Did you mean" in result.fields["time_zone"] and suggested in result.fields["time_zone"]


def test_several_close_zones_read_as_a_list() -> None:
    result = validate_settings(replace(VALID, time_zone="Europe/Berln"))
    assert isinstance(result, SettingsErrors)
    # The runners-up depend on the tz database; the shape does not.
    assert re.fullmatch(
        r"Not a time zone I know\. Did you mean Europe/Berlin, [\w/]+ or [\w/]+\?", result.fields["time_zone"]
    )


@pytest.mark.parametrize(
    ("text", "expected"), [("", None), ("Never", None), ("0", 0), ("30", 30), ("30 days", 30), ("1 day", 1)]
)
def test_cooldown(text: str, expected: int | None) -> None:
    assert parse_cooldown(text) == expected


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=60)
@given(
    st.dictionaries(
        st.sampled_from(list(DEFAULT_WEIGHTS)),
        st.one_of(st.floats(), st.integers(), st.booleans(), st.text(max_size=4), st.none()),
        max_size=5,
    )
)
def test_effective_weights_always_usable(stored: dict[str, object]) -> None:
    weights = effective_weights(stored)
    assert set(weights) == set(DEFAULT_WEIGHTS)
    assert all(w >= 0 and w == w and w != float("inf") for w in weights.values())
    assert all(isinstance(w, float) for w in weights.values())
    for name, value in stored.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            assert weights[name] == DEFAULT_WEIGHTS[name]


def test_changed_fields_names_weights_once() -> None:
    before = validate_settings(VALID)
    after = validate_settings(replace(VALID, check_in_hour="9", weights={**VALID.weights, "hours": "1"}))
    assert isinstance(before, ProgramSettings) and isinstance(after, ProgramSettings)
    assert changed_fields(before, after) == ["check_in_hour", "matching_weights"]
    assert changed_fields(before, before) == []


TODAY = date(2025, 3, 20)
BASE = PairFacts(
    status="active",
    cadence="biweekly",
    started_on=date(2025, 2, 3),
    last_session_on=date(2025, 3, 14),
    agreement_status="agreed",
    at_risk=False,
    rematch_requested=False,
    lowest_reflection_score=None,
)


@pytest.mark.parametrize(
    ("change", "state", "reason"),
    [
        ({}, ON_TRACK, "last session 6 days ago"),
        ({"last_session_on": TODAY}, ON_TRACK, "last session today;"),  # never "0 days ago"
        ({"last_session_on": date(2025, 3, 19)}, ON_TRACK, "last session yesterday;"),
        ({"last_session_on": None, "started_on": TODAY}, ON_TRACK, "started today;"),
        ({"status": "paused", "paused_until": date(2025, 4, 1)}, PAUSED, "paused until Tue 1 Apr 2025"),
        ({"rematch_requested": True}, AT_RISK, "rematch"),
        ({"at_risk": True}, AT_RISK, "missed meetings"),
        ({"lowest_reflection_score": 2}, AT_RISK, "scored 2 out of 5"),
        ({"lowest_reflection_score": 3}, ON_TRACK, "last session"),
        ({"last_session_on": date(2025, 3, 3)}, ON_TRACK, "17 days ago"),  # 14 + 3 grace
        ({"last_session_on": date(2025, 3, 2)}, NEEDS_CHECK_IN, "18 days since the last session"),
        ({"last_session_on": date(2025, 2, 20)}, NEEDS_CHECK_IN, "28 days"),
        ({"last_session_on": date(2025, 2, 19)}, AT_RISK, "29 days"),
        ({"last_session_on": None}, AT_RISK, "since the start, no session logged"),
        (
            {"last_session_on": None, "started_on": date(2025, 3, 10), "agreement_status": "proposed"},
            NEEDS_CHECK_IN,
            "no agreement yet, 10 days after the start",
        ),
        ({"cadence": "weekly", "last_session_on": date(2025, 3, 9)}, NEEDS_CHECK_IN, "every week"),
    ],
)
def test_pair_health(change: dict[str, object], state: str, reason: str) -> None:
    health = pair_health(replace(BASE, **change), TODAY)  # type: ignore[arg-type]
    assert health.state == state
    assert reason in health.reason


# The suppression rule, as a table: (kind of figure, people behind it, threshold, shown?).
# Only scores (averages of private 1–5 answers: reflections, program ratings) hide below the
# threshold; counts, percents, days and ratios (people, pairs, sessions, goals) always show.
@pytest.mark.parametrize(
    ("kind", "people", "threshold", "shown"),
    [
        ("score", 0, 5, False),
        ("score", 1, 5, False),
        ("score", 4, 5, False),
        ("score", 5, 5, True),
        ("score", 500, 5, True),
        ("score", 2, 3, False),
        ("score", 3, 3, True),
        ("score", 9, 10, False),
        ("score", 10, 10, True),
        ("score", 2, 1, False),  # a threshold below 3 counts as 3
        ("score", 3, 1, True),
        ("score", 2, 0, False),
        ("count", 0, 5, True),
        ("count", 1, 5, True),
        ("count", 4, 50, True),
        ("percent", 1, 5, True),
        ("days", 1, 5, True),
        ("ratio", 2, 5, True),
    ],
)
def test_suppression_rule(kind: str, people: int, threshold: int, shown: bool) -> None:
    assert (suppress(3.0, people, private=is_private(kind), threshold=threshold) is not None) is shown
    assert suppress(None, people, private=is_private(kind), threshold=threshold) is None


@pytest.mark.parametrize(("text", "expected"), [(None, 5), ("3", 3), ("5", 5), (" 12 ", 12), ("50", 50)])
def test_report_threshold_bounds(text: str | None, expected: int) -> None:
    result = validate_settings(replace(VALID, report_threshold=text))
    assert isinstance(result, ProgramSettings)
    assert result.report_threshold == expected
