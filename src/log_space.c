/* log_space.c — forms of an output computed in log space, so that products
 * of overflowing and vanishing factors stay finite.
 *
 * tail_log_products() takes each product or quotient that holds a factor
 * of exponential type (exp, sigmoid, cosh, sinh, softplus, erfc, and roots
 * and powers of the positive ones) into log space:
 * sign * exp(sum of log|factor|), each log written without overflow (log
 * cosh(u) = |u| + log1p(exp(-2|u|)) - log 2, log sigmoid(u) = -softplus(-u),
 * log exp(u) = u, log erfc(u) by its asymptotic series far out), so that
 * x exp(x) / cosh(exp(x))^2 is 0, not inf/inf,
 * and x sigmoid(x) near x = -745 keeps the bits a subnormal sigmoid lost.
 * tail_logs() does the same for the logs a formula takes (log(1 / (1 +
 * exp(-x))) is -softplus(-x), log(e^a + e^b) a log-sum-exp), and
 * tail_zero_products() makes 0 * inf (a vanished factor times an
 * overflowed one) the 0 it is when the first vanishes exponentially.
 */
#include <stdlib.h>
#include "stabilize.h"

static Node *num(long v) { return dag_num_si(v, 1); }

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

/* exp-like and positive: exp, sigmoid, cosh, softplus. */
static int positive_exp(const Node *n) {
  return n->op == OP_EXP || n->op == OP_SIGMOID || n->op == OP_COSH || n->op == OP_SOFTPLUS;
}

/* A root or power of a positive exp-like factor: sqrt(softplus(x)) is 0
 * where softplus underflows (x < -745), pow(exp(x), 0.3) inf where exp
 * overflows, and both values are ordinary numbers. */
static int power_of_exp(const Node *n) { return (n->op == OP_SQRT || n->op == OP_POW) && positive_exp(n->a[0]); }

/* A factor that may overflow or vanish: exp-like, a power of one, or a
 * vanishing function of one (tanh(exp(x)), erf(softplus(x))). */
static int exp_type(const Node *n) {
  if (positive_exp(n) || n->op == OP_SINH || power_of_exp(n) || n->op == OP_ERFC) return 1;
  return vanishing_slope(n) && exp_type(n->a[0]);
}

static Node *log_abs(Node *u, Node **sign);

/* log|f(u)| for a vanishing f: log|u| + log|f(u)/u|, the ratio f'(0) where
 * |u| < 2^-500 (where f(u)/u = f'(0) (1 + O(u^2)) to double precision: u
 * and f(u) may be subnormals with a few bits, and their quotient made
 * x erf(softplus(x)) 54 ULP off at x = -745; or u is 0, underflowed). */
static Node *log_abs_vanishing(Node *fu, Node *u, Node *slope, Node **sign) {
  mpq_t t;
  mpq_init(t);
  mpq_set_ui(t, 1, 1);
  mpq_div_2exp(t, t, 500);
  Node *s, *au = dag_1(OP_ABS, u), *tiny = dag_num_q(t), *small = dag_2(OP_LT, au, tiny);
  mpq_clear(t);
  Node *q = dag_div(fu, u), *ratio = dag_select(small, slope, q);
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

/* log erfc(w) for w > 26, where erfc(w) = e^(-w^2) S(w) / (w sqrt(pi))
 * with S the asymptotic series 1 - 1/(2w^2) + 3/(4w^4) - ..., to 6 terms
 * (the next is below 2^-42 of S): erfc(w) is subnormal past w = 26.55,
 * and gelu's x/2 erfc(-x/sqrt 2) magnified its rounding to 7 ULP at
 * x = -38 (-w^2 loses 2^-52 of w^2 = 722 there, a relative 2^-42 of the
 * result, far below a subnormal's ulp). */
static Node *log_erfc_tail(Node *w) {
  static const long series[][2] = {{-945, 32}, {105, 16}, {-15, 8}, {3, 4}, {-1, 2}};
  Node *w2 = dag_mul(w, w);
  Node *one = num(1);
  Node *z = dag_div(one, w2);
  Node *p = dag_num_si(series[0][0], (unsigned long)series[0][1]);
  for (size_t i = 1; i < sizeof series / sizeof *series; i++) {
    Node *c = dag_num_si(series[i][0], (unsigned long)series[i][1]);
    Node *pz = dag_mul(p, z);
    p = dag_add(c, pz);
  }
  Node *s1 = dag_mul(z, p);   /* S - 1 */
  Node *ls = dag_1(OP_LOG1P, s1);
  Node *pi = dag_leaf(OP_PI);
  Node *rp = dag_1(OP_SQRT, pi);
  Node *wr = dag_mul(w, rp);
  Node *lw = dag_1(OP_LOG, wr);
  Node *tail = dag_sub(ls, lw);
  Node *nw2 = dag_neg(w2);
  return dag_add(nw2, tail);
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
  case OP_ERFC: {   /* erfc > 0: the asymptotic form for w > 26, else log erfc(w) */
    Node *bound = num(26);
    Node *far = dag_2(OP_LT, bound, w);
    Node *tail = log_erfc_tail(w);
    Node *direct = dag_1(OP_LOG, u);
    return dag_select(far, tail, direct);
  }
  case OP_SOFTPLUS: {   /* log1p(e^w): w + log(log1p(e^w) / e^w) */
    Node *e = dag_1(OP_EXP, w);
    return log_abs_vanishing(u, e, num(1), sign);
  }
  case OP_SQRT: case OP_POW:   /* log u^p = p log u for u > 0 */
    if (power_of_exp(u)) {
      Node *s, *l = log_abs(w, &s), *p = u->a[1];   /* one node-making call per declarator (dag.h) */
      if (u->op == OP_SQRT) {
        Node *one = num(1), *two = num(2);
        p = dag_div(one, two);
      }
      return dag_mul(p, l);
    }
    break;
  default:
    if (vanishing_slope(u) && exp_type(w)) return log_abs_vanishing(u, w, vanishing_slope(u), sign);
    break;
  }
  *sign = dag_1(OP_SIGN, u);
  return dag_1(OP_LOG, dag_1(OP_ABS, u));
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
  if (n->op == OP_MUL || n->op == OP_DIV || power_of_exp(n)) {
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
 * max(a, b) + log1p(e^-|a - b|), log w^n = n log|w| (n even), and the log
 * of a product or quotient the sum of its factors' logs, plus log of their
 * signs (0, or NaN where the product is negative, as log itself). NULL
 * where none applies. */
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
  case OP_POWI:   /* an even power, log |w|^n = n log|w|: x^2 overflows past 1.3e154 */
    if (u->k % 2 || u->k < 2) return NULL;
    {
      Node *ab = dag_1(OP_ABS, w), *lw = dag_1(OP_LOG, ab), *n = dag_num_si(u->k, 1);
      return dag_mul(n, lw);
    }
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

/* log1p(u) = L + log1p(e^-L) with L = log u by log_of, for u > 0 (an
 * even power): log(1 + x^2) is inf past |x| = 1.3e154, where it is about
 * 2 log|x| (920 at 1e200). NULL where log_of has no form. */
static Node *log1p_of(Node *u) {
  if (u->op != OP_POWI) return NULL;
  Node *l = log_of(u);
  if (!l) return NULL;
  Node *nl = dag_neg(l), *e = dag_1(OP_EXP, nl), *lp = dag_1(OP_LOG1P, e);
  return dag_add(l, lp);
}

static Node *log_of_rewrite(LogCtx *c, Node *n) {
  if (!n->has_x || n->nargs == 0) return n;
  if (c->done[n->id]) return c->memo[n->id];
  c->done[n->id] = 1;
  Node *a[3] = {NULL, NULL, NULL};
  for (int i = 0; i < n->nargs; i++) a[i] = log_of_rewrite(c, n->a[i]);
  Node *r = n->op == OP_LOG ? log_of(a[0]) : n->op == OP_LOG1P ? log1p_of(a[0]) : NULL;
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
