#!/usr/bin/env python3
"""Build benchmark: covidactu on an N-page synthetic CPTS corpus, against the I/O floor
(`cp -r` of the produced output) and, when installed, Hugo on the same corpus.

usage: bench/build.py [N] [--runs R] [--keep DIR]
Needs ../shared/bench/gen_corpus.py (the shared corpus generator) and a release build
(`cargo build --release`). Hugo is Debian's package `hugo` (optional).
Times three situations: a rebuild with nothing changed, a rebuild after one synthesis was
edited, and a first build into an empty folder; Hugo rebuilding and building from scratch.
Prints medians of R interleaved runs (default 5), peak memory (max RSS) and CPU use, and the ratios.

Then it times the first builds and the copy again, each right after `rm -rf` of its previous
output. On an ext4 without a journal (this machine's disk), creating a file skips every inode
freed in the last minute (six if not yet written back), one check each: after 30,000 entries
were removed, creating the next 30,000 costs seconds of kernel time. The first part therefore
moves old outputs aside and removes them only at the end; the second part shows the cost of
removing them just before. Wait a few minutes between two runs of this script.
"""
import os, shutil, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GEN = os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py")
BIN = os.path.join(REPO, "target", "release", "covidactu")

import corpus
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
        corpus.make(BIN, n, site)
    out = os.path.join(work, "public")
    copy = os.path.join(work, "copy")

    hsite = os.path.join(work, "hugo")
    hout = os.path.join(work, "hugo-public")
    has_hugo = shutil.which("hugo") is not None
    if has_hugo and not os.path.exists(hsite):
        subprocess.run([sys.executable, GEN, "hugo", str(n), hsite], check=True)

    # Three situations: a rebuild with nothing changed, a rebuild after one synthesis was
    # edited (what a writer does all day), and a first build into an empty folder. All the
    # commands take turns, run after run, so that the drifts of this machine's disk hit them
    # alike; the edits and the removals of the outputs are not timed.
    edited = "syntheses/synthese-00001.md"
    originals = {d: open(os.path.join(d, "content", edited), encoding="utf-8").read() for d in (site, hsite) if os.path.exists(d)}
    results = {k: [] for k in ("rebuild", "edit", "fresh", "floor", "hugo", "hugo-fresh",
                               "fresh-rm", "floor-rm", "hugo-fresh-rm")}
    subprocess.run([BIN, "build", "--root", site, "--out", out], check=True, capture_output=True)
    # Old outputs go here and are removed at the very end (see the module's doc).
    trash = os.path.join(work, "trash")
    os.makedirs(trash, exist_ok=True)
    moved = iter(range(1_000_000))

    def set_aside(path):
        if os.path.exists(path):
            os.rename(path, os.path.join(trash, str(next(moved))))

    build, hugo_build = [BIN, "build", "--root", site, "--out", out], ["hugo", "-s", hsite, "-d", hout, "--quiet"]

    def first_builds(suffix, clear):
        """Times covidactu and Hugo into an empty folder, and the copy, each after `clear`."""
        clear(out)
        results["fresh" + suffix].append(timed(build))
        clear(copy)
        results["floor" + suffix].append(timed(["cp", "-r", out, copy]))
        if has_hugo:
            clear(hout)
            results["hugo-fresh" + suffix].append(timed(hugo_build))

    try:
        for run in range(runs):
            results["rebuild"].append(timed(build))
            for d, text in originals.items():
                with open(os.path.join(d, "content", edited), "w", encoding="utf-8") as f:
                    f.write(text + f"\nRelu et complété le {run + 1} décembre 2020 par le comité de rédaction.\n")
            results["edit"].append(timed(build))
            first_builds("", set_aside)
            if has_hugo:
                results["hugo"].append(timed(hugo_build))
        shutil.rmtree(trash)
        for run in range(runs):
            first_builds("-rm", shutil.rmtree)
    finally:
        for d, text in originals.items():
            with open(os.path.join(d, "content", edited), "w", encoding="utf-8") as f:
                f.write(text)
        shutil.rmtree(copy, ignore_errors=True)
        shutil.rmtree(trash, ignore_errors=True)

    def med(rs, i=0):
        return statistics.median(r[i] for r in rs)

    def runs_of(rs):
        return ", ".join(f"{r[0]:.2f}" for r in rs)

    files = sum(len(f) for _, _, f in os.walk(out))
    size = sum(os.path.getsize(os.path.join(d, x)) for d, _, fs in os.walk(out) for x in fs)

    def covidactu_line(label, rs, floor, against):
        wall, cpu, rss = med(rs), med(rs, 1), max(r[2] for r in rs)
        line = (f"covidactu {label}: median {wall:.2f} s (runs: {runs_of(rs)}), CPU {cpu:.2f} s = "
                f"{cpu / wall:.2f} cores busy, peak {rss / 1024:.0f} MiB; {wall / floor:.2f}x the floor")
        if against:
            line += f", {wall / against:.2f}x Hugo's time"
        print(line)

    def other_lines(floor_key, hugo_keys):
        print(f"I/O floor (cp -r of the output): median {med(results[floor_key]):.2f} s "
              f"(runs: {runs_of(results[floor_key])})")
        if not has_hugo:
            print("hugo not installed (apt-get install hugo): no comparison")
            return
        for key, label in hugo_keys:
            rs = results[key]
            print(f"hugo {label}: median {med(rs):.2f} s (runs: {runs_of(rs)}), CPU {med(rs, 1):.2f} s, "
                  f"peak {max(r[2] for r in rs) / 1024:.0f} MiB")

    def hugo_median(key):
        return med(results[key]) if has_hugo else None

    floor = med(results["floor"])
    print(f"corpus: {n} documents in {site}; {runs} runs each, interleaved; {os.cpu_count()} cores; "
          f"output {files} files, {size / 2**20:.0f} MiB")
    for key, label, against in (("rebuild", "rebuild, nothing changed", "hugo"),
                                ("edit", "rebuild, one synthesis edited", "hugo"),
                                ("fresh", "first build, empty output", "hugo-fresh")):
        covidactu_line(label, results[key], floor, hugo_median(against))
    other_lines("floor", (("hugo", "rebuild"), ("hugo-fresh", "first build")))
    print("Each right after rm -rf of its previous output:")
    covidactu_line("first build", results["fresh-rm"], med(results["floor-rm"]), hugo_median("hugo-fresh-rm"))
    other_lines("floor-rm", (("hugo-fresh-rm", "first build"),))
    if not keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
