/* ulp.c — the error of a computed value in units in the last place.
 *
 *   err = |y - X| / ulp_T(S),  ulp_T(S) = 2^(max(floor(log2|S|), emin) - p + 1)
 *
 * The difference is taken in MPFR at a precision wide enough to hold both
 * y and X exactly enough, so the metric itself adds no error that matters.
 */
#include <math.h>
#include "ulp.h"

const Format format_float = {"float", 24, -126, 127};
const Format format_double = {"double", 53, -1022, 1023};

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
  mpfr_prec_t prec = mpfr_get_prec(X) + 64;
  mpfr_t d, u;
  mpfr_inits2(prec, d, u, (mpfr_ptr)0);
  if (isinf(y)) {   /* the largest finite value plus one ulp: 2^(emax+1) */
    mpfr_set_ui_2exp(d, 1, fmt->emax + 1, MPFR_RNDN);
    if (y < 0) mpfr_neg(d, d, MPFR_RNDN);
  } else {
    mpfr_set_d(d, y, MPFR_RNDN);
  }
  mpfr_sub(d, d, X, MPFR_RNDN);
  mpfr_abs(d, d, MPFR_RNDN);
  long e = fmt->emin;
  if (!mpfr_zero_p(S) && mpfr_regular_p(S) && mpfr_get_exp(S) - 1 > e) e = mpfr_get_exp(S) - 1;
  if (mpfr_inf_p(S)) e = fmt->emax;
  mpfr_div_2si(d, d, e - fmt->p + 1, MPFR_RNDN);
  double err = mpfr_get_d(d, MPFR_RNDU);
  mpfr_clears(d, u, (mpfr_ptr)0);
  return err;
}
