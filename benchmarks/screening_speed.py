"""Screening speed: one party against N synthetic entities (p50/p95/p99), then a batch.

Run: ``.venv/bin/python benchmarks/screening_speed.py [--entities 1000000] [--queries 2000]
[--batch 100000] [--workers 2]``. The entities are generated here (seeded): persons with first
name, patronymic and surname, companies with a legal form and one to three words, built from
syllables so the token frequencies have a long tail, as real lists do. Half the queries are
distorted names of listed entities (typo, word order, legal form), half are new names.
Prints index build time and memory (peak RSS from ``resource``), latency percentiles and batch
throughput.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import time

from tamga.screening import ListedEntity, Party, Screener

SYLLABLES = [c + v for c in "bdgklmnprstvzh" for v in "aeiou"]
SYLLABLES += ["sha", "kho", "zhe", "tsu"]
FIRST = [
    "ivan",
    "sergei",
    "aleksandr",
    "dmitrii",
    "olga",
    "maria",
    "nurlan",
    "aigul",
    "timur",
    "asel",
    "bolat",
    "elena",
    "pavel",
    "viktor",
    "yuri",
    "anna",
    "marat",
    "dina",
    "oleg",
    "igor",
    "nikolai",
    "tatiana",
    "gulnara",
    "arman",
    "daniyar",
    "svetlana",
    "roman",
]
FORMS = ["LLC", "OOO", "TOO", "JSC", "AO", "PJSC", "LLP", "ZAO", "Ltd", "GmbH"]
GENERIC = ["Trade", "Group", "Holding", "Service", "Invest", "Logistics", "Bank", "Export"]


def word(rng: random.Random, n: int | None = None) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(n or rng.choice((2, 3, 3, 4))))


def make_entities(count: int, seed: int = 7) -> list[ListedEntity]:
    rng = random.Random(seed)
    surnames = [
        word(rng) + rng.choice(("ov", "ev", "in", "enko", "uly", "bayev")) for _ in range(150_000)
    ]
    stems = [word(rng) for _ in range(200_000)]
    out = []
    for i in range(count):
        if rng.random() < 0.55:
            first, last = rng.choice(FIRST), rng.choice(surnames)
            father = rng.choice(FIRST) + "ovich"
            names: tuple[str, ...] = (f"{first} {father} {last}".title(), f"{last} {first}".title())
            schema = "Person"
        else:
            words = [rng.choice(stems) for _ in range(rng.choice((1, 1, 2, 3)))]
            if rng.random() < 0.3:
                words.append(rng.choice(GENERIC))
            core = " ".join(words).title()
            names = (f"{rng.choice(FORMS)} {core}",)
            schema = "Company"
        ids = (str(rng.randrange(10**11, 10**12)),) if rng.random() < 0.5 else ()
        out.append(ListedEntity(f"e{i}", schema, names, (rng.choice(("ru", "kz", "by")),), ids))
    return out


def distort(rng: random.Random, name: str) -> str:
    parts = name.split()
    roll = rng.random()
    if roll < 0.3 and len(parts) > 1:
        rng.shuffle(parts)
    elif roll < 0.6:
        i = rng.randrange(len(parts))
        p = parts[i]
        if len(p) > 4:
            j = rng.randrange(1, len(p) - 1)
            parts[i] = p[:j] + p[j + 1] + p[j] + p[j + 2 :]
    return " ".join(parts)


def make_queries(entities: list[ListedEntity], count: int, seed: int = 11) -> list[Party]:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        if i % 2 == 0:
            e = rng.choice(entities)
            out.append(Party(distort(rng, e.names[0]), country=e.countries[0], party_id=str(i)))
        else:
            out.append(Party(f"{word(rng)} {word(rng)} LLC", country="kz", party_id=str(i)))
    return out


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entities", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=2_000)
    parser.add_argument("--batch", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    t0 = time.perf_counter()
    entities = make_entities(args.entities)
    base = rss_mb()
    print(f"generated {len(entities):,} entities in {time.perf_counter() - t0:.1f}s "
          f"(peak RSS {base:,.0f} MB)")  # fmt: skip
    t0 = time.perf_counter()
    screener = Screener.from_entities(entities)
    build = time.perf_counter() - t0
    print(f"index build {build:.1f}s, peak RSS {rss_mb():,.0f} MB "
          f"(+{rss_mb() - base:,.0f} MB over the generated entities); "
          f"{len(screener.index.postings):,} posting keys")  # fmt: skip

    queries = make_queries(entities, args.queries)
    t0 = time.perf_counter()
    for q in queries[:50]:  # warm caches (and load rigour's person-name tagger, once a process)
        screener.screen_party(q)
    print(f"warm-up, 50 queries: {time.perf_counter() - t0:.1f}s")
    latencies = []
    found = 0
    for q in queries:
        t = time.perf_counter()
        result = screener.screen_party(q)
        latencies.append((time.perf_counter() - t) * 1000)
        found += bool(result)
    qs = statistics.quantiles(latencies, n=100)
    print(f"single party, {len(queries):,} queries: p50 {qs[49]:.2f} ms, p95 {qs[94]:.2f} ms, "
          f"p99 {qs[98]:.2f} ms, max {max(latencies):.2f} ms; {found:,} with a match")  # fmt: skip

    if args.batch:
        batch = make_queries(entities, args.batch, seed=13)
        t0 = time.perf_counter()
        n = sum(1 for _ in screener.screen_many(batch, workers=args.workers))
        took = time.perf_counter() - t0
        print(f"batch: {n:,} parties with {args.workers} workers in {took:.1f}s "
              f"({n / took:,.0f} parties/s)")  # fmt: skip


if __name__ == "__main__":
    main()
