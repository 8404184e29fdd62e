/* double_double.c — forms evaluated in double-double pairs, built from the
 * ordinary operators so that they compile, print and are measured like any
 * other form (the C file forbids contraction, which would break them):
 * Dekker's splitting and product error, Knuth's TwoSum (shared with
 * compensate.c's Horner chains), a polynomial tree in pairs, and the
 * candidates made of them: every polynomial sum in pairs (dd_polynomials),
 * the polynomials under abs and sign (dd_kinks) and a whole rational
 * output, quotients included (dd_quotients); one_denominator's numerators
 * (compensate.c) take dd_round.
 */
#include <math.h>
#include <stdlib.h>
#include <mpfr.h>
#include "idmemo.h"
#include "stabilize.h"

static Node *num(long v) { return dag_num_si(v, 1); }

/* hi and lo with a = hi + lo, hi of 26 bits (Dekker). A constant is
 * split here, on its double: the DAG folds constants in exact rationals,
 * where Dekker's steps give hi = a and lo = 0, and the "exact" product of
 * a 26-bit half of x with all 53 bits of a constant (L_5's 1/120) was
 * rounded, a pair off by 2^-53 of its terms (opade_laguerre's df/dcl[5],
 * 12 ULP at x = 10.3). */
void dd_split(Node *a, Node **hi, Node **lo) {
  mpfr_t v, h;
  mpfr_init2(v, 53);
  mpfr_init2(h, 26);
  if (a->op == OP_NUM) mpfr_set_q(v, a->q, MPFR_RNDN);
  /* where double has 53 bits (dd_const's range) */
  if (a->op == OP_NUM && !mpfr_zero_p(v) && mpfr_get_exp(v) > -900 && mpfr_get_exp(v) < 900) {
    mpfr_set(h, v, MPFR_RNDN);
    mpq_t qh, ql;
    mpq_init(qh);
    mpq_init(ql);
    mpfr_get_q(qh, h);
    mpfr_get_q(ql, v);
    mpq_sub(ql, ql, qh);   /* v - h: exact, and of 27 bits at most */
    *hi = dag_num_q(qh);
    *lo = dag_num_q(ql);
    mpq_clear(qh);
    mpq_clear(ql);
    mpfr_clear(v);
    mpfr_clear(h);
    return;
  }
  mpfr_clear(v);
  mpfr_clear(h);
  Node *t = dag_mul(num(134217729), a);
  Node *d = dag_sub(t, a);
  *hi = dag_sub(t, d);
  *lo = dag_sub(a, *hi);
}

/* a * b - fl(a * b), exactly, given p = fl(a * b) and b's split. The
 * terms with a zero half (a constant of 26 bits or fewer has lo = 0) are
 * left out: they add +-0 to the sum, and are NaN only where ah or bh is,
 * when the first term is NaN already (generated/hp.c's double bodies had
 * 43 lines of "0.0 * t"). */
Node *dd_two_prod_err(Node *a, Node *p, Node *bh, Node *bl) {
  Node *ah, *al;
  dd_split(a, &ah, &al);
  Node *e = dag_sub(dag_mul(ah, bh), p);
  if (!dag_is_zero(bl)) e = dag_add(e, dag_mul(ah, bl));
  if (!dag_is_zero(al)) e = dag_add(e, dag_mul(al, bh));
  if (!dag_is_zero(al) && !dag_is_zero(bl)) e = dag_add(e, dag_mul(al, bl));
  return e;
}

/* a + b - s, exactly, given s = fl(a + b) (Knuth). */
Node *dd_two_sum_err(Node *a, Node *b, Node *s) {
  Node *bb = dag_sub(s, a);
  Node *as = dag_sub(s, bb);
  Node *ea = dag_sub(a, as);
  Node *eb = dag_sub(b, bb);
  return dag_add(ea, eb);
}

/* ---- sums of polynomials in double-double ----
 * hp1's numerator is sum c_i H_i(x), a sum of six Horner chains whose
 * terms cancel each other, not within a chain. dd_polynomials() evaluates
 * every sum, product and negation of such a tree (leaves: x and what does
 * not depend on x) as an unevaluated pair hi + lo -- TwoSum and
 * TwoProduct, their errors and the cross terms in lo, renormalized by
 * Fast2Sum -- and rounds once at its top, about 20 operations a node. */

typedef struct DD {
  IdMemo *memo;   /* Pair */
  IdMemo *poly;   /* char: polynomial() */
  int size;
  int whole;   /* dd_quotients: quotients, abs, sign and selects in pairs too */
  int tail;    /* dd_quotients_tail: 1/x as rounded */
  int transc;  /* dd_transcendental: exp, log and their kin in pairs too */
} DD;

/* Whether n is a polynomial tree in x with at least one product of x. */
/* A DD's memo arrays, for the nodes made so far. */
static DD dd_open(void) {
  int size = dag_node_count();
  DD d = {idmemo_open(size, sizeof(Pair)), NULL, size, 0, 0, 0};
  d.poly = idmemo_open(size, 1);
  return d;
}

static void dd_close(DD *d) {
  idmemo_close(d->poly);
  idmemo_close(d->memo);
}

static int polynomial(DD *d, const Node *n) {
  if (!n->has_x) return 1;
  const char *known = n->id < d->size ? idmemo_get(d->poly, n->id) : NULL;
  if (known) return *known;
  int ok = n->op == OP_X || n->op == OP_ADD || n->op == OP_SUB || n->op == OP_MUL || n->op == OP_NEG ||
           (n->op == OP_POWI && n->k <= 8);
  for (int i = 0; ok && i < n->nargs; i++) ok = polynomial(d, n->a[i]);
  if (n->id < d->size) *(char *)idmemo_put(d->poly, n->id) = (char)ok;
  return ok;
}

static Pair renorm(Node *s, Node *lo) {
  if (!lo) return (Pair){s, NULL};
  Node *h = dag_add(s, lo);
  return (Pair){h, dag_sub(lo, dag_sub(h, s))};   /* Fast2Sum: |s| >= |lo| */
}

static Node *lo_add(Node *a, Node *b) { return !a ? b : !b ? a : dag_add(a, b); }

Pair dd_pair_add(Pair a, Pair b) {
  Node *s = dag_add(a.hi, b.hi);
  Node *e = dd_two_sum_err(a.hi, b.hi, s);
  Node *l = lo_add(a.lo, b.lo);
  return renorm(s, lo_add(e, l));
}

Pair dd_pair_mul(Pair a, Pair b) {
  Node *p = dag_mul(a.hi, b.hi), *bh, *bl;
  dd_split(b.hi, &bh, &bl);
  Node *lo = dd_two_prod_err(a.hi, p, bh, bl);
  if (b.lo) lo = dag_add(lo, dag_mul(a.hi, b.lo));
  if (a.lo) lo = dag_add(lo, dag_mul(a.lo, b.hi));
  return renorm(p, lo);
}

/* a / b in pairs: q1 = a.hi / b.hi, then the remainder a - q1 b, exact
 * but for the products with the lo parts, divided by b.hi (one Newton
 * step of the quotient, as in QD's dd_real division). */
Pair dd_pair_div(Pair a, Pair b) {
  Node *q1 = dag_div(a.hi, b.hi), *bh, *bl;
  dd_split(b.hi, &bh, &bl);
  Node *p = dag_mul(q1, b.hi);
  Node *pe = dd_two_prod_err(q1, p, bh, bl);   /* q1 b.hi = p + pe */
  Node *r = dag_sub(a.hi, p);                  /* exact: p is within an ulp of a.hi */
  r = dag_sub(r, pe);
  if (a.lo) r = dag_add(r, a.lo);
  if (b.lo) {
    Node *qb = dag_mul(q1, b.lo);
    r = dag_sub(r, qb);
  }
  Node *q2 = dag_div(r, b.hi);
  return renorm(q1, q2);
}

/* The square of a root is its radicand: sqrt(u)^2 = u, hypot(a, b)^2 =
 * a^2 + b^2 (identities wherever the root is real; a^2 + b^2 may overflow
 * where hypot does not, and the measurement sees that). A rounded root
 * squared in pairs keeps the root's rounding, relative 2^-53, which a
 * difference such as hypot(1, x)^2 - x^2 (isru's df/dx over one
 * denominator) magnifies by x^2. NULL: n is no root. */
Node *dd_radicand(Node *n) {
  if (n->op == OP_SQRT) return n->a[0];
  if (n->op != OP_HYPOT) return NULL;
  Node *a2 = dag_mul(n->a[0], n->a[0]);
  Node *b2 = dag_mul(n->a[1], n->a[1]);
  return dag_add(a2, b2);
}

static Pair dd(DD *d, Node *n);

/* root^k in pairs, k >= 2: radicand^(k/2), times the root when k is odd. */
static Pair dd_root_pow(DD *d, Node *root, Node *u, int k) {
  Pair r = dd(d, k / 2 == 1 ? u : dag_powi(u, k / 2));
  return k % 2 ? dd_pair_mul(r, (Pair){root, NULL}) : r;
}

/* A rational constant as the pair of its nearest double and the rounded
 * rest: a polynomial's rounded coefficients (L_3's -1/6) move its roots,
 * and next to a root (6.2899...) the sign of the exact polynomial. */
Pair dd_pair_const(Node *n) {
  Pair r = {n, NULL};
  mpfr_t h;
  mpfr_init2(h, 53);
  mpfr_set_q(h, n->q, MPFR_RNDN);
  double v = mpfr_get_d(h, MPFR_RNDN);
  if (isfinite(v) && fabs(v) >= 0x1p-900 && fabs(v) <= 0x1p900) {
    mpq_t hi, lo;
    mpq_init(hi);
    mpq_init(lo);
    mpq_set_d(hi, v);
    mpq_sub(lo, n->q, hi);
    if (mpq_sgn(lo) != 0) {
      r.hi = dag_num_q(hi);
      r.lo = dag_num_q(lo);
    }
    mpq_clear(hi);
    mpq_clear(lo);
  }
  mpfr_clear(h);
  return r;
}

static Pair dd(DD *d, Node *n) {
  /* What does not depend on x is an atom, but for dd_transcendental: its
   * constants too in pairs (lsemax4's log 2, rounded, left its df/dk 4
   * ULP off where its terms cancel by 2^5), and what depends on theta
   * made of pairs */
  if (n->op == OP_NUM) return dd_pair_const(n);
  if (!n->has_x && d->transc && !n->has_theta) return dd_pair_exact(n);
  if (!n->has_x && (!d->transc || n->nargs == 0)) return (Pair){n, NULL};
  const Pair *known = n->id < d->size ? idmemo_get(d->memo, n->id) : NULL;
  if (known) return *known;
  Pair r = {n, NULL}, a, b;
  Node *u;
  switch (n->op) {
  case OP_NEG:
    a = dd(d, n->a[0]);
    r.hi = dag_neg(a.hi);
    r.lo = a.lo ? dag_neg(a.lo) : NULL;
    break;
  case OP_ADD: case OP_SUB: {
    a = dd(d, n->a[0]);
    b = dd(d, n->a[1]);
    if (n->op == OP_SUB) {
      b.hi = dag_neg(b.hi);
      b.lo = b.lo ? dag_neg(b.lo) : NULL;
    }
    r = dd_pair_add(a, b);
    break;
  }
  case OP_MUL:
    if (n->a[0] == n->a[1] && (u = dd_radicand(n->a[0]))) {
      r = dd_root_pow(d, n->a[0], u, 2);
      break;
    }
    a = dd(d, n->a[0]);
    b = dd(d, n->a[1]);
    r = dd_pair_mul(a, b);
    break;
  case OP_POWI:
    if (n->k >= 2 && (u = dd_radicand(n->a[0]))) {
      r = dd_root_pow(d, n->a[0], u, n->k);
      break;
    }
    /* up to the 8th power one product after another (the forms the
     * baselines measured); beyond, by squaring: 999998 pair products for
     * x^999999 took seconds and ran into the DAG's limits */
    a = dd(d, n->a[0]);
    if (n->k <= 8) {
      r = a;
      for (int k = 1; k < n->k; k++) r = dd_pair_mul(r, a);
      break;
    }
    for (int k = n->k, have = 0; k > 0; k /= 2) {
      if (k % 2) {
        r = have ? dd_pair_mul(r, a) : a;
        have = 1;
      }
      if (k > 1) a = dd_pair_mul(a, a);
    }
    break;
  case OP_DIV:
    if (!d->whole) break;
    if (d->tail && n->a[1]->op == OP_X && !n->a[0]->has_x) {
      r.hi = n;
      break;
    }
    a = dd(d, n->a[0]);
    b = dd(d, n->a[1]);
    r = dd_pair_div(a, b);
    break;
  case OP_ABS:   /* a renormalized pair has the sign of its hi (lo is 0 where hi is) */
    if (!d->whole) break;
    a = dd(d, n->a[0]);
    r.hi = dag_1(OP_ABS, a.hi);
    if (a.lo) {
      Node *sg = dag_1(OP_SIGN, a.hi);
      r.lo = dag_mul(sg, a.lo);
    }
    break;
  case OP_SIGN:
    if (!d->whole) break;
    a = dd(d, n->a[0]);
    r.hi = dag_1(OP_SIGN, a.hi);
    break;
  case OP_SELECT:   /* the condition as computed; each branch in pairs */
    if (!d->whole) break;
    a = dd(d, n->a[1]);
    b = dd(d, n->a[2]);
    r.hi = dag_select(n->a[0], a.hi, b.hi);
    if (a.lo || b.lo) {
      Node *al = a.lo ? a.lo : num(0);
      Node *bl = b.lo ? b.lo : num(0);
      r.lo = dag_select(n->a[0], al, bl);
    }
    break;
  default:   /* x, or a function of one operand */
    if (d->transc && n->nargs == 1) {
      Pair f = dd_pair_function(n->op, dd(d, n->a[0]));
      if (f.hi) r = f;
    }
    break;
  }
  if (n->id < d->size) *(Pair *)idmemo_put(d->memo, n->id) = r;
  return r;
}

/* Whether n is a sum that is a polynomial tree in x. */
static int polynomial_sum(DD *d, const Node *n) {
  return (n->op == OP_ADD || n->op == OP_SUB) && polynomial(d, n);
}

/* What dd_rewrite puts in pairs: every polynomial sum, or the polynomials
 * under abs and sign. */
enum { SUMS, KINKS };

/* n with its polynomial sums or kinks (mode) in double-double. */
static Node *dd_rewrite(DD *d, Node *n, IdMemo *memo, int mode) {
  if (!n->has_x || n->nargs == 0) return n;
  Node *const *known = n->id < d->size ? idmemo_get(memo, n->id) : NULL;
  if (known) return *known;
  Node *r = NULL;
  if (mode == SUMS && polynomial_sum(d, n)) {
    Pair p = dd(d, n);
    r = p.lo ? dag_add(p.hi, p.lo) : p.hi;
  } else if (mode == KINKS && (n->op == OP_ABS || n->op == OP_SIGN) && polynomial(d, n->a[0])) {
    Pair p = dd(d, n->a[0]);
    Node *v = p.lo ? dag_add(p.hi, p.lo) : p.hi;
    r = dag_1(n->op, v);
  }
  if (!r) {
    Node *a[3] = {NULL, NULL, NULL};
    for (int i = 0; i < n->nargs; i++) a[i] = dd_rewrite(d, n->a[i], memo, mode);   /* one node-making call per statement (dag.h) */
    r = dag_with_args(n, a);
  }
  if (n->id < d->size) *(Node **)idmemo_put(memo, n->id) = r;
  return r;
}

static Node *dd_sums(Node *n, int mode) {
  DD d = dd_open();
  IdMemo *memo = idmemo_open(d.size, sizeof(Node *));
  Node *r = dd_rewrite(&d, n, memo, mode);
  idmemo_close(memo);
  dd_close(&d);
  return r == n ? NULL : r;
}

Node *dd_polynomials(Node *n) { return dd_sums(n, SUMS); }

/* n with the polynomial under each abs and sign in double-double: at the
 * double next to a root of a safe Pade unit's |L_3(x)| (6.2899...), L_3
 * rounded in double can take the wrong sign, and d|L_3|/dx with it, an
 * error as large as the derivative itself. Pairs settle the sign except
 * within about 2^-100 of the root. */
Node *dd_kinks(Node *n) { return dd_sums(n, KINKS); }

Node *dd_round(Node *n) {
  DD d = dd_open();
  Pair p = dd(&d, n);
  dd_close(&d);
  return p.lo ? dag_add(p.hi, p.lo) : p.hi;
}

/* ---- whole quotients in double-double ----
 * A rational unit's derivative, (P'Q - P Q')/Q^2 with abs() in Q, cancels
 * across its quotients and products, not only inside its polynomials, and
 * the sum of quotients that a parameter's derivative is (hp1's df/dd1[3]
 * near x = 0, where the numerator cancels) loses what no polynomial form
 * recovers. dd_quotients() evaluates the whole output in pairs when it is
 * made of x, sums, products, powers, quotients, abs, sign and selects
 * (what does not depend on x is an atom), and rounds once at the top:
 * about 20 operations a product, 30 a quotient. */

/* Whether n is such a tree; *div: it has a quotient (else
 * dd_polynomials serves); with fn, functions dd_transcend.c knows are
 * allowed too, and *fn says whether it has one. */
static int rational(IdMemo *ok, const Node *n, int *div, int *fn) {
  if (!n->has_x) return 1;
  const char *known = idmemo_get(ok, n->id);
  if (known) return *known;
  int f = fn && dd_function_known(n->op);
  int r = n->op == OP_X || n->op == OP_ADD || n->op == OP_SUB || n->op == OP_MUL || n->op == OP_NEG ||
          n->op == OP_DIV || n->op == OP_ABS || n->op == OP_SIGN || n->op == OP_SELECT ||
          (n->op == OP_POWI && n->k <= 8) || f;
  *div |= n->op == OP_DIV;
  if (f) *fn = 1;
  for (int i = n->op == OP_SELECT ? 1 : 0; r && i < n->nargs; i++) r = rational(ok, n->a[i], div, fn);
  *(char *)idmemo_put(ok, n->id) = (char)r;
  return r;
}

/* n whole in pairs; transc: its functions too (then it must have one,
 * else a quotient). */
static Node *quotients(Node *n, int tail, int transc) {
  int size = dag_node_count(), div = 0, fn = 0;
  IdMemo *ok = idmemo_open(size, 1);
  int r = rational(ok, n, &div, transc ? &fn : NULL);
  idmemo_close(ok);
  if (!r || !(transc ? fn : div)) return NULL;
  DD d = dd_open();
  d.whole = 1;
  d.tail = tail;
  d.transc = transc;
  Pair p = dd(&d, n);
  dd_close(&d);
  return p.lo ? dag_add(p.hi, p.lo) : p.hi;
}

Node *dd_quotients(Node *n) { return quotients(n, 0, 0); }

Node *dd_transcendental(Node *n) { return quotients(n, 0, 1); }

/* A tail in 1/x (tail.c) in pairs: there |x| is large, and the rounding of
 * t = 1/x, a relative 2^-53, moves a polynomial in t by t P'(t)/P(t) times
 * that, nothing; in pairs, t's remainder 1 - x t needs x split, and
 * Dekker's split overflows past 2^996 (its 26-bit high part of DBL_MAX
 * is 2^1024): pau76's df/dx kept its tail as rounded from 1.3e300 on, 6.1
 * ULP off at DBL_MAX. So 1/x stays one double there. */
Node *dd_quotients_tail(Node *n) { return quotients(n, 1, 0); }
