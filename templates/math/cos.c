/* needs: bits sin */
/* cos.c — actgen_vcos(x) = cos x = sin(|x| + pi/2): sin.c's core with the
 * quadrant moved by one (see sin.c for the method, its range
 * |x| <= ACTGEN_VTRIG_LIMIT, and what lanes beyond it get: finite x gives
 * cos 0 = 1 there, inf and NaN give NaN). cos(+-0) = 1.
 * Cost: as sin, about 75 operations, no division.
 * Measured (tests/math/mathcheck.c, MPFR): max relative error 2^-52.6.
 */
static inline double actgen_vcos(double x)
{
  return actgen_sin_core(fabs(x), 1);
}
