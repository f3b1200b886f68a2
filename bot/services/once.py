"""Every action once: one-time tokens for opened forms, consumed in the transaction of the save.

A form (modal) gets a token when it is opened; the token travels in the modal's private_metadata
and is consumed by the service that saves the submission, inside the same unit of work. A second
submission of the same form (a double click, two devices, a replayed request) finds the token
used and saves nothing more. A submission without a known token (a form opened before tokens
existed, or whose token has been cleaned away) is keyed on the Slack view id instead, which
Slack sends with every submission of the same view.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.deps import Deps
from bot.domain.errors import MentorshipError
from storage.repositories.once import FormTokenRepository
from storage.uow import UnitOfWork

# Slack keeps a modal for at most a few hours of inactivity; a day is ample, then tokens are cleaned.
TOKEN_TTL = timedelta(hours=24)
ALREADY_SAVED = "Already saved — this form was sent once and nothing more was added. You can close it."


class AlreadyDone(MentorshipError):
    """This form was submitted (and saved) already; nothing was saved this time."""

    code = "already_done"

    def __init__(self, user_message: str = ALREADY_SAVED) -> None:
        super().__init__(user_message)


@dataclass(frozen=True)
class FormKey:
    """Which opened form a submission belongs to: its token, else its Slack view id."""

    team_id: str
    user_id: str
    callback_id: str
    token: str | None
    view_id: str | None


def issue_token(deps: Deps, team_id: str, user_id: str, callback_id: str) -> str:
    """Store and return a fresh token for a form being opened; clean tokens past their life."""
    token = secrets.token_urlsafe(18)
    now = deps.clock()
    with deps.uow() as uow:
        repo = uow.repo(FormTokenRepository)
        repo.purge_before(now - TOKEN_TTL)
        repo.issue(team_id, user_id, callback_id, token, now)
    return token


def use_once(uow: UnitOfWork, key: FormKey | None, now: datetime) -> None:
    """Consume the form's one-time key inside the caller's transaction.

    Call it in the unit of work that saves: if the save fails, the key is not used up.

    Raises:
        AlreadyDone: the form was submitted already (the caller's transaction rolls back).
    """
    if key is None:
        return
    repo = uow.repo(FormTokenRepository)
    if key.token:
        used = repo.consume(key.team_id, key.user_id, key.callback_id, key.token, now)
        if used is True:
            return
        if used is False:
            raise AlreadyDone
    if key.view_id:
        view_key = f"view:{key.view_id}:{key.callback_id}"
        if not repo.use_key(key.team_id, key.user_id, key.callback_id, view_key, now):
            raise AlreadyDone
