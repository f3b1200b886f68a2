"""Repository for peer circles: rounds, circles, seats, meeting logs, reflections and prompts.

A circle is "living" while its status is `active` or `short` (below its minimum size, waiting to be
regrouped at the next round); a seat is "held" while its status is `active` or `paused`. A person
is in a circle when they hold a seat in a living circle.

Once-only writes are conditional: deciding a round is `UPDATE … WHERE status = 'proposed'`; a log
(one per circle and cycle) and a reflection (one per circle and person) are INSERT … ON CONFLICT
DO NOTHING on their unique keys. Row locks (`lock_round`, `lock_circle`) are SELECT … FOR UPDATE on
PostgreSQL; SQLite runs writers one at a time (storage.db).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.records import (
    CircleLogRecord,
    CircleMemberRecord,
    CirclePromptRecord,
    CircleRecord,
    CircleReflectionRecord,
    CircleRoundRecord,
    IdentityRecord,
    PersonRecord,
    ProgramRecord,
    ScheduledMessageRecord,
)

LIVING = ("active", "short")
HELD = ("active", "paused")
KEY_CHUNK = 500


@dataclass(frozen=True)
class LivingCircle:
    """A living circle as the scheduler reads it (plain values, no ORM state)."""

    id: int
    program_id: int
    started_at: datetime
    ends_on: date
    cadence: str
    host_position: int
    group_channel_id: str | None


@dataclass(frozen=True)
class SeatRow:
    """A seat not left, as the scheduler reads it: position, status and the member's Slack id,
    name and time zone."""

    circle_id: int
    position: int
    seat_id: int
    status: str
    slack_user_id: str
    name: str
    timezone: str


def _insert_if_absent(session: Session, record: type[Any], values: dict[str, Any]) -> int | None:
    """INSERT … ON CONFLICT DO NOTHING RETURNING id: the new row's id, or None when it existed."""
    dialect = session.get_bind().dialect.name
    module: Any = postgresql if dialect == "postgresql" else sqlite
    statement = module.insert(record).values(**values).on_conflict_do_nothing().returning(record.id)
    found = session.execute(statement).first()
    return int(found[0]) if found is not None else None


class CircleRepository:
    """Circles data of one workspace (every query names its team)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # -- programs -------------------------------------------------------------------------------
    def circle_programs(self, team_id: str) -> list[ProgramRecord]:
        """The workspace's circles programs that are not archived, first created first."""
        return list(
            self.session.scalars(
                select(ProgramRecord)
                .where(
                    ProgramRecord.team_id == team_id,
                    ProgramRecord.format == "circles",
                    ProgramRecord.status != "archived",
                )
                .order_by(ProgramRecord.id)
            )
        )

    # -- the scheduler's reads (columns only: cheap on every tick) ------------------------------
    def living_circles(self, team_id: str, program_ids: Iterable[int]) -> list[LivingCircle]:
        """The living circles of these programs, oldest first."""
        ids = sorted(set(program_ids))
        if not ids:
            return []
        c = CircleRecord
        rows = self.session.execute(
            select(
                c.id, c.program_id, c.started_at, c.ends_on, c.cadence, c.host_position, c.group_channel_id
            )
            .where(c.team_id == team_id, c.program_id.in_(ids), c.status.in_(LIVING))
            .order_by(c.id)
        )
        return [LivingCircle(*row) for row in rows]

    def held_seat_rows(self, team_id: str, program_ids: Iterable[int]) -> dict[int, list[SeatRow]]:
        """Seats not left of the living circles of these programs, by circle, in seat order."""
        ids = sorted(set(program_ids))
        found: dict[int, list[SeatRow]] = {}
        if not ids:
            return found
        m, c = CircleMemberRecord, CircleRecord
        rows = self.session.execute(
            select(
                m.circle_id,
                m.position,
                m.id,
                m.status,
                PersonRecord.slack_user_id,
                IdentityRecord.name,
                IdentityRecord.timezone,
            )
            .join(c, c.id == m.circle_id)
            .join(PersonRecord, PersonRecord.id == m.person_id)
            .join(IdentityRecord, IdentityRecord.id == PersonRecord.identity_id)
            .where(
                c.team_id == team_id,
                c.program_id.in_(ids),
                c.status.in_(LIVING),
                m.status.in_(HELD),
            )
            .order_by(m.circle_id, m.position, m.id)
        )
        for row in rows:
            found.setdefault(int(row[0]), []).append(SeatRow(*row))
        return found

    def end_circle(self, team_id: str, circle_id: int, reason: str, now: datetime) -> bool:
        """End a living circle (once: False when it had ended already)."""
        result = self.session.execute(
            update(CircleRecord)
            .where(
                CircleRecord.id == circle_id, CircleRecord.team_id == team_id, CircleRecord.status.in_(LIVING)
            )
            .values(status="ended", end_reason=reason, ended_at=now)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0) == 1

    # -- rounds ---------------------------------------------------------------------------------
    def add_round(self, record: CircleRoundRecord) -> CircleRoundRecord:
        """Add a round and flush to give it an id."""
        self.session.add(record)
        self.session.flush()
        return record

    def round(self, team_id: str, round_id: int, *, lock: bool = False) -> CircleRoundRecord | None:
        """A round of this workspace (locked for the transaction when asked)."""
        query = select(CircleRoundRecord).where(
            CircleRoundRecord.id == round_id, CircleRoundRecord.team_id == team_id
        )
        if lock:
            query = query.with_for_update().execution_options(populate_existing=True)
        return self.session.scalars(query).one_or_none()

    def proposed_rounds(self, team_id: str, program_id: int) -> list[CircleRoundRecord]:
        """The program's rounds still waiting for a decision."""
        return list(
            self.session.scalars(
                select(CircleRoundRecord).where(
                    CircleRoundRecord.team_id == team_id,
                    CircleRoundRecord.program_id == program_id,
                    CircleRoundRecord.status == "proposed",
                )
            )
        )

    def decide_round(
        self, team_id: str, round_id: int, status: str, decided_by: str | None, now: datetime
    ) -> bool:
        """Move a proposed round to `status`; False when it was already decided (by anyone)."""
        result = self.session.execute(
            update(CircleRoundRecord)
            .where(
                CircleRoundRecord.id == round_id,
                CircleRoundRecord.team_id == team_id,
                CircleRoundRecord.status == "proposed",
            )
            .values(status=status, decided_by=decided_by, decided_at=now)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0) == 1

    def round_indexes(self, team_id: str, program_id: int) -> dict[int, int]:
        """Approved round id -> its index in the program (0 for the first approved round)."""
        ids = self.session.scalars(
            select(CircleRoundRecord.id)
            .where(
                CircleRoundRecord.team_id == team_id,
                CircleRoundRecord.program_id == program_id,
                CircleRoundRecord.status == "approved",
            )
            .order_by(CircleRoundRecord.decided_at, CircleRoundRecord.id)
        )
        return {int(rid): n for n, rid in enumerate(ids)}

    # -- circles --------------------------------------------------------------------------------
    def add_circle(self, record: CircleRecord) -> CircleRecord:
        """Add a circle and flush to give it an id."""
        self.session.add(record)
        self.session.flush()
        return record

    def circle(self, team_id: str, circle_id: int, *, lock: bool = False) -> CircleRecord | None:
        """A circle of this workspace (locked for the transaction when asked)."""
        query = select(CircleRecord).where(CircleRecord.id == circle_id, CircleRecord.team_id == team_id)
        if lock:
            query = query.with_for_update().execution_options(populate_existing=True)
        return self.session.scalars(query).one_or_none()

    def circles(
        self, team_id: str, program_id: int | None = None, statuses: Sequence[str] | None = None
    ) -> list[CircleRecord]:
        """The workspace's circles (of one program, with these statuses), oldest first."""
        query = select(CircleRecord).where(CircleRecord.team_id == team_id)
        if program_id is not None:
            query = query.where(CircleRecord.program_id == program_id)
        if statuses is not None:
            query = query.where(CircleRecord.status.in_(list(statuses)))
        return list(self.session.scalars(query.order_by(CircleRecord.id)))

    def circles_by_id(self, team_id: str, circle_ids: Iterable[int]) -> dict[int, CircleRecord]:
        """Circles by id."""
        ids = sorted(set(circle_ids))
        if not ids:
            return {}
        rows = self.session.scalars(
            select(CircleRecord).where(CircleRecord.team_id == team_id, CircleRecord.id.in_(ids))
        )
        return {c.id: c for c in rows}

    # -- seats ----------------------------------------------------------------------------------
    def add_seat(self, record: CircleMemberRecord) -> CircleMemberRecord:
        """Add a seat."""
        self.session.add(record)
        return record

    def seats(self, team_id: str, circle_ids: Iterable[int]) -> dict[int, list[CircleMemberRecord]]:
        """Every seat (left ones too) of these circles, by circle, in seat order."""
        ids = sorted(set(circle_ids))
        found: dict[int, list[CircleMemberRecord]] = {i: [] for i in ids}
        if not ids:
            return found
        rows = self.session.scalars(
            select(CircleMemberRecord)
            .where(CircleMemberRecord.team_id == team_id, CircleMemberRecord.circle_id.in_(ids))
            .order_by(CircleMemberRecord.circle_id, CircleMemberRecord.position, CircleMemberRecord.id)
        )
        for seat in rows:
            found[seat.circle_id].append(seat)
        return found

    def held_seats_of(self, team_id: str, person_ids: Iterable[int]) -> dict[int, CircleMemberRecord]:
        """Person id -> the seat they hold in a living circle (for those who hold one)."""
        ids = sorted(set(person_ids))
        if not ids:
            return {}
        rows = self.session.scalars(
            select(CircleMemberRecord)
            .join(CircleRecord, CircleRecord.id == CircleMemberRecord.circle_id)
            .where(
                CircleMemberRecord.team_id == team_id,
                CircleMemberRecord.person_id.in_(ids),
                CircleMemberRecord.status.in_(HELD),
                CircleRecord.status.in_(LIVING),
            )
        )
        return {seat.person_id: seat for seat in rows}

    def seated_person_ids(self, team_id: str, program_id: int) -> set[int]:
        """Everyone in the program who holds a seat in a living circle."""
        rows = self.session.scalars(
            select(CircleMemberRecord.person_id)
            .join(CircleRecord, CircleRecord.id == CircleMemberRecord.circle_id)
            .where(
                CircleRecord.team_id == team_id,
                CircleRecord.program_id == program_id,
                CircleRecord.status.in_(LIVING),
                CircleMemberRecord.status.in_(HELD),
            )
        )
        return {int(p) for p in rows}

    def seats_of_people(self, team_id: str, person_ids: Iterable[int]) -> list[CircleMemberRecord]:
        """Every seat these memberships ever held, oldest first."""
        ids = sorted(set(person_ids))
        if not ids:
            return []
        return list(
            self.session.scalars(
                select(CircleMemberRecord)
                .where(CircleMemberRecord.team_id == team_id, CircleMemberRecord.person_id.in_(ids))
                .order_by(CircleMemberRecord.id)
            )
        )

    def lock_people(self, team_id: str, person_ids: Sequence[int]) -> dict[int, PersonRecord]:
        """Lock these memberships for the rest of the transaction (in id order); return them by id."""
        ids = sorted(set(person_ids))
        if not ids:
            return {}
        rows = self.session.scalars(
            select(PersonRecord)
            .where(PersonRecord.team_id == team_id, PersonRecord.id.in_(ids))
            .order_by(PersonRecord.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return {p.id: p for p in rows}

    # -- logs -----------------------------------------------------------------------------------
    def add_log(self, values: dict[str, Any]) -> int | None:
        """Store a cycle's log unless the cycle has one; the new id, or None."""
        return _insert_if_absent(self.session, CircleLogRecord, values)

    def log(self, circle_id: int, cycle: int) -> CircleLogRecord | None:
        """The log of one cycle of a circle."""
        return self.session.scalars(
            select(CircleLogRecord).where(
                CircleLogRecord.circle_id == circle_id, CircleLogRecord.cycle == cycle
            )
        ).one_or_none()

    def logs(self, team_id: str, circle_ids: Iterable[int]) -> dict[int, list[CircleLogRecord]]:
        """The logs of these circles, by circle, in cycle order."""
        ids = sorted(set(circle_ids))
        found: dict[int, list[CircleLogRecord]] = {i: [] for i in ids}
        if not ids:
            return found
        rows = self.session.scalars(
            select(CircleLogRecord)
            .where(CircleLogRecord.team_id == team_id, CircleLogRecord.circle_id.in_(ids))
            .order_by(CircleLogRecord.circle_id, CircleLogRecord.cycle)
        )
        for log in rows:
            found[log.circle_id].append(log)
        return found

    def logs_by(self, team_id: str, person_ids: Iterable[int]) -> list[CircleLogRecord]:
        """Logs these memberships wrote, oldest first."""
        ids = sorted(set(person_ids))
        if not ids:
            return []
        return list(
            self.session.scalars(
                select(CircleLogRecord)
                .where(CircleLogRecord.team_id == team_id, CircleLogRecord.logged_by.in_(ids))
                .order_by(CircleLogRecord.id)
            )
        )

    def logged_cycles(self, team_id: str, circle_ids: Iterable[int]) -> set[tuple[int, int]]:
        """(circle, cycle) of every log of these circles."""
        ids = sorted(set(circle_ids))
        if not ids:
            return set()
        rows = self.session.execute(
            select(CircleLogRecord.circle_id, CircleLogRecord.cycle).where(
                CircleLogRecord.team_id == team_id, CircleLogRecord.circle_id.in_(ids)
            )
        )
        return {(int(c), int(k)) for c, k in rows}

    # -- reflections ----------------------------------------------------------------------------
    def add_reflection(self, values: dict[str, Any]) -> int | None:
        """Store a closing reflection unless this person gave one for this circle; the id, or None."""
        return _insert_if_absent(self.session, CircleReflectionRecord, values)

    def reflections_by(self, team_id: str, person_ids: Iterable[int]) -> list[CircleReflectionRecord]:
        """Reflections these memberships gave, oldest first."""
        ids = sorted(set(person_ids))
        if not ids:
            return []
        return list(
            self.session.scalars(
                select(CircleReflectionRecord)
                .where(CircleReflectionRecord.team_id == team_id, CircleReflectionRecord.person_id.in_(ids))
                .order_by(CircleReflectionRecord.id)
            )
        )

    def reflection_scores(self, team_id: str, program_id: int) -> list[tuple[int, int]]:
        """(person, score) of every closing reflection on the program's circles."""
        rows = self.session.execute(
            select(CircleReflectionRecord.person_id, CircleReflectionRecord.score)
            .join(CircleRecord, CircleRecord.id == CircleReflectionRecord.circle_id)
            .where(CircleRecord.team_id == team_id, CircleRecord.program_id == program_id)
        )
        return [(int(p), int(s)) for p, s in rows]

    def reflected(self, team_id: str, circle_ids: Iterable[int]) -> set[tuple[int, int]]:
        """(circle, person) of every reflection on these circles."""
        ids = sorted(set(circle_ids))
        if not ids:
            return set()
        rows = self.session.execute(
            select(CircleReflectionRecord.circle_id, CircleReflectionRecord.person_id).where(
                CircleReflectionRecord.team_id == team_id, CircleReflectionRecord.circle_id.in_(ids)
            )
        )
        return {(int(c), int(p)) for c, p in rows}

    # -- prompts --------------------------------------------------------------------------------
    def add_prompt(self, record: CirclePromptRecord) -> CirclePromptRecord:
        """Add an admin's prompt and flush to give it an id."""
        self.session.add(record)
        self.session.flush()
        return record

    def prompts(self, team_id: str, program_ids: Iterable[int]) -> dict[int, list[CirclePromptRecord]]:
        """Admin prompts of these programs, by program, oldest first."""
        ids = sorted(set(program_ids))
        found: dict[int, list[CirclePromptRecord]] = {i: [] for i in ids}
        if not ids:
            return found
        rows = self.session.scalars(
            select(CirclePromptRecord)
            .where(CirclePromptRecord.team_id == team_id, CirclePromptRecord.program_id.in_(ids))
            .order_by(CirclePromptRecord.id)
        )
        for prompt in rows:
            found[prompt.program_id].append(prompt)
        return found

    def count_logs(self, team_id: str, program_id: int, since: datetime | None = None) -> tuple[int, int]:
        """(meetings logged as held, logs in all) of the program's circles (since an instant)."""
        query = (
            select(CircleLogRecord.met, func.count())
            .join(CircleRecord, CircleRecord.id == CircleLogRecord.circle_id)
            .where(CircleRecord.team_id == team_id, CircleRecord.program_id == program_id)
        )
        if since is not None:
            query = query.where(CircleLogRecord.created_at >= since)
        counts = {bool(met): int(n) for met, n in self.session.execute(query.group_by(CircleLogRecord.met))}
        return counts.get(True, 0), sum(counts.values())

    # -- scheduled messages ---------------------------------------------------------------------
    def message_keys(self, team_id: str, keys: Iterable[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
        """Which of these (kind, period, recipient) program-level rows exist (an index seek per
        kind: the idempotency key leads with team, mentorship 0, kind, period)."""
        wanted = set(keys)
        by_kind: dict[str, set[str]] = {}
        for kind, period, _ in wanted:
            by_kind.setdefault(kind, set()).add(period)
        found: set[tuple[str, str, str]] = set()
        m = ScheduledMessageRecord
        for kind, periods in sorted(by_kind.items()):
            unique = sorted(periods)
            for start in range(0, len(unique), KEY_CHUNK):
                rows = self.session.execute(
                    select(m.kind, m.period_key, m.recipient).where(
                        m.team_id == team_id,
                        m.mentorship_id == 0,
                        m.kind == kind,
                        m.period_key.in_(unique[start : start + KEY_CHUNK]),
                    )
                )
                found.update((str(k), str(p), str(r)) for k, p, r in rows)
        return found & wanted
