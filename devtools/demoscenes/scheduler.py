"""Scenes: the weeks of a program, fast-forwarded with the scheduler's tick, on the same calendar.

People answer what the bot sends them as they would in Slack: Bo and Ada meet and log every
check-in, Maya and Grace drift apart (a nudge, an at-risk flag, an honest reflection), Kai and
Linus pause for a holiday and finish Kai's goal. Then the transition window, the end, and the
closing reflections.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from bot.wiring import tick
from devtools.demoscenes._helpers import dm_with, ephemeral_message, find_pair, home_values, pair_status
from devtools.emulator.server import Message
from handlers.slack import ids
from handlers.slack.format import plural
from storage.records import MentorshipRecord

if TYPE_CHECKING:
    from devtools.demo import Demo
    from devtools.emulator import Person

STEP = timedelta(hours=1)


@dataclass
class Habits:
    """What each person does with the bot's messages, and which messages they already answered."""

    handled: set[tuple[str, str]] = field(default_factory=set)
    reminded: set[str] = field(default_factory=set)


def _answer(demo: Demo, who: Person, msg: Message, habits: Habits) -> None:
    """One person answers one new DM, if it's something they would answer."""
    first = who.name.split(" ")[0]
    blocks = msg.blocks
    buttons = {
        e.get("action_id")
        for b in blocks
        for e in [*(b.get("elements") or []), b.get("accessory") or {}]
        if isinstance(e, dict)
    }
    if ids.REFLECTION_OPEN in buttons and first in ("Bo", "Maya", "Kai"):
        scores = {"Bo": ("4", "5"), "Maya": ("2", "2"), "Kai": ("5", "5")}[first]
        demo.say(who, f"clicks [Reflect now] and scores {scores[0]} and {scores[1]}")
        who.click(ids.REFLECTION_OPEN, message=msg)
        demo.flush()
        comment = {"Bo": "Great progress on design reviews.", "Kai": "The talk is taking shape."}.get(
            first, ""
        )
        demo.submit(
            who,
            {
                ids.REFLECTION_PROGRESS: scores[0],
                ids.REFLECTION_RELATIONSHIP: scores[1],
                ids.REFLECTION_COMMENT: comment,
            },
        )
    elif ids.TRANSITION_CONCLUDE in buttons and first in ("Bo", "Maya", "Kai"):
        choice, label = (
            (ids.TRANSITION_CONTINUE, "Continue informally")
            if first == "Kai"
            else (ids.TRANSITION_CONCLUDE, "Conclude as planned")
        )
        if choice in buttons:
            stale_holder = demo.person("Ada") if first == "Bo" else None
            stale = dm_with(stale_holder, ids.TRANSITION_EXTEND) if stale_holder is not None else None
            demo.say(who, f"clicks [{label}], two weeks before the planned end")
            who.click(choice, message=msg)
            demo.flush()
            if stale_holder is not None and stale is not None:
                demo.say(stale_holder, "opens the Home tab in the transition window")
                demo.open_home(stale_holder)
                demo.say(
                    stale_holder,
                    "still has the old “Two weeks to go” message open and clicks [Extend 8 weeks]",
                )
                stale_holder.click(ids.TRANSITION_EXTEND, message=stale)
                demo.flush()
    elif ids.GOAL_ACHIEVED in buttons and first == "Kai":
        demo.say(who, "gave the talk last week and clicks [Mark achieved]")
        who.click(ids.GOAL_ACHIEVED, message=msg)
        demo.flush()
    elif ids.CLOSING_SURVEY_OPEN in buttons and first in ("Bo", "Maya"):
        scores = {"Bo": ("5", "5"), "Maya": ("3", "2")}[first]
        demo.say(who, f"clicks [Take the closing survey] and scores {scores[0]} and {scores[1]}")
        who.click(ids.CLOSING_SURVEY_OPEN, message=msg)
        demo.flush()
        demo.submit(who, {ids.REFLECTION_PROGRESS: scores[0], ids.REFLECTION_RELATIONSHIP: scores[1]})
    elif ids.SESSION_LOG_OPEN in buttons and ids.CHECKIN_REMIND in buttons and first in ("Bo", "Kai"):
        if first == "Kai" and "Kai" not in habits.reminded:
            habits.reminded.add("Kai")
            demo.say(who, "hasn't met Linus yet this fortnight and clicks [Not yet — remind me in 2 days]")
            who.click(ids.CHECKIN_REMIND, message=msg)
            demo.flush()
            return
        partner = "Ada" if first == "Bo" else "Linus"
        demo.say(who, f"met {partner} this week, clicks [We met — log it] and writes a takeaway")
        who.click(ids.SESSION_LOG_OPEN, message=msg)
        demo.flush()
        demo.submit(
            who, {ids.SESSION_TAKEAWAYS: _TAKEAWAYS[first][len(habits.handled) % len(_TAKEAWAYS[first])]}
        )


_TAKEAWAYS = {
    "Bo": (
        "Sketched the payments ledger as events; next: find the bottleneck.",
        "Reviewed my design doc; I cut it to one page.",
        "Practised explaining trade-offs in three sentences.",
    ),
    "Kai": ("Rehearsed the first five minutes of the talk.", "Turned the outline into slides."),
}


def _answer_all(demo: Demo, habits: Habits) -> None:
    for who in demo.people.values():
        for msg in who.dms():
            key = (msg.channel, msg.ts)
            if key not in habits.handled:
                habits.handled.add(key)
                _answer(demo, who, msg, habits)


def run_until(demo: Demo, until: datetime, habits: Habits) -> None:
    """Tick the scheduler every hour up to `until`; people answer what arrives."""
    demo.flush()
    while demo.now() + STEP <= until:
        at = demo.now() + STEP
        demo.clock.set(at)
        report = tick(demo.deps, at)
        if report.dispatch.sent:
            demo.tick_step(f"the scheduler sends {plural(report.dispatch.sent, 'message')}")
            _answer_all(demo, habits)
    demo.at(until)


def _at(demo: Demo, weekday_offset: int, hour: int) -> datetime:
    """A later instant: `weekday_offset` days from now at `hour` UTC."""
    return (demo.now() + timedelta(days=weekday_offset)).replace(hour=hour, minute=0, second=0, microsecond=0)


def run(demo: Demo) -> None:
    """Twelve weeks in a minute, then the endings."""
    ada, bo, grace, maya = demo.person("Ada"), demo.person("Bo"), demo.person("Grace"), demo.person("Maya")
    kai, linus, sam = demo.person("Kai"), demo.person("Linus"), demo.person("Sam")
    habits = Habits()
    for who in demo.people.values():
        habits.handled.update((m.channel, m.ts) for m in who.dms())

    demo.title("Weeks of meetings and check-ins")
    demo.narrate(
        "From here the story's clock moves in the scheduler's hourly ticks. Check-ins are due at 10:00 "
        "in each person's own time zone and go out on the next tick; Bo and Kai answer theirs, Maya and "
        "Grace let theirs slide."
    )
    run_until(demo, _at(demo, 19, 8), habits)

    pair = find_pair(demo, grace, maya)
    if pair is not None:
        demo.say(sam, "types /mentor admin pairs to see how every pair is doing")
        demo.command(sam, "admin pairs")
        listing = ephemeral_message(sam)
        if listing is not None:
            demo.say(sam, "chooses “Nudge both” for Grace and Maya")
            sam.click(ids.ADMIN_PAIR_ACTION, message=listing, selected=f"nudge:{pair.id}")
            demo.flush()
            demo.say(bo, "replays Sam's “End kindly” click for Grace and Maya's pair (he isn't an admin)")
            bo.click(ids.ADMIN_PAIR_ACTION, message=listing, selected=f"end:{pair.id}")
            demo.flush()
    run_until(demo, _at(demo, 7, 8), habits)

    demo.title("A pause for a holiday")
    back = (demo.now() + timedelta(weeks=2)).date()
    demo.say(linus, f"types /mentor pause until {back.isoformat()} before two weeks off")
    demo.command(linus, f"pause until {back.isoformat()}")
    run_until(demo, _at(demo, 2, 9), habits)
    demo.say(kai, "opens the Home tab during the pause")
    demo.open_home(kai)
    run_until(demo, _at(demo, 7, 8), habits)
    if pair_status(demo, linus, kai) == "paused":
        demo.say(linus, "is back early and types /mentor resume")
        demo.command(linus, "resume")
    run_until(demo, _at(demo, 12, 9), habits)

    demo.say(kai, "gave his talk at the analytics guild, and opens the Home tab")
    demo.open_home(kai)
    for milestone in home_values(kai, ids.GOAL_MILESTONE_DONE):
        demo.say(kai, "ticks off a milestone")
        kai.click(ids.GOAL_MILESTONE_DONE, in_home=True, value=milestone)
        demo.flush()
    goals = home_values(kai, ids.GOAL_ACHIEVED)
    if goals:
        demo.say(kai, "clicks [Mark achieved]")
        kai.click(ids.GOAL_ACHIEVED, in_home=True, value=goals[0])
        demo.flush()

    demo.title("Two weeks to go")
    run_until(demo, _at(demo, 21, 8), habits)

    demo.title("The end, and a reflection")
    if pair_status(demo, linus, kai) in ("active", "paused"):
        demo.say(kai, "types /mentor end: goal achieved, with a thank-you note")
        demo.command(kai, "end")
        demo.submit(
            kai,
            {
                ids.END_REASON: "goals_achieved",
                ids.END_STAY: "yes",
                ids.END_GRATITUDE: "Thank you, Linus. The whiteboard sessions changed how I explain our work.",
            },
        )
    run_until(demo, _after_last_end(demo), habits)
    if pair_status(demo, ada, bo) == "ended":
        demo.say(bo, "types /mentor feedback to thank Ada after the end")
        demo.command(bo, "feedback")
        if bo.fake.open_modal(bo.id) is not None:  # a form, or an answer saying why not
            demo.submit(
                bo,
                {
                    ids.FEEDBACK_WELL: "You taught me to write the one-page design doc first; I still do it.",
                    ids.FEEDBACK_SUGGESTION: "Share your design-review checklist with the next cohort",
                    ids.FEEDBACK_RATING: "5",
                },
            )
    demo.say(bo, "opens the Home tab after the mentorship")
    demo.open_home(bo)
    if pair_status(demo, linus, kai) == "ended":
        _after_the_end(demo, kai)


def _after_the_end(demo: Demo, kai: Person) -> None:
    """A former mentee's doors after the end: status and goals keep the history, feedback still
    reaches the former partner, and find tells the true state."""
    demo.say(kai, "types /mentor status, a week after his mentorship ended")
    demo.command(kai, "status")
    demo.say(kai, "types /mentor goals to look back at what he achieved")
    demo.command(kai, "goals")
    demo.say(kai, "types /mentor feedback to send Linus one more thank-you")
    demo.command(kai, "feedback")
    if kai.fake.open_modal(kai.id) is not None:
        demo.submit(
            kai,
            {
                ids.FEEDBACK_WELL: "Your dry-run questions were exactly the ones the guild asked; the talk went well.",
                ids.FEEDBACK_SUGGESTION: "Keep doing dry runs with your next mentee",
                ids.FEEDBACK_RATING: "5",
            },
        )
    demo.say(kai, "types /mentor find: he'd like a mentor for data modelling next")
    demo.command(kai, "find")


def _after_last_end(demo: Demo) -> datetime:
    """Noon after the last planned end date of the running pairs (at least a day, at most four weeks on)."""
    with demo.deps.uow() as uow:
        ends = [
            d
            for d in uow.session.scalars(
                select(MentorshipRecord.end_date).where(MentorshipRecord.status.in_(("active", "paused")))
            )
            if d is not None
        ]
    now = demo.now()
    last = max(ends, default=now.date())
    until = datetime.combine(last + timedelta(days=1), time(12), tzinfo=UTC)
    return min(max(until, now + timedelta(days=1)), now + timedelta(weeks=4))
