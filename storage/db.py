"""Engine and session factory, built from settings at start-up (never at import)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from storage import defaults, next_due

SQLITE_BUSY_TIMEOUT_MS = 15_000
# Execution option naming a read-only transaction (see `read_only_engine`).
READ_ONLY = "mentorbot_read_only"


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; SQLite gets WAL, a busy timeout, foreign keys and BEGIN IMMEDIATE.

    Every SQLite transaction that may write starts with BEGIN IMMEDIATE, taking the write lock up
    front: with several threads, a deferred transaction that later upgrades to a write can fail at
    once with "database is locked" instead of waiting. A read-only one (`read_only_engine`) starts
    with a plain BEGIN and never takes the write lock: WAL lets it read beside a writer.
    """
    kwargs.setdefault("hide_parameters", True)  # errors and logs never carry the values people typed
    if url.startswith("sqlite"):
        connect_args = {"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        if url in ("sqlite://", "sqlite:///:memory:"):
            kwargs.setdefault("poolclass", StaticPool)
        engine = create_engine(url, connect_args=connect_args, **kwargs)
        _configure_sqlite(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    return create_engine(url, **kwargs)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        read_only = bool(connection.get_execution_options().get(READ_ONLY))
        if connection.info.get("query_only", False) != read_only:
            # A read-only transaction that tries to write fails loudly, as on PostgreSQL.
            connection.exec_driver_sql(f"PRAGMA query_only={int(read_only)}")
            connection.info["query_only"] = read_only
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def read_only_engine(engine: Engine) -> Engine:
    """The same engine and pool, for transactions that only read.

    On SQLite they begin deferred (no write lock: a read never queues behind a writer) with
    `query_only` on; on PostgreSQL they are READ ONLY transactions. A write in one is an error.
    """
    options: dict[str, Any] = {READ_ONLY: True}
    if engine.dialect.name == "postgresql":
        options["postgresql_readonly"] = True
    return engine.execution_options(**options)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded attributes after commit (records are read after the transaction).

    Defaults are filled in at flush (storage.defaults: a membership's identity and program). Every
    write that may move a mentorship's scheduled work clears its next due instant
    (storage.next_due), so the planner plans it again on the next tick.
    """
    factory = sessionmaker(engine, expire_on_commit=False)
    defaults.install(factory)
    return next_due.watch(factory)
