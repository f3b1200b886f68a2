"""Small reads the circles edge needs beside bot.services.circles: a round's state for checking a
clicked button, and the whole proposal as a CSV.

Everything here names its workspace: a round or circle of another workspace is not found.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any, Final

from bot.deps import Deps
from storage.records import CircleRoundRecord

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS: Final = ["circle", "slack_user_id", "name", "fit", "reasons", "waiting_because"]


@dataclass(frozen=True)
class RoundState:
    """A stored circles round as a clicked button is checked against it."""

    round_id: int
    program_id: int
    status: str  # proposed | approved | discarded | superseded
    version: int
    decided_by: str | None
    message_channel: str | None
    message_ts: str | None


def round_state(deps: Deps, team_id: str, round_id: int) -> RoundState | None:
    """The round, when it is this workspace's (None otherwise)."""
    with deps.uow(read_only=True) as uow:
        record = uow.session.get(CircleRoundRecord, round_id)
        if record is None or record.team_id != team_id:
            return None
        proposal = record.proposal if isinstance(record.proposal, dict) else {}
        return RoundState(
            round_id=int(record.id),
            program_id=int(record.program_id),
            status=str(record.status),
            version=int(proposal.get("version") or 0),
            decided_by=record.decided_by,
            message_channel=record.message_channel,
            message_ts=record.message_ts,
        )


def _cell(value: object) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    text = "" if value is None else str(value).replace("\r", " ").replace("\n", " ")
    return "'" + text if text.startswith(_FORMULA_START) else text


def proposal_csv(proposal: dict[str, Any]) -> str:
    """The whole proposal, one row per person: their circle (number), fit and reasons, or why they wait."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for number, circle in enumerate(proposal.get("circles") or [], start=1):
        members = list(circle.get("members") or [])
        names = list(circle.get("names") or [])
        fit = round(int(circle.get("score") or 0) / 10)
        for i, member in enumerate(members):
            name = names[i] if i < len(names) else ""
            writer.writerow([_cell(v) for v in (number, member, name, fit, circle.get("reasons") or [], "")])
    for entry in proposal.get("unplaced") or []:
        writer.writerow(
            [_cell(v) for v in ("", entry.get("member"), entry.get("name"), "", "", entry.get("reason"))]
        )
    return buffer.getvalue()
