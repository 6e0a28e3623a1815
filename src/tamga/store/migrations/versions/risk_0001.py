"""risk: alerts, links, history, subjects (channels), rule state

Revision ID: risk_0001
Revises:
Create Date: 2026-11-24 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "risk_0001"
down_revision = None
branch_labels = ("risk",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "risk_alerts",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("rule", sa.String(length=60), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("subject_kind", sa.String(length=20), nullable=False),
        sa.Column("severity", sa.String(length=12), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("state", sa.String(length=24), nullable=False),
        sa.Column("assignee", sa.String(length=200), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("time", sa.String(length=40), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.Column("updated_at", sa.String(length=40), nullable=False),
        sa.Column("declarations", sa.Text(), nullable=False),
        sa.Column("event_ids", sa.Text(), nullable=False),
        sa.Column("holders", sa.Text(), nullable=False),
        sa.Column("transits", sa.Text(), nullable=False),
        sa.Column("locations", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_alerts")),
    )
    op.create_index("ix_risk_alerts_seq", "risk_alerts", ["seq"], unique=False)
    op.create_index("ix_risk_alerts_subject", "risk_alerts", ["subject"], unique=False)
    op.create_index("ix_risk_alerts_rule_state", "risk_alerts", ["rule", "state"], unique=False)
    op.create_table(
        "risk_alert_links",
        sa.Column("alert_id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("alert_id", "kind", "value", name=op.f("pk_risk_alert_links")),
    )
    op.create_index(
        "ix_risk_alert_links_kind_value", "risk_alert_links", ["kind", "value"], unique=False
    )
    op.create_table(
        "risk_history",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("alert_id", sa.String(length=40), nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=24), nullable=False),
        sa.Column("from_state", sa.String(length=24), nullable=False),
        sa.Column("to_state", sa.String(length=24), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("assignee", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_history")),
    )
    op.create_index("ix_risk_history_alert", "risk_history", ["alert_id"], unique=False)
    op.create_table(
        "risk_subjects",
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("alerts", sa.Integer(), nullable=False),
        sa.Column("hold", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("subject", name=op.f("pk_risk_subjects")),
    )
    op.create_table(
        "risk_state",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_risk_state")),
    )


def downgrade() -> None:
    op.drop_table("risk_state")
    op.drop_table("risk_subjects")
    op.drop_index("ix_risk_history_alert", table_name="risk_history")
    op.drop_table("risk_history")
    op.drop_index("ix_risk_alert_links_kind_value", table_name="risk_alert_links")
    op.drop_table("risk_alert_links")
    op.drop_index("ix_risk_alerts_rule_state", table_name="risk_alerts")
    op.drop_index("ix_risk_alerts_subject", table_name="risk_alerts")
    op.drop_table("risk_alerts")
