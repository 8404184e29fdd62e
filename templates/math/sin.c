/* needs: bits trigcore */
/* sin.c — actgen_vsin(x) = sin x = sign(x) sin |x|, with trigcore.c's
 * Cody-Waite reduction and polynomials (see there), valid for
 * |x| <= ACTGEN_VTRIG_LIMIT = 2^22: beyond it finite x give +-0, and the
 * caller redoes those lanes with <math.h>; inf and NaN give NaN.
 * sin(+-0) = +-0, subnormal x give x.
 * Cost: about 75 operations, no division.
 * Measured (tests/math/mathcheck.c -n 30 against MPFR, about 4e5 samples):
 * max relative error 2^-47.47, at x=-0x1.f43c4791d3cdp+19.
 */
static inline double actgen_vsin(double x)
{
  double y = actgen_sin_core(fabs(x), 0);
  return actgen_asf64(actgen_asu64(y) ^ (actgen_asu64(x) & 0x8000000000000000u));
}
