/* check.c — measure generated kernels against the MPFR oracle (SPEC §4).
 *
 * check_activation() runs one activation's compiled kernels — NAME,
 * NAME_grad (df/dx and every df/dtheta_k), NAME_forward and NAME_backward
 * with its dtheta sums — in both precisions, at the special values (zeros,
 * subnormals, FLT_MIN/DBL_MIN, the overflow thresholds, huge values,
 * infinities, NaN), at hazards (the constants an `if` compares x with,
 * the roots of f and of df/dx, each with its neighbours), at seeded random
 * points (uniform over bit patterns by binade, and uniform reals in
 * [-30, 30]) and at the kept worst inputs of earlier runs. Each value is compared with the oracle evaluating the
 * activation AS WRITTEN (before actgen's rewrites), its derivatives from the
 * oracle's own dual numbers, by the scaled error |y - X| / ulp(|X| + |x X'|)
 * and the plain one. The dtheta sums are measured against the exact sum, in
 * ULPs of the sum of the magnitudes of its terms. The array API is checked
 * against the scalar one (in place, aliased, NULL, n = 0).
 *
 * check_command() is `actgen check`: it compiles the generated C with the
 * system's compiler, prints the table and compares it with a baseline
 * (--exhaustive is in check_exhaustive.c).
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "diag.h"
#include "oracle.h"
#include "stabilize.h"

enum { MAXK = CHECK_MAX_THETA, MAXPOINTS = 1 << 16, PMAX = CHECK_PMAX };

/* ---- a deterministic generator (SplitMix64) ---- */
uint64_t check_random(uint64_t *state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15u);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}
double check_uniform(uint64_t *state, double lo, double hi) {
  return lo + (hi - lo) * (double)(check_random(state) >> 11) * 0x1p-53;
}

static uint64_t rng;   /* the sampling's state, seeded per precision */
static uint64_t next_u64(void) { return check_random(&rng); }
static double uniform(double lo, double hi) { return check_uniform(&rng, lo, hi); }

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

int check_exact(const Activation *a, int which, const mpfr_t x, mpfr_t *theta, mpfr_t out) {
  return oracle_exact(a->written, oracle_which(which), x, theta, out);
}

/* S = |X| + |x dX/dx|: dX/dx by a central difference of the oracle. */
void check_sensitivity(const Activation *a, int which, const mpfr_t x, mpfr_t *theta, const mpfr_t X, mpfr_t S) {
  mpfr_abs(S, X, MPFR_RNDN);
  if (!mpfr_regular_p(x) || !mpfr_number_p(X)) return;
  mpfr_prec_t p = 1536;
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

/* Evaluate the kernel's outputs at x: out[0] = f, out[1] = df/dx, out[2+k]. */
/* The same result: equal, or both NaN (NaN != NaN, and an activation may
 * be NaN where it is undefined: log(sin(x))). */
static int same(double a, double b) { return a == b || (isnan(a) && isnan(b)); }

void check_kernel_outputs(const Kernels *kn, int is_float, double x, const double *th, int K, double *out, int *api_bad) {
  if (is_float) {
    float tf[MAXK] = {0}, df[MAXK];   /* {0}: with K = 0, gcc 12 warns of tf passed uninitialized */
    for (int k = 0; k < K; k++) tf[k] = (float)th[k];
    out[0] = kn->ff((float)x, tf);
    out[1] = kn->gradf((float)x, tf, df);
    float g_null = kn->gradf((float)x, tf, NULL);
    if (!same(g_null, (float)out[1])) {
      *api_bad = 1;
    }
    for (int k = 0; k < K; k++) out[2 + k] = df[k];
  } else {
    double d[MAXK];
    out[0] = kn->f(x, th);
    out[1] = kn->grad(x, th, d);
    double g_null = kn->grad(x, th, NULL);
    if (!same(g_null, out[1])) {
      *api_bad = 1;
    }
    for (int k = 0; k < K; k++) out[2 + k] = d[k];
  }
}

static double hazards[512];   /* found by check_find_hazards(), below */
static int nhazards;

static int npoints;
static double points[MAXPOINTS];

/* Each input once: kept worst inputs are also found among the random ones,
 * and a duplicate would count twice. */
static void add_point(double x) {
  for (int i = 0; i < npoints; i++)
    if (!memcmp(&points[i], &x, sizeof x)) return;
  if (npoints < MAXPOINTS) points[npoints++] = x;
}

static void make_points(const Format *fmt, const CheckConfig *c) {
  npoints = 0;
  if (c->trace) {
    add_point(fmt->p == 24 ? (double)(float)c->trace_x : c->trace_x);
    return;
  }
  int f = fmt->p == 24;
  for (int i = 0; i < c->nkept[f]; i++) add_point(c->kept[f][i]);
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
  for (int i = 0; i < nhazards; i++) add_point(fmt->p == 24 ? (double)(float)hazards[i] : hazards[i]);
  rng = c->seed;
  int emin = fmt->p == 24 ? -149 : -1074, emax = fmt->p == 24 ? 127 : 1023;
  for (int i = 0; i < c->samples; i++) {   /* uniform over binades */
    int e = emin + (int)(next_u64() % (uint64_t)(emax - emin + 1));
    double v = ldexp(uniform(1, 2), e);
    if (next_u64() & 1) v = -v;
    add_point(fmt->p == 24 ? (double)(float)v : v);
  }
  for (int i = 0; i < c->samples; i++) {   /* uniform reals in [-30, 30] */
    double v = uniform(-30, 30);
    add_point(fmt->p == 24 ? (double)(float)v : v);
  }
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static CheckStat *new_stat(CheckResult *r, const Activation *a, const Format *fmt, const char *output) {
  if (r->nstats == r->cap) {
    r->cap = r->cap ? 2 * r->cap : 32;
    r->stats = realloc(r->stats, sizeof *r->stats * (size_t)r->cap);
    if (!r->stats) die("out of memory");
  }
  CheckStat *s = &r->stats[r->nstats++];
  memset(s, 0, sizeof *s);
  s->act = a->name;
  s->precision = fmt->name;
  snprintf(s->output, sizeof s->output, "%s", output);
  return s;
}

static void record(CheckStat *s, double err_s, double err, double x) {
  if (err_s > s->max_s || (isnan(err_s) && !isnan(s->max_s)) || s->count == 0) { s->max_s = err_s; s->at = x; }
  if (err > s->max_plain) s->max_plain = err;
  s->sum_s += isnan(err_s) ? INFINITY : err_s;   /* an infinite error is not 0: the mean is inf */
  s->over_half += !(err_s <= 0.5);
  s->over_one += !(err_s <= 1);
  s->count++;
}

/* ---- hazards: where errors like to hide ---- */

static void add_hazard(double x) {
  if (nhazards + 3 > (int)(sizeof hazards / sizeof *hazards) || !isfinite(x)) return;
  hazards[nhazards++] = x;                 /* the point and its two neighbours */
  hazards[nhazards++] = nextafter(x, INFINITY);
  hazards[nhazards++] = nextafter(x, -INFINITY);
}

/* Branch points: the constants x is compared with in an `if` (or in the
 * tie rules of max and min, which are `if`s in the derivatives). */
static void branch_points(const Node *n, char *seen) {
  if (seen[n->id]) return;
  seen[n->id] = 1;
  if (op_info[n->op].cls == CLASS_COND && n->nargs == 2)
    for (int i = 0; i < 2; i++)
      if (n->a[i]->op == OP_X && dag_is_const(n->a[1 - i])) add_hazard(oracle_const_double(n->a[1 - i]));
  for (int i = 0; i < n->nargs; i++) branch_points(n->a[i], seen);
}

/* Roots of f and of df/dx in [-30, 30]: sign changes on a grid, narrowed
 * by bisection to adjacent doubles. They are found on the activation as
 * written (f, and its derivative by the compiler's differentiator), in
 * IEEE double, not on the kernels: a kernel whose form changed near a root
 * would move the points measured, and the figures of outputs whose forms
 * did not change with them. */
static void roots(const Node *n, const double *th) {
  enum { GRID = 3000, MAX = sizeof hazards / sizeof *hazards / 3 };   /* no more fit */
  MeasureFn *fn = measure_fn(n);
  double lo[MAX];
  int nr = measure_sign_changes(fn, th, -30, 30, GRID, lo, MAX);
  for (int i = 0; i < nr; i++) add_hazard(lo[i]);
  measure_fn_free(fn);
}

void check_find_hazards(const Activation *a, const Kernels *k) {
  nhazards = 0;
  char *seen = calloc((size_t)dag_node_count(), 1);
  if (!seen) die("out of memory");
  branch_points(a->written, seen);
  free(seen);
  roots(a->written, k->init);
  roots(simplify(diff_x(a->written)), k->init);
}

static void check_precision(const Activation *a, const Kernels *kn, const Format *fmt, const CheckConfig *c,
                            CheckResult *r) {
  int K = a->ntheta, is_float = fmt->p == 24;
  double th[MAXK] = {0};
  for (int k = 0; k < K; k++) th[k] = is_float ? (double)kn->initf[k] : kn->init[k];
  mpfr_t theta[MAXK], x, X, S;
  for (int k = 0; k < K; k++) {
    mpfr_init2(theta[k], 64);
    mpfr_set_d(theta[k], th[k], MPFR_RNDN);
  }
  mpfr_inits2(PMAX, x, X, S, (mpfr_ptr)0);
  int first = r->nstats;
  new_stat(r, a, fmt, "f");
  new_stat(r, a, fmt, "df/dx");
  for (int k = 0; k < K; k++) {
    char name[80];
    snprintf(name, sizeof name, "df/d%s", a->theta_names[k]);
    new_stat(r, a, fmt, name);
  }
  CheckStat *st = &r->stats[first];
  int api_bad = 0;
  make_points(fmt, c);
  for (int i = 0; i < npoints; i++) {
    double xv = points[i], y[MAXK + 2];
    check_kernel_outputs(kn, is_float, xv, th, K, y, &api_bad);
    mpfr_set_prec(x, 64);
    mpfr_set_d(x, xv, MPFR_RNDN);
    for (int o = 0; o < K + 2; o++) {
      mpfr_set_prec(X, PMAX);
      /* At x = +-inf a derivative is a limit, which neither a kernel nor the
       * oracle computes by evaluation, and at NaN a kernel may fold a
       * constant derivative (d(x + sign x)/dx = 1); f is measured at both,
       * unless the written form itself has no value there (inf - inf). */
      if (!isfinite(xv) && o > 0) { st[o].skipped++; continue; }
      if (!check_exact(a, o == 0 ? -1 : o == 1 ? -2 : o - 2, x, theta, X) || (isinf(xv) && mpfr_nan_p(X))) {
        st[o].skipped++;
        continue;
      }
      if (c->trace) mpfr_printf("  x = %.17g  %-12s kernel %.17g  oracle %.20Rg\n", xv, st[o].output, y[o], X);
      /* The sign rule for exact zeros is not applied at x = +-0: the real
       * input zero has no sign, and which zero the written form gives there
       * is an accident of its IEEE evaluation (exp(x) - 1 is +0 at -0,
       * expm1(x) is -0). */
      if (xv == 0 && y[o] == 0 && mpfr_zero_p(X)) { record(&st[o], 0, 0, xv); continue; }
      mpfr_set_prec(S, mpfr_get_prec(X));
      check_sensitivity(a, o == 0 ? -1 : o == 1 ? -2 : o - 2, x, theta, X, S);
      /* SPEC §4's sign rule for exact zeros applies to f; the sign of a
       * zero derivative is an artefact of how the dual numbers (or the
       * kernel) happen to order their operations, not of the function. */
      if (o > 0 && y[o] == 0 && mpfr_zero_p(X)) { record(&st[o], 0, 0, xv); continue; }
      double e_s = ulp_error(y[o], X, S, fmt), e = ulp_error(y[o], X, X, fmt);
      record(&st[o], e_s, e, xv);
    }
  }

  /* The array API and the sums, on the finite points of moderate size, in
   * increasing order and with a dy that depends only on x: the same points
   * give the same sum whatever order they were generated in. */
  size_t n = 0;
  static double xs[MAXPOINTS], dys[MAXPOINTS];
  for (int i = 0; i < npoints; i++)
    if (isfinite(points[i]) && fabs(points[i]) < 50) xs[n++] = points[i];
  qsort(xs, n, sizeof *xs, compare_doubles);
  for (size_t i = 0; i < n; i++) {
    uint64_t bits;
    memcpy(&bits, &xs[i], sizeof bits);
    rng = bits ^ c->seed;
    dys[i] = uniform(-1, 1);
  }
  mpfr_t exact_sum, mag, term, X2;
  mpfr_inits2(4096, exact_sum, mag, term, (mpfr_ptr)0);
  mpfr_init2(X2, PMAX);
  for (int k = 0; k < K; k++) {
    long skipped = 0;
    mpfr_set_zero(exact_sum, 1);
    mpfr_set_zero(mag, 1);
    for (size_t i = 0; i < n; i++) {
      double dyv = is_float ? (double)(float)dys[i] : dys[i];
      mpfr_set_prec(x, 64);
      mpfr_set_d(x, xs[i], MPFR_RNDN);
      if (!check_exact(a, k, x, theta, X2)) { skipped++; continue; }
      mpfr_mul_d(term, X2, dyv, MPFR_RNDN);
      mpfr_add(exact_sum, exact_sum, term, MPFR_RNDN);
      mpfr_abs(term, term, MPFR_RNDN);
      mpfr_add(mag, mag, term, MPFR_RNDN);
    }
    double got;
    if (is_float) {
      static float xf[MAXPOINTS], dyf[MAXPOINTS];
      float tf[MAXK], dtf[MAXK];
      for (size_t i = 0; i < n; i++) { xf[i] = (float)xs[i]; dyf[i] = (float)dys[i]; }
      for (int j = 0; j < K; j++) tf[j] = (float)th[j];
      kn->backwardf(n, xf, dyf, NULL, tf, dtf);
      got = dtf[k];
    } else {
      double dt[MAXK];
      kn->backward(n, xs, dys, NULL, th, dt);
      got = dt[k];
    }
    if (skipped == 0) {   /* a sum with a term the oracle cannot give is not measured */
      char name[96];
      snprintf(name, sizeof name, "sum df/d%s", a->theta_names[k]);
      record(new_stat(r, a, fmt, name), ulp_error(got, exact_sum, mag, fmt), ulp_error(got, exact_sum, exact_sum, fmt),
             (double)n);
    }
  }
  mpfr_clears(exact_sum, mag, term, X2, (mpfr_ptr)0);

  /* forward / backward against the scalar functions, with aliasing */
  for (size_t i = 0; i < n && !api_bad; i++) {
    double y[MAXK + 2];
    check_kernel_outputs(kn, is_float, xs[i], th, K, y, &api_bad);
    if (is_float) {
      float tf[MAXK];
      for (int j = 0; j < K; j++) tf[j] = (float)th[j];
      float xv = (float)xs[i], dyv = (float)dys[i], buf = xv, yv, dxv;
      kn->forwardf(1, &buf, &buf, tf);                      /* in place */
      kn->forwardf(1, &xv, &yv, tf);
      float xa = xv, dya = dyv;
      kn->backwardf(1, &xa, &dyv, &xa, tf, NULL);            /* dx aliases x */
      kn->backwardf(1, &xv, &dya, &dya, tf, NULL);           /* dx aliases dy */
      kn->backwardf(1, &xv, &dyv, &dxv, tf, NULL);
      api_bad |= !same(buf, (float)y[0]) || !same(yv, (float)y[0]) || !same(xa, dxv) || !same(dya, dxv);
    } else {
      double xv = xs[i], dyv = dys[i], buf = xv, yv, dxv;
      kn->forward(1, &buf, &buf, th);
      kn->forward(1, &xv, &yv, th);
      double xa = xv, dya = dyv;
      kn->backward(1, &xa, &dyv, &xa, th, NULL);
      kn->backward(1, &xv, &dya, &dya, th, NULL);
      kn->backward(1, &xv, &dyv, &dxv, th, NULL);
      api_bad |= !same(buf, y[0]) || !same(yv, y[0]) || !same(xa, dxv) || !same(dya, dxv) || !same(dxv, dyv * y[1]);
    }
  }
  /* n = 0 overwrites dtheta with zeros and touches nothing else */
  if (K > 0) {
    if (is_float) {
      float dt[MAXK], tf[MAXK];
      for (int j = 0; j < K; j++) { dt[j] = 7; tf[j] = (float)th[j]; }
      kn->backwardf(0, NULL, NULL, NULL, tf, dt);
      for (int j = 0; j < K; j++) api_bad |= dt[j] != 0;
    } else {
      double dt[MAXK];
      for (int j = 0; j < K; j++) dt[j] = 7;
      kn->backward(0, NULL, NULL, NULL, th, dt);
      for (int j = 0; j < K; j++) api_bad |= dt[j] != 0;
    }
  } else {
    kn->backward(0, NULL, NULL, NULL, NULL, NULL);
    kn->forward(0, NULL, NULL, NULL);
  }
  r->api_failures += api_bad;
  for (int k = 0; k < K; k++) mpfr_clear(theta[k]);
  mpfr_clears(x, X, S, (mpfr_ptr)0);
}

void check_activation(const Activation *a, const Kernels *k, const CheckConfig *c, CheckResult *r) {
  if (a->ntheta > MAXK) die("check: more than %d trainable scalars", MAXK);
  check_find_hazards(a, k);
  check_precision(a, k, &format_double, c, r);
  check_precision(a, k, &format_float, c, r);
}

/* ---- `actgen check`: the table and the baseline ---- */

/* A baseline line: "ACT PRECISION OUTPUT MAX_S MEAN_S OVER_HALF OVER_ONE AT".
 * Figures are written with %.4g and compared after the same rounding, so
 * a rerun of the same code matches its baseline exactly. The file also
 * keeps the worst inputs of every run so far ("kept ACT PRECISION X" lines): they are
 * measured first, and an update adds this run's worst to them. As each
 * worst input was already among the points measured, the next run measures
 * exactly the same points as the run that wrote the baseline. */
typedef struct BaseLine {
  char act[64], precision[16], output[96];
  double max_s, mean_s, at;
  long over_half, over_one;
} BaseLine;

static double round4(double v) {
  char buf[64];
  snprintf(buf, sizeof buf, "%.4g", v);
  return strtod(buf, NULL);
}

/* The kept inputs, per activation and precision ([0] double, [1] float):
 * each activation is measured at its own past worst inputs only. */
typedef struct Kept {
  char act[64];
  double *x[2];
  int n[2], cap[2];
} Kept;
static Kept *kept;
static int nkept, capkept;

static Kept *kept_for(const char *act) {
  for (int i = 0; i < nkept; i++)
    if (!strcmp(kept[i].act, act)) return &kept[i];
  if (nkept == capkept) {
    capkept = capkept ? 2 * capkept : 16;
    kept = realloc(kept, sizeof *kept * (size_t)capkept);
    if (!kept) die("out of memory");
  }
  Kept *k = &kept[nkept++];
  memset(k, 0, sizeof *k);
  snprintf(k->act, sizeof k->act, "%s", act);
  return k;
}

static void keep(const char *act, int is_float, double x) {
  Kept *k = kept_for(act);
  for (int i = 0; i < k->n[is_float]; i++)
    if (!memcmp(&k->x[is_float][i], &x, sizeof x)) return;
  if (k->n[is_float] == k->cap[is_float]) {
    k->cap[is_float] = k->cap[is_float] ? 2 * k->cap[is_float] : 64;
    k->x[is_float] = realloc(k->x[is_float], sizeof(double) * (size_t)k->cap[is_float]);
    if (!k->x[is_float]) die("out of memory");
  }
  k->x[is_float][k->n[is_float]++] = x;
}

static int read_baseline_file(const char *path, BaseLine **out) {
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  int n = 0, cap = 0;
  BaseLine *b = NULL;
  char line[512];
  while (fgets(line, sizeof line, f)) {
    if (line[0] == '#' || line[0] == '\n') continue;
    char act[64], prec[16];
    double x;
    if (sscanf(line, "kept %63s %15s %lf", act, prec, &x) == 3) {
      keep(act, !strcmp(prec, "float"), x);
      continue;
    }
    if (n == cap) {
      cap = cap ? 2 * cap : 64;
      b = realloc(b, sizeof *b * (size_t)cap);
      if (!b) die("out of memory");
    }
    /* the output name may hold a space ("sum df/dmu"): it is everything
     * between the precision and the five numbers at the end */
    char *tok[16];
    int nt = 0;
    for (char *t = strtok(line, " \n"); t && nt < 16; t = strtok(NULL, " \n")) tok[nt++] = t;
    if (nt < 8) continue;
    BaseLine *e = &b[n];
    snprintf(e->act, sizeof e->act, "%s", tok[0]);
    snprintf(e->precision, sizeof e->precision, "%s", tok[1]);
    e->output[0] = 0;
    for (int i = 2; i < nt - 5; i++) {
      if (i > 2) strncat(e->output, " ", sizeof e->output - strlen(e->output) - 1);
      strncat(e->output, tok[i], sizeof e->output - strlen(e->output) - 1);
    }
    e->max_s = strtod(tok[nt - 5], NULL);
    e->mean_s = strtod(tok[nt - 4], NULL);
    e->over_half = strtol(tok[nt - 3], NULL, 10);
    e->over_one = strtol(tok[nt - 2], NULL, 10);
    e->at = strtod(tok[nt - 1], NULL);
    n++;
  }
  fclose(f);
  *out = b;
  return n;
}

static const BaseLine *find_line(const BaseLine *b, int n, const CheckStat *s) {
  for (int i = 0; i < n; i++)
    if (!strcmp(b[i].act, s->act) && !strcmp(b[i].precision, s->precision) && !strcmp(b[i].output, s->output))
      return &b[i];
  return NULL;
}

static double mean(const CheckStat *s) { return s->count ? s->sum_s / (double)s->count : 0; }

int check_command(const Module *m, const char *c_path, const CheckOptions *o) {
  BaseLine *base = NULL;
  int nbase = 0;
  if (o->baseline) {
    nbase = read_baseline_file(o->baseline, &base);
    if (nbase < 0 && !o->update) {
      error_plain(o->baseline, "cannot read the baseline");
      return 2;
    }
    if (o->update) nbase = 0;   /* keep its inputs, not its figures */
  }
  void *lib = kernel_compile_and_load(c_path);
  if (!lib) return 2;
  if (o->exhaustive) return check_exhaustive(m, lib, o);
  CheckResult r = {0};
  for (int i = 0; i < m->nacts; i++) {
    Kernels k;
    if (!kernel_lookup(lib, CHECK_PREFIX, m->acts[i]->name, &k)) return 2;
    Kept *kp = kept_for(m->acts[i]->name);
    CheckConfig cfg = {.samples = o->samples, .seed = o->seed, .kept = {kp->x[0], kp->x[1]}, .nkept = {kp->n[0], kp->n[1]}};
    check_activation(m->acts[i], &k, &cfg, &r);
  }
  int worse = 0;
  printf("%-12s %-6s %-16s %10s %10s %-24s %10s %6s %6s %8s\n", "activation", "prec", "output", "max ulp_s", "max ulp",
         "at x", "mean ulp_s", ">0.5", ">1", "points");
  for (int i = 0; i < r.nstats; i++) {
    const CheckStat *s = &r.stats[i];
    const char *mark = "";
    if (nbase > 0) {
      const BaseLine *b = find_line(base, nbase, s);
      if (!b) mark = "  (not in the baseline)";
      else if (round4(s->max_s) > b->max_s || round4(mean(s)) > b->mean_s || s->over_half > b->over_half ||
               s->over_one > b->over_one)
        mark = "  WORSE than the baseline";
      worse += *mark != 0;
    }
    printf("%-12s %-6s %-16s %10.4g %10.4g %-24.17g %10.4g %6ld %6ld %8ld%s\n", s->act, s->precision, s->output,
           s->max_s, s->max_plain, s->at, mean(s), s->over_half, s->over_one, s->count, mark);
  }
  if (r.api_failures) printf("array API: %d disagreement(s) with the scalar kernels\n", r.api_failures);
  if (o->update && o->baseline) {
    FILE *f = fopen(o->baseline, "w");
    if (!f) {
      error_plain(o->baseline, "cannot write the baseline");
      return 2;
    }
    fprintf(f, "# actgen check baseline: activation precision output max_ulp_s mean_ulp_s count>0.5 count>1 worst_x\n");
    for (int i = 0; i < r.nstats; i++) {
      const CheckStat *s = &r.stats[i];
      fprintf(f, "%s %s %s %.4g %.4g %ld %ld %.17g\n", s->act, s->precision, s->output, s->max_s, mean(s),
              s->over_half, s->over_one, s->at);
      if (strncmp(s->output, "sum", 3) != 0) keep(s->act, !strcmp(s->precision, "float"), s->at);   /* a sum's "at" is its length */
    }
    for (int i = 0; i < nkept; i++)
      for (int p = 0; p < 2; p++)
        for (int j = 0; j < kept[i].n[p]; j++)
          fprintf(f, "kept %s %s %.17g\n", kept[i].act, p ? "float" : "double", kept[i].x[p][j]);
    if (fclose(f) != 0) {
      error_plain(o->baseline, "cannot write the baseline");
      return 2;
    }
  }
  free(r.stats);
  free(base);
  for (int i = 0; i < nkept; i++) free(kept[i].x[0]), free(kept[i].x[1]);
  free(kept);
  kept = NULL;
  nkept = capkept = 0;
  if (worse) printf("%d figure%s worse than %s\n", worse, worse == 1 ? "" : "s", o->baseline);
  return worse || r.api_failures ? 1 : 0;
}
