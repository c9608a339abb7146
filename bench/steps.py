#!/usr/bin/env python3
"""Where the CPU of one covidactu run goes, step by step: samples of `perf record` counted by
the build step on their stack, on one thread so that every sample is the build's own work.

usage: bench/steps.py BIN -- ARGS...
  e.g. bench/steps.py /tmp/prof/release/covidactu -- check --root DIR/covidactu

BIN must keep its symbols and line tables:
  CARGO_PROFILE_RELEASE_DEBUG=line-tables-only CARGO_PROFILE_RELEASE_STRIP=none \\
      cargo build --release --target-dir /tmp/prof
Needs `perf` (Debian's linux-perf). Prints the samples (1 ms of user CPU each) of each step —
loading the content, resolving the site (markdown included), rendering the pages, building
the search index — and how many of them are tera's variable lookups (`CallStack::lookup`).
Two binaries compare by their sample counts, run after run on the same corpus.
"""
import collections, os, re, subprocess, sys, tempfile

# The first step whose frame a sample's stack holds, in this order.
STEPS = [
    ("render", re.compile(r"render_jobs_into|render_job\b")),
    ("search", re.compile(r"search::index::build_into")),
    ("resolve", re.compile(r"site::resolve|markdown::")),
    ("load", re.compile(r"content::|serde_yaml")),
]
LOOKUP = re.compile(r"tera::renderer::call_stack::CallStack::lookup")
FRAME = re.compile(r"\s+[0-9a-f]+ (.*?)(\+0x[0-9a-f]+)? \(")


def stacks(script):
    """Each sample's frames, innermost first, from `perf script`'s text."""
    frames = None
    for line in script.splitlines():
        if line[:1] in ("\t", " "):
            m = FRAME.match(line)
            if m and frames is not None:
                frames.append(m.group(1))
        elif line.strip():
            if frames:
                yield frames
            frames = []
    if frames:
        yield frames


def main():
    if "--" not in sys.argv[1:] or sys.argv.index("--") != 2:
        sys.exit(__doc__)
    binary, args = sys.argv[1], sys.argv[3:]
    env = dict(os.environ, RAYON_NUM_THREADS="1")
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "perf.data")
        subprocess.run(["perf", "record", "--all-user", "-F", "1000", "--call-graph", "dwarf,32000",
                        "-o", data, binary] + args, env=env, check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        script = subprocess.run(["perf", "script", "-i", data], capture_output=True, text=True,
                                errors="replace", check=True).stdout
    counts, lookups, total = collections.Counter(), 0, 0
    for frames in stacks(script):
        total += 1
        step = next((name for name, pat in STEPS if any(pat.search(f) for f in frames)), "other")
        counts[step] += 1
        lookups += any(LOOKUP.search(f) for f in frames)
    print(f"{binary}: {total} samples")
    for name in [s for s, _ in STEPS] + ["other"]:
        print(f"  {name:8} {counts[name]:6}  {100 * counts[name] / max(total, 1):5.1f} %")
    print(f"  tera's lookups {lookups} ({100 * lookups / max(total, 1):.1f} %)")


if __name__ == "__main__":
    main()
