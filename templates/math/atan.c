/* needs: bits */
/* atan.c — actgen_vatan(x) = arctan x.
 * Method: a = |x| is reduced to |u| <= tan(pi/8) with one division whose
 * numerator and denominator are selected (Cephes' three ranges):
 *   a <= tan(pi/8):   u = a / 1,             atan a = u
 *   a <= tan(3pi/8):  u = (a - 1) / (a + 1), atan a = pi/4 + atan u
 *   otherwise:        u = -1 / a,            atan a = pi/2 + atan u
 * then atan u = u + u z A(z), z = u^2, A of degree 7 (was 8 under the
 * 2^-46 bound), minimax for the relative error on z <= tan(pi/8)^2
 * (tools/fit_lawson.c atan: 2^-45.04 with the double coefficients; degree
 * 6 gives 2^-40.2); the sign of x is put back last. The rounding
 * of a - 1, a + 1 and of the quotient is at most a few 2^-53 of u, and
 * atan u >= -pi/8 is added to pi/4 or pi/2, so the result keeps 2^-45.
 * Special values: atan(+-0) = +-0, atan(+-inf) = +-pi/2 (u = -1/inf = -0),
 * NaN gives NaN; subnormal x give x.
 * Cost: about 48 operations and one division.
 * Measured (tests/math/mathcheck.c -n 30 against MPFR, about 4e5 samples):
 * max relative error 2^-45.04, at x=0x1.a827999fdaa41p-2.
 */
static inline double actgen_vatan(double x)
{
  double a = fabs(x);
  uint64_t m1 = actgen_mneg(a - 0x1.a827999fcef32p-2); /* a < tan(pi/8) */
  uint64_t m2 = actgen_mneg(a - 0x1.3504f333f9de6p+1); /* a < tan(3pi/8) */
  double num = actgen_blend(m1, a, actgen_blend(m2, a - 1.0, -1.0));
  double den = actgen_blend(m1, 1.0, actgen_blend(m2, a + 1.0, a));
  double base = actgen_blend(m1, 0.0, actgen_blend(m2, 0x1.921fb54442d18p-1, /* pi/4 */
                                                   0x1.921fb54442d18p+0)); /* pi/2 */
  double u = num / den, z = u * u, p;
  /* atan on [0, 0.17158], degree 7/0: fit max 2^-45.04,
   * with the double coefficients 2^-45.04 at 0.17158 */
  p = 0x1.f9b3c10b99fd5p-6;
  p = fma(p, z, -0x1.e26ef9d492dacp-5);
  p = fma(p, z, 0x1.35fc2f831a3dbp-4);
  p = fma(p, z, -0x1.73e0d7f890e18p-4);
  p = fma(p, z, 0x1.c71572bce3ac6p-4);
  p = fma(p, z, -0x1.24922d080567ap-3);
  p = fma(p, z, 0x1.9999992bd720fp-3);
  p = fma(p, z, -0x1.555555550be0ep-2);
  return copysign(base + (u + u * z * p), x);
}
