"""Alembic environment: run on the connection tamga hands over (see tamga.store.database)."""

from __future__ import annotations

import importlib
import pkgutil

from alembic import context
from sqlalchemy import create_engine

import tamga.store
from tamga.store.schema import metadata

# every part's tables, so that autogenerate sees them all
for module in pkgutil.iter_modules(tamga.store.__path__):
    if module.name.endswith("_tables"):
        importlib.import_module(f"tamga.store.{module.name}")

config = context.config
connection = config.attributes.get("connection")

if connection is None:  # command-line use: alembic -x url=...
    url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///var/tamga.sqlite")
    with create_engine(url).begin() as conn:
        context.configure(connection=conn, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
