"""Check-ins through `tick --at` and the fake Slack: timing per time zone, DST, no doubles."""

from __future__ import annotations

from datetime import timedelta

from bot.deps import Deps
from devtools.emulator import FakeSlack
from tests.support.factories import utc
from tests.support.scheduling import dms, pair, run


def test_weekly_checkins_arrive_at_ten_local_on_weekdays_and_never_twice(
    deps: Deps, fake_slack: FakeSlack
) -> None:
    start = utc(2026, 3, 2, 12)  # a Monday
    deps.clock.set(start)  # type: ignore[attr-defined]
    pair(deps, fake_slack, started_at=start, cadence="weekly", weeks=12)
    # Period 1 starts Monday 9 March. London 10:00 = 10:00Z (GMT); New York 10:00 EDT = 14:00Z (DST since 8 March).
    run(deps, utc(2026, 3, 9, 9, 59))
    assert dms(fake_slack, "U0ADA") == [] and dms(fake_slack, "U0BO") == []
    run(deps, utc(2026, 3, 9, 10, 0))
    assert len(dms(fake_slack, "U0ADA", "Time for a check-in")) == 1
    assert dms(fake_slack, "U0BO") == []
    run(deps, utc(2026, 3, 9, 10, 0))  # the same instant again: nothing new
    run(deps, utc(2026, 3, 9, 13, 59))
    assert dms(fake_slack, "U0BO") == []
    run(deps, utc(2026, 3, 9, 14, 0))
    run(deps, utc(2026, 3, 9, 14, 0))
    assert len(dms(fake_slack, "U0ADA", "Time for a check-in")) == 1
    assert len(dms(fake_slack, "U0BO", "Time for a check-in")) == 1
    first = dms(fake_slack, "U0ADA")[0]
    assert first.metadata and first.metadata["event_type"] == "mentorbot_dispatch"
    actions = [e["action_id"] for b in first.blocks if b["type"] == "actions" for e in b["elements"]]
    assert actions == ["session_log_open", "checkin_remind", "checkin_skip"]
    # A whole week of hourly ticks sends exactly one more each.
    at = utc(2026, 3, 9, 15)
    while at < utc(2026, 3, 16, 23):
        run(deps, at)
        at += timedelta(hours=3)
    assert len(dms(fake_slack, "U0ADA", "Time for a check-in")) == 2
    assert len(dms(fake_slack, "U0BO", "Time for a check-in")) == 2
