#!/usr/bin/env python3
"""A/B of two covidactu binaries on the same command, run after run alternately, so that the
drifts of this machine (its disk above all) hit both alike.

usage: bench/ab.py BIN_A BIN_B [--runs R] -- ARGS...
Each binary runs ARGS R times (default 5); `{bin}` in ARGS becomes `a` or `b` (to give each
its own output folder). Prints, per binary, the median wall time, user and system CPU time,
and every run's wall time.

Example, the build of the 10,000-document corpus before and after a change:
  git worktree add /tmp/before <commit> && (cd /tmp/before && cargo build --release)
  bench/ab.py /tmp/before/target/release/covidactu target/release/covidactu --runs 5 -- \\
      build --root /tmp/cbb/covidactu --out /tmp/cbb/ab-{bin}
"""
import statistics, sys

from timing import timed_detail


def main():
    args = sys.argv[1:]
    if "--" not in args or args.index("--") < 2:
        sys.exit(__doc__)
    split = args.index("--")
    bins, options, command = args[:2], args[2:split], args[split + 1:]
    runs = int(options[options.index("--runs") + 1]) if "--runs" in options else 5
    results = {"a": [], "b": []}
    for _ in range(runs):
        for name, binary in zip("ab", bins):
            results[name].append(timed_detail([binary] + [a.replace("{bin}", name) for a in command]))
    for name, binary in zip("ab", bins):
        rs = results[name]
        med = lambda i: statistics.median(r[i] for r in rs)
        print(f"{name} {binary}: wall median {med(0):.2f} s, user {med(1):.2f} s, system {med(2):.2f} s "
              f"(runs: {', '.join(f'{r[0]:.2f}' for r in rs)})")


if __name__ == "__main__":
    main()
