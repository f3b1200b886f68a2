"""A circle's rhythm (cycles, hosts, asks, health), the prompt bank and the edit check."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.cadence import Cadence
from bot.domain.circles import rhythm
from bot.domain.circles.edits import NO_SHARED_HOUR, TOO_LARGE, TOO_SMALL, assess_circle
from bot.domain.circles.model import CircleSettings, Member, PastCircle
from bot.domain.circles.prompts import BUILT_IN, KINDS, Prompt, bank, check_prompt, prompt_for
from tests.support.factories import utc

START = date(2026, 3, 2)  # a Monday


@pytest.mark.parametrize(
    ("weeks", "cadence", "count"),
    [(12, "biweekly", 6), (12, "weekly", 12), (12, "monthly", 3), (13, "biweekly", 7), (1, "monthly", 1)],
)
def test_cycle_count(weeks: int, cadence: Cadence, count: int) -> None:
    assert rhythm.cycle_count(START, START + timedelta(weeks=weeks), cadence) == count


def test_cycles_start_every_cadence_and_the_last_ends_on_the_end_day() -> None:
    end = START + timedelta(weeks=13)
    assert [rhythm.cycle_start(START, "biweekly", k) for k in range(3)] == [
        START,
        date(2026, 3, 16),
        date(2026, 3, 30),
    ]
    assert rhythm.cycle_end(START, end, "biweekly", 6) == end
    assert rhythm.cycle_of(START, "weekly", START - timedelta(days=1)) == -1


@pytest.mark.parametrize(
    ("start", "cadence", "cycle", "asked"),
    [
        (START, "weekly", 0, date(2026, 3, 6)),  # Sat before next Monday -> Friday
        (START, "biweekly", 0, date(2026, 3, 13)),
        (date(2026, 3, 4), "weekly", 0, date(2026, 3, 9)),  # Wednesday start: the Monday before
        (START, "weekly", 11, date(2026, 5, 22)),  # the last cycle asks before the end
    ],
)
def test_the_host_is_asked_on_a_weekday_before_the_cycle_ends(
    start: date, cadence: Cadence, cycle: int, asked: date
) -> None:
    end = start + timedelta(weeks=12)
    day = rhythm.ask_day(start, end, cadence, cycle)
    assert day == asked and day.weekday() < 5
    assert rhythm.cycle_start(start, cadence, cycle) <= day < rhythm.cycle_end(start, end, cadence, cycle)


@given(
    size=st.integers(min_value=1, max_value=8),
    offset=st.integers(min_value=0, max_value=20),
    cycle=st.integers(min_value=0, max_value=30),
    data=st.data(),
)
def test_rebasing_passes_the_turn_to_the_next_person_present(
    size: int, offset: int, cycle: int, data: st.DataObject
) -> None:
    before = list(range(size))
    host = before[rhythm.host_index(cycle, offset, size)]
    after = sorted(data.draw(st.sets(st.integers(min_value=0, max_value=9), min_size=1, max_size=8)))
    new_offset = rhythm.rebase_offset(before, after, offset, cycle)
    following = [p for p in after if p > host]
    expected = following[0] if following else after[0]
    assert after[rhythm.host_index(cycle + 1, new_offset, len(after))] == expected
    # ...and from there everyone present hosts once before anyone hosts again.
    turns = [after[rhythm.host_index(cycle + 1 + n, new_offset, len(after))] for n in range(len(after))]
    assert sorted(turns) == after


def test_rebasing_with_nobody_before_or_after() -> None:
    assert rhythm.rebase_offset([], [3, 5], 0, 4) == 1  # cycle 5 is hosted by index 0
    assert rhythm.host_index(5, 1, 2) == 0
    assert rhythm.rebase_offset([1, 2], [], 3, 1) == 0


@pytest.mark.parametrize(
    ("last_met", "today", "quiet"),
    [
        (None, START + timedelta(days=27), False),
        (None, START + timedelta(days=28), True),
        (date(2026, 3, 20), date(2026, 4, 16), False),
        (date(2026, 3, 20), date(2026, 4, 17), True),
    ],
)
def test_a_circle_is_quiet_after_two_cycles_without_a_meeting(
    last_met: date | None, today: date, quiet: bool
) -> None:
    assert rhythm.is_quiet(START, last_met, "biweekly", today) is quiet


@pytest.mark.parametrize(
    ("seats", "quiet", "health"),
    [(3, False, rhythm.SHORT), (3, True, rhythm.SHORT), (4, True, rhythm.QUIET), (4, False, rhythm.ON_TRACK)],
)
def test_health(seats: int, quiet: bool, health: str) -> None:
    assert rhythm.health(seats=seats, min_size=4, quiet=quiet) == health


def test_the_built_in_bank_covers_every_kind_in_turn() -> None:
    assert [p.kind for p in BUILT_IN[: len(KINDS)]] == list(KINDS)
    assert all(BUILT_IN[n].kind != BUILT_IN[n + 1].kind for n in range(len(BUILT_IN) - 1))
    assert all(p.built_in and len(p.text) > 40 for p in BUILT_IN)


@given(circle=st.integers(min_value=1, max_value=10_000), cycle=st.integers(min_value=0, max_value=100))
def test_rotation_is_deterministic_and_walks_the_bank(circle: int, cycle: int) -> None:
    assert prompt_for(circle, cycle) == prompt_for(circle, cycle)
    assert prompt_for(circle, cycle).kind != prompt_for(circle, cycle + 1).kind
    assert prompt_for(circle, cycle + len(BUILT_IN)) == prompt_for(circle, cycle)


def test_admin_prompts_join_the_rotation() -> None:
    extra = [Prompt("other", "What surprised you this month?", 7)]
    prompts = bank(extra)
    assert prompts[-1] == extra[0]
    assert {prompt_for(1, k, extra) for k in range(len(prompts))} == set(prompts)


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("win", "Share one win from this week", ("win", "Share one win from this week")),
        ("WIN ", "  Share   one\nwin  ", ("win", "Share one win")),
        ("nope", "A fine prompt here", None),
        ("goal", "short", None),
        ("goal", "x" * 501, None),
    ],
)
def test_check_prompt(kind: str, text: str, expected: tuple[str, str] | None) -> None:
    assert check_prompt(kind, text) == expected


def _member(pid: int, tz: str = "Europe/London", manager: str | None = None) -> Member:
    return Member(pid, f"U{pid}", f"P{pid}", ("public speaking",), tz, manager_slack_id=manager)


def test_assessing_an_edited_circle() -> None:
    now = utc(2026, 3, 2, 10)
    settings = CircleSettings(min_size=3, max_size=4)
    fine = assess_circle([_member(1), _member(2), _member(3)], now, settings)
    assert fine.ok and fine.circle.score > 0 and fine.circle.reasons
    assert {p.code for p in assess_circle([_member(1), _member(2)], now, settings).problems} == {TOO_SMALL}
    five = [_member(n) for n in range(1, 6)]
    assert {p.code for p in assess_circle(five, now, settings).problems} == {TOO_LARGE}
    line = assess_circle([_member(1), _member(2, manager="U1"), _member(3)], now, settings)
    assert [(p.code, p.first, p.second) for p in line.problems] == [("reporting_line", "U1", "U2")]
    far = assess_circle([_member(1), _member(2), _member(3, "Pacific/Kiritimati")], now, settings)
    assert {p.code for p in far.problems} == {"no_common_hours"}
    recent = assess_circle(
        [_member(1), _member(2), _member(3)],
        now,
        CircleSettings(min_size=3, max_size=4, cooldown_rounds=2),
        [PastCircle(frozenset({1, 2}), 0)],
        round_index=1,
    )
    assert {p.code for p in recent.problems} == {"recent_circle"}
    repeat = assess_circle(
        [_member(1), _member(2), _member(3)], now, settings, [PastCircle(frozenset({1, 2}), 0)]
    )
    assert repeat.ok and repeat.circle.repeated_pairs == ((1, 2),)
    # Pairwise hours can all overlap while the whole circle shares none.
    spread = [_member(1, "America/Los_Angeles"), _member(2, "Europe/London"), _member(3, "Asia/Kolkata")]
    codes = {p.code for p in assess_circle(spread, now, settings).problems}
    assert codes <= {"no_common_hours", NO_SHARED_HOUR} and codes
