"""Who may do what: roles, principals, hashed API tokens, the audit log and the one policy.

Interfaces (the REST API, the live stream, EPCIS, the dashboard) resolve a bearer token with
``TokenStore.resolve`` and ask ``tamga.auth.policy``; none writes its own access rule.
"""

from tamga.auth.audit import audit, entries, record
from tamga.auth.principal import ROLES, Principal, Role, parse_role
from tamga.auth.tokens import IssuedToken, TokenStore

__all__ = [
    "ROLES",
    "IssuedToken",
    "Principal",
    "Role",
    "TokenStore",
    "audit",
    "entries",
    "parse_role",
    "record",
]
