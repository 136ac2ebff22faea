"""How close the real units of the later stages come to their time budgets (decision 0607).

Runs every development family through the real ``analyze`` (bench/families_common.py) and
collects the CPU time of every unit run under :func:`storylens.deadline.bounded` (claims per
article and per storyline, provenance per candidate pair, framing and brief per story),
with the budget it had (``settings.unit_timeout`` times the articles of the unit). Prints,
per kind of unit: count, median, p99 and max CPU seconds, and the largest share of its
budget any unit used. Also checks that no unit of the dev families was dropped. Nothing is
written.

    PYTHONPATH=src nice python bench/unit_budget.py [--families da]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from families_common import load_families, run_family

from storylens.deadline import timings
from storylens.settings import load_settings


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--families", default=None, help="only families whose id starts so")
    args = ap.parse_args()
    settings = load_settings()
    dropped = 0
    with timings() as got:
        for fam in load_families(args.families):
            run = run_family(fam, settings)
            dropped += sum("over its time budget" in r.reason for r in run.analysis.inputs)
    kinds = sorted({label for label, _, _ in got})
    print(f"unit_timeout = {settings.unit_timeout:g} s of CPU time per article")
    print(f"{'unit':<18} {'count':>6} {'median':>8} {'p99':>8} {'max':>8} {'max share':>10}")
    for kind in kinds:
        used = sorted(u for label, u, _ in got if label == kind)
        share = max(u / b for label, u, b in got if label == kind and b > 0)
        p99 = used[min(len(used) - 1, int(0.99 * len(used)))]
        print(f"{kind:<18} {len(used):>6} {statistics.median(used):>8.3f} {p99:>8.3f} "
              f"{used[-1]:>8.3f} {share:>9.1%}")
    print(f"inputs with a unit over its budget: {dropped}")


if __name__ == "__main__":
    main()
