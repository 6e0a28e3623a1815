"""API tokens: made with a random secret shown once, stored as a hash, revocable.

A token reads ``tmg_<id>_<secret>``. The id is public (it names the token in lists, the audit
log and ``tamga tokens revoke``); only the SHA-256 of the secret is stored, and the comparison
is constant-time. Resolution is a primary-key lookup, so it is cheap on every request.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, insert, select, update

from tamga.auth.audit import record
from tamga.auth.principal import Principal, Role, parse_role
from tamga.errors import NotFound
from tamga.store.auth_tables import api_tokens

PREFIX = "tmg_"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    """A freshly made token: ``token`` is the only time the secret is ever visible."""

    token: str
    principal: Principal


def split_token(token: str) -> tuple[str, str] | None:
    if not token.startswith(PREFIX):
        return None
    rest = token[len(PREFIX) :]
    token_id, sep, secret = rest.partition("_")
    if not sep or not token_id or not secret:
        return None
    return token_id, secret


class TokenStore:
    """Create, revoke, list and resolve tokens in the store."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def create(
        self,
        role: Role | str,
        *,
        holder: str | None = None,
        office: str | None = None,
        name: str | None = None,
        actor: str = "cli",
    ) -> IssuedToken:
        role = parse_role(role) if isinstance(role, str) else role
        token_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        principal = Principal(role, token_id, holder=holder, office=office, name=name)
        with self.engine.begin() as conn:
            conn.execute(
                insert(api_tokens).values(
                    token_id=token_id,
                    secret_hash=_digest(secret),
                    role=role.value,
                    holder=holder,
                    office=office,
                    name=name,
                    created=_now(),
                    active=True,
                )
            )
            record(
                conn,
                actor=actor,
                role="admin",
                action="token.create",
                target=token_id,
                detail={"role": role.value, "holder": holder, "office": office, "name": name},
            )
        return IssuedToken(f"{PREFIX}{token_id}_{secret}", principal)

    def revoke(self, token_id: str, *, actor: str = "cli") -> None:
        with self.engine.begin() as conn:
            done = conn.execute(
                update(api_tokens)
                .where(api_tokens.c.token_id == token_id, api_tokens.c.active.is_(True))
                .values(active=False, revoked=_now())
            )
            if done.rowcount == 0:
                raise NotFound(f"no active token {token_id!r}")
            record(conn, actor=actor, role="admin", action="token.revoke", target=token_id)

    def list(self, include_revoked: bool = True) -> list[dict[str, Any]]:
        query = select(
            api_tokens.c.token_id,
            api_tokens.c.role,
            api_tokens.c.holder,
            api_tokens.c.office,
            api_tokens.c.name,
            api_tokens.c.created,
            api_tokens.c.revoked,
            api_tokens.c.active,
        ).order_by(api_tokens.c.created, api_tokens.c.token_id)
        if not include_revoked:
            query = query.where(api_tokens.c.active.is_(True))
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def principal_of(self, token_id: str) -> Principal | None:
        """The principal of a token by its id while the token is active (a dashboard session
        or an open stream re-checks this), else ``None``."""
        with self.engine.connect() as conn:
            row = conn.execute(select(api_tokens).where(api_tokens.c.token_id == token_id)).first()
        if row is None or not row.active:
            return None
        return Principal(
            Role(row.role), row.token_id, holder=row.holder, office=row.office, name=row.name
        )

    def is_active(self, token_id: str) -> bool:
        return self.principal_of(token_id) is not None

    def resolve(self, token: str) -> Principal | None:
        """The principal behind a bearer token, or ``None`` if unknown, wrong or revoked."""
        parts = split_token(token.strip())
        if parts is None:
            return None
        token_id, secret = parts
        with self.engine.connect() as conn:
            row = conn.execute(select(api_tokens).where(api_tokens.c.token_id == token_id)).first()
        if row is None or not row.active:
            return None
        if not hmac.compare_digest(row.secret_hash, _digest(secret)):
            return None
        return Principal(
            Role(row.role), row.token_id, holder=row.holder, office=row.office, name=row.name
        )
