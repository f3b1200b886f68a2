"""Keep `mentorships.next_due_at` honest: a write to anything the planner's rules read clears it.

The planner stores, for each mentorship, the earliest instant at which any of its rules could next
produce a message or a state change (bot.services.scheduling.planner); an idle tick reads only the
mentorships due by then. So whatever moves that instant must clear it (NULL: plan it on the next
tick) in the same transaction. Asking every service to remember would be asking for a bug, so it
happens here, for every Session the app makes (`watch`, called by storage.db.make_session_factory):

- ORM changes, at flush (`before_flush`): a changed mentorship clears its own instant (unless the
  change sets it: the planner's write); a new, changed or deleted goal, milestone, session log,
  action item, reflection, transition choice or feedback row clears its mentorship's; a changed
  person clears their mentorships'; changed program settings clear the whole workspace's.
- Statements run through the Session (`update(GoalRecord)…`, `insert(…).on_conflict_do_nothing()`),
  in `do_orm_execute`, before the statement runs: an UPDATE of mentorships gets `next_due_at =
  NULL` added to it; a write to another table in `TOUCHES` clears the mentorships its rows reach.

Clearing is an UPDATE of the mentorship rows, so on PostgreSQL it also takes their row locks: a
planner that locked a row first (FOR UPDATE SKIP LOCKED) commits before the clearing lands, and
one that comes later skips the row until the writer commits. Either way no stale instant survives.

`TOUCHES` and `UNRELATED` classify every table; a test fails when a table is in neither, so a new
table is classified by whoever adds it. Writes that bypass the Session (a raw connection, SQL typed
by an operator) are not seen: the app makes none, and the planner re-plans every mentorship at
least once a week anyway (`LONGEST_SLEEP` in the planner).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Table, event, false, inspect, or_, select, update
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from storage.records import Base, GoalRecord, MentorshipRecord, PersonRecord

logger = logging.getLogger(__name__)

MENTORSHIPS = "mentorships"
COLUMN = "next_due_at"
TOUCHED = "mentorbot_next_due_touched"  # session.info key: ids cleared in this transaction


@dataclass(frozen=True)
class Reach:
    """How a row of a table leads to the mentorships whose plan it can move."""

    column: str  # the row's column that names them
    via: str  # what that column holds: "mentorship", "goal", "person", "identity", "program" or "team"
    on_insert: bool = True  # False: a new row cannot concern an existing mentorship


# Every table a scheduler rule reads (besides mentorships themselves).
TOUCHES: dict[str, Reach] = {
    "goals": Reach("mentorship_id", "mentorship"),
    "milestones": Reach("goal_id", "goal"),
    "session_logs": Reach("mentorship_id", "mentorship"),
    "action_items": Reach("mentorship_id", "mentorship"),
    "reflections": Reach("mentorship_id", "mentorship"),
    "transition_choices": Reach("mentorship_id", "mentorship"),
    "feedback": Reach("mentorship_id", "mentorship"),
    "people": Reach("id", "person", on_insert=False),  # a membership's status
    "identities": Reach("id", "identity", on_insert=False),  # time zone, shout-out consent
    "programs": Reach("id", "program", on_insert=False),  # check-in hour, program length, shout-outs
}
# Tables no rule reads for a mentorship's timing, and why.
UNRELATED: dict[str, str] = {
    MENTORSHIPS: "the row itself: handled apart (its own changes clear it)",
    "workspaces": "which workspaces are planned, not when",
    "installations": "tokens",
    "oauth_states": "OAuth",
    "admins": "who may administer",
    "event_inbox": "delivery de-duplication",
    "match_rounds": "proposals before any mentorship",
    "mentor_requests": "program-level: their expiry is read on every tick through its own index",
    "concerns": "sent to admins at once, never planned",
    "scheduled_messages": "the planner's output (keys are only ever added)",
    "audit_log": "history",
    "profile_questions": "matching criteria: read when pairs are made, never by the planner",
    "profile_answers": "matching answers: read when pairs are made, never by the planner",
    "dm_channels": "a cache of DM channel ids",
    "form_tokens": "one-time form tokens",
    "circle_rounds": "circles are planned apart (bot.services.scheduling.circles), never as mentorships",
    "circles": "circles are planned apart",
    "circle_members": "circles are planned apart",
    "circle_logs": "circles are planned apart",
    "circle_reflections": "circles are planned apart",
    "circle_prompts": "circles are planned apart",
}


def watch(factory: sessionmaker[Session]) -> sessionmaker[Session]:
    """Clear the next due instant on every write that may move it, in sessions from `factory`."""
    event.listen(factory, "before_flush", _before_flush)
    event.listen(factory, "do_orm_execute", _on_execute)
    event.listen(factory, "after_commit", _forget)
    event.listen(factory, "after_rollback", _forget)
    return factory


def touched(session: Session) -> set[int]:
    """The mentorships whose instant this transaction cleared through a related write (since
    `forget_touched`)."""
    found: set[int] = set(session.info.get(TOUCHED, ()))
    return found


def forget_touched(session: Session) -> None:
    """Start `touched` afresh (a reader that has just read the rows it plans from)."""
    session.info.pop(TOUCHED, None)


def _forget(session: Session) -> None:
    forget_touched(session)


# -- ORM changes ------------------------------------------------------------------------------
def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    reached: dict[str, set[Any]] = {}
    for obj in list(session.new):
        _collect(obj, reached, new=True)
    for obj in list(session.dirty):
        if isinstance(obj, MentorshipRecord):
            _own_change(obj)
        elif session.is_modified(obj):
            _collect(obj, reached, new=False)
    for obj in list(session.deleted):
        _collect(obj, reached, new=False)
    _clear(session, reached)


def _own_change(record: MentorshipRecord) -> None:
    """A changed mentorship is planned again, unless this change sets the instant itself."""
    assigned = inspect(record).committed_state  # what was assigned since the last flush
    if assigned and COLUMN not in assigned:
        record.next_due_at = None


def changed(record: MentorshipRecord) -> bool:
    """Whether anything was assigned to the record since it was loaded or last flushed."""
    return bool(inspect(record).committed_state)


def _collect(obj: object, reached: dict[str, set[Any]], *, new: bool) -> None:
    table = getattr(obj, "__table__", None)
    reach = TOUCHES.get(getattr(table, "name", ""))
    if reach is None or (new and not reach.on_insert):
        return
    history = inspect(obj).attrs[reach.column].history
    values = [*history.sum(), getattr(obj, reach.column)]  # before and after a change of owner
    reached.setdefault(reach.via, set()).update(v for v in values if v is not None)


# -- statements through the Session -----------------------------------------------------------
def _on_execute(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", "")
    if name == MENTORSHIPS:
        if state.is_update and isinstance(table, Table):
            _clear_in_statement(state, table)
        return
    reach = TOUCHES.get(name)
    if reach is None or not isinstance(table, Table) or (state.is_insert and not reach.on_insert):
        return
    values = _inserted(state, reach.column) if state.is_insert else _matched(state, table, reach.column)
    if values is None:
        logger.warning("next due: cannot tell which rows a write to %s reaches; clearing all", name)
        _clear(state.session, {"all": {True}})
        return
    _clear(state.session, {reach.via: values})


def _clear_in_statement(state: ORMExecuteState, table: Table) -> None:
    """UPDATE mentorships …: add `next_due_at = NULL`, unless it sets the instant itself."""
    statement: Any = state.statement
    if COLUMN in statement.compile(dialect=state.session.get_bind().dialect).params:
        return
    if isinstance(state.parameters, list):  # executemany: one dict per row
        state.parameters = [{**row, COLUMN: None} for row in state.parameters]
        return
    state.statement = statement.values({COLUMN: None})
    state.session.info.setdefault(TOUCHED, set()).update(_matched(state, table, "id") or ())


def _given(state: ORMExecuteState) -> list[dict[str, Any]]:
    """The parameters passed with the statement, as a list of rows."""
    given: Any = state.parameters
    if isinstance(given, list):
        return [dict(row) for row in given]
    return [dict(given)] if given else []


def _inserted(state: ORMExecuteState, column: str) -> set[Any] | None:
    """The column's values in the rows an INSERT adds (None when they cannot be told)."""
    rows = _given(state)
    statement: Any = state.statement
    params = dict(statement.compile(dialect=state.session.get_bind().dialect).params)
    rows = [{**params, **row} for row in rows] if rows else [params]
    if any(column not in row for row in rows):
        return None
    return {row[column] for row in rows if row[column] is not None}


def _matched(state: ORMExecuteState, table: Table, column: str) -> set[Any] | None:
    """The column's values in the rows an UPDATE or DELETE matches (read before it runs)."""
    if isinstance(state.parameters, list):
        return None  # a bulk write by primary key: rare, cleared wholesale
    statement: Any = state.statement
    query = select(table.c[column]).distinct()
    if statement.whereclause is not None:
        query = query.where(statement.whereclause)
    given = _given(state)
    found = state.session.connection().execute(query, given[0] if given else None)
    return {value for (value,) in found if value is not None}


# -- clearing ---------------------------------------------------------------------------------
def _clear(session: Session, reached: dict[str, set[Any]]) -> None:
    """Set next_due_at to NULL on every mentorship reached; mirror it on the loaded records."""
    condition = _condition(reached)
    if condition is None:
        return
    table = MentorshipRecord.__table__
    assert isinstance(table, Table)  # noqa: S101 - a declarative table
    ids = {
        int(i)
        for (i,) in session.connection().execute(
            update(table).where(condition).values({COLUMN: None}).returning(table.c.id)
        )
    }
    session.info.setdefault(TOUCHED, set()).update(ids)
    for mentorship_id in ids:
        obj = session.identity_map.get(identity_key(MentorshipRecord, mentorship_id))
        if not isinstance(obj, MentorshipRecord):
            continue
        if inspect(obj).attrs[COLUMN].history.has_changes():
            obj.next_due_at = None  # a pending value (the planner's) must not win
        else:
            set_committed_value(obj, COLUMN, None)


def _condition(reached: dict[str, set[Any]]) -> ColumnElement[bool] | None:
    m = MentorshipRecord
    parts: list[ColumnElement[bool]] = []
    for via, values in reached.items():
        if not values:
            continue
        if via == "all":
            parts.append(m.id.is_not(None))
        elif via == "mentorship":
            parts.append(m.id.in_(_listed(values)))
        elif via == "goal":
            parts.append(m.id.in_(select(GoalRecord.mentorship_id).where(GoalRecord.id.in_(_listed(values)))))
        elif via == "person":
            people = _listed(values)
            parts.append(or_(m.mentor_id.in_(people), m.mentee_id.in_(people)))
        elif via == "team":
            parts.append(m.team_id.in_(_listed(values)))
        elif via == "program":
            parts.append(m.program_id.in_(_listed(values)))
        elif via == "identity":
            members = select(PersonRecord.id).where(PersonRecord.identity_id.in_(_listed(values)))
            parts.append(or_(m.mentor_id.in_(members), m.mentee_id.in_(members)))
        else:  # pragma: no cover - a Reach with an unknown kind is a programming error
            raise ValueError(f"unknown reach {via!r}")
    if not parts:
        return None
    return or_(false(), *parts)


def _listed(values: Iterable[Any]) -> list[Any]:
    return sorted(values, key=str)  # a stable order: the same statement for the same values


def classified_tables() -> tuple[set[str], set[str]]:
    """(every table, the tables classified here): a test compares them."""
    return set(Base.metadata.tables), set(TOUCHES) | set(UNRELATED)
