#!/bin/sh
# Outlined arms (emit_body.c): in a double body that calls <math.h> (scalar
# code), a region's large form is a function called only where x is in its
# region. softclip's f (tests/variants/smooth_max.act) takes a double-double
# form, whose exponentials call pow(2, k - 1), on [-1.405, 35.17) less a
# sliver near 0 (the stabilizer's regions at the time of writing), and
# cheaper forms below -1.405. Counting pow's calls: none for x in [-9, -5],
# some for x in [0.5, 3] (so the count itself works); and the results are
# the same bits as a build where every arm is computed at every element
# (each outlined call replaced by a temporary computed before the select).
# pau's double bodies call nothing from <math.h> and vectorize: their
# region forms, however large, stay in the body.
A=${ACTGEN:-./actgen}
T=$(mktemp -d "${TMPDIR:-/tmp}/emit.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
CC=${CC:-cc}
"$A" tests/variants/smooth_max.act --precision double --prefix v_ -o "$T/sm.c" || exit 1
grep -q '^static double actgen_arm[0-9]*_v_softclip(' "$T/sm.c" || { echo "softclip has no outlined arm"; exit 1; }
# The eager build: every call of an arm in actgen_f_v_softclip made a
# temporary before the return (same operations, computed always).
awk '
  /^ACTGEN_INLINE double actgen_f_v_softclip\(/ { inf = 1 }
  inf && /^  return / {
    rest = $0
    while (match(rest, /actgen_arm[0-9]+_v_softclip/)) {
      name = substr(rest, RSTART, RLENGTH); rest = substr(rest, RSTART + RLENGTH)
      if (name in seen) continue
      seen[name] = 1
      print "  const double eager_" name " = " name "(x, p);"
      gsub(name "\\(x, p\\)", "eager_" name)
    }
    inf = 0
  }
  { print }' "$T/sm.c" >"$T/eager.c"
grep -q 'const double eager_actgen_arm' "$T/eager.c" || { echo "could not write the eager build"; exit 1; }
for v in sm eager; do
  cat >"$T/main_$v.c" <<C
#include <math.h>
#include <stdio.h>
#include <string.h>
static long npow;
static double counted_pow(double a, double b) { npow++; return pow(a, b); }
#define pow counted_pow
#include "$v.c"
int main(void) {
  enum { N = 4000 };
  static double x[N], y[N];
  const double lo[3] = {-9, 0.5, -6}, hi[3] = {-5, 3, 40};
  for (int r = 0; r < 3; r++) {
    for (int i = 0; i < N; i++) x[i] = lo[r] + (hi[r] - lo[r]) * i / (N - 1);
    npow = 0;
    v_softclip_forward(N, x, y, v_softclip_theta_init);
    unsigned long long h = 0, u;
    for (int i = 0; i < N; i++) { memcpy(&u, &y[i], 8); h = h * 1000003u + u; }
    printf("[%g, %g] pow %s %llx\n", lo[r], hi[r], npow ? "called" : "not called", h);
  }
  return 0;
}
C
  $CC -std=c99 -O2 -w -I"$T" -o "$T/$v" "$T/main_$v.c" -lm || exit 1
  "$T/$v" >"$T/$v.out" || exit 1
done
fail=0
sed -n 1p "$T/sm.out" | grep -q "pow not called" || { echo "x in [-9, -5] computed the double-double arm:"; cat "$T/sm.out"; fail=1; }
sed -n 2p "$T/sm.out" | grep -q "pow called" || { echo "x in [0.5, 3] did not call pow:"; cat "$T/sm.out"; fail=1; }
sed -n 1p "$T/eager.out" | grep -q "pow called" || { echo "the eager build did not compute every arm:"; cat "$T/eager.out"; fail=1; }
# the same bits, outlined or not
awk "{print \$1, \$2, \$NF}" "$T/sm.out" >"$T/a"; awk "{print \$1, \$2, \$NF}" "$T/eager.out" >"$T/b"
cmp -s "$T/a" "$T/b" || { echo "outlined and eager results differ:"; diff "$T/a" "$T/b"; fail=1; }
if grep -q 'actgen_arm' generated/pau.c; then echo "pau's vector double bodies have outlined arms"; fail=1; fi
exit $fail
