"""One firm under many names: records resolved into clusters by exact identifiers, the same
folded name, a Splink model on DuckDB, and analysts' judgements applied transitively.

Names are compared as tamga's screening reads them (:func:`tamga.screening.names.analyze`:
transliterated, folded, legal form taken out and kept as a family): ``ТОО «Алма Транс»``,
``TOO "Alma Trans"`` and ``Alma Trans LLP`` fold to one name. Splink scores candidate pairs
(blocked on a shared first or last token) on the folded name (Jaro-Winkler), the number of
tokens (a sibling has a word more), the legal-form family and the country; its u probabilities
come from random pairs of the records themselves and its m probabilities from the analysts'
judgements. Splink runs only once there are ``MIN_LABELS`` judgements among the records: left to
expectation maximisation alone it learnt nothing on our data (true matches are too rare among
firm names), so without judgements only the exact evidence resolves.

Clusters are built as nomenklatura's resolver does: "same" judgements first, then identifier
matches, the same folded name in the same country, then Splink's pairs, best first, each joining
two clusters unless an analyst judged a member of one "not the same" as a member of the other
(that judgement holds for the clusters as they grow). The last judgement on a pair counts.
Two records that both carry identifiers and share none (two BINs: two registered firms) are
never joined by their names or by Splink, only by an analyst.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, insert, select

from tamga.ownership.graph import normal_id

MIN_LABELS = 10  # judgements among the records before m is learnt from them


@dataclass(frozen=True, slots=True)
class Record:
    record_id: str
    name: str
    country: str | None = None
    identifiers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Judgement:
    left: str
    right: str
    same: bool
    actor: str = ""
    at: str = ""
    reason: str = ""


@dataclass
class Resolution:
    """Clusters of records: ``canonical[record_id]`` is its cluster's id (its smallest id)."""

    canonical: dict[str, str]
    pairs: list[tuple[str, str, str, float]] = field(default_factory=list)  # a, b, why, p
    records: dict[str, Record] = field(default_factory=dict)
    _clusters: dict[str, list[str]] | None = field(default=None, repr=False)
    _joined: dict[str, list[dict[str, Any]]] | None = field(default=None, repr=False)

    def same(self, a: str, b: str) -> bool:
        return self.canonical.get(a, a) == self.canonical.get(b, b)

    def clusters(self) -> dict[str, list[str]]:
        """Clusters of two or more records, by their canonical id."""
        if self._clusters is None:
            out: dict[str, list[str]] = {}
            for rid, root in self.canonical.items():
                out.setdefault(root, []).append(rid)
            self._clusters = {k: sorted(v) for k, v in out.items() if len(v) > 1}
        return self._clusters

    def members(self, record_id: str) -> list[str]:
        """Every id of the record's firm (itself alone when nothing joined it)."""
        return self.clusters().get(self.canonical.get(record_id, record_id), [record_id])

    def describe(self, record_id: str) -> dict[str, Any]:
        """The record's firm: its ids, the names they were seen under, and how they joined."""
        members = self.members(record_id)
        names = [self.records[m].name or m if m in self.records else m for m in members]
        return {"ids": members, "names": names, "joined": self.evidence(record_id)}

    def evidence(self, record_id: str) -> list[dict[str, Any]]:
        """How the record's cluster was joined: each joining pair with the names it was seen
        under and why (``judged the same by ana``, ``same identifier ...``, ``splink``)."""
        if self._joined is None:
            self._joined = {}
            for a, b, why, p in self.pairs:
                names = [self.records[x].name or x if x in self.records else x for x in (a, b)]
                self._joined.setdefault(self.canonical.get(a, a), []).append(
                    {"ids": [a, b], "names": names, "how": why, "probability": round(p, 4)}
                )
        return list(self._joined.get(self.canonical.get(record_id, record_id), []))


class _Clusters:
    """Union-find with cannot-link sets that follow the clusters as they merge."""

    def __init__(self, ids: Iterable[str]) -> None:
        self.parent = {i: i for i in ids}
        self.members = {i: {i} for i in self.parent}
        self.apart: dict[str, set[str]] = {i: set() for i in self.parent}

    def find(self, x: str) -> str:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def forbid(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        self.apart[ra].add(rb)
        self.apart[rb].add(ra)

    def join(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if {self.find(x) for x in self.apart[ra]} & {rb}:
            return False
        keep, gone = (ra, rb) if ra < rb else (rb, ra)
        self.parent[gone] = keep
        self.members[keep] |= self.members.pop(gone)
        self.apart[keep] = {self.find(x) for x in self.apart[keep] | self.apart.pop(gone)}
        for other in self.apart[keep]:
            self.apart[other] = {self.find(x) for x in self.apart[other]}
        return True


def _features(records: Sequence[Record]) -> list[dict[str, Any]]:
    from tamga.screening.names import analyze

    rows = []
    for r in records:
        form = analyze(r.name)
        tokens = sorted(form.tokens) or [r.name.casefold()]
        rows.append(
            {
                "unique_id": r.record_id,
                "name_key": " ".join(tokens),
                "first_token": tokens[0],
                "last_token": tokens[-1],
                "n_tokens": len(tokens),
                "form": ",".join(sorted(f.value for f in form.legal)) or None,
                "country": (r.country or "").lower() or None,
            }
        )
    return rows


def splink_pairs(
    records: Sequence[Record], labels: Sequence[Judgement] = (), threshold: float = 0.5
) -> list[tuple[str, str, float]]:
    """Pairs Splink scores at or above ``threshold`` (match probability), best first; none when
    fewer than ``MIN_LABELS`` judgements concern the records (there is nothing to learn m from)."""
    known = {r.record_id for r in records}
    pairs = [j for j in labels if j.left in known and j.right in known]
    if len(records) < 3 or len(pairs) < MIN_LABELS:
        return []
    import logging

    import pandas as pd
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    logging.getLogger("splink").setLevel(logging.ERROR)
    frame = pd.DataFrame(_features(records))
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("name_key", [0.97, 0.92, 0.85]),
            cl.ExactMatch("n_tokens"),
            cl.ExactMatch("form"),
            cl.ExactMatch("country"),
        ],
        blocking_rules_to_generate_predictions=[block_on("first_token"), block_on("last_token")],
        retain_intermediate_calculation_columns=False,
    )
    db = DuckDBAPI()
    linker = Linker(db.register(frame), settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("name_key", "country")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=200_000, seed=1)
    table = pd.DataFrame(
        [
            {
                "unique_id_l": j.left,
                "unique_id_r": j.right,
                "clerical_match_score": 1.0 if j.same else 0.0,
            }
            for j in pairs
        ]
    )
    linker.training.estimate_m_from_pairwise_labels(db.register(table))  # type: ignore[no-untyped-call]
    predicted = linker.inference.predict(threshold_match_probability=threshold)
    found = predicted.as_pandas_dataframe()  # type: ignore[no-untyped-call]
    out = [
        (str(a), str(b), float(p))
        for a, b, p in zip(
            found["unique_id_l"], found["unique_id_r"], found["match_probability"], strict=True
        )
    ]
    out.sort(key=lambda t: (-t[2], t[0], t[1]))
    return out


def folded_key(record: Record) -> str:
    """The name as screening folds it, with the country: one key for one firm's spellings."""
    from tamga.screening.names import analyze

    tokens = sorted(analyze(record.name).tokens)
    return " ".join(tokens) + "|" + (record.country or "").lower() if tokens else ""


def resolve(
    records: Sequence[Record],
    judgements: Sequence[Judgement] = (),
    threshold: float = 0.5,
    use_model: bool = True,
) -> Resolution:
    """Clusters of ``records`` (see the module's docstring for the order of evidence)."""
    ids = [r.record_id for r in records]
    clusters = _Clusters(ids)
    known = set(ids)
    latest: dict[tuple[str, str], Judgement] = {}
    for j in judgements:  # the last word of the analysts on a pair is the one that counts
        if j.left in known and j.right in known:
            latest[tuple(sorted((j.left, j.right)))] = j  # type: ignore[index]
    pairs: list[tuple[str, str, str, float]] = []
    for j in latest.values():
        if not j.same:
            clusters.forbid(j.left, j.right)
    for j in latest.values():
        if j.same and clusters.join(j.left, j.right):
            when = f" on {j.at[:10]}" if j.at else ""
            pairs.append((j.left, j.right, f"judged the same by {j.actor}{when}", 1.0))
    by_id: dict[str, str] = {}
    for r in records:
        for ident in r.identifiers:
            key = normal_id(ident)
            if not key:
                continue
            other = by_id.setdefault(key, r.record_id)
            if other != r.record_id and clusters.join(other, r.record_id):
                pairs.append((other, r.record_id, f"same identifier {ident}", 1.0))
    idents = {r.record_id: {k for i in r.identifiers if (k := normal_id(i))} for r in records}

    def conflict(a: str, b: str) -> bool:
        """Both carry identifiers and share none: two registered firms (two BINs), whatever
        their names say; only an analyst joins them."""
        return bool(idents[a] and idents[b] and not idents[a] & idents[b])

    by_name: dict[str, list[str]] = {}
    for r in records:
        key = folded_key(r)
        if not key:
            continue
        seen = by_name.setdefault(key, [])
        for other in seen:
            if not conflict(other, r.record_id) and clusters.join(other, r.record_id):
                pairs.append((other, r.record_id, "same folded name and country", 1.0))
                break
        seen.append(r.record_id)
    if use_model:
        for a, b, p in splink_pairs(records, list(latest.values()), threshold):
            if not conflict(a, b) and clusters.join(a, b):
                pairs.append((a, b, "splink", p))
    canonical = {i: min(clusters.members[clusters.find(i)]) for i in ids}
    return Resolution(canonical, pairs, {r.record_id: r for r in records})


class JudgementStore:
    """Analysts' same / not-the-same judgements, with who and when (kept, never edited)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def judge(self, left: str, right: str, same: bool, actor: str, reason: str = "") -> Judgement:
        from tamga.errors import InvalidInput
        from tamga.store.ownership_tables import resolution_judgements

        if not actor.strip():
            raise InvalidInput("a judgement needs the analyst who made it", field="actor")
        if left == right:
            raise InvalidInput("a record is always the same as itself", field="right")
        at = datetime.now(UTC).isoformat(timespec="seconds")
        with self.engine.begin() as conn:
            conn.execute(
                insert(resolution_judgements).values(
                    left_id=left, right_id=right, same=same, actor=actor, at=at, reason=reason
                )
            )
        return Judgement(left, right, same, actor, at, reason)

    def all(self) -> list[Judgement]:
        from tamga.store.ownership_tables import resolution_judgements as t

        with self.engine.connect() as conn:
            rows = conn.execute(select(t).order_by(t.c.judgement_id))
            return [
                Judgement(r.left_id, r.right_id, bool(r.same), r.actor, r.at, r.reason)
                for r in rows
            ]
