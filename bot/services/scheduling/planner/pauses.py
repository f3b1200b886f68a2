"""Rules for paused pairs: someone gone (tell the partner and the admins), or the pause is over."""

from __future__ import annotations

from bot.domain.messages import MessageKind
from bot.services.scheduling.planner.context import PlanContext, base, both
from bot.services.scheduling.timing import soon, tz_of
from storage.records import MentorshipRecord, PersonRecord


def add_gone(ctx: PlanContext, record: MentorshipRecord, person: PersonRecord, partner: PersonRecord) -> None:
    """Tell the partner (if active) that `person` has left the pair."""
    if partner.status != "active":
        return
    ctx.add(
        MessageKind.PARTNER_GONE,
        f"gone-{person.id}",
        partner.slack_user_id,
        soon(ctx.now, tz_of(partner), ctx.hour),
        {"mentorship_id": record.id, "gone": person.slack_user_id, "gone_name": person.name or ""},
        record.id,
    )


def add_person_gone(ctx: PlanContext, person: PersonRecord) -> None:
    """Tell the admins that `person` has left the workspace."""
    ctx.add(
        MessageKind.PERSON_GONE,
        f"gone-{person.id}",
        ctx.admin_channel,
        ctx.now,
        {"person": person.slack_user_id},
    )


def paused_pair(ctx: PlanContext, record: MentorshipRecord) -> int:
    """Handle a paused pair; return 1 when it resumed (its pause ended and both are active)."""
    gone = [p for p in (record.mentor, record.mentee) if p.status == "inactive"]
    if gone:
        for person in gone:
            partner = record.mentee if person.id == record.mentor_id else record.mentor
            add_gone(ctx, record, person, partner)
            add_person_gone(ctx, person)
        return 0
    if record.paused_until is not None:
        ctx.wake(record.id, ctx.day_begins(record.paused_until))
    if record.paused_until is None or record.paused_until > ctx.now.date():
        return 0
    if record.mentor.status != "active" or record.mentee.status != "active":
        return 0
    period = f"resume-{record.paused_until.isoformat()}"
    record.status = "active"
    record.paused_until = None
    record.paused_by = None
    record.check_ins_from = ctx.now.date()  # the rhythm restarts: no check-in for a paused period
    for person, partner, role in both(record):
        ctx.add(
            MessageKind.RESUMED,
            period,
            person.slack_user_id,
            soon(ctx.now, tz_of(person), ctx.hour),
            base(record, partner, role),
            record.id,
        )
    return 1
