"""screening: dates of birth and merged ids on entities, entity versions, analysts' decisions

Revision ID: screening_0002
Revises: screening_0001
Create Date: 2026-12-04 20:05:00
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "screening_0002"
down_revision = "screening_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("screening_entities") as batch:
        batch.add_column(sa.Column("birth_dates", sa.Text(), nullable=True))
        batch.add_column(sa.Column("referents", sa.Text(), nullable=True))
    op.create_table(
        "screening_entity_versions",
        sa.Column("version_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entity_id", sa.String(length=200), nullable=False),
        sa.Column("load_id", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.String(length=40), nullable=False),
        sa.Column("valid_to", sa.String(length=40), nullable=True),
        sa.Column("ended_by", sa.Integer(), nullable=True),
        sa.Column("data", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("version_id", name=op.f("pk_screening_entity_versions")),
    )
    op.create_index(
        "ix_screening_entity_versions_entity",
        "screening_entity_versions",
        ["entity_id", "valid_from"],
    )
    op.create_index("ix_screening_entity_versions_load", "screening_entity_versions", ["load_id"])
    op.create_table(
        "screening_decisions",
        sa.Column("decision_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("party_key", sa.String(length=400), nullable=False),
        sa.Column("party_name", sa.Text(), nullable=False),
        sa.Column("party_country", sa.String(length=2), nullable=True),
        sa.Column("party_identifiers", sa.Text(), nullable=False),
        sa.Column("entity_id", sa.String(length=200), nullable=False),
        sa.Column("verdict", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.String(length=40), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("list_version", sa.Text(), nullable=False),
        sa.Column("algorithm_version", sa.String(length=40), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.Column("superseded_by", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("decision_id", name=op.f("pk_screening_decisions")),
    )
    op.create_index(
        "ix_screening_decisions_party", "screening_decisions", ["party_key", "entity_id"]
    )
    _first_versions()


_FIELDS = ("names", "countries", "identifiers", "addresses", "datasets", "topics")


def _first_versions() -> None:
    """Entities loaded before this revision get their current row as their first version."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT entity_id, schema, names, countries, identifiers, addresses, datasets, "
            "topics, source, listed_on, last_change, loaded_at FROM screening_entities"
        )
    ).mappings()
    versions = []
    for row in rows:
        data = {k: json.loads(row[k]) for k in _FIELDS}
        data.update(
            entity_id=row["entity_id"],
            schema=row["schema"],
            source=row["source"],
            listed_on=row["listed_on"],
            last_change=row["last_change"],
            birth_dates=[],
            referents=[],
        )
        versions.append(
            {
                "entity_id": row["entity_id"],
                "load_id": 0,
                "valid_from": row["loaded_at"],
                "data": json.dumps(data, ensure_ascii=False),
            }
        )
    if versions:
        table = sa.table(
            "screening_entity_versions",
            sa.column("entity_id"),
            sa.column("load_id"),
            sa.column("valid_from"),
            sa.column("data"),
        )
        op.bulk_insert(table, versions)


def downgrade() -> None:
    op.drop_index("ix_screening_decisions_party", table_name="screening_decisions")
    op.drop_table("screening_decisions")
    op.drop_index("ix_screening_entity_versions_load", table_name="screening_entity_versions")
    op.drop_index("ix_screening_entity_versions_entity", table_name="screening_entity_versions")
    op.drop_table("screening_entity_versions")
    with op.batch_alter_table("screening_entities") as batch:
        batch.drop_column("referents")
        batch.drop_column("birth_dates")
