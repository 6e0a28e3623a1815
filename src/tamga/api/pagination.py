"""Cursor pagination shared by every list: an opaque cursor, a page size, a ``next`` link.

The cursor is the last item's sort key, base64-encoded, so a page never shifts when items are
added before it and a client cannot be tempted to do arithmetic on it.
"""

from __future__ import annotations

import base64
import re
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


#: the largest sequence number a cursor may name (a 64-bit signed column on every store)
MAX_SEQ = 2**63 - 1
_DIGITS = re.compile(r"[0-9]{1,19}")


def decode_cursor(cursor: str | None) -> str | None:
    if not cursor:
        return None
    try:
        return base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput("not a cursor this API gave out", field="cursor") from None


def parse_seq(text: str | None, field: str = "cursor") -> int | None:
    """A sequence number from a cursor or stream id: ASCII digits only (``str.isdigit`` takes
    ``²``, which ``int`` refuses) and within the store's 64-bit range, else a 400-class refusal
    naming the field, never a 500 nor a cut stream."""
    if text is None:
        return None
    if not _DIGITS.fullmatch(text) or int(text) > MAX_SEQ:
        raise InvalidInput("not a cursor this API gave out", field=field)
    return int(text)


def next_link(request: Request, last_key: str | None) -> str | None:
    if last_key is None:
        return None
    return str(request.url.include_query_params(cursor=encode_cursor(last_key)))
