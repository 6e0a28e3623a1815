"""Build the third world:
``python -m benchmarks.worlds.third --seed N --events 30000 --out DIR``."""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from benchmarks.worlds.third import flows
from benchmarks.worlds.third.schemes import SCHEMES
from benchmarks.worlds.third.world import World

#: legitimate flows and their weights
FLOWS = [
    (flows.import_chain, 46),
    (flows.domestic_export, 16),
    (flows.transit_through, 19),
    (flows.chpl_domestic, 6),
    (flows.new_firm_decoy, 3),
]
CASE_SHARE = 0.02  # of flows
#: how often each scheme is drawn beyond its one guaranteed case
WEIGHTS = {
    "reexport": 2.0,
    "phantom": 1.0,
    "hs_switch": 1.0,
    "fast_turnaround": 1.0,
    "transit_unclosed": 0.8,
    "transit_diverted": 0.8,
    "transit_sold": 0.8,
    "sanctioned_consignee": 1.2,
    "misinvoicing": 1.4,
}


def generate(seed: int, events: int, out: Path) -> Path:
    """Write the world's five files into ``out``; return the ledger's path."""
    w = World(seed)
    flows.setup_holders(w, events)
    rng = random.Random(seed * 7 + 5)
    expected_flows = events / 8
    n_cases = max(len(SCHEMES), round(expected_flows * CASE_SHARE))
    plan = list(SCHEMES) + rng.choices(
        list(SCHEMES), [WEIGHTS[s] for s in SCHEMES], k=n_cases - len(SCHEMES)
    )
    rng.shuffle(plan)
    funcs = [f for f, _ in FLOWS]
    weights = [wt for _, wt in FLOWS]
    case_every = max(1, int(expected_flows / max(1, n_cases)))
    flow_no = 0
    while len(w.events) < events:
        flow_no += 1
        if plan and flow_no % case_every == 0:
            scheme = plan[0]
            case = None
            for _ in range(5):  # a case that ran past the year is drawn again
                mark = len(w.events)
                case = SCHEMES[scheme](w)
                if case is not None:
                    break
                del w.events[mark:]
            if case is not None:
                w.cases.append(case)
            plan.pop(0)
            continue
        rng_choice = w.rng.choices(funcs, weights)[0]
        rng_choice(w)
    for scheme in plan:  # the remaining planned cases, if the budget filled first
        for _ in range(5):
            mark = len(w.events)
            case = SCHEMES[scheme](w)
            if case is not None:
                w.cases.append(case)
                break
            del w.events[mark:]
    return w.finish(out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--events", type=int, default=30000)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    path = generate(args.seed, args.events, args.out)
    print(path)


if __name__ == "__main__":
    main()
