"""Blocking index: which listed entities are worth scoring for a party.

Every name token is posted under its skeleton, its vowel-less key and (long tokens) its first and
last five letters; short names also under their joined form (``Alfabank``); identifiers under
their normal form. A query reads the rarest posting lists whole; common ones (Ivan, Ivanov) only
rank what the rare ones found; the best few candidates are then scored fully. Frequencies also
weigh tokens: in a large list a token most names carry says little.
"""

from __future__ import annotations

import gc
import heapq
import math
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence

from tamga.screening.model import ListedEntity, Party
from tamga.screening.names import NameForm, analyze, base_weight, consonant_key
from tamga.screening.scoring import normalize_identifier

_MIN_DOCS_FOR_IDF = 1000
_RARE = 0.001  # tokens on at most this share of entities keep their full weight
_COMMON = 0.05  # tokens on this share or more weigh _COMMON_WEIGHT
_COMMON_WEIGHT = 0.4
_POSTING_CAP = 5_000  # a posting list longer than this is not read when rarer keys hit
_CANDIDATES = 48
_SET_CACHE = 256
_AFFIX = 5
_AFFIX_FROM = 8


def token_keys(tok: str) -> list[str]:
    """The token, its vowel-less key, and for long tokens its first and last five letters
    (a typo or a transliteration difference in a long word leaves one of them intact)."""
    keys = [tok]
    ck = consonant_key(tok)
    if ck != tok:
        keys.append("~" + ck)
    keys.extend(_affixes(tok))
    return keys


def _affixes(text: str) -> list[str]:
    if len(text) < _AFFIX_FROM:
        return []
    return ["<" + text[:_AFFIX], ">" + text[-_AFFIX:]]


def _keys(form: NameForm) -> set[str]:
    keys: set[str] = set()
    for tok in form.tokens:
        keys.update(token_keys(tok))
    if 1 < len(form.tokens) <= 3:
        keys.add("+" + form.joined)
        keys.update(_affixes(form.joined))
    return keys


class EntityIndex:
    """Entities, their prepared names and the posting lists over them (all in memory)."""

    def __init__(self, entities: Iterable[ListedEntity]) -> None:
        self.entities: list[ListedEntity] = []
        self.forms: list[tuple[NameForm, ...]] = []
        postings: dict[str, array[int]] = defaultdict(lambda: array("i"))
        ids: dict[str, list[int]] = defaultdict(list)
        for entity in entities:
            n = len(self.entities)
            forms = tuple({f.tokens: f for f in map(analyze, entity.names) if f.tokens}.values())
            self.entities.append(entity)
            self.forms.append(forms)
            keys: set[str] = set()
            for form in forms:
                keys |= _keys(form)
            for key in keys:
                postings[key].append(n)
            for ident in entity.identifiers:
                norm = normalize_identifier(ident)
                if len(norm) >= 5:
                    ids[norm].append(n)
        self.postings: dict[str, array[int]] = dict(postings)
        self.identifiers: dict[str, list[int]] = dict(ids)
        self._weights: dict[str, float] = {}
        self._sets: dict[str, frozenset[int]] = {}  # common keys as sets, oldest dropped first
        # millions of long-lived objects: keep them out of the cyclic collector's full passes,
        # which otherwise stall a query for up to a second now and then
        gc.collect()
        gc.freeze()

    def __len__(self) -> int:
        return len(self.entities)

    def weigh(self, token: str) -> float:
        """Base weight, lowered for tokens frequent in this list (IDF-like, cached)."""
        weight = self._weights.get(token)
        if weight is None:
            weight = base_weight(token)
            total = len(self.entities)
            if total >= _MIN_DOCS_FOR_IDF:
                share = len(self.postings.get(token, ())) / total
                if share > _RARE:
                    span = math.log(_COMMON / _RARE)
                    pos = min(1.0, math.log(share / _RARE) / span)
                    weight = min(weight, 1.0 - pos * (1.0 - _COMMON_WEIGHT))
            self._weights[token] = weight
        return weight

    def _member_set(self, key: str) -> frozenset[int]:
        members = self._sets.get(key)
        if members is None:
            if len(self._sets) >= _SET_CACHE:
                self._sets.pop(next(iter(self._sets)))
            members = self._sets[key] = frozenset(self.postings[key])
        return members

    def candidates(self, party: Party, forms: Sequence[NameForm]) -> list[int]:
        """Entity positions worth scoring: identifier hits first, then the best token overlaps."""
        found: dict[int, float] = {}
        for ident in party.identifiers:
            for n in self.identifiers.get(normalize_identifier(ident), ()):
                found[n] = found.get(n, 0.0) + 100.0
        lists: list[tuple[int, float, str]] = []
        for form in forms:
            for tok in form.tokens:
                w = self.weigh(tok)
                for key in token_keys(tok):
                    posting = self.postings.get(key)
                    if posting is not None:
                        lists.append((len(posting), w, key))
            # written as one word on one side only: "Alfabank" / "Alfa Bank"
            if len(form.tokens) <= 3:
                joined_keys = ["+" + form.joined]
                if len(form.tokens) > 1:
                    joined_keys += [form.joined, *_affixes(form.joined)]
                for key in joined_keys:
                    posting = self.postings.get(key)
                    if posting is not None:
                        lists.append((len(posting), 2.0, key))
        lists.sort()
        read = 0
        for size, w, key in lists:
            if read and size > _POSTING_CAP:
                # a common key (Ivan, Ivanov): not read whole, only used to rank what rarer
                # keys found, so "Ivan Ivanov" ranks the Ivan Ivanovs above other Ivanovs
                members = self._member_set(key)
                for n in found:
                    if n in members:
                        found[n] += w
                continue
            read += size
            for n in self.postings[key]:
                found[n] = found.get(n, 0.0) + w
        if len(found) <= _CANDIDATES:
            return list(found)
        return heapq.nlargest(_CANDIDATES, found, key=found.__getitem__)
