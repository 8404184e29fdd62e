/* dd_transcend.c — exp, log and their kin of double-double pairs, built
 * from the ordinary operators (as double_double.c's sums and quotients),
 * for dd_transcendental(): an output whose terms cancel across its
 * exponentials and logs (softclip's df/dk, [x sigma(kx) - (x - 1)
 * sigma(k(x - 1)) - log(...)]/k, 8 ULP off in double at x = -0.01 and
 * 22 at x = 2.09) cannot afford a double's rounding of each function;
 * in pairs every function is good to about 2^-100 (exp of 0.766: 2^-112),
 * and the output is rounded once at its top.
 *
 * exp(a): k = round(a.hi / ln 2) by the shift trick, r = a - k ln 2 with
 * ln 2 in three parts (k L1 exact, k L2 exact by Dekker's product, k L3
 * rounded far below), |r| <= 0.35; e^r by Taylor's series, its terms of
 * degree 0 to 11 by Horner's rule in pairs and those of 12 to 21 in
 * double (together below 2^-47 of the result, so that their rounding is
 * below 2^-100; the first term left out is below 2^-103); with degree 6
 * in pairs (2^-72) softclip's df/dk, whose terms of size 1 leave about
 * 2^-29 near x = 23.5, was 6.4 ULP off there;
 * then (2 e^r) 2^(k-1), pow(2, k - 1) exact in the C library, so that
 * e^a up to DBL_MAX does not overflow in 2^k.
 * log(a): y = log(a.hi) in double, then one Newton step y + (a e^-y - 1)
 * in pairs, which squares y's error away.
 * The rest are written with those, on -|u| where the function is
 * symmetric so that no exponential overflows where the value is finite:
 * expm1 = e^u - 1, log1p = log(1 + u), sigmoid = 1/(1 + e^-u) or e^u/(1 +
 * e^u), softplus = max(u, 0) + log(1 + e^-|u|), tanh = sign(u) (1 -
 * e^-2|u|)/(1 + e^-2|u|), cosh = (e^|u| + e^-|u|)/2; erf by its series at
 * 0 where |u| < 1 (erfc as 1 - erf there), <math.h>'s double beyond.
 * About 430 operations an exponential: a candidate that the stabilizer
 * makes only where every other form misses, measures like any other and
 * keeps only where it is better.
 */
#include <math.h>
#include <mpfr.h>
#include "oracle.h"
#include "stabilize.h"

static Node *num(long v) { return dag_num_si(v, 1); }

/* A number of MPFR as an exact rational node. */
static Node *num_mpfr(const mpfr_t v) {
  mpq_t q;
  mpq_init(q);
  mpfr_get_q(q, v);
  Node *n = dag_num_q(q);
  mpq_clear(q);
  return n;
}

/* ln 2 = L[0] + L[1] + L[2]: L[0] of 42 bits, L[1] of 53, L[2] the rest
 * rounded to 53; 1/ln 2 rounded to double in L[3]. */
static void ln2_parts(Node *L[4]) {
  mpfr_t l, part, rest;
  mpfr_inits2(400, l, rest, (mpfr_ptr)0);
  mpfr_init2(part, 53);
  mpfr_const_log2(l, MPFR_RNDN);
  mpfr_set(rest, l, MPFR_RNDN);
  for (int i = 0; i < 3; i++) {
    mpfr_set_prec(part, i == 0 ? 42 : 53);
    mpfr_set(part, rest, MPFR_RNDN);
    mpfr_sub(rest, rest, part, MPFR_RNDN);
    L[i] = num_mpfr(part);
  }
  mpfr_set_prec(part, 53);
  mpfr_ui_div(part, 1, l, MPFR_RNDN);
  L[3] = num_mpfr(part);
  mpfr_clears(l, part, rest, (mpfr_ptr)0);
}

static Pair single(Node *v) { return (Pair){v, NULL}; }

Pair dd_pair_exact(Node *n) {
  double h = oracle_const_double(n);
  if (!isfinite(h)) return single(n);
  mpq_t q;
  mpq_init(q);
  mpq_set_d(q, h);
  Node *hn = dag_num_q(q);
  Node *rest = dag_sub(n, hn);
  mpq_set_d(q, oracle_const_double(rest));
  Node *ln = mpq_sgn(q) ? dag_num_q(q) : NULL;
  mpq_clear(q);
  return (Pair){hn, ln};
}

/* (Each statement makes nodes in one call at most: the DAG's ids must not
 * depend on the compiler's order of evaluation, dag.h.) */
static Pair neg(Pair a) {
  Node *hi = dag_neg(a.hi);
  return (Pair){hi, a.lo ? dag_neg(a.lo) : NULL};
}

/* v a, v of one double */
static Pair times(Node *v, Pair a) {
  Node *hi = dag_mul(v, a.hi);
  return (Pair){hi, a.lo ? dag_mul(v, a.lo) : NULL};
}

/* |a| and sign(a.hi): a pair's sign is its hi's (renormalized). */
static Pair absolute(Pair a, Node **sign) {
  *sign = dag_1(OP_SIGN, a.hi);
  Node *hi = dag_1(OP_ABS, a.hi);
  return (Pair){hi, a.lo ? dag_mul(*sign, a.lo) : NULL};
}

static Pair select_pair(Node *cond, Pair a, Pair b) {
  Node *hi = dag_select(cond, a.hi, b.hi);
  if (!a.lo && !b.lo) return single(hi);
  Node *zero = num(0);
  return (Pair){hi, dag_select(cond, a.lo ? a.lo : zero, b.lo ? b.lo : zero)};
}

enum { PAIR_DEGREE = 11, DEGREE = 21 };

/* 1/j! */
static Node *inverse_factorial(int j) {
  mpq_t q;
  mpq_init(q);
  mpz_fac_ui(mpq_denref(q), (unsigned long)j);
  mpz_set_ui(mpq_numref(q), 1);
  Node *n = dag_num_q(q);
  mpq_clear(q);
  return n;
}

/* sum of coef(j) v^j for j = 0 .. terms by Horner's rule: the terms of
 * degree pairs + 1 .. terms (small) in double, the rest in pairs */
static Pair series(Pair v, Node *(*coef)(int), int pairs, int terms) {
  Node *q = dd_pair_const(coef(terms)).hi;
  for (int j = terms - 1; j > pairs; j--) {
    Node *m = dag_mul(v.hi, q);
    q = dag_add(dd_pair_const(coef(j)).hi, m);
  }
  Pair s = single(q);
  for (int j = pairs; j >= 0; j--) {
    Pair m = dd_pair_mul(v, s);
    s = dd_pair_add(dd_pair_const(coef(j)), m);
  }
  return s;
}

static Pair exp_pair(Pair a) {
  Node *L[4];
  ln2_parts(L);
  Node *shift = dag_num_si(3L << 51, 1);   /* 0x1.8p52: adding it rounds to an integer */
  Node *t = dag_mul(a.hi, L[3]);
  Node *ts = dag_add(t, shift);
  Node *k = dag_sub(ts, shift);
  Node *p1 = dag_mul(k, L[0]);   /* exact: k has at most 11 bits where e^a is finite */
  Node *r1 = dag_sub(a.hi, p1);  /* exact (Sterbenz) */
  Node *p2 = dag_mul(k, L[1]), *h2, *l2;
  dd_split(L[1], &h2, &l2);
  Node *e2 = dd_two_prod_err(k, p2, h2, l2);
  Pair r = dd_pair_add(single(r1), neg((Pair){p2, e2}));
  Node *p3 = dag_mul(k, L[2]);
  r = dd_pair_add(r, single(dag_neg(p3)));
  if (a.lo) r = dd_pair_add(r, single(a.lo));
  Pair s = series(r, inverse_factorial, PAIR_DEGREE, DEGREE);
  Node *km1 = dag_sub(k, num(1));
  Node *scale = dag_2(OP_POW, num(2), km1);
  Pair s2 = times(num(2), s);
  return times(scale, s2);
}

static Pair log_pair(Pair a) {
  Node *y = dag_1(OP_LOG, a.hi);
  Pair e = exp_pair(single(dag_neg(y)));
  Pair m = dd_pair_mul(a, e);
  Node *d = dag_sub(m.hi, num(1));   /* exact: m is near 1 */
  if (m.lo) d = dag_add(d, m.lo);
  Node *s = dag_add(y, d);
  return (Pair){s, dd_two_sum_err(y, d, s)};
}

/* e^-|u|, and |u|'s sign */
static Pair exp_neg_abs(Pair u, Node **sign, long factor) {
  Pair m = absolute(u, sign);
  if (factor != 1) m = times(num(factor), m);   /* exact: 2 |u| */
  return exp_pair(neg(m));
}

/* (-1)^n / (n! (2n + 1)), the coefficient of z^n in erf's series */
static Node *erf_coefficient(int n) {
  mpq_t q;
  mpq_init(q);
  mpz_fac_ui(mpq_denref(q), (unsigned long)n);
  mpz_mul_ui(mpq_denref(q), mpq_denref(q), 2UL * (unsigned long)n + 1);
  mpz_set_si(mpq_numref(q), n % 2 ? -1 : 1);
  Node *c = dag_num_q(q);
  mpq_clear(q);
  return c;
}

/* erf(a) for |a| < 1: (2/sqrt(pi)) a sum_n c_n z^n, z = a^2, the terms up
 * to ERF_PAIR_TERMS in pairs, the rest in double (together below 2^-49
 * where |a| < 1, so that their rounding stays below 2^-100), the first
 * term left out below 2^-107. Beyond 1 the series cancels more and needs more terms:
 * there the pair is erf(a.hi) of <math.h>, as a double, which the
 * measurement of the candidate sees. */
enum { ERF_PAIR_TERMS = 15, ERF_TERMS = 28 };

static Pair erf_series(Pair a) {
  Pair z = dd_pair_mul(a, a);
  Pair s = series(z, erf_coefficient, ERF_PAIR_TERMS, ERF_TERMS);
  Node *pi = dag_leaf(OP_PI);
  Node *root = dag_1(OP_SQRT, pi);
  Pair c = dd_pair_exact(dag_div(num(2), root));
  Pair as = dd_pair_mul(a, s);
  return dd_pair_mul(c, as);
}

/* v where |a| < 1, op(a.hi) in double beyond */
static Pair within_one(Pair a, Pair v, int op) {
  Node *mag = dag_1(OP_ABS, a.hi);
  Node *small = dag_2(OP_LT, mag, num(1));
  return select_pair(small, v, single(dag_1(op, a.hi)));
}

int dd_function_known(int op) {
  return op == OP_EXP || op == OP_EXPM1 || op == OP_LOG || op == OP_LOG1P || op == OP_SIGMOID || op == OP_SOFTPLUS ||
         op == OP_TANH || op == OP_COSH || op == OP_ERF || op == OP_ERFC;
}

Pair dd_pair_function(int op, Pair a) {
  Pair one = single(num(1)), e;
  Node *sign;
  switch (op) {
  case OP_EXP: return exp_pair(a);
  case OP_EXPM1:
    e = exp_pair(a);
    return dd_pair_add(e, single(num(-1)));
  case OP_LOG: return log_pair(a);
  case OP_LOG1P: return log_pair(dd_pair_add(one, a));
  case OP_SIGMOID: {
    e = exp_neg_abs(a, &sign, 1);
    Pair d = dd_pair_add(one, e);
    Node *lt = dag_2(OP_LT, a.hi, num(0));
    Pair below = dd_pair_div(e, d);
    Pair above = dd_pair_div(one, d);
    return select_pair(lt, below, above);
  }
  case OP_SOFTPLUS: {
    e = exp_neg_abs(a, &sign, 1);
    Pair l = log_pair(dd_pair_add(one, e));
    Node *gt = dag_2(OP_LT, num(0), a.hi);
    return select_pair(gt, dd_pair_add(a, l), l);
  }
  case OP_TANH: {
    e = exp_neg_abs(a, &sign, 2);
    Pair d = dd_pair_add(one, e);
    Pair n = dd_pair_add(one, neg(e));
    Pair t = dd_pair_div(n, d);
    return times(sign, t);
  }
  case OP_COSH: {
    e = exp_neg_abs(a, &sign, 1);
    Pair sum = dd_pair_add(dd_pair_div(one, e), e);
    return times(dag_num_si(1, 2), sum);   /* exact */
  }
  case OP_ERF: return within_one(a, erf_series(a), OP_ERF);
  case OP_ERFC:   /* 1 - erf where the series serves (erfc of [-1, 1] is in [0.15, 1.85]: no cancellation) */
    e = neg(erf_series(a));
    return within_one(a, dd_pair_add(one, e), OP_ERFC);
  default: return (Pair){NULL, NULL};
  }
}
