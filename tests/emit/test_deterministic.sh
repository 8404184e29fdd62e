#!/bin/sh
# Output is byte-for-byte deterministic (SPEC §2): two runs give identical
# .c and .h files, and so does a run from another working directory with
# the same file name on the command line.
A=${ACTGEN:-./actgen}
case $A in /*) ;; *) A=$(pwd)/$A ;; esac
T=$(mktemp -d "${TMPDIR:-/tmp}/emit.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
fail=0
for act in tests/emit/every.act tests/emit/runtime.act activations/*.act; do
  [ -e "$act" ] || continue
  "$A" "$act" --prefix p_ -o "$T/1.c" -H "$T/1.h" || { echo "actgen failed on $act"; fail=1; continue; }
  "$A" "$act" --prefix p_ -o "$T/2.c" -H "$T/2.h" || { echo "actgen failed on $act"; fail=1; continue; }
  cmp -s "$T/1.c" "$T/2.c" || { echo "$act: two runs give different .c files"; diff "$T/1.c" "$T/2.c" | head; fail=1; }
  cmp -s "$T/1.h" "$T/2.h" || { echo "$act: two runs give different .h files"; fail=1; }
  # Standard output carries the same bytes as -o.
  "$A" "$act" --prefix p_ >"$T/3.c" || fail=1
  cmp -s "$T/1.c" "$T/3.c" || { echo "$act: stdout differs from -o"; fail=1; }
done
exit $fail
