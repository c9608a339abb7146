#!/usr/bin/env python3
"""Build benchmark: covidactu on an N-page synthetic CPTS corpus, against the I/O floor
(`cp -r` of the produced output) and, when installed, Hugo on the same corpus.

usage: bench/build.py [N] [--runs R] [--keep DIR]
Needs ../shared/bench/gen_corpus.py (the shared corpus generator) and a release build
(`cargo build --release`). Hugo is Debian's package `hugo` (optional).
Prints medians of R interleaved runs (default 5), peak memory (max RSS) and CPU use, and the ratios.
"""
import os, shutil, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GEN = os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py")
BIN = os.path.join(REPO, "target", "release", "covidactu")

from timing import timed


def main():
    args = sys.argv[1:]
    n = int(args[0]) if args and args[0].isdigit() else 10000
    runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 5
    keep = args[args.index("--keep") + 1] if "--keep" in args else None
    if not os.path.exists(BIN):
        sys.exit("build the release binary first: cargo build --release")
    if not os.path.exists(GEN):
        sys.exit(f"corpus generator not found at {GEN}")
    work = keep or tempfile.mkdtemp(prefix="covidactu-bench-")
    site = os.path.join(work, "covidactu")
    if not os.path.exists(os.path.join(site, "content")):
        subprocess.run([BIN, "init", site], check=True, stdout=subprocess.DEVNULL)
        shutil.rmtree(os.path.join(site, "content"))
        subprocess.run([sys.executable, GEN, "covidactu", str(n), site], check=True)
    out = os.path.join(work, "public")
    copy = os.path.join(work, "copy")

    hsite = os.path.join(work, "hugo")
    hout = os.path.join(work, "hugo-public")
    has_hugo = shutil.which("hugo") is not None
    if has_hugo and not os.path.exists(hsite):
        subprocess.run([sys.executable, GEN, "hugo", str(n), hsite], check=True)

    # The three commands take turns, run after run, so that the drifts of this machine's disk
    # hit them alike. Each run writes over the previous output, as a user's rebuild does.
    ours, floor, hugo = [], [], []
    for _ in range(runs):
        ours.append(timed([BIN, "build", "--root", site, "--out", out]))
        shutil.rmtree(copy, ignore_errors=True)
        floor.append(timed(["cp", "-r", out, copy]))
        if has_hugo:
            hugo.append(timed(["hugo", "-s", hsite, "-d", hout, "--quiet"]))
    shutil.rmtree(copy, ignore_errors=True)

    def med(rs, i=0):
        return statistics.median(r[i] for r in rs)

    wall, cpu, rss = med(ours), med(ours, 1), max(r[2] for r in ours)
    files = sum(len(f) for _, _, f in os.walk(out))
    size = sum(os.path.getsize(os.path.join(d, x)) for d, _, fs in os.walk(out) for x in fs)
    print(f"corpus: {n} documents in {site}; {runs} runs each, interleaved; {os.cpu_count()} cores")
    print(f"covidactu build: median {wall:.2f} s (runs: {', '.join(f'{r[0]:.2f}' for r in ours)}), "
          f"CPU {cpu:.2f} s = {cpu / wall:.2f} cores busy, peak {rss / 1024:.0f} MiB, {files} files, {size / 2**20:.0f} MiB")
    print(f"I/O floor (cp -r of the output): median {med(floor):.2f} s (runs: {', '.join(f'{r[0]:.2f}' for r in floor)}) "
          f"-> covidactu is {wall / med(floor):.2f}x the floor")
    if has_hugo:
        print(f"hugo: median {med(hugo):.2f} s (runs: {', '.join(f'{r[0]:.2f}' for r in hugo)}), peak {max(r[2] for r in hugo) / 1024:.0f} MiB "
              f"-> covidactu takes {wall / med(hugo):.2f}x Hugo's time")
    else:
        print("hugo not installed (apt-get install hugo): no comparison")
    if not keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
