#!/usr/bin/env python3
"""Every public function of libocirt has a gtk-doc comment.

For each function declared in include/oci-runtime-tools/*.h, the comment
block `/** NAME: ... */` (in a header or a core/*.c source) must exist,
describe every parameter with `@param:`, say `Returns:` unless the function
returns void, and the block must have a description or a Returns line. It
must also say whether the function may be called from checker threads
under `validate --jobs` (issue 12 §5): a sentence naming threads ("Thread
safety: …", "May be called from checker threads …", "safe from any
thread").
Each public typedef'd struct and enum needs a block too. Prints TAP: one
line per header.
"""
import pathlib
import re
import sys

source = pathlib.Path(sys.argv[1])
headers = sorted((source / "include" / "oci-runtime-tools").glob("*.h"))
texts = [h.read_text() for h in headers] + [c.read_text() for c in sorted((source / "core").glob("*.c"))]

blocks = {}
for text in texts:
    for m in re.finditer(r"/\*\*\n \* ([A-Za-z_][A-Za-z0-9_]*):?[^\n]*\n(.*?)\*/", text, re.S):
        blocks.setdefault(m.group(1), m.group(2))

# A declaration: return type, name, parameter list, ending in ';' (with
# optional attributes), at the start of a line.
decl = re.compile(r"^(?!typedef|#|\s|G_|/|\*)([A-Za-z_][\w \*]*?[\s\*])(oci_\w+) \(([^;{]*?)\)(?:\s*G_GNUC_\w+(?: \([^)]*\))?)?;",
                  re.M | re.S)
types = re.compile(r"^\} (Oci\w+);", re.M)
# "thread" or "threads" as a word, the line breaks of a comment allowed
threads = re.compile(r"\bthreads?\b", re.I)


def params(arglist):
    names = []
    for part in arglist.split(","):
        part = part.strip()
        if part in ("void", "...", ""):
            continue
        m = re.search(r"(\w+)(\s*\[\])?$", part)
        if m:
            names.append(m.group(1))
    return names


print(f"1..{len(headers)}")
status = 0
for i, header in enumerate(headers, 1):
    text = header.read_text()
    problems = []
    for m in decl.finditer(text):
        ret, name, args = m.group(1).strip(), m.group(2), m.group(3)
        block = blocks.get(name)
        if block is None:
            problems.append(f"{name}: no doc comment")
            continue
        for p in params(args):
            if not re.search(rf"^ \* @{p}:", block, re.M):
                problems.append(f"{name}: @{p} is not described")
        if ret != "void" and "Returns:" not in block:
            problems.append(f"{name}: no Returns:")
        if not threads.search(block):
            problems.append(f"{name}: says nothing of threads (may checker threads call it?)")
    for m in types.finditer(text):
        if m.group(1) not in blocks:
            problems.append(f"{m.group(1)}: no doc comment")
    if problems:
        status = 1
        print(f"not ok {i} - {header.name}: {len(problems)} undocumented")
        for p in problems:
            print(f"# {p}")
    else:
        print(f"ok {i} - {header.name}")
sys.exit(status)
