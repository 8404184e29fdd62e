/* needs: bits mpos sqrtcore */
/* sqrt.c — actgen_vsqrt(x), the square root, within 2^-53.0 relative
 * (faithful; it was correctly rounded under the old 2^-46 bound, at 8 more
 * operations).  <math.h>'s sqrt is not vectorized by gcc or clang (it may
 * set errno).
 * Method: 1/sqrt(x) from the bit trick (0x5fe6eb50c7b537a9 - bits/2,
 * about 5 bits), three Newton steps y = y*(1.5 - (x/2)*y*y) (about 31
 * bits), then s = x*y and one Newton step for sqrt, s + (x/2 - s*s/2)*y,
 * which squares s's error away; each step in multiply-adds (bits.c), so
 * that s*s is not rounded by itself.  x below 2^-1000 or above 2^1000 is
 * first scaled by 2^(+-108).  Cost: 15 operations for the core (21 before
 * the multiply-adds), about 35 integer and
 * floating-point operations for scaling and special values (selects by
 * sign-bit masks: see bits.c).
 * Special values: sqrt(+-0) = +-0, sqrt(+inf) = +inf, sqrt(x<0) = NaN,
 * NaN -> NaN.
 * Measured (tests/math/mathcheck.c -n 30 against MPFR, about 4e5 samples):
 * max relative error 2^-53.00, at x=0x1.0000000000001p+0.
 */
static inline double actgen_vsqrt(double x)
{
  /* keep s*s away from underflow and overflow: scale by 2^(+-108), even
   * powers of 2 whose square roots are exact; selects by masks (bits.c) */
  uint64_t lo = actgen_mneg(x - 0x1p-1000), hi = actgen_mneg(0x1p1000 - x);
  double in = actgen_blend(lo, 0x1p108, actgen_blend(hi, 0x1p-108, 1.0));
  double out = actgen_blend(lo, 0x1p-54, actgen_blend(hi, 0x1p54, 1.0));
  double r = actgen_sqrt_core(x * in) * out;
  /* x in (0, DBL_MAX] (a NaN may pass: its result is NaN anyway) */
  uint64_t ok = actgen_mpos(x) & actgen_mneg(0.5 * x - 0x1p1023);
  /* +-0 -> +-0, +inf -> +inf, x < 0 -> NaN, NaN -> NaN */
  double special = x * actgen_blend(actgen_mneg(x + 0.0), (double)NAN, 1.0);
  return actgen_blend(ok, r, special);
}
