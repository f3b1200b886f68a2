"""Demo scene: people discover the bot and join the program."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers.slack import ids

if TYPE_CHECKING:
    from devtools.demo import Demo


def run(demo: Demo) -> None:
    """Help, invitations, joining as mentors and mentees, a mistake corrected, App Home."""
    demo.title("1. Joining the program")
    ada, grace, linus = demo.person("Ada"), demo.person("Grace"), demo.person("Linus")
    bo, maya = demo.person("Bo"), demo.person("Maya")

    demo.say(bo, "types /mentor help")
    demo.reply(bo.command("help"))

    demo.say(bo, "types /mentor jion (a typo)")
    demo.reply(bo.command("jion"))

    demo.say(maya, "joins the #mentorship channel")
    maya.join_channel("C0PROGRAM")
    demo.flush()

    demo.say(ada, "types /mentor join and fills in the form as a mentor, but forgets her topics")
    ada.command("join")
    demo.flush()
    demo.reply(ada.submit({ids.PROFILE_ROLE: "mentor", ids.PROFILE_OFFERS: ""}))
    demo.say(ada, "adds her topics and saves")
    ada.submit(
        {
            ids.PROFILE_ROLE: "mentor",
            ids.PROFILE_OFFERS: "Python, system design, public-speaking, career growth",
            ids.PROFILE_CAPACITY: "2",
            ids.PROFILE_CADENCE: "biweekly",
            ids.PROFILE_FORMATS: ["video"],
            ids.PROFILE_DEPARTMENT: "Platform",
            ids.PROFILE_SHOUTOUTS: ["yes"],
            ids.PROFILE_INTRO: "Principal engineer; I love helping people grow into technical leadership.",
        }
    )
    demo.flush()

    for who, offers, dept, intro in (
        (
            grace,
            "Leadership, management, compilers, public speaking",
            "Engineering Management",
            "Director of engineering. Ask me about leading teams.",
        ),
        (linus, "Kubernetes, Linux, code review, python", "Infrastructure", "Kernel hacker turned SRE."),
    ):
        demo.say(who, "joins as a mentor")
        who.command("join")
        who.submit(
            {
                ids.PROFILE_ROLE: "mentor",
                ids.PROFILE_OFFERS: offers,
                ids.PROFILE_CAPACITY: "2",
                ids.PROFILE_CADENCE: "biweekly",
                ids.PROFILE_DEPARTMENT: dept,
                ids.PROFILE_INTRO: intro,
                ids.PROFILE_FORMATS: ["video", "chat"],
                ids.PROFILE_SHOUTOUTS: ["yes"],
            }
        )
        demo.flush()

    demo.say(maya, "clicks [Join the program] in the invitation and joins as a mentee")
    maya.click(ids.PROFILE_OPEN, message=maya.last_dm())
    maya.submit(
        {
            ids.PROFILE_ROLE: "mentee",
            ids.PROFILE_WANTS: "UX research, public speaking, leadership",
            ids.PROFILE_REASONS: ["career", "skills"],
            ids.PROFILE_DEPARTMENT: "Design",
            ids.PROFILE_CADENCE: "biweekly",
            ids.PROFILE_SHOUTOUTS: ["yes"],
            ids.PROFILE_INTRO: "Product designer, want to lead design reviews with confidence.",
        }
    )
    demo.flush()

    demo.say(bo, "joins as a mentee")
    bo.command("join")
    bo.submit(
        {
            ids.PROFILE_ROLE: "mentee",
            ids.PROFILE_WANTS: "System design; Python; career growth",
            ids.PROFILE_REASONS: ["career", "growth"],
            ids.PROFILE_DEPARTMENT: "Payments",
            ids.PROFILE_CADENCE: "biweekly",
            ids.PROFILE_SHOUTOUTS: ["yes"],
            ids.PROFILE_INTRO: "Backend engineer, two years in. I want to design bigger systems.",
        }
    )
    demo.flush()

    demo.say(bo, "opens the bot's App Home tab")
    bo.open_home()
    demo.flush()
