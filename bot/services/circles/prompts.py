"""A circles program's conversation-prompt bank: the built-in prompts plus the admins' own.

The rotation is bot.domain.circles.prompts.prompt_for; an admin's prompt joins it at the end of the
bank (oldest first). Adding one is audited (kind and length only, never the text).
"""

from __future__ import annotations

from bot.deps import Deps
from bot.domain.circles.prompts import ADMIN_KINDS, Prompt, bank, check_prompt
from bot.domain.errors import InvalidInput
from bot.services.admins import write_audit
from bot.services.circles.pool import circles_program
from storage.records import CirclePromptRecord
from storage.repositories.circles import CircleRepository
from storage.uow import UnitOfWork


def program_prompts(uow: UnitOfWork, team_id: str, program_id: int) -> list[Prompt]:
    """The program's own prompts (admin-added), oldest first."""
    rows = uow.repo(CircleRepository).prompts(team_id, [program_id])[program_id]
    return [Prompt(r.kind, r.text, r.id) for r in rows]


def list_prompts(deps: Deps, team_id: str, program_id: int) -> tuple[Prompt, ...]:
    """The whole bank of a circles program, in rotation order (built-in first)."""
    with deps.uow(read_only=True) as uow:
        circles_program(uow, team_id, program_id)
        return bank(program_prompts(uow, team_id, program_id))


def add_prompt(deps: Deps, team_id: str, program_id: int, kind: str, text: str, actor: str) -> Prompt:
    """Add an admin's prompt to a circles program's bank; InvalidInput (fields "kind", "text")
    when the kind is unknown or the text is not 10-500 characters."""
    checked = check_prompt(kind, text)
    if checked is None:
        fields = {}
        if (kind or "").strip().lower() not in ADMIN_KINDS:
            fields["kind"] = "Choose a kind: " + ", ".join(ADMIN_KINDS) + "."
        else:
            fields["text"] = "Use 10 to 500 characters."
        raise InvalidInput(
            "That prompt can't be added: " + " ".join(fields.values()), fields, code="bad_prompt"
        )
    clean_kind, clean_text = checked
    now = deps.clock()
    with deps.uow() as uow:
        circles_program(uow, team_id, program_id)
        record = uow.repo(CircleRepository).add_prompt(
            CirclePromptRecord(
                team_id=team_id,
                program_id=program_id,
                kind=clean_kind,
                text=clean_text,
                created_by=actor[:32],
                created_at=now,
            )
        )
        write_audit(
            uow.session,
            team_id,
            actor,
            "circles prompt add",
            now,
            f"kind={clean_kind} chars={len(clean_text)}",
            program_id=program_id,
        )
        return Prompt(record.kind, record.text, record.id)
