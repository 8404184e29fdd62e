#!/bin/sh
# actgen eval prints the oracle's f, df/dx and df/dtheta at X. Checked
# against long double <math.h> (about 19 digits) at a few points: the values
# must agree to 1e-17 relative, and bad arguments are errors (status 2).
set -e
A=${ACTGEN:-./actgen}
T=$(mktemp -d "${TMPDIR:-/tmp}/eval.XXXXXX")
trap 'rm -rf "$T"' EXIT
cat >"$T/e.act" <<'ACT'
learn w = 0.75
activation g(x) = erf(w * x) + exp(x)
ACT
cat >"$T/ref.c" <<'C'
#include <math.h>
#include <stdio.h>
int main(void) {
  const long double xs[] = {-2.5L, -0.125L, 0.5L, 3.0L}, w = 0.75L, pi = 3.14159265358979323846264338327950288L;
  for (int i = 0; i < 4; i++) {
    long double x = xs[i], g = 2 / sqrtl(pi) * expl(-(w * x) * (w * x));
    printf("%.3Lf %.21Le %.21Le %.21Le\n", x, erfl(w * x) + expl(x), w * g + expl(x), x * g);
  }
  return 0;
}
C
${CC:-cc} -std=c99 -o "$T/ref" "$T/ref.c" -lm
"$T/ref" | while read -r x f d dw; do
  "$A" eval "$T/e.act" g "$x" --digits 25 >"$T/out"
  for pair in "f $f" "df/dx $d" "df/dw $dw"; do
    set -- $pair
    got=$(sed -n "s|^$1 = ||p" "$T/out")
    awk -v a="$got" -v b="$2" -v what="$1 at $x" 'BEGIN { r = (a - b) / b; if (r < 0) r = -r; if (r > 1e-17 || a == "") { print what ": eval " a ", long double " b; exit 1 } }'
  done
done
if "$A" eval "$T/e.act" nope 1 2>"$T/err"; then echo "unknown activation accepted"; exit 1; fi
grep -q "error: no activation named 'nope'" "$T/err"
if "$A" eval "$T/e.act" g 1x 2>"$T/err"; then echo "bad number accepted"; exit 1; fi
grep -q "error: '1x' is not a number" "$T/err"
