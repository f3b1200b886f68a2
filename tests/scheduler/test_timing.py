"""Timing across zones and DST, and planner idempotence (k runs equal one run)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.deps import Deps
from bot.services import scheduling
from devtools.emulator import FakeSlack
from tests.support.factories import utc
from tests.support.scheduling import dms, pair, run


def _sent_times(fake: FakeSlack, deps: Deps, user: str) -> list[datetime]:
    rows = scheduling.queue_rows(deps, "T0EMULATOR")
    return sorted(r.sent_at for r in rows if r.recipient == user and r.kind == "checkin" and r.sent_at)


def test_checkins_keep_ten_local_across_dst_in_three_zones(deps: Deps, fake_slack: FakeSlack) -> None:
    start = utc(2026, 3, 2, 6)  # US DST starts 8 March, EU DST 29 March
    deps.clock.set(start)  # type: ignore[attr-defined]
    pair(
        deps,
        fake_slack,
        mentor=("U0ADA", "Ada", "Europe/London"),
        mentee=("U0BO", "Bo", "America/New_York"),
        started_at=start,
        cadence="weekly",
        weeks=8,
    )
    pair(
        deps,
        fake_slack,
        mentor=("U0MAYA", "Maya", "Asia/Kolkata"),
        mentee=("U0KAI", "Kai", "Europe/Berlin"),
        started_at=start,
        cadence="weekly",
        weeks=8,
    )
    at = start
    while at < utc(2026, 4, 14):
        # Every half hour on Mondays (when everything is due), every six hours on other days.
        run(deps, at)
        at += timedelta(minutes=30) if at.weekday() == 0 else timedelta(hours=6)
    expected = {
        "U0ADA": [
            utc(2026, 3, 9, 10),
            utc(2026, 3, 16, 10),
            utc(2026, 3, 23, 10),
            utc(2026, 3, 30, 9),
            utc(2026, 4, 6, 9),
            utc(2026, 4, 13, 9),
        ],
        "U0BO": [
            utc(2026, 3, 9, 14),
            utc(2026, 3, 16, 14),
            utc(2026, 3, 23, 14),
            utc(2026, 3, 30, 14),
            utc(2026, 4, 6, 14),
            utc(2026, 4, 13, 14),
        ],
        "U0MAYA": [
            utc(2026, 3, 9, 4, 30),
            utc(2026, 3, 16, 4, 30),
            utc(2026, 3, 23, 4, 30),
            utc(2026, 3, 30, 4, 30),
            utc(2026, 4, 6, 4, 30),
            utc(2026, 4, 13, 4, 30),
        ],
        "U0KAI": [
            utc(2026, 3, 9, 9),
            utc(2026, 3, 16, 9),
            utc(2026, 3, 23, 9),
            utc(2026, 3, 30, 8),
            utc(2026, 4, 6, 8),
            utc(2026, 4, 13, 8),
        ],
    }
    for user, times in expected.items():
        assert _sent_times(fake_slack, deps, user) == times, user
        assert len(dms(fake_slack, user, "Time for a check-in")) == len(times)


def test_tick_command_in_process_prints_one_line_and_is_idempotent(
    deps: Deps, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main

    start = utc(2026, 3, 2, 6)
    deps.clock.set(start)  # type: ignore[attr-defined]
    pair(deps, fake_slack, started_at=start, cadence="weekly")
    for key, value in {
        "DATABASE_URL": deps.settings.database_url,
        "SLACK_BOT_TOKEN": "xoxb-emulator-token",
        "SLACK_API_URL": fake_slack.api_url,
        "MENTORBOT_ADMIN_CHANNEL": "C0ADMINS",
    }.items():
        monkeypatch.setenv(key, value)
    assert main(["tick", "--at", "2026-03-09T14:00:00Z"]) == 0
    first = capsys.readouterr().out.strip().splitlines()
    assert len(first) == 1 and "sent 3" in first[0]  # two check-ins and the admin digest
    assert main(["tick", "--at", "2026-03-09T14:00:00Z"]) == 0
    assert "planned 0 new; sent 0" in capsys.readouterr().out
    assert main(["tick", "--at", "yesterday"]) == 2


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    offset_hours=st.integers(min_value=0, max_value=24 * 120),
    runs=st.integers(min_value=2, max_value=4),
    cadence=st.sampled_from(["weekly", "biweekly", "monthly"]),
    zone=st.sampled_from(["America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata", "UTC"]),
)
def test_k_planner_runs_equal_one_run(
    fake_slack: FakeSlack, offset_hours: int, runs: int, cadence: str, zone: str
) -> None:
    from bot.deps import build_deps
    from devtools.emulator.clock import Clock
    from storage.records import Base
    from tests.support.settings import make_settings

    clock = Clock()
    local = build_deps(make_settings("sqlite://", fake_slack), clock=clock)
    Base.metadata.create_all(local.engine)
    try:
        start = utc(2026, 1, 5, 9)
        clock.set(start)
        pair(
            local,
            fake_slack,
            mentor=("U0M", "M", zone),
            mentee=("U0E", "E", "UTC"),
            started_at=start,
            cadence=cadence,
            weeks=16,
        )
        now = start + timedelta(hours=offset_hours)

        def keys() -> list[tuple[str, str, str, datetime]]:
            return sorted(
                (r.kind, r.period_key, r.recipient, r.due_at)
                for r in scheduling.queue_rows(local, "T0EMULATOR")
            )

        first = scheduling.plan(local, "T0EMULATOR", now)
        once = keys()
        for _ in range(runs - 1):
            again = scheduling.plan(local, "T0EMULATOR", now)
            assert again.inserted == 0
        assert keys() == once
        assert first.inserted == len(once)
        # Work is recorded once due; a late one waits at most for the recipient's next morning.
        assert all(due <= now + timedelta(hours=24) for _, _, _, due in once)
    finally:
        local.engine.dispose()
