"""Benchmark: plan and dispatch check-ins for 10,000 active mentorships against the fake Slack.

Prints planning time, our unthrottled dispatch throughput, the paced throughput (the production
default of 8 messages/s per workspace), the projected drain time, and peak memory while planning.
Run: `.venv/bin/python benchmarks/bench_scheduler.py [--pairs N]`.
"""

from __future__ import annotations

import argparse
import logging
import resource
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from bot.config import Settings
from bot.deps import build_deps
from bot.services import scheduling
from bot.wiring import make_dispatcher
from devtools.emulator import FakeSlack
from devtools.emulator.server import BOT_TOKEN, TEAM_ID
from scheduler.dispatcher import DEFAULT_CHANNEL_RATE, DEFAULT_RATE
from storage.migrate import upgrade
from storage.records import MentorshipRecord, PersonRecord

ZONES = ["Europe/London", "America/New_York", "Asia/Kolkata", "Europe/Berlin", "America/Sao_Paulo", "UTC"]


def seed(deps: object, pairs: int, start: datetime) -> None:
    """Insert 2×pairs people and `pairs` weekly mentorships in bulk."""
    with deps.uow() as uow:  # type: ignore[attr-defined]
        uow.programs.settings(TEAM_ID, start)
        people: list[dict[str, object]] = []
        for i in range(2 * pairs):
            people.append(
                {
                    "team_id": TEAM_ID,
                    "slack_user_id": f"U{i:07d}",
                    "name": f"Person {i}",
                    "role": "mentor" if i % 2 == 0 else "mentee",
                    "offers": [],
                    "wants": [],
                    "reasons": [],
                    "timezone": ZONES[i % len(ZONES)],
                    "capacity": 1,
                    "cadence": "weekly",
                    "formats": [],
                    "intro": "",
                    "status": "active",
                    "public_shoutouts": False,
                    "do_not_match": [],
                    "created_at": start,
                    "updated_at": start,
                }
            )
        uow.session.execute(insert(PersonRecord), people)
        ids = dict(uow.session.execute(select(PersonRecord.slack_user_id, PersonRecord.id)).all())
        rows: list[dict[str, object]] = []
        for p in range(pairs):
            rows.append(
                {
                    "team_id": TEAM_ID,
                    "mentor_id": ids[f"U{2 * p:07d}"],
                    "mentee_id": ids[f"U{2 * p + 1:07d}"],
                    "status": "active",
                    "source": "round",
                    "match_reasons": [],
                    "started_at": start,
                    "cadence": "weekly",
                    "agreement_status": "agreed",
                    "end_date": (start + timedelta(weeks=24)).date(),
                    "check_ins_from": start.date(),
                    "session_count": 0,
                    "at_risk": False,
                    "stay_in_touch": False,
                    "rematch_requested": False,
                    "confidentiality_ack": True,
                    "boundaries": "",
                    "agreement_note": "",
                }
            )
        uow.session.execute(insert(MentorshipRecord), rows)


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=10_000)
    parser.add_argument("--paced-sample", type=int, default=80)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    fake = FakeSlack().start()
    workdir = Path(tempfile.mkdtemp(prefix="bench-scheduler-"))
    url = f"sqlite:///{workdir / 'bench.db'}"
    upgrade(url)
    settings = Settings(
        _env_file=None, slack_bot_token=BOT_TOKEN, slack_api_url=fake.api_url, database_url=url
    )
    start = datetime(2026, 3, 2, 6, tzinfo=UTC)
    deps = build_deps(settings)
    seed(deps, args.pairs, start)
    for i in range(2 * args.pairs):
        fake.add_user(f"U{i:07d}", f"Person {i}")
    now = datetime(2026, 3, 9, 15, tzinfo=UTC)  # every zone's Monday check-in is due, nobody asleep
    frozen = deps.at(now)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    report = scheduling.plan(frozen, TEAM_ID, now)
    plan_s = time.perf_counter() - t0
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    again = scheduling.plan(frozen, TEAM_ID, now)
    replan_s = time.perf_counter() - t0
    total = report.inserted
    sample = args.paced_sample
    fast = make_dispatcher(frozen, rate=1e9, channel_rate=1e9, batch=200)
    t0 = time.perf_counter()
    unthrottled = fast.run(now, max_batches=max(1, (total - sample) // 200))
    fast_s = time.perf_counter() - t0
    paced = make_dispatcher(frozen, rate=DEFAULT_RATE, channel_rate=DEFAULT_CHANNEL_RATE, batch=sample)
    t0 = time.perf_counter()
    paced_report = paced.run(now, max_batches=1)
    paced_s = time.perf_counter() - t0
    sent_fast, sent_paced = unthrottled.sent, paced_report.sent
    print(f"mentorships: {args.pairs:,}; check-ins planned: {total:,} ({report.by_kind})")
    print(
        f"planning time: {plan_s:.2f} s (goal < 2 s); re-planning the same instant: {replan_s:.2f} s, {again.inserted} new"
    )
    print(f"peak memory (process max RSS): {rss_after:.0f} MiB after planning, {rss_before:.0f} MiB before")
    print(
        f"dispatch, unthrottled: {sent_fast:,} messages in {fast_s:.1f} s = {sent_fast / fast_s:,.0f} msg/s"
    )
    print(
        f"dispatch, paced at {DEFAULT_RATE:g} msg/s per workspace: {sent_paced} messages in {paced_s:.1f} s = "
        f"{sent_paced / paced_s:.1f} msg/s"
    )
    print(
        f"projected drain of {total:,} messages at that pace: {total / DEFAULT_RATE / 60:.0f} min "
        f"(Slack's pace, not ours: we go {sent_fast / fast_s / DEFAULT_RATE:,.0f}x faster unthrottled)"
    )
    fake.stop()
    deps.engine.dispose()


if __name__ == "__main__":
    main()
