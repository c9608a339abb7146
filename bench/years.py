#!/usr/bin/env python3
"""Years of a CPTS's letter: the bundled example site with I more issues (one every nine
days, up to yesterday) and M more official messages (spread over the same years), so
that the pages that relate issues and messages — « La veille depuis le dernier numéro »,
each message's « Cité par » — are measured at the size a site reaches after years.

usage: bench/years.py [I M ...] [--runs R]
  e.g. bench/years.py 100 300 300 900 --runs 5
Times `covidactu check` (load, resolve, render and index, nothing written) with the
release binary (`cargo build --release`), R runs each (default 5): median wall, user CPU,
and the user CPU per document, which stays flat while the work grows with the documents.
"""
import datetime, os, shutil, statistics, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
BIN = os.path.join(REPO, "target", "release", "covidactu")
sys.path.insert(0, HERE)
from timing import timed_detail

def make(site, issues, messages):
    """The example site copied to `site`, with `issues` issues and `messages` messages more."""
    os.makedirs(site)
    shutil.copy(os.path.join(REPO, "site.yaml"), site)
    shutil.copytree(os.path.join(REPO, "content"), os.path.join(site, "content"))
    span = 9 * max(issues, 1)
    start = datetime.date.today() - datetime.timedelta(days=span)
    for k in range(issues):
        n, day = 100 + k, start + datetime.timedelta(days=9 * k)
        with open(os.path.join(site, "content", "numeros", f"numero-{n}.md"), "w", encoding="utf-8") as f:
            f.write(f'---\ntitle: "Covid\'actu n°{n}"\nnumber: {n}\ndate: {day}\nauthors: ["Dr Inès Haddad"]\n'
                    f'theme: "Le point"\nsummary: "Numéro {n}."\nitems:\n  - syntheses/masques\n---\n\n'
                    f'Chères consœurs, chers confrères, voici le numéro {n}.\n')
    for k in range(messages):
        day = start + datetime.timedelta(days=k * span // max(messages, 1))
        with open(os.path.join(site, "content", "veille", f"ars-annees-{k}.md"), "w", encoding="utf-8") as f:
            f.write(f'---\ntitle: "Message {k} de l\'ARS"\nissuer: ars\nreference: "A_{k}"\ndate: {day}\n'
                    f'summary: "Consignes {k} de l\'ARS aux professionnels de ville."\n---\n\n'
                    f'Texte du message {k}.\n')


def main():
    args = sys.argv[1:]
    runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 5
    sizes = [int(a) for i, a in enumerate(args) if a.isdigit() and (i == 0 or args[i - 1] != "--runs")]
    pairs = list(zip(sizes[0::2], sizes[1::2])) or [(100, 300), (300, 900)]
    if not os.path.exists(BIN):
        sys.exit("build the release binary first: cargo build --release")
    with tempfile.TemporaryDirectory(prefix="covidactu-years-") as work:
        for issues, messages in pairs:
            site = os.path.join(work, f"{issues}-{messages}")
            make(site, issues, messages)
            docs = sum(len(files) for _, _, files in os.walk(os.path.join(site, "content")))
            times = [timed_detail([BIN, "check", "--root", site]) for _ in range(runs)]
            wall = statistics.median(t[0] for t in times)
            user = statistics.median(t[1] for t in times)
            print(f"{issues} issues, {messages} messages more ({docs} files): check median {wall:.2f} s "
                  f"(runs: {', '.join(f'{t[0]:.2f}' for t in times)}), user {user:.2f} s, "
                  f"{1000 * user / docs:.2f} ms of CPU per file")


if __name__ == "__main__":
    main()
