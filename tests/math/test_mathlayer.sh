#!/bin/sh
# The math layer (templates/math/*.c) against MPFR: tests/math/mathcheck.c,
# built with the compiler under test at -O2 (FP contraction off, as in the
# generated files), prints each function's maximum relative error and where,
# and fails if one exceeds its bound (2^-44) or gets a special value wrong.
top=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
for f in $(sh "$top/tests/math/mathfiles.sh"); do echo "#include \"$f\""; done >"$T/mathlayer_all.h" || exit 1
${CC:-cc} -std=c99 -O2 -I"$T" -ffp-contract=off -Wall -Wextra -Werror -o "$T/mathcheck" "$top/tests/math/mathcheck.c" \
  -lmpfr -lgmp -lm || exit 1
"$T/mathcheck" "$@" >"$T/out" 2>&1
status=$?
cat "$T/out"
exit $status
