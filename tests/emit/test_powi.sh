#!/bin/sh
# x^n with an integer constant n is computed by multiplications (repeated
# squaring), never by pow() (SPEC §1): the generated file calls no pow, and
# the values are right (exact here: powers of 2).
A=${ACTGEN:-./actgen}
T=$(mktemp -d "${TMPDIR:-/tmp}/emit.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
CC=${CC:-cc}
"$A" tests/emit/powi.act -o "$T/p.c" || exit 1
if grep -n 'pow *(' "$T/p.c"; then echo "^ pow in the output for integer powers"; exit 1; fi
cat >"$T/main.c" <<'C'
#include <stdio.h>
double quintic(double x, const double *theta);
double quintic_grad(double x, const double *theta, double *dtheta);
int main(void) {
  const double c[1] = {2.0};
  double d[1];
  /* f = x^5 + c x^7 + x^2 + x^3 + x^4 + x^16 at x = 2, exactly */
  double f = quintic(2.0, c), g = quintic_grad(2.0, c, d);
  if (f != 32.0 + 256.0 + 4.0 + 8.0 + 16.0 + 65536.0) { printf("f(2) = %.17g\n", f); return 1; }
  if (g != 80.0 + 896.0 + 4.0 + 12.0 + 32.0 + 524288.0) { printf("f'(2) = %.17g\n", g); return 1; }
  if (d[0] != 128.0) { printf("df/dc(2) = %.17g\n", d[0]); return 1; }
  return 0;
}
C
$CC -std=c99 "$T/main.c" "$T/p.c" -lm -o "$T/p" && "$T/p"
