/* needs: bits */
/* log.c — actgen_vlog(x), the natural logarithm, and the pieces log1p,
 * softplus and pow share with it.
 * Method: x = 2^e m with m in [sqrt(2)/2, sqrt(2)) from the bits (the
 * exponent field of x - bits(sqrt(2)/2) is e; m keeps x's mantissa; no
 * conversion: e comes from the field by actgen_u52tof); subnormal x is
 * scaled by 2^54 first.  s = (m - 1)/(m + 1) (m - 1 exact; one division),
 * log m = 2 atanh(s) = 2s + s^3 R(s^2), |s| <= 0.1716, R of degree 6 in
 * z = s^2, minimax weighted by z (tools/fit_math.c log: the term's error
 * relative to log m is at most 2^-59, as pow needs); log x = e ln2hi + (2s + (s^3 R +
 * e ln2lo)) with exp.c's two-part ln2 (e ln2hi exact).
 * Special values: log(+-0) = -inf, log(x < 0) = NaN, log(+inf) = +inf,
 * NaN -> NaN, log(1) = +0.
 * Cost: about 30 operations with one division for the core, about 30 more
 * (integer and/or mostly) for subnormals and special values.
 * Measured (tests/math/mathcheck.c against MPFR): see the issue report.
 */
static const double actgen_log_ln2hi = 0x1.62e42fefa3800p-1;
static const double actgen_log_ln2lo = 0x1.ef35793c76730p-45;

/* u = 2^e m, m in [sqrt(2)/2, sqrt(2)), for a positive normal u: returns
 * e (an integer-valued double), sets *m. */
static inline double actgen_log_split(double u, double *m)
{
  uint64_t t = actgen_asu64(u) - 0x3fe6a09e667f3bcdu; /* bits of sqrt(2)/2 */
  *m = actgen_asf64(actgen_asu64(u) - (t & 0xfff0000000000000u));
  /* the field of t + 1024 << 52 is e + 1024, in [2, 2048] */
  return actgen_u52tof((t + ((uint64_t)1024 << 52)) >> 52) - 1024.0;
}

/* R(z) with log((1 + s)/(1 - s)) = 2s + s^3 R(s^2), for z = s^2 <= 0.02944;
 * Estrin's scheme (shorter dependency chains than Horner's; the term is a
 * small correction, so its own rounding hardly matters) */
static inline double actgen_log_poly(double z)
{
  double z2 = z * z;
  double p01 = 0x1.5555555555592p-1 + z * 0x1.999999997ff9bp-2;
  double p23 = 0x1.24924941d7935p-2 + z * 0x1.c71c521d42794p-3;
  double p45 = 0x1.74663afe845e1p-3 + z * 0x1.39a21ba8c99a7p-3;
  double p6 = 0x1.2f01b8b9165e4p-3;
  return p01 + z2 * (p23 + z2 * (p45 + z2 * p6));
}

/* e ln2 + log((1 + s)/(1 - s)) for |s| <= 0.1716 */
static inline double actgen_log_finish(double e, double s)
{
  double z = s * s;
  return e * actgen_log_ln2hi + ((s + s) + ((s * z) * actgen_log_poly(z) + e * actgen_log_ln2lo));
}

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
