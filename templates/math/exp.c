/* needs: bits expclamprange exprange expfast expneg */
/* exp.c — actgen_vexp(x) = e^x.
 * Method: x clamped to [-747, 709.79] (NaN passes), then exprange.c: +inf
 * gives inf (709.79 overflows there), -inf +0, and results below 2^-1022
 * round once into the subnormals.  No division.
 * Cost: 9 for the clamp and about 27 for exprange.c: about 36 operations.
 * actgen_vexp_neg(x) is the same for x <= 0 (and NaN) with fewer steps
 * (expneg.c).
 * Measured (tests/math/mathcheck.c -n 30 against MPFR, about 4e5 samples):
 * max relative error 2^-52.47, at x=0x1.d1cc66dd0738p+2.
 */
static inline double actgen_vexp(double x)
{
  return actgen_exp_range(actgen_exp_clamp_range(x));
}

/* the same for |x| <= 600 (src/ops.h, FAST) */
static inline double actgen_vexp_fast(double x)
{
  return actgen_exp_range_fast(x);
}

/* the same for x <= 0 or NaN (expneg.c) */
static inline double actgen_vexp_neg(double x)
{
  return actgen_exp_neg(x);
}
