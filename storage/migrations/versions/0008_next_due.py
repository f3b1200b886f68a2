"""each mentorship's next due instant, so an idle planner tick reads only what is due

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # NULL: not known yet, so every mentorship is planned on the first tick after the upgrade.
    with op.batch_alter_table("mentorships", schema=None) as batch_op:
        batch_op.add_column(sa.Column("next_due_at", storage.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_index("ix_mentorships_team_status_next_due", ["team_id", "status", "next_due_at"], unique=False)
    with op.batch_alter_table("mentor_requests", schema=None) as batch_op:
        batch_op.create_index(
            "ix_mentor_requests_team_status_expires", ["team_id", "status", "expires_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("mentor_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_mentor_requests_team_status_expires")
    with op.batch_alter_table("mentorships", schema=None) as batch_op:
        batch_op.drop_index("ix_mentorships_team_status_next_due")
        batch_op.drop_column("next_due_at")
