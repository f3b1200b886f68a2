"""Every action once, at the edge: give opened forms a one-time token and read it back."""

from __future__ import annotations

from typing import Any

from bot.deps import Deps
from bot.services.once import FormKey, issue_token
from handlers.slack import kit


def new_token(deps: Deps, team_id: str, user_id: str, callback_id: str) -> str:
    """A fresh one-time token for a form about to be opened (stored now, used by its save)."""
    return issue_token(deps, team_id, user_id, callback_id)


def form_key(body: dict[str, Any], view: dict[str, Any], team_id: str) -> FormKey:
    """The one-time key of a submitted form: its token ("t" in private_metadata), and its view id
    (Slack sends the same view id with each submission of one view), used when the token is unknown.
    """
    token = kit.metadata(view).get("t")
    return FormKey(
        team_id=team_id,
        user_id=str((body.get("user") or {}).get("id") or ""),
        callback_id=str(view.get("callback_id") or ""),
        token=token if isinstance(token, str) and token else None,
        view_id=str(view.get("id") or "") or None,
    )
