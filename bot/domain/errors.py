"""Errors the domain and services raise; each carries a message fit to show the person."""

from __future__ import annotations


class MentorshipError(Exception):
    """A rule stopped the action; `user_message` says what happened and what to do."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


class NotEnrolled(MentorshipError):
    """The person has no profile yet."""

    def __init__(
        self,
        user_message: str = "You haven't joined the program yet. Type `/mentor join` to create your profile.",
    ) -> None:
        super().__init__(user_message)


class NotFound(MentorshipError):
    """The thing asked for does not exist here (or is not yours to see)."""


class NotAllowed(MentorshipError):
    """The person may not do this."""


class InvalidInput(MentorshipError):
    """Input that cannot be used; `fields` maps field names to messages when known."""

    def __init__(self, user_message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(user_message)
        self.fields = fields or {}
