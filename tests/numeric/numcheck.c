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

/* the big-sum batch: a deterministic generator (SplitMix64) */
static uint64_t rng = 0xb16;
static uint64_t next_u64(void) {
  uint64_t z = (rng += 0x9e3779b97f4a7c15u);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}
static double uniform(double lo, double hi) { return lo + (hi - lo) * (double)(next_u64() >> 11) * 0x1p-53; }

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

/* The dtheta sum over a large batch: the kernel's own per-element terms,
 * summed exactly in MPFR, against NAME_backward. Error in ULPs of the sum
 * of |terms|; a naive sum is measured beside it for comparison. */
static void check_big_sum(const Activation *a, const Kernels *kn) {
  long n = big_sum;
  int K = a->ntheta;
  double *xs = calloc((size_t)n, sizeof(double)), *dys = calloc((size_t)n, sizeof(double));
  if (!xs || !dys) exit(2);
  for (long i = 0; i < n; i++) { xs[i] = uniform(-5, 5); dys[i] = uniform(-1, 1); }
  double th[MAXK] = {0}, dt[MAXK], d[MAXK];
  for (int k = 0; k < K; k++) th[k] = kn->init[k];
  kn->backward((size_t)n, xs, dys, NULL, th, dt);
  mpfr_t sum[MAXK], mag[MAXK], t;
  double naive[MAXK] = {0};
  for (int k = 0; k < K; k++) {
    mpfr_inits2(2400, sum[k], mag[k], (mpfr_ptr)0);
    mpfr_set_zero(sum[k], 1);
    mpfr_set_zero(mag[k], 1);
  }
  mpfr_init2(t, 128);
  for (long i = 0; i < n; i++) {
    kn->grad(xs[i], th, d);
    for (int k = 0; k < K; k++) {
      mpfr_set_d(t, d[k], MPFR_RNDN);
      mpfr_mul_d(t, t, dys[i], MPFR_RNDN);    /* exact: 106 bits fit in 128 */
      mpfr_add(sum[k], sum[k], t, MPFR_RNDN);
      mpfr_abs(t, t, MPFR_RNDN);
      mpfr_add(mag[k], mag[k], t, MPFR_RNDN);
      naive[k] += dys[i] * d[k];
    }
  }
  for (int k = 0; k < K; k++) {
    CheckStat s = {.act = a->name, .precision = "double", .count = 1, .at = (double)n};
    snprintf(s.output, sizeof s.output, "sum%ld df/d%s", n, a->theta_names[k]);
    s.max_s = s.sum_s = ulp_error(dt[k], sum[k], mag[k], &format_double);
    s.max_plain = ulp_error(dt[k], sum[k], sum[k], &format_double);
    report(&s);
    printf("     (a naive sum would be off by %.3g ulp of the sum of |terms|)\n",
           ulp_error(naive[k], sum[k], mag[k], &format_double));
    mpfr_clears(sum[k], mag[k], (mpfr_ptr)0);
  }
  mpfr_clear(t);
  free(xs);
  free(dys);
}

/* The oracle's dual numbers against central finite differences at high
 * precision, at random moderate points (kinks have measure zero). */
static void check_dual(const Activation *a, const double *th) {
  int K = a->ntheta, bad = 0;
  mpfr_prec_t p = 1024;
  mpfr_t x, h, v, d, fp, fm, fd, theta[MAXK];
  mpfr_inits2(p, x, h, v, d, fp, fm, fd, (mpfr_ptr)0);
  for (int k = 0; k < K; k++) { mpfr_init2(theta[k], p); mpfr_set_d(theta[k], th[k], MPFR_RNDN); }
  double worst = 0;
  for (int i = 0; i < 40; i++) {
    mpfr_set_d(x, uniform(-8, 8), MPFR_RNDN);
    for (int dir = -1; dir < K; dir++) {
      oracle_eval_dual(a->written, v, d, x, theta, dir, p);
      mpfr_t *var = dir < 0 ? &x : &theta[dir];
      mpfr_t keep;
      mpfr_init2(keep, p);
      mpfr_set(keep, *var, MPFR_RNDN);
      mpfr_abs(h, keep, MPFR_RNDN);
      if (mpfr_zero_p(h)) mpfr_set_ui(h, 1, MPFR_RNDN);
      mpfr_mul_2si(h, h, -300, MPFR_RNDN);
      mpfr_add(*var, keep, h, MPFR_RNDN);
      oracle_eval(a->written, fp, x, theta, p);
      mpfr_sub(*var, keep, h, MPFR_RNDN);
      oracle_eval(a->written, fm, x, theta, p);
      mpfr_set(*var, keep, MPFR_RNDN);
      mpfr_clear(keep);
      mpfr_sub(fd, fp, fm, MPFR_RNDN);
      mpfr_div(fd, fd, h, MPFR_RNDN);
      mpfr_div_2ui(fd, fd, 1, MPFR_RNDN);
      /* relative difference, against max(|d|, |f|/|var|-scale) to allow zeros */
      mpfr_sub(fp, fd, d, MPFR_RNDN);
      mpfr_abs(fp, fp, MPFR_RNDN);
      mpfr_abs(fm, d, MPFR_RNDN);
      mpfr_abs(v, v, MPFR_RNDN);
      mpfr_add(fm, fm, v, MPFR_RNDN);
      mpfr_add_ui(fm, fm, 0, MPFR_RNDN);
      if (mpfr_zero_p(fm)) continue;
      mpfr_div(fp, fp, fm, MPFR_RNDN);
      double r = mpfr_get_d(fp, MPFR_RNDU);
      if (!(r <= 1e-100)) bad = 1;
      if (r > worst || isnan(r)) worst = r;
    }
  }
  printf("%s %-12s dual numbers against finite differences: worst relative difference %.3g (tolerance 1e-100)\n",
         bad ? "FAIL" : "ok  ", a->name, worst);
  failures += bad;
  for (int k = 0; k < K; k++) mpfr_clear(theta[k]);
  mpfr_clears(x, h, v, d, fp, fm, fd, (mpfr_ptr)0);
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
  FILE *fp = fopen(argv[1], "rb");
  if (!fp) { perror(argv[1]); return 2; }
  static char text[1 << 20];
  size_t len = fread(text, 1, sizeof text - 1, fp);
  fclose(fp);
  diag_add_source(argv[1], text, len);
  Program prog = {0};
  if (parse_program(argv[1], text, len, &prog)) return 2;
  Module *m = resolve_program(&prog, NULL, 0);
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
