#!/usr/bin/env python3
"""A/B of two covidactu binaries on the same command, run after run alternately, so that the
drifts of this machine (its disk above all) hit both alike.

usage: bench/ab.py BIN_A BIN_B [--runs R] [--fresh] [--cold] [--env-b VAR=VALUE] -- ARGS...
Each binary runs ARGS R times (default 5); `{bin}` in ARGS becomes `a` or `b` (to give each
its own output folder). Prints, per binary, the median wall time, user and system CPU time,
the highest peak memory, and every run's wall time.
--fresh: before each run, the folder after `--out` in ARGS is moved aside (into
`<out>-trash/`, left for you to remove: removing it would slow the next runs' file
creation, see bench/build.py), so that every run is a first build into an empty folder.
--cold: before each run, `sync` and the page cache dropped (root only), as after a long pause.
--env-b VAR=VALUE: B runs with this variable set (repeatable); with the same binary twice,
an A/B of a setting (`--env-b MIMALLOC_ALLOW_THP=0`).

Example, the build of the 10,000-document corpus before and after a change:
  git worktree add /tmp/before <commit> && (cd /tmp/before && cargo build --release)
  bench/ab.py /tmp/before/target/release/covidactu target/release/covidactu --runs 5 -- \\
      build --root /tmp/cbb/covidactu --out /tmp/cbb/ab-{bin}
"""
import itertools, os, statistics, subprocess, sys

from timing import timed_detail

MOVED = itertools.count()


def set_aside(out):
    """Moves `out` into `<out>-trash/` (see --fresh)."""
    if os.path.exists(out):
        trash = out.rstrip("/") + "-trash"
        os.makedirs(trash, exist_ok=True)
        os.rename(out, os.path.join(trash, f"{os.getpid()}-{next(MOVED)}"))


def drop_page_cache():
    subprocess.run(["sync"], check=True)
    with open("/proc/sys/vm/drop_caches", "w") as f:
        f.write("3\n")


def main():
    args = sys.argv[1:]
    if "--" not in args or args.index("--") < 2:
        sys.exit(__doc__)
    split = args.index("--")
    bins, options, command = args[:2], args[2:split], args[split + 1:]
    runs = int(options[options.index("--runs") + 1]) if "--runs" in options else 5
    results = {"a": [], "b": []}
    fresh, cold = "--fresh" in options, "--cold" in options
    env_b = dict(os.environ)
    for i, opt in enumerate(options):
        if opt == "--env-b":
            var, _, value = options[i + 1].partition("=")
            env_b[var] = value
    envs = {"a": None, "b": env_b}
    for _ in range(runs):
        for name, binary in zip("ab", bins):
            args = [a.replace("{bin}", name) for a in command]
            if fresh and "--out" in args:
                set_aside(args[args.index("--out") + 1])
            if cold:
                drop_page_cache()
            results[name].append(timed_detail([binary] + args, env=envs[name]))
    for name, binary in zip("ab", bins):
        rs = results[name]
        med = lambda i: statistics.median(r[i] for r in rs)
        print(f"{name} {binary}: wall median {med(0):.2f} s, user {med(1):.2f} s, system {med(2):.2f} s, "
              f"peak memory {max(r[3] for r in rs) / 1024:.0f} MiB (runs: {', '.join(f'{r[0]:.2f}' for r in rs)})")


if __name__ == "__main__":
    main()
