"""Services raise coded refusals: the code names the rule, the message stays as it was."""

from __future__ import annotations

import pytest

from bot.deps import Deps
from bot.domain.errors import InvalidInput, OutOfState
from bot.services import scheduling
from handlers.slack.states import refusal_words
from tests.support.factories import make_mentorship, make_person


def test_an_unknown_transition_choice_is_coded(deps: Deps) -> None:
    with pytest.raises(InvalidInput) as raised:
        scheduling.transition(deps, "T0EMULATOR", "U0ADA", 1, "vanish")
    assert raised.value.code == "unknown_choice"
    assert raised.value.user_message == "Unknown choice."


def test_reflection_scores_out_of_range_are_coded_with_their_fields(deps: Deps) -> None:
    with pytest.raises(InvalidInput) as raised:
        scheduling.save_reflection(deps, "T0EMULATOR", "U0ADA", 1, "midpoint", 9, None, "")
    assert raised.value.code == "answers_invalid"
    assert set(raised.value.fields) == {"progress", "relationship"}


def test_a_check_in_that_is_gone_is_coded(deps: Deps) -> None:
    with pytest.raises(Exception) as raised:
        scheduling.skip_checkin(deps, "T0EMULATOR", "U0ADA", 987654)
    assert getattr(raised.value, "code", None) == "checkin_gone"


def test_a_choice_on_a_concluded_mentorship_thanks_the_one_reader(deps: Deps) -> None:
    mentor = make_person(deps, "U0ADA", "mentor", name="Ada")
    mentee = make_person(deps, "U0BO", "mentee", name="Bo")
    pair = make_mentorship(deps, mentor, mentee, status="ended")
    with pytest.raises(OutOfState) as raised:
        scheduling.transition(deps, "T0EMULATOR", "U0BO", pair.id, "extend")
    assert raised.value.code == "pair_ended"
    words = refusal_words(raised.value)
    # Said to one person: "Thank you both!" addressed someone who isn't there.
    assert "both" not in words
    assert "ended" in words and "<@U0ADA>" in words
