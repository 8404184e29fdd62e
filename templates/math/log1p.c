/* needs: bits u52tof pow2 logcore logfinish log1pcore */
/* log1p.c — actgen_vlog1p(x) = log(1 + x).
 * Method: u = 1 + x rounded and its error d = x - (u - 1) (exact for
 * |x| < 2^53; beyond, d is at most an ulp of u and changes the result by
 * less than 2^-58 relative); log(1 + x) = log(u + d) by log1pcore.c: u = 2^e m,
 * d' = d 2^-e, with s = (m - 1 + d')/(m + 1) (the d' in the denominator
 * would change s by less than 2^-53 relative) and logfinish.c's e ln2 + 2s +
 * s^3 R(s^2).  Small |x|: u = 1, m = 1, s = d/2 = x/2, so tiny x give x.
 * The sign is copied from x (log1p(-0) = -0; log1p has x's sign).
 * Special values: +-0 -> +-0, -1 -> -inf, x < -1 -> NaN, +inf -> +inf,
 * NaN -> NaN.
 * Cost: about 40 operations with one division for the core, about 25 more
 * for the special values.
 * Measured (tests/math/mathcheck.c -n 30 against MPFR, about 4e5 samples):
 * max relative error 2^-51.39, at x=0x1.04bd2114a7269p-19.
 */
static inline double actgen_vlog1p(double x)
{
  double u = 1.0 + x;
  double r = actgen_log1p_core(u, x - (u - 1.0));
  /* x in (-1, DBL_MAX] (a NaN may pass: its result is NaN anyway) */
  uint64_t ok = actgen_mneg(-1.0 - x) & actgen_mneg(0.5 * x - 0x1p1023);
  /* -1 -> -inf, x < -1 -> NaN, +inf -> +inf, NaN -> NaN */
  double special = actgen_blend(actgen_mneg(fabs(x + 1.0) - 0x1p-1074), -(double)INFINITY,
                                actgen_blend(actgen_mneg(x + 1.0), (double)NAN, x));
  return actgen_blend(ok, copysign(r + (x - x), x), special);
}
