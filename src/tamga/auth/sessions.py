"""Dashboard sessions: a browser holds a random session id, never the bearer token itself.

The cookie used to be the raw token: anything that read it (a log, a proxy, a shared machine)
had a working API credential, and signing out only asked the browser to forget it. Now sign-in
opens a session (the store keeps the SHA-256 of its id and the token it stands for), signing
out ends it for good, and every request re-checks that the token is still active, so a revoked
token ends its sessions too. Sessions expire after ``lifetime``.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, insert, select, update

from tamga.auth.principal import Principal
from tamga.auth.tokens import TokenStore
from tamga.store.auth_tables import sessions

LIFETIME = timedelta(hours=12)


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


class SessionStore:
    def __init__(self, engine: Engine, lifetime: timedelta = LIFETIME) -> None:
        self.engine = engine
        self.tokens = TokenStore(engine)
        self.lifetime = lifetime

    def open(self, principal: Principal) -> str:
        """A new session for a resolved token: the id to put in the cookie (shown once)."""
        session_id = secrets.token_urlsafe(32)
        now = _now()
        with self.engine.begin() as conn:
            conn.execute(
                insert(sessions).values(
                    session_hash=_digest(session_id),
                    token_id=principal.token_id,
                    created=now.isoformat(timespec="seconds"),
                    expires=(now + self.lifetime).isoformat(timespec="seconds"),
                )
            )
        return session_id

    def principal(self, session_id: str | None) -> Principal | None:
        """The principal of a live session (not ended, not expired, its token active)."""
        if not session_id or len(session_id) > 200:
            return None
        with self.engine.connect() as conn:
            row = conn.execute(
                select(sessions.c.token_id, sessions.c.expires, sessions.c.ended).where(
                    sessions.c.session_hash == _digest(session_id)
                )
            ).first()
        if row is None or row.ended is not None:
            return None
        if row.expires <= _now().isoformat(timespec="seconds"):
            return None
        return self.tokens.principal_of(row.token_id)

    def end(self, session_id: str | None) -> None:
        """Sign out: the session id stops working, whoever holds a copy of it."""
        if not session_id:
            return
        with self.engine.begin() as conn:
            conn.execute(
                update(sessions)
                .where(sessions.c.session_hash == _digest(session_id), sessions.c.ended.is_(None))
                .values(ended=_now().isoformat(timespec="seconds"))
            )
