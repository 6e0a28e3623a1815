"""Entity resolution quality: precision and recall on the team's labelled pairs.

Run: ``.venv/bin/python benchmarks/resolution_quality.py [--background 3000] [--seed 1]
[--threshold 0.9]``. The records are every name of ``tests/ownership/data/resolution_pairs.csv``
(transliterations, legal forms, typos; siblings and look-alikes that must stay apart) among
``--background`` other firm names the simulator makes (seeded), so that Splink's u
probabilities come from a realistic crowd. A labelled pair is predicted the same when both
names end in one cluster. Printed: precision / recall over the pairs without judgements (exact
evidence only), and, in two folds, with half of the labelled pairs given as analysts'
judgements (Splink's m learnt from them) measured on the other half, by kind; beside a plain
baseline: the same folded name (transliterated, legal form out) means the same firm.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import time
from pathlib import Path

from tamga.ownership.resolution import Judgement, Record, resolve
from tamga.screening.names import analyze
from tamga.simulate.actors import NameMaker, foreign_party

PAIRS = (
    Path(__file__).resolve().parents[1] / "tests" / "ownership" / "data" / "resolution_pairs.csv"
)


def load() -> tuple[list[Record], list[tuple[str, str, bool, str]]]:
    records: dict[tuple[str, str], Record] = {}
    pairs = []
    with PAIRS.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            ids = []
            for side in ("a", "b"):
                key = (row[f"name_{side}"], row[f"country_{side}"])
                if key not in records:
                    records[key] = Record(f"L{len(records):03d}", key[0], key[1])
                ids.append(records[key].record_id)
            pairs.append((ids[0], ids[1], row["same"] == "1", row["kind"]))
    return list(records.values()), pairs


def background(n: int, seed: int, taken: set[str]) -> list[Record]:
    """Other firms, each a distinct firm: a folded name already used is drawn again (the
    simulator's small name space repeats foreign names)."""
    rng = random.Random(seed)
    names = NameMaker(rng)
    out: list[Record] = []
    i = 0
    while len(out) < n and i < 50 * n:
        i += 1
        if i % 3 == 0:
            p = foreign_party(rng, rng.choice(("CN", "RU", "DE", "AE", "TR", "KG")), i)
            name, country = p.name, p.country.lower()
        else:
            latin, cyr = names.pair(rng.choice(("wholesaler", "importer", "logistics")))
            name, country = (latin if i % 2 else cyr), "kz"
        key = " ".join(sorted(analyze(name).tokens)) + "|" + country
        if key in taken:
            continue
        taken.add(key)
        out.append(Record(f"B{len(out):05d}", name, country))
    return out


def score(predicted: dict[tuple[str, str], bool], pairs: list[tuple[str, str, bool, str]]) -> str:
    tp = sum(1 for a, b, same, _ in pairs if same and predicted[(a, b)])
    fp = sum(1 for a, b, same, _ in pairs if not same and predicted[(a, b)])
    fn = sum(1 for a, b, same, _ in pairs if same and not predicted[(a, b)])
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return f"precision {p:.3f}, recall {r:.3f} ({tp} tp, {fp} fp, {fn} fn over {len(pairs)} pairs)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--background", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threshold", type=float, default=0.5)
    args = ap.parse_args()
    print(f"load average at start: {os.getloadavg()}")
    labelled, pairs = load()
    keys = {
        r.record_id: " ".join(sorted(analyze(r.name).tokens)) + f"|{r.country}" for r in labelled
    }
    records = labelled + background(args.background, args.seed, set(keys.values()))
    base = {(a, b): keys[a] == keys[b] for a, b, _s, _k in pairs}
    print(f"{len(labelled)} labelled names, {len(pairs)} pairs, {len(records):,} records")
    print(f"baseline (same folded name and country): {score(base, pairs)}")
    rng = random.Random(args.seed)
    shuffled = pairs[:]
    rng.shuffle(shuffled)
    folds = [shuffled[: len(pairs) // 2], shuffled[len(pairs) // 2 :]]
    measured: dict[tuple[str, str], bool] = {}
    rules_only: dict[tuple[str, str], bool] = {}
    t = time.perf_counter()
    plain = resolve(records)
    rules_only = {(a, b): plain.same(a, b) for a, b, _s, _k in pairs}
    print(f"without judgements (identifiers, folded name): {score(rules_only, pairs)}"
          f" in {time.perf_counter() - t:.1f} s")  # fmt: skip
    for k, (taught, held) in enumerate((folds, folds[::-1])):
        judgements = [Judgement(a, b, same, "benchmark") for a, b, same, _k in taught]
        t = time.perf_counter()
        res = resolve(records, judgements, threshold=args.threshold)
        took = time.perf_counter() - t
        found = {(a, b): res.same(a, b) for a, b, _s, _k in held}
        measured.update(found)
        print(f"fold {k + 1}: splink with {len(taught)} judgements (m from them), measured on"
              f" the other {len(held)}: {score(found, held)} in {took:.1f} s")  # fmt: skip
    print(f"both folds, threshold {args.threshold}: {score(measured, pairs)}")
    for kind in sorted({k for *_x, k in pairs}):
        subset = [p for p in pairs if p[3] == kind]
        print(f"  {kind:<24} {score(measured, subset)}")
    print(f"load average at end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
