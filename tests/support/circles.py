"""Helpers for circles tests: a circles program, its members, a round approved, circles as stored."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from bot.deps import Deps
from bot.services import circles
from bot.services.programs import create_program
from devtools.emulator.server import TEAM_ID
from storage.records import CircleMemberRecord, CircleRecord, PersonRecord
from tests.support.factories import make_person

CIRCLES_ADMIN = "C0CIRCADM"


def circles_program(
    deps: Deps, key: str = "circles", *, admin_channel: str | None = CIRCLES_ADMIN, **columns: Any
) -> int:
    """Create a circles program (its settings columns overridable: circle_min_size=3, ...)."""
    view = create_program(deps, TEAM_ID, f"Circles {key}", key, format="circles", admin_channel=admin_channel)
    if columns:
        with deps.uow() as uow:
            program = uow.programs.program(TEAM_ID, view.id)
            assert program is not None
            for name, value in columns.items():
                setattr(program, name, value)
    return view.id


def member(
    deps: Deps,
    slack_user_id: str,
    program_id: int,
    topics: Sequence[str] = ("public speaking",),
    tz: str = "Europe/London",
    **fields: Any,
) -> PersonRecord:
    """A member of a circles program (role "member", the topics they want to talk about)."""
    return make_person(
        deps, slack_user_id, "member", program_id=program_id, wants=list(topics), timezone=tz, **fields
    )


def members(
    deps: Deps, program_id: int, count: int, prefix: str = "U0M", **fields: Any
) -> list[PersonRecord]:
    """`count` members with ids like U0M01, U0M02, ..."""
    return [member(deps, f"{prefix}{n:02d}", program_id, **fields) for n in range(1, count + 1)]


def approved(deps: Deps, program_id: int, admin: str = "U0ADMIN") -> circles.RoundDecision:
    """Propose and approve a round in one go."""
    plan = circles.run_round(deps, TEAM_ID, program_id, admin)
    assert plan.round_id is not None
    return circles.approve_round(deps, TEAM_ID, plan.round_id, admin)


def stored_circles(deps: Deps, program_id: int | None = None) -> list[CircleRecord]:
    """Every circle as stored now, oldest first."""
    with deps.uow() as uow:
        query = select(CircleRecord).order_by(CircleRecord.id)
        if program_id is not None:
            query = query.where(CircleRecord.program_id == program_id)
        return list(uow.session.scalars(query))


def seats(deps: Deps, circle_id: int) -> list[CircleMemberRecord]:
    """A circle's seats as stored now, in seat order."""
    with deps.uow() as uow:
        return list(
            uow.session.scalars(
                select(CircleMemberRecord)
                .where(CircleMemberRecord.circle_id == circle_id)
                .order_by(CircleMemberRecord.position)
            )
        )


def circle(deps: Deps, circle_id: int) -> CircleRecord:
    """One circle as stored now."""
    with deps.uow() as uow:
        found = uow.session.get(CircleRecord, circle_id)
        assert found is not None
        return found
