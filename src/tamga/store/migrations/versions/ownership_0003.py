"""ownership: a listed entity's listing periods, from the dates of the Sanction entities naming it

Revision ID: ownership_0003
Revises: ownership_0002
Create Date: 2026-12-06 21:00:00

``screening_entities.listing`` holds a JSON array of ``[start, end]`` days (either may be null);
NULL or empty: listed whatever the day (rows loaded before, and entities no dated Sanction names).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "ownership_0003"
down_revision = "ownership_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("screening_entities") as batch:
        batch.add_column(sa.Column("listing", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("screening_entities") as batch:
        batch.drop_column("listing")
