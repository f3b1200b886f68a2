"""peer circles: circles programs' settings, rounds, circles, seats, logs, reflections, prompts

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = storage.types.UTCDateTime(timezone=True)


def _pk(table: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"))


def _index(table: str, *columns: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def upgrade() -> None:
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("circle_audience", sa.String(16), nullable=False, server_default="everyone"))
        batch_op.add_column(sa.Column("circle_min_size", sa.Integer(), nullable=False, server_default="4"))
        batch_op.add_column(sa.Column("circle_max_size", sa.Integer(), nullable=False, server_default="6"))
        batch_op.add_column(sa.Column("circle_weeks", sa.Integer(), nullable=False, server_default="12"))
        batch_op.add_column(sa.Column("circle_cadence", sa.String(16), nullable=False, server_default="biweekly"))
        batch_op.add_column(sa.Column("circle_cooldown_rounds", sa.Integer(), nullable=True))
    with op.batch_alter_table("programs", schema=None) as batch_op:
        for column in ("circle_audience", "circle_min_size", "circle_max_size", "circle_weeks", "circle_cadence"):
            batch_op.alter_column(column, server_default=None)
    op.create_table(
        "circle_rounds",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("proposal", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(32), nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("decided_by", sa.String(32), nullable=True),
        sa.Column("decided_at", UTC_TIME, nullable=True),
        sa.Column("message_channel", sa.String(32), nullable=True),
        sa.Column("message_ts", sa.String(32), nullable=True),
        _fk("circle_rounds", "program_id", "programs"),
        _pk("circle_rounds"),
    )
    _index("circle_rounds", "program_id", "team_id")
    op.create_table(
        "circles",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("group_channel_id", sa.String(32), nullable=True),
        sa.Column("started_at", UTC_TIME, nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("cadence", sa.String(16), nullable=False),
        sa.Column("host_position", sa.Integer(), nullable=False),
        sa.Column("last_met_on", sa.Date(), nullable=True),
        sa.Column("ended_at", UTC_TIME, nullable=True),
        sa.Column("end_reason", sa.String(32), nullable=True),
        _fk("circles", "program_id", "programs"),
        _fk("circles", "round_id", "circle_rounds"),
        _pk("circles"),
    )
    _index("circles", "program_id", "team_id")
    op.create_table(
        "circle_members",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("circle_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("joined_at", UTC_TIME, nullable=False),
        sa.Column("left_at", UTC_TIME, nullable=True),
        _fk("circle_members", "circle_id", "circles"),
        _fk("circle_members", "person_id", "people"),
        _pk("circle_members"),
        sa.UniqueConstraint("circle_id", "person_id", name="uq_circle_members_circle_person"),
    )
    _index("circle_members", "circle_id", "person_id", "team_id")
    op.create_table(
        "circle_logs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("circle_id", sa.Integer(), nullable=False),
        sa.Column("cycle", sa.Integer(), nullable=False),
        sa.Column("logged_by", sa.Integer(), nullable=False),
        sa.Column("met", sa.Boolean(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        _fk("circle_logs", "circle_id", "circles"),
        _fk("circle_logs", "logged_by", "people"),
        _pk("circle_logs"),
        sa.UniqueConstraint("circle_id", "cycle", name="uq_circle_logs_circle_cycle"),
    )
    _index("circle_logs", "circle_id", "team_id")
    op.create_table(
        "circle_reflections",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("circle_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        _fk("circle_reflections", "circle_id", "circles"),
        _fk("circle_reflections", "person_id", "people"),
        _pk("circle_reflections"),
        sa.UniqueConstraint("circle_id", "person_id", name="uq_circle_reflections_once"),
    )
    _index("circle_reflections", "circle_id", "team_id")
    op.create_table(
        "circle_prompts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(32), nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        _fk("circle_prompts", "program_id", "programs"),
        _pk("circle_prompts"),
    )
    _index("circle_prompts", "program_id", "team_id")


def downgrade() -> None:
    for table in ("circle_prompts", "circle_reflections", "circle_logs", "circle_members", "circles", "circle_rounds"):
        op.drop_table(table)
    with op.batch_alter_table("programs", schema=None) as batch_op:
        for column in (
            "circle_cooldown_rounds",
            "circle_cadence",
            "circle_weeks",
            "circle_max_size",
            "circle_min_size",
            "circle_audience",
        ):
            batch_op.drop_column(column)
