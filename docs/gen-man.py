#!/usr/bin/env python3
"""Writes the oci-runtime-tool(1) man page from the built program's own
--help texts, so every generate option (by plugin, with its syntax) and
every command's options appear exactly as the program knows them.

Usage: gen-man.py PROGRAM VERSION OUTPUT
"""
import os
import subprocess
import sys

program, version, output = sys.argv[1:4]


def helptext(*args):
    return subprocess.run([program, *args, "--help"], capture_output=True, text=True,
                          check=True).stdout


def roff(text):
    out = []
    for line in text.splitlines():
        line = line.replace("\\", "\\e").replace("-", "\\-")
        if line.startswith(".") or line.startswith("'"):
            line = "\\&" + line
        out.append(line)
    return "\n".join(out)


sections = [
    ".TH OCI\\-RUNTIME\\-TOOL 1 \"\" \"oci-runtime-tools %s\" \"User Commands\"" % version,
    ".SH NAME",
    "oci\\-runtime\\-tool \\- generate and validate OCI runtime configs, test OCI runtimes",
    ".SH SYNOPSIS",
    ".B oci\\-runtime\\-tool",
    "[\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fIOPTIONS\\fR]",
    ".SH DESCRIPTION",
    ".nf", roff(helptext()), ".fi",
]
for command in ["generate", "validate", "runtime-validate", "plugins", "requirements", "json-schema"]:
    sections += [".SH COMMAND: %s" % command.upper().replace("-", "\\-"), ".nf", roff(helptext(command)), ".fi"]
# ENVIRONMENT, FILES, PLUGINS and EXIT STATUS: written by hand, beside
# this script.
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "man-sdk.roff")) as extra:
    sections.append(extra.read().rstrip("\n"))
with open(output, "w") as f:
    f.write("\n".join(sections) + "\n")
