/* needs: bits ldexpk expcore */
/* cosh.c — actgen_vcosh(x), the hyperbolic cosine.
 * Method: a = |x| clamped to 746, H = e^a / 2 from expcore.c's reduction and
 * polynomial, scaled by 2^(k-1) (so H is finite up to cosh's own overflow
 * at 710.47), cosh = H + (1/4)/H: two positive terms, one division.
 * Special values: +-0 -> 1, +-inf -> +inf, NaN -> NaN.
 * Cost: about 52 operations including one division.
 * Measured (tests/math/mathcheck.c -n 30 against MPFR, about 4e5 samples):
 * max relative error 2^-52.11, at x=0x1.7a05a2079a5cp+3.
 */
static inline double actgen_vcosh(double x)
{
  double a = fabs(x), k, r, H;
  a = actgen_blend(actgen_mneg(746.0 - a), 746.0, a); /* NaN stays */
  r = actgen_exp_reduce(a, &k);
  H = actgen_ldexpk(1.0 + actgen_expm1_poly(r), k - 1.0) + (a - a); /* NaN stays */
  return H + 0.25 / H;
}
