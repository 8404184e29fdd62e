/* ieee_eval.c — the IEEE interpreter of the stabilizer's measurements:
 * a DAG's value at many points in double, as the generated kernels compute
 * it (constants correctly rounded to double, <math.h>'s functions, the
 * actgen_* helpers with the formulas of templates/helpers.c.in), without
 * compiling C at compile time. measure.c scores candidate forms with it,
 * sample_points.c and check.c evaluate single DAGs through MeasureFn.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "idmemo.h"
#include "ieee_eval.h"
#include "oracle.h"
#include "stabilize.h"

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

static void order(Prog *p, const Node *n, IdMemo *pos) {
  if (idmemo_get(pos, n->id)) return;
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
  *(int *)idmemo_put(pos, n->id) = at;
  p->node[at] = n;
  for (int i = 0; i < n->nargs; i++) p->arg[at][i] = *(const int *)idmemo_get(pos, n->a[i]->id);
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

/* Positions by node id in an IdMemo (idmemo.c): an array by id per
 * program cost time in proportion to every node ever made
 * (orthopade.act: 1400 programs, a tenth of its compile). */
void prog_build(Prog *p, const Node *root) {
  IdMemo *pos = idmemo_open(root->id, sizeof(int));
  *p = (Prog){0, 0, NULL, NULL, NULL, NULL, 0, NULL, NULL};
  order(p, root, pos);
  idmemo_close(pos);
}

/* *cap doubles as the buffer grows. measure_costs() keeps one buffer for
 * all its calls: a fresh array of this size comes from mmap, and its page
 * faults and zeroing were a tenth of the compile. */
double *prog_values(const Prog *p, double **buf, size_t *cap) {
  size_t need = (size_t)(p->n + 1) * LANES;
  double *v;
  if (!buf) {
    v = heap_alloc(sizeof(double) * need);
  } else {
    if (need > *cap) {
      free(*buf);
      *cap = need > 2 * *cap ? need : 2 * *cap;
      *buf = heap_alloc(sizeof(double) * *cap);
    }
    v = *buf;
  }
  for (int i = 0; i < p->n; i++)   /* the other rows are written before they are read */
    if (p->is_const[i])
      for (int l = 0; l < LANES; l++) v[(size_t)i * LANES + l] = p->konst[i];
  return v;
}

void prog_free(Prog *p) {
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

/* The arithmetic of prog_run() on whole rows: with restrict rows (a node's
 * row is never one of its operands') and, in the common case, the fixed
 * count LANES, gcc -O2 vectorizes these loops too (its cheap cost model
 * takes no run-time alias or count checks): the same IEEE operations, two
 * or more lanes per instruction (with the moves below in the same pass,
 * orthopade.act's interpreter took 2.0e9 instructions instead of 3.6e9). */
#define ROW_LOOP(m, body) \
  do { \
    if ((m) == LANES) /* by 4 lanes: half the loop's own instructions */ \
      for (int l0 = 0; l0 < LANES; l0 += 4) { \
        { int l = l0; body; } { int l = l0 + 1; body; } { int l = l0 + 2; body; } { int l = l0 + 3; body; } \
      } \
    else \
      for (int l = 0; l < (m); l++) { body; } \
  } while (0)

/* r = u OP w, each lane then moved by the relative error s - 1 (s is
 * 1 + e, exact: e is a power of 2 above 2^-53), in the same pass: one
 * rounding of the exact moved value, the same bits as a pass of its own
 * over the stored result. Returns 0 for the other operations. */
#define ROW_OP(expr) \
  do { \
    if (s == 1) \
      ROW_LOOP(m, r[l] = expr); \
    else \
      ROW_LOOP(m, r[l] = (expr) * s); \
    return 1; \
  } while (0)

static int row_arith(int op, int m, double s, double *restrict r, const double *restrict u, const double *restrict w) {
  switch (op) {
  case OP_ADD: ROW_OP(u[l] + w[l]);
  case OP_SUB: ROW_OP(u[l] - w[l]);
  case OP_MUL: ROW_OP(u[l] * w[l]);
  case OP_DIV: ROW_OP(u[l] / w[l]);
  case OP_NEG: ROW_OP(-u[l]);
  default: return 0;
  }
}

/* The operations every form is made of go through row_arith(), the rest
 * through step_at() point by point. Beyond half the lanes, all of them are
 * run (the rest at x[0]; nobody reads them): the vectorized loops of the
 * fixed count take less time than the scalar ones of the exact count. */
const double *prog_run(const Prog *p, const double *x, int m, const double *theta, double *v, const double *pert) {
  double xl[LANES];
  if (m > LANES / 2 && m < LANES) {
    for (int l = 0; l < LANES; l++) xl[l] = x[l < m ? l : 0];
    x = xl;
    m = LANES;
  }
  for (int j = 0; j < p->nwork; j++) {
    const struct Step *n = &p->step[j];
    const double *u = v + (size_t)n->a[0] * LANES, *w = v + (size_t)n->a[1] * LANES, *z = v + (size_t)n->a[2] * LANES;
    int i = p->work[j];
    double *r = v + (size_t)i * LANES;
    double s = pert ? 1 + pert[i] : 1;   /* 1: the exact operations are not moved */
    if (row_arith(n->op, m, s, r, u, w)) continue;
    for (int l = 0; l < m; l++) r[l] = step_at(n->op, n->k, x[l], theta, u[l], w[l], z[l]);
    if (s != 1) ROW_LOOP(m, r[l] *= s);   /* infinities and NaNs stay what they are */
  }
  return v + (size_t)(p->n - 1) * LANES;
}

struct MeasureFn {
  Prog p;
  double *v;   /* the values of p's nodes at the last x */
};

MeasureFn *measure_fn(const Node *n) {
  MeasureFn *f = heap_alloc(sizeof *f);
  prog_build(&f->p, n);
  f->v = prog_values(&f->p, NULL, NULL);
  return f;
}

double measure_at(MeasureFn *f, double x, const double *theta) { return prog_run(&f->p, &x, 1, theta, f->v, NULL)[0]; }

void measure_many(MeasureFn *f, const double *x, int n, const double *theta, double *y) {
  for (int i = 0; i < n; i += LANES) {
    int m = n - i < LANES ? n - i : LANES;
    const double *r = prog_run(&f->p, x + i, m, theta, f->v, NULL);
    for (int l = 0; l < m; l++) y[i + l] = r[l];
  }
}

void measure_fn_free(MeasureFn *f) {
  free(f->v);
  prog_free(&f->p);
  free(f);
}
