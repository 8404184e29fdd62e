/* needs: bits rsqrtsteps */
/* rhypotin.c — actgen_vrhypotin(x, y) = 1/sqrt(x^2 + y^2) for the arguments
 * of hypotin.c (finite nonzero magnitudes in [2^-500, 2^500], zero, inf
 * and NaN allowed): what a float kernel divides by, or takes the
 * reciprocal of (smu1's derivatives), as src/lower.c rewrites a/hypot(u,
 * v) into a * rhypotin(u, v), without a division.
 * Method: v = x^2 + y^2 in one multiply-add (0 or a normal double, as in
 * hypotin.c); y0 =
 * 1/sqrt(v) to about 2^-17 by rsqrtsteps.c's two steps (shared with
 * a hypot of the same arguments); then, with e = 1 - (v y0) y0 in
 * multiply-adds (e is small, so the rounding of v y0 costs about 2^-53 of
 * it), 1/sqrt(v) = y0 (1 - e)^(-1/2) = y0 (1 + e/2 + 3e^2/8 + ...), the
 * series to e^2: the dropped 5e^3/16 is below 2^-51.5.  rsqrtsteps.c's
 * third Newton step and a quadratic finish took 2 operations more (smu1's
 * float backward 7% slower).
 * Special values: an infinite argument gives +0 (also with a NaN), else
 * NaN -> NaN, rhypotin(+-0, +-0) = +inf.
 * Cost: 9 for the two steps (shared with hypotin.c's), 5 for the finish,
 * 14 for the sum and the special values (selects by masks, bits.c); no
 * division.
 * The `_fast` form (src/ops.h, FAST "rare") leaves out both masks, for the
 * lanes that actgen_vrhypotin_rare leaves unflagged: x^2 + y^2 normal
 * and at most 2^1000 (so both arguments finite and not both 0, and no
 * NaN), where the two are the same bits (tests/math/fastcheck.c). The
 * test (3 operations on the function's own x^2 + y^2; 7 when it tested
 * each argument) replaces 9 for the masks: smu1's float backward 11%
 * faster.
 * Measured (tests/math/mathcheck.c -n 30 against MPFR, arguments in the
 * range, 1/hypot in long double elsewhere): max relative error 2^-51.13,
 * at x=0x1.9cfcb88b698f2p+25, y=0x1.84a216c5edaeap+0 (2^-51.12 with two
 * roundings for x^2 + y^2; 2^-52.16 with the third Newton step).
 */
static inline double actgen_vrhypotin_fast(double x, double y)
{
  double v = fma(y, y, x * x), r = actgen_rsqrt_steps(v), e = fma(-(v * r), r, 1.0);
  return fma(r * e, fma(0.375, e, 0.5), r);
}

/* the fast form and the masks for infinite arguments and hypot(0, 0) */
static inline double actgen_vrhypotin(double x, double y)
{
  uint64_t inf = actgen_mneg(0x1.fffffffffffffp+1023 - fabs(x)) | actgen_mneg(0x1.fffffffffffffp+1023 - fabs(y));
  double v = fma(y, y, x * x), r = actgen_vrhypotin_fast(x, y);
  /* all ones where v is 0 (v is 0 or at least 2^-1000), and perhaps for a
   * NaN v: gcc -O3 drops fabs of a sum of squares, so the sign of v -
   * 2^-1022 is the NaN's own. r is finite and positive for v = 0 and NaN
   * for a NaN v, so r inf is +inf, or NaN, whatever the mask of a NaN. */
  uint64_t zero = actgen_mneg(v - 0x1p-1022);
  return actgen_blend(inf, 0.0, actgen_blend(zero, r * (double)INFINITY, r));
}

/* sign bit set: a lane that actgen_vrhypotin_fast may get wrong (x^2 +
 * y^2 is 0 or at least 2^-1000 for arguments within hypotin.c's bound) */
static inline uint64_t actgen_vrhypotin_rare(double x, double y)
{
  /* NaN too (see hypotin.c); & rather than &&, and the sign bit by a
   * shift: clang vectorized neither && nor a select of all ones as the
   * caller's or-reduction */
  double v = fma(y, y, x * x);
  return (uint64_t)!((v <= 0x1p1000) & (v >= 0x1p-1022)) << 63;
}
