/* ulp.c — the error of a computed value in units in the last place.
 *
 *   err = |y - X| / ulp_T(S),  ulp_T(S) = 2^(max(floor(log2|S|), emin) - p + 1)
 *
 * The difference is rounded once, away from zero, to 64 bits, and the
 * error once more, up, to a double: since every double is a 64-bit number,
 * that is the exact |y - X| / ulp rounded up to a double, as if the
 * difference were taken exactly (at X's precision, often thousands of
 * bits, it took a tenth of a compile).
 */
#include <math.h>
#include "ulp.h"

const Format format_float = {"float", 24, -126, 127};
const Format format_double = {"double", 53, -1022, 1023};

long ulp_exponent(const mpfr_t S, const Format *fmt) {
  long e = fmt->emin;
  if (!mpfr_zero_p(S) && mpfr_regular_p(S) && mpfr_get_exp(S) - 1 > e) e = mpfr_get_exp(S) - 1;
  if (mpfr_inf_p(S)) e = fmt->emax;
  return e - fmt->p + 1;
}

double ulp_error(double y, const mpfr_t X, const mpfr_t S, const Format *fmt) {
  if (mpfr_nan_p(X) || isnan(y)) return mpfr_nan_p(X) && isnan(y) ? 0.0 : INFINITY;
  if (mpfr_inf_p(X)) return (isinf(y) && (y > 0) == (mpfr_sgn(X) > 0)) ? 0.0 : INFINITY;
  if (isinf(y) && (y > 0) == (mpfr_sgn(X) > 0)) {
    /* X correctly rounded overflows (|X| >= max + ulp/2 = 2^emax (2 - 2^-p)): inf is right */
    mpfr_t lim;
    mpfr_init2(lim, fmt->p + 2);
    mpfr_set_ui_2exp(lim, (1ul << (fmt->p + 1)) - 1, fmt->emax - fmt->p, MPFR_RNDN);
    int over = mpfr_cmpabs(X, lim) >= 0;
    mpfr_clear(lim);
    if (over) return 0.0;
  }
  if (mpfr_zero_p(X) && y == 0) return (signbit(y) != 0) == (mpfr_signbit(X) != 0) ? 0.0 : INFINITY;
  mpfr_t d;
  mpfr_init2(d, 64);
  if (isinf(y)) {   /* the largest finite value plus one ulp: 2^(emax+1) */
    mpfr_set_ui_2exp(d, 1, fmt->emax + 1, MPFR_RNDN);
    if (y < 0) mpfr_neg(d, d, MPFR_RNDN);
  } else {
    mpfr_set_d(d, y, MPFR_RNDN);
  }
  mpfr_sub(d, d, X, mpfr_cmp(d, X) >= 0 ? MPFR_RNDU : MPFR_RNDD);   /* away from zero */
  mpfr_abs(d, d, MPFR_RNDN);
  mpfr_div_2si(d, d, ulp_exponent(S, fmt), MPFR_RNDN);
  double err = mpfr_get_d(d, MPFR_RNDU);
  mpfr_clear(d);
  return err;
}
