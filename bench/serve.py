#!/usr/bin/env python3
"""Live-reload benchmark: time from saving one page to the reload event of `covidactu serve`,
on the bundled example site and on an N-page synthetic corpus.

usage: bench/serve.py [N] [--edits E]
Needs a release build (cargo build --release) and ../shared/bench/gen_corpus.py for the corpus.
"""
import os, re, shutil, socket, statistics, subprocess, sys, tempfile, time

import corpus

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
BIN = os.path.join(REPO, "target", "release", "covidactu")


def measure(site, page, edits):
    server = subprocess.Popen([BIN, "serve", "--root", site, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = server.stdout.readline()
        host, port = re.search(r"http://([\d.]+):(\d+)/", line).groups()
        sock = socket.create_connection((host, int(port)))
        sock.sendall(b"GET /__covidactu/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        sock.settimeout(10)
        buffer = b""

        def wait_reload():
            nonlocal buffer
            while b"event: reload" not in buffer:
                data = sock.recv(65536)
                if not data:
                    raise RuntimeError("event stream closed")
                buffer += data
            buffer = buffer[buffer.index(b"event: reload") + 13:]

        path = os.path.join(site, page)
        original = open(path, encoding="utf-8").read()
        times = []
        time.sleep(0.5)
        for i in range(edits):
            text = original + f"\nModification de mesure numéro {i}.\n"
            start = time.perf_counter()
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            wait_reload()
            times.append((time.perf_counter() - start) * 1000)
            time.sleep(0.15)
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        return times
    finally:
        server.terminate()
        server.wait()


def report(label, times):
    times_sorted = sorted(times)
    p90 = times_sorted[int(len(times_sorted) * 0.9) - 1]
    print(f"{label}: save → reload event median {statistics.median(times):.0f} ms, p90 {p90:.0f} ms, "
          f"min {times_sorted[0]:.0f} ms ({len(times)} edits)")


def main():
    args = sys.argv[1:]
    n = int(args[0]) if args and args[0].isdigit() else 1000
    edits = int(args[args.index("--edits") + 1]) if "--edits" in args else 30
    if not os.path.exists(BIN):
        sys.exit("build the release binary first: cargo build --release")
    work = tempfile.mkdtemp(prefix="covidactu-bench-serve-")
    try:
        example = os.path.join(work, "example")
        os.makedirs(example)
        shutil.copytree(os.path.join(REPO, "content"), os.path.join(example, "content"))
        shutil.copy(os.path.join(REPO, "site.yaml"), example)
        report("example site", measure(example, "content/syntheses/masques.md", edits))
        site = os.path.join(work, "corpus")
        corpus.make(BIN, n, site)
        report(f"{n}-page corpus", measure(site, "content/syntheses/synthese-00042.md", edits))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
