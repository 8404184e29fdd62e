#!/bin/sh
# The `_fast` forms of the math layer (src/ops.h, FAST: the exponential
# family without its clamps and scalings into the subnormals) give the
# same bits as the whole functions up to their bounds, and the saturated
# forms (SAT: erf is +-1 beyond |u| = 6, exp +0 below -745.2) those of
# the whole functions wherever the vector float bodies' test leaves a lane
# unflagged, and so do the two-operand fast forms (FAST "rare": hypotin,
# rhypotin) where their own test does: tests/math/fastcheck.c, for every row of ops.h with a FAST or
# a SAT column, with gcc and clang at -O0 and at -O3 -march=native.
top=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
for f in $(sh "$top/tests/math/mathfiles.sh"); do echo "#include \"$f\""; done >"$T/mathlayer_all.h" || exit 1
sed -n 's/^ *R([A-Z0-9]*, *"[^"]*", *-\{0,1\}[0-9]*, *[A-Z]*, *"[^"]*", *"\([a-z0-9]*\)", *"[^"]*", *"\([0-9.]\{1,\}\)".*/X(\1, \2)/p' \
  "$top/src/ops.h" >"$T/fast_forms.h"
[ -s "$T/fast_forms.h" ] || { echo "no FAST rows found in src/ops.h"; exit 1; }
# X(NAME, BOUND, VALUE, ODD): VALUE with x for the operand; ODD 1 where it has one
sed -n 's/^ *R([A-Z0-9]*, *"[^"]*", *-\{0,1\}[0-9]*, *[A-Z]*, *"[^"]*", *"\([a-z0-9]*\)", *"[^"]*", *"[^"]*", *"\([0-9.]\{1,\}\) \([^"]*\)".*/X(\1, \2, \3)/p' \
  "$top/src/ops.h" | sed 's/%s\(.*\))$/x\1, 1)/; /, 1)$/!s/)$/, 0)/' >"$T/sat_forms.h"
[ -s "$T/sat_forms.h" ] || { echo "no SAT rows found in src/ops.h"; exit 1; }
sed -n 's/^ *R([A-Z0-9]*, *"[^"]*", *2, *[A-Z]*, *"[^"]*", *"\([a-z0-9]*\)", *"[^"]*", *"rare".*/X(\1)/p' \
  "$top/src/ops.h" >"$T/rare_forms.h"
[ -s "$T/rare_forms.h" ] || { echo "no FAST \"rare\" rows found in src/ops.h"; exit 1; }
fail=0
for cc in gcc clang; do
  for opt in "-O0" "-O3 -march=native"; do
    # shellcheck disable=SC2086  # opt is a word list
    $cc -std=c99 $opt -Wall -Wextra -Werror -I"$T" -o "$T/fastcheck" "$top/tests/math/fastcheck.c" -lm ||
      { fail=1; continue; }
    "$T/fastcheck" >"$T/out" 2>&1 || { echo "$cc $opt:"; cat "$T/out"; fail=1; }
  done
done
[ $fail -eq 0 ] && cat "$T/out"
exit $fail
