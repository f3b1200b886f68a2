"""Scene: a peer-circles program beside the mentorships: join, a round, the intro, a prompt, a log."""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.wiring import tick
from devtools.demoscenes._helpers import dm_with
from handlers.slack import ids
from handlers.slack.format import plural

if TYPE_CHECKING:
    from devtools.demo import Demo

CIRCLES_ADMIN = "C0PEERADM"  # as devtools.demo.CIRCLES_ADMIN_CHANNEL
MEMBERS = (
    ("Grace", "leading a team, hiring, giving feedback", "Engineering Management"),
    ("Linus", "giving feedback, code review culture", "Infrastructure"),
    ("Maya", "public speaking, giving feedback", "Design"),
    ("Kai", "public speaking, hiring", "Analytics"),
    ("Bo", "leading a team, public speaking", "Platform"),
    ("Noor", "hiring, leading a team", "Platform"),
)


def run(demo: Demo) -> None:
    """Sam opens a circles program for new leads; six people join with a short form; a round forms
    two circles of three (reasons for each), introduced in group DMs with a first host and prompt;
    a week later the scheduler sends the next prompt, and the host logs the meeting in one click."""
    sam = demo.person("Sam")
    demo.later(days=1, hour=9)
    demo.title("Peer circles: Leads' circles")

    demo.say(sam, "types /mentor admin program new circles: a circles program, sizes 3 to 3, weekly, 6 weeks")
    demo.command(sam, "admin program new circles")
    demo.submit(
        sam,
        {
            ids.ADMIN_PROGRAM_NAME: "Leads' circles",
            ids.ADMIN_PROGRAM_KEY: "leads",
            ids.ADMIN_PROGRAM_FORMAT: "circles",
            ids.ADMIN_PROGRAM_ADMIN_CHANNEL: CIRCLES_ADMIN,
            ids.CIRCLE_SET_AUDIENCE: "everyone",
            ids.CIRCLE_SET_MIN: "3",
            ids.CIRCLE_SET_MAX: "3",
            ids.CIRCLE_SET_WEEKS: "6",
            ids.CIRCLE_SET_CADENCE: "weekly",
        },
    )

    for first, topics, department in MEMBERS:
        who = demo.person(first)
        demo.say(who, f"types /mentor join leads and names what to talk about: {topics}")
        demo.command(who, "join leads")
        demo.submit(who, {ids.CIRCLE_JOIN_TOPICS: topics, ids.CIRCLE_JOIN_DEPARTMENT: department})

    demo.say(sam, "types /mentor admin circles in #leads-admins")
    demo.reply(sam.command("admin circles", channel=CIRCLES_ADMIN, channel_name="leads-admins"), sam)
    proposals = demo.messages_with(CIRCLES_ADMIN, ids.CIRCLE_ROUND_APPROVE)
    if proposals:
        demo.say(sam, "reads each circle's reasons and approves")
        sam.click(ids.CIRCLE_ROUND_APPROVE, message=copy.deepcopy(proposals[-1]))
        demo.flush()

    demo.narrate("a week later: each circle gets its next prompt, and a new host")
    demo.flush()
    at = demo.now() + timedelta(days=7)
    for hour in range(0, 24, 2):
        demo.clock.set(at.replace(hour=hour, minute=5))
        report = tick(demo.deps, demo.now())
        if report.dispatch.sent:
            demo.tick_step(f"the scheduler sends {plural(report.dispatch.sent, 'message')}")
    demo.later(days=4, hour=16)
    for _ in range(6):
        report = tick(demo.deps, demo.now())
        if report.dispatch.sent:
            demo.tick_step(f"the scheduler asks this week's hosts: {plural(report.dispatch.sent, 'message')}")
        demo.clock.set(demo.now() + timedelta(hours=1))
    for first, _topics, _department in MEMBERS:
        host = demo.person(first)
        ask = dm_with(host, ids.CIRCLE_MET_YES)
        if ask is None:
            continue
        demo.say(host, "hosted this week: clicks [We met] and shares a one-line summary with the circle")
        host.click(ids.CIRCLE_MET_YES, message=ask)
        demo.flush()
        demo.submit(host, {ids.CIRCLE_SUMMARY_TEXT: "Swapped first-90-days plans; next time: hiring loops."})
        break
    demo.say(sam, "types /mentor admin report in #leads-admins: counts and health, never what was said")
    demo.reply(sam.command("admin report", channel=CIRCLES_ADMIN, channel_name="leads-admins"), sam)
