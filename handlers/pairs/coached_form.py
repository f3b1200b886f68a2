"""The validate → coach → save flow of the pair's forms (goal, feedback, session log), written once.

A submitted form is read back (`parse`), validated by its service (`check`, nothing saved; a
refusal becomes field errors). When the check has advice (`coach`) and the person did not tick
"save anyway", the modal is shown again with the notes and the same one-time token. Otherwise it is
saved once (`save`, keyed by the form's token) and announced (`announce`, after the ack).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.deps import Deps
from bot.domain.errors import MentorshipError
from bot.services.once import FormKey
from handlers.pairs.feature import form_token
from handlers.slack.envelope import seal
from handlers.slack.interaction import Interaction, field_errors

Data = TypeVar("Data")
Checked = TypeVar("Checked")
Saved = TypeVar("Saved")


@dataclass(frozen=True)
class CoachedForm(Generic[Data, Checked, Saved]):
    """One coached form: what to call at each step, and where its field errors go."""

    deps: Deps
    parse: Callable[[dict[str, Any]], tuple[Data, bool]]  # view -> (input, "save anyway" ticked)
    check: Callable[[Deps, str, str, Data], Checked]  # (deps, team, user, input), may refuse
    save: Callable[[Deps, str, str, Checked, FormKey | None], Saved]  # saved once per token
    announce: Callable[[WebClient, str, str, Saved], None]  # (client, team, user, saved)
    fields: dict[str, str]  # service field name -> block id
    fallback: str  # block id of errors without a field
    # (checked) -> has advice; (team, user, input, checked, token) -> the modal shown again.
    coach: Callable[[Checked], bool] | None = None
    rebuild: Callable[[str, str, Data, Checked, str | None], dict[str, Any]] | None = None

    def submit(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """The view_submission listener."""
        i = Interaction.from_bolt(body, context, client)
        team_id, user_id = i.team_id, i.user_id
        data, anyway = self.parse(view)
        try:
            checked = self.check(self.deps, team_id, user_id, data)
        except MentorshipError as err:
            field_errors(ack, err, self.fields, self.fallback)
            return
        if self.coach is not None and self.rebuild is not None and self.coach(checked) and not anyway:
            again = self.rebuild(team_id, user_id, data, checked, form_token(view))
            ack(response_action="update", view=seal(self.deps, again, user_id))
            return
        try:
            saved = self.save(self.deps, team_id, user_id, checked, i.form_key())
        except MentorshipError as err:
            field_errors(ack, err, self.fields, self.fallback)
            return
        ack()
        self.announce(client, team_id, user_id, saved)


def unchecked(_deps: Deps, _team_id: str, _user_id: str, data: Data) -> Data:
    """A form validated only when saved (its service checks and saves in one step)."""
    return data
