"""several programs per workspace: programs, one identity per person, memberships per program

Today's single program (the `program_settings` row, or the defaults when a workspace never saved
any) becomes each workspace's first program, key "mentoring". Each person row becomes that
person's membership of the first program and keeps its id, so every mentorship, request, goal,
session, feedback and reflection keeps pointing at it; the shared part (name, email, department,
manager, time zone, shout-out preference, never-pair list) moves to one identity per person.
Mentorships, requests and rounds get their program; concerns, scheduled messages and the audit log
get it where one applies; listed admins stay admins of every program (program_id NULL).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

IDENTITY_COLUMNS = (
    "name",
    "email",
    "department",
    "manager_slack_id",
    "timezone",
    "public_shoutouts",
    "do_not_match",
)


def _create_programs() -> None:
    op.create_table(
        "programs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("program_channel", sa.String(length=32), nullable=True),
        sa.Column("admin_channel", sa.String(length=32), nullable=True),
        sa.Column("default_cadence", sa.String(length=16), nullable=False),
        sa.Column("program_length_weeks", sa.Integer(), nullable=False),
        sa.Column("check_in_hour", sa.Integer(), nullable=False),
        sa.Column("request_expiry_days", sa.Integer(), nullable=False),
        sa.Column("matching_weights", sa.JSON(), nullable=False),
        sa.Column("repeat_cooldown_days", sa.Integer(), nullable=True),
        sa.Column("celebration_channel", sa.String(length=32), nullable=True),
        sa.Column("allow_shoutouts", sa.Boolean(), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=32), nullable=True),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programs")),
        sa.UniqueConstraint("team_id", "key", name="uq_programs_team_key"),
    )
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_programs_team_id"), ["team_id"], unique=False)


def _create_identities() -> None:
    op.create_table(
        "identities",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("slack_user_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("department", sa.String(length=100), nullable=True),
        sa.Column("manager_slack_id", sa.String(length=32), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("public_shoutouts", sa.Boolean(), nullable=False),
        sa.Column("do_not_match", sa.JSON(), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identities")),
        sa.UniqueConstraint("team_id", "slack_user_id", name="uq_identities_team_user"),
    )
    with op.batch_alter_table("identities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_identities_team_id"), ["team_id"], unique=False)


def _copy_programs(now: datetime) -> None:
    """One program per workspace that has settings, people or a workspace row."""
    conn = op.get_bind()
    columns = (
        "default_cadence, program_length_weeks, check_in_hour, request_expiry_days, matching_weights, "
        "repeat_cooldown_days, celebration_channel, allow_shoutouts, time_zone, updated_by, updated_at"
    )
    conn.execute(
        sa.text(
            f"INSERT INTO programs (team_id, key, name, format, status, {columns}, created_at) "
            f"SELECT team_id, 'mentoring', program_name, 'mentorship', 'open', {columns}, updated_at "
            "FROM program_settings ORDER BY team_id"
        )
    )
    teams = conn.execute(
        sa.text(
            "SELECT team_id FROM workspaces UNION SELECT team_id FROM people "
            "UNION SELECT team_id FROM mentorships UNION SELECT team_id FROM match_rounds"
        )
    ).scalars()
    have = set(conn.execute(sa.text("SELECT team_id FROM programs")).scalars())
    for team_id in sorted(set(teams) - have):
        conn.execute(
            sa.text(
                "INSERT INTO programs (team_id, key, name, format, status, default_cadence, "
                "program_length_weeks, check_in_hour, request_expiry_days, matching_weights, "
                "allow_shoutouts, time_zone, created_at, updated_at) VALUES (:team, 'mentoring', "
                "'Mentorship Program', 'mentorship', 'open', 'biweekly', 24, 10, 3, '{}', :yes, 'UTC', "
                ":now, :now)"
            ).bindparams(
                sa.bindparam("now", type_=storage.types.UTCDateTime(timezone=True)),
                sa.bindparam("yes", type_=sa.Boolean()),
            ),
            {"team": team_id, "now": now, "yes": True},
        )


def _program_of_team(table: str) -> str:
    return (
        f"UPDATE {table} SET program_id = (SELECT MIN(programs.id) FROM programs "
        f"WHERE programs.team_id = {table}.team_id)"
    )


def upgrade() -> None:
    now = datetime.now(UTC)
    _create_programs()
    _create_identities()
    _copy_programs(now)
    conn = op.get_bind()
    shared = ", ".join(IDENTITY_COLUMNS)
    conn.execute(
        sa.text(
            f"INSERT INTO identities (team_id, slack_user_id, {shared}, created_at, updated_at) "
            f"SELECT team_id, slack_user_id, {shared}, created_at, updated_at FROM people ORDER BY id"
        )
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("program_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("identity_id", sa.Integer(), nullable=True))
    conn.execute(sa.text(_program_of_team("people")))
    conn.execute(
        sa.text(
            "UPDATE people SET identity_id = (SELECT identities.id FROM identities WHERE "
            "identities.team_id = people.team_id AND identities.slack_user_id = people.slack_user_id)"
        )
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_constraint("uq_people_team_user", type_="unique")
        for column in IDENTITY_COLUMNS:
            batch_op.drop_column(column)
        batch_op.alter_column("program_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("identity_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint("uq_people_program_user", ["program_id", "slack_user_id"])
        batch_op.create_index(batch_op.f("ix_people_program_id"), ["program_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_identity_id"), ["identity_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_people_program_id_programs"), "programs", ["program_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_people_identity_id_identities"), "identities", ["identity_id"], ["id"]
        )
    for table in ("mentorships", "mentor_requests"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("program_id", sa.Integer(), nullable=True))
        conn.execute(
            sa.text(
                f"UPDATE {table} SET program_id = (SELECT people.program_id FROM people "
                f"WHERE people.id = {table}.mentor_id)"
            )
        )
    with op.batch_alter_table("match_rounds", schema=None) as batch_op:
        batch_op.add_column(sa.Column("program_id", sa.Integer(), nullable=True))
    conn.execute(sa.text(_program_of_team("match_rounds")))
    for table in ("mentorships", "mentor_requests", "match_rounds"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("program_id", existing_type=sa.Integer(), nullable=False)
            batch_op.create_index(batch_op.f(f"ix_{table}_program_id"), ["program_id"], unique=False)
            batch_op.create_foreign_key(
                batch_op.f(f"fk_{table}_program_id_programs"), "programs", ["program_id"], ["id"]
            )
    for table in ("admins", "concerns", "audit_log", "scheduled_messages"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("program_id", sa.Integer(), nullable=True))
    with op.batch_alter_table("admins", schema=None) as batch_op:  # one listing per person and program
        batch_op.drop_constraint("uq_admins_team_user", type_="unique")
        batch_op.create_unique_constraint(
            "uq_admins_team_user_program", ["team_id", "slack_user_id", "program_id"]
        )
    for table in ("concerns", "scheduled_messages"):
        conn.execute(
            sa.text(
                f"UPDATE {table} SET program_id = (SELECT mentorships.program_id FROM mentorships "
                f"WHERE mentorships.id = {table}.mentorship_id)"
            )
        )
    conn.execute(
        sa.text(
            "UPDATE scheduled_messages SET program_id = (SELECT MIN(programs.id) FROM programs "
            "WHERE programs.team_id = scheduled_messages.team_id) WHERE program_id IS NULL"
        )
    )
    op.drop_table("program_settings")
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.add_column(sa.Column("mentor_cap", sa.Integer(), nullable=True))


def downgrade() -> None:
    """Back to one program per workspace: possible only while every workspace has one program."""
    conn = op.get_bind()
    several = conn.execute(
        sa.text("SELECT team_id FROM programs GROUP BY team_id HAVING COUNT(*) > 1")
    ).first()
    if several is not None:
        raise RuntimeError("a workspace has several programs; a single-program schema cannot hold them")
    op.create_table(
        "program_settings",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("program_name", sa.String(length=100), nullable=False),
        sa.Column("default_cadence", sa.String(length=16), nullable=False),
        sa.Column("program_length_weeks", sa.Integer(), nullable=False),
        sa.Column("check_in_hour", sa.Integer(), nullable=False),
        sa.Column("request_expiry_days", sa.Integer(), nullable=False),
        sa.Column("matching_weights", sa.JSON(), nullable=False),
        sa.Column("repeat_cooldown_days", sa.Integer(), nullable=True),
        sa.Column("celebration_channel", sa.String(length=32), nullable=True),
        sa.Column("allow_shoutouts", sa.Boolean(), nullable=False),
        sa.Column("updated_by", sa.String(length=32), nullable=True),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("time_zone", sa.String(length=64), server_default="UTC", nullable=False),
        sa.PrimaryKeyConstraint("team_id", name=op.f("pk_program_settings")),
    )
    first = "(SELECT MIN(p2.id) FROM programs p2 WHERE p2.team_id = programs.team_id)"
    conn.execute(
        sa.text(
            "INSERT INTO program_settings (team_id, program_name, default_cadence, program_length_weeks, "
            "check_in_hour, request_expiry_days, matching_weights, repeat_cooldown_days, "
            "celebration_channel, allow_shoutouts, updated_by, updated_at, time_zone) SELECT team_id, name, "
            "default_cadence, program_length_weeks, check_in_hour, request_expiry_days, matching_weights, "
            "repeat_cooldown_days, celebration_channel, allow_shoutouts, updated_by, updated_at, time_zone "
            f"FROM programs WHERE programs.id = {first}"
        )
    )
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.drop_column("mentor_cap")
    conn.execute(  # one listing per person again: keep each person's first
        sa.text(
            "DELETE FROM admins WHERE id NOT IN (SELECT MIN(a2.id) FROM admins a2 "
            "GROUP BY a2.team_id, a2.slack_user_id)"
        )
    )
    with op.batch_alter_table("admins", schema=None) as batch_op:
        batch_op.drop_constraint("uq_admins_team_user_program", type_="unique")
        batch_op.create_unique_constraint("uq_admins_team_user", ["team_id", "slack_user_id"])
    for table in ("admins", "concerns", "audit_log", "scheduled_messages"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("program_id")
    for table in ("mentorships", "mentor_requests", "match_rounds"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"fk_{table}_program_id_programs"), type_="foreignkey")
            batch_op.drop_index(batch_op.f(f"ix_{table}_program_id"))
            batch_op.drop_column("program_id")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name", sa.String(length=200), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("email", sa.String(length=320), nullable=True))
        batch_op.add_column(sa.Column("department", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("manager_slack_id", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("timezone", sa.String(length=64), nullable=False, server_default="UTC"))
        batch_op.add_column(
            sa.Column("public_shoutouts", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("do_not_match", sa.JSON(), nullable=True))
    for column in IDENTITY_COLUMNS:
        conn.execute(
            sa.text(
                f"UPDATE people SET {column} = (SELECT identities.{column} FROM identities "
                "WHERE identities.id = people.identity_id)"
            )
        )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_people_identity_id_identities"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_people_program_id_programs"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_people_identity_id"))
        batch_op.drop_index(batch_op.f("ix_people_program_id"))
        batch_op.drop_constraint("uq_people_program_user", type_="unique")
        batch_op.drop_column("identity_id")
        batch_op.drop_column("program_id")
        batch_op.create_unique_constraint("uq_people_team_user", ["team_id", "slack_user_id"])
    op.drop_table("identities")
    op.drop_table("programs")
