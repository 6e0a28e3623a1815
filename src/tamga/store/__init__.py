"""Storage: SQLAlchemy Core tables, Alembic migrations, and the stores behind one contract.

SQLite (a file) is the embedded default; PostgreSQL is the production store. Each part of tamga
keeps its tables in ``<part>_tables.py`` on the one ``schema.metadata`` and its migrations on its
own Alembic branch, so parts evolve independently.
"""
