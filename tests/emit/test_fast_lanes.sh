#!/bin/sh
# The `_fast` forms of the exponential family (src/ops.h, FAST): the vector
# float bodies call them where the operand is linear in x or a polynomial
# in x with constant coefficients, and a block holding an element beyond
# the bound is redone with the whole functions. So every element's float
# result must be the same bits whatever its neighbours: each element of a
# long array (ordinary values, and beyond the bounds: +-650, 1e5, -3e38,
# inf, NaN, scattered over several blocks) equals the same element computed
# alone (a one-element array and the scalar API), forward and backward,
# with and without dtheta; and it agrees with the double kernel within the
# float rounding. Also: the bodies do call the fast forms (else this tests
# nothing), and smu's e^(-(mu x)^2), a theta times x squared, does not.
# The saturated forms (ops.h, SAT) likewise: smu's erf(mu x) and
# e^(-(mu x)^2), mu = 10^6, are written +-1 and 0 in the vector bodies
# (sm below), a block holding a tiny x (1e-6, -2e-5) is redone whole; with
# mu = 1 (smu1-like) nothing is written saturated.
A=${ACTGEN:-./actgen}
T=$(mktemp -d "${TMPDIR:-/tmp}/emit.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
CC=${CC:-cc}
cat >"$T/fl.act" <<'ACT'
learn b = 1.25
learn a = 0.75
activation sw(x) = x * sigmoid(b * x)
activation ce(x) = max(0, x) + min(0, a * expm1(x / a))
activation ge(x) = x / 2 * erfc(-x / sqrt(2))
activation sp(x) = tanh(softplus(x)) * x + exp(-x^2 / 2)
learn mu = 1000000
activation sm(x) = ((1 + 0.25) * x + (1 - 0.25) * x * erf(mu * (1 - 0.25) * x)) / 2
learn nu = 1
activation sn(x) = ((1 + 0.25) * x + (1 - 0.25) * x * erf(nu * (1 - 0.25) * x)) / 2
ACT
"$A" "$T/fl.act" -o "$T/fl.c" -H "$T/fl.h" || exit 1
fail=0
for f in sigmoid expm1 erfc tanhsp exp; do
  grep -q "actgen_v${f}_fast(" "$T/fl.c" || { echo "no float body calls actgen_v${f}_fast"; fail=1; }
done
"$A" activations/smu.act -o "$T/smu.c" || exit 1
if awk '/^ACTGEN_INLINE double actgen_(f|dx|dall)v_act_smu\(/,/^}/' "$T/smu.c" | grep -q "_fast("; then
  echo "smu's vector bodies call a fast form"; fail=1
fi
vbody() { awk "/^ACTGEN_INLINE double actgen_${1}v_$2\\(/,/^}/" "$T/fl.c"; }
{ vbody dx sm | grep -q "copysign(1.0, " && vbody dx sm | grep -q "~actgen_asu64(745.2 - fabs(" &&
  ! vbody dx sm | grep -q "actgen_verf(\|actgen_vexp("; } || { echo "sm's df/dx body does not saturate erf and exp"; fail=1; }
vbody dx sn | grep -q "copysign(1.0, \|~actgen_asu64(" && { echo "sn's df/dx body saturates with nu = 1"; fail=1; }
cat >"$T/main.c" <<'C'
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "fl.h"
enum { N = 1000 };
static int same(float a, float b) { return memcmp(&a, &b, sizeof a) == 0 || (a != a && b != b); }
static int near(float a, float b) {
  if (a == b || (a != a && b != b)) return 1;
  return fabsf(a - b) <= fabsf(nextafterf(b, 2 * b) - b);
}
typedef void Fwd(size_t, const float *, float *, const float *);
typedef void Bwd(size_t, const float *, const float *, float *, const float *, float *);
typedef float One(float, const float *);
typedef float Grad(float, const float *, float *);
typedef double OneD(double, const double *);
static int check(const char *name, Fwd *fw, Bwd *bw, One *one, Grad *grad, OneD *oned, const float *th, const double *thd) {
  static float x[N], y[N], dy[N], dx[N], dxn[N];
  float dth[2];
  int bad = 0;
  const float odd[] = {650.0f, -650.0f, 1e5f, -3e38f, INFINITY, NAN, -700.0f, 30.0f, 1e-6f, -2e-5f};
  for (int i = 0; i < N; i++) {
    x[i] = (float)(((i * 37) % 201) - 100) * 0.0625f;
    dy[i] = 1.0f - (float)(i % 7) * 0.25f;
  }
  for (int i = 0; i < 10; i++) x[97 + 90 * i] = odd[i];
  fw(N, x, y, th);
  bw(N, x, dy, dx, th, dth);
  bw(N, x, dy, dxn, th, NULL);
  for (int i = 0; i < N; i++) {
    float y1, dx1, dx2, d1[2], gd[2];
    fw(1, x + i, &y1, th);
    bw(1, x + i, dy + i, &dx1, th, d1);
    bw(1, x + i, dy + i, &dx2, th, NULL);
    float s = one(x[i], th), g = grad(x[i], th, gd) * dy[i];
    float ref = (float)oned((double)x[i], thd);
    if (!same(y[i], y1) || !same(y[i], s) || !same(dx[i], dx1) || !same(dxn[i], dx2) || !same(dx[i], dxn[i]) ||
        !near(y[i], ref) || (dy[i] == 1.0f && !same(dx[i], g))) {
      if (bad < 5)
        printf("%s(%g): array y %.9g dx %.9g/%.9g, alone %.9g %.9g/%.9g, scalar %.9g %.9g, double %.9g\n", name,
               (double)x[i], (double)y[i], (double)dx[i], (double)dxn[i], (double)y1, (double)dx1, (double)dx2,
               (double)s, (double)g, (double)ref);
      bad++;
    }
  }
  return bad;
}
int main(void) {
  const float th[2] = {1.25f, 0.75f};
  const double thd[2] = {1.25, 0.75};
  const float mu[2] = {1e6f, 1.0f};
  const double mud[2] = {1e6, 1.0};
  int bad = check("sw", sw_forwardf, sw_backwardf, swf, sw_gradf, sw, th, thd) +
            check("ce", ce_forwardf, ce_backwardf, cef, ce_gradf, ce, th + 1, thd + 1) +
            check("ge", ge_forwardf, ge_backwardf, gef, ge_gradf, ge, NULL, NULL) +
            check("sp", sp_forwardf, sp_backwardf, spf, sp_gradf, sp, NULL, NULL) +
            check("sm", sm_forwardf, sm_backwardf, smf, sm_gradf, sm, mu, mud) +
            check("sn", sn_forwardf, sn_backwardf, snf, sn_gradf, sn, mu + 1, mud + 1);
  if (bad) printf("%d elements differ\n", bad);
  return bad != 0;
}
C
for opt in "-O0" "-O3 -march=native"; do
  # shellcheck disable=SC2086  # opt is a word list
  $CC -std=c99 $opt -I"$T" -o "$T/main" "$T/main.c" "$T/fl.c" -lm || { fail=1; continue; }
  "$T/main" || { echo "($CC $opt)"; fail=1; }
done
exit $fail
