/* numcheck.c — generated kernels against the MPFR oracle.
 *
 *   numcheck FILE.act LIB.so [--prefix P] [--tol-f U] [--tol-dx U]
 *            [--tol-dtheta U] [--tol-sum U] [--random N] [--big-sum N]
 *            [--only NAME] [--baseline FILE] [--write-baseline FILE]
 *
 * LIB.so is the C that actgen made of FILE.act, compiled as a shared
 * object. For every activation and both precisions the driver evaluates
 * NAME, NAME_grad (df/dx and every df/dtheta_k) at special points (0,
 * subnormals, the overflow thresholds, huge values, infinities, NaN) and at
 * seeded random points (uniform over binades, and uniform in [-30, 30]),
 * and compares them with the oracle evaluating the activation AS WRITTEN
 * (the resolved DAG, before actgen's rewrites), with derivatives from the
 * oracle's own dual numbers. The oracle's precision is raised until two
 * precisions agree (a Ziv loop), so cancellations in the written form
 * (1 + erf(u) for u << 0) are resolved. The dual numbers are themselves
 * cross-checked against central finite differences at high precision.
 *
 * Errors use SPEC §4's scaled metric, err_s = |y - X| / ulp(|X| + |x X'|),
 * against tolerances in ULPs given on the command line; the plain error is
 * reported beside it. The array API is checked against the scalar one
 * (forward in place, backward with dx aliasing x or dy, NULL dx or dtheta,
 * n = 0) and the dtheta sums of NAME_backward against the exact sum, in
 * ULPs of the sum of the magnitudes of its terms. Exit 1 on any failure.
 */
#include <dlfcn.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ast.h"
#include "module.h"
#include "oracle.h"
#include "ulp.h"

typedef double (*f_d)(double, const double *);
typedef double (*g_d)(double, const double *, double *);
typedef void (*fw_d)(size_t, const double *, double *, const double *);
typedef void (*bw_d)(size_t, const double *, const double *, double *, const double *, double *);
typedef float (*f_f)(float, const float *);
typedef float (*g_f)(float, const float *, float *);
typedef void (*fw_f)(size_t, const float *, float *, const float *);
typedef void (*bw_f)(size_t, const float *, const float *, float *, const float *, float *);

enum { MAXK = 64, P0 = 1536, PMAX = 12288 };   /* PMAX: oracle_exact's largest precision */

static double tol_f = 1, tol_dx = 2, tol_dtheta = 2, tol_sum = 2;
static int nrandom = 200;
static long big_sum = 0;
static int failures;
static int trace;            /* --at X: print every value at that one point */
static double trace_x;

/* ---- a deterministic generator (SplitMix64) ---- */
static uint64_t rng = 0x5eed;
static uint64_t next_u64(void) {
  uint64_t z = (rng += 0x9e3779b97f4a7c15u);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}
static double uniform(double lo, double hi) { return lo + (hi - lo) * (double)(next_u64() >> 11) * 0x1p-53; }

/* ---- the oracle ---- */

/* which: -1 f, -2 df/dx, k df/dtheta_k (the driver's numbering) */
static int oracle_which(int which) { return which == -1 ? ORACLE_VALUE : which == -2 ? ORACLE_DX : which; }

static void oracle_at(const Activation *a, int which, const mpfr_t x, mpfr_t *theta, mpfr_t out, mpfr_prec_t prec) {
  mpfr_t v, d;
  mpfr_inits2(prec, v, d, (mpfr_ptr)0);
  if (which == -1) oracle_eval(a->written, v, x, theta, prec);
  else oracle_eval_dual(a->written, v, d, x, theta, which == -2 ? -1 : which, prec);
  mpfr_set_prec(out, prec);
  mpfr_set(out, which == -1 ? v : d, MPFR_RNDN);
  mpfr_clears(v, d, (mpfr_ptr)0);
}

static int exact(const Activation *a, int which, const mpfr_t x, mpfr_t *theta, mpfr_t out) {
  return oracle_exact(a->written, oracle_which(which), x, theta, out);
}

/* S = |X| + |x dX/dx|: dX/dx by a central difference of the oracle. */
static void sensitivity(const Activation *a, int which, const mpfr_t x, mpfr_t *theta, const mpfr_t X, mpfr_t S) {
  mpfr_abs(S, X, MPFR_RNDN);
  if (!mpfr_regular_p(x) || !mpfr_number_p(X)) return;
  mpfr_prec_t p = P0;
  mpfr_t h, xp, xm, fp, fm;
  mpfr_inits2(p, h, xp, xm, fp, fm, (mpfr_ptr)0);
  mpfr_abs(h, x, MPFR_RNDN);
  mpfr_mul_2si(h, h, -400, MPFR_RNDN);
  mpfr_add(xp, x, h, MPFR_RNDN);
  mpfr_sub(xm, x, h, MPFR_RNDN);
  if (which == -1) {  /* f: dX/dx is the dual derivative itself */
    oracle_at(a, -2, x, theta, fp, p);
    mpfr_mul(fp, fp, x, MPFR_RNDN);
  } else {
    oracle_at(a, which, xp, theta, fp, p);
    oracle_at(a, which, xm, theta, fm, p);
    mpfr_sub(fp, fp, fm, MPFR_RNDN);
    mpfr_div(fp, fp, h, MPFR_RNDN);
    mpfr_div_2ui(fp, fp, 1, MPFR_RNDN);
    mpfr_mul(fp, fp, x, MPFR_RNDN);
  }
  mpfr_abs(fp, fp, MPFR_RNDN);
  if (mpfr_number_p(fp)) mpfr_add(S, S, fp, MPFR_RNDN);
  mpfr_clears(h, xp, xm, fp, fm, (mpfr_ptr)0);
}

/* ---- bookkeeping per output ---- */

typedef struct Stat {
  char name[80];
  double tol, max_s, max_plain, at, sum;
  long count, skipped;
} Stat;

static void record(Stat *s, double err_s, double err, double x) {
  if (err_s > s->max_s || (isnan(err_s) && !isnan(s->max_s))) { s->max_s = err_s; s->at = x; }
  if (err > s->max_plain) s->max_plain = err;
  if (isfinite(err_s)) s->sum += err_s;
  s->count++;
}

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

static void report(const char *act, const Format *fmt, Stat *s) {
  int over = !(s->max_s <= s->tol);
  double k = known_max(act, fmt->name, s->name);
  int bad = over && !(s->max_s <= k);
  if (over && baseline_out) fprintf(baseline_out, "%s %s %s %.4g\n", act, fmt->name, s->name, s->max_s * 1.01);
  failures += bad;
  printf("%s %-12s %-6s %-14s max_s %9.3g  max %9.3g  at x = %-24.17g mean_s %.3g  (%ld points, %ld skipped)  tol %g\n",
         bad ? "FAIL" : over ? "KNOWN" : "ok  ", act, fmt->name, s->name, s->max_s, s->max_plain, s->at,
         s->count ? s->sum / (double)s->count : 0.0, s->count, s->skipped, s->tol);
}

/* ---- the kernels of one activation ---- */

typedef struct Kernels {
  f_d f; g_d g; fw_d fw; bw_d bw; const double *init;
  f_f ff; g_f gf; fw_f fwf; bw_f bwf; const float *initf;
} Kernels;

static void *sym(void *lib, const char *prefix, const char *name, const char *suffix) {
  char buf[512];
  snprintf(buf, sizeof buf, "%s%s%s", prefix, name, suffix);
  void *p = dlsym(lib, buf);
  if (!p) { fprintf(stderr, "numcheck: %s not found\n", buf); exit(2); }
  return p;
}

/* Evaluate the kernel's outputs at x: out[0] = f, out[1] = df/dx, out[2+k]. */
static void kernel_outputs(const Kernels *kn, int is_float, double x, const double *th, int K, double *out) {
  if (is_float) {
    float tf[MAXK], df[MAXK];
    for (int k = 0; k < K; k++) tf[k] = (float)th[k];
    out[0] = kn->ff((float)x, tf);
    out[1] = kn->gf((float)x, tf, df);
    float g_null = kn->gf((float)x, tf, NULL);
    if (!(g_null == (float)out[1] || (isnan(g_null) && isnan(out[1])))) {
      printf("FAIL grad with dtheta == NULL differs at x = %.9g\n", x);
      failures++;
    }
    for (int k = 0; k < K; k++) out[2 + k] = df[k];
  } else {
    double d[MAXK];
    out[0] = kn->f(x, th);
    out[1] = kn->g(x, th, d);
    double g_null = kn->g(x, th, NULL);
    if (!(g_null == out[1] || (isnan(g_null) && isnan(out[1])))) {
      printf("FAIL grad with dtheta == NULL differs at x = %.17g\n", x);
      failures++;
    }
    for (int k = 0; k < K; k++) out[2 + k] = d[k];
  }
}

static int npoints;
static double points[4096];

static void add_point(double x) { if (npoints < 4096) points[npoints++] = x; }

static void make_points(const Format *fmt) {
  npoints = 0;
  if (trace) {
    add_point(fmt->p == 24 ? (double)(float)trace_x : trace_x);
    return;
  }
  double tiny = fmt->p == 24 ? 0x1p-149 : 0x1p-1074, mn = fmt->p == 24 ? FLT_MIN : DBL_MIN,
         mx = fmt->p == 24 ? FLT_MAX : DBL_MAX;
  const double special[] = {0, tiny, 3 * tiny, mn, 1e-300, 1e-40, 1e-20, 1e-8, 1e-4, 0.01, 0.1, 0.5, 0.75, 1, 1.5,
                            2, 3, 5, 8, 10, 15, 20, 26, 27.5, 30, 38, 50, 88, 89, 100, 300, 700, 709.5, 710, 745,
                            1000, 1e5, 1e10, 1e15, 1e20, 1e38, 3e38, 1e100, 1e200, 1e300, mx, INFINITY};
  for (size_t i = 0; i < sizeof special / sizeof *special; i++) {
    double v = fmt->p == 24 ? (double)(float)special[i] : special[i];
    if (v == 0 && special[i] != 0) continue;
    add_point(v);
    add_point(-v);
  }
  add_point(NAN);
  rng = 0x5eed;
  int emin = fmt->p == 24 ? -149 : -1074, emax = fmt->p == 24 ? 127 : 1023;
  for (int i = 0; i < nrandom; i++) {   /* uniform over binades */
    int e = emin + (int)(next_u64() % (uint64_t)(emax - emin + 1));
    double v = ldexp(uniform(1, 2), e);
    if (next_u64() & 1) v = -v;
    add_point(fmt->p == 24 ? (double)(float)v : v);
  }
  for (int i = 0; i < nrandom; i++) {   /* uniform reals in [-30, 30] */
    double v = uniform(-30, 30);
    add_point(fmt->p == 24 ? (double)(float)v : v);
  }
}

static void check_precision(const Activation *a, const Kernels *kn, const Format *fmt) {
  int K = a->ntheta, is_float = fmt->p == 24;
  double th[MAXK] = {0};
  for (int k = 0; k < K; k++) th[k] = is_float ? (double)kn->initf[k] : kn->init[k];
  mpfr_t theta[MAXK], x, X, S;
  for (int k = 0; k < K; k++) {
    mpfr_init2(theta[k], 64);
    mpfr_set_d(theta[k], th[k], MPFR_RNDN);
  }
  mpfr_inits2(PMAX, x, X, S, (mpfr_ptr)0);
  Stat st[MAXK + 2];
  memset(st, 0, sizeof st);
  snprintf(st[0].name, sizeof st[0].name, "f");
  snprintf(st[1].name, sizeof st[1].name, "df/dx");
  st[0].tol = tol_f;
  st[1].tol = tol_dx;
  for (int k = 0; k < K; k++) {
    snprintf(st[2 + k].name, sizeof st[2 + k].name, "df/d%s", a->theta_names[k]);
    st[2 + k].tol = tol_dtheta;
  }
  make_points(fmt);
  for (int i = 0; i < npoints; i++) {
    double xv = points[i], y[MAXK + 2];
    kernel_outputs(kn, is_float, xv, th, K, y);
    mpfr_set_prec(x, 64);
    mpfr_set_d(x, xv, MPFR_RNDN);
    for (int o = 0; o < K + 2; o++) {
      mpfr_set_prec(X, PMAX);
      /* At x = +-inf a derivative is a limit, which neither a kernel nor the
       * oracle computes by evaluation, and at NaN a kernel may fold a
       * constant derivative (d(x + sign x)/dx = 1); f is measured at both,
       * unless the written form itself has no value there (inf - inf). */
      if (!isfinite(xv) && o > 0) { st[o].skipped++; continue; }
      if (!exact(a, o == 0 ? -1 : o == 1 ? -2 : o - 2, x, theta, X) || (isinf(xv) && mpfr_nan_p(X))) {
        st[o].skipped++;
        continue;
      }
      if (trace) {
        mpfr_printf("  x = %.17g  %-12s kernel %.17g  oracle %.20Rg\n", xv, st[o].name, y[o], X);
      }
      /* The sign rule for exact zeros is not applied at x = +-0: the real
       * input zero has no sign, and which zero the written form gives there
       * is an accident of its IEEE evaluation (exp(x) - 1 is +0 at -0,
       * expm1(x) is -0). */
      if (xv == 0 && y[o] == 0 && mpfr_zero_p(X)) { record(&st[o], 0, 0, xv); continue; }
      mpfr_set_prec(S, mpfr_get_prec(X));
      sensitivity(a, o == 0 ? -1 : o == 1 ? -2 : o - 2, x, theta, X, S);
      /* SPEC §4's sign rule for exact zeros applies to f; the sign of a
       * zero derivative is an artefact of how the dual numbers (or the
       * kernel) happen to order their operations, not of the function. */
      if (o > 0 && y[o] == 0 && mpfr_zero_p(X)) { record(&st[o], 0, 0, xv); continue; }
      double e_s = ulp_error(y[o], X, S, fmt), e = ulp_error(y[o], X, X, fmt);
      record(&st[o], e_s, e, xv);
    }
  }
  for (int o = 0; o < K + 2; o++) report(a->name, fmt, &st[o]);

  /* The array API against the scalar one, on the points that are finite. */
  size_t n = 0;
  static double xs[4096], dys[4096];
  for (int i = 0; i < npoints; i++)
    if (isfinite(points[i]) && fabs(points[i]) < 50) { xs[n] = points[i]; dys[n] = uniform(-1, 1); n++; }
  int api_bad = 0;
  mpfr_t exact_sum, mag, term, X2;
  mpfr_inits2(4096, exact_sum, mag, term, (mpfr_ptr)0);
  mpfr_init2(X2, PMAX);
  for (int k = 0; k < K; k++) {
    Stat ss = {.tol = tol_sum};
    snprintf(ss.name, sizeof ss.name, "sum df/d%s", a->theta_names[k]);
    mpfr_set_zero(exact_sum, 1);
    mpfr_set_zero(mag, 1);
    for (size_t i = 0; i < n; i++) {
      double dyv = is_float ? (double)(float)dys[i] : dys[i];
      mpfr_set_prec(x, 64);
      mpfr_set_d(x, xs[i], MPFR_RNDN);
      if (!exact(a, k, x, theta, X2)) { ss.skipped++; continue; }
      mpfr_mul_d(term, X2, dyv, MPFR_RNDN);
      mpfr_add(exact_sum, exact_sum, term, MPFR_RNDN);
      mpfr_abs(term, term, MPFR_RNDN);
      mpfr_add(mag, mag, term, MPFR_RNDN);
    }
    double got;
    if (is_float) {
      float xf[4096], dyf[4096], tf[MAXK], dtf[MAXK];
      for (size_t i = 0; i < n; i++) { xf[i] = (float)xs[i]; dyf[i] = (float)dys[i]; }
      for (int j = 0; j < K; j++) tf[j] = (float)th[j];
      kn->bwf(n, xf, dyf, NULL, tf, dtf);
      got = dtf[k];
    } else {
      double dt[MAXK];
      kn->bw(n, xs, dys, NULL, th, dt);
      got = dt[k];
    }
    if (ss.skipped == 0) {
      record(&ss, ulp_error(got, exact_sum, mag, fmt), ulp_error(got, exact_sum, exact_sum, fmt), (double)n);
      report(a->name, fmt, &ss);
    }
  }
  mpfr_clears(exact_sum, mag, term, X2, (mpfr_ptr)0);

  /* forward / backward against the scalar functions, with aliasing */
  for (size_t i = 0; i < n && !api_bad; i++) {
    double y[MAXK + 2];
    kernel_outputs(kn, is_float, xs[i], th, K, y);
    if (is_float) {
      float tf[MAXK];
      for (int j = 0; j < K; j++) tf[j] = (float)th[j];
      float xv = (float)xs[i], dyv = (float)dys[i], buf = xv, yv, dxv;
      kn->fwf(1, &buf, &buf, tf);                      /* in place */
      kn->fwf(1, &xv, &yv, tf);
      float xa = xv, dya = dyv;
      kn->bwf(1, &xa, &dyv, &xa, tf, NULL);            /* dx aliases x */
      kn->bwf(1, &xv, &dya, &dya, tf, NULL);           /* dx aliases dy */
      kn->bwf(1, &xv, &dyv, &dxv, tf, NULL);
      float want_dx = (float)((double)dyv * (double)(float)y[1]);
      (void)want_dx;
      api_bad |= buf != (float)y[0] || yv != (float)y[0] || xa != dxv || dya != dxv;
    } else {
      double xv = xs[i], dyv = dys[i], buf = xv, yv, dxv;
      kn->fw(1, &buf, &buf, th);
      kn->fw(1, &xv, &yv, th);
      double xa = xv, dya = dyv;
      kn->bw(1, &xa, &dyv, &xa, th, NULL);
      kn->bw(1, &xv, &dya, &dya, th, NULL);
      kn->bw(1, &xv, &dyv, &dxv, th, NULL);
      api_bad |= buf != y[0] || yv != y[0] || xa != dxv || dya != dxv || dxv != dyv * y[1];
    }
  }
  /* n = 0 overwrites dtheta with zeros and touches nothing else */
  if (K > 0) {
    if (is_float) {
      float dt[MAXK], tf[MAXK];
      for (int j = 0; j < K; j++) { dt[j] = 7; tf[j] = (float)th[j]; }
      kn->bwf(0, NULL, NULL, NULL, tf, dt);
      for (int j = 0; j < K; j++) api_bad |= dt[j] != 0;
    } else {
      double dt[MAXK];
      for (int j = 0; j < K; j++) dt[j] = 7;
      kn->bw(0, NULL, NULL, NULL, th, dt);
      for (int j = 0; j < K; j++) api_bad |= dt[j] != 0;
    }
  } else {
    kn->bw(0, NULL, NULL, NULL, NULL, NULL);
    kn->fw(0, NULL, NULL, NULL);
  }
  printf("%s %-12s %-6s array API: forward/backward agree with the scalar kernels, in place, NULL, n = 0\n",
         api_bad ? "FAIL" : "ok  ", a->name, fmt->name);
  failures += api_bad;
  for (int k = 0; k < K; k++) mpfr_clear(theta[k]);
  mpfr_clears(x, X, S, (mpfr_ptr)0);
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
  kn->bw((size_t)n, xs, dys, NULL, th, dt);
  mpfr_t sum[MAXK], mag[MAXK], t;
  double naive[MAXK] = {0};
  for (int k = 0; k < K; k++) {
    mpfr_inits2(2400, sum[k], mag[k], (mpfr_ptr)0);
    mpfr_set_zero(sum[k], 1);
    mpfr_set_zero(mag[k], 1);
  }
  mpfr_init2(t, 128);
  for (long i = 0; i < n; i++) {
    kn->g(xs[i], th, d);
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
    Stat s = {.tol = tol_sum};
    snprintf(s.name, sizeof s.name, "sum%ld df/d%s", n, a->theta_names[k]);
    record(&s, ulp_error(dt[k], sum[k], mag[k], &format_double), ulp_error(dt[k], sum[k], sum[k], &format_double),
           (double)n);
    report(a->name, &format_double, &s);
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
                    "[--tol-sum U] [--random N] [--big-sum N] [--only NAME] [--baseline F] [--write-baseline F]\n");
    return 2;
  }
  const char *prefix = "", *only = NULL;
  for (int i = 3; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--prefix")) prefix = argv[i + 1];
    else if (!strcmp(argv[i], "--tol-f")) tol_f = atof(argv[i + 1]);
    else if (!strcmp(argv[i], "--tol-dx")) tol_dx = atof(argv[i + 1]);
    else if (!strcmp(argv[i], "--tol-dtheta")) tol_dtheta = atof(argv[i + 1]);
    else if (!strcmp(argv[i], "--tol-sum")) tol_sum = atof(argv[i + 1]);
    else if (!strcmp(argv[i], "--random")) nrandom = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--big-sum")) big_sum = atol(argv[i + 1]);
    else if (!strcmp(argv[i], "--only")) only = argv[i + 1];
    else if (!strcmp(argv[i], "--at")) { trace = 1; trace_x = strtod(argv[i + 1], NULL); }
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
  void *lib = dlopen(argv[2], RTLD_NOW | RTLD_LOCAL);
  if (!lib) { fprintf(stderr, "numcheck: %s\n", dlerror()); return 2; }
  for (int i = 0; i < m->nacts; i++) {
    const Activation *a = m->acts[i];
    if (only && strcmp(only, a->name)) continue;
    if (a->ntheta > MAXK) { fprintf(stderr, "numcheck: too many parameters\n"); return 2; }
    Kernels kn = {
      (f_d)sym(lib, prefix, a->name, ""), (g_d)sym(lib, prefix, a->name, "_grad"),
      (fw_d)sym(lib, prefix, a->name, "_forward"), (bw_d)sym(lib, prefix, a->name, "_backward"),
      (const double *)sym(lib, prefix, a->name, "_theta_init"),
      (f_f)sym(lib, prefix, a->name, "f"), (g_f)sym(lib, prefix, a->name, "_gradf"),
      (fw_f)sym(lib, prefix, a->name, "_forwardf"), (bw_f)sym(lib, prefix, a->name, "_backwardf"),
      (const float *)sym(lib, prefix, a->name, "_theta_initf"),
    };
    check_dual(a, kn.init);
    check_precision(a, &kn, &format_double);
    check_precision(a, &kn, &format_float);
    if (big_sum > 0 && a->ntheta > 0) check_big_sum(a, &kn);
  }
  dlclose(lib);
  if (baseline_out) fclose(baseline_out);
  printf("%d failure%s\n", failures, failures == 1 ? "" : "s");
  return failures ? 1 : 0;
}
