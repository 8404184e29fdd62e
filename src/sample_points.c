/* sample_points.c — the points the stabilizer adds to its fixed sample for
 * one output (measure.c's sample_init makes the fixed part): next to the
 * roots of the output and where it becomes subnormal, at the kinks of its
 * sign() arguments, and in the band where exponentials overflow. Each
 * finds its points on the IEEE value of a DAG (ieee_eval.c's interpreter),
 * adds them (as floats where float has them, unless the exact doubles are
 * the point), and computes their references.
 */
#include <math.h>
#include <stdlib.h>
#include <mpfr.h>
#include "stabilize.h"

/* ---- points next to roots ---- */

/* A sample of a few points per binade meets the roots of an output only by
 * chance, and next to a root is where a form that cancels is worst (pau's
 * numerator at x = -0.6227: Horner's terms cancel 300 ULPs' worth against
 * |x f'|, which the scaled error keeps). Where the references of two
 * neighbouring points of one sign of x have opposite signs, the root
 * between them is found by bisection on the IEEE value of the output (its
 * sign is right until very near the root, and any point there will do),
 * and points at relative distances from 2^-4 to 2^-20 on both sides, and
 * the root itself, join the sample (as floats where float has them). */
enum { MAX_ROOTS = 6, ROOT_STEPS = 64, GRID = 8, GRID_STEPS = 64, TINY_LEVELS = 8 };

/* |v| below double's smallest normal: where an output that vanishes
 * exponentially (erfact's df/db near x = -1000, x^2 e^(3x/4)) loses bits
 * as a subnormal while a form in log space would not. Points where |v|
 * is 2^-1022, 2^-1028, ..., 2^-1064 join the sample too (found on the
 * IEEE value, which is near enough for that): TINY_LEVELS of them, as the
 * error of a subnormal rounding magnified (gelu's x/2 erfc(-x/sqrt 2),
 * from 0 to 9.5 ULP at random) shows beyond the target only at some. */
static int tiny(const mpfr_t v) { return mpfr_zero_p(v) || mpfr_get_exp(v) <= -1022; }

int reference_tiny(const Reference *r, int i) { return tiny(((const mpfr_t *)r->val)[i]); }

int reference_underflows(const Reference *r, int i) {
  const mpfr_t *v = r->val;
  return r->ok[i] && (mpfr_zero_p(v[i]) || (mpfr_regular_p(v[i]) && mpfr_get_exp(v[i]) <= -1022));
}

/* x0 and points at relative distances 2^-4, 2^-10, 2^-20 on both sides. */
static int near(double *add, int n, double x0) {
  static const int k[] = {4, 10, 20};
  add[n++] = x0;
  for (int j = 0; j < 3; j++) {
    add[n++] = x0 * (1 + ldexp(1, -k[j]));
    add[n++] = x0 * (1 - ldexp(1, -k[j]));
  }
  return n;
}

int sample_add_roots(Sample *s, Reference *r, const Node *written, int which, const Node *output) {
  int n = s->n, *idx = heap_alloc(sizeof(int) * (size_t)n), roots = 0;
  for (int i = 0; i < n; i++) idx[i] = i;
  for (int i = 1; i < n; i++)   /* insertion sort by x: the sample is nearly sorted */
    for (int j = i; j > 0 && s->x[idx[j - 1]] > s->x[idx[j]]; j--) {
      int t = idx[j];
      idx[j] = idx[j - 1];
      idx[j - 1] = t;
    }
  MeasureFn *fn = measure_fn(output);
  double add[2 * MAX_ROOTS * 7 + TINY_LEVELS * MAX_ROOTS];
  int nadd = 0, crossings = 0;
  const mpfr_t *val = r->val;
  for (int i = 0; i + 1 < n; i++) {
    int a = idx[i], b = idx[i + 1];
    double lo = s->x[a], hi = s->x[b];
    if (!r->ok[a] || !r->ok[b] || !(lo > 0 || hi < 0)) continue;
    if (!mpfr_number_p(val[a]) || !mpfr_number_p(val[b])) continue;
    int ta = tiny(val[a]), tb = tiny(val[b]);
    if (ta != tb && crossings < MAX_ROOTS) {   /* the output becomes subnormal in between */
      for (int l = 0; l < TINY_LEVELS; l++) {
        double x0 = lo, x1 = hi, level = ldexp(1, -1022 - 48 * l / TINY_LEVELS);
        for (int it = 0; it < ROOT_STEPS; it++) {
          double m = x0 / 2 + x1 / 2;
          if (!(x0 < m && m < x1)) break;
          double y = fabs(measure_at(fn, m, s->theta));
          if ((y < level) == ta) x0 = m;
          else x1 = m;
        }
        add[nadd++] = x0 / 2 + x1 / 2;
      }
      crossings++;
    }
    if (roots == MAX_ROOTS || fabs(lo) > 0x1p20 || fabs(hi) > 0x1p20) continue;   /* roots where inputs live */
    if (mpfr_zero_p(val[b])) {   /* a root at a point of the sample */
      nadd = near(add, nadd, hi);
      roots++;
      continue;
    }
    if (mpfr_sgn(val[a]) * mpfr_sgn(val[b]) >= 0) continue;
    int sa = mpfr_sgn(val[a]) > 0;
    for (int it = 0; it < ROOT_STEPS; it++) {
      double m = lo / 2 + hi / 2;
      if (!(lo < m && m < hi)) break;
      double y = measure_at(fn, m, s->theta);
      if (y != y) break;
      if ((y > 0) == sa) lo = m;
      else hi = m;
    }
    nadd = near(add, nadd, lo / 2 + hi / 2);
    roots++;
  }
  /* the minima of |f| that do not reach 0 (pau's numerator near x =
   * -0.6227, where f = 2.9e-4 and its terms are 300 times larger): on a
   * grid of [-GRID, GRID], each local minimum refined by golden section */
  double prev2 = NAN, prev = NAN;
  for (int g = -GRID * GRID_STEPS; g <= GRID * GRID_STEPS && roots < MAX_ROOTS; g++) {
    double xg = (double)g / GRID_STEPS, y = fabs(measure_at(fn, xg, s->theta));
    if (prev < prev2 && prev < y && prev > 0 && g != 1) {   /* a minimum near x = (g - 1)/GRID_STEPS, not at 0 */
      double a = (double)(g - 2) / GRID_STEPS, b = xg;
      for (int it = 0; it < 60; it++) {
        double m1 = b - (b - a) * 0.6180339887498949, m2 = a + (b - a) * 0.6180339887498949;
        if (fabs(measure_at(fn, m1, s->theta)) < fabs(measure_at(fn, m2, s->theta))) b = m2;
        else a = m1;
      }
      nadd = near(add, nadd, a / 2 + b / 2);
      roots++;
    }
    prev2 = prev;
    prev = y;
  }
  measure_fn_free(fn);
  free(idx);
  int old = s->n, got = sample_add(s, add, nadd);
  if (got) reference_compute(r, written, which, output, s, old);
  return got;
}

/* ---- points at kinks ----
 * d|p|/dx = sign(p) p' changes sign at a root of p, and at the double next
 * to it the kernel's p, rounded, can take the wrong sign: an error as
 * large as the derivative (opade_laguerre's df/dx at 6.2899..., a root of
 * L_3). The roots in [-KINK_SPAN, KINK_SPAN] of the arguments of sign
 * (|p| itself is continuous there), found on a grid and narrowed by
 * bisection to adjacent doubles, join the sample with both of those
 * doubles. */
enum { MAX_KINK_ARGS = 8, MAX_KINKS = 16, KINK_SPAN = 32, KINK_STEPS = 16 };

static int kink_args(const Node *n, char *seen, const Node **args, int na) {
  if (seen[n->id] || !n->has_x) return na;
  seen[n->id] = 1;
  if (n->op == OP_SIGN && n->a[0]->op != OP_X && na < MAX_KINK_ARGS) {
    int i = 0;
    while (i < na && args[i] != n->a[0]) i++;
    if (i == na) args[na++] = n->a[0];
  }
  for (int i = 0; i < n->nargs; i++) na = kink_args(n->a[i], seen, args, na);
  return na;
}

int measure_sign_changes(MeasureFn *fn, const double *theta, double a, double b, int steps, double *lo_out, int max) {
  int n = 0;
  double px = a, pv = measure_at(fn, px, theta);
  for (int i = 1; i <= steps && n < max; i++) {
    double x = a + (b - a) * i / steps, v = measure_at(fn, x, theta);
    if ((pv < 0 && v > 0) || (pv > 0 && v < 0)) {
      double lo = px, hi = x, flo = pv;
      for (int it = 0; it < 200 && nextafter(lo, hi) != hi; it++) {
        double mid = lo + (hi - lo) / 2, fm = measure_at(fn, mid, theta);
        if ((fm < 0) == (flo < 0)) { lo = mid; flo = fm; }
        else hi = mid;
      }
      lo_out[n++] = lo;
    }
    px = x;
    pv = v;
  }
  return n;
}

int sample_add_kinks(Sample *s, Reference *r, const Node *written, int which, const Node *output) {
  const Node *args[MAX_KINK_ARGS];
  char *seen = heap_alloc((size_t)output->id + 1);
  int na = kink_args(output, seen, args, 0), nk = 0;
  free(seen);
  double add[2 * MAX_KINKS];
  for (int k = 0; k < na && nk < MAX_KINKS; k++) {
    MeasureFn *fn = measure_fn(args[k]);
    nk += measure_sign_changes(fn, s->theta, -KINK_SPAN, KINK_SPAN, 2 * KINK_SPAN * KINK_STEPS, add + nk, MAX_KINKS - nk);
    measure_fn_free(fn);
  }
  for (int i = 0; i < nk; i++) add[nk + i] = nextafter(add[i], INFINITY);   /* the double on the other side */
  int old = s->n, got = sample_add_exact(s, add, 2 * nk);   /* the doubles themselves */
  if (got) reference_compute(r, written, which, output, s, old);
  return got;
}

/* Whether n holds a function that overflows for arguments past 710. */
static int has_exponential(const Node *n, char *seen) {
  if (seen[n->id]) return 0;
  seen[n->id] = 1;
  switch (n->op) {
  case OP_EXP: case OP_EXPM1: case OP_COSH: case OP_SINH: case OP_SIGMOID: case OP_SOFTPLUS: case OP_TANHSP:
  case OP_COSHSP: case OP_SECH2: case OP_SIGPROD: case OP_TANHSPD: return 1;
  default: break;
  }
  for (int i = 0; i < n->nargs; i++)
    if (has_exponential(n->a[i], seen)) return 1;
  return 0;
}

int sample_add_overflow_band(Sample *s, Reference *r, const Node *written, int which, const Node *output) {
  char *seen = heap_alloc((size_t)output->id + 1);
  int has = has_exponential(output, seen);
  free(seen);
  if (!has) return 0;
  static const double band[] = {250, 300, 350, 400, 500, 600, -250, -300, -350, -400, -500, -600};
  int old = s->n, got = sample_add(s, band, sizeof band / sizeof *band);
  for (int i = old; i < s->n; i++) s->dense[i] = 1;   /* they find failures; they pay no PREFER (regions.c) */
  if (got) reference_compute(r, written, which, output, s, old);
  return got;
}
