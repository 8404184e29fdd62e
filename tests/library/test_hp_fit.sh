#!/bin/sh
# hp1 and hp2 start as fits to leaky ReLU on [-3, 3]. The coefficients in
# activations/hp.act must be exactly what tools/fit_hp.c computes, and the
# generated kernels, at their initial theta, must reproduce the fit's RMS and
# largest error (as the fit program reports them) on the same grid, to 1e-9
# relative: the compiled activation is the fitted function.
set -e
T=$(mktemp -d "${TMPDIR:-/tmp}/hp.XXXXXX")
trap 'rm -rf "$T"' EXIT
A=${ACTGEN:-./actgen}
${CC:-cc} -O2 -std=c11 -o "$T/fit" tools/fit_hp.c -lm
"$T/fit" >"$T/fit.out"
grep '^learn' "$T/fit.out" >"$T/want"
grep '^learn' activations/hp.act >"$T/have"
diff -u "$T/want" "$T/have" || { echo "activations/hp.act differs from the fit"; exit 1; }
"$A" activations/hp.act -o "$T/hp.c" -H "$T/hp.h"
cat >"$T/eval.c" <<'C'
#include <math.h>
#include <stdio.h>
#include "hp.h"
static void measure(const char *name, double (*f)(double, const double *), const double *theta) {
  double s = 0, mx = 0;
  for (int k = 0; k < 6001; k++) {
    double x = -3.0 + 6.0 * k / 6000, y = x >= 0 ? x : 0.01 * x, e = fabs(f(x, theta) - y);
    s += e * e;
    if (e > mx) mx = e;
  }
  printf("%s %.9e %.9e\n", name, sqrt(s / 6001), mx);
}
int main(void) {
  measure("hp1", hp1, hp1_theta_init);
  measure("hp2", hp2, hp2_theta_init);
  return 0;
}
C
${CC:-cc} -O2 -std=c99 -I"$T" -o "$T/eval" "$T/eval.c" "$T/hp.c" -lm
"$T/eval" >"$T/got"
sed -n 's/^# \(hp[12]\): rms \([^ ]*\) max \([^ ]*\) .*/\1 \2 \3/p' "$T/fit.out" >"$T/expect"
cat "$T/expect" "$T/got"
awk 'NR == FNR { rms[$1] = $2; mx[$1] = $3; next }
     { if (!($1 in rms)) bad = 1
       else if (abs($2 - rms[$1]) > 1e-9 * rms[$1] + 1e-15 || abs($3 - mx[$1]) > 1e-9 * mx[$1] + 1e-15) bad = 1 }
     END { exit bad }
     function abs(v) { return v < 0 ? -v : v }' "$T/expect" "$T/got"
