"""Score a party against one listed entity: names token by token, then identifiers and country.

The name score is a weighted Dice over aligned tokens: each token weighs by how much it says
(generic words, patronymics and initials little; in a large list, frequent tokens less), so a short
name against a full legal name (``Sberbank Rossii`` / ``ПАО Сбербанк``) scores high while a sibling
with an extra distinctive word (``Ромашка`` / ``Ромашка Плюс``) does not. Word order is ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, Levenshtein

from tamga.screening.legal_forms import LegalFamily, families_conflict
from tamga.screening.model import ListedEntity, Match, Party
from tamga.screening.names import NameForm, analyze, base_weight, extra_weight, tokens_of

#: the score at and above which a candidate is reported (chosen on the labelled pairs)
DEFAULT_THRESHOLD = 0.8

_IDENTIFIER_FLOOR = 0.95
_IDENTIFIER_CONFLICT = 0.15
_COUNTRY_MISMATCH = 0.1
_LEGAL_FORM_CONFLICT = 0.08
_ORG_AGAINST_PERSON = 0.1
_PERSON_SCHEMAS = frozenset({"Person"})
_ADDRESS_NEEDS_NAME = 0.6  # an address supports a name; alone it says nothing of the party
_ADDRESS_MATCH = 0.85
_ADDRESS_BONUS = 0.05

Weigher = Callable[[str], float]


def token_similarity(a: str, b: str) -> float:
    """Similarity of two skeletons in [0, 1]; fuzzy only for tokens long enough to bear it."""
    if a == b:
        return 1.0
    la, lb = len(a), len(b)
    if la == 1 or lb == 1:  # an initial against a full word
        return 0.9 if a[0] == b[0] else 0.0
    shorter = min(la, lb)
    if shorter <= 4:  # one letter is a different short word: Alma / Alfa, Zala / Zara
        return 0.0
    allowed = 1 if shorter <= 8 else 2
    distance = OSA.distance(a, b, score_cutoff=allowed)  # a swap of two letters is one edit
    if distance > allowed:
        return 0.0
    sim = 1.0 - distance / max(la, lb)
    if Levenshtein.distance(a, b, score_cutoff=distance) > distance:
        return sim  # two letters swapped: a typing slip, not another word
    return sim * sim  # a near miss counts much less than the same word


@dataclass(frozen=True, slots=True)
class NameComparison:
    score: float
    extra_query: float  # weight of query tokens that found no partner
    extra_result: float  # weight of result tokens that found no partner


def compare_names(
    query: NameForm, result: NameForm, weigh: Weigher = base_weight
) -> NameComparison:
    """Weighted Dice of the best one-to-one token alignment (greedy on similarity)."""
    q, r = query.tokens, result.tokens
    if not q or not r:
        return NameComparison(0.0, 0.0, 0.0)
    wq = [weigh(t) for t in q]
    wr = [weigh(t) for t in r]
    pairs = []
    for i, a in enumerate(q):
        for j, b in enumerate(r):
            sim = token_similarity(a, b)
            if sim > 0.0:
                pairs.append((sim, i, j))
    pairs.sort(reverse=True)
    used_q: set[int] = set()
    used_r: set[int] = set()
    matched = 0.0
    for sim, i, j in pairs:
        if i in used_q or j in used_r:
            continue
        used_q.add(i)
        used_r.add(j)
        matched += sim * (wq[i] + wr[j])
    extra_q = sum(extra_weight(q[i], w) for i, w in enumerate(wq) if i not in used_q)
    extra_r = sum(extra_weight(r[j], w) for j, w in enumerate(wr) if j not in used_r)
    paired = sum(wq[i] for i in used_q) + sum(wr[j] for j in used_r)
    score = matched / (paired + extra_q + extra_r)
    joined_q, joined_r = query.joined, result.joined
    if len(joined_q) >= 6 and (len(q) > 1 or len(r) > 1):  # "Alfa Bank" / "Alfabank"
        joined = Levenshtein.normalized_similarity(joined_q, joined_r)
        if joined >= 0.9:
            score = max(score, joined * 0.95)
    return NameComparison(min(score, 1.0), extra_q, extra_r)


#: street-type words, their abbreviations and countries: written or left out at will
_ADDRESS_NOISE = frozenset(
    [
        "ul",
        "ulitsa",
        "str",
        "street",
        "st",
        "pr",
        "prosp",
        "prospekt",
        "pl",
        "ploshchad",
        "d",
        "dom",
        "kv",
        "ofis",
        "office",
        "g",
        "gorod",
        "city",
        "obl",
        "oblast",
        "oblys",
        "respublika",
        "republic",
        "rossiia",
        "rossiya",
        "russia",
        "kazakhstan",
        "kazakstan",
        "mkr",
        "mikroraion",
        "per",
        "pereulok",
        "bulvar",
        "avenue",
        "ave",
        "road",
        "rd",
    ]
)


def _address_text(address: str) -> str:
    return " ".join(t for t in tokens_of(address) if t not in _ADDRESS_NOISE)


def normalize_identifier(value: str) -> str:
    return "".join(ch for ch in value.upper() if ch.isalnum())


def _shape(value: str) -> tuple[bool, int]:
    return value.isdigit(), len(value)


def score_entity(
    party: Party,
    party_forms: Iterable[NameForm],
    entity: ListedEntity,
    entity_forms: Iterable[NameForm],
    weigh: Weigher = base_weight,
) -> Match:
    """The match of ``party`` against ``entity`` with the features that made the score."""
    best: NameComparison | None = None
    best_query: NameForm | None = None
    best_name = entity.caption
    legal_q: set[LegalFamily] = set()
    for qf in party_forms:
        legal_q |= qf.legal
        for ef in entity_forms:
            cmp = compare_names(qf, ef, weigh)
            if best is None or cmp.score > best.score:
                best, best_query, best_name = cmp, qf, ef.original
    name_score = best.score if best else 0.0
    features: dict[str, float] = {"name": name_score}
    if best is not None and best.score > 0:
        if best.extra_query:
            features["extra_query_tokens"] = best.extra_query
        if best.extra_result:
            features["extra_result_tokens"] = best.extra_result
    score = name_score

    legal_r: set[LegalFamily] = set()
    for ef in entity_forms:
        legal_r |= ef.legal
    if best_query is not None and families_conflict(set(best_query.legal), legal_r):
        features["legal_form_conflict"] = -_LEGAL_FORM_CONFLICT
        score -= _LEGAL_FORM_CONFLICT
    org_forms = legal_q - {LegalFamily.SOLE_TRADER}
    if org_forms and entity.schema in _PERSON_SCHEMAS:
        features["organisation_against_person"] = -_ORG_AGAINST_PERSON
        score -= _ORG_AGAINST_PERSON

    if party.country and entity.countries:
        if party.country.lower() in entity.countries:
            features["country_match"] = 1.0
        else:
            features["country_mismatch"] = -_COUNTRY_MISMATCH
            score -= _COUNTRY_MISMATCH

    if party.address and entity.addresses and name_score >= _ADDRESS_NEEDS_NAME:
        mine_addr = _address_text(party.address)
        similarity = max(
            fuzz.token_set_ratio(mine_addr, _address_text(a)) / 100 for a in entity.addresses
        )
        features["address"] = similarity
        if similarity >= _ADDRESS_MATCH:
            score += _ADDRESS_BONUS

    if party.identifiers and entity.identifiers:
        mine = {normalize_identifier(v) for v in party.identifiers} - {""}
        theirs = {normalize_identifier(v) for v in entity.identifiers} - {""}
        if mine & theirs:
            features["identifier_match"] = 1.0
            score = max(score, _IDENTIFIER_FLOOR + (1 - _IDENTIFIER_FLOOR) * name_score)
        elif {_shape(v) for v in mine} & {_shape(v) for v in theirs}:
            features["identifier_conflict"] = -_IDENTIFIER_CONFLICT
            score -= _IDENTIFIER_CONFLICT

    return Match(
        entity_id=entity.entity_id,
        name=entity.caption,
        score=max(0.0, min(1.0, score)),
        matched_name=best_name,
        features=features,
        schema=entity.schema,
        datasets=entity.datasets,
    )


def score_pair(party: Party, entity: ListedEntity) -> Match:
    """Compare one party with one entity, no index: what the quality benchmark measures."""
    party_forms = [analyze(party.name)]
    entity_forms = [analyze(n) for n in entity.names]
    return score_entity(party, party_forms, entity, entity_forms)
