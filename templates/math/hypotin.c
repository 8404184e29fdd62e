/* needs: bits sqrtseries */
/* hypotin.c — actgen_vhypotin(x, y) = sqrt(x^2 + y^2) for arguments whose
 * finite nonzero magnitudes lie in [2^-500, 2^500] (zero, inf and NaN
 * allowed): hypot.c without its scaling, for the float kernels, where
 * src/ranges.c proves the bounds (x is a float, so |x| is 0 or in
 * [2^-149, 2^128], and so is theta).  Then x^2 + y^2 is 0 or a normal
 * double in [2^-1000, 2^1001], where sqrtseries.c is accurate. The sum is
 * one multiply-add, x^2 + y^2 rounded once where hypot.c rounds y^2 and
 * the sum: one operation less and at least as accurate, so that the
 * results may differ from hypot.c's in the last bit (they were the same
 * bits with two roundings: smu1's float forward+backward 9% faster on
 * 2^12 elements, 6% on 2^24, with this, the test below and src/lower.c's
 * products by powers of two).
 * Special values as hypot.c: an infinite argument gives +inf (also with a
 * NaN), else NaN -> NaN (through the sum), hypot(+-0, +-0) = +0.
 * Cost: about 19 operations where hypot.c takes about 58: its selects for
 * the larger argument and the scale are gone.
 * The `_fast` form (src/ops.h, FAST "rare") is the same without the
 * special values, for the lanes that actgen_vhypotin_rare leaves unflagged:
 * x^2 + y^2 at most 2^1000 (so both arguments finite, and no NaN),
 * where the two are the same bits (tests/math/fastcheck.c). The vector
 * float bodies call it and redo a flagged block with the whole function;
 * the test costs 2 operations on the sum that the function computes
 * anyway (5 when it tested each argument), the inf mask 5 (smu1's float
 * forward 10% faster).
 * Measured (tests/math/mathcheck.c -n 30 against MPFR, arguments in the
 * range, <math.h> elsewhere): max relative error 2^-51.14, at
 * x=-0x1.7ab18ad4aeddp+154, y=0x1.34435216d00fep+153.
 */
static inline double actgen_vhypotin_fast(double x, double y)
{
  return actgen_sqrt_series(fma(y, y, x * x));
}

/* the fast form and the mask for infinite arguments */
static inline double actgen_vhypotin(double x, double y)
{
  /* all ones where |x| or |y| is inf: DBL_MAX - |v| < 0 (for a NaN, a NaN
   * with a clear sign bit) */
  uint64_t inf = actgen_mneg(0x1.fffffffffffffp+1023 - fabs(x)) | actgen_mneg(0x1.fffffffffffffp+1023 - fabs(y));
  return actgen_blend(inf, (double)INFINITY, actgen_vhypotin_fast(x, y));
}

/* sign bit set: a lane that actgen_vhypotin_fast may get wrong */
static inline uint64_t actgen_vhypotin_rare(double x, double y)
{
  /* a comparison, not the sign of 2^1000 - the sum: an infinite argument
   * with a NaN makes the sum NaN, whose sign is arbitrary (rhypotin.c says
   * why the shift) */
  return (uint64_t)!(fma(y, y, x * x) <= 0x1p1000) << 63;
}
