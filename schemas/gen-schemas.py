#!/usr/bin/env python3
"""Derive the per-release runtime-spec JSON schemas from the annotated source.

The source (schemas/src/*.json, described in schemas/README.md) holds every
release at once; each member carries the releases it exists in.  For each
release R this writes OUT/R/<document>-schema.json: one self-contained
draft-04 document with its own "definitions", no x-* keyword, and only the
members R has.  It also writes OUT/releases.txt and, on request, a C file
embedding the schemas.  With --compact (the embedded copies) each
schema is minified, loses its descriptions, and gets a binary container
index beside it (R/<document>-schema.json.idx, see container_index()).

Usage:
  gen-schemas.py --src DIR --out DIR [--compact] [--c-source FILE]
                 [--resource-prefix /org/ocirt/schemas]
  gen-schemas.py --src DIR --list-outputs

--list-outputs prints the paths the generator would write, relative to OUT,
one per line, and writes nothing (for build systems that must know them at
configure time).

Exit status: 0 on success, 1 when the source is malformed (the message names
the file and the JSON pointer of the problem), 2 on usage errors.
"""

import argparse
import json
import os
import re
import struct
import sys
import tempfile

DRAFT04 = "http://json-schema.org/draft-04/schema#"
ID_FORMAT = "urn:oci-runtime-tools:schema:{release}:{document}"

# Order in which keywords are written out; anything else is refused.
KEYWORD_ORDER = (
    "$schema", "id", "description", "type", "$ref", "enum", "pattern",
    "minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum",
    "minLength", "maxLength", "format", "items", "additionalItems",
    "minItems", "maxItems", "uniqueItems", "properties", "patternProperties",
    "additionalProperties", "required", "minProperties", "maxProperties",
    "dependencies", "allOf", "anyOf", "oneOf", "not", "default",
    "definitions",
)
KEYWORDS = frozenset(KEYWORD_ORDER) - {"$schema", "id", "definitions"}
ANNOTATIONS = frozenset(
    ("x-since", "x-until", "x-variants", "x-enum", "x-required", "x-note"))
FILE_KEYS = frozenset(("description", "definitions", "x-releases",
                       "x-document", "x-since", "x-until", "x-note"))
RANGE_KEYS = frozenset(("x-since", "x-until", "x-note"))
REF_RE = re.compile(r"^([A-Za-z0-9_.-]+\.json)?#/definitions/([A-Za-z0-9_]+)$")
VERSION_RE = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")
DOCUMENT_RE = re.compile(r"^[a-z][a-z0-9-]*$")


class SourceError(Exception):
    """A problem in the annotated source, located by file and JSON pointer."""

    def __init__(self, fname, pointer, message):
        where = fname if not pointer else "%s: %s" % (fname, pointer)
        super().__init__("%s: %s" % (where, message))


def escape(token):
    return str(token).replace("~", "~0").replace("/", "~1")


def version_key(version):
    return tuple(int(part) for part in version.split("."))


class Source:
    """All source files, their definitions, documents and the release list."""

    def __init__(self, src_dir):
        self.files = {}          # file name -> parsed object
        self.definitions = {}    # definition name -> (file name, node)
        self.documents = {}      # document name -> file name
        self.releases = None
        self.release_file = None
        self._load(src_dir)
        self._check_releases()
        self._index()

    def _load(self, src_dir):
        try:
            names = sorted(n for n in os.listdir(src_dir) if n.endswith(".json"))
        except OSError as e:
            raise SourceError(src_dir, "", "cannot list directory: %s" % e.strerror)
        if not names:
            raise SourceError(src_dir, "", "no *.json source files")
        for name in names:
            path = os.path.join(src_dir, name)
            try:
                with open(path, encoding="utf-8") as f:
                    data = json.load(f, object_pairs_hook=self._no_duplicates(name))
            except OSError as e:
                raise SourceError(name, "", "cannot read: %s" % e.strerror)
            except json.JSONDecodeError as e:
                raise SourceError(name, "", "invalid JSON at line %d column %d: %s"
                                  % (e.lineno, e.colno, e.msg))
            except ValueError as e:
                raise SourceError(name, "", str(e))
            if not isinstance(data, dict):
                raise SourceError(name, "", "top level must be an object")
            self.files[name] = data

    @staticmethod
    def _no_duplicates(fname):
        def hook(pairs):
            seen = {}
            for key, value in pairs:
                if key in seen:
                    raise ValueError("duplicate member %r" % key)
                seen[key] = value
            return seen
        return hook

    def _check_releases(self):
        for fname, data in self.files.items():
            if "x-releases" not in data:
                continue
            if self.releases is not None:
                raise SourceError(fname, "/x-releases", "x-releases already given in %s"
                                  % self.release_file)
            releases = data["x-releases"]
            if (not isinstance(releases, list) or not releases
                    or not all(isinstance(r, str) and VERSION_RE.match(r) for r in releases)):
                raise SourceError(fname, "/x-releases",
                                  "must be a non-empty array of MAJOR.MINOR.PATCH strings")
            keys = [version_key(r) for r in releases]
            if keys != sorted(set(keys)):
                raise SourceError(fname, "/x-releases", "releases must be unique and ascending")
            self.releases = releases
            self.release_file = fname
        if self.releases is None:
            raise SourceError("(source)", "", "no file declares x-releases")

    def _index(self):
        for fname, data in self.files.items():
            for key in data:
                if key not in FILE_KEYS and "x-document" not in data:
                    raise SourceError(fname, "/" + escape(key),
                                      "unexpected top-level member (only a document file may "
                                      "carry schema keywords)")
            self.check_range(fname, "", data)
            if "x-document" in data:
                doc = data["x-document"]
                if not isinstance(doc, str) or not DOCUMENT_RE.match(doc):
                    raise SourceError(fname, "/x-document", "must be a lower-case name")
                if doc in self.documents:
                    raise SourceError(fname, "/x-document", "document %r already defined in %s"
                                      % (doc, self.documents[doc]))
                self.documents[doc] = fname
            defs = data.get("definitions", {})
            if not isinstance(defs, dict):
                raise SourceError(fname, "/definitions", "must be an object")
            for name, node in defs.items():
                pointer = "/definitions/" + escape(name)
                if not re.match(r"^[A-Za-z0-9_]+$", name):
                    raise SourceError(fname, pointer, "definition names use [A-Za-z0-9_] only")
                if name in self.definitions:
                    raise SourceError(fname, pointer, "definition %r already defined in %s"
                                      % (name, self.definitions[name][0]))
                if not isinstance(node, dict):
                    raise SourceError(fname, pointer, "a definition must be an object")
                self.definitions[name] = (fname, node)
        if not self.documents:
            raise SourceError("(source)", "", "no file declares x-document")

    def check_range(self, fname, pointer, node):
        """Validate x-since / x-until of NODE; return them (None when absent)."""
        bounds = []
        for key in ("x-since", "x-until"):
            value = node.get(key)
            if value is not None and value not in self.releases:
                raise SourceError(fname, pointer + "/" + key,
                                  "%r is not a release listed in x-releases" % (value,))
            bounds.append(value)
        since, until = bounds
        if since and until and version_key(since) >= version_key(until):
            raise SourceError(fname, pointer, "x-since %s is not before x-until %s"
                              % (since, until))
        return since, until

    def live(self, fname, pointer, node, release):
        since, until = self.check_range(fname, pointer, node)
        key = version_key(release)
        if since and key < version_key(since):
            return False
        if until and key >= version_key(until):
            return False
        return True


class Builder:
    """Builds one document for one release."""

    def __init__(self, source, release, document):
        self.source = source
        self.release = release
        self.document = document
        self.wanted = []         # definition names still to emit
        self.emitted = {}        # definition name -> built schema

    def build(self):
        fname = self.source.documents[self.document]
        root = self.source.files[fname]
        body = {k: v for k, v in root.items() if k not in ("definitions", "x-releases", "x-document")}
        schema = self.node(fname, "", body)
        while self.wanted:
            name = self.wanted.pop()
            if name in self.emitted:
                continue
            dfile, dnode = self.source.definitions[name]
            self.emitted[name] = self.node(dfile, "/definitions/" + escape(name), dnode)
        out = {"$schema": DRAFT04,
               "id": ID_FORMAT.format(release=self.release, document=self.document)}
        out.update(schema)
        if self.emitted:
            out["definitions"] = {n: self.emitted[n] for n in sorted(self.emitted)}
        return ordered(out)

    def error(self, fname, pointer, message):
        return SourceError(fname, pointer, "%s (release %s)" % (message, self.release))

    def node(self, fname, pointer, node):
        """Return the schema NODE (of FNAME at POINTER) as it is in the release."""
        if not isinstance(node, dict):
            raise self.error(fname, pointer, "a schema must be an object")
        node = self.pick_variant(fname, pointer, node)
        out = {}
        for key, value in node.items():
            kp = pointer + "/" + escape(key)
            if key.startswith("x-"):
                if key not in ANNOTATIONS:
                    raise self.error(fname, kp, "unknown annotation %r" % key)
                if key == "x-enum":
                    if "enum" in node:
                        raise self.error(fname, kp, "x-enum and enum together")
                    out["enum"] = self.enum(fname, kp, value)
                elif key == "x-note" and not isinstance(value, str):
                    raise self.error(fname, kp, "x-note must be a string")
                continue
            if key not in KEYWORDS:
                raise self.error(fname, kp, "unknown or misplaced keyword %r" % key)
            out[key] = self.keyword(fname, kp, key, value)
        self.collect_required(fname, pointer, node, out)
        if "$ref" in out:
            extra = set(out) - {"$ref", "description"}
            if extra:
                raise self.error(fname, pointer, "$ref has sibling keywords %s, which draft-04 "
                                 "ignores" % ", ".join(sorted(extra)))
        return out

    def pick_variant(self, fname, pointer, node):
        variants = node.get("x-variants")
        if variants is None:
            return node
        vp = pointer + "/x-variants"
        if not isinstance(variants, list) or not variants:
            raise self.error(fname, vp, "must be a non-empty array")
        chosen = []
        for i, variant in enumerate(variants):
            ip = "%s/%d" % (vp, i)
            if not isinstance(variant, dict):
                raise self.error(fname, ip, "a variant must be an object")
            if "x-variants" in variant:
                raise self.error(fname, ip, "variants do not nest")
            if "x-since" not in variant and "x-until" not in variant:
                raise self.error(fname, ip, "a variant needs x-since or x-until")
            if self.source.live(fname, ip, variant, self.release):
                chosen.append((ip, variant))
        if len(chosen) != 1:
            raise self.error(fname, vp, "%d variants apply, exactly one must" % len(chosen))
        ip, variant = chosen[0]
        merged = {k: v for k, v in node.items() if k != "x-variants"}
        for key, value in variant.items():
            if key in RANGE_KEYS:
                continue
            if key in merged:
                raise self.error(fname, ip + "/" + escape(key),
                                 "variant repeats %r of the enclosing schema" % key)
            merged[key] = value
        return merged

    def enum(self, fname, pointer, values):
        if not isinstance(values, list) or not values:
            raise self.error(fname, pointer, "must be a non-empty array")
        out = []
        for i, item in enumerate(values):
            ip = "%s/%d" % (pointer, i)
            if isinstance(item, dict):
                if "value" not in item or set(item) - {"value"} - RANGE_KEYS:
                    raise self.error(fname, ip, "an annotated value is {\"value\": V, "
                                     "\"x-since\": R, \"x-until\": R}")
                if self.source.live(fname, ip, item, self.release):
                    out.append(item["value"])
            else:
                out.append(item)
        if not out:
            raise self.error(fname, pointer, "no value left")
        if len(set(json.dumps(v, sort_keys=True) for v in out)) != len(out):
            raise self.error(fname, pointer, "duplicate value")
        return out

    def keyword(self, fname, pointer, key, value):
        if key == "$ref":
            return self.ref(fname, pointer, value)
        if key == "properties":
            if not isinstance(value, dict):
                raise self.error(fname, pointer, "must be an object")
            out = {}
            for name, sub in value.items():
                sp = pointer + "/" + escape(name)
                if not isinstance(sub, dict):
                    raise self.error(fname, sp, "a schema must be an object")
                if self.source.live(fname, sp, sub, self.release):
                    out[name] = self.node(fname, sp, sub)
            return out
        if key == "patternProperties" or key == "dependencies":
            if not isinstance(value, dict):
                raise self.error(fname, pointer, "must be an object")
            return {k: (self.node(fname, pointer + "/" + escape(k), v)
                        if isinstance(v, dict) else v) for k, v in value.items()}
        if key in ("items", "additionalItems", "additionalProperties"):
            if isinstance(value, bool) and key != "items":
                return value
            if isinstance(value, list) and key == "items":
                return [self.node(fname, "%s/%d" % (pointer, i), v)
                        for i, v in enumerate(value)]
            return self.node(fname, pointer, value)
        if key in ("allOf", "anyOf", "oneOf"):
            if not isinstance(value, list) or not value:
                raise self.error(fname, pointer, "must be a non-empty array")
            return [self.node(fname, "%s/%d" % (pointer, i), v) for i, v in enumerate(value)]
        if key == "not":
            return self.node(fname, pointer, value)
        if key == "required":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise self.error(fname, pointer, "must be an array of strings")
            return list(value)
        if key == "type":
            types = value if isinstance(value, list) else [value]
            allowed = {"array", "boolean", "integer", "null", "number", "object", "string"}
            if not types or not all(t in allowed for t in types):
                raise self.error(fname, pointer, "bad type %r" % (value,))
            return value
        if key == "pattern":
            if not isinstance(value, str):
                raise self.error(fname, pointer, "must be a string")
            try:
                re.compile(value)
            except re.error as e:
                raise self.error(fname, pointer, "bad pattern: %s" % e)
            return value
        if key == "enum" and (not isinstance(value, list) or not value):
            raise self.error(fname, pointer, "must be a non-empty array")
        if key == "description" and not isinstance(value, str):
            raise self.error(fname, pointer, "must be a string")
        return value

    def ref(self, fname, pointer, value):
        m = REF_RE.match(value) if isinstance(value, str) else None
        if not m:
            raise self.error(fname, pointer, "a $ref must look like [FILE.json]#/definitions/NAME")
        target_file, name = m.group(1) or fname, m.group(2)
        if target_file not in self.source.files:
            raise self.error(fname, pointer, "no source file %s" % target_file)
        if name not in self.source.definitions:
            raise self.error(fname, pointer, "no definition %r" % name)
        dfile, dnode = self.source.definitions[name]
        if dfile != target_file:
            raise self.error(fname, pointer, "%r is defined in %s, not %s"
                             % (name, dfile, target_file))
        dpointer = "/definitions/" + escape(name)
        if not (self.source.live(dfile, "", self.source.files[dfile], self.release)
                and self.source.live(dfile, dpointer, dnode, self.release)):
            raise self.error(fname, pointer, "refers to %s#%s, which release %s does not have"
                             % (dfile, dpointer, self.release))
        if name not in self.emitted:
            self.wanted.append(name)
        return "#/definitions/" + name

    def collect_required(self, fname, pointer, node, out):
        """Turn x-required of the live properties into the required list."""
        required = list(out.get("required", []))
        props = node.get("properties", {})
        for name, sub in props.items():
            if name not in out.get("properties", {}) or "x-required" not in sub:
                continue
            rp = "%s/properties/%s/x-required" % (pointer, escape(name))
            flag = sub["x-required"]
            if flag is True:
                wanted = True
            elif isinstance(flag, dict) and flag and not set(flag) - RANGE_KEYS:
                wanted = self.source.live(fname, rp, flag, self.release)
            else:
                raise self.error(fname, rp, "must be true or {\"x-since\": R, \"x-until\": R}")
            if wanted and name not in required:
                required.append(name)
        for name in required:
            if name not in out.get("properties", {}):
                raise self.error(fname, pointer + "/required",
                                 "required member %r has no schema in this release" % name)
        if required:
            out["required"] = required
        elif "required" in out:
            del out["required"]


INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1


def ordered(value):
    """Recursively order schema keywords; property and definition order is kept.

    Integers outside the int64 range (the uint64 maximum) are written as
    doubles: json-glib, like many JSON parsers, stores integer literals in an
    int64 and would wrap 18446744073709551615 to -1.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return value if INT64_MIN <= value <= INT64_MAX else float(value)
    if isinstance(value, list):
        return [ordered(v) for v in value]
    if not isinstance(value, dict):
        return value
    rank = {k: i for i, k in enumerate(KEYWORD_ORDER)}
    out = {}
    for key in sorted(value, key=lambda k: rank.get(k, len(rank))):
        sub = value[key]
        if key in ("properties", "patternProperties", "definitions", "dependencies"):
            out[key] = {k: ordered(v) for k, v in sub.items()}
        elif key in ("required", "type"):
            out[key] = sub
        else:
            out[key] = ordered(sub)
    return out


def write_atomically(path, text):
    directory = os.path.dirname(path) or "."
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=directory)
    try:
        if isinstance(text, bytes):
            with os.fdopen(fd, "wb") as f:
                f.write(text)
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def document_live(source, document, release):
    fname = source.documents[document]
    return source.live(fname, "", source.files[fname], release)


# Keywords whose value maps names to subschemas: their keys are names, not
# keywords, so "description" there is a property and stays.
NAME_MAPS = frozenset(("properties", "patternProperties", "definitions", "dependencies"))


def without_descriptions(schema):
    """The schema without its "description" keywords (for the embedded copy:
    the validator never reads them, and the library parses less)."""
    if isinstance(schema, list):
        return [without_descriptions(v) for v in schema]
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key, value in schema.items():
        if key == "description":
            continue
        if key in NAME_MAPS and isinstance(value, dict):
            out[key] = {k: without_descriptions(v) for k, v in value.items()}
        elif key in ("enum", "default"):
            out[key] = value
        else:
            out[key] = without_descriptions(value)
    return out


def generate(source, compact=False):
    """Return {relative output path: text}."""
    outputs = {}
    for release in source.releases:
        for document in sorted(source.documents):
            if not document_live(source, document, release):
                continue
            schema = Builder(source, release, document).build()
            rel = "%s/%s-schema.json" % (release, document)
            if compact:
                outputs[rel] = json.dumps(without_descriptions(schema), separators=(",", ":"),
                                          ensure_ascii=False) + "\n"
                outputs[rel + ".idx"] = container_index(outputs[rel].encode("utf-8"))
            else:
                outputs[rel] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    outputs["releases.txt"] = "".join(r + "\n" for r in source.releases)
    return outputs


def container_index(data):
    """Where each object and array of the JSON text @data (bytes) opens and
    ends (one past its closing bracket), in document order, as the library
    reads it for the embedded schemas instead of scanning their text in
    every process: b"OCIX", a little-endian uint32 count, the starts, the
    ends."""
    starts, ends, open_slots = [], [], []
    in_string = escaped = False
    for pos, byte in enumerate(data):
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # double quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x7B, 0x5B):  # { [
            open_slots.append(len(starts))
            starts.append(pos)
            ends.append(0)
        elif byte in (0x7D, 0x5D):  # } ]
            ends[open_slots.pop()] = pos + 1
    if open_slots or in_string or not starts:
        raise SourceError("<generated>", "", "unbalanced JSON text")
    return b"OCIX" + struct.pack("<I", len(starts)) + struct.pack("<%dI" % len(starts), *starts) \
        + struct.pack("<%dI" % len(ends), *ends)


def c_literal(data):
    """@data (bytes) as adjacent C string literals, 76 source bytes a line."""
    lines, line = [], []
    width = 0
    for b in data:
        if b == 0x22:
            piece = '\\"'
        elif b == 0x5C:
            piece = "\\\\"
        elif 0x20 <= b < 0x7F and b != 0x3F:  # '?' escaped: no trigraphs
            piece = chr(b)
        else:
            piece = "\\%03o" % b
        line.append(piece)
        width += len(piece)
        if width >= 76:
            lines.append('  "%s"' % "".join(line))
            line, width = [], 0
    if line or not lines:
        lines.append('  "%s"' % "".join(line))
    return "\n".join(lines)


def c_source(outputs, prefix):
    """A C file embedding the schemas: oci_embedded_schemas[], sorted by
    path, each with its text (NUL-terminated) and its container index (see
    container_index()), when the outputs are compact."""
    names = sorted(rel for rel in outputs if rel.endswith("-schema.json"))
    out = ["/* Generated by gen-schemas.py; do not edit. */",
           '#include "oci-schema-embedded.h"', ""]
    for i, rel in enumerate(names):
        text = outputs[rel].encode("utf-8") if isinstance(outputs[rel], str) else outputs[rel]
        out.append("/* %s */" % rel)
        out.append("static const char text_%d[] =\n%s;" % (i, c_literal(text)))
        index = outputs.get(rel + ".idx")
        if index is not None:
            out.append("static const char index_%d[] =\n%s;" % (i, c_literal(index)))
        out.append("")
    out.append("const OciEmbeddedSchema oci_embedded_schemas[] = {")
    for i, rel in enumerate(names):
        index = outputs.get(rel + ".idx")
        out.append('  { "%s/%s", text_%d, sizeof text_%d - 1, %s, %s },' % (
            prefix, rel, i, i, "index_%d" % i if index is not None else "NULL",
            "sizeof index_%d - 1" % i if index is not None else "0"))
    out.append("};")
    out.append("const gsize oci_embedded_schemas_count = G_N_ELEMENTS (oci_embedded_schemas);")
    out.append("")
    return "\n".join(out)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", required=True, help="directory of the annotated source")
    parser.add_argument("--out", help="output directory")
    parser.add_argument("--list-outputs", action="store_true",
                        help="print the output paths relative to OUT and exit")
    parser.add_argument("--c-source", metavar="FILE",
                        help="also write a C file embedding the outputs (oci_embedded_schemas)")
    parser.add_argument("--compact", action="store_true",
                        help="write minified schemas without descriptions (for embedding)")
    parser.add_argument("--resource-prefix", default="/org/ocirt/schemas",
                        help="path prefix of the embedded schemas (default: %(default)s)")
    args = parser.parse_args(argv)
    if not args.out and not args.list_outputs:
        parser.error("--out is required")
    if not re.match(r"^(/[A-Za-z0-9_.-]+)+$", args.resource_prefix):
        parser.error("--resource-prefix must be an absolute resource path")
    try:
        source = Source(args.src)
        outputs = generate(source, args.compact)
    except SourceError as e:
        print("gen-schemas: %s" % e, file=sys.stderr)
        return 1
    if args.list_outputs:
        for rel in sorted(outputs, key=resource_order):
            print(rel)
        return 0
    for rel in sorted(outputs):
        write_atomically(os.path.join(args.out, rel), outputs[rel])
    if args.c_source:
        write_atomically(args.c_source, c_source(outputs, args.resource_prefix))
    return 0


def resource_order(rel):
    head, _, tail = rel.partition("/")
    if VERSION_RE.match(head):
        return (0, version_key(head), tail)
    return (1, (), rel)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
