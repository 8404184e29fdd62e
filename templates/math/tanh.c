/* needs: bits */
/* tanh.c — actgen_vtanh(x), the hyperbolic tangent.
 * Method: no exponential: for a = |x| <= 18.5, tanh a = a P(z)/Q(z) with
 * z = a^2, one rational of degree 8/8 in z with P(0) = Q(0) = 1 (CORE-MATH's
 * tanhf has the same shape, for float), minimax for the relative error on
 * [0, 342.25] (tools/fit_lawson.c tanh: 2^-46.07 with the double
 * coefficients).  All coefficients are positive, so Estrin's scheme (bits.c) loses
 * nothing even at z = 342.  Beyond 18.5 the result is 1 (tanh 18.5 =
 * 1 - 2^-52.4); the rational's inf/inf = NaN for huge a is not selected.
 * The sign is copied from x (tanh(-0) = -0).  One division.
 * Special values: +-0 -> +-0, +-inf -> +-1, NaN -> NaN (18.5 - |NaN| has a
 * clear sign bit, so NaN takes the rational's path and stays NaN).
 * Cost: 32 for P and Q, 3 for z's powers, 1 for z, 1 for a P, 6 for |x|, the select and the
 * sign: about 40 operations and one division (with e^(2a) from expcore.c,
 * 53 operations and one division, under the 2^-46 bound).
 * Measured (tests/math/mathcheck.c -n 30 against MPFR, about 4e5 samples):
 * max relative error 2^-46.03, at x=-0x1.bcef749ced34bp+3.
 */
static inline double actgen_vtanh(double x)
{
  double a = fabs(x), z = a * a, z2 = z * z, z4 = z2 * z2, z8 = z4 * z4;
  double p, q, p0, p1, p2, q0, q1, q2;
  /* tanh on [0, 342.25], degree 8/8: fit max 2^-46.07,
   * with the double coefficients 2^-46.07 at 193.842 */
  p0 = fma(fma(0x1.5945267a8e7b9p-14, z, 0x1.73a9d082d92c9p-8), z2, fma(0x1.32b823a7cad84p-3, z, 0x1p+0));
  p1 = fma(fma(0x1.712221735502cp-51, z, 0x1.e9c640556617p-40), z2, fma(0x1.9b0562cc1d179p-30, z, 0x1.19f24593bd9c6p-21));
  p2 = 0x1.2b458470d751ep-65;
  p = fma(p2, z8, fma(p1, z4, p0));
  q0 = fma(fma(0x1.8ef926c635623p-11, z, 0x1.115f5e3a0fc33p-5), z2, fma(0x1.eeb167293a517p-2, z, 0x1p+0));
  q1 = fma(fma(0x1.64f89562fde14p-45, z, 0x1.fb0a585adc4ccp-35), z2, fma(0x1.0b027d7a75c92p-25, z, 0x1.e7688007159bdp-18));
  q2 = 0x1.e2691648eba4p-58;
  q = fma(q2, z8, fma(q1, z4, q0));
  return copysign(actgen_blend(actgen_mneg(18.5 - a), 1.0, a * (p / q)), x);
}
