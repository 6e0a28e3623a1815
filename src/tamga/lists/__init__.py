"""Controlled goods lists: dated, amendable lists of HS prefixes, brands and routes; a fast check.

The domain here knows nothing of storage or CLI: ``model`` holds lists and amendments,
``checker`` answers "is this line controlled on this date?", ``loader`` reads CSV/JSON/YAML,
``defaults`` ships the lists written from public facts, ``delisting`` the rights holders' requests.
"""

from tamga.lists.checker import GoodsChecker
from tamga.lists.model import Amendment, Effect, Entry, Finding, GoodsList, ListDiff

__all__ = ["Amendment", "Effect", "Entry", "Finding", "GoodsChecker", "GoodsList", "ListDiff"]
