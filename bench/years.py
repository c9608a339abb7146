#!/usr/bin/env python3
"""Years of a CPTS's letter: the bundled example site with I more issues (one every nine
days, up to yesterday), M more official messages and E more events (spread over the same
years) and D more rows in the directory's spreadsheet, so that what relates them — each
issue's « La veille depuis le dernier numéro », each message's « Cité par », the agenda, the
directory's checks — is measured at the size a site reaches after years, on a big territory.

usage: bench/years.py [I M E D ...] [--runs R]
  e.g. bench/years.py 100 300 50 500 300 900 150 1500 --runs 5
Times `covidactu check` (load, resolve, render and index, nothing written) with the
release binary (`cargo build --release`), R runs each (default 5): median wall, user CPU,
and the user CPU per document (file or directory row), which stays flat while the work
grows with the documents.
"""
import datetime, os, shutil, statistics, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
BIN = os.path.join(REPO, "target", "release", "covidactu")
sys.path.insert(0, HERE)
from timing import timed_detail

def make(site, issues, messages, events, rows):
    """The example site copied to `site`, with `issues` issues, `messages` messages, `events`
    events and `rows` directory rows more."""
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
    for k in range(events):
        day = start + datetime.timedelta(days=k * span // max(events, 1))
        with open(os.path.join(site, "content", "evenements", f"reunion-{k}.md"), "w", encoding="utf-8") as f:
            f.write(f'---\ntitle: "Réunion pluriprofessionnelle {k}"\nsummary: "Cas complexes, secteur {k % 12}."\n'
                    f'start: {day} 20:00\nend: {day} 22:00\nplace: "Maison de santé, salle {k % 5}"\n'
                    f'audience: [infirmier, medecin]\ntags: [dépistage]\n---\n\nOrdre du jour {k}.\n')
    # Rows checked now and then over the years: some more than a year ago (a warning each).
    with open(os.path.join(site, "content", "annuaire", "annuaire.csv"), "a", encoding="utf-8") as f:
        for k in range(rows):
            checked = start + datetime.timedelta(days=k * span // max(rows, 1))
            f.write(f"Cabinet infirmier {k};Cabinet;Commune {k % 40};{k} rue des Lilas, 78000 Saint-Aubin;"
                    f"01 99 {k % 100:02d} {k // 100 % 100:02d} {10 + k // 10000:02d};cabinet{k}@exemple.fr;"
                    f"Lundi–vendredi;;{checked:%d/%m/%Y}\n")


def main():
    args = sys.argv[1:]
    runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 5
    sizes = [int(a) for i, a in enumerate(args) if a.isdigit() and (i == 0 or args[i - 1] != "--runs")]
    if len(sizes) % 4:
        sys.exit(__doc__)
    groups = list(zip(*[iter(sizes)] * 4)) or [(100, 300, 50, 500), (300, 900, 150, 1500)]
    if not os.path.exists(BIN):
        sys.exit("build the release binary first: cargo build --release")
    with tempfile.TemporaryDirectory(prefix="covidactu-years-") as work:
        for issues, messages, events, rows in groups:
            site = os.path.join(work, f"{issues}-{messages}-{events}-{rows}")
            make(site, issues, messages, events, rows)
            docs = sum(len(files) for _, _, files in os.walk(os.path.join(site, "content"))) + rows
            times = [timed_detail([BIN, "check", "--root", site]) for _ in range(runs)]
            wall = statistics.median(t[0] for t in times)
            user = statistics.median(t[1] for t in times)
            print(f"{issues} issues, {messages} messages, {events} events, {rows} directory rows more "
                  f"({docs} documents): check median {wall:.2f} s "
                  f"(runs: {', '.join(f'{t[0]:.2f}' for t in times)}), user {user:.2f} s, "
                  f"{1000 * user / docs:.2f} ms of CPU per document")


if __name__ == "__main__":
    main()
