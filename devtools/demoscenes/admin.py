"""Scene: after the cohort, Sam reports on the program, announces the next one and exports the data."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from bot.wiring import tick
from handlers.slack import ids
from handlers.slack.format import plural

if TYPE_CHECKING:
    from devtools.demo import Demo


def run(demo: Demo) -> None:
    """Report (aggregates only), an announcement delivered to every mentee, the CSV export."""
    sam, bo = demo.person("Sam"), demo.person("Bo")
    demo.later(days=1, hour=9)
    demo.title("Sam reports on the program")

    maya = demo.person("Maya")
    demo.say(maya, "types /mentor ask with a plain question for the program team")
    demo.command(maya, "ask Could I mentor a newcomer in the spring cohort while I find a new mentor?")

    demo.say(bo, "is curious and types /mentor admin report")
    demo.command(bo, "admin report")

    demo.say(sam, "types /mentor admin report")
    demo.command(sam, "admin report")

    demo.say(sam, "types /mentor admin announce and writes to every mentee")
    demo.command(sam, "admin announce")
    demo.submit(
        sam,
        {
            ids.ADMIN_ANNOUNCE_TEXT: "Thank you for a wonderful first cohort! The spring cohort opens on 3 May: "
            "if you'd like to mentor someone next, type /mentor profile and switch your role.",
            ids.ADMIN_ANNOUNCE_AUDIENCE: "mentees",
        },
    )
    # The announcement is queued; the scheduler's paced dispatcher delivers it on its next ticks.
    delivered = False
    for _ in range(15):
        demo.clock.set(demo.now() + timedelta(minutes=1))
        report = tick(demo.deps, demo.now())
        if report.dispatch.sent:
            demo.tick_step(
                f"the scheduler delivers the announcement: {plural(report.dispatch.sent, 'message')}"
            )
            delivered = True
        elif delivered:
            break

    demo.say(sam, "types /mentor admin export")
    demo.command(sam, "admin export")
