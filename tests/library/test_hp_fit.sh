#!/bin/sh
# hp1 and hp2 start as fits to leaky ReLU on [-3, 3] (tools/fit_hp.c). This
# test builds and runs the fit program, then checks that
#   - the learn lines of activations/hp.act are exactly the ones it prints,
#     and the RMS and max error quoted in the file's comment are its figures;
#   - the kernels actgen generates from activations/hp.act, at their
#     initial theta (NAME_theta_init), have on the same 6001-point grid the
#     RMS and max error against leaky ReLU that the fit program reports, to
#     1e-9 relative: the compiled activation is the fitted function. (The
#     .act numbers are the fit's doubles to 17 digits, so they are exact;
#     what is left is the kernels' rounding and the 11 printed digits.)
# The expected figures come from the fit program's output, never from here.
set -e
T=$(mktemp -d "${TMPDIR:-/tmp}/hp.XXXXXX")
trap 'rm -rf "$T"' EXIT
A=${ACTGEN:-./actgen}
${CC:-cc} -O2 -std=c11 -Wall -Wextra -Werror -o "$T/fit" tools/fit_hp.c -lm
"$T/fit" >"$T/fit.out"

grep '^learn' "$T/fit.out" >"$T/want"
grep '^learn' activations/hp.act >"$T/have"
diff -u "$T/want" "$T/have" || { echo "activations/hp.act: learn lines differ from tools/fit_hp.c"; exit 1; }

# "# hp1: rms R max M at x = X" -> "hp1 R M"
sed -n 's/^# \(hp[12]\): rms \([^ ]*\) max \([^ ]*\) .*/\1 \2 \3/p' "$T/fit.out" >"$T/expect"
[ "$(wc -l <"$T/expect")" -eq 2 ] || { echo "cannot read the fit's figures:"; cat "$T/fit.out"; exit 1; }
while read -r name rms max; do
  grep -q "^#.*$name: rms $rms, max error $max " activations/hp.act ||
    { echo "activations/hp.act: the comment does not quote $name: rms $rms, max error $max"; exit 1; }
done <"$T/expect"

"$A" activations/hp.act -o "$T/hp.c" -H "$T/hp.h"
cat >"$T/eval.c" <<'C'
#include <math.h>
#include <stdio.h>
#include "hp.h"
/* The fit program's grid and target, computed the same way. */
static void measure(const char *name, double (*f)(double, const double *), const double *theta) {
  double s = 0, mx = 0;
  for (int k = 0; k < 6001; k++) {
    double x = -3.0 + 6.0 * k / 6000, y = x >= 0 ? x : 0.01 * x, e = fabs(f(x, theta) - y);
    s += e * e;
    if (e > mx) mx = e;
  }
  printf("%s %.17e %.17e\n", name, sqrt(s / 6001), mx);
}
int main(void) {
  measure("hp1", hp1, hp1_theta_init);
  measure("hp2", hp2, hp2_theta_init);
  return 0;
}
C
${CC:-cc} -O2 -std=c99 -I"$T" -o "$T/eval" "$T/eval.c" "$T/hp.c" -lm
"$T/eval" >"$T/got"
echo "fit program:"; cat "$T/expect"
echo "generated kernels:"; cat "$T/got"
awk 'function abs(v) { return v < 0 ? -v : v }
     function near(a, b) { return abs(a - b) <= 1e-9 * abs(b) }
     NR == FNR { rms[$1] = $2; mx[$1] = $3; next }
     { seen[$1] = 1
       if (!($1 in rms) || !near($2, rms[$1]) || !near($3, mx[$1])) { print "mismatch: " $1; bad = 1 } }
     END { if (!("hp1" in seen) || !("hp2" in seen)) bad = 1; exit bad }' "$T/expect" "$T/got"
