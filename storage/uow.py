"""Unit of work: one transaction per use case, committed on success, rolled back on error."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy.orm import Session, sessionmaker

from storage.repositories import InboxRepository, PeopleRepository, ProgramRepository

R = TypeVar("R")


class UnitOfWork:
    """One open transaction and the repositories that work inside it."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._repos: dict[type[Any], Any] = {}
        self.people = PeopleRepository(session)
        self.programs = ProgramRepository(session)
        self.inbox = InboxRepository(session)

    def repo(self, repository: Callable[[Session], R]) -> R:
        """Return the repository of this type bound to this transaction (one per type)."""
        key: Any = repository
        if key not in self._repos:
            self._repos[key] = repository(self.session)
        result: R = self._repos[key]
        return result

    def flush(self) -> None:
        """Send pending changes to the database without committing (to get ids)."""
        self.session.flush()


def make_uow_factory(session_factory: sessionmaker[Session]) -> Callable[[], Any]:
    """Return a factory of unit-of-work context managers over the given sessions."""

    @contextmanager
    def uow() -> Iterator[UnitOfWork]:
        with session_factory() as session, session.begin():
            yield UnitOfWork(session)

    return uow
