"""Demo scene: Sam, the program admin, runs the program from Slack; Bo, not an admin, is refused."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from devtools.demoscenes._setup import ensure_joined, find_pair
from devtools.emulator.server import BOT_USER_ID, Message
from handlers.slack import ids
from storage.records import MentorshipRecord

if TYPE_CHECKING:
    from devtools.demo import Demo
    from devtools.emulator import Person


def _ensure_pair(demo: Demo, mentor: Person, mentee: Person) -> MentorshipRecord:
    """Return the pair an earlier scene made, or start one directly (this scene runs alone too)."""
    found = find_pair(demo, mentor, mentee)
    if found is not None:
        return found
    mentor_record = ensure_joined(demo, mentor, "mentor", ("python", "system design", "leadership"))
    mentee_record = ensure_joined(demo, mentee, "mentee", ("python", "system design", "leadership"))
    now = demo.deps.clock()
    start = now - timedelta(days=30)
    with demo.deps.uow() as uow:
        record = MentorshipRecord(
            team_id=demo.ws.team_id,
            mentor_id=mentor_record.id,
            mentee_id=mentee_record.id,
            status="active",
            source="round",
            match_reasons=[],
            started_at=start,
            cadence="weekly",
            agreement_status="agreed",
            end_date=(start + timedelta(weeks=12)).date(),
            check_ins_from=start.date(),
            last_session_on=(now - timedelta(days=20)).date(),
            session_count=2,
        )
        uow.session.add(record)
        uow.flush()
        return record


def _last_reply(person: Person) -> dict[str, Any]:
    replies = person.ephemerals()
    return replies[-1] if replies else {"text": "", "blocks": []}


def run(demo: Demo) -> None:
    """Settings (with a mistake fixed), report with charts, pair health, announce, export, refusals."""
    demo.title("5. Running the program: Sam, the program admin")
    sam, bo = demo.person("Sam"), demo.person("Bo")
    ada, grace, maya = demo.person("Ada"), demo.person("Grace"), demo.person("Maya")
    pair = _ensure_pair(demo, ada, bo)
    _ensure_pair(demo, grace, maya)

    demo.say(bo, "is curious and types /mentor admin report")
    bo.command("admin report")
    demo.flush()

    demo.say(sam, "types /mentor admin settings")
    sam.command("admin settings")
    demo.flush()
    demo.say(sam, "sets the check-in hour to 22, which would wake people up, and mistypes the time zone")
    demo.reply(
        sam.submit(
            {
                ids.ADMIN_SETTINGS_HOUR: "22",
                ids.ADMIN_SETTINGS_NAME: "Acme Mentorship",
                ids.ADMIN_SETTINGS_ZONE: "Europe/Berln",
            }
        )
    )
    demo.say(
        sam,
        "picks 9 o'clock and Europe/Berlin, renames the program and gives mentors five days to answer requests",
    )
    sam.submit(
        {
            ids.ADMIN_SETTINGS_HOUR: "9",
            ids.ADMIN_SETTINGS_NAME: "Acme Mentorship",
            ids.ADMIN_SETTINGS_ZONE: "europe/berlin",
            ids.ADMIN_SETTINGS_EXPIRY: "5",
            ids.ADMIN_SETTINGS_COOLDOWN: "180",
        }
    )
    demo.flush()
    demo.narrate("no restart: the next thing the bot does already uses the new settings")

    demo.say(sam, "types /mentor admin report")
    sam.command("admin report")
    demo.flush(quiet=0.5)
    demo.narrate("with a cast of seven, every group is under five people, so every number is hidden")

    demo.say(sam, "types /mentor admin pairs")
    sam.command("admin pairs")
    demo.flush()
    listing = _last_reply(sam)
    message = Message("C0ADMINS", "1.000001", str(listing.get("text") or ""), listing["blocks"], BOT_USER_ID)
    demo.say(sam, "chooses “Nudge both” for Ada and Bo")
    sam.click(ids.ADMIN_PAIR_ACTION, message=message, selected=f"nudge:{pair.id}")
    demo.flush()

    demo.say(bo, "replays Sam's “End kindly” click for his own pair")
    bo.click(ids.ADMIN_PAIR_ACTION, message=message, selected=f"end:{pair.id}")
    demo.flush()
    demo.narrate("nothing changed, and the refusal is in the audit log")

    demo.say(sam, "types /mentor admin announce and writes to all mentees")
    sam.command("admin announce")
    demo.flush()
    sam.submit(
        {
            ids.ADMIN_ANNOUNCE_TEXT: "Reminder: the spring cohort wraps up at the end of May. "
            "Set a goal with /mentor goal if you haven't yet!",
            ids.ADMIN_ANNOUNCE_AUDIENCE: "mentees",
        }
    )
    demo.flush()
    demo.narrate("the scheduler's paced dispatcher delivers the queued announcement DMs")

    demo.say(sam, "types /mentor admin export")
    sam.command("admin export")
    demo.flush(quiet=0.4)
