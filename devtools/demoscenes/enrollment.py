"""Scene: people discover the bot and join the program."""

from __future__ import annotations

from typing import TYPE_CHECKING

from devtools.demo import PROGRAM_CHANNEL
from devtools.demoscenes._helpers import dm_with
from handlers.slack import ids

if TYPE_CHECKING:
    from devtools.demo import Demo

MENTORS = (
    (
        "Ada",
        "Python, system design, public-speaking, career growth",
        "Platform",
        ["video"],
        "Principal engineer; I love helping people grow into technical leadership.",
    ),
    (
        "Grace",
        "Leadership, management, compilers, public speaking",
        "Engineering Management",
        ["video", "chat"],
        "Director of engineering. Ask me about leading teams.",
    ),
    (
        "Linus",
        "Kubernetes, Linux, code review, python",
        "Infrastructure",
        ["video", "chat"],
        "Kernel hacker turned SRE.",
    ),
)


def run(demo: Demo) -> None:
    """Help, an invitation, mentors and mentees joining (a mistake corrected), a first Home tab."""
    demo.later(hour=9)
    demo.title("People join the program")
    bo, maya = demo.person("Bo"), demo.person("Maya")

    demo.say(bo, "types /mentor help")
    demo.command(bo, "help")
    demo.say(bo, "types /mentor jion (a typo)")
    demo.command(bo, "jion")
    sam = demo.person("Sam")
    demo.say(sam, "types /mentor help (as an admin, the admin commands are listed too)")
    demo.command(sam, "help")

    demo.say(maya, "joins the #mentorship channel")
    maya.join_channel(PROGRAM_CHANNEL)
    demo.flush()
    demo.say(maya, "opens the bot's Home tab before joining (a newcomer)")
    demo.open_home(maya)

    ada = demo.person("Ada")
    demo.say(ada, "types /mentor join and fills in the form as a mentor, but forgets her topics")
    demo.command(ada, "join")
    demo.submit(ada, {ids.PROFILE_ROLE: "mentor", ids.PROFILE_OFFERS: ""})
    for first, offers, department, formats, intro in MENTORS:
        who = demo.person(first)
        if first == "Ada":
            demo.say(ada, "adds her topics and saves")
        else:
            demo.say(who, "types /mentor join and joins as a mentor")
            demo.command(who, "join")
        demo.submit(
            who,
            {
                ids.PROFILE_ROLE: "mentor",
                ids.PROFILE_OFFERS: offers,
                ids.PROFILE_CAPACITY: "2",
                ids.PROFILE_CADENCE: "biweekly",
                ids.PROFILE_FORMATS: formats,
                ids.PROFILE_DEPARTMENT: department,
                ids.PROFILE_SHOUTOUTS: ["yes"],
                ids.PROFILE_INTRO: intro,
            },
        )

    invitation = dm_with(maya, ids.PROFILE_OPEN)
    if invitation is not None:
        demo.say(maya, "clicks [Join the program] in the invitation and joins as a mentee")
        maya.click(ids.PROFILE_OPEN, message=invitation)
    else:
        demo.say(maya, "types /mentor join and joins as a mentee")
        demo.command(maya, "join")
    demo.flush()
    demo.submit(
        maya,
        {
            ids.PROFILE_ROLE: "mentee",
            ids.PROFILE_WANTS: "UX research, public speaking, leadership",
            ids.PROFILE_REASONS: ["career", "skills"],
            ids.PROFILE_DEPARTMENT: "Design",
            ids.PROFILE_CADENCE: "biweekly",
            ids.PROFILE_SHOUTOUTS: ["yes"],
            ids.PROFILE_INTRO: "Product designer, want to lead design reviews with confidence.",
        },
    )

    demo.say(bo, "types /mentor join and joins as a mentee")
    demo.command(bo, "join")
    demo.submit(
        bo,
        {
            ids.PROFILE_ROLE: "mentee",
            ids.PROFILE_WANTS: "System design; Python; career growth",
            ids.PROFILE_REASONS: ["career", "growth"],
            ids.PROFILE_DEPARTMENT: "Payments",
            ids.PROFILE_CADENCE: "biweekly",
            ids.PROFILE_SHOUTOUTS: ["yes"],
            ids.PROFILE_INTRO: "Backend engineer, two years in. I want to design bigger systems.",
        },
    )

    demo.say(bo, "opens the bot's Home tab")
    demo.open_home(bo)
