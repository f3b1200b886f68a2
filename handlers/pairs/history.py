"""A person's state and history in words: the state sentence, past mentorships ("with Bo,
2 Mar 2026 – 1 Sep 2026, 2 goals achieved") and the next step. Shown by `/mentor status`,
`/mentor goals` and the Home tab when there is no live mentorship to show instead."""

from __future__ import annotations

from bot.services.journey import HistoryEntry, Journey, facts_of
from handlers.pairs import texts as t
from handlers.pairs.forms import Block
from handlers.slack import kit
from handlers.slack.format import day_token, mention, plural
from handlers.slack.states import next_sentence, state_sentence

MAX_HISTORY = 5


def history_line(entry: HistoryEntry) -> str:
    """One past (or live) mentorship in a line."""
    end = day_token(entry.ended_on) if entry.ended_on is not None else t.HISTORY_LIVE_END
    goals = t.HISTORY_GOALS.format(achieved=plural(entry.goals_achieved, "goal")) if entry.goals_total else ""
    return t.HISTORY_LINE.format(
        partner=mention(entry.partner.slack_id),
        role=t.ROLE_OF_PARTNER[entry.role],
        start=day_token(entry.started_on),
        end=end,
        goals=goals,
    )


def state_text(journey: Journey) -> str:
    """Where the person stands, in one sentence."""
    return state_sentence(journey.stage.value, facts_of(journey))


def next_text(journey: Journey) -> str:
    """A next step that works where the person stands."""
    return next_sentence(facts_of(journey))


def history_blocks(journey: Journey, *, ended_only: bool = True) -> list[Block]:
    """The person's mentorships so far (ended ones only by default), most recent first."""
    entries = [h for h in journey.history if h.status == "ended" or not ended_only][:MAX_HISTORY]
    if not entries:
        return []
    return [kit.section(t.HISTORY_HEADER + "\n" + "\n".join(history_line(h) for h in entries))]


def journey_blocks(journey: Journey) -> list[Block]:
    """The state sentence, the history and the next step, as blocks."""
    return [kit.section(state_text(journey)), *history_blocks(journey), kit.section(next_text(journey))]
