"""The circles planner: each living circle's prompts, "did your circle meet?" and its closing.

A pure function of the database and `now`, like the mentorship planner: it records each due
message once (INSERT … ON CONFLICT DO NOTHING on the outbox's idempotency key, with
`mentorship_id` 0 and the circle in the period key), so running it k times at one instant records
what one run records. The rules (bot.domain.circles.rhythm):

* Prompt (`circle_prompt`, to the group DM; none until the edge has opened it): cycle k >= 1, on
  the first weekday on or after the cycle's start, at the program's check-in hour in the host's
  zone. Only the latest due cycle is sent; one more than a cycle late is dropped (a backlog is
  never replayed). Cycle 0's prompt travels with the circle's introduction.
* Ask (`circle_meet_ask`, to the host): near each cycle's end (see rhythm.ask_day), at the
  check-in hour in the host's zone, unless the cycle is logged already; latest due cycle only.
* Closing, from the circle's `ends_on` (program calendar): a reflection and thanks to each member
  (`circle_closing`, at the check-in hour in their zone), thanks to the group DM (`circle_ended`),
  the circle ends ("run_over"), and the program's admin channel learns that circles ended and the
  program is ready for its next round (`circles_next_round`, once per program and end day).

Period keys: "circle-<id>:cycle-<k>" (prompt and ask), "circle-<id>:closing" (closing and ended),
"circles-next:<program>:<ends_on>" (admins). Payloads (the renderers' contract):

* circle_prompt: circle_id, program_id, program_name, cycle, cycles, prompt_kind, prompt_label,
  prompt (text), host, host_name, members (Slack ids), ends_on (ISO day).
* circle_meet_ask: circle_id, program_id, program_name, cycle, cycles, members, prompt_label.
  The answer is `bot.services.circles.log_meeting(..., circle_id, cycle, met, summary)`.
* circle_closing: circle_id, program_id, program_name, members (the others), meetings, cycles.
  The answer is `bot.services.circles.reflect(..., circle_id, score, comment)`.
* circle_ended: circle_id, program_id, program_name, members, meetings, cycles.
* circles_next_round: program_id, program_key, program_name, ended (circles), waiting (members not
  in a circle).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.deps import Deps
from bot.domain import cadence as cad
from bot.domain.circles import rhythm
from bot.domain.circles.prompts import Prompt, prompt_for
from bot.domain.messages import MessageKind
from bot.logs import frames_only
from bot.services import programs
from bot.services.scheduling.outbox import outbox_row
from bot.services.scheduling.timing import not_at_night, send_hour, zone_or_utc
from storage.records import CircleMemberRecord, CircleRecord, ProgramRecord
from storage.repositories.circles import LIVING, CircleRepository
from storage.repositories.scheduling import SchedulingRepository
from storage.uow import UnitOfWork

logger = logging.getLogger(__name__)

CIRCLE_KINDS = frozenset(
    {
        MessageKind.CIRCLE_PROMPT,
        MessageKind.CIRCLE_MEET_ASK,
        MessageKind.CIRCLE_CLOSING,
        MessageKind.CIRCLE_ENDED,
        MessageKind.CIRCLES_NEXT_ROUND,
    }
)


@dataclass
class CirclesPlanReport:
    """What one circles planner run did."""

    inserted: int = 0
    ended: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


@dataclass
class _Run:
    team_id: str
    now: datetime
    rows: list[dict[str, Any]] = field(default_factory=list)

    def add(
        self,
        program: ProgramRecord,
        kind: MessageKind,
        period: str,
        recipient: str | None,
        due: datetime,
        payload: dict[str, Any],
    ) -> None:
        if not recipient:
            return
        row = outbox_row(self.team_id, kind, period, recipient, due, payload, self.now)
        row["program_id"] = program.id
        self.rows.append(row)


def _zone(name: str | None) -> str:
    return zone_or_utc(name)


def _cadence(value: str | None) -> cad.Cadence:
    for known in cad.CADENCES:
        if value == known:
            return known
    return "biweekly"


def _held(seats: list[CircleMemberRecord]) -> list[CircleMemberRecord]:
    return sorted((s for s in seats if s.status in ("active", "paused")), key=lambda s: (s.position, s.id))


def _host(circle: CircleRecord, seats: list[CircleMemberRecord], cycle: int) -> CircleMemberRecord | None:
    here = [s for s in _held(seats) if s.status == "active"]
    return here[rhythm.host_index(cycle, circle.host_position, len(here))] if here else None


def _latest(
    candidates: list[int], due_of: Callable[[int], datetime | None], now: datetime, stale: timedelta
) -> tuple[int, datetime] | None:
    """The largest candidate cycle already due, with its due instant (None when it is stale)."""
    for cycle in sorted(candidates, reverse=True):
        due = due_of(cycle)
        if due is None or due > now:
            continue
        return (cycle, due) if now - due < stale else None
    return None


def _base(program: ProgramRecord, circle: CircleRecord, cycles: int) -> dict[str, Any]:
    return {"circle_id": circle.id, "program_id": program.id, "program_name": program.name, "cycles": cycles}


def _plan_circle(
    run: _Run,
    program: ProgramRecord,
    circle: CircleRecord,
    seats: list[CircleMemberRecord],
    logged: set[tuple[int, int]],
    bank: list[Prompt],
    met_count: Callable[[int], int],
) -> bool:
    """Queue what is due for one living circle; return True when its run ended now."""
    now = run.now
    zone = _zone(program.time_zone)
    start_day = circle.started_at.astimezone(ZoneInfo(zone)).date()
    cadence = _cadence(circle.cadence)
    days = rhythm.cycle_days(cadence)
    cycles = rhythm.cycle_count(start_day, circle.ends_on, cadence)
    hour = send_hour(program.check_in_hour)
    stale = timedelta(days=days)
    held = _held(seats)
    members = [s.person.slack_user_id for s in held]
    base = _base(program, circle, cycles)
    if now.astimezone(ZoneInfo(zone)).date() >= circle.ends_on:
        meetings = met_count(circle.id)
        for seat in held:
            tz = _zone(seat.person.timezone)
            others = [m for m in members if m != seat.person.slack_user_id]
            due = not_at_night(cad.send_at_on_or_after(circle.ends_on, tz, hour), now, tz, hour)
            payload = dict(base, members=others, meetings=meetings)
            run.add(
                program,
                MessageKind.CIRCLE_CLOSING,
                f"circle-{circle.id}:closing",
                seat.person.slack_user_id,
                due,
                payload,
            )
        due = not_at_night(cad.send_at_on_or_after(circle.ends_on, zone, hour), now, zone, hour)
        run.add(
            program,
            MessageKind.CIRCLE_ENDED,
            f"circle-{circle.id}:closing",
            circle.group_channel_id,
            due,
            dict(base, members=members, meetings=meetings),
        )
        circle.status, circle.end_reason, circle.ended_at = "ended", "run_over", now
        return True
    current = rhythm.cycle_of(start_day, cadence, now.date())
    candidates = [k for k in (current - 1, current, current + 1) if 0 <= k < cycles]

    def host_zone(cycle: int) -> str:
        host = _host(circle, seats, cycle)
        return _zone(host.person.timezone) if host is not None else zone

    def prompt_due(cycle: int) -> datetime | None:
        if cycle < 1:
            return None
        return cad.send_at_on_or_after(rhythm.cycle_start(start_day, cadence, cycle), host_zone(cycle), hour)

    found = _latest(candidates, prompt_due, now, stale)
    host = _host(circle, seats, found[0]) if found is not None else None
    if found is not None and host is not None:
        cycle, due = found
        prompt = prompt_for(circle.id, cycle, bank)
        payload = dict(
            base,
            cycle=cycle,
            prompt_kind=prompt.kind,
            prompt_label=prompt.label,
            prompt=prompt.text,
            host=host.person.slack_user_id,
            host_name=host.person.name or host.person.slack_user_id,
            members=members,
            ends_on=circle.ends_on.isoformat(),
        )
        period = f"circle-{circle.id}:cycle-{cycle}"
        run.add(program, MessageKind.CIRCLE_PROMPT, period, circle.group_channel_id, due, payload)

    def ask_due(cycle: int) -> datetime | None:
        day = rhythm.ask_day(start_day, circle.ends_on, cadence, cycle)
        return cad.send_at_on_or_after(day, host_zone(cycle), hour)

    found = _latest(candidates, ask_due, now, stale)
    host = _host(circle, seats, found[0]) if found is not None else None
    if found is not None and host is not None and (circle.id, found[0]) not in logged:
        cycle, due = found
        payload = dict(
            base, cycle=cycle, members=members, prompt_label=prompt_for(circle.id, cycle, bank).label
        )
        period = f"circle-{circle.id}:cycle-{cycle}"
        run.add(program, MessageKind.CIRCLE_MEET_ASK, period, host.person.slack_user_id, due, payload)
    return False


def plan_circles(deps: Deps, team_id: str, now: datetime) -> CirclesPlanReport:
    """Record every circles message due in a workspace as of `now`; end circles whose run is over."""
    report = CirclesPlanReport()
    with deps.uow() as uow:
        repo = uow.repo(CircleRepository)
        found = {p.id: p for p in repo.circle_programs(team_id)}
        if not found:
            return report
        living = [c for c in repo.circles(team_id, statuses=LIVING) if c.program_id in found]
        if not living:
            return report
        ids = [c.id for c in living]
        seats = repo.seats(team_id, ids)
        logged = repo.logged_cycles(team_id, ids)

        def met_count(circle_id: int) -> int:
            return sum(1 for log in repo.logs(team_id, [circle_id])[circle_id] if log.met)

        banks = {
            pid: [Prompt(r.kind, r.text, r.id) for r in rows]
            for pid, rows in repo.prompts(team_id, found).items()
        }
        run = _Run(team_id, now)
        ended: dict[tuple[int, date], int] = {}
        for circle in living:
            program = found[circle.program_id]
            try:
                if _plan_circle(
                    run, program, circle, seats[circle.id], logged, banks.get(program.id, []), met_count
                ):
                    ended[(program.id, circle.ends_on)] = ended.get((program.id, circle.ends_on), 0) + 1
            except Exception as err:  # noqa: BLE001 - one circle must not stop the rest
                logger.error(
                    "circle planning failed team=%s circle=%s\n%s", team_id, circle.id, frames_only(err)
                )
        for (program_id, ends_on), count in sorted(ended.items()):
            _next_round(deps, uow, run, found[program_id], ends_on, count)
        report.ended = sum(ended.values())
        existing = repo.message_keys(team_id, {r["period_key"] for r in run.rows})
        fresh = [r for r in run.rows if (r["kind"], r["period_key"], r["recipient"]) not in existing]
        report.inserted = uow.repo(SchedulingRepository).insert_ignore(fresh)
        for row in fresh:
            report.by_kind[row["kind"]] = report.by_kind.get(row["kind"], 0) + 1
    return report


def _next_round(
    deps: Deps, uow: UnitOfWork, run: _Run, program: ProgramRecord, ends_on: date, count: int
) -> None:
    """Tell the program's admins their circles ended and the program is ready for its next round."""
    repo = uow.repo(CircleRepository)
    seated = repo.seated_person_ids(run.team_id, program.id)
    waiting = [
        p for p in uow.people.enrolled(run.team_id, program.id) if p.status == "active" and p.id not in seated
    ]
    channel = programs.admin_channel(deps, uow, run.team_id, program.id)
    zone = _zone(program.time_zone)
    hour = send_hour(program.check_in_hour)
    due = not_at_night(cad.send_at_on_or_after(ends_on, zone, hour), run.now, zone, hour)
    payload = {
        "program_id": program.id,
        "program_key": program.key,
        "program_name": program.name,
        "ended": count,
        "waiting": len(waiting),
    }
    run.add(
        program,
        MessageKind.CIRCLES_NEXT_ROUND,
        f"circles-next:{program.id}:{ends_on.isoformat()}",
        channel,
        due,
        payload,
    )
