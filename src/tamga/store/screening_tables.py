"""Screening's tables: the listed entities loaded from sanctions lists, and each load."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, Integer, String, Table, Text, true

from tamga.store.schema import metadata

#: one row per listed entity (latest version); the matcher's fields as JSON arrays
screening_entities = Table(
    "screening_entities",
    metadata,
    Column("entity_id", String(200), primary_key=True),
    Column("schema", String(40), nullable=False),
    Column("caption", Text, nullable=False),
    Column("names", Text, nullable=False),
    Column("countries", Text, nullable=False),
    Column("identifiers", Text, nullable=False),
    Column("addresses", Text, nullable=False),
    Column("datasets", Text, nullable=False),
    Column("topics", Text, nullable=False),
    Column("source", String(300), nullable=False),
    Column("listed_on", String(40)),
    Column("last_change", String(40)),
    Column("loaded_at", String(40), nullable=False),
    # False: a known party (owner, asset, relative) kept for the ownership graph; ownership_0001
    Column("listed", Boolean, nullable=False, server_default=true()),
    Index("ix_screening_entities_source", "source"),
)

#: one row per file loaded: what it was and what it changed
screening_loads = Table(
    "screening_loads",
    metadata,
    Column("load_id", Integer, primary_key=True, autoincrement=True),
    Column("source", String(300), nullable=False),
    Column("loaded_at", String(40), nullable=False),
    Column("added", Integer, nullable=False),
    Column("modified", Integer, nullable=False),
    Column("deleted", Integer, nullable=False),
)
