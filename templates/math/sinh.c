/* needs: bits ldexpk expcore */
/* sinh.c — actgen_vsinh(x), the hyperbolic sine.
 * Method: a = |x| clamped to 746; h = (e^a - 1)/2 from expcore.c's reduction
 * a = k ln2 + r and em = r + r^2 P(r): em/2 for k = 0, else
 * 2^(k-1) (1 + em) - 1/2 (cancels at most a factor 3.5; scaled by 2^(k-1)
 * so that h is finite up to sinh's own overflow at 710.47); then
 * sinh(a) = h + h/(2h + 1) (fdlibm's identity: e^a = 2h + 1, two positive
 * terms, no cancellation for small a), written h (1 + 1/(2h + 1)) so that
 * h = inf gives inf.  The sign is copied from x.
 * Special values: +-0 -> +-0, +-inf -> +-inf, NaN -> NaN.
 * Cost: about 62 operations including one division.
 * Measured (tests/math/mathcheck.c -n 30 against MPFR, about 4e5 samples):
 * max relative error 2^-50.75, at x=0x1.6971b425ab657p-2.
 */
static inline double actgen_vsinh(double x)
{
  double a = fabs(x), k, r, em, h;
  a = actgen_blend(actgen_mneg(746.0 - a), 746.0, a); /* NaN stays */
  r = actgen_exp_reduce(a, &k);
  em = actgen_expm1_poly(r);
  h = actgen_ldexpk(1.0 + em, k - 1.0) - 0.5 + (a - a); /* NaN stays */
  h = actgen_blend(actgen_mneg(fabs(k) - 0.5), 0.5 * em, h);
  return copysign(h * (1.0 + 1.0 / (h + h + 1.0)), x); /* inf * 1 at overflow */
}
