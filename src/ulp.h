/* ulp.h — the error metric of SPEC §4. */
#ifndef ACTGEN_ULP_H
#define ACTGEN_ULP_H

#include <mpfr.h>

typedef struct Format {
  const char *name;   /* "float", "double" */
  int p, emin, emax;  /* precision, least and largest normal exponent */
} Format;

extern const Format format_float, format_double;

/* |y - X| / ulp_T(S), with SPEC §4's special cases: NaN against NaN is 0;
 * NaN against a number, or a number against NaN, is +infinity (a failure);
 * an infinite y where X is finite counts as the largest finite value plus
 * one ulp; an exact zero X must come out as a zero of the same sign
 * (+infinity otherwise). Pass S = X for the plain error, S = |X| + |x X'|
 * for the scaled error. */
double ulp_error(double y, const mpfr_t X, const mpfr_t S, const Format *fmt);

/* log2 of ulp_T(S), the unit ulp_error divides by. */
long ulp_exponent(const mpfr_t S, const Format *fmt);

#endif
