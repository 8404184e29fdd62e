/* series_laurent.c — Taylor coefficients at x = 0 by series arithmetic,
 * for outputs that series.c's derivatives cannot evaluate there.
 *
 * series.c substitutes 0 into the j-th derivative; where the output is a
 * quotient whose terms vanish together at 0 -- sinc's df/dx is
 * cos(x)/x - sin(x)/x^2, -x/3 near 0 -- that gives 1/0, and the stabilizer
 * had no series for the region where the closed form cancels every bit
 * (sinc's float df/dx was 1e69 ULP off at x = 7e-41). Here every node of
 * the DAG becomes a truncated Laurent series sum c_i x^(val + i), i < n
 * (known up to the power val + n - 1), its coefficients DAGs that stay
 * functions of theta: sums align the powers and drop leading coefficients
 * that are 0 (the x^-1 terms of cos(x)/x and sin(x)/x^2 cancel),
 * products convolve, quotients divide by the leading coefficient after
 * taking out the common power of x (L'Hopital's rule, in effect), and a
 * function g(u) of a series u = u0 + h is sum_k g^(k)(u0) h^k / k! with
 * g^(k) from the compiler's own differentiator. Tests on x are decided as
 * x -> 0 from one side, as in series.c. A result with a negative power (a
 * real pole) or a coefficient that divides by an exact 0 is no series.
 */
#include <stdlib.h>
#include "idmemo.h"
#include "oracle.h"
#include "stabilize.h"

/* VAL_MAX: the largest |power of x| a series may start at. Far beyond any
 * order asked (SERIES_MAX_ORDER), and it keeps the sums of powers in int:
 * (x^1000000)^65537 is nested, not merged, and squaring its inner series
 * passed 2^31. Beyond it there is no series (the caller's fallback), not
 * a clamped power, which would be wrong after a quotient. */
enum { LMAX = SERIES_MAX_ORDER + 9, EXTRA = 3, MAX_GROWTH = 8000, VAL_MAX = 1 << 24 };

typedef struct Ser {
  int ok;
  int val, n;          /* sum c[i] x^(val + i), i < n; known up to x^(val + n - 1) */
  Node *c[LMAX];
} Ser;

typedef struct Laurent {
  int side, want, start;   /* want: coefficients that leaves carry */
  Ser **memo;              /* by node id, for the output's own nodes */
  int size;
} Laurent;

static Node *zero(void) { return dag_num_si(0, 1); }


static int is_one(const Node *c) { return c->op == OP_NUM && mpq_cmp_si(c->q, 1, 1) == 0; }

/* a + b, a - b and a b, without the terms that are exactly 0 (0 theta is
 * 0 for every finite theta, as series.c takes it) */
static Node *plus(Node *a, Node *b) { return dag_is_zero(a) ? b : dag_is_zero(b) ? a : dag_add(a, b); }
static Node *minus(Node *a, Node *b) { return dag_is_zero(b) ? a : dag_is_zero(a) ? dag_neg(b) : dag_sub(a, b); }
static Node *times(Node *a, Node *b) {
  if (dag_is_zero(a) || dag_is_zero(b)) return zero();
  return is_one(a) ? b : is_one(b) ? a : dag_mul(a, b);
}

static Ser failed(void) {
  Ser s;
  s.ok = 0;
  s.val = s.n = 0;
  return s;
}

/* The coefficient of x^p (0 beyond what s holds below its precision). */
static Node *coef_at(const Ser *s, int p) {
  int i = p - s->val;
  return i >= 0 && i < s->n ? s->c[i] : zero();
}

static int top(const Ser *s) { return s->val + s->n - 1; }

/* Whether a coefficient is 0 for every finite theta: simplify() keeps
 * theta - theta (IEEE: NaN for an infinite theta) and c - c for a constant
 * c it does not fold (cosh(0)^-2), so the coefficient is also evaluated
 * at 256 bits at two unrelated theta vectors; below 2^-200 at both, it is
 * an identity that cancelled (k - k, k (k^2/2 + k^2/2) - k^3), not a
 * coincidence at one theta. */
int series_vanishes(Node *c) {
  if (dag_is_zero(c)) return 1;
  if (c->has_x) return 0;
  enum { K = 64 };
  static mpfr_t th[K];
  static int init;
  if (!init) {
    for (int i = 0; i < K; i++) mpfr_init2(th[i], 256);
    init = 1;
  }
  mpfr_t v, x;
  mpfr_init2(v, 256);
  mpfr_init2(x, 53);
  mpfr_set_zero(x, 1);
  int zero_at_both = 1;
  for (int r = 0; r < 2 && zero_at_both; r++) {
    for (int i = 0; i < K; i++) mpfr_set_d(th[i], r ? 1.3 - 0.0371 * i : 0.7 + 0.0293 * i, MPFR_RNDN);
    oracle_eval(c, v, x, th, 256);
    zero_at_both = mpfr_zero_p(v) || (mpfr_regular_p(v) && mpfr_get_exp(v) < -200);
  }
  mpfr_clear(v);
  mpfr_clear(x);
  return zero_at_both;
}

/* Leading coefficients that are 0 taken out into val. */
static Ser normalize(Ser s) {
  int k = 0;
  while (k < s.n) {
    s.c[k] = simplify(s.c[k]);
    if (!series_vanishes(s.c[k])) break;
    k++;
  }
  for (int i = k; i < s.n; i++) s.c[i - k] = s.c[i];
  s.val += k;
  s.n -= k;
  return s;
}

/* A value free of x: c + 0 x + 0 x^2 ... */
static Ser constant(const Laurent *l, Node *c) {
  Ser s;
  s.ok = 1;
  s.val = 0;
  s.n = l->want;
  s.c[0] = c;
  for (int i = 1; i < s.n; i++) s.c[i] = zero();
  return normalize(s);
}

static Ser add(Ser a, Ser b, int negate_b) {
  if (!a.ok || !b.ok) return failed();
  Ser s;
  s.ok = 1;
  s.val = a.val < b.val ? a.val : b.val;
  int t = top(&a) < top(&b) ? top(&a) : top(&b);
  s.n = t - s.val + 1;
  if (s.n > LMAX) s.n = LMAX;
  if (s.n < 0) s.n = 0;
  for (int i = 0; i < s.n; i++) {
    Node *u = coef_at(&a, s.val + i), *v = coef_at(&b, s.val + i);
    s.c[i] = negate_b ? minus(u, v) : plus(u, v);
  }
  return normalize(s);
}

/* Whether a series starting at x^v is beyond VAL_MAX. */
static int val_too_far(long long v) { return v > VAL_MAX || v < -VAL_MAX; }

static Ser mul(Ser a, Ser b) {
  if (!a.ok || !b.ok || val_too_far((long long)a.val + b.val)) return failed();
  Ser s;
  s.ok = 1;
  s.val = a.val + b.val;
  int t = top(&a) + b.val < top(&b) + a.val ? top(&a) + b.val : top(&b) + a.val;
  s.n = t - s.val + 1;
  if (s.n > LMAX) s.n = LMAX;
  for (int k = 0; k < s.n; k++) {
    Node *sum = zero();
    for (int i = 0; i <= k && i < a.n; i++) {
      if (k - i >= b.n) continue;
      Node *p = times(a.c[i], b.c[k - i]);
      sum = plus(sum, p);
    }
    s.c[k] = sum;
  }
  return normalize(s);
}

/* a / b, b's leading coefficient not 0 (normalize() took the zeros out). */
static Ser divide(Ser a, Ser b) {
  if (!a.ok || !b.ok || b.n == 0 || val_too_far((long long)a.val - b.val)) return failed();
  Ser s;
  s.ok = 1;
  s.val = a.val - b.val;
  s.n = a.n < b.n ? a.n : b.n;
  for (int k = 0; k < s.n; k++) {
    Node *r = a.c[k];
    for (int i = 1; i <= k; i++) {
      Node *p = times(b.c[i], s.c[k - i]);
      r = minus(r, p);
    }
    s.c[k] = dag_is_zero(r) ? r : is_one(b.c[0]) ? r : dag_div(r, b.c[0]);
  }
  return normalize(s);
}

/* g(u) for a series u without negative powers: u = u0 + h (h of
 * valuation >= 1), sum_k g^(k)(u0) h^k / k! up to u's precision. A
 * g^(k)(u0) that divides by an exact 0 (sqrt and log at u0 = 0) ends it:
 * the series has a pole there, which series_laurent() would reject at the
 * end, after building every higher derivative (a random input spent 12 s,
 * minutes under the sanitizers, on sqrt's 25 first at 0). */
static Ser compose(Laurent *l, Op op, Ser u) {
  if (!u.ok || u.val < 0) return failed();
  Node *u0 = coef_at(&u, 0);
  Ser h = u;
  if (h.val == 0 && h.n > 0) h.c[0] = zero();
  h = normalize(h);
  int t = top(&u);
  Ser r = constant(l, zero()), hk = constant(l, dag_num_si(1, 1));
  Node *d = diff_nth(op, 0);   /* g^(k)(x) */
  mpz_t fact;
  mpz_init_set_ui(fact, 1);
  for (int k = 0; k <= t && r.ok; k++) {
    if (k > 0) {
      mpz_mul_ui(fact, fact, (unsigned long)k);
      d = diff_nth(op, k);
      hk = mul(hk, h);
      if (!hk.ok || hk.val > t) break;
    }
    Node *g = substitute_x(d, u0, l->side);
    if (!g || dag_node_count() - l->start > MAX_GROWTH || series_has_pole(&g, 1)) {
      r = failed();
      break;
    }
    mpq_t q;
    mpq_init(q);
    mpq_set_z(q, fact);
    Node *gk = dag_div(g, dag_num_q(q));
    mpq_clear(q);
    r = add(r, mul(constant(l, gk), hk), 0);   /* (gk is 0 for the even derivatives of sin at 0 ...) */
  }
  mpz_clear(fact);
  if (!r.ok) return r;
  if (top(&r) > t) r.n = t - r.val + 1;   /* no more than u's precision */
  if (r.n < 0) r.n = 0;
  return r;
}

/* The sign of a series as x -> 0 from the side: its leading coefficient's
 * (a number) times side^val. 0: unknown. */
static int sign_near_0(const Laurent *l, const Ser *s) {
  if (!s->ok || s->n == 0 || s->c[0]->op != OP_NUM) return 0;
  int sg = mpq_sgn(s->c[0]->q);
  return (s->val % 2 != 0 && l->side < 0) ? -sg : sg;
}

static Ser series(Laurent *l, Node *n);

static Ser series_of(Laurent *l, Node *n) {
  if (!n->has_x) return constant(l, n);
  Ser a, b;
  switch (n->op) {
  case OP_X: {
    Ser s;
    s.ok = 1;
    s.val = 1;
    s.n = l->want;
    s.c[0] = dag_num_si(1, 1);
    for (int i = 1; i < s.n; i++) s.c[i] = zero();
    return s;
  }
  case OP_ADD: case OP_SUB:
    a = series(l, n->a[0]);
    b = series(l, n->a[1]);
    return add(a, b, n->op == OP_SUB);
  case OP_NEG:
    return add(constant(l, zero()), series(l, n->a[0]), 1);
  case OP_MUL:
    a = series(l, n->a[0]);
    b = series(l, n->a[1]);
    return mul(a, b);
  case OP_DIV:
    a = series(l, n->a[0]);
    b = series(l, n->a[1]);
    return divide(a, b);
  case OP_POWI: {
    /* a^k by squaring (k >= 2 here: dag.c folds k = 0 and 1, and writes
     * u^-k as 1/u^k); k - 1 products, each normalized against the
     * oracle, took 20 s for x^-999999, the limit of exponents */
    Ser base = series(l, n->a[0]), r = {0};
    int have = 0;
    for (int k = n->k; k > 0 && base.ok; k /= 2) {
      if (k % 2) {
        r = have ? mul(r, base) : base;
        have = 1;
      }
      if (k > 1) base = mul(base, base);
    }
    return base.ok && have ? r : failed();
  }
  case OP_HYPOT:
    a = series(l, n->a[0]);
    b = series(l, n->a[1]);
    return compose(l, OP_SQRT, add(mul(a, a), mul(b, b), 0));
  case OP_ABS: case OP_SIGN: case OP_RELU: {
    a = series(l, n->a[0]);
    int sg = sign_near_0(l, &a);
    if (!sg) return failed();
    if (n->op == OP_SIGN) return constant(l, dag_num_si(sg, 1));
    if (n->op == OP_RELU && sg < 0) return constant(l, zero());
    return sg > 0 || n->op == OP_RELU ? a : add(constant(l, zero()), a, 1);
  }
  case OP_SELECT: {
    Node *c = substitute_x(n->a[0], zero(), l->side);   /* the test as x -> 0 from the side */
    if (!c || c->op != OP_NUM) return failed();
    return series(l, dag_num_cmp_si(c, 0) ? n->a[1] : n->a[2]);
  }
  default:
    if (op_info[n->op].arity == 1 && op_info[n->op].cls == CLASS_CALL && op_info[n->op].d[0])
      return compose(l, n->op, series(l, n->a[0]));
    return failed();   /* pow, min, max, and what has no derivative rule */
  }
}

static Ser series(Laurent *l, Node *n) {
  if (n->id < l->size && l->memo[n->id]) return *l->memo[n->id];
  Ser s = dag_node_count() - l->start > MAX_GROWTH ? failed() : series_of(l, n);
  if (n->id < l->size) {
    l->memo[n->id] = heap_alloc(sizeof(Ser));
    *l->memo[n->id] = s;
  }
  return s;
}

/* Whether a coefficient divides by an exact 0 somewhere (seen: by id; an
 * IdMemo, since compose() asks for every derivative it substitutes). */
static int divides_by_zero(const Node *n, IdMemo *seen) {
  if (idmemo_get(seen, n->id)) return 0;
  idmemo_put(seen, n->id);
  if (n->op == OP_DIV && dag_is_zero(n->a[1])) return 1;
  for (int i = 0; i < n->nargs; i++)
    if (divides_by_zero(n->a[i], seen)) return 1;
  return 0;
}

int series_has_pole(Node *const *coef, int count) {
  IdMemo *seen = idmemo_open(dag_max_id(coef, count), 1);
  int pole = 0;
  for (int j = 0; j < count && !pole; j++) pole = divides_by_zero(coef[j], seen);
  idmemo_close(seen);
  return pole;
}

int series_laurent(Node *n, int order, int side, Node **coef) {
  if (!n->has_x || order < 1 || order >= SERIES_MAX_ORDER) return 0;
  Laurent l = {side, order + 1 + EXTRA, dag_node_count(), NULL, n->id + 1};
  l.memo = heap_alloc(sizeof(Ser *) * (size_t)l.size);
  Ser s = series(&l, n);
  for (int i = 0; i < l.size; i++) free(l.memo[i]);
  free(l.memo);
  if (!s.ok || s.val < 0) return 0;
  int have = top(&s) + 1 < order + 1 ? top(&s) + 1 : order + 1;
  for (int j = 0; j < have; j++) coef[j] = simplify(coef_at(&s, j));
  if (have < 1 || series_has_pole(coef, have)) return 0;
  return have;
}
