"""Refusals worded by code and state: what was refused, where the person truly stands, and a next
step that works there (bot.domain.journey decides the state; the service attaches its facts).

`refusal_words(err)` is what every refusal path answers (the router, `click`, `refusals`, form
errors): an `OutOfState` is worded here; any other refusal keeps its own message.
"""

from __future__ import annotations

from datetime import date

from bot.domain.errors import MentorshipError, OutOfState
from handlers.slack.format import day_token, mention, plain_day

# What was refused, by code (the state sentence follows, so these never guess the state).
REFUSED: dict[str, str] = {
    "no_mentorship": "",
    "log_no_pair": "There's no live mentorship to log a session for.",
    "goal_no_pair": "Goals belong to a live mentorship, so there's none to set right now.",
    "goals_no_pair": "",
    "feedback_no_pair": "There's no partner to send feedback to right now.",
    "end_no_pair": "There's no live mentorship to end.",
    "pause_no_pair": "There's no live mentorship to pause.",
    "resume_no_pair": "There's nothing to resume.",
    "pair_ended": "That mentorship has ended, so this can't change any more.",
    "pair_not_live": "That mentorship isn't live any more.",
    "remind_not_live": "There's no check-in to remind you of now.",
    "skip_not_live": "There's no check-in to skip now.",
}

# Where the person stands, by stage (placeholders: facts from bot.services.journey.facts_of).
STATES: dict[str, str] = {
    "newcomer": "You haven't joined the program yet.",
    "left": "You've left the program.",
    "waiting_mentee": "You don't have a mentor right now, and no request is waiting.",
    "waiting_mentor": "You're not mentoring anyone right now; mentees who fit can find you.",
    "request_sent": "Your request to {asked} is waiting for an answer.",
    "request_received": "{asked_by} has asked you to be their mentor; it's waiting for your answer.",
    "paired": "You and {partner} are paired, and your agreement isn't settled yet.",
    "active": "Your mentorship with {partner} is active.",
    "paused_until": "Your mentorship with {partner} is paused until {paused_until}.",
    "paused": "Your mentorship with {partner} is paused until one of you resumes.",
    "transition": "Your mentorship with {partner} is due to end on {end_date}.",
    "transition_conclude": "Your mentorship with {partner} concludes as planned on {end_date}.",
    "recently_ended": "Your mentorship with {partner} ended on {ended_on}.",
    "ended": "Your last mentorship, with {partner}, ended on {ended_on}.",
}

# A next step that works there, by action (bot.domain.journey.next_step_for).
NEXT: dict[str, str] = {
    "join": "Type `/mentor join` to create your profile.",
    "rejoin": "To come back, type `/mentor join`.",
    "find": "Type `/mentor find` to see mentors who fit you.",
    "wait_to_be_asked": "I'll DM you when a mentee asks you; keep your topics current with `/mentor profile`.",
    "wait_for_answer": "I'll DM you as soon as they answer; `/mentor status` shows what's waiting.",
    "answer_request": "Answer it with the Accept or Decline buttons in my DM or on your Home tab.",
    "agree": "Settle it with *Set up our agreement* in your group DM; `/mentor status` shows where it stands.",
    "resume": "Type `/mentor resume` to pick it up again.",
    "log_session": "Type `/mentor log` after your next session; `/mentor status` shows the rest.",
    "choose_transition": (
        "Choose how to go on (conclude as planned, extend, or continue informally) in the message I "
        "sent you; `/mentor status` shows it too."
    ),
    "thank_partner": (
        "You can still send them thanks or feedback with `/mentor feedback` until {grace_until}."
    ),
}
AFTER_GRACE_MENTEE = "When you're ready for another mentor, type `/mentor find`."
AFTER_GRACE_MENTOR = "I'll DM you when a new mentee asks you."


def _day(value: str | None, plain: bool) -> str:
    if not value:
        return ""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return ""
    return plain_day(day) if plain else day_token(day)


def _fill(template: str, facts: dict[str, str], plain: bool) -> str:
    values = {
        "partner": mention(facts["partner"]) if facts.get("partner") else "your partner",
        "asked": mention(facts["asked"]) if facts.get("asked") else "a mentor",
        "asked_by": mention(facts["asked_by"]) if facts.get("asked_by") else "A mentee",
    }
    for key in ("paused_until", "end_date", "ended_on", "grace_until"):
        values[key] = _day(facts.get(key), plain)
    return template.format(**values)


def state_key(stage: str, facts: dict[str, str]) -> str:
    """The STATES key for a stage and its facts."""
    mentee = facts.get("role") in ("mentee", "both")
    if stage == "waiting":
        return "waiting_mentee" if mentee else "waiting_mentor"
    if stage == "request_pending":
        return "request_sent" if facts.get("asked") else "request_received"
    if stage == "paused":
        return "paused_until" if facts.get("paused_until") else "paused"
    if stage == "transition":
        return "transition_conclude" if facts.get("choice") == "conclude" else "transition"
    return stage if stage in STATES else "active"


def state_sentence(stage: str, facts: dict[str, str], *, plain: bool = False) -> str:
    """Where the person stands, in one sentence."""
    return _fill(STATES[state_key(stage, facts)], facts, plain)


def next_sentence(facts: dict[str, str], *, plain: bool = False) -> str:
    """A next step that works in this state, in a sentence or two."""
    action = facts.get("next_action", "")
    text = (
        _fill(NEXT[action], facts, plain) if action in NEXT else "Type `/mentor help` to see what you can do."
    )
    if action == "thank_partner":
        mentee = facts.get("role") in ("mentee", "both")
        text = f"{text} {AFTER_GRACE_MENTEE if mentee else AFTER_GRACE_MENTOR}"
    return text


def state_words(err: OutOfState, *, plain: bool = False) -> str:
    """What was refused, where the person stands, and what works there."""
    parts = [
        REFUSED.get(err.code, ""),
        state_sentence(err.stage, err.facts, plain=plain),
        next_sentence(err.facts, plain=plain),
    ]
    return " ".join(p for p in parts if p)


def refusal_words(err: MentorshipError, *, plain: bool = False) -> str:
    """The words for any refusal: state-aware for OutOfState, else its own message."""
    if isinstance(err, OutOfState):
        return state_words(err, plain=plain)
    return err.user_message
