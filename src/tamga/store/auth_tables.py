"""The service's own tables: API tokens (only a hash of each secret) and the audit log.

A token is shown once when it is made; the store keeps its public id and the SHA-256 of its
secret, so a copy of the database does not hand out working credentials. Every write through the
service (capture, alert actions, token changes) leaves one audit row: who, when, what.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, Integer, String, Table, Text

from tamga.store.schema import metadata

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("token_id", String(32), primary_key=True),
    Column("secret_hash", String(64), nullable=False),
    Column("role", String(16), nullable=False),
    Column("holder", String(120)),
    Column("office", String(120)),
    Column("name", String(200)),
    Column("created", String(40), nullable=False),
    Column("revoked", String(40)),
    Column("active", Boolean, nullable=False, default=True),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("time", String(40), nullable=False),
    Column("actor", String(200), nullable=False),  # token id, or "cli" for local commands
    Column("role", String(16), nullable=False),
    Column("action", String(60), nullable=False),
    Column("target", String(300)),
    Column("detail", Text),  # JSON
    Index("ix_audit_log_time", "time"),
    Index("ix_audit_log_actor", "actor"),
)

#: browser sessions of the dashboard: the cookie holds a random session id, the store its
#: SHA-256 and the token it was opened with; signing out (or the token's revocation) ends it
sessions = Table(
    "sessions",
    metadata,
    Column("session_hash", String(64), primary_key=True),
    Column("token_id", String(32), nullable=False),
    Column("created", String(40), nullable=False),
    Column("expires", String(40), nullable=False),
    Column("ended", String(40)),
    Index("ix_sessions_token_id", "token_id"),
)
