"""Rule: the midpoint reflection, halfway to an agreed end date."""

from __future__ import annotations

from bot.domain import cadence as cad
from bot.domain.messages import MessageKind
from bot.services.scheduling.planner.context import STALE_AFTER, ActivePair, PlanContext, base
from bot.services.scheduling.timing import at_local, not_at_night, tz_of
from storage.records import PersonRecord


def midpoint_reflection(
    ctx: PlanContext, pair: ActivePair, person: PersonRecord, partner: PersonRecord, role: str
) -> None:
    """Ask each person to reflect at the midpoint (only with an agreed end date; not when stale)."""
    record = pair.record
    if record.end_date is None:
        return
    tz = tz_of(person)
    mid_at = at_local(cad.midpoint(pair.start, record.end_date), tz, ctx.hour)
    ctx.wake(record.id, mid_at)
    if mid_at <= ctx.now < mid_at + STALE_AFTER:
        ctx.add(
            MessageKind.REFLECTION,
            "midpoint",
            person.slack_user_id,
            not_at_night(mid_at, ctx.now, tz, ctx.hour),
            base(record, partner, role),
            record.id,
        )
