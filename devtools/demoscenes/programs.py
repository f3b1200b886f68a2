"""Scene: a second program in the same workspace, "New-hire buddies", run beside the first."""

from __future__ import annotations

import copy
import json
from typing import TYPE_CHECKING, Any

from devtools.demo import action_values
from devtools.demoscenes._helpers import ephemeral_message
from handlers.slack import ids

if TYPE_CHECKING:
    from devtools.demo import Demo

BUDDIES_ADMIN = "C0BUDADMIN"  # as devtools.demo.BUDDIES_ADMIN_CHANNEL
BUDDIES = "C0BUDDIES"


def run(demo: Demo) -> None:
    """Sam creates a second program with its own channels; Ada joins it too (one identity, two
    memberships), Noor joins as a new hire; Nia runs its round in its own admin channel; Ada's Home
    shows both programs; the workspace overview; each admin channel reports its own program only."""
    sam, ada, noor, nia = demo.person("Sam"), demo.person("Ada"), demo.person("Noor"), demo.person("Nia")
    demo.later(days=2, hour=9)
    demo.title("A second program: New-hire buddies")

    demo.say(sam, "types /mentor admin program new and sets up New-hire buddies with its own channels")
    demo.command(sam, "admin program new")
    demo.submit(
        sam,
        {
            ids.ADMIN_PROGRAM_NAME: "New-hire buddies",
            ids.ADMIN_PROGRAM_KEY: "mentoring",
            ids.ADMIN_PROGRAM_ADMIN_CHANNEL: BUDDIES_ADMIN,
            ids.ADMIN_PROGRAM_CHANNEL: BUDDIES,
        },
    )
    demo.say(sam, "the key is taken by the first program: picks buddies")
    demo.submit(
        sam,
        {
            ids.ADMIN_PROGRAM_NAME: "New-hire buddies",
            ids.ADMIN_PROGRAM_KEY: "buddies",
            ids.ADMIN_PROGRAM_ADMIN_CHANNEL: BUDDIES_ADMIN,
            ids.ADMIN_PROGRAM_CHANNEL: BUDDIES,
        },
    )
    demo.say(sam, "types /mentor admin program list")
    demo.command(sam, "admin program list")

    demo.say(noor, "a new hire, joins #new-hire-buddies and is invited to that program")
    noor.join_channel(BUDDIES)
    demo.flush()
    demo.say(noor, "types /mentor join buddies and asks for a buddy")
    demo.command(noor, "join buddies")
    demo.submit(
        noor,
        {
            ids.PROFILE_ROLE: "mentee",
            ids.PROFILE_WANTS: "onboarding, python, how things work here",
            ids.PROFILE_DEPARTMENT: "Platform",
            ids.PROFILE_CADENCE: "weekly",
        },
    )

    demo.say(ada, "types /mentor join: she is in one program, and two are open, so the bot asks which")
    demo.command(ada, "join")
    picker = ephemeral_message(ada)
    buddies = _pick_value(demo, picker.blocks if picker else [], "buddies")
    if picker is not None and buddies is not None:
        demo.say(
            ada, "picks New-hire buddies: the form shows her shared details once, the rest for this program"
        )
        ada.click(ids.PROGRAM_PICK, message=picker, value=buddies)
        demo.flush()
        demo.submit(
            ada,
            {
                ids.PROFILE_ROLE: "mentor",
                ids.PROFILE_OFFERS: "onboarding, python",
                ids.PROFILE_CAPACITY: "1",
                ids.PROFILE_CADENCE: "weekly",
            },
        )

    demo.say(nia, "an admin of New-hire buddies only, types /mentor admin match in #buddies-admins")
    demo.reply(nia.command("admin match", channel=BUDDIES_ADMIN, channel_name="buddies-admins"), nia)
    proposals = demo.messages_with(BUDDIES_ADMIN, ids.ROUND_APPROVE)
    if proposals:
        demo.say(nia, "approves: only this program's people were proposed")
        nia.click(ids.ROUND_APPROVE, message=copy.deepcopy(proposals[-1]))
        demo.flush()
    demo.say(nia, "tries /mentor admin report in #mentorship-admins, another program's channel")
    demo.reply(nia.command("admin report", channel="C0ADMINS", channel_name="mentorship-admins"), nia)
    demo.say(nia, "types /mentor admin report in #buddies-admins: New-hire buddies only")
    demo.reply(nia.command("admin report", channel=BUDDIES_ADMIN, channel_name="buddies-admins"), nia)

    demo.say(ada, "opens her Home tab, with one section per program and her load across both")
    demo.open_home(ada)
    demo.say(sam, "a workspace admin, types /mentor admin overview")
    demo.command(sam, "admin overview")


def _pick_value(demo: Demo, blocks: list[dict[str, Any]], key: str) -> str | None:
    """The value of the picker's button for the program with this key (the bot's own value)."""
    with demo.deps.uow(read_only=True) as uow:
        program = uow.programs.by_key(demo.ws.team_id, key)
    for value in action_values(blocks, ids.PROGRAM_PICK):
        if program is not None and json.loads(value).get("p") == program.id:
            return value
    return None
