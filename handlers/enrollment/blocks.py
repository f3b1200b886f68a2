"""The profile modal and its parser, the profile summary, the invitation and the help overview."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from bot.domain.profiles import CADENCES, FORMATS, MAX_INTRO, REASONS, ProfileInput
from handlers.slack import ids, kit, texts
from handlers.slack.format import esc, first_name, topics_text

FIELD_BLOCKS = {
    "role": ids.PROFILE_ROLE,
    "offers": ids.PROFILE_OFFERS,
    "wants": ids.PROFILE_WANTS,
    "reasons": ids.PROFILE_REASONS,
    "department": ids.PROFILE_DEPARTMENT,
    "capacity": ids.PROFILE_CAPACITY,
    "cadence": ids.PROFILE_CADENCE,
    "formats": ids.PROFILE_FORMATS,
    "intro": ids.PROFILE_INTRO,
}


def build_profile_modal(
    person: Any | None,
    *,
    default_cadence: str = "biweekly",
    timezone: str | None = None,
    shared: Any | None = None,
) -> dict[str, Any]:
    """Build the profile modal, prefilled from an existing profile when there is one.

    With `shared` (bot.services.enrollment.ProfileContext) the modal names the program it is for
    when there are several, and prefills the part every program shares (department, shout-outs)
    from the person's identity: filled in once, it is the same in each program.
    """
    joined = person is not None and person.role is not None
    p: Any = person
    role = p.role if joined else None
    department = p.department if joined else (shared.department if shared is not None else None)
    shout = p.public_shoutouts if joined else bool(shared is not None and shared.public_shoutouts)
    head: list[dict[str, Any]] = []
    if shared is not None and shared.several:
        head = [
            kit.section(texts.PROFILE_PROGRAM.format(program=esc(shared.program_name))),
            kit.context(texts.PROFILE_SHARED_NOTE),
        ]
    blocks = [
        *head,
        kit.input_block(
            ids.PROFILE_ROLE,
            "I want to be a…",
            kit.radio(
                ids.PROFILE_ROLE,
                [
                    ("mentor", "Mentor: I'll share what I know"),
                    ("mentee", "Mentee: I want to grow"),
                    ("both", "Both"),
                ],
                initial=role,
            ),
        ),
        kit.input_block(
            ids.PROFILE_OFFERS,
            "Topics I can help with",
            kit.text_input(
                ids.PROFILE_OFFERS,
                initial=", ".join(p.offers) if joined else None,
                multiline=True,
                max_length=1000,
                placeholder="e.g. python, public speaking, career change",
            ),
            optional=True,
            hint="For mentors. Separate topics with commas.",
        ),
        kit.input_block(
            ids.PROFILE_WANTS,
            "Topics I want to grow in",
            kit.text_input(
                ids.PROFILE_WANTS,
                initial=", ".join(p.wants) if joined else None,
                multiline=True,
                max_length=1000,
                placeholder="e.g. leadership, system design",
            ),
            optional=True,
            hint="For mentees. Separate topics with commas.",
        ),
        kit.input_block(
            ids.PROFILE_REASONS,
            "Why I want mentorship",
            kit.checkboxes(ids.PROFILE_REASONS, list(REASONS.items()), initial=p.reasons if joined else ()),
            optional=True,
        ),
        kit.input_block(
            ids.PROFILE_DEPARTMENT,
            "Department",
            kit.text_input(ids.PROFILE_DEPARTMENT, initial=department or None, max_length=80),
            optional=True,
        ),
        kit.input_block(
            ids.PROFILE_CAPACITY,
            "How many mentees can you take? (mentors)",
            kit.number_input(ids.PROFILE_CAPACITY, initial=p.capacity if joined else 1, minimum=1, maximum=5),
            optional=True,
            hint="From 1 to 5.",
        ),
        kit.input_block(
            ids.PROFILE_CADENCE,
            "How often would you like to meet?",
            kit.static_select(
                ids.PROFILE_CADENCE,
                list(CADENCES.items()),
                initial=p.cadence if joined else default_cadence,
            ),
        ),
        kit.input_block(
            ids.PROFILE_FORMATS,
            "Preferred format",
            kit.checkboxes(
                ids.PROFILE_FORMATS, list(FORMATS.items()), initial=p.formats if joined else ("video",)
            ),
            optional=True,
        ),
        kit.input_block(
            ids.PROFILE_INTRO,
            "A short intro",
            kit.text_input(
                ids.PROFILE_INTRO,
                initial=p.intro if joined else None,
                multiline=True,
                max_length=MAX_INTRO,
                placeholder="What you do, what you're curious about",
            ),
            optional=True,
        ),
        kit.input_block(
            ids.PROFILE_SHOUTOUTS,
            "Celebrations",
            kit.checkboxes(
                ids.PROFILE_SHOUTOUTS,
                [("yes", "Celebrate our milestones in the public channel")],
                initial=("yes",) if shout else (),
            ),
            optional=True,
        ),
    ]
    if shared is not None:
        blocks[-1:-1] = [*question_blocks(shared.questions, shared.answers), avoid_block(shared.avoided)]
    if timezone:
        blocks.append(kit.context(f"Your time zone comes from your Slack profile: {esc(timezone)}."))
    title = texts.PROFILE_TITLE_EDIT if joined else texts.PROFILE_TITLE_JOIN
    return kit.modal(
        ids.PROFILE_MODAL,
        title,
        blocks,
        submit="Save",
        private_metadata=json.dumps({"tz": timezone} if timezone else {}),
    )


def question_blocks(questions: Sequence[Any], answers: Mapping[str, Sequence[str]]) -> list[dict[str, Any]]:
    """One optional input per custom question of the program, prefilled with the person's answer."""
    blocks: list[dict[str, Any]] = []
    for q in questions:
        block_id = ids.PROFILE_QUESTION_PREFIX + q.key
        chosen = [v for v in answers.get(q.key, []) if v in {oid for oid, _ in q.options}]
        if q.kind == "multiple":
            element = kit.multi_static_select(block_id, list(q.options), initial=chosen)
        else:
            element = kit.static_select(block_id, list(q.options), initial=chosen[0] if chosen else None)
        blocks.append(kit.input_block(block_id, q.label, element, optional=True))
    return blocks


def avoid_block(avoided: Sequence[str]) -> dict[str, Any]:
    """The private "don't pair me with" list (shared by all programs)."""
    return kit.input_block(
        ids.PROFILE_AVOID,
        "Don't pair me with… (private)",
        kit.multi_users_select(ids.PROFILE_AVOID, initial=avoided),
        optional=True,
        hint=texts.PROFILE_AVOID_HINT,
    )


def parse_answers(state: dict[str, Any]) -> dict[str, list[str]]:
    """The custom questions' answers in a submitted profile: key -> option ids."""
    values = state.get("values") if isinstance(state, dict) else None
    found: dict[str, list[str]] = {}
    for block_id in values if isinstance(values, dict) else {}:
        if not str(block_id).startswith(ids.PROFILE_QUESTION_PREFIX):
            continue
        value = kit.state_value(state, block_id)
        picked = value if isinstance(value, list) else ([value] if value else [])
        found[str(block_id)[len(ids.PROFILE_QUESTION_PREFIX) :]] = [str(v) for v in picked]
    return found


def parse_avoid(state: dict[str, Any]) -> list[str] | None:
    """The submitted "don't pair me with" list (None when the form had no such field)."""
    values = state.get("values") if isinstance(state, dict) else None
    if not isinstance(values, dict) or ids.PROFILE_AVOID not in values:
        return None
    value = kit.state_value(state, ids.PROFILE_AVOID)
    return [str(u) for u in value] if isinstance(value, list) else []


def parse_profile(state: dict[str, Any]) -> ProfileInput:
    """Read the profile modal's state into raw profile input."""

    def text(block: str) -> str:
        value = kit.state_value(state, block)
        return str(value) if value else ""

    return ProfileInput(
        role=kit.state_value(state, ids.PROFILE_ROLE),
        offers_text=text(ids.PROFILE_OFFERS),
        wants_text=text(ids.PROFILE_WANTS),
        reasons=tuple(kit.state_value(state, ids.PROFILE_REASONS) or ()),
        department=text(ids.PROFILE_DEPARTMENT),
        capacity=kit.state_value(state, ids.PROFILE_CAPACITY),
        cadence=kit.state_value(state, ids.PROFILE_CADENCE),
        formats=tuple(kit.state_value(state, ids.PROFILE_FORMATS) or ()),
        intro=text(ids.PROFILE_INTRO),
        public_shoutouts="yes" in (kit.state_value(state, ids.PROFILE_SHOUTOUTS) or ()),
    )


def profile_fields(person: Any) -> list[str]:
    """Return the profile as short mrkdwn fields (user text escaped)."""
    fields = [f"*Role*\n{texts.ROLE_LABELS.get(person.role, '—')}"]
    if person.role in ("mentor", "both"):
        fields.append(f"*Can help with*\n{topics_text(person.offers)}")
        fields.append(f"*Mentees at a time*\n{person.capacity}")
    if person.role in ("mentee", "both"):
        fields.append(f"*Wants to grow in*\n{topics_text(person.wants)}")
    if person.reasons:
        fields.append("*Why*\n" + ", ".join(REASONS.get(r, r) for r in person.reasons))
    fields.append(f"*Meets*\n{CADENCES.get(person.cadence, person.cadence)}")
    fields.append("*Format*\n" + (", ".join(FORMATS.get(f, f) for f in person.formats) or "—"))
    fields.append(f"*Department*\n{esc(person.department) or '—'}")
    fields.append(f"*Time zone*\n{esc(person.timezone)}")
    return fields[:10]


def build_profile_summary(person: Any, *, first: bool, program: str | None = None) -> list[dict[str, Any]]:
    """Build the confirmation DM: the profile, what happens next, and an Edit button (`program`:
    the program's name, said when the person is in several)."""
    name = first_name(person.name)
    if first:
        greeting = (
            texts.PROFILE_SAVED_PROGRAM.format(program=esc(program), name=name)
            if program
            else texts.PROFILE_SAVED_FIRST.format(name=name)
        )
    else:
        greeting = texts.PROFILE_SAVED_AGAIN + (f" ({esc(program)})" if program else "")
    blocks = [kit.section(greeting), kit.section("Your profile", fields=profile_fields(person))]
    if person.intro:
        blocks.append(kit.section("*Intro*\n" + esc(person.intro)))
    nxt = texts.PROFILE_NEXT_MENTEE if person.role in ("mentee", "both") else texts.PROFILE_NEXT_MENTOR
    blocks.append(kit.section(nxt))
    blocks.append(kit.actions(kit.button(texts.PROFILE_EDIT_BUTTON, ids.PROFILE_OPEN, "edit")))
    return kit.message_blocks(blocks)


def build_invite(
    name: str, display: str | None = None, *, program: tuple[str, int] | None = None
) -> list[dict[str, Any]]:
    """Build the invitation DM for someone who joined a program's channel (greeted by first name);
    with several programs it names the program (name, id) and its button joins that one."""
    blocks = [kit.section(texts.INVITE_TEXT.format(name=first_name(name, display)))]
    value = "join"
    if program is not None:
        blocks.append(kit.context(texts.INVITE_PROGRAM.format(program=esc(program[0]))))
        value = f"join:{program[1]}"
    blocks.append(kit.actions(kit.button(texts.INVITE_BUTTON, ids.PROFILE_OPEN, value, style="primary")))
    return blocks
