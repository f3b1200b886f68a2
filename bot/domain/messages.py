"""The kinds of message the bot queues and sends; each value is the `kind` stored on an outbox row.

A `StrEnum`: a kind equals its string, so rows read back from the database, renderers keyed by
string and log lines all keep working with the plain values.
"""

from __future__ import annotations

from enum import StrEnum


class MessageKind(StrEnum):
    """One kind of scheduled message (the outbox row's `kind` column)."""

    # To one person of a pair, from the planner.
    CHECKIN = "checkin"  # cadence check-ins (the admin report counts these)
    CHECKIN_REMINDER = "checkin_reminder"  # "not yet": the same check-in again later
    MISSED_NUDGE = "missed_nudge"
    GOAL_REMINDER = "goal_reminder"
    GOAL_OVERDUE = "goal_overdue"
    REFLECTION = "reflection"
    TRANSITION = "transition"
    CLOSING = "closing"
    CELEBRATE = "celebrate"
    RESUMED = "resumed"
    STAY_IN_TOUCH = "stay_in_touch"
    PARTNER_GONE = "partner_gone"
    # To the pair's group DM.
    CALENDAR_INVITE = "calendar_invite"  # the .ics of their meetings, uploaded as a file
    # Requests.
    REQUEST_EXPIRED = "request_expired"
    REQUEST_PROMPT = "request_prompt"  # the mentor's prompt, rewritten in place (not posted)
    # To channels.
    SHOUTOUT = "shoutout"
    AT_RISK = "at_risk"
    PERSON_GONE = "person_gone"
    DIGEST = "digest"
    DELIVERY_FAILED = "delivery_failed"
    REFLECTION_FLAG = "reflection_flag"
    ANNOUNCEMENT = "announcement"  # queued by admins, posted as given
    # Peer circles (bot.services.scheduling.circles documents each payload).
    CIRCLE_PROMPT = "circle_prompt"  # to the circle's group DM: the cycle's prompt and host
    CIRCLE_MEET_ASK = "circle_meet_ask"  # to the cycle's host: did your circle meet?
    CIRCLE_CLOSING = "circle_closing"  # to each member at the end: thanks, and a closing reflection
    CIRCLE_ENDED = "circle_ended"  # to the group DM at the end: thanks, the circle ends
    CIRCLES_NEXT_ROUND = "circles_next_round"  # to the program's admin channel: circles ended
    CIRCLES_DIGEST = "circles_digest"  # to the program's admin channel: the week in numbers
    # Scheduled matching rounds.
    ROUND_HEADSUP = "round_headsup"  # to each waiting mentee, the day before a scheduled round
    ROUND_RUN = "round_run"  # to the admin channel: the dispatcher runs the round and posts it
