/* needs: bits rsqrtsteps */
/* rhypotin.c — actgen_vrhypotin(x, y) = 1/sqrt(x^2 + y^2) for the arguments
 * of hypotin.c (finite nonzero magnitudes in [2^-500, 2^500], zero, inf
 * and NaN allowed): what a float kernel divides by, or takes the
 * reciprocal of (smu1's derivatives), as src/lower.c rewrites a/hypot(u,
 * v) into a * rhypotin(u, v), without a division.
 * Method: v = x^2 + y^2 (0 or a normal double, as in hypotin.c); y0 =
 * 1/sqrt(v) to about 2^-31 by rsqrtsteps.c (shared with a hypot of
 * the same arguments); then one more Newton step in multiply-adds, y0 +
 * (y0/2)(1 - (v y0) y0): e = 1 - (v y0) y0 is small, so the rounding of v
 * y0 costs about 2^-53 of it, and the step squares y0's error away.
 * Special values: an infinite argument gives +0 (also with a NaN), else
 * NaN -> NaN, rhypotin(+-0, +-0) = +inf.
 * Cost: 13 for the steps (shared with hypotin.c's), 4 for the last step,
 * 14 for the sum and the special values (selects by masks, bits.c); no
 * division.
 * Measured (tests/math/mathcheck.c -n 30 against MPFR, arguments in the
 * range, 1/hypot in long double elsewhere): max relative error 2^-52.16,
 * at x=0x1.a9aece178aeedp-145, y=-0x1.a8916aa537eacp-144.
 */
static inline double actgen_vrhypotin(double x, double y)
{
  uint64_t inf = actgen_mneg(0x1.fffffffffffffp+1023 - fabs(x)) | actgen_mneg(0x1.fffffffffffffp+1023 - fabs(y));
  double v = x * x + y * y, r = actgen_rsqrt_steps(v);
  double e = fma(-(v * r), r, 1.0);
  r = fma(0.5 * r, e, r);
  /* all ones where v is 0 (v is 0 or at least 2^-1000), and perhaps for a
   * NaN v: gcc -O3 drops fabs of a sum of squares, so the sign of v -
   * 2^-1022 is the NaN's own. r is finite and positive for v = 0 and NaN
   * for a NaN v, so r inf is +inf, or NaN, whatever the mask of a NaN. */
  uint64_t zero = actgen_mneg(v - 0x1p-1022);
  return actgen_blend(inf, 0.0, actgen_blend(zero, r * (double)INFINITY, r));
}
