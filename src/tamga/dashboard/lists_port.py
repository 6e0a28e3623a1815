"""The lists page and the declaration's findings over the lists part's ``GoodsChecker``.

The checker holds every list with its full history, so "entries as of a date" and "the diff
between two dates" are asked of the lists themselves; findings are the checker's own, as dicts.
``ServiceLists`` does the same over the lists part's ``ListsService`` (the store's lists, which
change as they are amended, and the delisting requests kept with them).
"""

from __future__ import annotations

from datetime import date
from typing import Any


class CheckerLists:
    """``ListsPort`` over a ``tamga.lists.checker.GoodsChecker``."""

    def __init__(self, checker: Any, requests: Any = None) -> None:
        self.checker = checker
        self.requests = requests

    def names(self) -> list[str]:
        return sorted(self.checker.lists)

    def _list(self, name: str) -> Any:
        from tamga.errors import NotFound

        if name not in self.checker.lists:
            raise NotFound(f"no list {name!r}")
        return self.checker.lists[name]

    def entries(self, list_name: str, as_of: str) -> list[dict[str, Any]]:
        on = date.fromisoformat(as_of[:10])
        return [e.to_dict() for e in self._list(list_name).entries_on(on)]

    def diff(self, list_name: str, start: str, end: str) -> dict[str, list[dict[str, Any]]]:
        changes = self._list(list_name).diff(
            date.fromisoformat(start[:10]), date.fromisoformat(end[:10])
        )
        out: dict[str, list[dict[str, Any]]] = changes.to_dict()
        return out

    def delisting_requests(self) -> list[dict[str, Any]] | None:
        if self.requests is None:
            return None
        return list(self.requests())

    def check(
        self, hs_code: str, brand: str | None, origin: str | None, destination: str | None, on: str
    ) -> list[dict[str, Any]]:
        findings = self.checker.check(
            hs_code, brand, origin, destination, date.fromisoformat(on[:10])
        )
        return [f.to_dict() for f in findings]


class ServiceLists:
    """``ListsPort`` over ``tamga.lists.service.ListsService``: the checker is asked of the
    service each time (it is rebuilt when the stored lists change), requests come from its store."""

    def __init__(self, service: Any) -> None:
        self.service = service

    def _port(self) -> CheckerLists:
        return CheckerLists(self.service.checker(), self.delisting_requests)

    def names(self) -> list[str]:
        return self._port().names()

    def entries(self, list_name: str, as_of: str) -> list[dict[str, Any]]:
        return self._port().entries(list_name, as_of)

    def diff(self, list_name: str, start: str, end: str) -> dict[str, list[dict[str, Any]]]:
        return self._port().diff(list_name, start, end)

    def delisting_requests(self) -> list[dict[str, Any]]:
        return [r.to_dict() for r in self.service.requests()]

    def check(
        self, hs_code: str, brand: str | None, origin: str | None, destination: str | None, on: str
    ) -> list[dict[str, Any]]:
        return self._port().check(hs_code, brand, origin, destination, on)


def port_for(service: Any) -> ServiceLists | None:
    """The port over a lists service (one with ``checker`` and ``requests``), else None."""
    if hasattr(service, "checker") and hasattr(service, "requests"):
        return ServiceLists(service)
    return None


def default_lists() -> CheckerLists | None:
    """The lists shipped with tamga, when the lists part is installed."""
    try:
        from tamga.lists.checker import GoodsChecker

        return CheckerLists(GoodsChecker.from_defaults())
    except (ImportError, AttributeError):
        return None
