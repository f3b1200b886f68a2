"""Demo scene: a pair's weeks together, from a SMART goal to a grateful goodbye."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from devtools.demoscenes._setup import ensure_joined, find_pair
from handlers.slack import ids
from storage.records import ActionItemRecord, GoalRecord, MentorshipRecord

if TYPE_CHECKING:
    from devtools.demo import Demo


def _pair_id(demo: Demo) -> int:
    kai, linus = demo.person("Kai"), demo.person("Linus")
    mentee = ensure_joined(demo, kai, "mentee", ("data engineering", "public speaking"))
    mentor = ensure_joined(demo, linus, "mentor", ("data engineering", "code review"))
    found = find_pair(demo, linus, kai)
    if found is not None:
        return found.id
    now = demo.clock()
    with demo.deps.uow() as uow:
        record = MentorshipRecord(
            team_id=demo.ws.team_id,
            mentor_id=mentor.id,
            mentee_id=mentee.id,
            status="active",
            source="request",
            match_reasons=[],
            started_at=now,
            cadence="biweekly",
            meeting_format="video",
            agreement_status="agreed",
            end_date=now.date() + timedelta(weeks=12),
            first_meeting_on=now.date(),
            confidentiality_ack=True,
            agreed_at=now,
            check_ins_from=now.date(),
        )
        uow.session.add(record)
        uow.flush()
        return record.id


def run(demo: Demo) -> None:
    """Kai and Linus set a goal, log a session, trade feedback, finish the goal and end well."""
    from devtools.demo import render

    demo.title("3. Working together: goals, sessions, feedback, a good ending")
    kai, linus = demo.person("Kai"), demo.person("Linus")
    mentorship_id = _pair_id(demo)
    today = demo.clock().date()

    demo.say(kai, "types /mentor goal and writes a vague goal: “Improve my leadership skills”")
    kai.command("goal")
    demo.flush()
    reply = kai.submit(
        {
            ids.GOAL_TITLE: "Improve my leadership skills",
            ids.GOAL_MEASURE: "I feel more confident",
            ids.GOAL_TARGET: (today + timedelta(weeks=8)).isoformat(),
        }
    )
    coached = reply.json.get("view", {}).get("blocks", [])[:3] if reply.body.startswith("{") else []
    demo.out("    ↳ the SMART check coaches Kai in the form:")
    demo.out("      " + render(coached, "").replace("\n", "\n      "))

    demo.say(kai, "rewrites it as a SMART goal with two milestones and saves")
    kai.submit(
        {
            ids.GOAL_TITLE: "Present our data pipeline in a 20-minute talk at the analytics guild",
            ids.GOAL_MEASURE: "Talk delivered; feedback from 3 colleagues",
            ids.GOAL_RELEVANCE: "I want to grow into a tech lead role",
            ids.GOAL_TARGET: (today + timedelta(weeks=8)).isoformat(),
            ids.GOAL_MILESTONES: (
                f"Draft the outline - {(today + timedelta(weeks=2)).isoformat()}\n"
                f"Dry run with Linus - {(today + timedelta(weeks=6)).isoformat()}"
            ),
        }
    )
    demo.flush()

    demo.say(linus, "types /mentor log after their first session")
    linus.command("log")
    demo.flush()
    linus.submit(
        {
            ids.SESSION_TAKEAWAYS: "Mapped the audience for the talk; agreed to tell it as a story of one bad night on call.",
            ids.SESSION_ACTIONS: "partner: draft the outline\nme: send two talks I like\nboth: book the guild slot",
            ids.SESSION_NEXT: (today + timedelta(weeks=2)).isoformat(),
        }
    )
    demo.flush()

    demo.say(kai, "sends Linus private feedback (the guide nudges about wording first)")
    kai.command("feedback")
    demo.flush()
    reply = kai.submit(
        {
            ids.FEEDBACK_WELL: "You always explain things well",
            ids.FEEDBACK_SUGGESTION: "More examples",
            ids.FEEDBACK_RATING: "5",
        }
    )
    tips = reply.json.get("view", {}).get("blocks", [])[1:2] if reply.body.startswith("{") else []
    demo.out("    ↳ the wording guide in the form: " + render(tips, ""))
    demo.say(kai, "makes it specific and sends it")
    kai.submit(
        {
            ids.FEEDBACK_WELL: "When you drew the pipeline on the whiteboard, the story of the talk clicked for me",
            ids.FEEDBACK_BETTER: "We ran over time by 15 minutes",
            ids.FEEDBACK_SUGGESTION: "Let's keep a timer and leave the last 5 minutes for next steps",
            ids.FEEDBACK_RATING: "5",
        }
    )
    demo.flush()

    demo.say(linus, "clicks [Give feedback] and sends some back")
    linus.click(ids.FEEDBACK_OPEN, message=linus.last_dm(containing="private feedback"))
    demo.flush()
    linus.submit(
        {
            ids.FEEDBACK_WELL: "You came with a clear question and a first draft, which made the hour count",
            ids.FEEDBACK_SUGGESTION: "Practise the opening minute out loud twice before our dry run",
        }
    )
    demo.flush()

    demo.say(kai, "opens the Home tab and ticks off “draft the outline”")
    kai.open_home()
    demo.flush()
    with demo.deps.uow() as uow:
        item = uow.session.scalars(
            select(ActionItemRecord).where(
                ActionItemRecord.mentorship_id == mentorship_id, ActionItemRecord.text == "draft the outline"
            )
        ).first()
        goal = uow.session.scalars(
            select(GoalRecord).where(GoalRecord.mentorship_id == mentorship_id).order_by(GoalRecord.id.desc())
        ).first()
    if item is not None:
        kai.click(ids.HOME_ACTION_DONE, in_home=True, value=str(item.id))
        demo.flush()

    if goal is not None:
        demo.clock.advance(timedelta(weeks=7))
        demo.narrate("seven weeks later")
        for milestone in goal.milestones:
            demo.say(kai, f"ticks off the milestone “{milestone.title}” on the Home tab")
            kai.open_home()
            demo.flush()
            kai.click(ids.GOAL_MILESTONE_DONE, in_home=True, value=str(milestone.id))
            demo.flush()
        demo.say(kai, "gave the talk, and clicks [Mark achieved]")
        kai.click(ids.GOAL_ACHIEVED, in_home=True, value=str(goal.id))
        demo.flush()

    demo.say(linus, "types /mentor status")
    demo.reply(linus.command("status"))
    demo.flush()

    demo.say(kai, "types /mentor end: goals achieved, with a thank-you note")
    kai.command("end")
    demo.flush()
    kai.submit(
        {
            ids.END_REASON: "goals_achieved",
            ids.END_STAY: "yes",
            ids.END_GRATITUDE: "Thank you, Linus. The whiteboard sessions changed how I explain our work.",
        }
    )
    demo.flush()
