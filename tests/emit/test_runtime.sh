#!/bin/sh
# The generated API behaves as SPEC §3 says, at run time:
#   grad agrees with finite differences of f (df/dx and every df/dtheta_k);
#   forward works in place; backward with dx aliasing x or dy, with dx or
#   dtheta NULL, and with n = 0; dtheta is overwritten, not added to;
#   the dtheta sums are compensated (a sum naive summation gets wrong comes
#   out exact in double, and within 2^-40 of the sum of the magnitudes of
#   its terms in float); the float API equals the double one rounded once;
#   theta may be NULL when K = 0.
A=${ACTGEN:-./actgen}
T=$(mktemp -d "${TMPDIR:-/tmp}/emit.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
CC=${CC:-cc}
"$A" tests/emit/runtime.act -o "$T/act.c" -H "$T/act.h" || exit 1
cat >"$T/main.c" <<'C'
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "act.h"

static int fails;
#define CHECK(cond, ...) do { if (!(cond)) { printf(__VA_ARGS__); printf("\n"); fails++; } } while (0)

static int close_to(double a, double b, double tol) { return fabs(a - b) <= tol * (1.0 + fabs(b)); }

int main(void) {
  enum { K = swq_NTHETA };
  double th[K], d[K];
  for (int k = 0; k < K; k++) th[k] = swq_theta_init[k];
  CHECK(K == 3 && swq_THETA_beta == 0 && swq_THETA_w == 1 && swq_THETA_w_SIZE == 2, "theta layout");
  CHECK(th[0] == 1.5 && th[1] == 0.5 && th[2] == -0.25, "theta_init");

  /* grad against central differences */
  for (double x = -6.0; x <= 6.0; x += 0.25) {
    double h = 1e-5;
    double g = swq_grad(x, th, d);
    CHECK(g == swq_grad(x, th, NULL), "grad with and without dtheta differ at %g", x);
    double fd = (swq(x + h, th) - swq(x - h, th)) / (2 * h);
    CHECK(close_to(g, fd, 1e-7), "df/dx(%g) = %.17g, finite difference %.17g", x, g, fd);
    for (int k = 0; k < K; k++) {
      double tp[K], tm[K];
      for (int j = 0; j < K; j++) tp[j] = tm[j] = th[j];
      tp[k] += h;
      tm[k] -= h;
      double fdk = (swq(x, tp) - swq(x, tm)) / (2 * h);
      CHECK(close_to(d[k], fdk, 1e-7), "df/dtheta_%d(%g) = %.17g, finite difference %.17g", k, x, d[k], fdk);
    }
    double m = mish_grad(x, NULL, NULL);
    double fm = (mish(x + h, NULL) - mish(x - h, NULL)) / (2 * h);
    CHECK(close_to(m, fm, 1e-7), "mish'(%g) = %.17g, finite difference %.17g", x, m, fm);
  }

  /* forward in place, backward aliasing */
  enum { N = 7 };
  double x[N], y[N], dy[N], dx[N], ref_dx[N];
  for (int i = 0; i < N; i++) { x[i] = -3.0 + i; dy[i] = 0.5 + i; }
  for (int i = 0; i < N; i++) { y[i] = x[i]; ref_dx[i] = dy[i] * swq_grad(x[i], th, NULL); }
  swq_forward(N, y, y, th);
  for (int i = 0; i < N; i++) CHECK(y[i] == swq(x[i], th), "forward in place, i = %d", i);
  double a[N], b[N], dt[K], dt2[K];
  for (int i = 0; i < N; i++) { a[i] = x[i]; b[i] = dy[i]; }
  swq_backward(N, a, b, a, th, dt);                 /* dx is x */
  for (int i = 0; i < N; i++) CHECK(a[i] == ref_dx[i], "backward with dx = x, i = %d", i);
  for (int i = 0; i < N; i++) { a[i] = x[i]; b[i] = dy[i]; }
  swq_backward(N, a, b, b, th, dt2);                /* dx is dy */
  for (int i = 0; i < N; i++) CHECK(b[i] == ref_dx[i], "backward with dx = dy, i = %d", i);
  for (int k = 0; k < K; k++) CHECK(dt[k] == dt2[k], "dtheta depends on aliasing");
  swq_backward(N, x, dy, dx, th, NULL);             /* dtheta NULL */
  for (int i = 0; i < N; i++) CHECK(dx[i] == ref_dx[i], "backward with dtheta NULL, i = %d", i);
  for (int k = 0; k < K; k++) dt2[k] = 1e9;
  swq_backward(N, x, dy, NULL, th, dt2);            /* dx NULL; dtheta overwritten */
  for (int k = 0; k < K; k++) CHECK(dt2[k] == dt[k], "backward with dx NULL, k = %d: %g vs %g", k, dt2[k], dt[k]);
  swq_backward(N, x, dy, NULL, th, NULL);
  for (int k = 0; k < K; k++) dt2[k] = 1e9;
  swq_backward(0, NULL, NULL, NULL, th, dt2);       /* n = 0: sums are 0 */
  for (int k = 0; k < K; k++) CHECK(dt2[k] == 0.0, "n = 0 leaves dtheta[%d] = %g", k, dt2[k]);
  for (int k = 0; k < K; k++) {
    double s = 0;
    for (int i = 0; i < N; i++) { swq_grad(x[i], th, d); s += dy[i] * d[k]; }
    CHECK(close_to(dt[k], s, 1e-14), "dtheta[%d] = %.17g, sum %.17g", k, dt[k], s);
  }

  /* Compensation: df/dw[1] = 1, so dtheta[2] = sum of dy exactly. */
  size_t n = 100001;
  double *bx = malloc(n * sizeof *bx), *bdy = malloc(n * sizeof *bdy);
  if (!bx || !bdy) return 2;
  for (size_t i = 0; i < n; i++) { bx[i] = 0.25; bdy[i] = 1.0; }
  bdy[0] = 1e16;
  bdy[n - 1] = -1e16;
  swq_backward(n, bx, bdy, NULL, th, dt);
  CHECK(dt[2] == (double)(n - 2), "compensated sum: %.17g, exact %.17g", dt[2], (double)(n - 2));
  float *fx = malloc(n * sizeof *fx), *fdy = malloc(n * sizeof *fdy), fdt[K];
  float fth[K];
  for (int k = 0; k < K; k++) fth[k] = swq_theta_initf[k];
  for (size_t i = 0; i < n; i++) { fx[i] = 0.25f; fdy[i] = 1.0f; }
  fdy[0] = 1e16f;
  fdy[n - 1] = -1e16f;
  swq_backwardf(n, fx, fdy, NULL, fth, fdt);
  /* Float kernels sum each block's terms in plain double and compensate
   * across blocks (SPEC §3: "in double for float kernels"); SPEC §4
   * measures a sum in ULPs of the sum of the magnitudes of its terms,
   * here 2e16: the float sum must be within a tiny fraction of one. */
  CHECK(fabs((double)fdt[2] - (double)(n - 2)) <= ldexp(2e16, -40), "float sum: %.9g", (double)fdt[2]);

  /* float = double rounded once, with the same (float) inputs */
  for (float xf = -5.0f; xf <= 5.0f; xf += 0.375f) {
    double thd[K], dd[K];
    float df[K];
    for (int k = 0; k < K; k++) thd[k] = (double)fth[k];
    CHECK(swqf(xf, fth) == (float)swq((double)xf, thd), "swqf(%g)", (double)xf);
    float gf = swq_gradf(xf, fth, df);
    double gd = swq_grad((double)xf, thd, dd);
    CHECK(gf == (float)gd, "swq_gradf(%g)", (double)xf);
    for (int k = 0; k < K; k++) CHECK(df[k] == (float)dd[k], "swq_gradf(%g) dtheta[%d]", (double)xf, k);
    CHECK(mishf(xf, NULL) == (float)mish((double)xf, NULL), "mishf(%g)", (double)xf);
  }
  float xs[3] = {-1.0f, 0.5f, 2.0f}, ys[3], dys[3] = {1.0f, 2.0f, 3.0f};
  mish_forwardf(3, xs, ys, NULL);
  mish_backwardf(3, xs, dys, xs, NULL, NULL);       /* in place, theta NULL */
  CHECK(ys[1] == mishf(0.5f, NULL) && xs[1] == (float)(2.0 * mish_grad(0.5, NULL, NULL)), "mish float arrays");
  free(bx); free(bdy); free(fx); free(fdy);
  return fails != 0;
}
C
$CC -std=c99 -O2 -I"$T" "$T/main.c" "$T/act.c" -lm -o "$T/run" && "$T/run"
