"""Scheduling use cases: plan what is due, hand rows to the dispatcher, and the pair's answers.

`planner` (one module per kind of message, run from one table of rules), `circles` (the peer
circles' prompts, meeting asks and closings), `outbox` (the one
writer of queue rows; claim, mark, release for the dispatcher), `delivery` (a person gone, a
failed delivery), `answers` (check-in replies, cadence, reflections, transitions, stay in touch)
and `timing` (local days and send hours).
"""

from bot.domain.messages import MessageKind
from bot.services.scheduling.answers import (
    ReflectionResult,
    TransitionResult,
    change_cadence,
    mentorship_for,
    recorded_message,
    remind_later,
    save_reflection,
    set_stay_in_touch,
    skip_checkin,
    transition,
)
from bot.services.scheduling.circles import CIRCLE_KINDS, CirclesPlanReport, plan_circles
from bot.services.scheduling.delivery import delivery_failed, person_gone
from bot.services.scheduling.outbox import (
    Claimed,
    claim,
    dm_channel,
    enqueue,
    mark,
    mark_sent,
    outbox_row,
    queue_depth,
    queue_rows,
    release,
    remember_dm_channel,
    workspaces,
)
from bot.services.scheduling.planner import PlanReport, plan
from bot.services.scheduling.timing import at_local, local_day, soon, today_utc

CHECKIN_KIND = MessageKind.CHECKIN  # cadence check-ins (the admin report counts these)
ANNOUNCEMENT_KIND = MessageKind.ANNOUNCEMENT  # queued by admins, posted as given

__all__ = [
    "ANNOUNCEMENT_KIND",
    "CHECKIN_KIND",
    "CIRCLE_KINDS",
    "CirclesPlanReport",
    "Claimed",
    "PlanReport",
    "ReflectionResult",
    "TransitionResult",
    "at_local",
    "change_cadence",
    "claim",
    "delivery_failed",
    "dm_channel",
    "enqueue",
    "local_day",
    "mark",
    "mark_sent",
    "mentorship_for",
    "outbox_row",
    "person_gone",
    "plan",
    "plan_circles",
    "queue_depth",
    "queue_rows",
    "recorded_message",
    "release",
    "remember_dm_channel",
    "remind_later",
    "save_reflection",
    "set_stay_in_touch",
    "skip_checkin",
    "soon",
    "today_utc",
    "transition",
    "workspaces",
]
