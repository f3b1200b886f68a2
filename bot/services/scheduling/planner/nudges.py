"""Rules: missed meetings. Two periods without a session nudge the pair; three flag it at risk."""

from __future__ import annotations

from datetime import date, timedelta

from bot.domain.messages import MessageKind
from bot.services.scheduling.planner.context import ActivePair, PlanContext, base
from bot.services.scheduling.timing import at_local, not_at_night, tz_of
from storage.records import PersonRecord


def _since(pair: ActivePair) -> date:
    """The start of the current gap: the last session, or the start of check-ins."""
    return max(pair.last_session or pair.start, pair.start)


def missed_nudge(
    ctx: PlanContext, pair: ActivePair, person: PersonRecord, partner: PersonRecord, role: str
) -> None:
    """Two periods without a session: a nudge to each person, once per gap."""
    since = _since(pair)
    tz = tz_of(person)
    nudge_at = at_local(since + timedelta(days=2 * pair.days), tz, ctx.hour)
    # Both day counts below pass their bar once `since`'s does (since >= start); in a zone far ahead
    # of UTC the nudge's hour comes before that day begins in UTC, so both instants matter.
    ctx.wake(pair.record.id, ctx.day_begins(since + timedelta(days=2 * pair.days)))
    ctx.wake(pair.record.id, nudge_at)
    if (pair.today - pair.start).days < 2 * pair.days:
        return
    if (pair.today - since).days // pair.days < 2:
        return
    if nudge_at <= ctx.now:
        ctx.add(
            MessageKind.MISSED_NUDGE,
            f"{since.isoformat()}:2",
            person.slack_user_id,
            not_at_night(nudge_at, ctx.now, tz, ctx.hour),
            dict(base(pair.record, partner, role), cadence=pair.cadence),
            pair.record.id,
        )


def at_risk(ctx: PlanContext, pair: ActivePair) -> None:
    """Three missed periods: the admins see the pair, never private content; a new session clears it."""
    record = pair.record
    since = _since(pair)
    ctx.wake(record.id, ctx.day_begins(since + timedelta(days=3 * pair.days)))  # (since >= start)
    missed = (pair.today - since).days // pair.days if (pair.today - pair.start).days >= 3 * pair.days else 0
    if missed >= 3:
        if not record.at_risk:
            record.at_risk = True
        ctx.add(
            MessageKind.AT_RISK,
            f"{since.isoformat()}:3",
            ctx.admin_channel,
            ctx.now,
            {
                "mentorship_id": record.id,
                "mentor": record.mentor.slack_user_id,
                "mentee": record.mentee.slack_user_id,
                "periods": missed,
                "cadence": pair.cadence,
            },
            record.id,
        )
    elif record.at_risk and missed < 2 and pair.last_session is not None:
        record.at_risk = False
