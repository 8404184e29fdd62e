#!/bin/sh
# embed_templates.sh FILE... — print a C header that holds each file of
# templates/ as a string literal named tpl_<basename with . and - as _>,
# so that actgen needs no files at run time.
for f in "$@"; do
  name=$(basename "$f" | tr '.-' '__')
  printf 'static const char tpl_%s[] =\n' "$name"
  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/  "/' -e 's/$/\\n"/' "$f"
  printf ';\n'
done
