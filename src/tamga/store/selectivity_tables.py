"""Selectivity's tables: outcomes of inspections and reviews, the trained models (versioned,
with their training set and metrics), the model's score of each declaration as it was lodged,
and the lane each declaration was given."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, Index, Integer, LargeBinary, String, Table, Text

from tamga.store.schema import metadata

#: one result per declaration and source (file: the national system; workflow: an analyst's
#: confirm or false positive; replay); a reload of the same source updates it in place
selectivity_outcomes = Table(
    "selectivity_outcomes",
    metadata,
    Column("declaration_no", String(120), primary_key=True),
    Column("source", String(20), primary_key=True),
    Column("found", Boolean, nullable=False),
    Column("offence", String(60)),
    Column("value", Float),
    Column("inspector", String(200), nullable=False),
    Column("at", String(40), nullable=False),
    Column("lane", String(8)),
    Column("random", Boolean, nullable=False, default=False),
    Column("reference", String(200)),
    Column("loaded_at", String(40), nullable=False),
    Index("ix_selectivity_outcomes_at", "at"),
)

#: each training: the model (LightGBM's text form), its columns, its training set (declaration,
#: label, weight), metrics and date; the highest version is the one in use
selectivity_models = Table(
    "selectivity_models",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("trained_at", String(40), nullable=False),
    Column("algorithm", String(60), nullable=False),
    Column("rows", Integer, nullable=False),
    Column("found", Integer, nullable=False),
    Column("spec", Text, nullable=False),
    Column("params", Text, nullable=False),
    Column("metrics", Text, nullable=False),
    Column("training_set", Text, nullable=False),
    Column("model", LargeBinary, nullable=False),
)

#: the newest model's score of each import and export declaration when the risk follower scored
#: it (as lodged: its own alerts, its holder's history before it), with the features that moved
#: it most (``explanation``: JSON of base, method and contributions, as ``Trained.explain``)
selectivity_scores = Table(
    "selectivity_scores",
    metadata,
    Column("declaration_no", String(120), primary_key=True),
    Column("model_version", Integer, nullable=False),
    Column("score", Float, nullable=False),
    Column("rules_score", Float, nullable=False),
    Column("explanation", Text, nullable=False),
    Column("event_seq", Integer, nullable=False),
    Column("scored_at", String(40), nullable=False),
)

#: the lane given to each declaration, with the office and period whose capacity it used
selectivity_lanes = Table(
    "selectivity_lanes",
    metadata,
    Column("declaration_no", String(120), primary_key=True),
    Column("office", String(120), nullable=False),
    Column("period", String(10), nullable=False),
    Column("lane", String(8), nullable=False),
    Column("how", String(8), nullable=False),  # must | random | score | rest
    Column("score", Float),
    Column("model_version", Integer),
    Column("decided_at", String(40), nullable=False),
    Index("ix_selectivity_lanes_office_period", "office", "period"),
)

#: the lane plan each ``tamga selectivity lanes`` ran with (its targets, as JSON); the newest is
#: what the realised mix is held against
selectivity_plans = Table(
    "selectivity_plans",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("at", String(40), nullable=False),
    Column("plan", Text, nullable=False),
)
