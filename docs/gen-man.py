#!/usr/bin/env python3
"""Writes the man pages of oci-runtime-tools at build time.

The option lists come from the built program's own help (every plugin's
generate options, grouped by platform, with their syntax), so they stay
complete; the rest of each page is the prose below. Each page is a list
of sections, (TITLE, roff text): to add to a page, append to its list in
PAGES (or add a page), keeping the usual order (NAME, SYNOPSIS,
DESCRIPTION, COMMANDS, OPTIONS, NOTES, EXIT STATUS, ENVIRONMENT, FILES,
EXAMPLES, SEE ALSO).

The pages are plain ASCII roff: any other character is written as a
groff escape, so that plain groff shows no mojibake.

Usage: gen-man.py PROGRAM VERSION OUTPUT...
  Each OUTPUT's file name names the page it gets (oci-runtime-tool.1,
  oci-runtime-tool-generate.1, ..., oci-runtime-tools-plugin.7).
"""
import os
import re
import subprocess
import sys

PROGRAM_NAME = "oci-runtime-tool"
COMMANDS = ["generate", "validate", "runtime-validate", "plugins", "requirements",
            "json-schema", "completion"]
CHARS = {"\u2026": "\\&...", "\u2013": "\\(en", "\u2014": "\\(em", "\u2018": "\\(oq",
         "\u2019": "\\(cq", "\u201c": "\\(lq", "\u201d": "\\(rq", "\u00a0": "\\ "}


def esc(text):
    """Roff text: backslashes, dashes, non-ASCII characters escaped."""
    out = []
    for ch in text.replace("\\", "\\e").replace("-", "\\-"):
        if ord(ch) < 128:
            out.append(ch)
        else:
            out.append(CHARS.get(ch, "\\[u%04X]" % ord(ch)))
    text = "".join(out)
    # a long word (a JSON sample, an option syntax, a path) may break after
    # its commas, bars and slashes
    text = re.sub(r"([,|/])(?=[^\s,|/])", "\\1\\:", text)
    # and before a bracket: "SYSCALL[:INDEX...]"
    return re.sub(r"(?<=[^\s\\:])\[", "\\:[", text)


def para(text):
    """Roff lines for text: no line may start with a control character."""
    lines = []
    for line in esc(text).splitlines():
        if line.startswith(".") or line.startswith("'"):
            line = "\\&" + line
        lines.append(line)
    return "\n".join(lines)


def help_text(program, *args):
    env = dict(os.environ, COLUMNS="1000", NO_COLOR="1")
    return subprocess.run([program, *args, "--help"], capture_output=True, text=True,
                          check=True, env=env).stdout


def parse_help(text):
    """(summary paragraphs, [(section title, [(names, description)])])."""
    lines = text.splitlines()[1:]  # the usage line
    summary, sections = [], []
    current = None
    paragraph = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("  -"):
            names, _, description = line.strip().partition("  ")
            description = description.strip()
            if not description and i + 1 < len(lines) and lines[i + 1].startswith("        "):
                i += 1
                description = lines[i].strip()
            current[1].append((names.strip(), description))
        elif line and not line.startswith(" ") and line.endswith(":") and current is not None \
                or (line.endswith(":") and i + 1 < len(lines) and lines[i + 1].startswith("  -")):
            current = (line[:-1], [])
            sections.append(current)
        elif line.startswith("Global options ("):
            pass
        elif current is None:
            if line:
                paragraph.append(line)
            elif paragraph:
                summary.append(" ".join(paragraph))
                paragraph = []
        i += 1
    if paragraph:
        summary.append(" ".join(paragraph))
    return summary, sections


def option_item(names, description):
    """A .TP item: names in bold, arguments in italics."""
    parts = []
    for name in names.split(", "):
        m = re.match(r"(-{1,2}[A-Za-z0-9_-]+)(\[?=)?(.*)", name)
        if not m:
            parts.append(esc(name))
            continue
        flag, eq, arg = m.groups()
        item = "\\fB%s\\fR" % esc(flag)
        if eq:
            item += "%s\\fI%s\\fR%s" % (esc(eq), esc(arg.rstrip("]")), "]" if arg.endswith("]") else "")
        parts.append(item)
    return ".TP\n%s\n%s" % (", ".join(parts), para(description))


def options_roff(sections):
    out = []
    for title, options in sections:
        out.append(".SS %s" % esc(title))
        out.extend(option_item(n, d) for n, d in options)
    return "\n".join(out)


def main_help(program):
    """The commands and global options of the program's own help."""
    text = help_text(program)
    commands, options, part = [], [], None
    for line in text.splitlines():
        if line.startswith("Commands:"):
            part = commands
        elif line.startswith("Global options"):
            part = options
        elif line.startswith("  ") and part is not None:
            if line.startswith("    ") and part:
                part[-1] = (part[-1][0], part[-1][1] + " " + line.strip())
                continue
            m = re.match(r"  (\S.*?)\s{2,}(\S.*)", line)
            if m:
                part.append((m.group(1), m.group(2)))
    return commands, options


EXIT_STATUS = (".TP\n.B 0\nValid at the chosen compliance level (or every runtime case passed).\n"
               ".TP\n.B 1\nA requirement is broken (or a runtime failed a case).\n"
               ".TP\n.B 2\nA usage error, or an input that cannot be read or parsed (JSON errors name "
               "file:line:column), or a check that could not run.")

ENVIRONMENT = (".TP\n.B OCI_RUNTIME_TOOLS_PLUGIN_PATH\nColon\\-separated folders searched for plugins "
               "after \\fB\\-\\-plugin\\-dir\\fR and before the installed plugin folder.\n"
               ".TP\n.B COLUMNS\nThe width help is wrapped to (default: the terminal's, else 80).\n"
               ".TP\n.B RUNTIME\nThe runtime \\fBruntime\\-validate\\fR tests when \\fB\\-\\-runtime\\fR "
               "is not given (default: runc).")


def files_section(plugin_dir):
    return (".TP\n.I %s\nThe installed plugins: one shared module per spec area or platform." % esc(plugin_dir))


def example(description, command):
    return "%s\n.PP\n.RS\n.nf\n%s\n.fi\n.RE" % (para(description), para(command))


def see_also(*pages):
    return ",\n".join("\\fB%s\\fR(%s)" % (esc(name), section) for name, section in pages)


def command_pages():
    return [("%s-%s" % (PROGRAM_NAME, c), "1") for c in COMMANDS]


GENERATE_NOTES = (
    ".SS Order\nOptions apply in the order given on the command line: "
    "\\fB\\-\\-x\\-remove\\-all \\-\\-x\\-add\\fR \\fIA\\fR keeps \\fIA\\fR, "
    "\\fB\\-\\-x\\-add\\fR \\fIA\\fR \\fB\\-\\-x\\-remove\\-all\\fR drops it. The Go tool applies "
    "additions after removals whatever the order, so it would keep \\fIA\\fR: when a remove\\-all "
    "(\\fB\\-\\-process\\-cap\\-drop\\-all\\fR, \\fB\\-\\-mounts\\-remove\\-all\\fR, "
    "\\fB\\-\\-linux\\-namespace\\-remove\\-all\\fR, \\fB\\-\\-process\\-rlimits\\-remove\\-all\\fR, "
    "\\fB\\-\\-linux\\-device\\-remove\\-all\\fR, the hooks', seccomp's, ...) drops what an option "
    "before it added, a note on standard error names what was dropped, by which option, and how to "
    "keep it.\n"
    ".SS Platforms\nEvery plugin's options are known on any host. The target platform is \\fB\\-\\-os\\fR, "
    "else the template's platform section (\\fBlinux\\fR, \\fBwindows\\fR, ...), else the platform of "
    "the first option that belongs to another platform's plugin (\\fB\\-\\-windows\\-*\\fR, "
    "\\fB\\-\\-solaris\\-*\\fR, ...), else this host's. An option of a platform other than the target "
    "is refused with a message naming its plugin and the \\fB\\-\\-os\\fR to give.\n"
    ".SS Notes\nWhat the generated config still lacks before it validates (a Windows config's layer "
    "folders and root volume, which exist only on the Windows host) is said in a note on standard "
    "error, never invented. Seccomp rules given before \\fB\\-\\-linux\\-seccomp\\-default\\fR are "
    "kept: a rule the default action makes redundant is left out, and comes back if a later default "
    "differs.")

EXAMPLES = {
    "": [("Generate the default Linux config of this host:", "oci-runtime-tool generate --output config.json"),
         ("Generate a Windows config on Linux and validate it:",
          "oci-runtime-tool generate --os windows \\\n"
          "    --windows-layer-folders 'C:\\layers\\base' \\\n"
          "    --windows-layer-folders 'C:\\layers\\scratch' \\\n"
          "    --windows-hyperv --output config.json\n"
          "oci-runtime-tool validate --path ."),
         ("Test runc against the specification:", "oci-runtime-tool runtime-validate --runtime runc")],
    "generate": [("A read-only root, without network, with one more capability:",
                  "oci-runtime-tool generate --rootfs-readonly --linux-namespace-remove network \\\n"
                  "    --process-cap-add CAP_NET_RAW --output config.json"),
                 ("Start from a template; its platform section chooses the target:",
                  "oci-runtime-tool generate --template windows.json --windows-servicing"),
                 ("The seccomp profile alone, allowing everything but mount:",
                  "oci-runtime-tool generate --linux-seccomp-only --linux-seccomp-default allow \\\n"
                  "    --linux-seccomp-errno mount")],
    "validate": [("Validate the bundle in the current folder, warnings failing too:",
                  "oci-runtime-tool --compliance-level should validate"),
                 ("Validate runc's features and a container's state:",
                  "runc features > features.json && oci-runtime-tool validate --features features.json\n"
                  "runc state ID | oci-runtime-tool validate --state -"),
                 ("Only the seccomp checks, as TAP:",
                  "oci-runtime-tool validate --path bundle --only 'linux.seccomp*' --format tap")],
    "runtime-validate": [("Test crun, four cases at once, JUnit XML for CI:",
                          "oci-runtime-tool runtime-validate --runtime crun --jobs 4 --format junit"),
                         ("Only the cases that test the state's fields (a requirement id selects the cases "
                          "that test it):",
                          "oci-runtime-tool runtime-validate --runtime runc --only 'base.runtime.state.*'")],
    "plugins": [("The plugins for Windows bundles:", "oci-runtime-tool plugins --platform windows")],
    "requirements": [("The Linux requirements of 1.2.0, with their URLs:",
                      "oci-runtime-tool requirements --area 'linux.*' --spec-version 1.2.0"),
                     ("The runtime statements of 1.3.0 no runtime-validate case tests, each with the reason:",
                      "oci-runtime-tool requirements --uncovered --spec-version 1.3.0")],
    "json-schema": [("Any JSON file against any draft-04 schema:",
                     "oci-runtime-tool json-schema schema.json a.json b.json")],
    "completion": [("Load bash completion in the current shell:",
                    "source <(oci-runtime-tool completion bash)"),
                   ("The installed stubs do the same for bash, zsh and fish when a completion is first "
                    "needed, so the options of plugins installed later complete too.", "")],
}


def th(name, section, version, title):
    return '.TH %s %s "" "oci-runtime-tools %s" "%s"' % (esc(name.upper()), section, esc(version), title)


def name_section(name, summary):
    return ("NAME", "%s \\- %s" % (esc(name), esc(summary)))


def examples_section(command):
    items = []
    for description, command_line in EXAMPLES.get(command, []):
        items.append(example(description, command_line) if command_line else para(description))
    return ("EXAMPLES", "\n.PP\n".join(items))


def global_names(names):
    """"--log-level LEVEL" as "--log-level=LEVEL"; "-h, --help [COMMAND]" as "-h, --help"."""
    names = names.replace(" [COMMAND]", "")
    m = re.match(r"(.*--[\w-]+) ([A-Z]+)$", names)
    return "%s=%s" % m.groups() if m else names


def tool_page(program, version, plugin_dir):
    commands, global_options = main_help(program)
    command_items = "\n".join(".TP\n\\fB%s\\fR\n%s.\nSee \\fB%s\\-%s\\fR(1)." % (esc(c), para(s), esc(PROGRAM_NAME),
                                                                             esc(c))
                              for c, s in commands if c != "help")
    command_items += "\n.TP\n\\fBhelp\\fR [\\fICOMMAND\\fR]\nThe program's help, or a command's."
    options = "\n".join(option_item(global_names(n), d) for n, d in global_options)
    return [
        name_section(PROGRAM_NAME, "generate and validate OCI runtime configs, test OCI runtimes"),
        ("SYNOPSIS", "\\fB%s\\fR [\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fIOPTIONS\\fR]" % esc(PROGRAM_NAME)),
        ("DESCRIPTION", para(
            "oci-runtime-tool generates config.json files of the OCI runtime specification, validates "
            "bundles (and runtimes' state and features documents) offline against every release of the "
            "specification and for every platform, and tests real runtimes such as runc and crun for "
            "compliance. Every spec area and platform is a plugin: vendors add checks and options by "
            "installing plugins.")),
        ("COMMANDS", command_items),
        ("OPTIONS", para("Global options go before or after the command.") + "\n" + options),
        ("EXIT STATUS", EXIT_STATUS),
        ("ENVIRONMENT", ENVIRONMENT),
        ("FILES", files_section(plugin_dir)),
        examples_section(""),
        ("SEE ALSO", see_also(*command_pages(), ("oci-runtimetest", "1"), ("oci-runtime-tools-plugin", "7"))),
    ]


def command_page(program, command):
    summary, sections = parse_help(help_text(program, command))
    usage = help_text(program, command).splitlines()[0]
    params = usage.split("[OPTION...]", 1)[1].strip() if "[OPTION...]" in usage else ""
    commands, _ = main_help(program)
    one_line = dict(commands).get(command, command)
    page = [
        name_section("%s-%s" % (PROGRAM_NAME, command), one_line),
        ("SYNOPSIS", "\\fB%s %s\\fR [\\fIOPTION\\fR]...%s" % (esc(PROGRAM_NAME), esc(command),
                                                          " \\fI%s\\fR" % esc(params) if params else "")),
        ("DESCRIPTION", "\n.PP\n".join(para(p) for p in summary) or para(one_line)),
        ("OPTIONS", options_roff(sections) + "\n.PP\n" + para(
            "The global options of oci-runtime-tool(1) are taken here too.")),
    ]
    if command == "generate":
        page.append(("NOTES", GENERATE_NOTES))
    page += [
        ("EXIT STATUS", EXIT_STATUS),
        examples_section(command),
        ("SEE ALSO", see_also((PROGRAM_NAME, "1"), *[p for p in command_pages() if p[0] != "%s-%s" % (
            PROGRAM_NAME, command)])),
    ]
    return page


def runtimetest_page():
    return [
        name_section("oci-runtimetest", "check a container's live environment against its config.json"),
        ("SYNOPSIS", "\\fBoci\\-runtimetest\\fR"),
        ("DESCRIPTION", para(
            "oci-runtimetest runs inside a container started by oci-runtime-tool runtime-validate. The "
            "harness puts it, the libraries it needs and the plugins under /.ort in the container's root "
            "filesystem, with a copy of the config at /.ort/config.json and the inside checkers to run "
            "at /.ort/inside (one glob per line; without the file, all), and the plugins' settings of the "
            "run at /.ort/settings (no settings folder is read inside). It takes no options: its own "
            "arguments, environment, user and so on are what is checked. It prints TAP 13, one line per "
            "requirement, with the requirement id, the expected and actual values and the spec URL.")),
        ("EXIT STATUS", ".TP\n.B 0\nEvery requirement holds.\n.TP\n.B 1\nA requirement is broken.\n"
                        ".TP\n.B 2\nThe config, the checker list or the settings cannot be read."),
        ("ENVIRONMENT", ".TP\n.B OCI_RUNTIMETEST_ROOT\nUsed instead of / to find .ort/, for a run outside "
                        "a container."),
        ("FILES", ".TP\n.I /.ort/config.json\nThe config the container was created from.\n"
                  ".TP\n.I /.ort/inside\nThe globs of the inside checkers to run.\n"
                  ".TP\n.I /.ort/settings\nThe settings in effect outside (settings files, --plugin-option), a "
                  "key file with one group per plugin."),
        ("SEE ALSO", see_also((PROGRAM_NAME, "1"), ("oci-runtime-tool-runtime-validate", "1"))),
    ]


def plugin_page(plugin_dir, doc_dir):
    return [
        name_section("oci-runtime-tools-plugin", "writing plugins for oci-runtime-tools"),
        ("DESCRIPTION", para(
            "A plugin is one shared module that exports one descriptor, made with OCI_PLUGIN_DEFINE() "
            "from <oci-runtime-tools/oci-plugin.h>: its name, description, the platforms it applies to "
            "and an init function that registers its requirements (id, RFC 2119 level, spec document "
            "and anchor, release range), checkers, generate options and runtime cases. Compile it "
            "against the libocirt pkg-config module and install it in the plugin folder, or point "
            "OCI_RUNTIME_TOOLS_PLUGIN_PATH or --plugin-dir at its folder.") + "\n.PP\n" + para(
            "The plugin guide, with a complete example, is installed as %s/plugin-guide.md." % doc_dir)),
        ("FILES", files_section(plugin_dir) + "\n.TP\n.I %s/plugin\\-guide.md\nThe plugin guide." % esc(doc_dir)),
        ("SEE ALSO", see_also((PROGRAM_NAME, "1"), ("oci-runtime-tool-plugins", "1"))),
    ]


def with_sdk_sections(sections):
    """The sections docs/man-sdk.roff writes by hand (about plugins) replace
    those of the same title, or come before EXIT STATUS."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "man-sdk.roff")
    if not os.path.exists(path):
        return sections
    with open(path) as f:
        parts = re.split(r"^\.SH (.*)$", f.read(), flags=re.M)
    # paths may break after their slashes (the pages are not hyphenated)
    extra = [(parts[i].strip(), re.sub(r"^(\.I .*)$", lambda m: re.sub(r"/(?=\S)", "/\\:", m.group(1)),
                                       parts[i + 1].strip("\n"), flags=re.M))
             for i in range(1, len(parts), 2)]
    sections = list(sections)
    for title, body in extra:
        titles = [t for t, _ in sections]
        if title in titles:
            sections[titles.index(title)] = (title, body)
        else:
            sections.insert(titles.index("EXIT STATUS") if "EXIT STATUS" in titles else len(sections),
                            (title, body))
    return sections


def render(name, section, version, sections, title):
    # left-aligned and not hyphenated: JSON samples, option syntaxes and
    # page names are long words, which a justified line cannot take without
    # a warning
    out = [th(name, section, version, title), ".ds AD l", ".ad l", ".nh"]
    for heading, body in sections:
        out.append(".SH %s" % heading)
        out.append(body)
    return "\n".join(out) + "\n"


def main():
    program, version, *outputs = sys.argv[1:]
    plugin_dir = os.environ.get("OCI_MAN_PLUGIN_DIR", "/usr/lib/oci-runtime-tools/plugins")
    doc_dir = os.environ.get("OCI_MAN_DOC_DIR", "/usr/share/doc/oci-runtime-tools")
    for output in outputs:
        base = os.path.basename(output)
        name, _, section = base.rpartition(".")
        if name == PROGRAM_NAME:
            text = render(name, section, version, with_sdk_sections(tool_page(program, version, plugin_dir)),
                          "User Commands")
        elif name.startswith(PROGRAM_NAME + "-"):
            text = render(name, section, version, command_page(program, name[len(PROGRAM_NAME) + 1:]),
                          "User Commands")
        elif name == "oci-runtimetest":
            text = render(name, section, version, runtimetest_page(), "User Commands")
        elif name == "oci-runtime-tools-plugin":
            text = render(name, section, version, plugin_page(plugin_dir, doc_dir), "Miscellaneous")
        else:
            sys.exit("gen-man.py: no page named %s" % base)
        text.encode("ascii")  # the pages are ASCII roff: a stray character fails the build
        with open(output, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
