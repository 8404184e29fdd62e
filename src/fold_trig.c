/* fold_trig.c — sin and cos of rational multiples of pi, folded to their
 * exact values when these are rational (dag.c calls it as it makes a node).
 *
 * pi_multiple() reads a constant operand as q pi for an exact rational q:
 * pi, its products and quotients by numbers, negations, sums and
 * differences of such, and min and max whose operands are such multiples
 * or numbers and whose order is certain (the order of a number r and q pi
 * is decided with rational bounds on pi, and left undecided, so not folded,
 * where r is within 10^-39 q of q pi). Niven's theorem then gives the
 * rational values of sin(q pi): 0, +-1/2 and +-1.
 */
#include "dag.h"

static int pi_min_max(const Node *n, mpq_t q);

/* Is n a rational multiple q of pi (pi, k*pi, pi/k, -u, u + v, max(u, v), ...)? */
static int pi_multiple(const Node *n, mpq_t q) {
  switch (n->op) {
  case OP_PI: mpq_set_ui(q, 1, 1); return 1;
  case OP_NEG:
    if (!pi_multiple(n->a[0], q)) return 0;
    mpq_neg(q, q);
    return 1;
  case OP_MUL:
    if (n->a[0]->op != OP_NUM || !pi_multiple(n->a[1], q)) return 0;
    mpq_mul(q, q, n->a[0]->q);
    return 1;
  case OP_DIV:
    if (n->a[1]->op != OP_NUM || mpq_sgn(n->a[1]->q) == 0 || !pi_multiple(n->a[0], q)) return 0;
    mpq_div(q, q, n->a[1]->q);
    return 1;
  case OP_ADD: case OP_SUB: {
    mpq_t r;
    mpq_init(r);
    int ok = pi_multiple(n->a[0], q) && pi_multiple(n->a[1], r);
    if (ok && n->op == OP_ADD) mpq_add(q, q, r);
    else if (ok) mpq_sub(q, q, r);
    mpq_clear(r);
    return ok;
  }
  case OP_MIN: case OP_MAX: return pi_min_max(n, q);
  default: return 0;
  }
}

/* The sign of u - v for u and v each a rational (pi 0) or a rational
 * multiple of pi (pi 1), 2 where it is not certain: pi lies strictly
 * between the 39-decimal truncation L below and L + 10^-39. */
static int cmp_pi_rational(const mpq_t u, int upi, const mpq_t v, int vpi) {
  if (upi == vpi) return mpq_cmp(u, v) < 0 ? -1 : mpq_cmp(u, v) > 0;
  if (upi) {
    int c = cmp_pi_rational(v, 0, u, 1);
    return c == 2 ? 2 : -c;
  }
  if (mpq_sgn(v) == 0) return mpq_sgn(u);
  mpq_t lo, hi;
  mpq_inits(lo, hi, NULL);
  mpq_set_str(lo, "3141592653589793238462643383279502884197/1000000000000000000000000000000000000000", 10);
  mpq_set_str(hi, "3141592653589793238462643383279502884198/1000000000000000000000000000000000000000", 10);
  mpq_canonicalize(hi);   /* ...198 / 10^39 is not in lowest terms */
  mpq_mul(lo, lo, v);
  mpq_mul(hi, hi, v);
  if (mpq_sgn(v) < 0) mpq_swap(lo, hi);   /* v pi lies in (lo, hi) */
  int c = mpq_cmp(u, lo) <= 0 ? -1 : mpq_cmp(u, hi) >= 0 ? 1 : 2;
  mpq_clears(lo, hi, NULL);
  return c;
}

/* min or max of rationals and multiples of pi, as the multiple q it
 * selects, where the order is certain (sin(max(1/2, pi)) = sin(pi) = 0:
 * else the oracle's Ziv loop, which sees a value of about 2^-p at every
 * precision p, climbed to its cap for each literal, seconds per file). A
 * selected rational is a multiple of pi only if it is 0. */
static int pi_min_max(const Node *n, mpq_t q) {
  mpq_t u[2];
  int pi[2] = {0, 0}, ok = 1;
  for (int i = 0; i < 2; i++) {
    mpq_init(u[i]);
    if (ok && pi_multiple(n->a[i], u[i])) pi[i] = 1;
    else if (ok && n->a[i]->op == OP_NUM) pi[i] = 0, mpq_set(u[i], n->a[i]->q);
    else ok = 0;
  }
  int c = ok ? cmp_pi_rational(u[0], pi[0], u[1], pi[1]) : 2;
  int k = n->op == OP_MAX ? c >= 0 : c <= 0;   /* 1: a[0] is selected */
  int i = k ? 0 : 1;
  ok = c != 2 && (pi[i] || mpq_sgn(u[i]) == 0);
  if (ok) mpq_set(q, u[i]);
  mpq_clears(u[0], u[1], NULL);
  return ok;
}

/* sin(q pi) and cos(q pi) = sin((q + 1/2) pi) for rational q, when the
 * value is rational: 0, +-1/2, +-1 (Niven's theorem: there are no others).
 * Exact values matter beyond speed: sin(k pi) evaluates to about 2^-p at
 * any precision p, so rounding it for a literal would never settle. */
Node *dag_fold_trig(Op op, const Node *a) {
  if ((op != OP_SIN && op != OP_COS) || a->has_x || a->has_theta) return NULL;
  mpq_t q, t;
  mpq_inits(q, t, NULL);
  Node *r = NULL;
  if (pi_multiple(a, q)) {
    if (op == OP_COS) {
      mpq_set_si(t, 1, 2);
      mpq_add(q, q, t);
    }
    /* 6q mod 12, when 6q is an integer, indexes the values sin takes at
     * multiples of pi/6; the rational ones are at 0, 1, 3, 5, 6, 7, 9, 11. */
    mpq_set_ui(t, 6, 1);
    mpq_mul(q, q, t);
    if (mpz_cmp_ui(mpq_denref(q), 1) == 0) {
      static const int twice[12] = {0, 1, 9, 2, 9, 1, 0, -1, 9, -2, 9, -1};   /* 2 sin; 9: irrational */
      int v = twice[mpz_fdiv_ui(mpq_numref(q), 12)];
      if (v != 9) r = dag_num_si(v, 2);
    }
  }
  mpq_clears(q, t, NULL);
  return r;
}
