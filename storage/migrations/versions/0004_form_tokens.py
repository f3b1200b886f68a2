"""one-time form tokens and transition choices

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "form_tokens",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("token", sa.String(length=160), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("callback_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_tokens")),
        sa.UniqueConstraint("token", name="uq_form_tokens_token"),
    )
    with op.batch_alter_table("form_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_form_tokens_created_at"), ["created_at"], unique=False)
    op.create_table(
        "transition_choices",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("mentorship_id", sa.Integer(), nullable=False),
        sa.Column("window", sa.String(length=32), nullable=False),
        sa.Column("choice", sa.String(length=16), nullable=False),
        sa.Column("chosen_by", sa.String(length=32), nullable=False),
        sa.Column("chosen_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transition_choices")),
        sa.UniqueConstraint("mentorship_id", "window", name="uq_transition_choices_mentorship_window"),
    )
    with op.batch_alter_table("transition_choices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_transition_choices_team_id"), ["team_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("transition_choices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_transition_choices_team_id"))
    op.drop_table("transition_choices")
    with op.batch_alter_table("form_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_form_tokens_created_at"))
    op.drop_table("form_tokens")
