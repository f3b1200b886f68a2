"""Migration 0006 on a database filled by the release before programs, on SQLite and PostgreSQL.

The rows are written at revision 0005 with that release's columns (people carry their name and
time zone, the workspace's settings live in `program_settings`); after the upgrade every row is
still there, under the same ids, in the workspace's first program.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, create_engine, text

from storage.migrate import alembic_config, upgrade

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
SCHEMA = "migration_0006"
PG_URL = os.environ.get("MENTORBOT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REQUIRE_PG = os.environ.get("MENTORBOT_REQUIRE_POSTGRES") == "1"


@pytest.fixture(params=["sqlite", "postgresql"])
def old_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database on each backend (PostgreSQL: a schema of its own)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'release.db'}"
        return
    base = "postgresql+psycopg://" + PG_URL.split("://", 1)[1]
    try:
        admin = create_engine(base)
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
            conn.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    except Exception as err:
        if REQUIRE_PG or os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required but unusable: {err}")
        pytest.skip(f"PostgreSQL not reachable: {err}")
    sep = "&" if "?" in base else "?"
    yield f"{base}{sep}options=-csearch_path%3D{SCHEMA}"
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
    admin.dispose()


def _fill_release(engine: Engine) -> None:
    """Rows as the release before programs wrote them (revision 0005)."""
    people = [
        (1, "U0ADA", "Ada", "mentor", "Europe/Berlin", "U0BOSS", '["U0NOPE"]', True),
        (2, "U0KAI", "Kai", "mentee", "America/New_York", None, "[]", False),
        (3, "U0BO", "Bo", "both", "Asia/Kolkata", None, "[]", False),
    ]
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO workspaces (team_id, name, active, created_at) VALUES ('T1', 'Acme', :y, :now)"
            ),
            {"now": NOW, "y": True},
        )
        conn.execute(
            text(
                "INSERT INTO program_settings (team_id, program_name, default_cadence, program_length_weeks, "
                "check_in_hour, request_expiry_days, matching_weights, repeat_cooldown_days, "
                "celebration_channel, allow_shoutouts, time_zone, updated_by, updated_at) VALUES ('T1', "
                "'Engineering mentoring', 'weekly', 12, 9, 5, '{\"topics\": 2.0}', 90, 'C0WINS', :y, "
                "'Europe/Berlin', 'U0ADMIN', :now)"
            ),
            {"now": NOW, "y": True},
        )
        for pid, user, name, role, zone, manager, never, shout in people:
            conn.execute(
                text(
                    "INSERT INTO people (id, team_id, slack_user_id, name, email, role, offers, wants, reasons, "
                    "department, manager_slack_id, timezone, capacity, cadence, formats, intro, status, "
                    "public_shoutouts, do_not_match, joined_at, created_at, updated_at) VALUES (:id, 'T1', "
                    ":user, :name, :email, :role, '[\"go\"]', '[\"sql\"]', '[]', 'Eng', :manager, :zone, 2, "
                    "'weekly', '[\"video\"]', 'hi', 'active', :shout, :never, :now, :now, :now)"
                ),
                {
                    "id": pid,
                    "user": user,
                    "name": name,
                    "email": f"{name.lower()}@example.com",
                    "role": role,
                    "manager": manager,
                    "zone": zone,
                    "shout": shout,
                    "never": never,
                    "now": NOW,
                },
            )
        conn.execute(
            text(
                "INSERT INTO match_rounds (id, team_id, status, proposal, created_at) "
                "VALUES (4, 'T1', 'approved', '{}', :now)"
            ),
            {"now": NOW},
        )
        conn.execute(
            text(
                "INSERT INTO mentorships (id, team_id, mentor_id, mentee_id, status, source, round_id, "
                "match_reasons, started_at, stay_in_touch, rematch_requested, agreement_status, cadence, "
                "boundaries, confidentiality_ack, agreement_note, session_count, at_risk) VALUES (7, 'T1', 1, "
                "2, 'active', 'round', 4, '[]', :now, :n, :n, 'agreed', 'weekly', '', :n, '', 3, :n)"
            ),
            {"now": NOW, "n": False},
        )
        conn.execute(
            text(
                "INSERT INTO mentor_requests (id, team_id, mentee_id, mentor_id, message, status, "
                "decline_note, created_at, expires_at) VALUES (5, 'T1', 3, 1, 'hello', 'declined', '', :now, :now)"
            ),
            {"now": NOW},
        )
        conn.execute(
            text(
                "INSERT INTO goals (id, team_id, mentorship_id, owner_id, title, measure, relevance, target_date, "
                "status, progress, date_changes, created_at) VALUES (8, 'T1', 7, 2, 'Ship', '', '', '2027-01-01', "
                "'active', 10, '[]', :now)"
            ),
            {"now": NOW},
        )
        conn.execute(
            text(
                "INSERT INTO scheduled_messages (team_id, mentorship_id, kind, period_key, recipient, due_at, "
                "payload, state, attempts, created_at) VALUES ('T1', 7, 'checkin', '2026-W49', 'U0KAI', :now, "
                "'{}', 'sent', 1, :now), ('T1', 0, 'digest', '2026-W49', 'C0ADMIN', :now, '{}', 'pending', 0, :now)"
            ),
            {"now": NOW},
        )
        conn.execute(
            text("INSERT INTO admins (team_id, slack_user_id, created_at) VALUES ('T1', 'U0ADMIN', :now)"),
            {"now": NOW},
        )


def test_the_release_before_programs_becomes_the_first_program_and_keeps_every_row(old_url: str) -> None:
    upgrade(old_url, "0005")
    engine = create_engine(old_url)
    _fill_release(engine)
    counts_before = _counts(engine)
    upgrade(old_url)
    with engine.connect() as conn:
        programs = conn.execute(
            text(
                "SELECT id, team_id, key, name, format, status, default_cadence, program_length_weeks, "
                "check_in_hour, request_expiry_days, repeat_cooldown_days, celebration_channel, time_zone "
                "FROM programs"
            )
        ).all()
        assert [tuple(p[1:]) for p in programs] == [
            (
                "T1",
                "mentoring",
                "Engineering mentoring",
                "mentorship",
                "open",
                "weekly",
                12,
                9,
                5,
                90,
                "C0WINS",
                "Europe/Berlin",
            )
        ]
        program_id = programs[0][0]
        people = conn.execute(
            text(
                "SELECT p.id, p.slack_user_id, p.program_id, p.role, p.capacity, i.name, i.timezone, "
                "i.manager_slack_id, i.email FROM people p JOIN identities i ON i.id = p.identity_id ORDER BY p.id"
            )
        ).all()
        assert [tuple(r) for r in people] == [
            (1, "U0ADA", program_id, "mentor", 2, "Ada", "Europe/Berlin", "U0BOSS", "ada@example.com"),
            (2, "U0KAI", program_id, "mentee", 2, "Kai", "America/New_York", None, "kai@example.com"),
            (3, "U0BO", program_id, "both", 2, "Bo", "Asia/Kolkata", None, "bo@example.com"),
        ]
        for table, key in (("mentorships", 7), ("mentor_requests", 5), ("match_rounds", 4)):
            found = conn.execute(
                text(f"SELECT program_id FROM {table} WHERE id = :id"), {"id": key}
            ).scalar_one()
            assert found == program_id, table
        assert conn.execute(text("SELECT mentorship_id FROM goals WHERE id = 8")).scalar_one() == 7
        digest = conn.execute(
            text("SELECT program_id FROM scheduled_messages WHERE kind = 'digest'")
        ).scalar_one()
        assert digest == program_id
        assert (
            conn.execute(text("SELECT program_id FROM admins")).scalar_one() is None
        )  # admin of every program
    assert {t: n for t, n in _counts(engine).items() if t != "program_settings"} == {
        t: n for t, n in counts_before.items() if t != "program_settings"
    }
    command.downgrade(alembic_config(old_url), "0005")
    with engine.connect() as conn:
        back = conn.execute(text("SELECT id, name, timezone, do_not_match FROM people ORDER BY id")).all()
        assert [(r[0], r[1], r[2]) for r in back] == [
            (1, "Ada", "Europe/Berlin"),
            (2, "Kai", "America/New_York"),
            (3, "Bo", "Asia/Kolkata"),
        ]
        name = conn.execute(text("SELECT program_name FROM program_settings")).scalar_one()
        assert name == "Engineering mentoring"
    engine.dispose()


def _counts(engine: Engine) -> dict[str, int]:
    tables = (
        "workspaces",
        "people",
        "mentorships",
        "mentor_requests",
        "match_rounds",
        "goals",
        "scheduled_messages",
        "admins",
    )
    with engine.connect() as conn:
        return {t: int(conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one()) for t in tables}
