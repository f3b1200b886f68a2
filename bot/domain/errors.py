"""Errors the domain and services raise; each carries a message fit to show the person.

Each also carries a stable `code` (short snake_case, e.g. "not_enrolled", "goal_closed") set at
the raise site, or its class's default, so the edge can word a refusal by code.
"""

from __future__ import annotations


class MentorshipError(Exception):
    """A rule stopped the action; `user_message` says what happened and what to do, `code` which rule."""

    code: str = "refused"

    def __init__(self, user_message: str, *, code: str | None = None) -> None:
        super().__init__(user_message)
        self.user_message = user_message
        if code is not None:
            self.code = code


class NotEnrolled(MentorshipError):
    """The person has no profile yet."""

    code = "not_enrolled"

    def __init__(
        self,
        user_message: str = "You haven't joined the program yet. Type `/mentor join` to create your profile.",
        *,
        code: str | None = None,
    ) -> None:
        super().__init__(user_message, code=code)


class NotFound(MentorshipError):
    """The thing asked for does not exist here (or is not yours to see)."""

    code = "not_found"


class NotAllowed(MentorshipError):
    """The person may not do this."""

    code = "not_allowed"


class InvalidInput(MentorshipError):
    """Input that cannot be used; `fields` maps field names to messages when known."""

    code = "invalid_input"

    def __init__(
        self, user_message: str, fields: dict[str, str] | None = None, *, code: str | None = None
    ) -> None:
        super().__init__(user_message, code=code)
        self.fields = fields or {}


class OutOfState(MentorshipError):
    """The action does not fit where the person stands: `stage` (a bot.domain.journey.Stage value)
    and `facts` (plain strings: partner's Slack id, ISO days, the next step's action and command)
    let the edge word the refusal by code and state instead of assuming one."""

    code = "out_of_state"

    def __init__(self, user_message: str, *, code: str, stage: str, facts: dict[str, str]) -> None:
        super().__init__(user_message, code=code)
        self.stage = stage
        self.facts = facts
