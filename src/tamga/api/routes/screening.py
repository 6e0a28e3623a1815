"""``POST /api/v1/screen``: screen a party's name against the loaded sanctions entities.

The screener's in-memory index is built from the store (``tamga screen load``) on first use
in each worker and rebuilt when the store's entity count changes.
"""

from __future__ import annotations

import threading
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from tamga.api.deps import Caller, Svc
from tamga.api.problems import COMMON_ERRORS
from tamga.auth.policy import Action, require
from tamga.screening import Screener
from tamga.screening.repository import ScreeningRepository
from tamga.services import Services

router = APIRouter(prefix="/api/v1", tags=["screening"], responses=COMMON_ERRORS)
_lock = threading.Lock()


class ScreenRequest(BaseModel):
    name: Annotated[str, Field(max_length=500)]
    country: Annotated[str | None, Field(max_length=2)] = None
    identifiers: Annotated[list[Annotated[str, Field(max_length=100)]], Field(max_length=20)] = []
    threshold: Annotated[float | None, Field(ge=0, le=1)] = None
    limit: Annotated[int, Field(ge=1, le=100)] = 10


class ScreenMatch(BaseModel):
    entity_id: str
    name: str
    score: float
    matched_name: str
    features: dict[str, float]
    schema_: str = Field(default="", alias="schema")
    datasets: list[str]


class ScreenResult(BaseModel):
    name: str
    entities: int
    matches: list[ScreenMatch]


def screener_for(services: Services) -> Screener:
    """The configured screener, or one over the store's entities, kept while they are unchanged."""
    if services.screener is not None:
        return services.screener
    repo = ScreeningRepository(services.engine)
    count = repo.count()
    with _lock:
        cached = services.screen_cache
        if cached is None or cached[0] != count:
            cached = (count, Screener.from_entities(repo.entities()))
            services.screen_cache = cached
        return cached[1]


@router.post("/screen", response_model=ScreenResult, summary="Screen a party's name")
def screen(body: ScreenRequest, services: Svc, principal: Caller) -> ScreenResult:
    require(principal, Action.SCREEN)
    screener = screener_for(services)
    matches: list[Any] = screener.screen(
        body.name,
        country=body.country,
        identifiers=body.identifiers,
        threshold=body.threshold,
        limit=body.limit,
    )
    return ScreenResult(
        name=body.name,
        entities=len(screener),
        matches=[ScreenMatch.model_validate(asdict(m)) for m in matches],
    )
