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

    def day(k, count):
        """The day of the k-th of `count` documents spread over the years."""
        return start + datetime.timedelta(days=k * span // max(count, 1))

    def write(folder, name, text):
        with open(os.path.join(site, "content", folder, name), "w", encoding="utf-8") as f:
            f.write(text)

    for k in range(issues):
        n = 100 + k
        write("numeros", f"numero-{n}.md",
              f'---\ntitle: "Covid\'actu n°{n}"\nnumber: {n}\ndate: {day(k, issues)}\n'
              f'authors: ["Dr Inès Haddad"]\ntheme: "Le point"\nsummary: "Numéro {n}."\n'
              f'items:\n  - syntheses/masques\n---\n\nChères consœurs, chers confrères, voici le numéro {n}.\n')
    for k in range(messages):
        write("veille", f"ars-annees-{k}.md",
              f'---\ntitle: "Message {k} de l\'ARS"\nissuer: ars\nreference: "A_{k}"\ndate: {day(k, messages)}\n'
              f'summary: "Consignes {k} de l\'ARS aux professionnels de ville."\n---\n\nTexte du message {k}.\n')
    for k in range(events):
        d = day(k, events)
        write("evenements", f"reunion-{k}.md",
              f'---\ntitle: "Réunion pluriprofessionnelle {k}"\nsummary: "Cas complexes, secteur {k % 12}."\n'
              f'start: {d} 20:00\nend: {d} 22:00\nplace: "Maison de santé, salle {k % 5}"\n'
              f'audience: [infirmier, medecin]\ntags: [dépistage]\n---\n\nOrdre du jour {k}.\n')
    # Rows checked now and then over the years: some more than a year ago (a warning each).
    with open(os.path.join(site, "content", "annuaire", "annuaire.csv"), "a", encoding="utf-8") as f:
        for k in range(rows):
            checked = day(k, rows)
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
