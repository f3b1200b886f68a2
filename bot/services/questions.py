"""A plain question to the program team (`/mentor ask`): not confidential, answered in a DM.

Concerns stay the confidential route (`bot.services.lifecycle.prepare_concern`); a question is
for everything else ("can I change mentors?", "how long does the program run?"). The question's
text is posted to the admin channel and never stored; the audit log records that one was asked.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.deps import Deps
from bot.domain.errors import InvalidInput, NotAllowed
from bot.services import programs
from bot.services.admins import write_audit
from bot.services.once import FormKey, use_once

logger = logging.getLogger(__name__)

MAX_QUESTION = 2000


@dataclass(frozen=True)
class Question:
    """A question ready for the admin channel: who asked and what (raw; escaped at the edge)."""

    asker_slack_id: str
    text: str
    admin_channel: str


def prepare_question(
    deps: Deps, team_id: str, slack_user_id: str, text: str, once: FormKey | None
) -> Question:
    """Validate a question and use up its one-time key; return it for posting to the admins.

    Raises:
        InvalidInput: empty or too long.
        NotAllowed: no admin channel is configured.
        AlreadyDone: this question (the same command or form) was sent already.
    """
    body = text.strip()
    if not body:
        raise InvalidInput(
            "Write your question.",
            {"text": "Write what you'd like to ask the program team."},
            code="question_empty",
        )
    if len(body) > MAX_QUESTION:
        raise InvalidInput(
            f"Keep your question to {MAX_QUESTION} characters.",
            {"text": f"Keep it to {MAX_QUESTION} characters."},
            code="question_too_long",
        )
    with deps.uow(read_only=True) as uow:
        channel = programs.admin_channel_for(deps, uow, team_id)  # the program the question is asked in
    if not channel:
        raise NotAllowed(
            "No admin channel is set up for this program, so nothing was sent. Please ask your HR or "
            "program contact directly.",
            code="no_admin_channel",
        )
    now = deps.clock()
    with deps.uow() as uow:
        use_once(uow, once, now)
        write_audit(uow.session, team_id, slack_user_id, "question asked", now)
    logger.info("question asked team=%s", team_id)
    return Question(slack_user_id, body, str(channel))
