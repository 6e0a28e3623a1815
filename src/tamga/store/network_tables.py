"""The trade network's tables: who sold to whom each month, the parties, and each build."""

from __future__ import annotations

from sqlalchemy import Column, Float, Index, Integer, String, Table, Text

from tamga.store.schema import metadata

#: one row per (seller, buyer, month): declared value, the part in controlled goods, lines
network_edges = Table(
    "network_edges",
    metadata,
    Column("src", String(200), primary_key=True),
    Column("dst", String(200), primary_key=True),
    Column("month", String(7), primary_key=True),
    Column("value", Float, nullable=False),
    Column("controlled_value", Float, nullable=False),
    Column("lines", Integer, nullable=False),
    Column("first", String(40), nullable=False),
    Column("last", String(40), nullable=False),
    Index("ix_network_edges_dst", "dst"),
)

#: the parties of the network: domestic holders and foreign counterparties
network_nodes = Table(
    "network_nodes",
    metadata,
    Column("node_id", String(200), primary_key=True),
    Column("name", Text),
    Column("kind", String(20), nullable=False),  # holder | foreign
    Column("country", String(2)),
)

#: one row per build: up to which log entry, how many edges, how long it took
network_builds = Table(
    "network_builds",
    metadata,
    Column("build_id", Integer, primary_key=True, autoincrement=True),
    Column("built_at", String(40), nullable=False),
    Column("last_seq", Integer, nullable=False),
    Column("edges", Integer, nullable=False),
    Column("seconds", Float, nullable=False),
)
