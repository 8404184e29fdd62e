/* measure.c — how the stabilizer scores a candidate form: its IEEE value
 * against the MPFR oracle on a fixed sample.
 *
 * The sample (sample_init) is fixed, so the compiler's choices are
 * deterministic: a point in every few binades of both signs from the
 * smallest subnormal to the largest double (in every binade from 2^-20 to
 * 2^8), a few dozen seeded uniform reals in [-30, 30], and the thresholds
 * where exp overflows or underflows. Points inside float's range are
 * floats, so one reference serves both precisions.
 *
 * The reference of an output (reference_compute) is what `actgen check`
 * compares with: the oracle's value of the activation as written (its
 * derivatives by the oracle's own dual numbers), by oracle_exact's Ziv
 * loop capped at 8192 bits, so that a point where the cap is not enough is
 * not scored; the scale S of SPEC §4 takes dX/dx from a dual walk of the
 * compiler's output DAG (only a scale: its own rounding does not matter).
 * Most points are settled faster from the compiler's own DAG
 * (oracle_exact_dual up to 1024 bits); the written form is the fallback.
 *
 * A candidate's IEEE value comes from ieee_eval.c's interpreter over the
 * DAG in double, as the generated kernels compute it; the float kernels
 * compute in double and round once, so the float value is the double one
 * rounded to float. measure_costs() scores it, under perturbed roundings
 * too (below).
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "idmemo.h"
#include "ieee_eval.h"
#include "oracle.h"
#include "stabilize.h"
#include "ulp.h"

void *heap_alloc(size_t size) {
  void *p = calloc(size ? size : 1, 1);
  if (!p) die("out of memory");
  return p;
}

/* ---- the sample ---- */

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* A double inside float's range becomes the nearest float. */
static double as_point(double x) {
  double ax = fabs(x);
  if (ax >= 0x1p-149 && ax <= FLT_MAX) return (double)(float)x;
  return x;
}

/* Appends x[0 .. n) (as floats where float has them unless exact). */
static int add_points(Sample *s, const double *x, int n, int exact) {
  int added = 0;
  for (int i = 0; i < n && s->n < MEASURE_MAX_POINTS; i++) {
    double v = exact ? x[i] : as_point(x[i]);
    if (!isfinite(v)) continue;
    int dup = 0;
    for (int j = 0; j < s->n && !dup; j++) dup = !memcmp(&s->x[j], &v, sizeof v);
    if (dup) continue;
    s->dense[s->n] = 0;
    s->x[s->n++] = v;
    added++;
  }
  return added;
}

int sample_add(Sample *s, const double *x, int n) { return add_points(s, x, n, 0); }
int sample_add_exact(Sample *s, const double *x, int n) { return add_points(s, x, n, 1); }

void theta_initial(const Activation *a, double *theta, int n) {
  for (int k = 0; k < n; k++) {
    const Node *init = NULL;
    for (int i = 0; i < a->nlearn; i++)
      if (k >= a->learn[i].offset && k < a->learn[i].offset + a->learn[i].size) init = a->learn[i].init[k - a->learn[i].offset];
    theta[k] = init ? oracle_const_double(init) : 0;
  }
}

void sample_init(Sample *s, const Activation *a) {
  s->n = 0;
  s->ntheta = a->ntheta < 64 ? a->ntheta : 64;
  theta_initial(a, s->theta, s->ntheta);
  double pts[400];
  int n = 0;
  for (int e = -1074; e <= 1023; e += 29) {   /* every 29th binade, both signs */
    pts[n++] = ldexp(1.3125, e);
    pts[n++] = -ldexp(1.3125, e);
  }
  /* and every binade from 2^-20 to 2^8, where a network's inputs live:
   * every 29th binade left (1e-8, 1e-3) between its two points near 0,
   * and a form off by up to 5 ULP at those two was off by 13.8 at x =
   * 0.00132 (hp1's df/dd1[3]), pau's df/db[1] 4.05 at 3.34 */
  for (int e = -20; e <= 8; e++) {
    pts[n++] = ldexp(1.6875, e);
    pts[n++] = -ldexp(1.6875, e);
  }
  /* and every 4th binade from 2^-60 to 2^-24, where the every 29th left
   * (2.3e-18, 1.2e-9) without a point: softclip's f there was the form as
   * simplified, exact at the points around, 4.2 ULP off at x = 8.1e-14 */
  for (int e = -60; e <= -24; e += 4) {
    pts[n++] = ldexp(1.4375, e);
    pts[n++] = -ldexp(1.4375, e);
  }
  /* 1.2e308: past 2^1023, where a sum of two terms near x overflows
   * (squareplus's x + hypot(2, x) was inf from 8.99e307 up; at DBL_MAX
   * inf counts as 2^1024, one ulp off) */
  const double special[] = {0.5, 1, 2, 8.5, 30, 40, 88.7, 89.5, 103.5, 200, 709.5, 710.5, 745.5, 800, 1e4, 1e8,
                            1e-3, 1e-8, 3e38, FLT_MAX, 1.2e308, DBL_MAX};
  for (size_t i = 0; i < sizeof special / sizeof *special; i++) {
    pts[n++] = special[i];
    pts[n++] = -special[i];
  }
  /* x = 0 itself: a form may have its limit there and the program, which
   * may take another branch at 0 exactly (if x == 0 then 1 else x /
   * expm1(x): its derivative there is 0), not */
  pts[n++] = 0;
  uint64_t rng = 0x5eed5a17u;
  for (int i = 0; i < 24; i++) pts[n++] = check_uniform(&rng, -30, 30);
  sample_add(s, pts, n);
  qsort(s->x, (size_t)s->n, sizeof *s->x, cmp_double);
}

/* ---- references ---- */

void reference_compute(Reference *r, const Node *written, int which, const Node *output, const Sample *s, int from) {
  enum { PCAP = 8192 };
  mpfr_t *val = r->val, *scale = r->scale;
  if (from == 0) {
    r->hard = 0;
    val = heap_alloc(sizeof(mpfr_t) * MEASURE_MAX_POINTS);
    scale = heap_alloc(sizeof(mpfr_t) * MEASURE_MAX_POINTS);
    r->val = val;
    r->scale = scale;
  }
  mpfr_t x, theta[64], v1, d1;
  mpfr_init2(x, 64);
  for (int k = 0; k < s->ntheta; k++) {
    mpfr_init2(theta[k], 64);
    mpfr_set_d(theta[k], s->theta[k], MPFR_RNDN);
  }
  mpfr_inits2(PCAP, v1, d1, (mpfr_ptr)0);
  for (int i = from; i < s->n; i++) {
    mpfr_init2(val[i], MPFR_PREC_MIN);
    mpfr_init2(scale[i], 64);
    r->ok[i] = 0;
    if (r->hard >= HARD_MAX) continue;   /* unmeasurable: see stabilize.h */
    mpfr_set_d(x, s->x[i], MPFR_RNDN);
    /* the compiler's DAG first (cheap, and usually settled at 256 bits);
     * where its own cancellations (an `if` evaluates both branches, and
     * the one not taken may cancel completely) keep it from settling
     * within 1024 bits, the form as written, as `actgen check` does */
    r->ok[i] = oracle_exact_dual(output, x, theta, v1, d1, 1024) && mpfr_number_p(v1);
    if (!r->ok[i]) {
      r->hard++;
      r->ok[i] = oracle_exact_capped(written, which, x, theta, v1, PCAP) && mpfr_number_p(v1);
      if (!r->ok[i]) continue;
      oracle_settled_dx(output, x, theta, v1, d1, 256, 0);
    }
    /* kept at the precision its bits need, not PCAP's: the same value,
     * and ulp_error()'s subtraction from it, made for every candidate at
     * every point, no longer shifts 8192 bits (a tenth of a compile) */
    mpfr_prec_t need = mpfr_min_prec(v1);
    mpfr_set_prec(val[i], need > MPFR_PREC_MIN ? need : MPFR_PREC_MIN);
    mpfr_set(val[i], v1, MPFR_RNDN);
    mpfr_mul(d1, d1, x, MPFR_RNDN);
    mpfr_abs(d1, d1, MPFR_RNDN);
    mpfr_abs(scale[i], v1, MPFR_RNDN);
    if (mpfr_number_p(d1)) mpfr_add(scale[i], scale[i], d1, MPFR_RNDN);
  }
  r->n = s->n;
  r->signed_zero = which == ORACLE_VALUE;
  for (int k = 0; k < s->ntheta; k++) mpfr_clear(theta[k]);
  mpfr_clears(x, v1, d1, (mpfr_ptr)0);
}

void reference_free(Reference *r) {
  mpfr_t *val = r->val, *scale = r->scale;
  for (int i = 0; i < r->n; i++) {
    mpfr_clear(val[i]);
    mpfr_clear(scale[i]);
  }
  free(val);
  free(scale);
  r->val = r->scale = NULL;
  r->n = 0;
}

/* The float kernels' value is the double one rounded once, so a form
 * that cancels 30 bits near x = 0 (log(2 + 1.25e-9) - log 2) is a few
 * float ULPs off -- or exact, where the roundings of that one point happen
 * to cancel too: a sample of a few points per binade takes such luck for
 * accuracy. So the float cost is also measured with every rounded
 * operation's result moved by a relative PERT_ARITH (arithmetic) or
 * PERT_CALL (the math layer's functions, whose error in the float kernels
 * is up to 2^-44, typically 2^-46), with signs from a fixed hash of the
 * operation's position, in PERT_RUNS patterns, and the worst counts: a
 * form whose result moves by more than half a float ULP under rounding
 * errors of the size the kernels make is not accurate, whatever one
 * rounding pattern says. Well-conditioned forms move by a few double ULPs,
 * far below float's. Exact operations (x, theta, constants, negation,
 * selects, tests, abs, min, max) are not moved, and neither is what does
 * not depend on x: a series' coefficient sqrt(0 + b)/2 - sqrt(b)/2 is 0
 * in the kernels (0 + b is exact), and moved it would be 1e-17. */
/*
 * The double kernels' one rounding pattern at a point is as much luck: pau's
 * df/dx measured 3 ULP at the sample's points, and `actgen check` found
 * 10.5 between them. A move of 2^-53 cannot be put on a double, so the
 * double runs move every operation by 2^9 times its rounding error
 * (PERT_D_ARITH, and PERT_D_CALL for <math.h>'s functions, within about an
 * ulp), and read the result's move over 2^9 as the error such roundings
 * cause (the linear regime). The double cost is the worse of that and the
 * error measured, at the points where the error measured is beyond half
 * an ULP but within the target (PERT_D_FROM): elsewhere either the
 * measurement already fails the form, or its roundings show no sign of
 * being magnified, and a model that moves every rounding by its largest
 * size overestimates a well-conditioned form up to twice, which traded
 * forms of equal accuracy (mish's df/dx got worse); and only for |x| <= 2^30
 * (PERT_D_REACH): in the tails the forms are overflow-safe rewrites, not
 * rounding luck, and a move of 2^-44 can overflow or take a branch. */
enum { PERT_RUNS = 3 };
static const double PERT_ARITH = 0x1p-52, PERT_CALL = 0x1p-46;   /* 2^-53 moves nothing: a tie */
static const double PERT_D_ARITH = 0x1p-44, PERT_D_CALL = 0x1p-43, PERT_D_SCALE = 0x1p-9;
static const double PERT_D_FROM = 0.125, PERT_D_REACH = 0x1p30;
static int double_model = 1;

void measure_double_model(int on) { double_model = on; }

/* The PERT_RUNS patterns of moves, e[k][i] for the program's node i;
 * exact: NULL (the float runs), or the memo by id of the nodes the double
 * runs leave alone. */
static void perturbations(const Prog *p, double arith, double call, const IdMemo *exact, double *e[PERT_RUNS]) {
  for (int k = 0; k < PERT_RUNS; k++) e[k] = heap_alloc(sizeof(double) * (size_t)(p->n + 1));
  uint32_t *shape = heap_alloc(sizeof(uint32_t) * (size_t)(p->n + 1));
  for (int i = 0; i < p->n; i++) {
    /* the double runs hash a node's structure (operation, constant,
     * operands' hashes), so that a node moves alike in every form that
     * holds it, whatever else the file built before it (the float runs'
     * patterns, by position, are older) */
    uint64_t kb;
    memcpy(&kb, &p->konst[i], sizeof kb);
    uint32_t g = ((uint32_t)p->node[i]->op * 0x9E3779B1u) ^ (uint32_t)p->node[i]->k ^ (uint32_t)(kb ^ (kb >> 32));
    for (int j = 0; j < p->node[i]->nargs; j++) g = (g ^ shape[p->arg[i][j]]) * 0x01000193u + (uint32_t)j;
    shape[i] = g ^ (g >> 16);
    const char *is_exact = exact ? idmemo_get(exact, p->node[i]->id) : NULL;
    if (!p->node[i]->has_x || (is_exact && *is_exact)) continue;
    int op = p->node[i]->op;
    double size = op == OP_ADD || op == OP_SUB || op == OP_MUL || op == OP_DIV || op == OP_POWI ? arith
                  : op_info[op].cls == CLASS_CALL && op != OP_ABS && op != OP_SIGN && op != OP_MIN && op != OP_MAX &&
                          op != OP_RELU
                      ? call
                      : 0;
    uint32_t at = exact ? shape[i] : (uint32_t)i;
    for (int k = 0; k < PERT_RUNS; k++) {
      uint32_t h = at * 0x9E3779B1u + (uint32_t)(k + 1) * 0x85EBCA77u;
      h ^= h >> 15;
      h *= 0x2C1B3C6Du;
      h ^= h >> 12;
      e[k][i] = (h & 1) ? size : -size;
    }
  }
  free(shape);
}

/* Sets the entries of n's nodes with ids up to `last` in `mark` (a memo
 * for ids 0 .. last) to v; seen: those visited. */
static void mark_nodes(const Node *n, IdMemo *mark, int last, char v, IdMemo *seen) {
  if (idmemo_get(seen, n->id)) return;
  *(char *)idmemo_put(seen, n->id) = 1;
  if (n->id <= last) *(char *)idmemo_put(mark, n->id) = v;
  for (int i = 0; i < n->nargs; i++) mark_nodes(n->a[i], mark, last, v, seen);
}

void measure_costs(const Node *c, const Sample *s, const Reference *r, int from, double radius, double *costd,
                   double *costf, const Node *const *exact_forms, int nexact, const Node *plain,
                   double *costd_measured) {
  Prog p;
  prog_build(&p, c);
  static double *values;   /* kept from call to call */
  static size_t values_cap;
  double *v = prog_values(&p, &values, &values_cap);
  double *pert[PERT_RUNS], *pertd[PERT_RUNS] = {NULL};   /* the double runs' when a point needs them */
  perturbations(&p, PERT_ARITH, PERT_CALL, NULL, pert);
  const mpfr_t *val = r->val, *scale = r->scale;
  for (int i0 = from; i0 < s->n; i0 += LANES) {
    int at[LANES], m = 0, pat[LANES], pm = 0, dat[LANES], dm = 0;   /* the points prog_run() takes; those perturbed */
    double xs[LANES], pxs[LANES], dxs[LANES], dy0[LANES], dulp[LANES];
    for (int i = i0; i < s->n && i < i0 + LANES; i++) {
      costd[i] = costf[i] = 0;
      if (!r->ok[i]) continue;
      if (radius > 0 && fabs(s->x[i]) > radius) {
        costd[i] = INFINITY;
        costf[i] = (double)(float)s->x[i] == s->x[i] ? INFINITY : 0;
        continue;
      }
      at[m] = i;
      xs[m++] = s->x[i];
    }
    const double *y = prog_run(&p, xs, m, s->theta, v, NULL);
    for (int l = 0; l < m; l++) {
      int i = at[l];
      int is_float = (double)(float)s->x[i] == s->x[i];
      /* As actgen check: an exact zero of f must come out with its sign
       * (ulp_error's rule), except at x = +-0; a derivative's zero has no
       * sign that means anything. */
      int any_zero = !r->signed_zero || s->x[i] == 0;
      if (!(y[l] == 0 && mpfr_zero_p(val[i]) && any_zero)) costd[i] = ulp_error(y[l], val[i], scale[i], &format_double) / 4;
      if (double_model && isfinite(y[l]) && !mpfr_zero_p(val[i]) && costd[i] > PERT_D_FROM && costd[i] <= 1 &&
          fabs(s->x[i]) <= PERT_D_REACH) {
        dat[dm] = i;
        dxs[dm] = s->x[i];
        dy0[dm] = y[l];
        dulp[dm++] = ldexp(1, (int)ulp_exponent(scale[i], &format_double));
      }
      if (is_float && !((float)y[l] == 0 && mpfr_zero_p(val[i]) && any_zero))
        costf[i] = ulp_error((double)(float)y[l], val[i], scale[i], &format_float) / 0.51;
      /* (not at an exact zero: there the kernels' arithmetic is exact too,
       * (x - 1/2)^3 at x = 1/2, and moved it would be infinitely wrong) */
      if (is_float && !isnan(costf[i]) && !mpfr_zero_p(val[i])) {
        pat[pm] = i;
        pxs[pm++] = s->x[i];
      }
    }
    for (int k = 0; k < PERT_RUNS && pm > 0; k++) {
      const double *yk = prog_run(&p, pxs, pm, s->theta, v, pert[k]);
      for (int l = 0; l < pm; l++) {
        int i = pat[l];
        if (isnan(costf[i])) continue;
        int any_zero = !r->signed_zero || s->x[i] == 0;
        double ck = 0;
        if (!((float)yk[l] == 0 && mpfr_zero_p(val[i]) && any_zero))
          ck = ulp_error((double)(float)yk[l], val[i], scale[i], &format_float) / 0.51;
        costf[i] = ck > costf[i] || isnan(ck) ? ck : costf[i];
      }
    }
    if (costd_measured)
      for (int i = i0; i < s->n && i < i0 + LANES; i++) costd_measured[i] = isnan(costd[i]) ? INFINITY : costd[i];
    if (dm > 0 && !pertd[0]) {
      IdMemo *exact = idmemo_open(c->id, 1);
      for (int k = 0; k < nexact + (plain && nexact > 0); k++) {
        const Node *n = k < nexact ? exact_forms[k] : plain;
        IdMemo *seen = idmemo_open(n->id, 1);
        mark_nodes(n, exact, c->id, k < nexact, seen);
        idmemo_close(seen);
      }
      perturbations(&p, PERT_D_ARITH, PERT_D_CALL, exact, pertd);
      idmemo_close(exact);
    }
    for (int k = 0; k < PERT_RUNS && dm > 0; k++) {
      const double *yk = prog_run(&p, dxs, dm, s->theta, v, pertd[k]);
      for (int l = 0; l < dm; l++) {
        /* (a move of 2^-44 may overflow where one of 2^-53 does not:
         * x sigmoid(x) at DBL_MAX; the error measured covers that) */
        double ck = fabs(yk[l] - dy0[l]) * PERT_D_SCALE / dulp[l] / 4;
        if (isfinite(yk[l]) && ck > costd[dat[l]]) costd[dat[l]] = ck;
      }
    }
    for (int i = i0; i < s->n && i < i0 + LANES; i++) {
      if (isnan(costd[i])) costd[i] = INFINITY;
      if (isnan(costf[i])) costf[i] = INFINITY;
    }
  }
  for (int k = 0; k < PERT_RUNS; k++) free(pert[k]), free(pertd[k]);
  prog_free(&p);
}
