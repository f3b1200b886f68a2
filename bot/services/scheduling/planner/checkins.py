"""Rule: the cadence check-in, for the latest due period only (a backlog is never replayed)."""

from __future__ import annotations

from datetime import timedelta

from bot.domain import cadence as cad
from bot.domain.messages import MessageKind
from bot.services.scheduling.planner.context import ActivePair, PlanContext, base
from bot.services.scheduling.timing import not_at_night, tz_of
from storage.records import PersonRecord

MAX_ITEMS = 10  # open action items listed in a check-in


def check_in(
    ctx: PlanContext, pair: ActivePair, person: PersonRecord, partner: PersonRecord, role: str
) -> None:
    """Ask how it is going when a period is due and the pair has not met in it yet."""
    tz = tz_of(person)
    latest = cad.latest_due_check_in(pair.start, pair.end, pair.cadence, tz, ctx.hour, ctx.now)
    following = (latest[0] if latest is not None else 0) + 1
    if cad.period_start(pair.start, pair.cadence, following) <= pair.end:
        ctx.wake(pair.record.id, cad.check_in_due(pair.start, pair.cadence, following, tz, ctx.hour))
    if latest is None:
        return
    index, due_at = latest
    met = pair.last_session is not None and pair.last_session >= cad.period_start(
        pair.start, pair.cadence, index
    )
    if met or ctx.now - due_at >= timedelta(days=pair.days):
        return
    items = pair.items
    payload = dict(
        base(pair.record, partner, role),
        cadence=pair.cadence,
        items=items[:MAX_ITEMS],
        more=max(0, len(items) - MAX_ITEMS),
    )
    ctx.add(
        MessageKind.CHECKIN,
        f"{pair.start.isoformat()}:{cad.period_key(pair.cadence, index)}",
        person.slack_user_id,
        not_at_night(due_at, ctx.now, tz, ctx.hour),
        payload,
        pair.record.id,
    )
