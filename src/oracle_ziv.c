/* oracle_ziv.c — the oracle's Ziv loops: a DAG's value or derivative at
 * rising precision until two precisions agree far beyond any target format.
 *
 * oracle_exact() serves `actgen check`, `eval` and the tests;
 * oracle_exact_dual() the stabilizer's references, value and x-derivative
 * together. Each walk (oracle.c) reports how many bits its operations on
 * rounded values cancelled (oracle_last_lost), so that agreement caused by
 * saturation (1 + erf(u) rounding to 0 at two precisions) is not taken
 * for accuracy; MPFR's overflow and underflow flags tell a value that left
 * even MPFR's range from one that is truly 0.
 */
#include "oracle.h"

#define RN MPFR_RNDN

/* The scale's derivative (oracle_settled_dx): the bits it needs, the most
 * it may take. */
enum { DER_BITS = 32, DER_PMAX = 8192 };

/* Agreement of two evaluations to far more bits than any target has. */
static int agree(const mpfr_t a, const mpfr_t b) {
  if (mpfr_nan_p(a) || mpfr_nan_p(b)) return mpfr_nan_p(a) && mpfr_nan_p(b);
  if (mpfr_equal_p(a, b)) return 1;
  mpfr_t t;
  mpfr_init2(t, mpfr_get_prec(a));
  mpfr_sub(t, a, b, RN);
  int ok = mpfr_regular_p(b) && mpfr_regular_p(t) && mpfr_get_exp(t) < mpfr_get_exp(b) - 100;
  mpfr_clear(t);
  return ok;
}

static int walk_value_bad;   /* eval_at's value of f was inf or NaN */

static void eval_at(const Node *n, int which, const mpfr_t x, mpfr_t *theta, mpfr_t out, mpfr_prec_t prec) {
  mpfr_t v, d;
  mpfr_inits2(prec, v, d, (mpfr_ptr)0);
  if (which == ORACLE_VALUE) oracle_eval(n, v, x, theta, prec);
  else oracle_eval_dual(n, v, d, x, theta, which, prec);
  walk_value_bad = !mpfr_number_p(v);
  mpfr_set_prec(out, prec);
  mpfr_set(out, which == ORACLE_VALUE ? v : d, RN);
  mpfr_clears(v, d, (mpfr_ptr)0);
}

/* Whether a result stands although MPFR itself overflowed or underflowed
 * on the way (exp(-1e20) is 0 even in MPFR's range): inf or NaN then is
 * not the value (log of that 0 is -inf), and neither is a derivative
 * whose walk got such a value for f: d/dx log(e^x + e^(x/4)) at x = -1e20
 * came out 0 instead of 1/4. A 0 that is the value (e^(-x^2) at x = 1e10)
 * stands. */
static int in_range(const mpfr_t v, int value_bad) {
  if (!mpfr_overflow_p() && !mpfr_underflow_p()) return 1;
  return mpfr_number_p(v) && !value_bad;
}

/* The Ziv loop. The old rule alone -- agreement of 1536 and 3072 bits,
 * which covers every cancellation whose result is still above double's
 * smallest subnormal (about 1100 bits of them) -- costs two evaluations at
 * thousands of bits per point (erf at 3072 bits is slow). So it starts at
 * 256 bits and stops early when two successive precisions agree to 100
 * bits AND neither evaluation cancelled more than half its bits
 * (note_sum): then both are accurate well beyond the agreement, and
 * agreement cannot be the accident of saturation. Otherwise the precision
 * rises (at once to 1536 when something cancelled completely), and from
 * 3072 bits on agreement alone decides, as before. */
int oracle_exact(const Node *n, int which, const mpfr_t x, mpfr_t *theta, mpfr_t out) {
  return oracle_exact_capped(n, which, x, theta, out, 12288);
}

int oracle_exact_capped(const Node *n, int which, const mpfr_t x, mpfr_t *theta, mpfr_t out, mpfr_prec_t pmax) {
  enum { P0 = 256, PSAFE = 3072 };
  oracle_init_ranges();
  mpfr_t prev;
  mpfr_init2(prev, P0);
  mpfr_clear_flags();
  eval_at(n, which, x, theta, prev, P0);
  mpfr_prec_t pprev = P0;
  mpfr_exp_t lost_prev = oracle_last_lost();
  int ok = 0;
  for (;;) {
    mpfr_prec_t p = 2 * pprev;
    if (lost_prev >= ORACLE_LOST_ALL && p < PSAFE / 2) p = PSAFE / 2;
    if (p > pmax) break;
    eval_at(n, which, x, theta, out, p);
    mpfr_exp_t lost = oracle_last_lost();
    if (agree(prev, out) && (p >= PSAFE || (2 * lost_prev <= pprev && 2 * lost <= p))) { ok = 1; break; }
    mpfr_set_prec(prev, p);
    mpfr_set(prev, out, RN);
    pprev = p;
    lost_prev = lost;
  }
  if (!in_range(out, walk_value_bad)) ok = 0;
  mpfr_clear(prev);
  return ok;
}

/* Whether the scales |X| + |x d| and |X| + |x e| agree to DER_BITS bits. */
static int same_scale(const mpfr_t X, const mpfr_t x, const mpfr_t d, const mpfr_t e) {
  if (!mpfr_number_p(d) || !mpfr_number_p(e)) return mpfr_equal_p(d, e) || (mpfr_nan_p(d) && mpfr_nan_p(e));
  mpfr_t t, s, a;
  mpfr_inits2(64, t, s, a, (mpfr_ptr)0);
  mpfr_sub(t, d, e, RN);
  mpfr_mul(t, t, x, RN);
  mpfr_abs(t, t, RN);
  mpfr_mul(s, e, x, RN);
  mpfr_abs(s, s, RN);
  mpfr_abs(a, X, RN);
  if (mpfr_number_p(a)) mpfr_add(s, s, a, RN);
  mpfr_mul_2si(s, s, -DER_BITS, RN);
  int ok = mpfr_lessequal_p(t, s);
  mpfr_clears(t, s, a, (mpfr_ptr)0);
  return ok;
}

/* The x-derivative of n by a dual walk at precision p, as a scale (S of
 * SPEC §4): where the derivative's own operations cancelled all but
 * DER_BITS of its bits, it may be nothing like the derivative (softclip's df/dk at
 * x = 745.5 sums terms of e^745 to one of e^-745: at 256 bits 1e235 times
 * too large, and every form looked exact there), and the walk is redone
 * at rising precision until they keep DER_BITS (a scale needs no more) or
 * the scales of two precisions agree to as many; if neither by DER_PMAX
 * bits, der is NaN: no scale but |X|. X: the value; have: der already
 * holds the last walk's derivative at p. */
void oracle_settled_dx(const Node *n, const mpfr_t x, mpfr_t *theta, const mpfr_t X, mpfr_t der, mpfr_prec_t p,
                       int have) {
  mpfr_t v, d;
  mpfr_inits2(p, v, d, (mpfr_ptr)0);
  mpfr_exp_t lost = oracle_last_der_lost();
  if (!have) {
    oracle_eval_dual(n, v, d, x, theta, -1, p);
    mpfr_set_prec(der, p);
    mpfr_set(der, d, RN);
    lost = oracle_last_der_lost();
  }
  while (lost > p - DER_BITS) {
    p *= 2;
    if (p > DER_PMAX) {
      mpfr_set_nan(der);
      break;
    }
    mpfr_set_prec(v, p);
    mpfr_set_prec(d, p);
    oracle_eval_dual(n, v, d, x, theta, -1, p);
    lost = oracle_last_der_lost();
    int same = same_scale(X, x, der, d);
    mpfr_set_prec(der, p);
    mpfr_set(der, d, RN);
    if (same) break;
  }
  mpfr_clears(v, d, (mpfr_ptr)0);
}

/* oracle_exact() for the value, capped at pmax bits, and then the
 * x-derivative at the precision that settled the value: the stabilizer's
 * reference, where a compile asks for thousands. The derivative is only a
 * scale there (S = |X| + |x X'|), so its own cancellation (d/dx of
 * log(e^x / e^(x-1)) is 1 - 1) does not hold the value back: the walks
 * after the first carry it along (value_lost: only the value's operations
 * count as lost), and the one that settles the value has it at no further
 * walk where it kept enough bits (else oracle_settled_dx). A walk whose
 * derivative alone could have raised MPFR's overflow or underflow flag
 * (which in_range reads for the value) is redone for the value alone, so
 * that the result is that of value walks. */
int oracle_exact_dual(const Node *n, const mpfr_t x, mpfr_t *theta, mpfr_t val, mpfr_t der, mpfr_prec_t pmax) {
  enum { P0 = 128 };
  oracle_init_ranges();
  mpfr_t v0;
  mpfr_init2(v0, P0);
  mpfr_clear_flags();
  oracle_eval(n, v0, x, theta, P0);
  mpfr_prec_t pprev = P0, p = P0, der_prec = mpfr_get_prec(der);
  mpfr_exp_t lost_prev = oracle_last_lost();
  int ok = 0, has_der = 0;
  for (;;) {
    p = 2 * pprev;
    if (lost_prev >= ORACLE_LOST_ALL && p < 1024) p = 1024;
    if (p > pmax) break;
    mpfr_set_prec(val, p);
    mpfr_set_prec(der, p);
    int over = mpfr_overflow_p(), under = mpfr_underflow_p();
    oracle_eval_dx_value_lost(n, val, der, x, theta, p);
    has_der = 1;
    if ((!over && mpfr_overflow_p()) || (!under && mpfr_underflow_p())) {
      if (!over) mpfr_clear_overflow();
      if (!under) mpfr_clear_underflow();
      oracle_eval(n, val, x, theta, p);
      has_der = 0;
    }
    mpfr_exp_t lost = oracle_last_lost();
    if (agree(v0, val) && 2 * lost_prev <= pprev && 2 * lost <= p) { ok = 1; break; }
    mpfr_set_prec(v0, p);
    mpfr_set(v0, val, RN);
    pprev = p;
    lost_prev = lost;
  }
  if (!in_range(val, 0)) ok = 0;
  if (ok) oracle_settled_dx(n, x, theta, val, der, p, has_der);
  if (!ok) mpfr_set_prec(der, der_prec);   /* der as it came: not settled */
  mpfr_clear(v0);
  return ok;
}
