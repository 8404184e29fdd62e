/* tail.c — forms of an output that stay finite and accurate for large |x|.
 *
 * tail_in_reciprocal() rewrites a DAG for one side of the axis (sign(x) =
 * s) as m(t) * x^k with t = 1/x: every node becomes a pair (m, k), m a DAG
 * in t that stays of moderate size however large |x| is, k an integer
 * power of x. The pairs compose exactly:
 *
 *   x               (1, 1)              c (no x)      (c, 0)
 *   u * v           (mu mv, ku + kv)    u / v         (mu / mv, ku - kv)
 *   u + v, ku >= kv (mu + mv t^(ku-kv), ku)           u^n  (mu^n, n ku)
 *   abs(u)          (s^ku abs(mu), ku)  sign(u)       (s^ku sign(mu), 0)
 *   sqrt(u), ku even (s^(ku/2) sqrt(mu), ku/2)
 *   hypot(u, v), ku >= kv   (s^ku hypot(mu, mv (s t)^(ku-kv)), ku)
 *   g(u), ku = 0    (g(mu), 0)          for any other function g
 *   if c(x) ...     the test decided as at x = s * infinity
 *
 * so a rational unit P(x) / Q(|x|) of degree 5/4 becomes x * P~(t) / Q~(t),
 * whose polynomials in t are near their leading coefficients instead of
 * overflowing long before their ratio does (pau at |x| > 1e61), and the
 * squareplus tail w^2 / (hypot(x, w) - x) becomes t * w^2 / (-hypot(1, -w t)
 * - 1), which no longer overflows to 0. Only the oracle's measurement
 * decides where (beyond which threshold) such a form is used.
 *
 * tail_asymptotic() is the Taylor series of m in t at t = 0, times x^k:
 * the expansion at infinity, whose leading terms cancel exactly when the
 * coefficients are rational (1/(1+x) - x/(1+x)^2 is 1/x^2 - 2/x^3 + ...,
 * not a difference of two numbers near 1/x).
 *
 * tail_exp_scaled() (below) divides an output by its largest exponential
 * toward one side; the log-space forms are in log_space.c.
 */
#include <stdlib.h>
#include "oracle.h"
#include "stabilize.h"

typedef struct Scaled {
  Node *m;
  int k;
} Scaled;

typedef struct Tail {
  int side;
  Node *t, *st;       /* 1/x and side/x = 1/|x| */
  Scaled *memo;
  char *done;
  int failed;
} Tail;

static Node *num(long v) { return dag_num_si(v, 1); }

/* s^k times m */
static Node *signed_power(int side, int k, Node *m) { return side < 0 && (k % 2) ? dag_neg(m) : m; }

static Node *tpow(Node *t, int k) { return dag_powi(t, k); }

/* The truth of a test as x goes to side * infinity: 1 or 0, or 2 with
 * *lim the theta-only test it comes to (a test of theta alone, or one
 * joined to decided tests of x: `not (a == 3.5) and x < 3` is `not (a ==
 * 3.5)` far out on the left, 0 on the right), or -1. */
static int decide(const Tail *tl, Node *c, Node **lim) {
  if (!c->has_x) {
    *lim = c;
    return 2;
  }
  if (c->op == OP_NOT) {
    Node *l = NULL;
    int v = decide(tl, c->a[0], &l);
    if (v == 2) *lim = dag_1(OP_NOT, l);
    return v < 0 ? -1 : v == 2 ? 2 : !v;
  }
  if (c->op == OP_AND || c->op == OP_OR) {
    Node *lu = NULL, *lv = NULL;
    int u = decide(tl, c->a[0], &lu);
    int v = decide(tl, c->a[1], &lv);
    int absorb = c->op == OP_OR;   /* the value that decides the test alone */
    if (u == absorb || v == absorb) return absorb;
    if (u < 0 || v < 0) return -1;
    if (u == 2 && v == 2) {
      *lim = dag_2(c->op, lu, lv);
      return 2;
    }
    *lim = u == 2 ? lu : lv;   /* the other is the neutral value */
    return u == 2 || v == 2 ? 2 : u;
  }
  if (c->nargs != 2) return -1;
  int xl = c->a[0]->op == OP_X && !c->a[1]->has_x, xr = c->a[1]->op == OP_X && !c->a[0]->has_x;
  if (!xl && !xr) return -1;
  int big = tl->side > 0;   /* x is larger than anything finite */
  switch (c->op) {
  case OP_LT: case OP_LE: return xl ? !big : big;
  case OP_EQ: return 0;
  case OP_NE: return 1;
  default: return -1;
  }
}

/* g(u) for any other function g, where u is of order 1 (k = 0). */
static Scaled same_function(Node *n, Scaled u, Scaled v) {
  if (n->nargs >= 1 && u.k == 0 && (n->nargs == 1 || v.k == 0))
    return (Scaled){dag_make(n->op, u.m, n->nargs > 1 ? v.m : NULL, NULL, n->k), 0};
  return (Scaled){NULL, 0};
}

static Scaled scale(Tail *tl, Node *n) {
  if (!n->has_x) return (Scaled){n, 0};
  if (tl->done[n->id]) return tl->memo[n->id];
  Scaled r = {NULL, 0}, u = {NULL, 0}, v = {NULL, 0};
  if (n->op == OP_SELECT) {
    Node *lim = NULL;
    int c = decide(tl, n->a[0], &lim);
    if (c == 1) r = scale(tl, n->a[1]);
    else if (c == 0) r = scale(tl, n->a[2]);
    else if (c == 2) {
      u = scale(tl, n->a[1]);
      v = scale(tl, n->a[2]);
      if (u.m && v.m && dag_power_ok((long)u.k - v.k) && dag_power_ok((long)v.k - u.k)) {
        int k = u.k > v.k ? u.k : v.k;
        Node *a = dag_mul(u.m, tpow(tl->t, k - u.k));   /* one node per statement: ids, */
        Node *b = dag_mul(v.m, tpow(tl->t, k - v.k));   /* hence the output, must not depend on the C compiler */
        r = (Scaled){dag_select(lim, a, b), k};
      }
    }
    goto out;
  }
  if (op_info[n->op].cls == CLASS_COND) goto out;
  if (n->nargs > 0) u = scale(tl, n->a[0]);
  if (n->nargs > 1) v = scale(tl, n->a[1]);
  if ((n->nargs > 0 && !u.m) || (n->nargs > 1 && !v.m)) goto out;
  /* every power below (u.k + v.k, u.k - v.k, u.k * n->k, the differences)
   * within the exponent limit, else no scaled form: hypot(x^999999, 1) +
   * 1/(1 + x^999999) would need t^1999998 */
  if (n->nargs > 1 && !(dag_power_ok((long)u.k + v.k) && dag_power_ok((long)u.k - v.k) && dag_power_ok((long)v.k - u.k))) goto out;
  if (n->op == OP_POWI && !dag_power_ok((long)u.k * n->k)) goto out;
  switch (n->op) {
  case OP_X: r = (Scaled){num(1), 1}; break;
  case OP_MUL: r = (Scaled){dag_mul(u.m, v.m), u.k + v.k}; break;
  case OP_DIV: r = (Scaled){dag_div(u.m, v.m), u.k - v.k}; break;
  case OP_NEG: r = (Scaled){dag_neg(u.m), u.k}; break;
  case OP_POWI: r = (Scaled){dag_powi(u.m, n->k), u.k * n->k}; break;
  case OP_ADD: case OP_SUB: {
    int k = u.k > v.k ? u.k : v.k;
    Node *a = dag_mul(u.m, tpow(tl->t, k - u.k)), *b = dag_mul(v.m, tpow(tl->t, k - v.k));
    r = (Scaled){n->op == OP_ADD ? dag_add(a, b) : dag_sub(a, b), k};
    break;
  }
  case OP_ABS: r = (Scaled){signed_power(tl->side, u.k, dag_1(OP_ABS, u.m)), u.k}; break;
  case OP_SIGN: r = (Scaled){signed_power(tl->side, u.k, dag_1(OP_SIGN, u.m)), 0}; break;
  case OP_RELU: {   /* relu(m x^k) = x^k s^k relu(s^k m) */
    Node *m = signed_power(tl->side, u.k, u.m);
    r = (Scaled){signed_power(tl->side, u.k, dag_1(OP_RELU, m)), u.k};
    break;
  }
  case OP_SQRT:
    if (u.k % 2 == 0) r = (Scaled){signed_power(tl->side, u.k / 2, dag_1(OP_SQRT, u.m)), u.k / 2};
    break;
  case OP_HYPOT: {
    Scaled hi = u.k >= v.k ? u : v, lo = u.k >= v.k ? v : u;
    r = (Scaled){signed_power(tl->side, hi.k, dag_2(OP_HYPOT, hi.m, dag_mul(lo.m, tpow(tl->st, hi.k - lo.k)))), hi.k};
    break;
  }
  case OP_LOG: case OP_LOG1P:
    /* log(m x^k) = log(s^k m) - k log(1/|x|), and log1p of it that plus
     * log1p(1/(s^k m |x|^k)) for k > 0: log1p(x^2)/x at 1e200 was inf/x */
    if (u.k > 0 || (u.k < 0 && n->op == OP_LOG)) {
      Node *big = signed_power(tl->side, u.k, u.m), *lm = dag_1(OP_LOG, big), *lx = dag_1(OP_LOG, tl->st);
      Node *l = dag_sub(lm, dag_mul(num(u.k), lx));
      if (n->op == OP_LOG1P) {
        Node *q = dag_div(tpow(tl->st, u.k), big);
        l = dag_add(l, dag_1(OP_LOG1P, q));
      }
      r = (Scaled){l, 0};
    } else {
      r = same_function(n, u, v);   /* k = 0, or log1p of a vanishing argument */
    }
    break;
  default: r = same_function(n, u, v); break;
  }
out:
  if (!r.m) tl->failed = 1;
  tl->done[n->id] = 1;
  return tl->memo[n->id] = r;
}

/* The pair (m, k) of n on one side; m is written in t = 1/x, or with x
 * itself standing for t when t_is_x (for series in t). NULL: n does not
 * scale. */
static Node *scaled(Node *n, int side, int t_is_x, int *k) {
  if (!n->has_x) return NULL;
  size_t cap = (size_t)n->id + 1;
  Tail tl = {side, NULL, NULL, heap_alloc(sizeof(Scaled) * cap), heap_alloc(cap), 0};
  Node *one = num(1);
  tl.t = t_is_x ? dag_x() : dag_div(one, dag_x());
  tl.st = side < 0 ? dag_neg(tl.t) : tl.t;
  Scaled r = scale(&tl, n);
  free(tl.memo);
  free(tl.done);
  if (!r.m || tl.failed || r.m->has_x == 0) return NULL;
  *k = r.k;
  return r.m;
}

/* m x^k one factor at a time: each step moves toward the result, so no
 * intermediate overflows or underflows before the result does. */
static Node *times_power(Node *m, int k) {
  if (k > 64 || k < -64) return NULL;   /* one node per factor: not for x^999999 */
  for (int i = 0; i < k; i++) m = dag_mul(m, dag_x());
  for (int i = 0; i < -k; i++) m = dag_div(m, dag_x());
  return m;
}

Node *tail_in_reciprocal(Node *n, int side) {
  /* A select at the root on a test that comes to a theta-only one far out:
   * each branch's own tail under that test. Within scale(), the branches
   * share one power of x, and a branch whose m grows like log|x| (log1p(a
   * x^2), beside x / a) meets 0 * inf at x = +-inf. */
  if (n->op == OP_SELECT) {
    Tail tl = {side, NULL, NULL, NULL, NULL, 0};
    Node *lim = NULL;
    if (decide(&tl, n->a[0], &lim) == 2 && lim->has_theta) {
      Node *a = tail_in_reciprocal(n->a[1], side);   /* NULL: the branch as it is (x / a) */
      Node *b = tail_in_reciprocal(n->a[2], side);
      if (!a && !b) return NULL;
      Node *ta = a ? a : n->a[1], *tb = b ? b : n->a[2];
      return dag_select(lim, ta, tb);
    }
  }
  int k;
  Node *m = scaled(n, side, 0, &k);
  return m ? times_power(m, k) : NULL;
}

Node *tail_asymptotic(Node *n, int side, int order) {
  int k;
  Node *m = scaled(n, side, 1, &k), *coef[SERIES_MAX_ORDER];
  if (!m || series_coefficients(m, order, side, coef) <= order) return NULL;
  /* Leading coefficients that are exactly 0 leave with their powers of t:
   * x t^2 (c2 + c3 t ...) as (c2 + c3 t ...) / x, since t^2 underflows for
   * |x| > 1e154 where the product does not (squareplus at x = -1e200 was
   * -0 instead of 1e-200). */
  int z = 0;
  while (z < order && dag_is_num(coef[z]) && dag_num_cmp_si(coef[z], 0) == 0) z++;
  Node *poly = series_polynomial(coef + z, order - z), *one = num(1), *t = dag_div(one, dag_x());
  Node *p = substitute_x(poly, t, side);
  return p ? times_power(p, k - z) : NULL;   /* NULL also for |k - z| > 64 */
}

/* ---- tails scaled by exponentials ----
 *
 * tail_exp_scaled() is tail_in_reciprocal() with e^(lambda x) in place of
 * x^k: every node becomes (m, lambda), its value m exp(lambda x), lambda a
 * DAG free of x (a function of theta). exp(lambda x + c) is (exp(c),
 * lambda); products add the lambdas; a sum keeps the lambda that dominates
 * as x goes to side * infinity (decided at theta's initial values; the
 * form is exact for any theta, only its accuracy depends on that choice):
 *   m1 e^(l1 x) + m2 e^(l2 x) = e^(l1 x) (m1 + m2 exp((l2 - l1) x));
 * log(m e^(l x)) = log(m) + l x leaves the scaled world. So log(exp(kx) +
 * exp(kx/4)) is kx + log(1 + exp(-3kx/4)), finite for any x, and a ratio of
 * sums of exponentials (its derivative) is a ratio of bounded sums. The
 * result m e^(l x) is computed as sign(m) exp(l x + log|m|) where l is not
 * 0, so that a huge factor and a tiny one never meet in one product. */

typedef struct Expo {
  Node *m, *l;     /* l NULL: lambda = 0 */
} Expo;

typedef struct ExpTail {
  int side;
  const double *theta;
  Expo *memo;
  char *done;
} ExpTail;

/* n = lambda x + c with lambda, c free of x: returns 1 and sets them. */
int tail_linear(Node *n, Node **lambda, Node **c) {
  Node *l1, *c1, *l2, *c2;
  if (!n->has_x) { *lambda = num(0); *c = n; return 1; }
  switch (n->op) {
  case OP_X: *lambda = num(1); *c = num(0); return 1;
  case OP_NEG:
    if (!tail_linear(n->a[0], &l1, &c1)) return 0;
    *lambda = dag_neg(l1), *c = dag_neg(c1);
    return 1;
  case OP_ADD: case OP_SUB:
    if (!tail_linear(n->a[0], &l1, &c1) || !tail_linear(n->a[1], &l2, &c2)) return 0;
    *lambda = n->op == OP_ADD ? dag_add(l1, l2) : dag_sub(l1, l2);
    *c = n->op == OP_ADD ? dag_add(c1, c2) : dag_sub(c1, c2);
    return 1;
  case OP_MUL: case OP_DIV: {
    int i = n->a[0]->has_x ? 0 : 1;
    if (n->a[1 - i]->has_x || (n->op == OP_DIV && i == 1) || !tail_linear(n->a[i], &l1, &c1)) return 0;
    Node *k = n->a[1 - i];
    *lambda = n->op == OP_MUL ? dag_mul(k, l1) : dag_div(l1, k);
    *c = n->op == OP_MUL ? dag_mul(k, c1) : dag_div(c1, k);
    return 1;
  }
  default: return 0;
  }
}

/* Whether u = lambda x exactly: sums, negations, and products and
 * quotients by factors free of x, of x itself (u(0) = 0 whatever theta). */
int tail_through_zero(const Node *u) {
  switch (u->op) {
  case OP_X: return 1;
  case OP_NEG: return tail_through_zero(u->a[0]);
  case OP_ADD: case OP_SUB: return tail_through_zero(u->a[0]) && tail_through_zero(u->a[1]);
  case OP_MUL: return u->a[0]->has_x != u->a[1]->has_x && tail_through_zero(u->a[u->a[0]->has_x ? 0 : 1]);
  case OP_DIV: return !u->a[1]->has_x && tail_through_zero(u->a[0]);
  default: return 0;
  }
}

/* The value of an x-free DAG at theta's initial values. */
static double value_at_init(const ExpTail *e, Node *n) { return tail_value_at(e->theta, n); }

double tail_value_at(const double *theta, Node *n) {
  mpfr_t v, th[64];
  mpfr_init2(v, 64);
  int K = 0;
  for (; K < 64; K++) {
    mpfr_init2(th[K], 64);
    mpfr_set_d(th[K], theta[K], MPFR_RNDN);
  }
  oracle_eval(n, v, NULL, th, 64);
  double d = mpfr_get_d(v, MPFR_RNDN);
  for (int k = 0; k < K; k++) mpfr_clear(th[k]);
  mpfr_clear(v);
  return d;
}

static Node *lam(const Expo *a) { return a->l ? a->l : num(0); }

static Expo escale(ExpTail *e, Node *n) {
  if (!n->has_x) return (Expo){n, NULL};
  if (e->done[n->id]) return e->memo[n->id];
  e->done[n->id] = 1;
  Expo r = {NULL, NULL}, u = {NULL, NULL}, v = {NULL, NULL};
  Node *l, *c;
  if (n->op == OP_EXP && tail_linear(n->a[0], &l, &c)) {
    r = (Expo){dag_1(OP_EXP, c), dag_is_num(l) && dag_num_cmp_si(l, 0) == 0 ? NULL : l};
    return e->memo[n->id] = r;
  }
  if (n->op == OP_SELECT) {   /* the branch taken far out (if x == 0 then ... else ...) */
    MeasureFn *f = measure_fn(n->a[0]);
    double taken = measure_at(f, e->side * 0x1p1000, e->theta);
    measure_fn_free(f);
    if (taken == 0 || taken == 1) r = escale(e, taken == 1 ? n->a[1] : n->a[2]);
    return e->memo[n->id] = r;
  }
  if (op_info[n->op].cls == CLASS_COND) return e->memo[n->id] = r;
  if (n->nargs > 0) u = escale(e, n->a[0]);
  if (n->nargs > 1) v = escale(e, n->a[1]);
  if ((n->nargs > 0 && !u.m) || (n->nargs > 1 && !v.m)) return e->memo[n->id] = r;
  switch (n->op) {
  case OP_X: r = (Expo){n, NULL}; break;
  case OP_MUL: case OP_DIV: {
    Node *m = n->op == OP_MUL ? dag_mul(u.m, v.m) : dag_div(u.m, v.m), *lu = lam(&u), *lv = lam(&v);
    r = (Expo){m, !u.l && !v.l ? NULL : n->op == OP_MUL ? dag_add(lu, lv) : dag_sub(lu, lv)};
    break;
  }
  case OP_NEG: r = (Expo){dag_neg(u.m), u.l}; break;
  case OP_POWI: {
    Node *m = dag_powi(u.m, n->k), *k = num(n->k);
    r = (Expo){m, u.l ? dag_mul(k, u.l) : NULL};
    break;
  }
  case OP_ADD: case OP_SUB: {
    Node *a = u.m, *b = v.m, *big = u.l;
    if (u.l != v.l) {   /* keep the dominant lambda: the larger one times side */
      Node *lv = lam(&v), *lu = lam(&u), *d = dag_sub(lv, lu);   /* v's lambda over u's */
      double dv = value_at_init(e, d);
      if (!(dv == dv)) break;
      if (dv * e->side > 0) {
        Node *nd = dag_neg(d);
        big = v.l;
        a = dag_mul(a, dag_1(OP_EXP, dag_mul(nd, dag_x())));
      }
      else b = dag_mul(b, dag_1(OP_EXP, dag_mul(d, dag_x())));
    }
    r = (Expo){n->op == OP_ADD ? dag_add(a, b) : dag_sub(a, b), big};
    break;
  }
  case OP_LOG: {
    Node *lm = dag_1(OP_LOG, u.m);
    r = (Expo){u.l ? dag_add(lm, dag_mul(u.l, dag_x())) : lm, NULL};
    break;
  }
  case OP_SQRT: {
    Node *m = dag_1(OP_SQRT, u.m), *two = num(2);
    r = (Expo){m, u.l ? dag_div(u.l, two) : NULL};
    break;
  }
  case OP_SIGMOID:   /* e^w / (1 + e^w) where w = l x + c goes to -infinity */
    if (!u.l && tail_linear(n->a[0], &l, &c) && !(dag_is_num(l) && dag_num_cmp_si(l, 0) == 0) &&
        value_at_init(e, l) * e->side < 0) {
      Node *ec = dag_1(OP_EXP, c), *sg = dag_1(OP_SIGMOID, dag_neg(n->a[0]));
      r = (Expo){dag_mul(ec, sg), l};
    } else if (!u.l)
      r = (Expo){dag_1(OP_SIGMOID, u.m), NULL};
    break;
  case OP_EXPM1: case OP_SINH: case OP_COSH: {
    /* e^(lx) (e^c - e^(-lx)) where expm1's argument grows toward the side;
     * cosh and sinh of u = lx + c grow either way: with s the sign of l
     * times the side, of su = e^(slx) (e^(sc) -+ e^(-2slx - sc))/2, times
     * s for sinh (odd) */
    double g = 0;
    if (!u.l && tail_linear(n->a[0], &l, &c) && !(dag_is_num(l) && dag_num_cmp_si(l, 0) == 0))
      g = value_at_init(e, l) * e->side;
    if (g > 0 || (g < 0 && n->op != OP_EXPM1)) {
      if (g < 0) l = dag_neg(l), c = dag_neg(c);
      Node *lx = dag_mul(l, dag_x());
      Node *rest = n->op == OP_EXPM1 ? dag_1(OP_EXP, dag_neg(lx)) : dag_1(OP_EXP, dag_sub(dag_neg(dag_add(lx, lx)), c));
      Node *m = n->op == OP_COSH ? dag_add(dag_1(OP_EXP, c), rest) : dag_sub(dag_1(OP_EXP, c), rest);
      if (n->op != OP_EXPM1) m = dag_div(m, num(g < 0 && n->op == OP_SINH ? -2 : 2));
      r = (Expo){m, l};
    } else if (!u.l) {   /* bounded toward the side */
      r = (Expo){dag_1(n->op, u.m), NULL};
    }
    break;
  }
  default:
    if (!u.l && !(n->nargs > 1 && v.l)) r = (Expo){dag_make(n->op, u.m, n->nargs > 1 ? v.m : NULL, NULL, n->k), NULL};
    break;
  }
  return e->memo[n->id] = r;
}

Node *tail_exp_scaled(Node *n, int side, const double *theta) {
  if (!n->has_x) return NULL;
  size_t cap = (size_t)n->id + 1;
  ExpTail e = {side, theta, heap_alloc(sizeof(Expo) * cap), heap_alloc(cap)};
  Expo r = escale(&e, n);
  free(e.memo);
  free(e.done);
  if (!r.m) return NULL;
  if (!r.l) return r.m;
  Node *sign = dag_1(OP_SIGN, r.m), *lx = dag_mul(r.l, dag_x()), *lm = dag_1(OP_LOG, dag_1(OP_ABS, r.m));
  Node *e2 = dag_1(OP_EXP, dag_add(lx, lm));
  return dag_mul(sign, e2);
}
