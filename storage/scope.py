"""The program a request acts in, when the edge has worked it out (a request-scoped value).

The Slack edge resolves the program of a command from its context (the channel it was typed in,
a key typed with it, the person's only program) and runs the command inside `program_scope`.
Repositories read it as the default program for lookups by Slack user id; code that knows the
program from a record (a mentorship, a request, a round) passes it explicitly instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import select, true

_PROGRAM: ContextVar[int | None] = ContextVar("mentorbot_program", default=None)


def current_program() -> int | None:
    """The program id the current request acts in, if the edge resolved one."""
    return _PROGRAM.get()


@contextmanager
def program_scope(program_id: int | None) -> Iterator[None]:
    """Act in this program for the duration of the block (None: no program chosen)."""
    token = _PROGRAM.set(program_id)
    try:
        yield
    finally:
        _PROGRAM.reset(token)


def scoped(column: Any) -> Any:
    """A WHERE clause keeping rows of the request's program (always true when none is chosen)."""
    program = _PROGRAM.get()
    return true() if program is None else column == program


def scoped_pair(mentorship_id: Any) -> Any:
    """A WHERE clause keeping rows whose mentorship is in the request's program (true without one)."""
    program = _PROGRAM.get()
    if program is None:
        return true()
    from storage.records import MentorshipRecord

    return mentorship_id.in_(select(MentorshipRecord.id).where(MentorshipRecord.program_id == program))
