"""Score a party against one listed entity: names token by token, then identifiers and country.

The name score is a weighted Dice over aligned tokens: each token weighs by how much it says
(generic words, patronymics and initials little; in a large list, frequent tokens less), so a short
name against a full legal name (``Sberbank Rossii`` / ``ПАО Сбербанк``) scores high while a sibling
with an extra distinctive word (``Ромашка`` / ``Ромашка Плюс``) does not. Word order is ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, Levenshtein

from tamga.screening import persons
from tamga.screening.legal_forms import LegalFamily, families_conflict
from tamga.screening.model import ListedEntity, Match, Party
from tamga.screening.names import NameForm, analyze, base_weight, extra_weight, tokens_of

#: the score at and above which a candidate is reported (chosen on the labelled pairs)
DEFAULT_THRESHOLD = 0.8
#: recorded with every decision and screening result; changes whenever scores can change
ALGORITHM_VERSION = "tamga-screening-2"

_IDENTIFIER_FLOOR = 0.95
_IDENTIFIER_CONFLICT = 0.25
_GENDER_CONFLICT = 0.1
_BIRTH_DATE_MATCH = 0.05  # a full date in common; a year in common adds 0.02
_BIRTH_YEAR_MATCH = 0.02
_BIRTH_YEAR_CONFLICT = 0.3  # another year of birth: very likely another person
_BIRTH_DAY_CONFLICT = 0.15  # same year, another day
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
    if a.isdigit() or b.isdigit():  # numbers are equal or not (First / Second Investment Bank)
        return 0.0
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


@lru_cache(maxsize=1 << 19)
def person_spelling_similarity(a: str, b: str) -> float:
    """Two parts of person names by spelling alone: the skeleton's edit distance, German/French
    spellings, vowel-only variants; ``-1`` for the two gendered forms of one name."""
    if persons.gendered_pair(a, b):
        return -1.0
    sim = token_similarity(a, b)
    if sim >= persons.ALTERNATIVE_SPELLING or len(a) == 1 or len(b) == 1:
        return sim
    if sim == 0.0 and abs(len(a) - len(b)) > 3:  # no other spelling bridges that
        return 0.0
    alt_a, alt_b = persons.alternative_skeleton(a), persons.alternative_skeleton(b)
    if alt_a == alt_b:
        return persons.ALTERNATIVE_SPELLING
    sim = max(sim, token_similarity(alt_a, alt_b))
    if 0 < sim < 0.8 and min(len(a), len(b)) <= 5:
        sim = sim**1.5  # one letter in five: more often another family (Sechin / Semin)
    if sim < persons.VOWEL_VARIANT and (
        persons.vowel_variant(a, b) or persons.vowel_variant(alt_a, alt_b)
    ):
        sim = persons.VOWEL_VARIANT
    return sim


@dataclass(frozen=True, slots=True)
class NameComparison:
    score: float
    extra_query: float  # weight of query tokens that found no partner
    extra_result: float  # weight of result tokens that found no partner
    gender_conflict: bool = False  # Ivanov / Ivanova left unpaired
    acronym: bool = False


_ACRONYM = 0.88
_ONE_SIDED_EXTRA = 0.5
_EQUIVALENTS_FROM = 0.7  # name groups are looked up only where they could lift a pair this high


def _equivalents(
    query: NameForm,
    result: NameForm,
    wq: list[float],
    wr: list[float],
    used_q: set[int],
    used_r: set[int],
    weak: list[tuple[float, int, int]],
    gendered: list[tuple[int, int]],
    matched_before: float,
) -> float:
    """Given names in one name group: weakly spelled pairs are raised to the group's
    similarity, left-over names paired. Marks what it pairs used; returns the weight added."""
    q, r = query.tokens, result.tokens
    given = persons.may_be_given_name
    weak = [(sim, i, j) for sim, i, j in weak if given(q[i]) and given(r[j])]
    left_q = [i for i in range(len(q)) if i not in used_q and given(q[i])]
    left_r = [j for j in range(len(r)) if j not in used_r and given(r[j])]
    if not weak and not (left_q and left_r):
        return 0.0
    # rigour's tagger is the costly part (and loads its tables on first use): only ask it when
    # the pair could reach a match were every such name an equivalent
    best = matched_before + sum((persons.EQUIVALENT_NAME - s) * (wq[i] + wr[j]) for s, i, j in weak)
    if left_q and left_r:
        best += persons.EQUIVALENT_NAME * (sum(wq[i] for i in left_q) + sum(wr[j] for j in left_r))
    if best < _EQUIVALENTS_FROM * (sum(wq) + sum(wr)):
        return 0.0
    words_q, words_r = persons.token_words(query.original), persons.token_words(result.original)
    matched = 0.0
    for sim, i, j in weak:
        if persons.equivalent_names(q[i], words_q.get(q[i]), r[j], words_r.get(r[j])):
            matched += (persons.EQUIVALENT_NAME - sim) * (wq[i] + wr[j])
    for i in left_q if left_r else ():
        for j in left_r:
            if j in used_r or (i, j) in gendered:  # Navalny / Navalnaya share a name group
                continue
            if persons.equivalent_names(q[i], words_q.get(q[i]), r[j], words_r.get(r[j])):
                used_q.add(i)
                used_r.add(j)
                matched += persons.EQUIVALENT_NAME * (wq[i] + wr[j])
                break
    return matched


def _acronym(short: NameForm, long: NameForm) -> bool:
    """``USC`` for ``United Shipbuilding Corporation``, ``IRGC`` ... (written in capitals)."""
    if len(short.tokens) != 1 or len(long.tokens) < 2:
        return False
    letters = short.original.strip()
    if not (2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()):
        return False
    words = tokens_of(long.original)
    initials = "".join(w[0] for w in words)
    significant = "".join(w[0] for w in words if w not in ("of", "the", "and", "for"))
    return letters.lower() in (initials, significant)


def compare_names(
    query: NameForm, result: NameForm, weigh: Weigher = base_weight, person: bool = False
) -> NameComparison:
    """Weighted Dice of the best one-to-one token alignment (greedy on similarity).

    ``person``: the result is a person, so honorifics weigh nothing, gendered forms of one name
    conflict, and other transliteration systems and name equivalents (rigour's name groups:
    diminutives, Ukrainian and Kazakh forms) count.
    """
    q, r = query.tokens, result.tokens
    if not q or not r:
        return NameComparison(0.0, 0.0, 0.0)
    wq = [weigh(t) for t in q]
    wr = [weigh(t) for t in r]
    if person:
        honorifics = persons.HONORIFICS
        for tokens, weights in ((q, wq), (r, wr)):
            if len(tokens) > 1 and not honorifics.isdisjoint(tokens):
                for i, t in enumerate(tokens):
                    if t in honorifics:
                        weights[i] = persons.HONORIFIC_WEIGHT
    pairs = []
    gendered: list[tuple[int, int]] = []
    for i, a in enumerate(q):
        for j, b in enumerate(r):
            if not person:
                sim = token_similarity(a, b)
            else:
                sim = person_spelling_similarity(a, b)
                if sim < 0:
                    gendered.append((i, j))
                    continue
            if sim > 0.0:
                pairs.append((sim, i, j))
    pairs.sort(reverse=True)
    used_q: set[int] = set()
    used_r: set[int] = set()
    matched = 0.0
    weak: list[tuple[float, int, int]] = []
    lowest = 1.0
    for sim, i, j in pairs:
        if i in used_q or j in used_r:
            continue
        used_q.add(i)
        used_r.add(j)
        matched += sim * (wq[i] + wr[j])
        if sim < persons.VOWEL_VARIANT:
            weak.append((sim, i, j))
        lowest = min(lowest, sim)
    if person and (weak or (len(used_q) < len(q) and len(used_r) < len(r))):
        # given names their spelling pairs weakly or not at all: rigour's name groups
        # (Sasha / Aleksandr, Mykola / Николай, Kostiantyn / Константин), looked up only here
        matched += _equivalents(query, result, wq, wr, used_q, used_r, weak, gendered, matched)
    extra_q = sum(extra_weight(q[i], w) for i, w in enumerate(wq) if i not in used_q)
    extra_r = sum(extra_weight(r[j], w) for j, w in enumerate(wr) if j not in used_r)
    paired = sum(wq[i] for i in used_q) + sum(wr[j] for j in used_r)
    if (
        person
        and len(used_q) >= 2
        and (len(used_q) == len(q)) != (len(used_r) == len(r))
        and lowest >= persons.EQUIVALENT_NAME
    ):
        # every part of one name found well in the other, which has more: a middle name, a
        # second family name or a title one source gives and the other leaves out
        extra_q, extra_r = extra_q * _ONE_SIDED_EXTRA, extra_r * _ONE_SIDED_EXTRA
    score = matched / (paired + extra_q + extra_r)
    gender = any(i not in used_q and j not in used_r for i, j in gendered)
    joined_q, joined_r = query.joined, result.joined
    # written as one word on one side: "Alfa Bank" / "Alfabank", "Hamidreza" / "Hamid Reza"
    if len(joined_q) >= 6 and len(q) != len(r) and not gender:
        joined = Levenshtein.normalized_similarity(joined_q, joined_r)
        if joined >= 0.9:
            score = max(score, joined * 0.95)
    acronym = False
    if not person and score < _ACRONYM and (_acronym(query, result) or _acronym(result, query)):
        score, acronym = _ACRONYM, True
    return NameComparison(min(score, 1.0), extra_q, extra_r, gender, acronym)


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


def birth_date_effect(mine: str, theirs: Iterable[str]) -> float:
    """What dates of birth do to a score: the best agreement over the entity's dates.

    Dates are compared on what both give (``1965`` against ``1965-07-30`` agrees on the year).
    """
    best = -_BIRTH_YEAR_CONFLICT
    a = mine.strip()[:10]
    for other in theirs:
        b = other.strip()[:10]
        common = min(len(a), len(b))
        if common < 4 or a[:4] != b[:4]:
            continue
        if a[:common] == b[:common]:
            best = max(best, _BIRTH_DATE_MATCH if common >= 10 else _BIRTH_YEAR_MATCH)
        else:
            best = max(best, -_BIRTH_DAY_CONFLICT)
    return best


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
    person = entity.schema in _PERSON_SCHEMAS
    for qf in party_forms:
        legal_q |= qf.legal
        for ef in entity_forms:
            cmp = compare_names(qf, ef, weigh, person)
            if best is None or cmp.score > best.score:
                best, best_query, best_name = cmp, qf, ef.original
    name_score = best.score if best else 0.0
    features: dict[str, float] = {"name": name_score}
    if best is not None and best.score > 0:
        if best.extra_query:
            features["extra_query_tokens"] = best.extra_query
        if best.extra_result:
            features["extra_result_tokens"] = best.extra_result
        if best.acronym:
            features["acronym"] = 1.0
    score = name_score
    if best is not None and best.gender_conflict:
        features["gender_conflict"] = -_GENDER_CONFLICT
        score -= _GENDER_CONFLICT

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

    if party.birth_date and entity.birth_dates:
        effect = birth_date_effect(party.birth_date, entity.birth_dates)
        features["birth_date_match" if effect > 0 else "birth_date_conflict"] = effect
        score += effect

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
