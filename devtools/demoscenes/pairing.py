"""Demo scene: an admin matching round, a mentee's own request (a kind no, then a yes), and
each new pair setting up its agreement."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from devtools.demo import ADMIN_CHANNEL
from devtools.demoscenes._setup import ensure_joined, find_pair
from devtools.emulator.server import BOT_USER_ID, Message
from handlers.slack import ids

if TYPE_CHECKING:
    from devtools.demo import Demo
    from devtools.emulator import Person

KAI_MESSAGE = (
    "Hi Ada! Your talk on data platforms is the reason I got into data engineering. I'm moving our "
    "reporting pipelines onto Kubernetes and would love a mentor to sanity-check my designs."
)
KAI_TO_LINUS = (
    "Hi Linus! I run our analytics pipelines and we're moving them to Kubernetes. I'd love your eye "
    "on how we deploy and debug them; an hour every two weeks would mean a lot."
)
ADA_NOTE = (
    "Thank you, Kai, that's kind! My plate is full this quarter, so I can't give you the time you deserve. Linus knows "
    "Kubernetes far better than I do; ask him."
)


def _has_button(message: Message, action_id: str) -> bool:
    for block in message.blocks:
        elements = list(block.get("elements", []) or [])
        if "accessory" in block:
            elements.append(block["accessory"])
        if any(isinstance(e, dict) and e.get("action_id") == action_id for e in elements):
            return True
    return False


def _ephemeral(who: Person) -> Message:
    last: dict[str, Any] = who.last_ephemeral()
    return Message(
        "C0GENERAL", "0.000001", str(last.get("text") or ""), list(last.get("blocks") or []), BOT_USER_ID
    )


def _group_message(demo: Demo, a: Person, b: Person, action_id: str) -> Message:
    found: list[Message] = demo.fake.wait_for(
        lambda: [m for m in demo.fake.group_dms_with(a.id, b.id) if _has_button(m, action_id)]
    )
    return copy.deepcopy(found[-1])


def _agree(demo: Demo, proposer: Person, confirmer: Person, values: dict[str, Any]) -> None:
    demo.say(proposer, "clicks [Set up our agreement] in their group DM")
    proposer.click(ids.AGREEMENT_OPEN, message=_group_message(demo, proposer, confirmer, ids.AGREEMENT_OPEN))
    demo.flush()
    demo.say(proposer, "proposes how they'll work together")
    proposer.submit({**values, ids.AGREEMENT_CONFIDENTIAL: ["yes"]})
    demo.flush()


def _confirm(demo: Demo, who: Person, partner: Person) -> None:
    demo.say(who, "clicks [Confirm]")
    who.click(ids.AGREEMENT_CONFIRM, message=_group_message(demo, who, partner, ids.AGREEMENT_CONFIRM))
    demo.flush()


def run(demo: Demo) -> None:
    """Sam runs and approves a round; Kai requests mentors himself; every pair agrees its terms."""
    demo.title("2. Pairing: a matching round, a mentee's own request, and the agreement")
    ada, grace, linus = demo.person("Ada"), demo.person("Grace"), demo.person("Linus")
    bo, maya, kai, sam = demo.person("Bo"), demo.person("Maya"), demo.person("Kai"), demo.person("Sam")
    ensure_joined(demo, ada, "mentor", ("python", "system design", "public speaking", "career growth"))
    ensure_joined(demo, grace, "mentor", ("leadership", "management", "compilers", "public speaking"))
    ensure_joined(demo, linus, "mentor", ("kubernetes", "linux", "code review", "python"))
    ensure_joined(demo, bo, "mentee", ("system design", "python", "career growth"))
    ensure_joined(demo, maya, "mentee", ("ux research", "public speaking", "leadership"))

    demo.say(bo, "tries /mentor admin match (he isn't an admin)")
    bo.command("admin match")
    demo.flush()

    demo.say(sam, "types /mentor admin match")
    sam.command("admin match")
    demo.flush()
    proposals = [m for m in demo.fake.messages_in(ADMIN_CHANNEL) if _has_button(m, ids.ROUND_APPROVE)]
    proposal = copy.deepcopy(proposals[-1])
    demo.say(sam, "reviews the proposal and clicks [Approve and introduce]")
    sam.click(ids.ROUND_APPROVE, message=proposal)
    demo.flush()
    demo.say(sam, "clicks [Approve and introduce] again, by mistake")
    sam.click(ids.ROUND_APPROVE, message=proposal)
    demo.flush()
    demo.narrate("nothing was created twice: each pair got exactly one introduction")

    for mentor, mentee in ((ada, bo), (grace, maya)):
        if find_pair(demo, mentor, mentee) is None:
            demo.narrate(f"the engine did not pair {mentee.name} with {mentor.name} this time")
    if find_pair(demo, ada, bo) is not None:
        _agree(
            demo,
            ada,
            bo,
            {
                ids.AGREEMENT_CADENCE: "biweekly",
                ids.AGREEMENT_FORMAT: "video",
                ids.AGREEMENT_BOUNDARIES: "Career and design topics; no code reviews of Bo's team work.",
                ids.AGREEMENT_NOTES: "We'll keep a shared doc with goals and takeaways.",
            },
        )
        _confirm(demo, bo, ada)
    if find_pair(demo, grace, maya) is not None:
        _agree(
            demo,
            maya,
            grace,
            {
                ids.AGREEMENT_CADENCE: "weekly",
                ids.AGREEMENT_FORMAT: "video",
                ids.AGREEMENT_BOUNDARIES: "Mornings New York time only.",
            },
        )
        demo.say(grace, "clicks [Suggest a change]: weekly is too much for her, every two weeks works")
        grace.click(ids.AGREEMENT_CHANGE, message=_group_message(demo, grace, maya, ids.AGREEMENT_CHANGE))
        demo.flush()
        grace.submit({ids.AGREEMENT_CADENCE: "biweekly", ids.AGREEMENT_CONFIDENTIAL: ["yes"]})
        demo.flush()
        _confirm(demo, maya, grace)

    demo.say(kai, "joins as a mentee wanting kubernetes, data pipelines and python")
    kai.command("join")
    kai.submit(
        {
            ids.PROFILE_ROLE: "mentee",
            ids.PROFILE_WANTS: "Kubernetes, data pipelines, Python",
            ids.PROFILE_REASONS: ["skills"],
            ids.PROFILE_DEPARTMENT: "Analytics",
            ids.PROFILE_CADENCE: "biweekly",
            ids.PROFILE_INTRO: "Data analyst turning into a data engineer.",
        }
    )
    demo.flush()
    demo.say(kai, "types /mentor find")
    kai.command("find")
    demo.flush()
    suggestions = _ephemeral(kai)
    ada_record = ensure_joined(demo, ada, "mentor", ())
    if _has_button(suggestions, ids.FIND_REQUEST) and any(
        e.get("value") == str(ada_record.id)
        for b in suggestions.blocks
        for e in [b.get("accessory") or {}]
        if e.get("action_id") == ids.FIND_REQUEST
    ):
        demo.say(kai, "admires Ada's work and clicks [Request Ada]")
        kai.click(ids.FIND_REQUEST, message=suggestions, value=str(ada_record.id))
        demo.flush()
        demo.say(kai, "writes a personal message and sends it")
        kai.submit({ids.REQUEST_MESSAGE: KAI_MESSAGE})
        demo.flush()
        demo.say(ada, "clicks [Decline] and leaves a kind note")
        ada.click(ids.REQUEST_DECLINE, message=ada.last_dm(containing="would like you to be their mentor"))
        demo.flush()
        ada.submit({ids.DECLINE_NOTE: ADA_NOTE})
        demo.flush()
        suggestions = kai.last_dm(containing="Next suggestion")
    linus_record = ensure_joined(demo, linus, "mentor", ())
    demo.say(kai, "clicks [Request Linus]")
    kai.click(ids.FIND_REQUEST, message=suggestions, value=str(linus_record.id))
    demo.flush()
    kai.submit({ids.REQUEST_MESSAGE: KAI_TO_LINUS})
    demo.flush()
    demo.say(linus, "clicks [Accept]")
    linus.click(ids.REQUEST_ACCEPT, message=linus.last_dm(containing="would like you to be their mentor"))
    demo.flush()
    _agree(demo, kai, linus, {ids.AGREEMENT_CADENCE: "biweekly", ids.AGREEMENT_FORMAT: "video"})
    _confirm(demo, linus, kai)

    demo.say(kai, "opens the App Home tab")
    kai.open_home()
    demo.flush()
