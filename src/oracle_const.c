/* oracle_const.c — constants of the DAG correctly rounded to double and
 * to float, for the literals the emitter prints.
 *
 * A Ziv loop over MPFR precisions with mpfr_can_round (below), memoised
 * per node id and format: a file's constants are rounded once however
 * often they are printed.
 */
#include <stdlib.h>
#include <string.h>
#include "diag.h"
#include "oracle.h"

#define RN MPFR_RNDN

/* A constant correctly rounded to an IEEE format of precision `bits` whose
 * least normal exponent is emin_ieee (-1022 double, -126 float) and largest
 * emax_ieee, subnormals and overflow included. A Ziv loop: evaluate at
 * rising precision until two evaluations agree to far more bits than the
 * format has AND the agreed value can be rounded (mpfr_can_round, taking
 * the disagreement as the error bound), so a value close to a rounding
 * boundary is settled by more bits, not by luck. A zero is believed only at
 * 4096 bits or more: 1 - tanh(90) is 0 at 128 and 256 bits alike, and
 * cancellations of that kind need as many bits as the result is small.
 * The same holds for a value that rounds to zero in the format: an exact
 * zero that is not rational (sin(pi) - sin(2 pi)) evaluates to about 2^-p
 * at precision p, never to zero, and must not drive the precision to PMAX
 * (once for every literal, before the memo below). */
static int below(const mpfr_t v, mpfr_prec_t bits, mpfr_exp_t emin_ieee) {
  /* zero, or below half the smallest subnormal with a margin */
  return mpfr_zero_p(v) || (mpfr_regular_p(v) && mpfr_get_exp(v) < emin_ieee - (mpfr_exp_t)bits - 8);
}

static double const_round_uncached(const Node *n, mpfr_prec_t bits, mpfr_exp_t emin_ieee, mpfr_exp_t emax_ieee) {
  enum { P0 = 128, PMAX = 1 << 16 };
  oracle_init_ranges();
  mpfr_t prev, cur, diff;
  mpfr_inits2(P0, prev, cur, diff, (mpfr_ptr)0);
  oracle_eval(n, prev, NULL, NULL, P0);
  mpfr_set(cur, prev, RN);
  for (mpfr_prec_t p = 2 * P0; p <= PMAX; p *= 2) {
    mpfr_swap(prev, cur);
    mpfr_set_prec(cur, p);
    oracle_eval(n, cur, NULL, NULL, p);
    if (mpfr_nan_p(cur) || mpfr_inf_p(cur)) {
      if (mpfr_equal_p(prev, cur) || (mpfr_nan_p(prev) && mpfr_nan_p(cur))) break;
    } else if (p >= 4096 && below(prev, bits, emin_ieee) && below(cur, bits, emin_ieee)) {
      /* Rounds to zero at two precisions (see above). Opposite signs mean
       * the sign is noise around an exact zero: +0. */
      if (mpfr_signbit(prev) != mpfr_signbit(cur)) mpfr_set_zero(cur, 1);
      break;
    } else if (mpfr_zero_p(cur)) {
      continue;
    } else if (mpfr_equal_p(prev, cur)) {
      break;   /* the same at two precisions: taken as exact */
    } else if (mpfr_regular_p(prev)) {
      mpfr_set_prec(diff, p);
      mpfr_sub(diff, cur, prev, RN);
      mpfr_exp_t agree = mpfr_get_exp(cur) - mpfr_get_exp(diff);   /* bits the two share */
      /* RNDZ at bits + 1 settles the rounding and its direction; RN at bits
       * settles the rounding alone, which is all a value that is exactly a
       * double (sin(pi/3)^2 * 4 = 3) can ever give. */
      if (agree > (mpfr_exp_t)bits + 32 &&
          (mpfr_can_round(cur, agree - 1, RN, MPFR_RNDZ, bits + 1) || mpfr_can_round(cur, agree - 1, RN, RN, bits)))
        break;
    }
  }   /* at PMAX without agreement: cur, the best there is */
  /* Round once into the format: MPFR's exponents are those of a
   * significand in [1/2, 1), one more than IEEE's. */
  mpfr_exp_t old_min = mpfr_get_emin(), old_max = mpfr_get_emax();
  mpfr_t r;
  mpfr_init2(r, bits);
  int t = mpfr_set(r, cur, RN);   /* in the wide range, then narrowed: check_range uses t */
  mpfr_set_emin(emin_ieee - (mpfr_exp_t)bits + 2);
  mpfr_set_emax(emax_ieee + 1);
  t = mpfr_check_range(r, t, RN);
  mpfr_subnormalize(r, t, RN);
  double d = mpfr_get_d(r, RN);   /* exact: r fits the format */
  mpfr_set_emin(old_min);
  mpfr_set_emax(old_max);
  mpfr_clears(prev, cur, diff, r, (mpfr_ptr)0);
  return d;
}

/* Rounded constants by node id, one array per format: a constant may be
 * printed many times (f, each derivative, both precisions), and each Ziv
 * loop may take many high-precision evaluations. */
typedef struct Memo {
  double *v;
  char *have;
  size_t cap;
} Memo;
static Memo memo[2];   /* [0] double, [1] float */

static double const_round(const Node *n, int is_float) {
  Memo *m = &memo[is_float];
  size_t id = (size_t)n->id;
  if (id >= m->cap) {
    size_t cap = m->cap ? m->cap : 1024;
    while (cap <= id) cap *= 2;
    double *v = realloc(m->v, cap * sizeof *v);
    char *have = v ? realloc(m->have, cap) : NULL;
    if (!v || !have) die("out of memory");
    memset(have + m->cap, 0, cap - m->cap);
    m->v = v;
    m->have = have;
    m->cap = cap;
  }
  if (!m->have[id]) {
    m->v[id] = is_float ? const_round_uncached(n, 24, -126, 127) : const_round_uncached(n, 53, -1022, 1023);
    m->have[id] = 1;
  }
  return m->v[id];
}

double oracle_const_double(const Node *n) { return const_round(n, 0); }
float oracle_const_float(const Node *n) { return (float)const_round(n, 1); }

void oracle_const_reset(void) {
  for (int i = 0; i < 2; i++) {
    free(memo[i].v);
    free(memo[i].have);
    memo[i] = (Memo){NULL, NULL, 0};
  }
}
