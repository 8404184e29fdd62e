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
 * tail_log_products() takes each product or quotient that holds a factor
 * of exponential type (exp, sigmoid, cosh, sinh, softplus) into log space:
 * sign * exp(sum of log|factor|), each log written without overflow (log
 * cosh(u) = |u| + log1p(exp(-2|u|)) - log 2, log sigmoid(u) = -softplus(-u),
 * log exp(u) = u), so that x exp(x) / cosh(exp(x))^2 is 0, not inf/inf,
 * and x sigmoid(x) near x = -745 keeps the bits a subnormal sigmoid lost.
 * tail_logs() does the same for the logs a formula takes (log(1 / (1 +
 * exp(-x))) is -softplus(-x), log(e^a + e^b) a log-sum-exp), and
 * tail_zero_products() makes 0 * inf (a vanished factor times an
 * overflowed one) the 0 it is when the first vanishes exponentially.
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

/* The truth of a test on x as x goes to side * infinity, or -1. */
static int decide(const Tail *tl, const Node *c) {
  if (c->op == OP_NOT) {
    int v = decide(tl, c->a[0]);
    return v < 0 ? -1 : !v;
  }
  if (c->op == OP_AND || c->op == OP_OR) {
    int u = decide(tl, c->a[0]), v = decide(tl, c->a[1]);
    if (u < 0 || v < 0) return -1;
    return c->op == OP_AND ? u && v : u || v;
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

static Scaled scale(Tail *tl, Node *n) {
  if (!n->has_x) return (Scaled){n, 0};
  if (tl->done[n->id]) return tl->memo[n->id];
  Scaled r = {NULL, 0}, u = {NULL, 0}, v = {NULL, 0};
  if (n->op == OP_SELECT) {
    int c = n->a[0]->has_x ? decide(tl, n->a[0]) : 2;
    if (c == 1) r = scale(tl, n->a[1]);
    else if (c == 0) r = scale(tl, n->a[2]);
    else if (c == 2) {
      u = scale(tl, n->a[1]);
      v = scale(tl, n->a[2]);
      if (u.m && v.m && dag_power_ok((long)u.k - v.k) && dag_power_ok((long)v.k - u.k)) {
        int k = u.k > v.k ? u.k : v.k;
        Node *a = dag_mul(u.m, tpow(tl->t, k - u.k));   /* one node per statement: ids, */
        Node *b = dag_mul(v.m, tpow(tl->t, k - v.k));   /* hence the output, must not depend on the C compiler */
        r = (Scaled){dag_select(n->a[0], a, b), k};
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
  default:
    if (n->nargs >= 1 && u.k == 0 && (n->nargs == 1 || v.k == 0))
      r = (Scaled){dag_make(n->op, u.m, n->nargs > 1 ? v.m : NULL, NULL, n->k), 0};
    break;
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

/* ---- products in log space ---- */

typedef struct Factor {
  Node *node;
  int power;     /* +-n: the factor appears as node^n */
} Factor;

enum { MAX_FACTORS = 32 };

/* f(u) with f(0) = 0 and f'(0) != 0: log|f(u)| = log|u| + log|f(u)/u|,
 * which keeps the bits of a vanishing u. Returns f'(0), or NULL. */
static Node *vanishing_slope(const Node *n) {
  switch (n->op) {
  case OP_TANH: case OP_LOG1P: case OP_ATAN: case OP_SIN: case OP_EXPM1: return num(1);
  case OP_ERF: {
    Node *two = num(2), *root = dag_1(OP_SQRT, dag_leaf(OP_PI));
    return dag_div(two, root);
  }
  default: return NULL;
  }
}

/* A factor that may overflow or vanish: exp-like, or a vanishing function
 * of one (tanh(exp(x)), erf(softplus(x))). */
static int exp_type(const Node *n) {
  if (n->op == OP_EXP || n->op == OP_SIGMOID || n->op == OP_COSH || n->op == OP_SINH || n->op == OP_SOFTPLUS) return 1;
  return vanishing_slope(n) && exp_type(n->a[0]);
}

static Node *log_abs(Node *u, Node **sign);

/* log|f(u)| for a vanishing f: log|u| + log|f(u)/u|, the ratio f'(0) where
 * u is exactly 0 (u underflowed; the product is then 0 anyway). */
static Node *log_abs_vanishing(Node *fu, Node *u, Node *slope, Node **sign) {
  Node *s, *zero = num(0), *is0 = dag_2(OP_EQ, u, zero), *q = dag_div(fu, u), *ratio = dag_select(is0, slope, q);
  Node *lu = log_abs(u, &s), *lr = dag_1(OP_LOG, dag_1(OP_ABS, ratio)), *l = dag_add(lu, lr);
  Node *rs = dag_1(OP_SIGN, ratio);
  *sign = s ? dag_mul(s, rs) : rs;
  return l;
}

/* The factors of a tree of MUL, DIV, NEG and POWI; *neg flips per NEG. */
static int factors(Node *n, int power, Factor *f, int nf, int *neg) {
  if (nf > MAX_FACTORS) return nf;
  switch (n->op) {
  case OP_MUL: return factors(n->a[1], power, f, factors(n->a[0], power, f, nf, neg), neg);
  case OP_DIV: return factors(n->a[1], -power, f, factors(n->a[0], power, f, nf, neg), neg);
  case OP_NEG: *neg = !*neg; return factors(n->a[0], power, f, nf, neg);
  case OP_POWI:   /* (u^k)^power = u^(k power), within the exponent limit; else u^k is the factor */
    if (dag_power_ok((long)power * n->k)) return factors(n->a[0], power * n->k, f, nf, neg);
    break;
  default: break;
  }
  if (nf < MAX_FACTORS) f[nf] = (Factor){n, power};
  return nf + 1;
}

/* log|u| written so that it does not overflow where u does, and the sign
 * of u (NULL: positive). */
static Node *log_abs(Node *u, Node **sign) {
  Node *w = u->nargs ? u->a[0] : NULL, *ln2 = dag_1(OP_LOG, num(2));
  *sign = NULL;
  switch (u->op) {
  case OP_EXP: return w;
  case OP_SIGMOID: return dag_neg(dag_1(OP_SOFTPLUS, dag_neg(w)));
  case OP_COSH: case OP_SINH: {   /* |w| + log1p(+-exp(-2|w|)) - log 2 */
    Node *aw = dag_1(OP_ABS, w), *e = dag_1(OP_EXP, dag_mul(num(-2), aw));
    if (u->op == OP_SINH) *sign = dag_1(OP_SIGN, w);
    return dag_sub(dag_add(aw, dag_1(OP_LOG1P, u->op == OP_SINH ? dag_neg(e) : e)), ln2);
  }
  case OP_SOFTPLUS: {   /* log1p(e^w): w + log(log1p(e^w) / e^w) */
    Node *e = dag_1(OP_EXP, w);
    return log_abs_vanishing(u, e, num(1), sign);
  }
  default:
    if (vanishing_slope(u) && exp_type(w)) return log_abs_vanishing(u, w, vanishing_slope(u), sign);
    *sign = dag_1(OP_SIGN, u);
    return dag_1(OP_LOG, dag_1(OP_ABS, u));
  }
}

typedef struct LogCtx {
  Node **memo;
  char *done;
  int changed;
} LogCtx;

static Node *log_rewrite(LogCtx *c, Node *n) {
  if (!n->has_x || n->nargs == 0) return n;
  if (c->done[n->id]) return c->memo[n->id];
  c->done[n->id] = 1;
  Node *r = NULL;
  if (n->op == OP_MUL || n->op == OP_DIV) {
    Factor f[MAX_FACTORS];
    int neg = 0, nf = factors(n, 1, f, 0, &neg), any = 0;
    for (int i = 0; i < nf && nf <= MAX_FACTORS; i++) any |= exp_type(f[i].node) && f[i].node->has_x;
    if (any && nf <= MAX_FACTORS) {
      Node *sum = NULL, *sign = neg ? num(-1) : NULL;
      for (int i = 0; i < nf; i++) {
        Node *u = f[i].node, *s;
        Node *a[3] = {NULL, NULL, NULL};
        for (int j = 0; j < u->nargs; j++) a[j] = log_rewrite(c, u->a[j]);
        if (u->nargs) u = dag_make(u->op, a[0], a[1], a[2], u->k);
        Node *power = dag_num_si(f[i].power, 1), *la = log_abs(u, &s), *l = dag_mul(power, la);
        sum = sum ? dag_add(sum, l) : l;
        if (s) {
          if (f[i].power % 2 == 0) s = dag_1(OP_ABS, s);
          sign = sign ? dag_mul(sign, s) : s;
        }
      }
      r = dag_1(OP_EXP, sum);
      if (sign) r = dag_mul(sign, r);
      c->changed = 1;
    }
  }
  if (!r) {
    Node *a[3] = {NULL, NULL, NULL};
    for (int i = 0; i < n->nargs; i++) a[i] = log_rewrite(c, n->a[i]);
    r = dag_make(n->op, a[0], a[1], a[2], n->k);
  }
  return c->memo[n->id] = r;
}

/* Run a memoized rewrite over n: the result, or NULL where nothing changed. */
static Node *rewrite_all(Node *n, Node *(*rewrite)(LogCtx *, Node *)) {
  LogCtx c = {calloc((size_t)n->id + 1, sizeof(Node *)), calloc((size_t)n->id + 1, 1), 0};
  if (!c.memo || !c.done) die("out of memory");
  Node *r = rewrite(&c, n);
  free(c.memo);
  free(c.done);
  return c.changed ? r : NULL;
}

Node *tail_log_products(Node *n) { return rewrite_all(n, log_rewrite); }

/* log(u) for the arguments a log is usually taken of, written so that the
 * log keeps what u lost to rounding or overflow: log e^w = w, log
 * sigmoid(w) = -softplus(-w), log(1 + e^w) = softplus(w), log(e^a + e^b) =
 * max(a, b) + log1p(e^-|a - b|), and the log of a product or quotient the
 * sum of its factors' logs, plus log of their signs (0, or NaN where the
 * product is negative, as log itself). NULL where none applies. */
static Node *log_of(Node *u) {
  Node *w = u->nargs ? u->a[0] : NULL, *v = u->nargs > 1 ? u->a[1] : NULL;
  switch (u->op) {
  case OP_EXP: return w;
  case OP_SIGMOID: return dag_neg(dag_1(OP_SOFTPLUS, dag_neg(w)));
  case OP_ADD:
    if (w->op == OP_NUM && dag_num_cmp_si(w, 1) == 0 && v->op == OP_EXP) return dag_1(OP_SOFTPLUS, v->a[0]);
    if (v->op == OP_NUM && dag_num_cmp_si(v, 1) == 0 && w->op == OP_EXP) return dag_1(OP_SOFTPLUS, w->a[0]);
    if (w->op == OP_EXP && v->op == OP_EXP) {
      /* |a - b| is NaN where a = b = +-inf: there it is 0 */
      Node *a = w->a[0], *b = v->a[0], *diff = dag_sub(a, b), *ad = dag_1(OP_ABS, diff), *same = dag_2(OP_EQ, a, b);
      Node *d = dag_select(same, num(0), ad);
      Node *m = dag_2(OP_MAX, a, b), *nd = dag_neg(d), *e = dag_1(OP_EXP, nd), *l = dag_1(OP_LOG1P, e);
      return dag_add(m, l);
    }
    return NULL;
  case OP_MUL: case OP_DIV: {
    Factor f[MAX_FACTORS];
    int neg = 0, nf = factors(u, 1, f, 0, &neg), any = 0;
    if (nf > MAX_FACTORS) return NULL;
    Node *sum = NULL, *sign = neg ? num(-1) : NULL;
    for (int i = 0; i < nf; i++) {
      Node *l = log_of(f[i].node);
      any |= l != NULL;
      if (!l) {
        Node *abs = dag_1(OP_ABS, f[i].node);
        l = dag_1(OP_LOG, abs);
        Node *s = dag_1(OP_SIGN, f[i].node);
        if (f[i].power % 2) sign = sign ? dag_mul(sign, s) : s;
      }
      Node *power = dag_num_si(f[i].power, 1);
      l = dag_mul(power, l);
      sum = sum ? dag_add(sum, l) : l;
    }
    if (!any) return NULL;
    if (!sign) return sum;
    Node *ls = dag_1(OP_LOG, sign);
    return dag_add(sum, ls);
  }
  default: return NULL;
  }
}

static Node *log_of_rewrite(LogCtx *c, Node *n) {
  if (!n->has_x || n->nargs == 0) return n;
  if (c->done[n->id]) return c->memo[n->id];
  c->done[n->id] = 1;
  Node *a[3] = {NULL, NULL, NULL};
  for (int i = 0; i < n->nargs; i++) a[i] = log_of_rewrite(c, n->a[i]);
  Node *r = n->op == OP_LOG ? log_of(a[0]) : NULL;
  if (r) c->changed = 1;
  else r = dag_make(n->op, a[0], a[1], a[2], n->k);
  return c->memo[n->id] = r;
}

Node *tail_logs(Node *n) { return rewrite_all(n, log_of_rewrite); }

/* Products whose one factor overflowed and the other vanished (x^3 and
 * sigmoid(-x^3) at x = 1e200): 0 * inf is NaN, while a factor that
 * vanishes exponentially makes the product 0 to any precision. Each
 * product of two factors that depend on x becomes
 *   if p != p and (a == 0 or b == 0) then 0 else p,   p = a * b,
 * which leaves every other result bit for bit, NaN inputs included; the
 * measurement decides where this holds (exp(x) * exp(-x) is not 0). */
static Node *zero_rewrite(LogCtx *c, Node *n) {
  if (!n->has_x || n->nargs == 0) return n;
  if (c->done[n->id]) return c->memo[n->id];
  c->done[n->id] = 1;
  Node *a[3] = {NULL, NULL, NULL};
  for (int i = 0; i < n->nargs; i++) a[i] = zero_rewrite(c, n->a[i]);
  Node *r = dag_make(n->op, a[0], a[1], a[2], n->k);
  if (n->op == OP_MUL && n->a[0]->has_x && n->a[1]->has_x) {
    /* one node made per statement: ids follow creation order, and C
     * leaves the order of a call's arguments to the compiler */
    Node *zero = num(0), *nan = dag_2(OP_NE, r, r);
    Node *z0 = dag_2(OP_EQ, a[0], zero);
    Node *z1 = dag_2(OP_EQ, a[1], zero);
    Node *vanished = dag_2(OP_OR, z0, z1);
    Node *test = dag_2(OP_AND, nan, vanished);
    r = dag_select(test, zero, r);
    c->changed = 1;
  }
  return c->memo[n->id] = r;
}

Node *tail_zero_products(Node *n) { return rewrite_all(n, zero_rewrite); }

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
