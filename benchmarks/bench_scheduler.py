"""Benchmark: the scheduler at 10,000 active mentorships, against the fake Slack.

1. The first plan (every mentorship's next due instant still unknown: 20,000 check-ins), peak
   memory, and dispatch throughput (unthrottled, and paced at the production default of 8
   messages/s per workspace) with the projected drain time.
2. Idle ticks (nothing due) against the full re-plan, both in this process on the same data: the
   full re-plan reads every mentorship, as the planner did before it kept `next_due_at`; the idle
   tick reads only what is due (nothing). Medians, their ratio, and the goal (<= 50 ms).
3. A busy tick a week later, when every check-in falls due again: what it recorded, and the same
   instant planned again (by the due-only plan and by the full re-plan) recording nothing more.

Run: `.venv/bin/python benchmarks/bench_scheduler.py [--pairs N] [--idle-runs K]`. It prints figures
only; nothing here is a timed assertion.
"""

from __future__ import annotations

import argparse
import logging
import resource
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from statistics import median
from typing import TypeVar

from sqlalchemy import func, insert, select

from bot.config import Settings
from bot.deps import Deps, build_deps
from bot.services import scheduling
from bot.wiring import make_dispatcher, tick
from devtools.emulator import FakeSlack
from devtools.emulator.server import BOT_TOKEN, TEAM_ID
from scheduler.dispatcher import DEFAULT_CHANNEL_RATE, DEFAULT_RATE
from scheduler.planner import run_planner
from storage.defaults import default_program_values
from storage.migrate import upgrade
from storage.records import (
    IdentityRecord,
    MentorshipRecord,
    PersonRecord,
    ProgramRecord,
    ScheduledMessageRecord,
)

T = TypeVar("T")
IDLE_GOAL_S = 0.050
ZONES = ["Europe/London", "America/New_York", "Asia/Kolkata", "Europe/Berlin", "America/Sao_Paulo", "UTC"]


PROGRAMS = 10


def seed(deps: object, pairs: int, start: datetime, programs: int = PROGRAMS) -> None:
    """Insert 2×pairs people and `pairs` weekly mentorships in bulk, spread over `programs`
    programs of one workspace (one identity per person, one membership each)."""
    with deps.uow() as uow:  # type: ignore[attr-defined]
        first = uow.programs.settings(TEAM_ID, start).id
        uow.session.execute(
            insert(ProgramRecord),
            [
                default_program_values(TEAM_ID, start, key=f"program-{n}", name=f"Program {n}")
                for n in range(2, programs + 1)
            ],
        )
        program_ids = [first, *sorted(set(uow.session.scalars(select(ProgramRecord.id))) - {first})]
        uow.session.execute(
            insert(IdentityRecord),
            [
                {
                    "team_id": TEAM_ID,
                    "slack_user_id": f"U{i:07d}",
                    "name": f"Person {i}",
                    "timezone": ZONES[i % len(ZONES)],
                    "public_shoutouts": False,
                    "do_not_match": [],
                    "created_at": start,
                    "updated_at": start,
                }
                for i in range(2 * pairs)
            ],
        )
        identities = dict(uow.session.execute(select(IdentityRecord.slack_user_id, IdentityRecord.id)).all())
        people: list[dict[str, object]] = []
        for i in range(2 * pairs):
            people.append(
                {
                    "team_id": TEAM_ID,
                    "program_id": program_ids[(i // 2) % len(program_ids)],  # a pair shares its program
                    "identity_id": identities[f"U{i:07d}"],
                    "slack_user_id": f"U{i:07d}",
                    "role": "mentor" if i % 2 == 0 else "mentee",
                    "offers": [],
                    "wants": [],
                    "reasons": [],
                    "capacity": 1,
                    "cadence": "weekly",
                    "formats": [],
                    "intro": "",
                    "status": "active",
                    "created_at": start,
                    "updated_at": start,
                }
            )
        uow.session.execute(insert(PersonRecord), people)
        ids = {
            u: (pid, prog)
            for u, pid, prog in uow.session.execute(
                select(PersonRecord.slack_user_id, PersonRecord.id, PersonRecord.program_id)
            )
        }
        rows: list[dict[str, object]] = []
        for p in range(pairs):
            mentor, program = ids[f"U{2 * p:07d}"]
            rows.append(
                {
                    "team_id": TEAM_ID,
                    "program_id": program,
                    "mentor_id": mentor,
                    "mentee_id": ids[f"U{2 * p + 1:07d}"][0],
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


def _timed(fn: Callable[[], T]) -> tuple[float, T]:
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def _queue(deps: Deps, kind: str) -> tuple[int, int]:
    """(rows, distinct idempotency keys) of one kind in the queue."""
    m = ScheduledMessageRecord
    with deps.uow() as uow:
        rows = uow.session.scalar(select(func.count()).select_from(m).where(m.kind == kind)) or 0
        keys = uow.session.execute(
            select(m.mentorship_id, m.period_key, m.recipient).where(m.kind == kind).distinct()
        ).all()
    return int(rows), len(keys)


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=10_000)
    parser.add_argument("--programs", type=int, default=PROGRAMS)
    parser.add_argument("--paced-sample", type=int, default=80)
    parser.add_argument("--idle-runs", type=int, default=9)
    parser.add_argument("--full-runs", type=int, default=3)
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
    seed(deps, args.pairs, start, args.programs)
    for i in range(2 * args.pairs):
        fake.add_user(f"U{i:07d}", f"Person {i}")
    now = datetime(2026, 3, 9, 15, tzinfo=UTC)  # every zone's Monday check-in is due, nobody asleep
    frozen = deps.at(now)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    plan_s, report = _timed(lambda: scheduling.plan(frozen, TEAM_ID, now))
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    replan_s, again = _timed(lambda: scheduling.plan(frozen, TEAM_ID, now))
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
    fast.run(now)  # drain the rest: the idle ticks below find an empty queue
    print(f"mentorships: {args.pairs:,} over {args.programs} programs of one workspace")
    print(f"first plan (every next due instant unknown): {plan_s:.2f} s, {total:,} new ({report.by_kind})")
    print(
        f"the same instant again: {replan_s * 1000:.0f} ms, {again.planned} mentorships read, {again.inserted} new"
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

    # Idle ticks, an hour later (nothing due), against the full re-plan on the same data.
    base = now + timedelta(hours=1)
    full_runs, idle_plans, idle_ticks = [], [], []
    for k in range(args.full_runs):
        at = base + timedelta(minutes=k)
        seconds, full = _timed(partial(scheduling.plan, deps.at(at), TEAM_ID, at, everything=True))
        full_runs.append(seconds)
    for k in range(args.idle_runs):
        at = base + timedelta(minutes=args.full_runs + 2 * k)
        seconds, idle = _timed(partial(run_planner, deps.at(at), at))
        idle_plans.append(seconds)
        at += timedelta(minutes=1)
        seconds, ticked = _timed(partial(tick, deps.at(at), at, dispatcher=fast))
        idle_ticks.append(seconds)
        assert idle.planned == ticked.plan.planned == 0  # idle: no mentorship read
        assert ticked.dispatch.sent == 0
    full_s, plan_idle_s, tick_idle_s = median(full_runs), median(idle_plans), median(idle_ticks)
    print(
        f"full re-plan (every mentorship, the baseline): median {full_s * 1000:,.0f} ms of {len(full_runs)}, "
        f"{full.planned:,} mentorships read, {full.inserted} new"
    )
    print(
        f"idle planner tick (due only): median {plan_idle_s * 1000:.1f} ms of {len(idle_plans)}, "
        f"{idle.planned} mentorships read; {full_s / plan_idle_s:,.0f}x faster than the full re-plan"
    )
    verdict = "met" if tick_idle_s <= IDLE_GOAL_S else "NOT met"
    print(
        f"idle tick (plan + dispatch): median {tick_idle_s * 1000:.1f} ms "
        f"(goal <= {IDLE_GOAL_S * 1000:.0f} ms: {verdict}); ratio to the full re-plan {full_s / tick_idle_s:,.0f}x"
    )

    # A busy tick: a week later every pair's check-in (and its missed-meeting nudge) falls due.
    busy = now + timedelta(days=7)
    busy_s, loaded = _timed(lambda: scheduling.plan(deps.at(busy), TEAM_ID, busy))
    same_s, same = _timed(lambda: scheduling.plan(deps.at(busy), TEAM_ID, busy))
    full_busy = scheduling.plan(deps.at(busy), TEAM_ID, busy, everything=True)
    rows, keys = _queue(deps, "checkin")
    print(
        f"busy tick a week later: {busy_s:.2f} s, {loaded.planned:,} mentorships read, {loaded.inserted:,} new "
        f"({loaded.by_kind})"
    )
    print(
        f"the same instant again: due-only {same_s * 1000:.0f} ms, {same.inserted} new; "
        f"full re-plan {full_busy.inserted} new; check-in rows {rows:,} = distinct keys {keys:,} (exactly once)"
    )
    fake.stop()
    deps.engine.dispose()


if __name__ == "__main__":
    main()
