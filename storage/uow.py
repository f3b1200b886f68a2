"""Unit of work: one transaction per use case, committed on success, rolled back on error."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Protocol, TypeVar

from sqlalchemy import Engine
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


class UowFactory(Protocol):
    """Opens a unit of work: `with deps.uow() as uow:`, or `deps.uow(read_only=True)` for a pure read."""

    def __call__(self, *, read_only: bool = False) -> AbstractContextManager[UnitOfWork]:
        """Open one transaction (read-only ones never wait for a writer on SQLite)."""
        ...


def make_uow_factory(session_factory: sessionmaker[Session], read_bind: Engine) -> UowFactory:
    """Return a factory of unit-of-work context managers over the given sessions.

    `read_only=True` runs the unit on `read_bind` (see `storage.db.read_only_engine`): on SQLite a
    deferred transaction that reads beside a writer instead of queueing for the write lock; on
    PostgreSQL a READ ONLY transaction. Writing in one is an error on both.
    """

    @contextmanager
    def uow(*, read_only: bool = False) -> Iterator[UnitOfWork]:
        session = session_factory(bind=read_bind) if read_only else session_factory()
        with session, session.begin():
            yield UnitOfWork(session)

    return uow
