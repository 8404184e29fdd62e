/* needs: bits trigcore */
/* cos.c — actgen_vcos(x) = cos x = sin(|x| + pi/2): trigcore.c's core with
 * the quadrant moved by one (see there for the method), valid for
 * |x| <= ACTGEN_VTRIG_LIMIT = 2^22: beyond it finite x give 1, and the
 * caller redoes those lanes with <math.h>; inf and NaN give NaN.
 * cos(+-0) = 1.
 * Cost: about 75 operations, no division.
 * Measured (tests/math/mathcheck.c -n 30 against MPFR, about 4e5 samples):
 * max relative error 2^-47.47, at x=0x1.c1205992f400cp+20.
 */
static inline double actgen_vcos(double x)
{
  return actgen_sin_core(fabs(x), 1);
}
