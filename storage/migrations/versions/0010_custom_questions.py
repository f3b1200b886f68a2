"""custom profile questions per program and each membership's answers

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = storage.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "profile_questions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("label", sa.String(150), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("rule", sa.String(16), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("reason", sa.String(150), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("updated_by", sa.String(32), nullable=True),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["program_id"], ["programs.id"], name=op.f("fk_profile_questions_program_id_programs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profile_questions")),
        sa.UniqueConstraint("program_id", "key", name="uq_profile_questions_program_key"),
    )
    with op.batch_alter_table("profile_questions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_profile_questions_team_id"), ["team_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_profile_questions_program_id"), ["program_id"], unique=False)
    op.create_table(
        "profile_answers",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("question_key", sa.String(40), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_profile_answers_person_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profile_answers")),
        sa.UniqueConstraint("person_id", "question_key", name="uq_profile_answers_person_question"),
    )
    with op.batch_alter_table("profile_answers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_profile_answers_team_id"), ["team_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_profile_answers_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("profile_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_profile_answers_person_id"))
        batch_op.drop_index(batch_op.f("ix_profile_answers_team_id"))
    op.drop_table("profile_answers")
    with op.batch_alter_table("profile_questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_profile_questions_program_id"))
        batch_op.drop_index(batch_op.f("ix_profile_questions_team_id"))
    op.drop_table("profile_questions")
