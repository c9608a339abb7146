#!/usr/bin/env python3
"""Mailbox benchmark: `covidactu inbox` over an N-message mailbox on a Dovecot started on
loopback (as the tests start it), a quarter of the messages bounces.

usage: bench/inbox.py [N ...] [--runs R]
Needs a release build (`cargo build --release`) and Debian's dovecot-imapd (scripts/test
installs it). Default: N = 1000 and 10000, R = 3 runs (each on a freshly filled mailbox).

The mailbox holds, in turn: the bounce fixtures of tests/data/inbox/ (every format, hard and
soft) rewritten for a distinct address and Message-ID each, and for the other three quarters
the fixtures of questions, replies and automatic replies. Dovecot indexes the Maildir on the
first SELECT, inside the timed run, as it would for a mailbox that filled up over a month.
The messages returned by the bounces are not in the journal (no send happened): each bounce
still looks them up.

Prints medians of wall time, CPU time of covidactu, its peak memory (max RSS: flat as N
grows means nothing is kept per message), and the messages moved.
"""
import os, re, shutil, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
BIN = os.path.join(REPO, "target", "release", "covidactu")
FIXTURES = os.path.join(REPO, "tests", "data", "inbox")
from timing import timed_detail

BOUNCES = [f for f in sorted(os.listdir(FIXTURES)) if f[:2] < "20" and f != "14-postfix-delayed.eml"]
OTHERS = ["14-postfix-delayed.eml", "30-auto-submitted.eml", "31-outlook-automatic-reply.eml",
          "32-x-autoreply.eml", "40-question.eml", "41-colleague-reply.eml", "42-malformed.eml"]


def free_port():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start_dovecot(work):
    for sub in ("run", "state", "home"):
        os.makedirs(os.path.join(work, sub), exist_ok=True)
    port = free_port()
    root = os.geteuid() == 0
    uid, gid = (65534, 65534) if root else (os.getuid(), os.getgid())
    login = "" if root else f"default_login_user = {os.getlogin()}\ndefault_internal_user = {os.getlogin()}\n"
    conf = f"""protocols = imap
listen = 127.0.0.1
base_dir = {work}/run
state_dir = {work}/state
log_path = {work}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 0
{login}mail_location = maildir:{work}/home/%u/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {work}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={work}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""
    with open(os.path.join(work, "dovecot.conf"), "w") as f:
        f.write(conf)
    with open(os.path.join(work, "passwd"), "w") as f:
        f.write("coord:{PLAIN}secret\n")
    proc = subprocess.Popen(["/usr/sbin/dovecot", "-F", "-c", os.path.join(work, "dovecot.conf")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import socket
    for _ in range(400):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc, port, (uid, gid) if root else None
        except OSError:
            time.sleep(0.05)
    sys.exit("dovecot did not start")


def fill(work, n, owner):
    maildir = os.path.join(work, "home", "coord", "Maildir")
    if os.path.exists(maildir):
        shutil.rmtree(maildir)
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(maildir, sub))
    texts = {name: open(os.path.join(FIXTURES, name), "rb").read() for name in BOUNCES + OTHERS}
    for i in range(n):
        if i % 4 == 0:
            name = BOUNCES[(i // 4) % len(BOUNCES)]
            raw = texts[name]
            addresses = set(re.findall(rb"p-[a-z0-9]+@[a-z.]+\.(?:org|example)", raw))
            for a in addresses:
                raw = raw.replace(a, f"b{i}@example.org".encode())
        else:
            raw = texts[OTHERS[i % len(OTHERS)]]
        raw = re.sub(rb"\{\{id [^}]*\}\}", f"<sent.{i}@bench>".encode(), raw)
        raw = re.sub(rb"(?im)^(Message-I[Dd]: )<[^>]*>", rb"\1<bench." + str(i).encode() + b"@example.org>", raw, count=1)
        with open(os.path.join(maildir, "new", f"17000{i:06d}.M{i}P1.bench"), "wb") as f:
            f.write(raw)
    if owner:
        for dirpath, dirnames, filenames in os.walk(os.path.join(work, "home")):
            os.chown(dirpath, *owner)
            for name in filenames:
                os.chown(os.path.join(dirpath, name), *owner)


def make_site(work):
    site = os.path.join(work, "site")
    if os.path.exists(site):
        shutil.rmtree(site)
    os.makedirs(site)
    shutil.copy(os.path.join(REPO, "site.yaml"), os.path.join(site, "site.yaml"))
    return site


def main():
    args = sys.argv[1:]
    runs = 3
    if "--runs" in args:
        i = args.index("--runs")
        runs = int(args[i + 1])
        del args[i:i + 2]
    sizes = [int(a) for a in args] or [1000, 10000]
    if not os.path.exists(BIN):
        sys.exit("build the release binary first: cargo build --release")
    os.environ["COVIDACTU_IMAP_PASSWORD"] = "secret"
    work = tempfile.mkdtemp(prefix="covidactu-inbox-")
    os.chmod(work, 0o755)  # Dovecot's auth process reads the password file as its own user
    proc, port, owner = start_dovecot(work)
    try:
        print(f"| messages | bounces | wall (median of {runs}) | CPU | peak memory | moved |")
        print("|---|---|---|---|---|---|")
        for n in sizes:
            walls, cpus, rsss = [], [], []
            for _ in range(runs):
                fill(work, n, owner)
                site = make_site(work)
                cmd = [BIN, "inbox", "--root", site, "--imap", f"imap://coord@127.0.0.1:{port}"]
                wall, user, system, rss = timed_detail(cmd)
                walls.append(wall)
                cpus.append(user + system)
                rsss.append(rss)
                moved = len(os.listdir(os.path.join(work, "home", "coord", "Maildir", ".Trait&AOk-s", "cur"))) \
                    + len(os.listdir(os.path.join(work, "home", "coord", "Maildir", ".Trait&AOk-s", "new")))
            print(f"| {n:,} | {(n + 3) // 4:,} | {statistics.median(walls):.2f} s ({min(walls):.2f}–{max(walls):.2f}) "
                  f"| {statistics.median(cpus):.2f} s | {statistics.median(rsss) / 1024:.1f} MiB | {moved:,} |")
    finally:
        proc.kill()
        if os.environ.get("KEEP") is None:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print("kept", work)


if __name__ == "__main__":
    main()
