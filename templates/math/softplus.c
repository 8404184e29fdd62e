/* needs: bits ldexpk expcore mpos u52tof pow2 logcore logfinish log1pcore */
/* softplus.c — actgen_vsoftplus(x) = log(1 + e^x), accurate in both tails.
 * Method: softplus(x) = max(x, 0) + log1p(e^-|x|): E = e^-|x| in [0, 1]
 * from expcore.c (|x| clamped to 747), then log1pcore.c on u = 1 + E with
 * its rounding error E - (u - 1) (u in [1, 2], so no special cases).  Two
 * non-negative terms: no cancellation, so softplus(1000) = 1000 and
 * softplus(-1000) = e^-1000 = +0, softplus(-740) = e^-740 (subnormal).
 * Special values: +inf -> +inf, -inf -> +0, NaN -> NaN.
 * Cost: about 85 operations including one division.
 * Measured (tests/math/mathcheck.c -n 30 against MPFR, about 4e5 samples):
 * max relative error 2^-50.99, at x=-0x1.8ee83f72046p+2.
 */
static inline double actgen_vsoftplus(double x)
{
  double a = fabs(x), k, r, E, u;
  a = actgen_blend(actgen_mneg(747.0 - a), 747.0, a); /* NaN stays */
  r = actgen_exp_reduce(-a, &k);
  E = actgen_ldexpk(1.0 + actgen_expm1_poly(r), k) + (a - a); /* NaN stays */
  u = 1.0 + E;
  /* max(x, 0): x where x > 0 (0 - x negative), else +0; NaN -> NaN via E */
  return actgen_blend(actgen_mpos(x), x, 0.0) + actgen_log1p_core(u, E - (u - 1.0));
}
