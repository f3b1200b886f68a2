"""A writer that holds the database's write lock while a test does something else."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, text

from bot.deps import Deps


@contextmanager
def writer_holding_the_lock(deps: Deps) -> Iterator[Connection]:
    """An open write transaction on another connection, rolled back on exit.

    On SQLite it holds the database's one write lock (BEGIN IMMEDIATE, as every writing unit of
    work starts); on PostgreSQL an EXCLUSIVE lock on people, which stops every other writer there.
    """
    with deps.engine.connect() as conn:
        transaction = conn.begin()
        if conn.dialect.name == "postgresql":
            conn.execute(text("LOCK TABLE people IN EXCLUSIVE MODE"))
        try:
            yield conn
        finally:
            transaction.rollback()
