/* needs: bits sqrtseries */
/* hypot.c — actgen_vhypot(x, y) = sqrt(x^2 + y^2) without overflow or
 * underflow on the way.
 * Method: a = max(|x|, |y|), b = min; both are multiplied by 2^-600 when
 * a > 2^500 and by 2^600 when a < 2^-500 (so a^2 stays normal and finite,
 * and b^2 underflows only where it is below 2^-100 a^2, irrelevant), then
 * sqrtseries.c's square root of a^2 + b^2 (each rounding is relative
 * 2^-53, the sum of positive terms adds one more, the square root halves
 * them) and the inverse scale.
 * Special values (C99): hypot(+-inf, anything, NaN included) = +inf, else
 * NaN -> NaN; hypot(+-0, +-0) = +0.
 * Cost: about 58 operations, no division (75 with the correctly rounded
 * square root of the 2^-46 bound).
 * Measured (tests/math/mathcheck.c -n 30 against MPFR, about 4e5 samples):
 * max relative error 2^-51.12, at x=0x1.e00a4d72d65c6p-566, y=-0x1.6468c4ef33aa6p-567
 * (2^-52.12 with sqrt.c's core, 3 operations more).
 */
static inline double actgen_vhypot(double x, double y)
{
  double ax = fabs(x), ay = fabs(y), a, b, in, out, r;
  uint64_t lt = actgen_mneg(ax - ay), hi, lo;
  a = actgen_blend(lt, ay, ax);
  b = actgen_blend(lt, ax, ay);
  hi = actgen_mneg(0x1p500 - a);
  lo = actgen_mneg(a - 0x1p-500);
  in = actgen_blend(hi, 0x1p-600, actgen_blend(lo, 0x1p600, 1.0));
  out = actgen_blend(hi, 0x1p600, actgen_blend(lo, 0x1p-600, 1.0));
  a *= in;
  b *= in;
  r = actgen_sqrt_series(a * a + b * b) * out + (ax - ax) + (ay - ay); /* NaN -> NaN */
  /* all ones where |x| or |y| is inf: DBL_MAX - |v| < 0 (for a NaN, a NaN
   * with a clear sign bit); hypotin.c's test */
  uint64_t inf = actgen_mneg(0x1.fffffffffffffp+1023 - ax) | actgen_mneg(0x1.fffffffffffffp+1023 - ay);
  return actgen_blend(inf, (double)INFINITY, r);
}
