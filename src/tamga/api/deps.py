"""Request dependencies: the services, and the principal behind the bearer token."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from tamga.auth import Principal
from tamga.errors import Unauthenticated
from tamga.services import Services

_bearer = HTTPBearer(auto_error=False, description="A token from `tamga tokens create`.")


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def get_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None or not credentials.credentials:
        raise Unauthenticated("a bearer token is required (Authorization: Bearer ...)")
    principal = get_services(request).tokens.resolve(credentials.credentials)
    if principal is None:
        raise Unauthenticated("unknown or revoked token")
    request.state.principal = principal
    return principal


Svc = Annotated[Services, Depends(get_services)]
Caller = Annotated[Principal, Depends(get_principal)]
