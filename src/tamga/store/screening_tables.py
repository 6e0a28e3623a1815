"""Screening's tables: the listed entities loaded from sanctions lists, and each load."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, Index, Integer, String, Table, Text, true

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
    Column("birth_dates", Text),  # JSON array (screening_0002)
    Column("referents", Text),  # JSON array: ids merged into this one (screening_0002)
    # JSON array of [start, end] days its Sanction entities give; empty: any day (ownership_0003)
    Column("listing", Text),
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

#: every version of every entity, with the load that made it and the load that ended it, so
#: screening can answer "as of DATE" with the lists as they stood then
screening_entity_versions = Table(
    "screening_entity_versions",
    metadata,
    Column("version_id", Integer, primary_key=True, autoincrement=True),
    Column("entity_id", String(200), nullable=False),
    Column("load_id", Integer, nullable=False),
    Column("valid_from", String(40), nullable=False),
    Column("valid_to", String(40)),
    Column("ended_by", Integer),
    Column("data", Text),  # the entity as JSON; NULL for a deletion
    Index("ix_screening_entity_versions_entity", "entity_id", "valid_from"),
    Index("ix_screening_entity_versions_load", "load_id"),
)

#: an analyst's judgement on a (party, listed entity) pair, with what was known when it was made
screening_decisions = Table(
    "screening_decisions",
    metadata,
    Column("decision_id", Integer, primary_key=True, autoincrement=True),
    Column("party_key", String(400), nullable=False),
    Column("party_name", Text, nullable=False),
    Column("party_country", String(2)),
    Column("party_identifiers", Text, nullable=False),
    Column("entity_id", String(200), nullable=False),
    Column("verdict", String(10), nullable=False),  # same | not_same
    Column("reason", Text, nullable=False),
    Column("decided_by", String(200), nullable=False),
    Column("decided_at", String(40), nullable=False),
    Column("score", Float),
    Column("list_version", Text, nullable=False),
    Column("algorithm_version", String(40), nullable=False),
    Column("threshold", Float, nullable=False),
    Column("superseded_by", Integer),
    Index("ix_screening_decisions_party", "party_key", "entity_id"),
)

#: what screening last found for each party the ledger knows: a match absent here is new
screening_results = Table(
    "screening_results",
    metadata,
    Column("party_key", String(400), primary_key=True),
    Column("entity_id", String(200), primary_key=True),
    Column("party_name", Text, nullable=False),
    Column("role", String(20), nullable=False),
    Column("score", Float, nullable=False),
    Column("first_matched", String(40), nullable=False),
    Column("last_screened", String(40), nullable=False),
    Column("load_id", Integer),
    Column("algorithm_version", String(40), nullable=False),
    Column("threshold", Float, nullable=False),
    Column("alerts", Integer, nullable=False, default=0),
)
