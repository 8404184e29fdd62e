/* needs: bits u52tof mpos logcore logfinish */
/* log.c — actgen_vlog(x), the natural logarithm.
 * Method: x = 2^e m with m in [sqrt(2)/2, sqrt(2)) from the bits (the
 * exponent field of x - bits(sqrt(2)/2) is e; m keeps x's mantissa; no
 * conversion: e comes from the field by actgen_u52tof); subnormal x is
 * scaled by 2^54 first.  s = (m - 1)/(m + 1) (m - 1 exact; one division),
 * log m = 2 atanh(s) = 2s + s^3 R(s^2), |s| <= 0.1716, R of degree 6 in
 * z = s^2 (logcore.c: 2^-59 relative to log m); log x = e ln2hi + (2s +
 * (s^3 R + e ln2lo)) with a two-part ln2 (e ln2hi exact; logfinish.c).
 * Special values: log(+-0) = -inf, log(x < 0) = NaN, log(+inf) = +inf,
 * NaN -> NaN, log(1) = +0.
 * Cost: about 30 operations with one division for the core, about 30 more
 * (integer and/or mostly) for subnormals and special values.
 * Measured (tests/math/mathcheck.c -n 30 against MPFR, about 4e5 samples):
 * max relative error 2^-51.50, at x=0x1.085c4dfdab3c7p+0.
 */
static inline double actgen_vlog(double x)
{
  uint64_t tiny = actgen_mneg(x - 0x1p-1022);
  double m, e = actgen_log_split(actgen_blend(tiny, x * 0x1p54, x), &m);
  double r = actgen_log_finish(e - actgen_asf64(tiny & actgen_asu64(54.0)), (m - 1.0) / (m + 1.0));
  /* x in (0, DBL_MAX] (a NaN may pass: its result is NaN anyway) */
  uint64_t ok = actgen_mpos(x) & actgen_mneg(0.5 * x - 0x1p1023);
  /* +-0 -> -inf, x < 0 -> NaN, +inf -> +inf, NaN -> NaN */
  double special = actgen_blend(actgen_mneg(fabs(x) - 0x1p-1074), -(double)INFINITY,
                                actgen_blend(actgen_mneg(x + 0.0), (double)NAN, x));
  return actgen_blend(ok, r + (x - x), special);
}
