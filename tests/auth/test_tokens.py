"""Tokens: shown once, stored only as a hash, resolvable until revoked; every change audited."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from tamga.auth import Role, TokenStore, entries
from tamga.cli.main import app
from tamga.errors import InvalidInput, NotFound
from tamga.store.auth_tables import api_tokens
from tamga.store.database import connect


def test_a_token_resolves_to_its_principal_and_only_a_hash_is_stored(sqlite_url: str) -> None:
    engine = connect(sqlite_url)
    tokens = TokenStore(engine)
    issued = tokens.create("trader", holder="KZ-ACME", name="Acme LLP")
    p = tokens.resolve(issued.token)
    assert p is not None
    assert (p.role, p.holder, p.token_id) == (Role.TRADER, "KZ-ACME", issued.principal.token_id)
    secret = issued.token.split("_", 2)[2]  # the id is hex; the secret may hold "_"
    with engine.connect() as conn:
        row = conn.execute(select(api_tokens)).one()
    assert secret not in "".join(str(v) for v in row)
    assert row.secret_hash == hashlib.sha256(secret.encode()).hexdigest()


def test_wrong_malformed_and_revoked_tokens_resolve_to_nobody(sqlite_url: str) -> None:
    tokens = TokenStore(connect(sqlite_url))
    issued = tokens.create("analyst")
    token_id = issued.principal.token_id
    assert tokens.resolve(issued.token[:-2] + "xx") is None
    assert tokens.resolve("not-a-token") is None
    assert tokens.resolve(f"tmg_{token_id}_") is None
    tokens.revoke(token_id)
    assert tokens.resolve(issued.token) is None
    with pytest.raises(NotFound):
        tokens.revoke(token_id)
    listed = {r["token_id"]: r for r in tokens.list()}
    assert listed[token_id]["active"] is False


def test_scoped_roles_need_their_scope(sqlite_url: str) -> None:
    tokens = TokenStore(connect(sqlite_url))
    with pytest.raises(InvalidInput):
        tokens.create("trader")
    with pytest.raises(InvalidInput):
        tokens.create("officer")
    with pytest.raises(InvalidInput):
        tokens.create("superuser")


def test_token_changes_are_audited(sqlite_url: str) -> None:
    engine = connect(sqlite_url)
    tokens = TokenStore(engine)
    issued = tokens.create("officer", office="KHORGOS", actor="admin:ops")
    tokens.revoke(issued.principal.token_id, actor="admin:ops")
    log = entries(engine)
    assert [e["action"] for e in log] == ["token.revoke", "token.create"]
    assert {e["actor"] for e in log} == {"admin:ops"}
    assert log[1]["detail"]["office"] == "KHORGOS"


def test_cli_creates_prints_once_lists_and_revokes(sqlite_url: str) -> None:
    runner = CliRunner()
    made = runner.invoke(
        app, ["tokens", "create", "--role", "trader", "--holder", "KZ-1", "--db", sqlite_url]
    )
    assert made.exit_code == 0, made.output
    token = made.stdout.strip().splitlines()[-1]
    assert TokenStore(connect(sqlite_url)).resolve(token) is not None
    listed = runner.invoke(app, ["tokens", "list", "--json", "--db", sqlite_url])
    assert token.split("_", 2)[2] not in listed.stdout
    token_id = token.split("_", 2)[1]
    assert token_id in listed.stdout
    revoked = runner.invoke(app, ["tokens", "revoke", token_id, "--db", sqlite_url])
    assert revoked.exit_code == 0
    assert TokenStore(connect(sqlite_url)).resolve(token) is None
    again = runner.invoke(app, ["tokens", "revoke", token_id, "--db", sqlite_url])
    assert again.exit_code == 2
