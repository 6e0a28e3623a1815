"""The rates table: one rate per (base, currency, day), and each file loaded."""

from __future__ import annotations

from sqlalchemy import Column, Date, Float, Integer, String, Table

from tamga.store.schema import metadata

#: units of ``base`` per one unit of ``currency`` on ``day``
exchange_rates = Table(
    "exchange_rates",
    metadata,
    Column("base", String(3), primary_key=True),
    Column("currency", String(3), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("rate", Float, nullable=False),
    Column("source", String(300), nullable=False),
)

#: one row per file loaded: how many rows it had, added and changed
rates_loads = Table(
    "rates_loads",
    metadata,
    Column("load_id", Integer, primary_key=True, autoincrement=True),
    Column("source", String(300), nullable=False),
    Column("base", String(3), nullable=False),
    Column("loaded_at", String(40), nullable=False),
    Column("rows", Integer, nullable=False),
    Column("added", Integer, nullable=False),
    Column("changed", Integer, nullable=False),
)
