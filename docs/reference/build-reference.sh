#!/bin/sh
# Builds the HTML API reference of libocirt with gtk-doc, from the public
# headers (declarations) and the headers and core sources (doc comments).
# Usage: build-reference.sh SOURCE_ROOT MAIN_XML OUTDIR STAMP
set -eu
source=$1
main=$(realpath "$2")
out=$(realpath -m "$3")
stamp=$(realpath -m "$4")
work="$out.work"
rm -rf "$work" "$out"
mkdir -p "$work/html"
cd "$work"
gtkdoc-scan --module=oci-runtime-tools --source-dir="$source/include/oci-runtime-tools" \
  --ignore-headers="oci-runtime-tools.h" --output-dir=. >scan.log 2>&1 || { cat scan.log; exit 1; }
gtkdoc-mkdb --module=oci-runtime-tools --source-dir="$source/include/oci-runtime-tools" \
  --source-dir="$source/core" --source-suffixes=c,h --output-format=xml --xml-mode \
  --main-sgml-file="$main" >mkdb.log 2>&1 || { cat mkdb.log; exit 1; }
cp "$main" main.xml
(cd html && gtkdoc-mkhtml oci-runtime-tools ../main.xml) >html.log 2>&1 || { cat html.log; exit 1; }
mv html "$out"
cd ..
rm -rf "$work"
touch "$stamp"
