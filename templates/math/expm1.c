/* needs: bits ldexpk expcore expclamp */
/* expm1.c — actgen_vexpm1(x) = e^x - 1.
 * Method: expcore.c's reduction x = k ln2 + r and e^r - 1 = r + r^2 P(r); for
 * k = 0 (|x| < ln2/2) the result is that polynomial itself, accurate
 * relative to e^r - 1; otherwise 2^k (1 + (e^r - 1)) - 1, where the
 * subtraction cancels at most a factor 3.5 (k = 1: result >= 0.41), so the
 * error stays near 2^-51.  x is clamped to [-747, 747] (e^-747 - 1 = -1,
 * e^747 - 1 = inf).  The sign is copied from x, which makes
 * expm1(-0) = -0 (and is right for every x).
 * Special values: +-0 -> +-0, +inf -> +inf, -inf -> -1, NaN -> NaN.
 * Cost: about 60 operations, no division.
 * Measured (tests/math/mathcheck.c -n 30 against MPFR, about 4e5 samples):
 * max relative error 2^-51.01, at x=0x1.698062856ba89p-2.
 */
static inline double actgen_vexpm1(double x)
{
  double xc = actgen_exp_clamp(x), k, r = actgen_exp_reduce(xc, &k);
  double e = actgen_expm1_poly(r);
  double big = actgen_ldexpk(1.0 + e, k) - 1.0 + (xc - xc); /* NaN stays */
  return copysign(actgen_blend(actgen_mneg(fabs(k) - 0.5), e, big), x);
}
