"""Scene: a matching round, a mentee's own request (a kind no, then a yes), and each new pair
agreeing how they'll work together."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from devtools.demo import ADMIN_CHANNEL, action_values, text_lines
from devtools.demoscenes._helpers import dm_with, ephemeral_message, group_message, tick_once
from devtools.emulator.server import Message
from devtools.slack_markup import Reader
from handlers.slack import ids

if TYPE_CHECKING:
    from devtools.demo import Demo
    from devtools.emulator import Person

KAI_TO_ADA = (
    "Hi Ada! Your talk on data platforms is the reason I got into data engineering. I'm moving our "
    "reporting pipelines onto Kubernetes and would love a mentor to sanity-check my designs."
)
KAI_TO_LINUS = (
    "Hi Linus! I run our analytics pipelines and we're moving them to Kubernetes. I'd love your eye "
    "on how we deploy and debug them; an hour every two weeks would mean a lot."
)
ADA_NOTE = (
    "Thank you, Kai, that's kind! My plate is full this quarter, so I can't give you the time you deserve. "
    "Linus knows Kubernetes far better than I do; ask him."
)


def _person_id(demo: Demo, who: Person) -> str:
    with demo.deps.uow() as uow:
        record = uow.people.by_slack_id(demo.ws.team_id, who.id)
        return str(record.id) if record is not None else ""


def _request(demo: Demo, kai: Person, mentor: Person, suggestions: Message | None, note: str) -> bool:
    """Kai clicks [Request <mentor>] in a list of suggestions and writes his message."""
    value = _person_id(demo, mentor)
    if suggestions is None or value not in action_values(suggestions.blocks, ids.FIND_REQUEST):
        return False
    demo.say(kai, f"clicks [Request {mentor.name.split(' ')[0]}] and writes a personal message")
    kai.click(ids.FIND_REQUEST, message=suggestions, value=value)
    demo.flush()
    demo.submit(kai, {ids.REQUEST_MESSAGE: note})
    return True


def _agree(demo: Demo, proposer: Person, partner: Person, values: dict[str, Any], why: str) -> None:
    message = group_message(demo, proposer, partner, ids.AGREEMENT_OPEN)
    if message is None:
        return
    demo.say(proposer, f"clicks [Set up our agreement] in their group DM and {why}")
    proposer.click(ids.AGREEMENT_OPEN, message=message)
    demo.flush()
    demo.submit(proposer, {**values, ids.AGREEMENT_CONFIDENTIAL: ["yes"]})


def _confirm(demo: Demo, who: Person, partner: Person) -> None:
    message = group_message(demo, who, partner, ids.AGREEMENT_CONFIRM)
    if message is None:
        return
    demo.say(who, "clicks [Confirm]")
    who.click(ids.AGREEMENT_CONFIRM, message=message)
    demo.flush()


def _when_you_can_meet(demo: Demo, mentor: Person, mentee: Person) -> None:
    """Quote the intro's advice on meeting (shared local hours, or a caution with a suggestion)."""
    intro = group_message(demo, mentor, mentee, ids.AGREEMENT_OPEN)
    if intro is None:
        return
    lines = text_lines(intro.blocks, intro.text, Reader(demo.directory, demo.now(), "UTC"))
    for heading in ("When you can meet", "Worth knowing"):
        if heading in lines and lines.index(heading) + 1 < len(lines):
            advice = lines[lines.index(heading) + 1]
            first = (mentor.name.split(" ")[0], mentee.name.split(" ")[0])
            demo.narrate(f"{first[0]} and {first[1]}'s intro, “{heading}”: {advice}")


def run(demo: Demo) -> None:
    """Sam runs and approves a round; Kai asks mentors himself; every pair agrees its terms."""
    ada, grace, linus = demo.person("Ada"), demo.person("Grace"), demo.person("Linus")
    bo, maya, kai, sam = demo.person("Bo"), demo.person("Maya"), demo.person("Kai"), demo.person("Sam")

    demo.later(days=1, hour=10)
    demo.title("A matching round")
    demo.say(bo, "tries /mentor admin match (he isn't an admin)")
    demo.command(bo, "admin match")
    demo.say(sam, "types /mentor admin match")
    demo.command(sam, "admin match")
    proposals = demo.messages_with(ADMIN_CHANNEL, ids.ROUND_APPROVE)
    if proposals:
        proposal = copy.deepcopy(proposals[-1])
        demo.say(sam, "reviews the proposal and clicks [Approve and introduce]")
        sam.click(ids.ROUND_APPROVE, message=proposal)
        demo.flush()
        demo.say(sam, "clicks [Approve and introduce] again, by mistake")
        sam.click(ids.ROUND_APPROVE, message=proposal)
        demo.flush()
        for mentor, mentee in ((ada, bo), (grace, maya)):
            _when_you_can_meet(demo, mentor, mentee)
        demo.say(bo, "opens the Home tab, paired with Ada but with no agreement yet")
        demo.open_home(bo)

    demo.later(hours=3)
    demo.title("A mentee asks for a mentor")
    demo.say(kai, "types /mentor join and joins as a mentee wanting Kubernetes, data pipelines and Python")
    demo.command(kai, "join")
    demo.submit(
        kai,
        {
            ids.PROFILE_ROLE: "mentee",
            ids.PROFILE_WANTS: "Kubernetes, data pipelines, Python",
            ids.PROFILE_REASONS: ["skills"],
            ids.PROFILE_DEPARTMENT: "Analytics",
            ids.PROFILE_CADENCE: "biweekly",
            ids.PROFILE_INTRO: "Data analyst turning into a data engineer.",
        },
    )
    demo.say(kai, "types /mentor find")
    demo.command(kai, "find")
    suggestions = ephemeral_message(kai)
    if _request(demo, kai, ada, suggestions, KAI_TO_ADA):
        request = dm_with(ada, ids.REQUEST_DECLINE)
        if request is not None:
            demo.later(days=1, hour=9)
            demo.say(ada, "opens the Home tab while a request is waiting for her answer")
            demo.open_home(ada)
            demo.say(ada, "clicks [Decline] and leaves a kind note")
            ada.click(ids.REQUEST_DECLINE, message=request)
            demo.flush()
            demo.submit(ada, {ids.DECLINE_NOTE: ADA_NOTE})
        suggestions = dm_with(kai, ids.FIND_REQUEST) or suggestions
    if not _request(demo, kai, linus, suggestions, KAI_TO_LINUS):
        demo.say(kai, "types /mentor find again")
        demo.command(kai, "find")
        _request(demo, kai, linus, ephemeral_message(kai), KAI_TO_LINUS)
    request = dm_with(linus, ids.REQUEST_ACCEPT)
    if request is not None:
        demo.later(days=1, hour=8)
        demo.say(linus, "clicks [Accept]")
        linus.click(ids.REQUEST_ACCEPT, message=request)
        demo.flush()

    demo.later(hour=14)
    demo.title("Each pair agrees how they'll work together")
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
        "proposes their terms",
    )
    _confirm(demo, bo, ada)
    demo.later(hours=1)
    _agree(
        demo,
        maya,
        grace,
        {
            ids.AGREEMENT_CADENCE: "weekly",
            ids.AGREEMENT_FORMAT: "video",
            ids.AGREEMENT_BOUNDARIES: "Mornings New York time only.",
        },
        "proposes meeting every week",
    )
    change = group_message(demo, grace, maya, ids.AGREEMENT_CHANGE)
    if change is not None:
        demo.later(hours=1)
        demo.say(grace, "clicks [Suggest a change]: weekly is too much for her, every two weeks works")
        grace.click(ids.AGREEMENT_CHANGE, message=change)
        demo.flush()
        demo.submit(grace, {ids.AGREEMENT_CADENCE: "biweekly", ids.AGREEMENT_CONFIDENTIAL: ["yes"]})
    demo.later(days=1, hour=5)
    _confirm(demo, maya, grace)
    demo.later(hour=10)
    _agree(
        demo,
        kai,
        linus,
        {ids.AGREEMENT_CADENCE: "biweekly", ids.AGREEMENT_FORMAT: "video"},
        "proposes meeting every two weeks by video",
    )
    _confirm(demo, linus, kai)
    tick_once(demo)  # the calendar files go out on the scheduler's next tick
