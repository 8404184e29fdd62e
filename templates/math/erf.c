/* needs: bits */
/* erf.c — actgen_verf(x) = erf x.
 * Method: no exponential: for a = |x| < 5.6, erf a = a P(z)/Q(z) with
 * z = a^2, one rational of degree 10/10 in z (Q(0) = 1), minimax for the
 * relative error on [0, 31.36] (tools/fit_lawson.c erf: 2^-47.57 with the
 * double coefficients; P(0) = 2/sqrt(pi) rounded, so that erf of tiny and
 * subnormal x is 2x/sqrt(pi) within an ulp).  All coefficients are
 * positive, so Estrin's scheme (bits.c) loses nothing even at z = 31.36.
 * From 5.6 on the result is 1 (erfc 5.6 < 2^-48.5); the rational, which
 * falls like 1/a there and gives inf/inf = NaN for huge a, is not
 * selected.  The sign of x is put back last.
 * It was of degree 10/11 on [0, 36] (to 6, erfc 6 < 2^-55): one
 * multiply-add more, and 2^-46.1 measured; ending the range at 5.6 lets
 * the rational of one degree less be 2.6 times as accurate.  And until the
 * bound went from 2^-46 to 2^-44, erf was a E(a^2) (degree 7) for a < 0.5
 * and 1 - e^(-a^2) R(a) beyond, both computed: about 92 operations with an
 * exponential (shared only when a kernel also computes e^(-x^2)).
 * Special values: erf(+-0) = +-0, erf(+-inf) = +-1, NaN gives NaN (5.6 -
 * |NaN| has a clear sign bit, so NaN takes the rational's path and stays
 * NaN); erf of tiny and subnormal x is 2x/sqrt(pi) rounded.
 * Cost: 40 for P and Q (20 multiply-adds), 3 for z's powers, 1 for z, 1
 * for a P, 6 for |x|, the select and the sign: about 51 operations and one
 * division.
 * Measured (tests/math/mathcheck.c -n 30 against MPFR, about 4e5 samples):
 * max relative error 2^-47.47, at x=0x1.00534411b134fp-1.
 */
static inline double actgen_verf(double x)
{
  double a = fabs(x), z = a * a, z2 = z * z, z4 = z2 * z2, z8 = z4 * z4;
  double p, q, p0, p1, p2, q0, q1, q2;
  /* erf on [0, 31.36], degree 10/10: fit max 2^-47.57,
   * with the double coefficients 2^-47.57 at 31.36 */
  p0 = fma(fma(0x1.a4e26cc98bf1ap-8, z, 0x1.078e797e50728p-4), z2, fma(0x1.b89207bc9954dp-3, z, 0x1.20dd750429b6dp+0));
  p1 = fma(fma(0x1.ccf0360e616f1p-24, z, 0x1.940bacaf2f82p-19), z2, fma(0x1.8ea27b2f48553p-15, z, 0x1.96f38e90d82f5p-11));
  p2 = fma(0x1.3c621d3094599p-45, z2, fma(0x1.3561e7f89a1b1p-35, z, 0x1.d4b550c314fa4p-29));
  p = fma(p2, z8, fma(p1, z4, p0));
  q0 = fma(fma(0x1.5806fd397e85fp-6, z, 0x1.0db080e1ba0f4p-3), z2, fma(0x1.0c472bbddfeecp-1, z, 0x1p+0));
  q1 = fma(fma(0x1.3e434b007afd9p-21, z, 0x1.a35976ec4a2e9p-17), z2, fma(0x1.9e94f9de14653p-13, z, 0x1.35f5bc5ee2e01p-9));
  q2 = fma(0x1.d7886dbd21688p-40, z2, fma(0x1.d6c07331a1502p-32, z, 0x1.59a469e6b4f78p-26));
  q = fma(q2, z8, fma(q1, z4, q0));
  return copysign(actgen_blend(actgen_mneg(5.6 - a), 1.0, a * (p / q)), x);
}
