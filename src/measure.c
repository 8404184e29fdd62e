/* measure.c — how the stabilizer scores a candidate form: its IEEE value
 * against the MPFR oracle on a fixed sample.
 *
 * The sample (sample_init) is fixed, so the compiler's choices are
 * deterministic: a point in every few binades of both signs from the
 * smallest subnormal to the largest double, a few dozen seeded uniform
 * reals in [-30, 30], and the thresholds where exp overflows or
 * underflows. Points inside float's range are floats, so one reference
 * serves both precisions.
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
 * A candidate's IEEE value comes from a small interpreter over the DAG in
 * double with <math.h>, as the generated kernels compute it: constants
 * correctly rounded to double, the actgen_* helpers with the same
 * formulas as templates/helpers.c.in; the float kernels compute in double
 * and round once, so the float value is the double one rounded to float.
 * No C is compiled at compile time.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
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

void sample_init(Sample *s, const Activation *a) {
  s->n = 0;
  s->ntheta = a->ntheta < 64 ? a->ntheta : 64;
  for (int k = 0; k < s->ntheta; k++) {
    const Node *init = NULL;
    for (int i = 0; i < a->nlearn; i++)
      if (k >= a->learn[i].offset && k < a->learn[i].offset + a->learn[i].size) init = a->learn[i].init[k - a->learn[i].offset];
    s->theta[k] = init ? oracle_const_double(init) : 0;
  }
  double pts[400];
  int n = 0;
  for (int e = -1074; e <= 1023; e += 29) {   /* every 29th binade, both signs */
    pts[n++] = ldexp(1.3125, e);
    pts[n++] = -ldexp(1.3125, e);
  }
  const double special[] = {0.5, 1, 2, 8.5, 30, 40, 88.7, 89.5, 103.5, 200, 709.5, 710.5, 745.5, 800, 1e4, 1e8,
                            1e-3, 1e-8, 3e38, FLT_MAX, DBL_MAX};
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
  mpfr_t x, theta[64], v1, d1, v2;
  mpfr_init2(x, 64);
  for (int k = 0; k < s->ntheta; k++) {
    mpfr_init2(theta[k], 64);
    mpfr_set_d(theta[k], s->theta[k], MPFR_RNDN);
  }
  mpfr_inits2(PCAP, v1, d1, v2, (mpfr_ptr)0);
  for (int i = from; i < s->n; i++) {
    mpfr_init2(val[i], PCAP);
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
      oracle_eval_dual(output, v2, d1, x, theta, -1, 256);
    }
    mpfr_set(val[i], v1, MPFR_RNDN);
    mpfr_mul(d1, d1, x, MPFR_RNDN);
    mpfr_abs(d1, d1, MPFR_RNDN);
    mpfr_abs(scale[i], v1, MPFR_RNDN);
    if (mpfr_number_p(d1)) mpfr_add(scale[i], scale[i], d1, MPFR_RNDN);
  }
  r->n = s->n;
  r->signed_zero = which == ORACLE_VALUE;
  for (int k = 0; k < s->ntheta; k++) mpfr_clear(theta[k]);
  mpfr_clears(x, v1, d1, v2, (mpfr_ptr)0);
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

/* ---- the IEEE interpreter ---- */

typedef struct Prog {
  int n, cap;
  const Node **node;   /* postorder: operands before users */
  int (*arg)[3];       /* operand positions in node[] */
  double *konst;       /* the correctly rounded value of constant nodes */
  char *is_const;
  int nwork, *work;    /* the positions of the other nodes, in order */
  struct Step { int op, k, a[3]; } *step;   /* node[work[j]]'s operation, for run() */
} Prog;

/* Constants correctly rounded to double, cached by node id: the same
 * constants recur in every candidate. */
static double constant(const Node *n) {
  static double *value;
  static char *known;
  static size_t cap;
  if ((size_t)n->id >= cap) {
    size_t c = cap ? cap : 4096;
    while (c <= (size_t)n->id) c *= 2;
    value = realloc(value, c * sizeof *value);
    known = realloc(known, c);
    if (!value || !known) die("out of memory");
    memset(known + cap, 0, c - cap);
    cap = c;
  }
  if (!known[n->id]) {
    value[n->id] = oracle_const_double(n);
    known[n->id] = 1;
  }
  return value[n->id];
}

static void order(Prog *p, const Node *n, int *pos) {
  if (pos[n->id] >= 0) return;
  for (int i = 0; i < n->nargs; i++) order(p, n->a[i], pos);
  if (p->n == p->cap) {   /* arrays by the program's size, not by node ids (a bisection builds one per point) */
    p->cap = 2 * p->cap + 16;
    p->node = realloc(p->node, sizeof *p->node * (size_t)p->cap);
    p->arg = realloc(p->arg, sizeof *p->arg * (size_t)p->cap);
    p->konst = realloc(p->konst, sizeof(double) * (size_t)p->cap);
    p->is_const = realloc(p->is_const, (size_t)p->cap);
    p->work = realloc(p->work, sizeof(int) * (size_t)p->cap);
    p->step = realloc(p->step, sizeof *p->step * (size_t)p->cap);
    if (!p->node || !p->arg || !p->konst || !p->is_const || !p->work || !p->step) die("out of memory");
  }
  int at = p->n++;
  pos[n->id] = at;
  p->node[at] = n;
  for (int i = 0; i < n->nargs; i++) p->arg[at][i] = pos[n->a[i]->id];
  p->is_const[at] = dag_is_const(n) && op_info[n->op].cls != CLASS_COND;
  p->konst[at] = p->is_const[at] ? constant(n) : 0;
  if (!p->is_const[at]) {
    struct Step *st = &p->step[p->nwork];
    st->op = n->op;
    st->k = n->k;
    for (int i = 0; i < 3; i++) st->a[i] = i < n->nargs ? p->arg[at][i] : at;
    p->work[p->nwork++] = at;
  }
}

static void prog_build(Prog *p, const Node *root) {
  size_t cap = (size_t)root->id + 1;
  int *pos = malloc(sizeof(int) * cap);
  if (!pos) die("out of memory");
  for (size_t i = 0; i < cap; i++) pos[i] = -1;
  *p = (Prog){0, 0, NULL, NULL, NULL, NULL, 0, NULL, NULL};
  order(p, root, pos);
  free(pos);
}

/* run() evaluates a program at up to LANES points at once, each node's
 * operation over all of them in turn: an interpreter that dispatches once
 * per node and point spent its time in the dispatch (a third of the whole
 * compile), and the lanes' arithmetic is the same IEEE operations in the
 * same order, so the values are the same bits. */
enum { LANES = 32 };

/* Values for run(): LANES per node, the constants in place, once. */
static double *prog_values(const Prog *p) {
  double *v = heap_alloc(sizeof(double) * (size_t)(p->n + 1) * LANES);
  for (int i = 0; i < p->n; i++)
    for (int l = 0; l < LANES; l++) v[(size_t)i * LANES + l] = p->konst[i];
  return v;
}

static void prog_free(Prog *p) {
  free(p->node);
  free(p->arg);
  free(p->konst);
  free(p->is_const);
  free(p->work);
  free(p->step);
}

/* u^k as the emitter writes it (emit_body.c): u * u * u below 4, else by
 * squaring, the highest square times the lower ones in descending order
 * (x^999999 is 19 squarings and 18 products, not a million products). */
static double powi(double u, int k) {
  if (k < 1) return pow(u, k);
  if (k < 4) {
    double r = u;
    for (int i = 1; i < k; i++) r *= u;
    return r;
  }
  double sq[32];
  int m = 0;
  while ((k >> (m + 1)) > 0) m++;
  sq[0] = u;
  for (int j = 1; j <= m; j++) sq[j] = sq[j - 1] * sq[j - 1];
  double r = sq[m];
  for (int j = m - 1; j >= 0; j--)
    if (k & (1 << j)) r *= sq[j];
  return r;
}

/* One operation at one point: u, w, z the operands' values. */
static double step_at(int op, int k, double x, const double *theta, double u, double w, double z) {
  switch (op) {
  case OP_X: return x;
  case OP_THETA: return theta[k];
  case OP_ADD: return u + w;
  case OP_SUB: return u - w;
  case OP_MUL: return u * w;
  case OP_DIV: return u / w;
  case OP_NEG: return -u;
  case OP_POWI: return powi(u, k);
  case OP_POW: return pow(u, w);
  case OP_ABS: return fabs(u);
  case OP_SIGN: return u > 0 ? 1.0 : u < 0 ? -1.0 : u;
  case OP_MIN: return (u < w || u != u) ? u : w;
  case OP_MAX: return (u > w || u != u) ? u : w;
  case OP_EXP: return exp(u);
  case OP_EXPM1: return expm1(u);
  case OP_LOG: return log(u);
  case OP_LOG1P: return log1p(u);
  case OP_SQRT: return sqrt(u);
  case OP_CBRT: return cbrt(u);
  case OP_HYPOT: return hypot(u, w);
  case OP_ERF: return erf(u);
  case OP_ERFC: return erfc(u);
  case OP_TANH: return tanh(u);
  case OP_SINH: return sinh(u);
  case OP_COSH: return cosh(u);
  case OP_ATAN: return atan(u);
  case OP_SIN: return sin(u);
  case OP_COS: return cos(u);
  case OP_SIGMOID: return u >= 0 ? 1.0 / (1.0 + exp(-u)) : exp(u) / (1.0 + exp(u));
  case OP_SOFTPLUS: return u > 0 ? u + log1p(exp(-u)) : log1p(exp(u));
  case OP_RELU: return u <= 0 ? 0.0 : u;
  case OP_SELECT: return u != 0 ? w : z;
  case OP_LT: return u < w;
  case OP_LE: return u <= w;
  case OP_EQ: return u == w;
  case OP_NE: return u != w;
  case OP_AND: return u != 0 && w != 0;
  case OP_OR: return u != 0 || w != 0;
  case OP_NOT: return u == 0;
  default: return NAN;
  }
}

/* The program at x[0..m), m <= LANES, into v (from prog_values()); pert:
 * NULL, or a relative error to put on every operation's result. Returns
 * the root's values. The operations every form is made of have loops of
 * their own (which the C compiler vectorizes); the rest go through
 * step_at() point by point. */
static const double *run(const Prog *p, const double *x, int m, const double *theta, double *v, const double *pert) {
  for (int j = 0; j < p->nwork; j++) {
    const struct Step *n = &p->step[j];
    const double *u = v + (size_t)n->a[0] * LANES, *w = v + (size_t)n->a[1] * LANES, *z = v + (size_t)n->a[2] * LANES;
    int i = p->work[j];
    double *r = v + (size_t)i * LANES;
    switch (n->op) {
    case OP_ADD: for (int l = 0; l < m; l++) r[l] = u[l] + w[l]; break;
    case OP_SUB: for (int l = 0; l < m; l++) r[l] = u[l] - w[l]; break;
    case OP_MUL: for (int l = 0; l < m; l++) r[l] = u[l] * w[l]; break;
    case OP_DIV: for (int l = 0; l < m; l++) r[l] = u[l] / w[l]; break;
    case OP_NEG: for (int l = 0; l < m; l++) r[l] = -u[l]; break;
    default:
      for (int l = 0; l < m; l++) r[l] = step_at(n->op, n->k, x[l], theta, u[l], w[l], z[l]);
      break;
    }
    if (pert)
      for (int l = 0; l < m; l++) r[l] = isfinite(r[l]) ? r[l] + r[l] * pert[i] : r[l];   /* inf - inf would be NaN */
  }
  return v + (size_t)(p->n - 1) * LANES;
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
enum { PERT_RUNS = 3 };
static const double PERT_ARITH = 0x1p-52, PERT_CALL = 0x1p-46;   /* 2^-53 moves nothing: a tie */

static double *perturbation(const Prog *p, int run_index) {
  double *e = heap_alloc(sizeof(double) * (size_t)(p->n + 1));
  for (int i = 0; i < p->n; i++) {
    if (!p->node[i]->has_x) continue;
    int op = p->node[i]->op;
    double size = op == OP_ADD || op == OP_SUB || op == OP_MUL || op == OP_DIV || op == OP_POWI ? PERT_ARITH
                  : op_info[op].cls == CLASS_CALL && op != OP_ABS && op != OP_SIGN && op != OP_MIN && op != OP_MAX &&
                          op != OP_RELU
                      ? PERT_CALL
                      : 0;
    uint32_t h = (uint32_t)i * 0x9E3779B1u + (uint32_t)(run_index + 1) * 0x85EBCA77u;
    h ^= h >> 15;
    h *= 0x2C1B3C6Du;
    h ^= h >> 12;
    e[i] = (h & 1) ? size : -size;
  }
  return e;
}

struct MeasureFn {
  Prog p;
  double *v;   /* the values of p's nodes at the last x */
};

MeasureFn *measure_fn(const Node *n) {
  MeasureFn *f = heap_alloc(sizeof *f);
  prog_build(&f->p, n);
  f->v = prog_values(&f->p);
  return f;
}

double measure_at(MeasureFn *f, double x, const double *theta) { return run(&f->p, &x, 1, theta, f->v, NULL)[0]; }

void measure_fn_free(MeasureFn *f) {
  free(f->v);
  prog_free(&f->p);
  free(f);
}

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
enum { MAX_ROOTS = 6, ROOT_STEPS = 64, GRID = 8, GRID_STEPS = 64 };

/* |v| below double's smallest normal: where an output that vanishes
 * exponentially (erfact's df/db near x = -1000, x^2 e^(3x/4)) loses bits
 * as a subnormal while a form in log space would not. Points where |v|
 * is 2^-1022, 2^-1034, 2^-1046 and 2^-1058 join the sample too (found on
 * the IEEE value, which is near enough for that). */
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
  double add[2 * MAX_ROOTS * 7 + 4 * MAX_ROOTS];
  int nadd = 0, crossings = 0;
  const mpfr_t *val = r->val;
  for (int i = 0; i + 1 < n; i++) {
    int a = idx[i], b = idx[i + 1];
    double lo = s->x[a], hi = s->x[b];
    if (!r->ok[a] || !r->ok[b] || !(lo > 0 || hi < 0)) continue;
    if (!mpfr_number_p(val[a]) || !mpfr_number_p(val[b])) continue;
    int ta = tiny(val[a]), tb = tiny(val[b]);
    if (ta != tb && crossings < MAX_ROOTS) {   /* the output becomes subnormal in between */
      for (int l = 0; l < 4; l++) {
        double x0 = lo, x1 = hi, level = ldexp(1, -1022 - 12 * l);
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
  int old = s->n, got = add_points(s, add, 2 * nk, 1);   /* the doubles themselves */
  if (got) reference_compute(r, written, which, output, s, old);
  return got;
}

/* Whether n holds a function that overflows for arguments past 710. */
static int has_exponential(const Node *n, char *seen) {
  if (seen[n->id]) return 0;
  seen[n->id] = 1;
  switch (n->op) {
  case OP_EXP: case OP_EXPM1: case OP_COSH: case OP_SINH: case OP_SIGMOID: case OP_SOFTPLUS: case OP_TANHSP:
  case OP_COSHSP: case OP_SECH2: return 1;
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
  int old = s->n, got = add_points(s, band, sizeof band / sizeof *band, 0);
  for (int i = old; i < s->n; i++) s->dense[i] = 1;   /* they find failures; they pay no PREFER (regions.c) */
  if (got) reference_compute(r, written, which, output, s, old);
  return got;
}

void measure_costs(const Node *c, const Sample *s, const Reference *r, int from, double radius, double *costd,
                   double *costf) {
  Prog p;
  prog_build(&p, c);
  double *v = prog_values(&p);
  double *pert[PERT_RUNS];
  for (int k = 0; k < PERT_RUNS; k++) pert[k] = perturbation(&p, k);
  const mpfr_t *val = r->val, *scale = r->scale;
  for (int i0 = from; i0 < s->n; i0 += LANES) {
    int at[LANES], m = 0, pat[LANES], pm = 0;   /* the points run() takes; those perturbed */
    double xs[LANES], pxs[LANES];
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
    const double *y = run(&p, xs, m, s->theta, v, NULL);
    for (int l = 0; l < m; l++) {
      int i = at[l];
      int is_float = (double)(float)s->x[i] == s->x[i];
      /* As actgen check: an exact zero of f must come out with its sign
       * (ulp_error's rule), except at x = +-0; a derivative's zero has no
       * sign that means anything. */
      int any_zero = !r->signed_zero || s->x[i] == 0;
      if (!(y[l] == 0 && mpfr_zero_p(val[i]) && any_zero)) costd[i] = ulp_error(y[l], val[i], scale[i], &format_double) / 4;
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
      const double *yk = run(&p, pxs, pm, s->theta, v, pert[k]);
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
    for (int i = i0; i < s->n && i < i0 + LANES; i++) {
      if (isnan(costd[i])) costd[i] = INFINITY;
      if (isnan(costf[i])) costf[i] = INFINITY;
    }
  }
  free(v);
  for (int k = 0; k < PERT_RUNS; k++) free(pert[k]);
  prog_free(&p);
}
