""" "Don't pair me with…": the people a person privately asked never to be paired with.

The list lives on the person's identity (`do_not_match`, Slack user ids), so it holds in every
program. It is never shown to anyone but its owner: rounds leave such pairs out (the matcher's
BLOCKED constraint, both directions), a request between the two is refused as "not possible", and
manual pairing asks `private_block`, which answers only yes or no. Logs carry ids only.
"""

from __future__ import annotations

import logging
import re

from sqlalchemy import select

from bot.deps import Deps
from bot.domain.errors import InvalidInput
from bot.services.admins import write_audit
from storage.records import IdentityRecord
from storage.uow import UnitOfWork

logger = logging.getLogger(__name__)

MAX_AVOIDED = 50
SLACK_USER = re.compile(r"^[UW][A-Z0-9]{2,30}$")


def private_block(uow: UnitOfWork, team_id: str, a_slack: str, b_slack: str) -> bool:
    """Whether either of the two asked never to be paired with the other (says not who or why)."""
    for me, other in ((a_slack, b_slack), (b_slack, a_slack)):
        identity = uow.people.identity(team_id, me)
        if identity is not None and other in (identity.do_not_match or []):
            return True
    return False


def _locked_identity(uow: UnitOfWork, team_id: str, slack_user_id: str) -> IdentityRecord | None:
    """The person's identity, its row locked for the rest of the transaction (two changes to the
    list at once never lose one; SQLite writers already run one at a time)."""
    return uow.session.scalars(
        select(IdentityRecord)
        .where(IdentityRecord.team_id == team_id, IdentityRecord.slack_user_id == slack_user_id)
        .with_for_update()
    ).first()


def _identity(uow: UnitOfWork, team_id: str, slack_user_id: str) -> IdentityRecord:
    identity = _locked_identity(uow, team_id, slack_user_id)
    if identity is None:
        raise InvalidInput("Join a program first (`/mentor join`); then you can keep this list.")
    return identity


def avoided(deps: Deps, team_id: str, slack_user_id: str) -> tuple[str, ...]:
    """The Slack user ids this person asked never to be paired with (theirs alone to see)."""
    with deps.uow(read_only=True) as uow:
        identity = uow.people.identity(team_id, slack_user_id)
        return tuple(str(u) for u in (identity.do_not_match or [])) if identity is not None else ()


def avoid(deps: Deps, team_id: str, slack_user_id: str, other: str) -> bool:
    """Add someone to the person's private list; False when already there."""
    if not SLACK_USER.match(other):
        raise InvalidInput("Name a person with @, like `/mentor avoid @name`.")
    if other == slack_user_id:
        raise InvalidInput("You are never paired with yourself.")
    now = deps.clock()
    with deps.uow() as uow:
        identity = _identity(uow, team_id, slack_user_id)
        current = [str(u) for u in identity.do_not_match or []]
        if other in current:
            return False
        if len(current) >= MAX_AVOIDED:
            raise InvalidInput(f"Your list holds at most {MAX_AVOIDED} people; remove someone first.")
        identity.do_not_match = [*current, other]
        identity.updated_at = now
        write_audit(uow.session, team_id, slack_user_id, "avoid add", now)
    logger.info("avoid list changed team=%s identity_of=%s size=%d", team_id, slack_user_id, len(current) + 1)
    return True


def unavoid(deps: Deps, team_id: str, slack_user_id: str, other: str) -> bool:
    """Take someone off the person's private list; False when not there."""
    now = deps.clock()
    with deps.uow() as uow:
        identity = _locked_identity(uow, team_id, slack_user_id)
        current = [str(u) for u in (identity.do_not_match or [])] if identity is not None else []
        if identity is None or other not in current:
            return False
        identity.do_not_match = [u for u in current if u != other]
        identity.updated_at = now
        write_audit(uow.session, team_id, slack_user_id, "avoid remove", now)
    return True
