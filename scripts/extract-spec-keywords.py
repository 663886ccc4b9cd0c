#!/usr/bin/env python3
"""Writes the RFC 2119 keywords each section of each runtime-spec release uses.

Run once by hand against a git clone of opencontainers/runtime-spec (CI does
not run it); its output, tests/data/spec/keywords.txt, is the only thing the
project keeps from the text: per section, which upper-case keywords occur
in it. A section is what follows a heading that carries an anchor
(<a name="X" />) up to the next heading of the same or a higher level, so a
section includes its subsections.

    scripts/extract-spec-keywords.py --spec-git DIR > tests/data/spec/keywords.txt

Output lines:  DOCUMENT ANCHOR SINCE UNTIL|- KEYWORD,KEYWORD…|-
one line per run of consecutive releases with the same keyword set.
"""
import argparse
import re
import subprocess

RELEASES = ["1.0.0", "1.0.1", "1.0.2", "1.1.0", "1.2.0", "1.2.1", "1.3.0"]
# Longest first, so "MUST NOT" is not also counted as "MUST".
KEYWORDS = ["MUST NOT", "MUST", "REQUIRED", "SHALL NOT", "SHALL", "SHOULD NOT", "SHOULD",
            "NOT RECOMMENDED", "RECOMMENDED", "MAY", "OPTIONAL"]
KEYWORD_RE = re.compile(r"\b(" + "|".join(KEYWORDS) + r")\b")
HEADING_RE = re.compile(r"^(#+)\s")
ANCHOR_RE = re.compile(r'<a\s+name="([^"]+)"\s*/?>')


def git(spec, *args):
    return subprocess.run(["git", "--git-dir", spec] + list(args), check=True,
                          capture_output=True, text=True).stdout


def sections(text):
    """Yields (anchor, section text) for each anchored heading."""
    lines = text.split("\n")
    heads = []  # (line index, level, anchors)
    for i, line in enumerate(lines):
        m = HEADING_RE.match(line)
        if m:
            heads.append((i, len(m.group(1)), ANCHOR_RE.findall(line)))
    for k, (i, level, anchors) in enumerate(heads):
        end = len(lines)
        for j, lv, _ in heads[k + 1:]:
            if lv <= level:
                end = j
                break
        body = "\n".join(lines[i:end])
        for a in anchors:
            yield a, body
    # Anchors outside headings (list items) name the rest of their paragraph.
    for i, line in enumerate(lines):
        if HEADING_RE.match(line):
            continue
        for a in ANCHOR_RE.findall(line):
            end = i + 1
            while end < len(lines) and lines[end].strip() and not HEADING_RE.match(lines[end]):
                end += 1
            yield a, "\n".join(lines[i:end])


def keywords(body):
    # Code spans and fenced examples are not normative text.
    body = re.sub(r"```.*?```", "", body, flags=re.S)
    body = re.sub(r"`[^`]*`", "", body)
    found = set(KEYWORD_RE.findall(body))
    return [k for k in KEYWORDS if k in found]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--spec-git", required=True, help="git directory of runtime-spec")
    args = ap.parse_args()
    table = {}  # (doc, anchor) -> {release: keywords}
    for rel in RELEASES:
        tag = "v" + rel
        docs = [d for d in git(args.spec_git, "ls-tree", "--name-only", tag).split()
                if d.endswith(".md") and (d.startswith("config") or d.startswith("runtime")
                                          or d in ("bundle.md", "features.md", "features-linux.md"))]
        for doc in docs:
            text = git(args.spec_git, "show", tag + ":" + doc)
            for anchor, body in sections(text):
                entry = table.setdefault((doc, anchor), {})
                kw = set(entry.get(rel, [])) | set(keywords(body))
                entry[rel] = [k for k in KEYWORDS if k in kw]
    print("# RFC 2119 keywords per runtime-spec section and release (scripts/extract-spec-keywords.py)")
    print("# document anchor since until keywords   (until: first release without this set, - for none)")
    for (doc, anchor) in sorted(table):
        entry = table[(doc, anchor)]
        run = None
        for rel in RELEASES + [None]:
            kws = entry.get(rel) if rel else None
            key = ",".join(kws).replace(" ", "_") if kws else "-" if kws is not None else None
            if run and run[1] != key:
                print(doc, anchor, run[0], rel or "-", run[1])
                run = None
            if key is not None and run is None:
                run = (rel, key)


if __name__ == "__main__":
    main()
