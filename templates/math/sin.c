/* needs: bits trigcore */
/* sin.c — actgen_vsin(x) = sin x = sign(x) sin |x|, with trigcore.c's
 * Cody-Waite reduction and polynomials (see there), valid for
 * |x| <= ACTGEN_VTRIG_LIMIT = 2^22: beyond it finite x give +-0, and the
 * caller redoes those lanes with <math.h>; inf and NaN give NaN.
 * sin(+-0) = +-0, subnormal x give x.
 * Cost: about 77 operations, no division.
 * Measured (tests/math/mathcheck.c, MPFR): max relative error 2^-52.1;
 * 2^-51.8 in a denser run (4e6 samples, and the doubles nearest to n pi/2
 * for every n < 2.7e6).
 */
static inline double actgen_vsin(double x)
{
  double y = actgen_sin_core(fabs(x), 0);
  return actgen_asf64(actgen_asu64(y) ^ (actgen_asu64(x) & 0x8000000000000000u));
}
