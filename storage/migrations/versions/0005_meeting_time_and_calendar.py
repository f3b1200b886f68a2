"""first meeting as an instant, its zone, and the calendar invite's sequence

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 06:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("mentorships", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_meeting_at", storage.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("meeting_zone", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("calendar_sequence", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("mentorships", schema=None) as batch_op:
        batch_op.drop_column("calendar_sequence")
        batch_op.drop_column("meeting_zone")
        batch_op.drop_column("first_meeting_at")
