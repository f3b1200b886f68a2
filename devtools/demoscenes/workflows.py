"""Scene: a pair's first weeks: a SMART goal, the first session logged, feedback both ways."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from devtools.demoscenes._helpers import dm_with, home_values
from handlers.slack import ids

if TYPE_CHECKING:
    from devtools.demo import Demo


def run(demo: Demo) -> None:
    """Kai sets a goal (coached from vague to SMART), Linus logs their first session, they trade feedback."""
    kai, linus = demo.person("Kai"), demo.person("Linus")
    demo.later(days=3, hour=9)
    demo.title("Goals, a first session, feedback")
    today = demo.now().date()

    demo.say(kai, "types /mentor goal and writes a vague goal: “Improve my leadership skills”")
    demo.command(kai, "goal")
    demo.submit(
        kai,
        {
            ids.GOAL_TITLE: "Improve my leadership skills",
            ids.GOAL_MEASURE: "I feel more confident",
            ids.GOAL_TARGET: (today + timedelta(weeks=8)).isoformat(),
        },
    )
    demo.say(kai, "rewrites it as a SMART goal with two milestones and saves")
    demo.submit(
        kai,
        {
            ids.GOAL_TITLE: "Present our data pipeline in a 20-minute talk at the analytics guild",
            ids.GOAL_MEASURE: "Talk delivered; feedback from 3 colleagues",
            ids.GOAL_RELEVANCE: "I want to grow into a tech lead role",
            ids.GOAL_TARGET: (today + timedelta(weeks=8)).isoformat(),
            ids.GOAL_MILESTONES: (
                f"Draft the outline - {(today + timedelta(weeks=2)).isoformat()}\n"
                f"Dry run with Linus - {(today + timedelta(weeks=6)).isoformat()}"
            ),
        },
    )

    demo.later(hours=5)
    demo.say(linus, "types /mentor log after their first session")
    demo.command(linus, "log")
    demo.submit(
        linus,
        {
            ids.SESSION_TAKEAWAYS: "Mapped the audience for the talk; agreed to tell it as the story of one bad night on call.",
            ids.SESSION_ACTIONS: "partner: draft the outline\nme: send two talks I like\nboth: book the guild slot",
            ids.SESSION_NEXT: (today + timedelta(weeks=2)).isoformat(),
        },
    )

    demo.later(hours=1)
    demo.say(kai, "types /mentor feedback to thank Linus (the guide nudges him to be specific first)")
    demo.command(kai, "feedback")
    demo.submit(
        kai,
        {
            ids.FEEDBACK_WELL: "You always explain things well",
            ids.FEEDBACK_SUGGESTION: "More examples",
            ids.FEEDBACK_RATING: "5",
        },
    )
    demo.say(kai, "makes it specific and sends it")
    demo.submit(
        kai,
        {
            ids.FEEDBACK_WELL: "When you drew the pipeline on the whiteboard, the story of the talk clicked for me",
            ids.FEEDBACK_BETTER: "We ran over time by 15 minutes",
            ids.FEEDBACK_SUGGESTION: "Let's keep a timer and leave the last 5 minutes for next steps",
            ids.FEEDBACK_RATING: "5",
        },
    )
    invitation = dm_with(linus, ids.FEEDBACK_OPEN)
    if invitation is not None:
        demo.later(hours=1)
        demo.say(linus, "clicks [Give feedback] and sends some back")
        linus.click(ids.FEEDBACK_OPEN, message=invitation)
        demo.flush()
        demo.submit(
            linus,
            {
                ids.FEEDBACK_WELL: "You came with a clear question and a first draft, which made the hour count",
                ids.FEEDBACK_SUGGESTION: "Practise the opening minute out loud twice before our dry run",
            },
        )

    demo.later(days=2, hour=8)
    demo.say(kai, "opens the Home tab")
    demo.open_home(kai)
    items = home_values(kai, ids.HOME_ACTION_DONE)
    if items:
        demo.say(kai, "ticks off the action item “draft the outline”")
        kai.click(ids.HOME_ACTION_DONE, in_home=True, value=items[0])
        demo.flush()
