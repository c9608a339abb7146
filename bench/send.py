#!/usr/bin/env python3
"""Sending benchmark: `covidactu send` of the example site's issue n°6 to N personalised
recipients through the project's test SMTP server (tests/smtp/server.py, aiosmtpd) on
loopback, with and without DKIM (RSA-2048).

usage: bench/send.py [N ...] [--runs R] [--connections C] [--disk]
Needs a release build (`cargo build --release`) and aiosmtpd + dkimpy (scripts/test installs
them). Default: N = 1000 and 10000, R = 3 interleaved runs, C = 4 connections. The site, so
the journal, is on tmpfs unless --disk puts it under target/ (every commit of the journal is
then synced to the disk: twice per message).

For each N and mode it prints medians of: wall time and throughput, the CPU seconds spent by
covidactu and by the server (which of the two bounds the throughput), covidactu's peak memory
(max RSS: flat as N grows means nothing is kept per message), and the per-message cost of
rendering and signing, measured by `send --dry-run` (which renders, builds and signs every
message without connecting).
"""
import os, shutil, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
BIN = os.path.join(REPO, "target", "release", "covidactu")
SERVER = os.path.join(REPO, "tests", "smtp", "server.py")
KEY = os.path.join(REPO, "tests", "data", "smtp", "dkim.pem")
from timing import timed

PROFESSIONS = ["medecin", "infirmier", "pharmacien", "", "sage-femme"]


def proc_cpu(pid):
    """CPU seconds (user+sys) a running process has used so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def make_site(work, dkim):
    site = os.path.join(work, "site-dkim" if dkim else "site")
    os.makedirs(site)
    shutil.copytree(os.path.join(REPO, "content"), os.path.join(site, "content"))
    with open(os.path.join(REPO, "site.yaml"), encoding="utf-8") as f:
        yaml = f.read()
    if dkim:
        shutil.copy(KEY, os.path.join(site, "dkim.pem"))
        yaml += "  dkim:\n    domain: cpts-aubriere.example\n    selector: bench\n    key: dkim.pem\n"
    with open(os.path.join(site, "site.yaml"), "w", encoding="utf-8") as f:
        f.write(yaml)
    return site


def make_list(work, n):
    path = os.path.join(work, f"liste-{n}.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("email;prenom;nom;profession\n")
        for i in range(n):
            f.write(f"p{i}@example.org;Prénom{i};Nom{i};{PROFESSIONS[i % 5]}\n")
    return path


def send_once(site, listfile, n, connections, shm):
    shutil.rmtree(os.path.join(site, ".covidactu"), ignore_errors=True)
    out = tempfile.mkdtemp(dir=shm, prefix="smtp-")
    server = subprocess.Popen(
        [sys.executable, SERVER, out], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    port = int(server.stdout.readline().split()[1])
    before = proc_cpu(server.pid)
    wall, cpu, rss = timed(
        [BIN, "send", "numeros/numero-6", "--list", listfile, "--smtp", f"smtp://127.0.0.1:{port}",
         "--connections", str(connections)],
        site,
    )
    server_cpu = proc_cpu(server.pid) - before
    with open(os.path.join(out, "received.jsonl")) as f:
        got = sum(1 for _ in f)
    server.stdin.close()
    server.wait()
    shutil.rmtree(out)
    if got != n:
        sys.exit(f"the server received {got} messages, not {n}")
    return wall, cpu, rss, server_cpu


def main():
    args = sys.argv[1:]
    runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 3
    connections = int(args[args.index("--connections") + 1]) if "--connections" in args else 4
    sizes = [int(a) for a in args if a.isdigit() and a not in (str(runs), str(connections))] or [1000, 10000]
    if not os.path.exists(BIN):
        sys.exit("build the release binary first: cargo build --release")
    shm = "/dev/shm" if os.path.isdir("/dev/shm") else None
    disk = os.path.join(REPO, "target")
    work = tempfile.mkdtemp(prefix="covidactu-send-bench-", dir=disk if "--disk" in args else shm)
    try:
        sites = {"no DKIM": make_site(work, False), "DKIM RSA-2048": make_site(work, True)}
        lists = {n: make_list(work, n) for n in sizes}
        results = {}
        for _ in range(runs):
            for n in sizes:
                for mode, site in sites.items():
                    dry = timed([BIN, "send", "numeros/numero-6", "--list", lists[n], "--dry-run"], site)
                    sent = send_once(site, lists[n], n, connections, shm)
                    results.setdefault((n, mode), []).append((dry, sent))
        print(f"covidactu send, {runs} runs, {connections} connections, medians "
              f"({os.cpu_count()} cores; server: aiosmtpd writing each message to tmpfs; "
              f"journal on {'disk' if '--disk' in args else 'tmpfs'})")
        header = (f"{'N':>6} {'mode':<14} {'wall s':>7} {'msg/s':>7} {'ours CPU s':>10} "
                  f"{'server CPU s':>12} {'peak RSS':>9} {'render+sign ms/msg':>19}")
        print(header)
        for (n, mode), rs in sorted(results.items()):
            med = lambda xs: statistics.median(xs)
            wall = med([s[0] for _, s in rs])
            cpu = med([s[1] for _, s in rs])
            rss = med([s[2] for _, s in rs])
            server_cpu = med([s[3] for _, s in rs])
            per_msg = med([d[1] / n * 1000 for d, _ in rs])
            print(f"{n:>6} {mode:<14} {wall:>7.2f} {n / wall:>7.0f} {cpu:>10.2f} {server_cpu:>12.2f} "
                  f"{rss / 1024:>7.1f}MB {per_msg:>19.3f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
