"""What the circles edge needs beside bot.services.circles: a round's state for checking a clicked
button, the whole proposal as a CSV, a member's circle in dates (next prompt, last meeting), and
the shared summary added to a meeting logged with one click.

Everything here names its workspace: a round or circle of another workspace is not found.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final

from bot.deps import Deps
from bot.domain.circles import rhythm
from bot.services.circles import MAX_SUMMARY, CircleRefused, CircleView, MeetingLog
from bot.services.circles.meetings import held_seat
from bot.services.circles.pool import card
from bot.services.circles.state import cadence_of
from bot.services.once import FormKey, use_once
from storage.records import CircleRoundRecord
from storage.repositories.circles import CircleRepository

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS: Final = ["circle", "slack_user_id", "name", "fit", "reasons", "waiting_because"]


@dataclass(frozen=True)
class RoundState:
    """A stored circles round as a clicked button is checked against it."""

    round_id: int
    program_id: int
    status: str  # proposed | approved | discarded | superseded
    version: int
    decided_by: str | None
    message_channel: str | None
    message_ts: str | None


def round_state(deps: Deps, team_id: str, round_id: int) -> RoundState | None:
    """The round, when it is this workspace's (None otherwise)."""
    with deps.uow(read_only=True) as uow:
        record = uow.session.get(CircleRoundRecord, round_id)
        if record is None or record.team_id != team_id:
            return None
        proposal = record.proposal if isinstance(record.proposal, dict) else {}
        return RoundState(
            round_id=int(record.id),
            program_id=int(record.program_id),
            status=str(record.status),
            version=int(proposal.get("version") or 0),
            decided_by=record.decided_by,
            message_channel=record.message_channel,
            message_ts=record.message_ts,
        )


def _cell(value: object) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    text = "" if value is None else str(value).replace("\r", " ").replace("\n", " ")
    return "'" + text if text.startswith(_FORMULA_START) else text


def proposal_csv(proposal: dict[str, Any]) -> str:
    """The whole proposal, one row per person: their circle (number), fit and reasons, or why they wait."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for number, circle in enumerate(proposal.get("circles") or [], start=1):
        members = list(circle.get("members") or [])
        names = list(circle.get("names") or [])
        fit = round(int(circle.get("score") or 0) / 10)
        for i, member in enumerate(members):
            name = names[i] if i < len(names) else ""
            writer.writerow([_cell(v) for v in (number, member, name, fit, circle.get("reasons") or [], "")])
    for entry in proposal.get("unplaced") or []:
        writer.writerow(
            [_cell(v) for v in ("", entry.get("member"), entry.get("name"), "", "", entry.get("reason"))]
        )
    return buffer.getvalue()


# -- a member's circle, in dates ----------------------------------------------------------------
def first_weekday_on_or_after(day: date) -> date:
    """`day` when it is Monday to Friday, else the Monday after."""
    return day if day.weekday() < 5 else day + timedelta(days=7 - day.weekday())


def next_prompt_on(view: CircleView) -> date | None:
    """The day the circle's next prompt is due (the scheduler's rule: the first weekday on or
    after the next cycle's start); None when the circle ends first."""
    cadence = cadence_of(view.cadence)
    start = rhythm.cycle_start(view.started_on, cadence, view.cycle + 1)
    if start >= view.ends_on:
        return None
    return first_weekday_on_or_after(start)


def last_meeting(view: CircleView) -> date | None:
    """The last day a meeting of the circle was logged as held."""
    days = [log.held_on for log in view.logs if log.met and log.held_on is not None]
    return max(days) if days else None


# -- a meeting's shared summary (added after the one-click log) --------------------------------
def add_summary(
    deps: Deps,
    team_id: str,
    slack_user_id: str,
    circle_id: int,
    cycle: int,
    summary: str,
    *,
    once: FormKey | None = None,
) -> MeetingLog:
    """Add the short shared summary to a cycle the circle logged as met (once: a summary already
    there is kept). Any member holding a seat may add it; everyone in the circle sees it, admins
    never do.

    Raises:
        CircleRefused: not_in_circle, circle_gone, bad_cycle (not logged, or logged as not met),
            too_long.
        AlreadyDone: this form was sent already.
    """
    text = (summary or "").strip()
    if len(text) > MAX_SUMMARY:
        raise CircleRefused("too_long", limit=MAX_SUMMARY)
    now = deps.clock()
    with deps.uow() as uow:
        repo = uow.repo(CircleRepository)
        circle = repo.circle(team_id, circle_id, lock=True)
        if circle is None:
            raise CircleRefused("circle_gone")
        seats = repo.seats(team_id, [circle.id])[circle.id]
        seat = held_seat(seats, slack_user_id)
        if seat is None:
            raise CircleRefused("not_in_circle")
        log = repo.log(circle.id, cycle)
        if log is None or not log.met:
            raise CircleRefused("bad_cycle")
        use_once(uow, once, now)
        created = not log.summary and bool(text)
        if created:
            log.summary = text
        author = next((s for s in seats if s.person_id == log.logged_by), seat)
        return MeetingLog(
            circle.id,
            log.cycle,
            log.met,
            log.held_on,
            log.summary,
            card(author.person),
            circle.group_channel_id,
            created,
        )


@dataclass(frozen=True)
class CirclePlace:
    """Where a circle belongs: its program, the round that formed it, its group DM (if opened)."""

    circle_id: int
    program_id: int
    round_id: int | None
    group_channel_id: str | None
    status: str


def circle_place(deps: Deps, team_id: str, circle_id: int) -> CirclePlace | None:
    """The circle's program, round and group DM, when it is this workspace's (None otherwise)."""
    with deps.uow(read_only=True) as uow:
        record = uow.repo(CircleRepository).circle(team_id, circle_id)
        if record is None:
            return None
        return CirclePlace(
            record.id, record.program_id, record.round_id, record.group_channel_id, record.status
        )
