#!/bin/sh
# embed_templates.sh FILE... — print a C header that holds each file of
# templates/ as a string literal, so that actgen needs no files at run time:
# templates/NAME.EXT as tpl_NAME_EXT (. and - as _), and each math layer
# file templates/math/NAME.c as tpl_math_NAME_c, listed by NAME in the
# table tpl_math[] (in file-name order).
set -eu
math=
for f in "$@"; do
  case "$f" in
    */math/*) name=math_$(basename "$f" | tr '.-' '__'); math="$math $f" ;;
    *) name=$(basename "$f" | tr '.-' '__') ;;
  esac
  printf 'static const char tpl_%s[] =\n' "$name"
  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/  "/' -e 's/$/\\n"/' "$f"
  printf ';\n'
done
printf 'static const struct { const char *name, *text; } tpl_math[] = {\n'
for f in $math; do
  b=$(basename "$f" .c)
  printf '  {"%s", tpl_math_%s_c},\n' "$b" "$(echo "$b" | tr '.-' '__')"
done
[ -n "$math" ] || printf '  {"", ""},\n'
printf '};\n'
