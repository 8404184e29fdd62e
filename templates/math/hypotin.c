/* needs: bits sqrtcore */
/* hypotin.c — actgen_vhypotin(x, y) = sqrt(x^2 + y^2) for arguments whose
 * finite nonzero magnitudes lie in [2^-500, 2^500] (zero, inf and NaN
 * allowed): hypot.c without its scaling, for the float kernels, where
 * src/ranges.c proves the bounds (x is a float, so |x| is 0 or in
 * [2^-149, 2^128], and so is theta).  Then x^2 + y^2 is 0 or a normal
 * double in [2^-1000, 2^1001], where sqrt.c's core is accurate, and the
 * rounding errors are hypot.c's: the sum of positive terms, the same
 * operations in the same order as hypot.c with its scale 1 (x^2 + y^2 and
 * y^2 + x^2 are the same sum), so the results are the same bits.
 * Special values as hypot.c: an infinite argument gives +inf (also with a
 * NaN), else NaN -> NaN (through the sum), hypot(+-0, +-0) = +0.
 * Cost: about 22 operations where hypot.c takes about 61: its selects for
 * the larger argument and the scale are gone.
 * Measured (tests/math/mathcheck.c -n 30 against MPFR, arguments in the
 * range, <math.h> elsewhere): max relative error 2^-52.12, at
 * x=0x1.6f15b5afb4664p-96, y=0x1.6da2a1b19ad7cp-96.
 */
static inline double actgen_vhypotin(double x, double y)
{
  /* all ones where |x| or |y| is inf: DBL_MAX - |v| < 0 (for a NaN, a NaN
   * with a clear sign bit) */
  uint64_t inf = actgen_mneg(0x1.fffffffffffffp+1023 - fabs(x)) | actgen_mneg(0x1.fffffffffffffp+1023 - fabs(y));
  return actgen_blend(inf, (double)INFINITY, actgen_sqrt_core(x * x + y * y));
}
