"""Who is calling: the four roles and the principal a bearer token stands for."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from tamga.errors import InvalidInput


class Role(StrEnum):
    ADMIN = "admin"  # tokens, lists, configuration (and reads everything)
    ANALYST = "analyst"  # reads everything, works the alert queue
    OFFICER = "officer"  # a customs office: reports at its locations, sees its transits
    TRADER = "trader"  # one holder: reports and sees only its own data


ROLES: tuple[str, ...] = tuple(r.value for r in Role)


@dataclass(frozen=True)
class Principal:
    """The caller as every policy decision needs it.

    Attribute names match the dashboard's ``Viewer`` (``subject``, ``role``, ``holder``,
    ``office``), so either can be handed to code written against the other.
    """

    role: Role
    token_id: str
    holder: str | None = None
    office: str | None = None
    name: str | None = None
    #: further location codes an officer reports at, besides its office
    locations: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.role is Role.TRADER and not self.holder:
            raise InvalidInput("a trader token needs a holder", field="holder")
        if self.role is Role.OFFICER and not self.office:
            raise InvalidInput("an officer token needs an office", field="office")

    @property
    def subject(self) -> str:
        """What the audit log and the alert history record as the actor."""
        return f"{self.role.value}:{self.name or self.token_id}"

    @property
    def reads_all(self) -> bool:
        return self.role in (Role.ADMIN, Role.ANALYST)

    @property
    def works_alerts(self) -> bool:
        return self.role in (Role.ADMIN, Role.ANALYST)

    @property
    def is_trader(self) -> bool:
        return self.role is Role.TRADER

    @property
    def is_officer(self) -> bool:
        return self.role is Role.OFFICER

    @property
    def office_locations(self) -> frozenset[str]:
        return self.locations | ({self.office} if self.office else set())


def parse_role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise InvalidInput(
            f"unknown role {value!r} (one of {', '.join(ROLES)})", field="role"
        ) from None
