"""Refusals worded by code and state: what was refused, where the person stands, what works there."""

from __future__ import annotations

import pytest

from bot.domain.errors import NotFound, OutOfState
from handlers.slack.states import NEXT, STATES, refusal_words, state_key

FACTS = {
    "partner": "U0BO",
    "asked": "U0BO",
    "asked_by": "U0CY",
    "paused_until": "2026-12-20",
    "end_date": "2027-01-10",
    "ended_on": "2026-11-28",
    "grace_until": "2026-12-28",
}


@pytest.mark.parametrize(
    ("stage", "facts", "expected"),
    [
        ("waiting", {"role": "mentee"}, "waiting_mentee"),
        ("waiting", {"role": "mentor"}, "waiting_mentor"),
        ("request_pending", {"asked": "U0BO"}, "request_sent"),
        ("request_pending", {"asked_by": "U0CY"}, "request_received"),
        ("paused", {"paused_until": "2026-12-20"}, "paused_until"),
        ("paused", {}, "paused"),
        ("transition", {}, "transition"),
        ("transition", {"choice": "conclude"}, "transition_conclude"),
        ("recently_ended", {}, "recently_ended"),
        ("left", {}, "left"),
    ],
)
def test_the_state_sentence_follows_the_facts(stage: str, facts: dict[str, str], expected: str) -> None:
    assert state_key(stage, facts) == expected


def test_a_refusal_after_an_end_names_the_end_the_partner_and_the_grace() -> None:
    err = OutOfState(
        "fallback",
        code="log_no_pair",
        stage="recently_ended",
        facts={**FACTS, "role": "mentee", "next_action": "thank_partner", "next_command": "/mentor feedback"},
    )
    words = refusal_words(err)
    assert words.startswith("There's no live mentorship to log a session for.")
    assert "Your mentorship with <@U0BO> ended on <!date^" in words
    assert "`/mentor feedback` until <!date^" in words and "/mentor find" in words
    assert "yet" not in words


def test_plain_words_for_modal_errors_carry_no_tokens() -> None:
    err = OutOfState("x", code="pair_ended", stage="ended", facts={**FACTS, "next_action": "find"})
    words = refusal_words(err, plain=True)
    assert "<!date" not in words and "Sat 28 Nov 2026" in words


def test_other_refusals_keep_their_own_message() -> None:
    assert refusal_words(NotFound("Gone.")) == "Gone."


@pytest.mark.parametrize("key", sorted(STATES))
def test_every_state_sentence_fills_from_the_facts(key: str) -> None:
    assert "{" not in STATES[key].format(
        partner="p", asked="a", asked_by="b", paused_until="d", end_date="d", ended_on="d", grace_until="d"
    )


@pytest.mark.parametrize("action", sorted(NEXT))
def test_every_next_step_names_a_real_command_or_button(action: str) -> None:
    assert "`/mentor " in NEXT[action] or "button" in NEXT[action] or "message I sent" in NEXT[action]
