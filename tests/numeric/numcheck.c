/* numcheck.c — the numerical tests' driver: generated kernels against the
 * MPFR oracle, with stated tolerances.
 *
 *   numcheck FILE.act LIB.so [--prefix P] [--tol-f U] [--tol-dx U]
 *            [--tol-dtheta U] [--tol-sum U] [--random N] [--big-sum N]
 *            [--only NAME] [--at X] [--baseline FILE] [--write-baseline FILE]
 *
 * LIB.so is the C that actgen made of FILE.act, compiled as a shared
 * object. The measurement is src/check.c's, the same as `actgen check`
 * (every output of every activation, both precisions, special and seeded
 * random points, scaled error of SPEC §4, the array API and the backward
 * sums). This driver adds what only the tests need: a tolerance per kind
 * of output, a list of known inaccuracies that may exceed it but must not
 * grow, the oracle's dual numbers cross-checked against high-precision
 * finite differences, and the dtheta sum over a very large batch.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ast.h"
#include "check.h"
#include "oracle.h"

enum { MAXK = CHECK_MAX_THETA };

static double tol_f = 1, tol_dx = 2, tol_dtheta = 2, tol_sum = 2;
static long big_sum = 0;
static int failures;

/* the big-sum batch and the dual-number points: src/check.c's generator */
static uint64_t rng = 0xb16;
static double uniform(double lo, double hi) { return check_uniform(&rng, lo, hi); }

/* Known inaccuracies: lines "ACTIVATION PRECISION OUTPUT MAX_S" in a
 * baseline file. An output over its tolerance passes (as KNOWN) only while
 * it is no worse than the baseline records, so the truth stays written
 * down and any regression fails. --write-baseline rewrites the file. */
static FILE *baseline_out;
static struct { char act[64], prec[16], out[80]; double max; } known[512];
static int nknown;

static void read_baseline(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) return;
  char line[512];
  while (fgets(line, sizeof line, f) && nknown < 512) {
    if (line[0] == '#' || line[0] == '\n') continue;
    char *last = strrchr(line, ' ');
    if (!last) continue;
    known[nknown].max = strtod(last + 1, NULL);
    *last = 0;
    if (sscanf(line, "%63s %15s %79[^\n]", known[nknown].act, known[nknown].prec, known[nknown].out) == 3) nknown++;
  }
  fclose(f);
}

static double known_max(const char *act, const char *prec, const char *out) {
  for (int i = 0; i < nknown; i++)
    if (!strcmp(known[i].act, act) && !strcmp(known[i].prec, prec) && !strcmp(known[i].out, out)) return known[i].max;
  return -1;
}

static double tolerance(const CheckStat *s) {
  if (!strcmp(s->output, "f")) return tol_f;
  if (!strcmp(s->output, "df/dx")) return tol_dx;
  if (!strncmp(s->output, "sum", 3)) return tol_sum;
  return tol_dtheta;
}

static void report(const CheckStat *s) {
  double tol = tolerance(s);
  int over = !(s->max_s <= tol);
  double k = known_max(s->act, s->precision, s->output);
  int bad = over && !(s->max_s <= k);
  if (over && baseline_out) fprintf(baseline_out, "%s %s %s %.4g\n", s->act, s->precision, s->output, s->max_s * 1.01);
  failures += bad;
  printf("%s %-12s %-6s %-18s max_s %9.3g  max %9.3g  at x = %-24.17g mean_s %.3g  (%ld points, %ld skipped)  tol %g\n",
         bad ? "FAIL" : over ? "KNOWN" : "ok  ", s->act, s->precision, s->output, s->max_s, s->max_plain, s->at,
         s->count ? s->sum_s / (double)s->count : 0.0, s->count, s->skipped, tol);
}

/* The dtheta sums of NAME_backward over a large batch, both precisions,
 * against the exact sum (MPFR) of the kernel's own per-element terms
 * dy[i] * NAME_grad(x[i])'s dtheta_k, in ULPs of the sum of |terms|: this
 * measures the summation alone (the per-element error is measured at the
 * points above). Two batches:
 *   random:     x uniform in [-5, 5], dy uniform in [-1, 1]: cancellation;
 *   systematic: dy = 1 and x cycling through 7 values: the terms repeat, so
 *               a naive running sum drifts by about n * 2^-53 relative
 *               (summing 0.1 ten million times in double is off by 7e5
 *               ulps), while compensated or pairwise summation is not.
 * The error a naive sum in the kernel's own type would make is printed
 * beside each, to show the batch can tell them apart. */
static void big_sum_batch(const Activation *a, const Kernels *kn, int is_float, int systematic) {
  long n = big_sum;
  int K = a->ntheta;
  const Format *fmt = is_float ? &format_float : &format_double;
  double *xs = calloc((size_t)n, sizeof(double)), *dys = calloc((size_t)n, sizeof(double));
  float *xf = is_float ? calloc((size_t)n, sizeof(float)) : NULL, *dyf = is_float ? calloc((size_t)n, sizeof(float)) : NULL;
  if (!xs || !dys || (is_float && (!xf || !dyf))) { fprintf(stderr, "numcheck: out of memory\n"); exit(2); }
  static const double pool[7] = {-3.75, -1.3, -0.2, 0.1, 0.7, 1.9, 4.4};
  for (long i = 0; i < n; i++) {
    xs[i] = systematic ? pool[i % 7] : uniform(-5, 5);
    dys[i] = systematic ? 1 : uniform(-1, 1);
    if (is_float) { xf[i] = (float)xs[i]; dyf[i] = (float)dys[i]; xs[i] = xf[i]; dys[i] = dyf[i]; }
  }
  double th[MAXK] = {0}, dt[MAXK], d[MAXK], naive[MAXK] = {0};
  float thf[MAXK] = {0}, dtf[MAXK], df[MAXK], naivef[MAXK] = {0};
  for (int k = 0; k < K; k++) { th[k] = kn->init[k]; thf[k] = kn->initf[k]; }
  /* dtheta is overwritten, never added to (SPEC §3): start from garbage */
  for (int k = 0; k < K; k++) { dt[k] = 1e300; dtf[k] = 1e30f; }
  if (is_float) {
    kn->backwardf((size_t)n, xf, dyf, NULL, thf, dtf);
    for (int k = 0; k < K; k++) dt[k] = dtf[k];
  } else {
    kn->backward((size_t)n, xs, dys, NULL, th, dt);
  }
  /* 2400 bits hold any sum of 10^7 products of two doubles exactly enough:
   * the products are exact at 128 bits, and every partial sum rounds at
   * 2^-2400 relative, far below anything measured. */
  mpfr_t sum[MAXK], mag[MAXK], t;
  for (int k = 0; k < K; k++) {
    mpfr_inits2(2400, sum[k], mag[k], (mpfr_ptr)0);
    mpfr_set_zero(sum[k], 1);
    mpfr_set_zero(mag[k], 1);
  }
  mpfr_init2(t, 128);
  for (long i = 0; i < n; i++) {
    if (is_float) {
      kn->gradf(xf[i], thf, df);
      for (int k = 0; k < K; k++) d[k] = df[k];
    } else {
      kn->grad(xs[i], th, d);
    }
    for (int k = 0; k < K; k++) {
      mpfr_set_d(t, d[k], MPFR_RNDN);
      mpfr_mul_d(t, t, dys[i], MPFR_RNDN);
      mpfr_add(sum[k], sum[k], t, MPFR_RNDN);
      mpfr_abs(t, t, MPFR_RNDN);
      mpfr_add(mag[k], mag[k], t, MPFR_RNDN);
      if (is_float) naivef[k] += dyf[i] * df[k];
      else naive[k] += dys[i] * d[k];
    }
  }
  for (int k = 0; k < K; k++) {
    CheckStat s = {.act = a->name, .precision = fmt->name, .count = 1, .at = (double)n};
    snprintf(s.output, sizeof s.output, "sum%ld%s df/d%s", n, systematic ? "s" : "", a->theta_names[k]);
    s.max_s = s.sum_s = ulp_error(dt[k], sum[k], mag[k], fmt);
    s.max_plain = ulp_error(dt[k], sum[k], sum[k], fmt);
    report(&s);
    printf("     (%s batch; a naive %s sum would be off by %.3g ulp of the sum of |terms|)\n",
           systematic ? "systematic" : "random", fmt->name,
           ulp_error(is_float ? (double)naivef[k] : naive[k], sum[k], mag[k], fmt));
    mpfr_clears(sum[k], mag[k], (mpfr_ptr)0);
  }
  mpfr_clear(t);
  free(xs);
  free(dys);
  free(xf);
  free(dyf);
}

static void check_big_sum(const Activation *a, const Kernels *kn) {
  for (int is_float = 0; is_float <= 1; is_float++)
    for (int systematic = 0; systematic <= 1; systematic++) big_sum_batch(a, kn, is_float, systematic);
}

/* dn/dvar by a central difference of the oracle's values at precision p,
 * h = 2^-(p/4) * max(|var|, 2^-20): truncation error ~ h^2 ~ 2^-(p/2),
 * rounding error ~ 2^-p |f| / h ~ 2^-(3p/4) |f| / |var| (for a written
 * form that does not cancel away more than p/4 bits). */
static void central_difference(const Activation *a, mpfr_t x, mpfr_t *theta, int dir, mpfr_prec_t p, mpfr_t fd) {
  mpfr_t *var = dir < 0 ? (mpfr_t *)x : &theta[dir];
  mpfr_t keep, h, fp, fm;
  mpfr_init2(keep, mpfr_get_prec(*var));
  mpfr_inits2(p, h, fp, fm, (mpfr_ptr)0);
  mpfr_set(keep, *var, MPFR_RNDN);
  mpfr_prec_round(*var, p, MPFR_RNDN);
  mpfr_abs(h, keep, MPFR_RNDN);
  if (mpfr_zero_p(h) || mpfr_get_exp(h) < -20) mpfr_set_ui_2exp(h, 1, -20, MPFR_RNDN);
  mpfr_mul_2si(h, h, -(long)(p / 4), MPFR_RNDN);
  mpfr_add(*var, keep, h, MPFR_RNDN);
  oracle_eval(a->written, fp, x, theta, p);
  mpfr_sub(*var, keep, h, MPFR_RNDN);
  oracle_eval(a->written, fm, x, theta, p);
  mpfr_prec_round(*var, mpfr_get_prec(keep), MPFR_RNDN);
  mpfr_set(*var, keep, MPFR_RNDN);
  mpfr_set_prec(fd, p);
  mpfr_sub(fd, fp, fm, MPFR_RNDN);
  mpfr_div(fd, fd, h, MPFR_RNDN);
  mpfr_div_2ui(fd, fd, 1, MPFR_RNDN);
  mpfr_clears(keep, h, fp, fm, (mpfr_ptr)0);
}

/* The dual number d agrees with the finite difference fd to about p/8 bits,
 * relative to |d| + |f| / |var| (the scale of the difference's own
 * rounding error, so that zeros and flat regions compare sanely). */
static double dual_mismatch(const mpfr_t d, const mpfr_t fd, const mpfr_t f, const mpfr_t var, mpfr_prec_t p) {
  if (mpfr_nan_p(d) || mpfr_nan_p(fd)) return mpfr_nan_p(d) && mpfr_nan_p(fd) ? 0 : INFINITY;
  if (mpfr_inf_p(d) || mpfr_inf_p(fd)) return mpfr_equal_p(d, fd) ? 0 : INFINITY;
  /* Far below any format's range both are zero for our purpose: in a
   * Gaussian tail (gelu at x = -8448) the written form 1 + erf(u) cancels
   * to 0 at any precision the oracle can afford, so the difference is 0,
   * while the dual number holds the true e^-(3.5e7). */
  if ((mpfr_zero_p(d) || mpfr_get_exp(d) < -1200) && (mpfr_zero_p(fd) || mpfr_get_exp(fd) < -1200)) return 0;
  mpfr_t diff, scale, t;
  mpfr_inits2(p, diff, scale, t, (mpfr_ptr)0);
  mpfr_sub(diff, fd, d, MPFR_RNDN);
  mpfr_abs(diff, diff, MPFR_RNDN);
  mpfr_abs(scale, d, MPFR_RNDN);
  mpfr_abs(t, var, MPFR_RNDN);
  if (mpfr_zero_p(t) || mpfr_get_exp(t) < -20) mpfr_set_ui_2exp(t, 1, -20, MPFR_RNDN);
  mpfr_div(t, f, t, MPFR_RNDN);
  mpfr_abs(t, t, MPFR_RNDN);
  if (mpfr_number_p(t)) mpfr_add(scale, scale, t, MPFR_RNDN);
  double r = 0;
  if (!mpfr_zero_p(diff)) {
    if (mpfr_zero_p(scale)) r = INFINITY;
    else {
      mpfr_div(diff, diff, scale, MPFR_RNDN);
      mpfr_mul_2si(diff, diff, (long)(p / 8), MPFR_RNDN);   /* in units of 2^-(p/8) */
      r = mpfr_get_d(diff, MPFR_RNDU);
    }
  }
  mpfr_clears(diff, scale, t, (mpfr_ptr)0);
  return r;
}

/* The oracle's dual numbers against central finite differences of its own
 * values at high precision, in every direction (x and each theta_k), at
 * random moderate points and at points spread over 2^-30 .. 2^30 (a kink
 * has measure zero). A mismatch at 1024 bits is retried at 4096, where a
 * written form that cancels many bits (1 + erf(u), u << 0) resolves; only a
 * mismatch at both precisions fails: it means a wrong derivative rule in
 * the oracle (or a function that is not differentiable there). */
static void check_dual(const Activation *a, const double *th) {
  int K = a->ntheta, bad = 0, retried = 0;
  mpfr_t x, v, d, fd, theta[MAXK];
  mpfr_inits2(4096, x, v, d, fd, (mpfr_ptr)0);
  for (int k = 0; k < K; k++) { mpfr_init2(theta[k], 64); mpfr_set_d(theta[k], th[k], MPFR_RNDN); }
  double worst = 0, worst_x = 0;
  for (int i = 0; i < 64; i++) {
    double xv = i < 40 ? uniform(-8, 8) : ldexp(uniform(1, 2), (int)uniform(-30, 30)) * (i % 2 ? -1 : 1);
    for (int dir = -1; dir < K; dir++) {
      double r = INFINITY;
      for (mpfr_prec_t p = 1024; p <= 4096 && !(r <= 1); p *= 4) {
        mpfr_set_prec(x, p);
        mpfr_set_d(x, xv, MPFR_RNDN);
        mpfr_set_prec(v, p);
        mpfr_set_prec(d, p);
        oracle_eval_dual(a->written, v, d, x, theta, dir, p);
        central_difference(a, x, theta, dir, p, fd);
        r = dual_mismatch(d, fd, v, dir < 0 ? x : theta[dir], p);
        retried += p > 1024;
      }
      if (!(r <= 1)) {
        bad = 1;
        mpfr_printf("     d%s/d%s at x = %.17g: dual %.20Rg, finite difference %.20Rg\n", a->name,
                    dir < 0 ? "x" : a->theta_names[dir], xv, d, fd);
      }
      if (r > worst || isnan(r)) { worst = r; worst_x = xv; }
    }
  }
  printf("%s %-12s dual numbers against finite differences: worst %.3g x 2^-(p/8) relative at x = %.17g"
         " (tolerance 1; %d retried at 4096 bits)\n", bad ? "FAIL" : "ok  ", a->name, worst, worst_x, retried);
  failures += bad;
  for (int k = 0; k < K; k++) mpfr_clear(theta[k]);
  mpfr_clears(x, v, d, fd, (mpfr_ptr)0);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: numcheck FILE.act LIB.so [--prefix P] [--tol-f U] [--tol-dx U] [--tol-dtheta U] "
                    "[--tol-sum U] [--random N] [--big-sum N] [--only NAME] [--at X] [--baseline F] [--write-baseline F]\n");
    return 2;
  }
  const char *prefix = "", *only = NULL;
  CheckConfig cfg = {.samples = 200, .seed = 0x5eed};
  for (int i = 3; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--prefix")) prefix = argv[i + 1];
    else if (!strcmp(argv[i], "--tol-f")) tol_f = atof(argv[i + 1]);
    else if (!strcmp(argv[i], "--tol-dx")) tol_dx = atof(argv[i + 1]);
    else if (!strcmp(argv[i], "--tol-dtheta")) tol_dtheta = atof(argv[i + 1]);
    else if (!strcmp(argv[i], "--tol-sum")) tol_sum = atof(argv[i + 1]);
    else if (!strcmp(argv[i], "--random")) cfg.samples = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--big-sum")) big_sum = atol(argv[i + 1]);
    else if (!strcmp(argv[i], "--only")) only = argv[i + 1];
    else if (!strcmp(argv[i], "--at")) { cfg.trace = 1; cfg.trace_x = strtod(argv[i + 1], NULL); }
    else if (!strcmp(argv[i], "--baseline")) read_baseline(argv[i + 1]);
    else if (!strcmp(argv[i], "--write-baseline")) {
      if (!(baseline_out = fopen(argv[i + 1], "w"))) { perror(argv[i + 1]); return 2; }
      fprintf(baseline_out, "# Known inaccuracies: activation, precision, output, largest scaled ULP error seen.\n"
                            "# Written by numcheck --write-baseline; a figure that grows (beyond a 1%% margin) fails the tests.\n");
    }
    else { fprintf(stderr, "numcheck: unknown option %s\n", argv[i]); return 2; }
  }
  Module *m = load_module(argv[1], NULL, 0);
  if (!m) return 2;
  void *lib = kernel_load(argv[2]);
  if (!lib) return 2;
  for (int i = 0; i < m->nacts; i++) {
    const Activation *a = m->acts[i];
    if (only && strcmp(only, a->name)) continue;
    Kernels kn;
    if (!kernel_lookup(lib, prefix, a->name, &kn)) return 2;
    if (!cfg.trace) check_dual(a, kn.init);
    CheckResult r = {0};
    check_activation(a, &kn, &cfg, &r);
    for (int s = 0; s < r.nstats; s++) report(&r.stats[s]);
    printf("%s %-12s array API: forward/backward agree with the scalar kernels, in place, aliased, NULL, n = 0\n",
           r.api_failures ? "FAIL" : "ok  ", a->name);
    failures += r.api_failures != 0;
    free(r.stats);
    if (big_sum > 0 && a->ntheta > 0) check_big_sum(a, &kn);
  }
  if (baseline_out) fclose(baseline_out);
  printf("%d failure%s\n", failures, failures == 1 ? "" : "s");
  return failures ? 1 : 0;
}
