"""agreement message ts

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("mentorships", schema=None) as batch_op:
        batch_op.add_column(sa.Column("agreement_message_ts", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("mentorships", schema=None) as batch_op:
        batch_op.drop_column("agreement_message_ts")
