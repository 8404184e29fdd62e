/* needs: bits ldexpk expcore expclamp exp */
/* erf.c — actgen_verf(x) = erf x.
 * Method: for a = |x| < 0.5, erf a = a E(a^2), E of degree 7, minimax for
 * the relative error on [0, 0.25] (tools/fit_lawson.c erfs: 2^-50.4 with
 * the double coefficients); for 0.5 <= a <= 6, erf a = 1 - e^(-a^2) R(a)
 * with R ~ erfcx a rational of degree 5/6 fitted for the error of erf
 * itself, whose weight e^(-a^2)/erf a falls fast with a (tools/fit_lawson.c
 * erf: 2^-51.0; erfc.c's 8/9 rational, good to 2^-48 relative to erfc down
 * to a = 27, would cost 14 more operations here). e^(-x^2) is exp.c's
 * actgen_vexp(-(x*x)) with x^2 rounded (the 2^-53 x^2 that an exact split
 * would save is below 2^-55 relative to erf), written exactly as a
 * kernel writes the derivative 2/sqrt(pi) e^(-x^2): where both occur (smu,
 * erfact) the compiler computes the exponential once. R's argument is
 * clamped to 6 (erfc 6 < 2^-55, so 1 - e R = 1 beyond, e < e^-36). Both branches are computed and
 * one is selected (branch-free); the sign of x is put back last.
 * Special values: erf(+-0) = +-0, erf(+-inf) = +-1, NaN gives NaN; erf of
 * tiny and subnormal x is 2x/sqrt(pi) rounded (relative error 2^-53).
 * Cost: 17 for the polynomial, about 45 for e^(-x^2) (shared with a
 * derivative), 20 and one division for R, 14 for the clamp, selects and
 * signs: about 96 operations, one division.
 * Measured (tests/math/mathcheck.c -n 30, MPFR, about 4e5 samples): max
 * relative error 2^-50.05, at x=0x1.000000024e9p-1.
 */
static inline double actgen_verf(double x)
{
  double ax = fabs(x), z = ax * ax, e, p, q, s;
  /* a = min(|x|, 6); 6 - NaN is a NaN with a clear sign bit, so NaN stays */
  double a = actgen_blend(actgen_mneg(6.0 - ax), 6.0, ax);
  e = actgen_vexp(-(x * x));
  /* erf on [0.5, 6], degree 5/6: fit max 2^-51.08,
   * with the double coefficients 2^-51.05 at 0.519112 */
  p = 0x1.93801352e4b71p-8;
  p = p * a + 0x1.092b61f215f97p-4;
  p = p * a + 0x1.3d12fabe05403p-2;
  p = p * a + 0x1.ad941de39b422p-1;
  p = p * a + 0x1.4c5759c9c9f2cp+0;
  p = p * a + 0x1p+0;
  q = 0x1.659b6ae0314d5p-7;
  q = q * a + 0x1.d5f41d20cd102p-4;
  q = q * a + 0x1.1bde58d8b716dp-1;
  q = q * a + 0x1.8b14fea71f153p+0;
  q = q * a + 0x1.49df6d59778b9p+1;
  q = q * a + 0x1.369a67616f4fdp+1;
  q = q * a + 0x1p+0;
  /* erfs on [0, 0.25], degree 7/0: fit max 2^-50.49,
   * with the double coefficients 2^-50.41 at 0.24055 */
  s = -0x1.c0a07d1c9809cp-17;
  s = s * z + 0x1.f708646af0d17p-14;
  s = s * z - 0x1.c01c329e123aep-11;
  s = s * z + 0x1.565b8b94d284cp-8;
  s = s * z - 0x1.b82ce207d8b79p-6;
  s = s * z + 0x1.ce2f219e2c36p-4;
  s = s * z - 0x1.812746b036057p-2;
  s = s * z + 0x1.20dd750429b6ap+0;
  return copysign(actgen_blend(actgen_mneg(ax - 0.5), ax * s, 1.0 - e * (p / q)), x);
}
