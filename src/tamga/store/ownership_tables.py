"""Ownership's tables: links between parties (from FtM files and the holder registry), loads."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, Index, Integer, String, Table, Text

from tamga.store.schema import metadata

#: one row per link: FtM Ownership/Directorship/Family/... or a registry owner/director
ownership_links = Table(
    "ownership_links",
    metadata,
    Column("link_id", String(300), primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("source_id", String(200), nullable=False),
    Column("target_id", String(200), nullable=False),
    Column("share", Float),
    Column("share_text", String(60)),
    Column("start_date", String(10)),
    Column("end_date", String(10)),
    Column("role", Text),
    Column("source_name", Text),
    Column("origin", String(300), nullable=False),
    Column("loaded_at", String(40), nullable=False),
    Index("ix_ownership_links_target_id", "target_id"),
    Index("ix_ownership_links_source_id", "source_id"),
    Index("ix_ownership_links_origin", "origin"),
)

#: one row per file (or registry load) whose links were loaded, with what it reported
ownership_loads = Table(
    "ownership_loads",
    metadata,
    Column("load_id", Integer, primary_key=True, autoincrement=True),
    Column("source", String(300), nullable=False),
    Column("loaded_at", String(40), nullable=False),
    Column("links", Integer, nullable=False),
    Column("deleted", Integer, nullable=False),
    Column("dangling", Integer, nullable=False),
    Column("report", Text, nullable=False),
)

#: analysts' judgements: two records are (or are not) one firm; who and when; never edited
resolution_judgements = Table(
    "resolution_judgements",
    metadata,
    Column("judgement_id", Integer, primary_key=True, autoincrement=True),
    Column("left_id", String(200), nullable=False),
    Column("right_id", String(200), nullable=False),
    Column("same", Boolean, nullable=False),
    Column("actor", String(120), nullable=False),
    Column("at", String(40), nullable=False),
    Column("reason", Text, nullable=False),
    Index("ix_resolution_judgements_left_id", "left_id"),
    Index("ix_resolution_judgements_right_id", "right_id"),
)
