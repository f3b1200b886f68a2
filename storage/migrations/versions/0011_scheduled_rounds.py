"""rounds an admin can shape and schedule: each proposal's revision (edits are checked against
it), and each program's round schedule (every N weeks on a weekday, approved by itself or not)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Each edit of a proposal (remove, swap) moves its revision on; a button from an older one is stale.
    with op.batch_alter_table("match_rounds", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default="0"))
    # NULL every: no scheduled rounds (the default). The anchor is the first round's date; later
    # ones fall every N weeks after it.
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("round_every_weeks", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("round_weekday", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("round_anchor", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("round_auto_approve", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.drop_column("round_auto_approve")
        batch_op.drop_column("round_anchor")
        batch_op.drop_column("round_weekday")
        batch_op.drop_column("round_every_weeks")
    with op.batch_alter_table("match_rounds", schema=None) as batch_op:
        batch_op.drop_column("revision")
