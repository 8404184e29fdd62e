#!/bin/sh
# act_table.sh HEADER.h... — a C header that includes the given generated
# headers and lists every activation they declare, for drivers that call
# all of them (bench/kernels.c, tests/emit/same_bits.c):
#
#   #include "gelu.h"
#   #define ACT_TABLE(X) X(act_gelu) X(act_gelu_tanh) ...
#
# An activation is found by its float array function NAME_forwardf (SPEC §3),
# so a header made with --precision double only contributes nothing. The
# order is that of the headers and, within one, of the declarations.
set -eu
echo "/* Made by tools/act_table.sh — do not edit. */"
for h in "$@"; do
  echo "#include \"$(basename "$h")\""
done
printf '#define ACT_TABLE(X)'
for h in "$@"; do
  sed -n 's/^void \([A-Za-z_][A-Za-z0-9_]*\)_forwardf(size_t.*/\1/p' "$h" |
    while read -r name; do printf ' X(%s)' "$name"; done
done
echo
