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
* circles_digest (Mondays at the check-in hour in the program's zone, to its admin channel, once
  per ISO week, while it has circles or people waiting; period "circles-digest:<program>:<week>"):
  program_id, program_key, program_name, week, living, members, waiting, meetings_last_week, quiet,
  short. Counts only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from bot.deps import Deps
from bot.domain import cadence as cad
from bot.domain.circles import rhythm
from bot.domain.circles.prompts import Prompt, prompt_for
from bot.domain.messages import MessageKind
from bot.logs import frames_only
from bot.services import programs
from bot.services.circles.health import summarise
from bot.services.scheduling.outbox import outbox_row
from bot.services.scheduling.timing import cadence_of, not_at_night, send_hour, zone_or_utc
from storage.records import ProgramRecord
from storage.repositories.circles import CircleRepository, LivingCircle, SeatRow
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
        MessageKind.CIRCLES_DIGEST,
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
    met_count: Callable[[int], int]
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


@lru_cache(maxsize=1024)
def _zone(name: str | None) -> str:
    return zone_or_utc(name)


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


def _plan_circle(
    run: _Run,
    program: ProgramRecord,
    circle: LivingCircle,
    held: list[SeatRow],
    logged: set[tuple[int, int]],
    bank: list[Prompt],
) -> bool:
    """Queue what is due for one living circle; return True when its run is over (to end it)."""
    now = run.now
    zone = _zone(program.time_zone)
    start_day = circle.started_at.astimezone(ZoneInfo(zone)).date()
    cadence = cadence_of(circle.cadence)
    cycles = rhythm.cycle_count(start_day, circle.ends_on, cadence)
    hour = send_hour(program.check_in_hour)
    stale = timedelta(days=rhythm.cycle_days(cadence))
    members = [s.slack_user_id for s in held]
    base = {"circle_id": circle.id, "program_id": program.id, "program_name": program.name, "cycles": cycles}
    if now.astimezone(ZoneInfo(zone)).date() >= circle.ends_on:
        _closing(run, program, circle, held, base, hour)
        return True
    present = [s for s in held if s.status == "active"]

    def host(cycle: int) -> SeatRow | None:
        return present[rhythm.host_index(cycle, circle.host_position, len(present))] if present else None

    def host_zone(cycle: int) -> str:
        found = host(cycle)
        return _zone(found.timezone) if found is not None else zone

    def prompt_due(cycle: int) -> datetime | None:
        if cycle < 1:
            return None
        return cad.send_at_on_or_after(rhythm.cycle_start(start_day, cadence, cycle), host_zone(cycle), hour)

    def ask_due(cycle: int) -> datetime | None:
        day = rhythm.ask_day(start_day, circle.ends_on, cadence, cycle)
        return cad.send_at_on_or_after(day, host_zone(cycle), hour)

    current = rhythm.cycle_of(start_day, cadence, now.date())
    candidates = [k for k in (current - 1, current, current + 1) if 0 <= k < cycles]
    found = _latest(candidates, prompt_due, now, stale)
    turn = host(found[0]) if found is not None else None
    if found is not None and turn is not None:
        cycle, due = found
        prompt = prompt_for(circle.id, cycle, bank)
        payload = dict(
            base,
            cycle=cycle,
            prompt_kind=prompt.kind,
            prompt_label=prompt.label,
            prompt=prompt.text,
            host=turn.slack_user_id,
            host_name=turn.name or turn.slack_user_id,
            members=members,
            ends_on=circle.ends_on.isoformat(),
        )
        period = f"circle-{circle.id}:cycle-{cycle}"
        run.add(program, MessageKind.CIRCLE_PROMPT, period, circle.group_channel_id, due, payload)
    found = _latest(candidates, ask_due, now, stale)
    turn = host(found[0]) if found is not None else None
    if found is not None and turn is not None and (circle.id, found[0]) not in logged:
        cycle, due = found
        payload = dict(
            base, cycle=cycle, members=members, prompt_label=prompt_for(circle.id, cycle, bank).label
        )
        period = f"circle-{circle.id}:cycle-{cycle}"
        run.add(program, MessageKind.CIRCLE_MEET_ASK, period, turn.slack_user_id, due, payload)
    return False


def _closing(
    run: _Run,
    program: ProgramRecord,
    circle: LivingCircle,
    held: list[SeatRow],
    base: dict[str, Any],
    hour: int,
) -> None:
    """A reflection and thanks to each member (their zone), thanks to the group DM (program zone)."""
    members = [s.slack_user_id for s in held]
    meetings = run.met_count(circle.id)
    for seat in held:
        tz = _zone(seat.timezone)
        due = not_at_night(cad.send_at_on_or_after(circle.ends_on, tz, hour), run.now, tz, hour)
        others = [m for m in members if m != seat.slack_user_id]
        payload = dict(base, members=others, meetings=meetings)
        run.add(
            program,
            MessageKind.CIRCLE_CLOSING,
            f"circle-{circle.id}:closing",
            seat.slack_user_id,
            due,
            payload,
        )
    zone = _zone(program.time_zone)
    due = not_at_night(cad.send_at_on_or_after(circle.ends_on, zone, hour), run.now, zone, hour)
    payload = dict(base, members=members, meetings=meetings)
    run.add(
        program,
        MessageKind.CIRCLE_ENDED,
        f"circle-{circle.id}:closing",
        circle.group_channel_id,
        due,
        payload,
    )


def plan_circles(deps: Deps, team_id: str, now: datetime) -> CirclesPlanReport:
    """Record every circles message due in a workspace as of `now`; end circles whose run is over.

    Reads columns, not records (it runs on every tick): the living circles, their seats with the
    members' names and zones, the cycles logged, the programs' own prompts; then it checks which
    of the rows it found due exist already and inserts only the others.
    """
    report = CirclesPlanReport()
    with deps.uow() as uow:
        repo = uow.repo(CircleRepository)
        found = {p.id: p for p in repo.circle_programs(team_id)}
        if not found:
            return report
        run = _Run(
            team_id, now, met_count=lambda cid: sum(1 for log in repo.logs(team_id, [cid])[cid] if log.met)
        )
        for program in found.values():
            _weekly_digest(deps, uow, run, program)
        living = repo.living_circles(team_id, found)
        seats = repo.held_seat_rows(team_id, found) if living else {}
        logged = repo.logged_cycles(team_id, [c.id for c in living])
        banks = {
            pid: [Prompt(r.kind, r.text, r.id) for r in rows]
            for pid, rows in repo.prompts(team_id, found).items()
        }
        ended: dict[tuple[int, date], int] = {}
        for circle in living:
            program = found[circle.program_id]
            try:
                over = _plan_circle(
                    run, program, circle, seats.get(circle.id, []), logged, banks.get(program.id, [])
                )
            except Exception as err:  # noqa: BLE001 - one circle must not stop the rest
                logger.error(
                    "circle planning failed team=%s circle=%s\n%s", team_id, circle.id, frames_only(err)
                )
                continue
            if over and repo.end_circle(team_id, circle.id, "run_over", now):
                ended[(program.id, circle.ends_on)] = ended.get((program.id, circle.ends_on), 0) + 1
        for (program_id, ends_on), count in sorted(ended.items()):
            _next_round(deps, uow, run, found[program_id], ends_on, count)
        report.ended = sum(ended.values())
        if not run.rows:
            return report
        existing = repo.message_keys(
            team_id, [(r["kind"], r["period_key"], r["recipient"]) for r in run.rows]
        )
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


def _weekly_digest(deps: Deps, uow: UnitOfWork, run: _Run, program: ProgramRecord) -> None:
    """Last week's circles figures for the program's admin channel, once per ISO week (Mondays at
    the check-in hour in the program's zone); counts only, as in the report."""
    zone = _zone(program.time_zone)
    hour = send_hour(program.check_in_hour)
    today = run.now.astimezone(ZoneInfo(zone)).date()
    monday = today - timedelta(days=today.weekday())
    due = cad.local_send_at(monday, zone, hour)
    if due > run.now or run.now - due > timedelta(days=6):
        return
    channel = programs.admin_channel(deps, uow, run.team_id, program.id)
    week = monday.isocalendar()
    period = f"circles-digest:{program.id}:{week.year}-W{week.week:02d}"
    repo = uow.repo(CircleRepository)
    if not channel or repo.message_keys(run.team_id, [(MessageKind.CIRCLES_DIGEST.value, period, channel)]):
        return  # checked first: the figures below are read once a week, not on every tick
    summary = summarise(uow, run.team_id, program, run.now)
    if not summary.living and not summary.waiting:
        return
    met, _ = repo.count_logs(run.team_id, program.id, since=due - timedelta(days=7))
    payload = {
        "program_id": program.id,
        "program_key": program.key,
        "program_name": program.name,
        "week": f"{week.year}-W{week.week:02d}",
        "living": summary.living,
        "members": summary.members_seated,
        "waiting": summary.waiting,
        "meetings_last_week": met,
        "quiet": summary.quiet,
        "short": summary.short,
    }
    run.add(
        program,
        MessageKind.CIRCLES_DIGEST,
        period,
        channel,
        max(due, run.now - timedelta(minutes=1)),
        payload,
    )
