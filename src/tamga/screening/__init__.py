"""Party screening: listed entities in, a party's scored matches with their reasons out.

``Screener.from_entities(...)`` / ``Screener.from_files(...)`` build an in-memory index;
``Screener.screen(name, country=None, identifiers=(), threshold=None)`` returns ``Match`` objects.
"""

from tamga.screening.model import ListedEntity, Match, Party
from tamga.screening.scoring import DEFAULT_THRESHOLD, score_pair
from tamga.screening.screener import Screener

__all__ = ["DEFAULT_THRESHOLD", "ListedEntity", "Match", "Party", "Screener", "score_pair"]
