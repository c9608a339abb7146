#!/usr/bin/env python3
"""Publishing benchmark: `covidactu publish` of the N-page corpus's output to an OpenSSH server
on loopback (started as the tests start it), against `scp -r` of the same output to the same
server in the same run.

usage: bench/publish.py [N] [--runs R]
Needs a release build (`cargo build --release`), Debian's openssh-server and the user
`covidactu-sftp` (scripts/test installs and makes them), root (sshd switches to that user),
and ../shared/bench/gen_corpus.py. Default: N = 10000, R = 3.

Times, R times each, interleaved: a first publish into an empty folder, `scp -r` of the
output into another (the I/O floor of one SSH connection); then, R times, one synthesis
edited and the site rebuilt (not timed), and the publish that follows. Prints medians, the
ratio to scp, and the files each publish sent.
"""
import os, re, shutil, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
BIN = os.path.join(REPO, "target", "release", "covidactu")
USER = "covidactu-sftp"

import corpus
from timing import timed_detail


def free_port():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start_sshd(work):
    """sshd on loopback for USER, with a client home (key, known_hosts) and a writable www/."""
    os.makedirs("/run/sshd", exist_ok=True)
    os.makedirs(work)
    keygen = lambda path: subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", path], check=True)
    keygen(f"{work}/host_key")
    os.makedirs(f"{work}/client/.ssh")
    keygen(f"{work}/client/.ssh/id_ed25519")
    shutil.copy(f"{work}/client/.ssh/id_ed25519.pub", f"{work}/authorized_keys")
    os.chmod(work, 0o755)
    www = f"{work}/www"
    os.makedirs(www)
    uid = int(subprocess.run(["id", "-u", USER], capture_output=True, check=True, text=True).stdout)
    os.chown(www, uid, -1)
    port = free_port()
    with open(f"{work}/sshd_config", "w") as f:
        f.write(f"ListenAddress 127.0.0.1\nPort {port}\nHostKey {work}/host_key\nPidFile {work}/sshd.pid\n"
                f"AuthorizedKeysFile {work}/authorized_keys\nStrictModes no\nUsePAM no\nAllowUsers {USER}\n"
                "Subsystem sftp internal-sftp\n")
    with open(f"{work}/host_key.pub") as f:
        key = " ".join(f.read().split()[:2])
    with open(f"{work}/client/.ssh/known_hosts", "w") as f:
        f.write(f"[127.0.0.1]:{port} {key}\n")
    proc = subprocess.Popen(["/usr/sbin/sshd", "-D", "-e", "-f", f"{work}/sshd_config"],
                            stdout=subprocess.DEVNULL, stderr=open(f"{work}/sshd.log", "w"))
    time.sleep(0.5)
    return proc, port, www, f"{work}/client"


def files_sent(out):
    m = re.search(r"(\d[\d\u202f\u00a0 ]*) fichier\(s\) envoyé\(s\)", out)
    return int(re.sub(r"\D", "", m.group(1))) if m else 0


def publish(site, home, url):
    env = dict(os.environ, HOME=home, COVIDACTU_LANG="fr")
    env.pop("SSH_AUTH_SOCK", None)
    env.pop("COVIDACTU_SFTP_PASSWORD", None)
    start = time.perf_counter()
    p = subprocess.run([BIN, "publish", "--to", url], cwd=site, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if p.returncode != 0:
        sys.exit(f"publish failed:\n{p.stderr[-3000:]}")
    return wall, files_sent(p.stdout)


def main():
    args = sys.argv[1:]
    n = int(args[0]) if args and args[0].isdigit() else 10000
    runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 3
    if not os.path.exists(BIN):
        sys.exit("build the release binary first: cargo build --release")
    if os.geteuid() != 0:
        sys.exit("run as root: sshd switches to the user " + USER)
    work = tempfile.mkdtemp(prefix="covidactu-bench-publish-")
    os.chmod(work, 0o755)  # sshd reads the authorized keys as the user
    site = os.path.join(work, "site")
    corpus.make(BIN, n, site)
    timed_detail([BIN, "build"], cwd=site)
    out = os.path.join(site, "public")
    files = [os.path.join(d, x) for d, _, fs in os.walk(out) for x in fs if not x.startswith(".covidactu")]
    count, size = len(files), sum(os.path.getsize(f) for f in files)
    sshd, port, www, home = start_sshd(os.path.join(work, "sshd"))
    try:
        first, scp = [], []
        for i in range(runs):
            dest = f"{www}/publish-{i}"
            wall, sent = publish(site, home, f"sftp://{USER}@127.0.0.1:{port}{dest}")
            first.append(wall)
            assert sent == count, (sent, count)
            start = time.perf_counter()
            subprocess.run(["scp", "-r", "-q", "-i", f"{home}/.ssh/id_ed25519", "-o", f"UserKnownHostsFile={home}/.ssh/known_hosts",
                            "-P", str(port), out, f"{USER}@127.0.0.1:{www}/scp-{i}"], check=True)
            scp.append(time.perf_counter() - start)
        edits, sent_edit = [], []
        syntheses = sorted(os.listdir(os.path.join(site, "content", "syntheses")))
        for i in range(runs):
            path = os.path.join(site, "content", "syntheses", syntheses[i])
            with open(path, encoding="utf-8") as f:
                text = f.read()
            with open(path, "w", encoding="utf-8") as f:
                f.write(text.replace("\n\n", f"\n\nPhrase ajoutée pour la mesure {i}.\n\n", 1))
            timed_detail([BIN, "build"], cwd=site)
            wall, sent = publish(site, home, f"sftp://{USER}@127.0.0.1:{port}{www}/publish-0")
            edits.append(wall)
            sent_edit.append(sent)
    finally:
        sshd.terminate()
        shutil.rmtree(work, ignore_errors=True)
    med = statistics.median
    rng = lambda xs: f"{min(xs):.2f}–{max(xs):.2f}"
    print(f"output: {count:,} files, {size / 2**20:.0f} MiB; {runs} runs")
    print("| situation | wall (median) | files sent | × scp -r |")
    print("|---|---|---|---|")
    print(f"| first publish, empty folder | {med(first):.2f} s ({rng(first)}) | {count:,} | **{med(first) / med(scp):.2f}×** |")
    print(f"| `scp -r` of the output (same server, same run) | {med(scp):.2f} s ({rng(scp)}) | {count:,} | 1× |")
    print(f"| publish after one synthesis edited | **{med(edits):.2f} s** ({rng(edits)}) | **{max(sent_edit)}** (max) | |")


if __name__ == "__main__":
    main()
