"""Repositories: queries over one Session, always scoped to a workspace; they never commit."""

from storage.repositories.core import InboxRepository, PeopleRepository, ProgramRepository

__all__ = ["InboxRepository", "PeopleRepository", "ProgramRepository"]
