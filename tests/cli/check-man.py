#!/usr/bin/env python3
"""check-man.py — the built man pages, as TAP: each renders without a
warning under `groff -ww -man -z` and `man --warnings` (at 80 and 60
columns), is plain ASCII (no mojibake under plain groff), has a NAME line
lexgrog reads and the sections of its kind, and the generate page lists
every generate option the program knows.

Usage: check-man.py PROGRAM PAGE...
"""
import os
import re
import shutil
import subprocess
import sys

program, pages = sys.argv[1], sys.argv[2:]
results = []


def check(name, ok, detail=""):
    results.append((ok, name, detail))


def warnings(command, env=None):
    run = subprocess.run(command, capture_output=True, text=True, env=env)
    return run.returncode, run.stderr.strip()


TOOL_SECTIONS = ["NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "OPTIONS", "EXIT STATUS", "ENVIRONMENT",
                 "FILES", "EXAMPLES", "SEE ALSO"]
COMMAND_SECTIONS = ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS", "EXAMPLES", "SEE ALSO"]

for page in pages:
    base = os.path.basename(page)
    with open(page, "rb") as f:
        raw = f.read()
    check("%s is ASCII" % base, all(b < 128 for b in raw))
    text = raw.decode("ascii", "replace")
    status, err = warnings(["groff", "-ww", "-man", "-z", page])
    check("%s: groff -ww -man -z" % base, status == 0 and err == "", err)
    if shutil.which("man"):
        for width in ("80", "60"):
            status, err = warnings(["man", "--warnings", "-l", page],
                                   dict(os.environ, MANWIDTH=width, MANPAGER="cat", PAGER="cat"))
            check("%s: man --warnings at %s columns" % (base, width), status == 0 and err == "", err)
    run = subprocess.run(["lexgrog", page], capture_output=True, text=True)
    check("%s: lexgrog" % base, run.returncode == 0 and " - " in run.stdout, run.stdout + run.stderr)
    sections = re.findall(r"^\.SH (.*)$", text, re.M)
    wanted = TOOL_SECTIONS if base == "oci-runtime-tool.1" else (
        COMMAND_SECTIONS if base.startswith("oci-runtime-tool-") else ["NAME", "DESCRIPTION", "SEE ALSO"])
    missing = [s for s in wanted if s not in sections]
    check("%s: sections" % base, not missing, "missing: %s" % ", ".join(missing))
    if base == "oci-runtime-tool-generate.1":
        env = dict(os.environ, COLUMNS="1000")
        help_all = subprocess.run([program, "generate", "--help-all"], capture_output=True, text=True,
                                  env=env, check=True).stdout
        options = re.findall(r"^  (?:-\w, )?--([\w-]+)", help_all, re.M)
        page_options = set(re.findall(r"\\fB\\-\\-([\w\\-]+)\\fR", text))
        page_options = {o.replace("\\-", "-") for o in page_options}
        absent = [o for o in options if o not in page_options]
        check("%s: lists all %d generate options" % (base, len(options)),
              len(options) > 200 and not absent, "absent: %s" % ", ".join(absent[:10]))
        check("%s: documents the notes of a remove-all after an add" % base,
              "remove\\-all" in text and "note on standard error" in text)

print("TAP version 13")
print("1..%d" % len(results))
for i, (ok, name, detail) in enumerate(results, 1):
    print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
    if not ok and detail:
        for line in detail.splitlines()[:10]:
            print("# " + line)
