"""Cursor pagination shared by every list: an opaque cursor, a page size, a ``next`` link.

The cursor is the last item's sort key, base64-encoded, so a page never shifts when items are
added before it and a client cannot be tempted to do arithmetic on it.
"""

from __future__ import annotations

import base64
from typing import Annotated, Generic, TypeVar

from fastapi import Query, Request
from pydantic import BaseModel

from tamga.errors import InvalidInput

T = TypeVar("T")

MAX_PAGE = 1000
DEFAULT_PAGE = 100

PageSize = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Items per page.")]
Cursor = Annotated[
    str | None,
    Query(max_length=400, description="Opaque cursor from the previous page's `next` link."),
]


class Page(BaseModel, Generic[T]):
    items: list[T]
    next: str | None = None  # the URL of the next page; absent on the last one


def encode_cursor(key: str) -> str:
    return base64.urlsafe_b64encode(key.encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> str | None:
    if not cursor:
        return None
    try:
        return base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput("not a cursor this API gave out", field="cursor") from None


def next_link(request: Request, last_key: str | None) -> str | None:
    if last_key is None:
        return None
    return str(request.url.include_query_params(cursor=encode_cursor(last_key)))
