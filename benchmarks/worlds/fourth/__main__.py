"""``python -m benchmarks.worlds.fourth --seed S --events N --out DIR``"""

from __future__ import annotations

import argparse
from pathlib import Path

from benchmarks.worlds.fourth import generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--events", type=int, default=30000)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    print(generate(args.seed, args.events, args.out))


if __name__ == "__main__":
    main()
