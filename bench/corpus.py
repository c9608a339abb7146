#!/usr/bin/env python3
"""The benchmarks' synthetic corpus: a site made by `covidactu init` whose content is written
by ../shared/bench/gen_corpus.py, with each validated protocol signed (`validated_by`), which
covidactu requires and the shared generator does not write.

usage: bench/corpus.py BIN N SITE   (as a module: make(bin, n, site))
"""
import os, re, shutil, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "..", "..", "shared", "bench", "gen_corpus.py")


def make(bin, n, site):
    """Writes an N-document corpus into the new site folder `site`."""
    if not os.path.exists(GEN):
        sys.exit(f"corpus generator not found at {GEN}")
    subprocess.run([bin, "init", site], check=True, stdout=subprocess.DEVNULL)
    shutil.rmtree(os.path.join(site, "content"))
    subprocess.run([sys.executable, GEN, "covidactu", str(n), site], check=True)
    sign_protocols(site)


def sign_protocols(site):
    """Adds `validated_by` after the `validated:` line of every protocol that lacks one."""
    folder = os.path.join(site, "content", "protocoles")
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if "\nvalidated_by:" not in text:
            text = re.sub(r"\n(validated: [^\n]*)\n", r'\n\1\nvalidated_by: "Bureau de la CPTS"\n', text, count=1)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)


if __name__ == "__main__":
    make(sys.argv[1], int(sys.argv[2]), sys.argv[3])
