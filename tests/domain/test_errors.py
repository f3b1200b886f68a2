"""Every refusal carries a stable code beside its message, so the edge can word it by code."""

from __future__ import annotations

import pytest

from bot.domain.errors import InvalidInput, MentorshipError, NotAllowed, NotEnrolled, NotFound
from bot.domain.messages import MessageKind
from bot.services.once import AlreadyDone
from bot.services.pairing import PairingRefused


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (MentorshipError("No."), "refused"),
        (NotEnrolled(), "not_enrolled"),
        (NotFound("Gone."), "not_found"),
        (NotAllowed("No."), "not_allowed"),
        (InvalidInput("Fix it.", {"a": "b"}), "invalid_input"),
        (AlreadyDone(), "already_done"),
        (PairingRefused("has_mentor"), "has_mentor"),
    ],
)
def test_each_error_class_has_a_default_code(error: MentorshipError, code: str) -> None:
    assert error.code == code


def test_a_raise_site_sets_its_own_code_and_keeps_the_message() -> None:
    error = InvalidInput("Too long.", {"text": "Shorter."}, code="concern_too_long")
    assert (error.code, error.user_message, error.fields) == (
        "concern_too_long",
        "Too long.",
        {"text": "Shorter."},
    )
    assert NotFound("Gone.", code="goal_gone").code == "goal_gone"
    assert NotFound("Gone.").code == "not_found"  # the class default is not changed by an instance


def test_message_kinds_equal_the_stored_strings() -> None:
    kind: str = MessageKind.CHECKIN
    assert kind == "checkin"
    assert {"checkin": 1}[MessageKind.CHECKIN] == 1
    assert f"{MessageKind.REQUEST_PROMPT}" == "request_prompt"
    assert len({k.value for k in MessageKind}) == len(MessageKind)
