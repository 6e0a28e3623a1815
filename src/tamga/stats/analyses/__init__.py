"""The analyses, each written once over Ibis so any Ibis backend (DuckDB, PostgreSQL...) runs it."""
